"""Scenario tables (tests/determination/scenarios/*.yaml), one test per case.

Each case states a transaction, the classification and screening results (as presets), the
date and the jurisdictions, and what the law says: the outcome under the jurisdiction checked,
the rules that must (and must not) fire, and the reasons it is free.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from exportctl.determination import RegimeSet, assess
from tests.determination.helpers import (
    build_items,
    build_parties,
    build_transaction,
    load_cases,
)

CASES = load_cases()


@pytest.mark.parametrize(("name", "case"), CASES, ids=[n for n, _ in CASES])
def test_scenario(
    name: str, case: dict[str, Any], regimes: RegimeSet, regimes_no_us: RegimeSet
) -> None:
    tx = build_transaction(case["transaction"])
    items = build_items(tx, case["transaction"].get("items") or {})
    parties = build_parties(tx, case.get("hits"), screened=case.get("screened", True))
    as_of = case.get("as_of")
    det = assess(
        tx,
        parties=parties,
        items=items,
        regimes=regimes_no_us if case.get("no_us_data") else regimes,
        jurisdictions=case["jurisdictions"],
        as_of=as_of if isinstance(as_of, dt.date) else None,
    )
    expect = case["expect"]
    result = next(j for j in det.jurisdictions if j.jurisdiction == case["check"])
    rules = {f.rule for f in det.findings if f.jurisdiction in (case["check"], "all")}
    summary = "\n".join(f"{f.severity} {f.rule}: {f.message}" for f in det.findings)
    assert result.outcome == expect["outcome"], f"{case['why']}\n{summary}"
    for code in expect.get("codes", []):
        assert code in rules, f"{code} missing ({case['why']})\n{summary}"
    for code in expect.get("not_codes", []):
        assert code not in rules, f"{code} present ({case['why']})\n{summary}"
    for text in expect.get("free", []):
        assert any(text in r for r in result.free_reasons), (text, result.free_reasons)
    if "applies" in expect:
        assert result.applies is expect["applies"]


def test_every_rule_has_a_scenario(regimes_no_us: RegimeSet) -> None:
    """Each rule of the regime data is named by at least one scenario."""
    rules = {r.id for reg in regimes_no_us.regimes.values() for r in reg.rules}
    rules |= {r.id for r in regimes_no_us.common.rules}
    covered = {
        code
        for _, case in CASES
        for code in case["expect"].get("codes", []) + case["expect"].get("not_codes", [])
    }
    assert covered <= rules, covered - rules  # no scenario names a rule that does not exist
    assert rules <= covered, sorted(rules - covered)
