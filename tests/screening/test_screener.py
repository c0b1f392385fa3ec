"""The screener: candidates from the index, ordering, limits, batches, bad input."""

from __future__ import annotations

import pytest

from exportctl.errors import InvalidInput
from exportctl.model import Decision, ListEntry, ScreeningQuery
from exportctl.screening import Screener, score


def test_results_are_sorted_best_first(screener: Screener) -> None:
    res = screener.screen("Bank Melli Iran", include_all=True)
    assert res[0].entity_id == "ofac-sdn:1004"
    assert [m.score for m in res] == sorted((m.score for m in res), reverse=True)


def test_no_match_only_with_include_all(screener: Screener) -> None:
    assert all(m.decision is not Decision.NO_MATCH for m in screener.screen("Bank Saderat"))
    every = screener.screen("Machine Sazi Tabriz", include_all=True)
    assert any(m.decision is Decision.NO_MATCH for m in every)


def test_limit(screener: Screener) -> None:
    assert len(screener.screen("Iran", limit=1, include_all=True)) == 1
    with pytest.raises(InvalidInput):
        screener.screen("Iran", limit=0)


def test_a_person_query_never_returns_a_vessel(screener: Screener) -> None:
    found = screener.screen({"name": "Shahr e Kord", "schema": "Any"})
    assert found[0].entity_id == "ofac-sdn:1001"  # the vessel is found ...
    res = screener.screen({"name": "Shahr e Kord", "schema": "Person"}, include_all=True)
    assert "ofac-sdn:1001" not in {m.entity_id for m in res}  # ... but not as a person


def test_screener_agrees_with_the_pure_scorer(screener: Screener, entries: list[ListEntry]) -> None:
    by_id = {e.entity_id: e for e in entries}
    for name in ("Saddam Hussein", "Tabriz Machine Manufacturing Co.", "Kim Jong Un"):
        for m in screener.screen(name, include_all=True):
            pure = score(
                ScreeningQuery(name=name), by_id[m.entity_id], weights=screener.index.weights
            )
            assert pure.score >= m.score - 1e-9  # the pure scorer sees every name
            if pure.matched_name == m.matched_name:
                assert pure.score == m.score


def test_cross_script_through_the_index(screener: Screener) -> None:
    res = screener.screen("صدام حسين التكريتي", limit=3)
    assert res[0].entity_id == "un:IQi.001"
    res = screener.screen("김정은", limit=3)
    assert res[0].entity_id == "ofac-sdn:1006"


def test_typo_is_found(screener: Screener) -> None:
    res = screener.screen("Tabriz Petrochemcal Company")
    assert res
    assert res[0].entity_id == "ofac-sdn:1002"


@pytest.mark.parametrize(
    "bad",
    ["", "   ", ".,;", "x" * 10_240, {"name": "Acme", "schema": "Ship"}, {"nom": "Acme"}],
)
def test_bad_input_raises_invalid_input(screener: Screener, bad: object) -> None:
    with pytest.raises(InvalidInput):
        screener.screen(bad)  # type: ignore[arg-type]


def test_screen_many_keeps_order_and_reports_errors(screener: Screener) -> None:
    queries: list[object] = [
        {"id": "q1", "name": "Mashin Sazi Arak"},
        {"id": "q2", "name": ""},
        {"id": "q3", "name": "Nobody Atall Zzyzx"},
        InvalidInput("line 4: not JSON", code="invalid_json"),
        ScreeningQuery(id="q5", name="Bank Melli Iran"),
        {"id": 6, "name": "Saddam Hussein", "schema": "Vessel"},
    ]
    out = list(screener.screen_many(queries))  # type: ignore[arg-type]
    assert [r.id for r in out] == ["q1", "q2", "q3", None, "q5", "6"]
    assert out[0].matches
    assert out[0].matches[0].entity_id == "ofac-sdn:11644"
    assert out[1].error
    assert out[1].matches is None
    assert out[2].matches == ()
    assert out[3].code == "invalid_json"
    assert out[4].matches
    assert out[1].as_dict() == {"id": "q2", "error": out[1].error, "code": "invalid_query"}
    assert out[2].as_dict() == {"id": "q3", "matches": []}


def test_vectorised_estimates_equal_a_plain_loop(screener: Screener) -> None:
    """The estimate of each candidate, computed one name at a time as the docstring says."""
    idx = screener.index
    vocab_ids = list(range(len(idx.vocab)))
    # elements: three slots over a spread of vocabulary words, some words in two slots
    elems = [(0.3 + 0.1 * (v % 5), v % 3, v) for v in vocab_ids[::7]]
    elems += [(0.5, (v + 1) % 3, v) for v in vocab_ids[::21]]
    slot_cov, qtotal, share = [1.0, 0.6, 0.35], 2.5, 0.5
    cands = range(idx.n_names)
    got = dict(
        (nid, -neg) for neg, nid in screener._estimates(cands, elems, slot_cov, qtotal, share, 0.0)
    )
    for nid in cands:
        best: dict[int, float] = {}
        for vid in idx.name_tokens[nid]:
            for contrib, k, v in elems:
                if v == vid and contrib > best.get(k, 0.0):
                    best[k] = contrib
        matched = sum(best.values())
        uncovered = qtotal - sum(slot_cov[k] for k in best)
        cq = matched / (matched + uncovered) if uncovered > 0 else 1.0
        total = idx.name_total_weight[nid]
        cc = matched / total if total > matched else 1.0
        assert got[nid] == pytest.approx(cq**share * cc ** (1 - share), abs=1e-12)
