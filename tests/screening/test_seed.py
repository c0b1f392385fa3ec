"""The seed story's screening checks (PRODUCT.md acceptance story, step 3)."""

from __future__ import annotations

import pytest

from exportctl.model import Decision, ListEntry, ScreeningQuery
from exportctl.screening import Index, Screener, score


def _decision(matches: list, entity_id: str) -> Decision | None:  # type: ignore[type-arg]
    for m in matches:
        if m.entity_id == entity_id:
            return m.decision  # type: ignore[no-any-return]
    return None


# --- the pure scorer, one entry at a time ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "schema", "reason"),
    [
        ("Machine Sazi Tabriz", "Organization", "shared generic words are not identity"),
        ("Machine Sazi Tabriz", "Any", "also without a schema"),
        ("Tractor Sazi Tabriz FC", "Any", "one generic word in common"),
        ("ماشین سازی تبریز", "Any", "Persian script, same words as the query above"),
    ],
)
def test_not_a_match_for_machine_sazi_arak(
    arak: ListEntry, query: str, schema: str, reason: str
) -> None:
    m = score(ScreeningQuery(name=query, schema=schema), arak)
    assert m.decision is not Decision.MATCH, reason


def test_mashin_sazi_arak_is_a_match(arak: ListEntry) -> None:
    m = score(ScreeningQuery(name="Mashin Sazi Arak"), arak)
    assert m.decision is Decision.MATCH
    assert m.matched_name == "MASHIN SAZI ARAK"


@pytest.mark.parametrize(
    "query", ["Machine Sazi Tabriz", "ماشین سازی تبریز", "Tabriz Machine Manufacturing Co."]
)
def test_watch_list_entry_matches(tabriz: ListEntry, query: str) -> None:
    assert score(ScreeningQuery(name=query), tabriz).decision is Decision.MATCH


def test_explanation_names_the_difference(arak: ListEntry) -> None:
    m = score(ScreeningQuery(name="Machine Sazi Tabriz"), arak)
    assert m.summary.startswith("matched MACHINE SAZI ARAK")
    assert "2 of 3 tokens" in m.summary
    assert "ARAK ≠ TABRIZ" in m.summary


# --- through the index, hand-made entries ----------------------------------------------------


def test_screener_seed(screener: Screener) -> None:
    res = screener.screen("Machine Sazi Tabriz", limit=10, include_all=True)
    assert res[0].entity_id == "watch:partner-alerts:machine-sazi-tabriz"
    assert res[0].decision is Decision.MATCH
    assert _decision(res, "ofac-sdn:11644") is not Decision.MATCH
    res = screener.screen("Mashin Sazi Arak")
    assert res[0].entity_id == "ofac-sdn:11644"
    assert res[0].decision is Decision.MATCH


# --- with the real lists ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def official(ofac_sdn: list[ListEntry]) -> Screener:
    return Screener(Index.build(ofac_sdn))


@pytest.fixture(scope="module")
def official_and_watch(ofac_sdn: list[ListEntry], watch_seed: list[ListEntry]) -> Screener:
    return Screener(Index.build([*ofac_sdn, *watch_seed]))


@pytest.mark.shared_data
def test_real_sdn_has_11644(ofac_sdn: list[ListEntry]) -> None:
    arak = next(e for e in ofac_sdn if e.entity_id == "ofac-sdn:11644")
    assert arak.name == "MACHINE SAZI ARAK CO. LTD."


@pytest.mark.shared_data
@pytest.mark.parametrize("query", ["Machine Sazi Tabriz", "Tractor Sazi Tabriz FC"])
def test_real_sdn_no_match_on_generic_words(official: Screener, query: str) -> None:
    res = official.screen(query, limit=20, include_all=True)
    assert _decision(res, "ofac-sdn:11644") in (None, Decision.NO_MATCH, Decision.REVIEW)
    assert _decision(res, "ofac-sdn:11644") is not Decision.MATCH
    assert not [m for m in res if m.decision is Decision.MATCH]


@pytest.mark.shared_data
def test_real_sdn_mashin_sazi_arak(official: Screener) -> None:
    res = official.screen("Mashin Sazi Arak")
    assert res[0].entity_id == "ofac-sdn:11644"
    assert res[0].decision is Decision.MATCH


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "query", ["Machine Sazi Tabriz", "ماشین سازی تبریز", "Tabriz Machine Manufacturing Co."]
)
def test_real_watch_list_seed(official_and_watch: Screener, query: str) -> None:
    res = official_and_watch.screen(query, limit=5)
    assert res, query
    assert res[0].entity_id == "watch:partner-alerts:machine-sazi-tabriz"
    assert res[0].decision is Decision.MATCH
    assert _decision(res, "ofac-sdn:11644") is not Decision.MATCH
