"""The population benchmark's rows: reproducible, many countries and scripts, no list name."""

from __future__ import annotations

from benchmarks.population.generate import COUNTRIES, population


def test_population_is_seeded_and_spans_countries_and_scripts() -> None:
    a = population(6, seed=1, part="dev")
    b = population(6, seed=1, part="dev")
    c = population(6, seed=2, part="held-out")
    assert [p.name for p in a] == [p.name for p in b]  # same seed, same rows
    assert [p.name for p in a] != [p.name for p in c]  # the held-out part is other rows
    assert len({p.country for p in a}) == len(COUNTRIES) >= 10
    assert {"Latin", "Cyrillic", "Han", "Hangul", "Arabic", "Devanagari"} <= {p.script for p in a}
    assert {p.schema for p in population(20, seed=1, part="dev")} == {"Person", "Organization"}
    assert all(p.name.strip() for p in a)
