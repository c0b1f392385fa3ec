"""The condition registry: every ``when`` key registered once; findings carry what held."""

from __future__ import annotations

from exportctl.determination import RegimeSet, assess
from exportctl.determination.conditions import CONDITIONS, LINE_KEYS, conditions_held
from exportctl.determination.regime import When
from tests.determination.helpers import build_items, build_parties, build_transaction


def test_every_when_key_is_registered_once() -> None:
    keys = [c.key for c in CONDITIONS]
    assert sorted(keys) == sorted(When.model_fields)
    assert len(keys) == len(set(keys))
    assert all(c.meaning for c in CONDITIONS)


def test_line_keys_are_derived_from_the_registry() -> None:
    assert set(LINE_KEYS) == {c.key for c in CONDITIONS if c.scope == "line"}
    assert "country_chart" in LINE_KEYS and "destination_in" not in LINE_KEYS


def test_every_finding_lists_the_conditions_of_its_rule(regimes_no_us: RegimeSet) -> None:
    tx = build_transaction(
        {
            "destination": "IR",
            "lines": [{"activity": "export", "item": "m"}],
            "items": {"m": "five_axis"},
        }
    )
    det = assess(
        tx,
        parties=build_parties(tx, None),
        items=build_items(tx, {"m": "five_axis"}),
        regimes=regimes_no_us,
        jurisdictions=["eu"],
    )
    rules = {r.id: r for regime in regimes_no_us.regimes.values() for r in regime.rules}
    rules |= {r.id: r for r in regimes_no_us.common.rules}
    assert det.findings
    with_conditions = 0
    for f in det.findings:
        assert f.conditions == conditions_held(rules[f.rule].when)
        with_conditions += bool(f.conditions)
    assert with_conditions  # Iran as destination: some destination condition held
