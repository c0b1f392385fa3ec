"""Seed acceptance: the Roundtop / Machine Sazi Tabriz request (cable 09STATE124113).

The spindle and repair request must not come out "no licence required" under Taiwan's, the
EU's or US rules, and each reason (Iran, the watch-listed end user, the spare part for a
2B001/2B201 machine, the repair and technical assistance) must be a finding with a citation.
The same transaction to a German end user for a 3-axis machine is free under Taiwan's and EU
rules, with the reasons it is free.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from exportctl.determination import (
    ItemChecks,
    ItemControls,
    PartyChecks,
    PartyHit,
    RegimeSet,
    assess,
    check_transaction,
    item_controls_from_classification,
)
from exportctl.files import read_transaction
from exportctl.model.determination import Determination, Outcome, Transaction
from tests.determination.helpers import C_2B001, C_2B201, C_2B991, FIXTURES, HIT_PRESETS

NOT_FREE = {Outcome.PROHIBITED, Outcome.LICENSE_REQUIRED}


def _watch_hits(tx: Transaction) -> PartyChecks:
    """The watch-list entry of ../shared/examples/watchlist-seed.yaml hits both parties."""
    hits = tuple(
        PartyHit(party=i, **HIT_PRESETS["watch_mst"])
        for i, p in enumerate(tx.parties)
        if p.name == "Machine Sazi Tabriz"
    )
    return PartyChecks(hits=hits, screened=tuple(range(len(tx.parties))))


def _seed_items() -> ItemChecks:
    return ItemChecks.of(
        [
            ItemControls(item_id="dmc-3000-5axis", controls=(C_2B001, C_2B201)),
            ItemControls(item_id="spindle-20k", part_of="dmc-3000-5axis"),
        ]
    )


@pytest.fixture(scope="module")
def seed_tx(shared_examples: Path) -> Transaction:
    return read_transaction(shared_examples / "roundtop-spindle-repair.yaml")


def _rules(det: Determination, j: str) -> set[str]:
    return {f.rule for f in det.findings if f.jurisdiction == j}


def _outcome(det: Determination, j: str) -> Outcome:
    return next(r.outcome for r in det.jurisdictions if r.jurisdiction == j)


def test_seed_is_not_free_under_tw_eu_us(seed_tx: Transaction, regimes: RegimeSet) -> None:
    det = assess(
        seed_tx,
        parties=_watch_hits(seed_tx),
        items=_seed_items(),
        regimes=regimes,
        jurisdictions=["all"],
    )
    assert det.as_of == dt.date(2009, 10, 15)  # the transaction's date decides the law
    for j in ("tw", "eu", "us", "un"):
        assert _outcome(det, j) in NOT_FREE, j
    assert det.outcome in NOT_FREE

    # Each reason of the cable is a finding, per jurisdiction.
    expected = {
        "tw": {
            "destination": "tw.destination.restricted_region",
            "end_use": "tw.end_use.catch_all",
            "part": "tw.item.part_of_listed",
            "repair": "tw.activity.use_technology",
        },
        "eu": {
            "destination": "eu.destination.iran.423_2007",
            "end_use": "eu.end_use.wmd_aware.428_2009",
            "part": "eu.item.part_of_listed",
            "repair": "eu.activity.technical_assistance.joint_action",
        },
        "us": {
            "destination": "us.destination.iran.itsr",
            "end_use": "us.end_use.nuclear",
            "part": "us.item.part_of_listed",
            "repair": "us.activity.us_person_support",
        },
    }
    for j, codes in expected.items():
        got = _rules(det, j)
        for reason, code in codes.items():
            assert code in got, (j, reason, sorted(got))
    assert "us.end_use.missile" in _rules(det, "us")
    assert "eu.activity.use_technology.428_2009" in _rules(det, "eu")

    # Repair and technical assistance lines are named; the part finding names the spindle line.
    by_rule = {(f.rule, f.lines) for f in det.findings}
    assert ("tw.activity.use_technology", (1,)) in by_rule
    assert ("tw.activity.use_technology", (2,)) in by_rule
    assert ("tw.item.part_of_listed", (0,)) in by_rule

    citations = regimes.citations()
    for f in det.findings:
        assert f.citation in citations, f


def test_seed_default_jurisdictions_are_taiwan_and_un(
    seed_tx: Transaction, regimes: RegimeSet
) -> None:
    det = assess(seed_tx, parties=_watch_hits(seed_tx), items=_seed_items(), regimes=regimes)
    assert [j.jurisdiction for j in det.jurisdictions] == ["tw", "un"]
    assert all(j.applies for j in det.jurisdictions)
    assert _outcome(det, "tw") is Outcome.LICENSE_REQUIRED


@pytest.mark.parametrize(
    ("as_of", "eu_outcome", "eu_rule"),
    [
        (
            dt.date(2009, 10, 15),
            Outcome.LICENSE_REQUIRED,
            "eu.iran.annex_ii_authorisation.423_2007",
        ),
        (dt.date(2013, 1, 10), Outcome.PROHIBITED, "eu.iran.dual_use_ban.267_2012"),
        (dt.date(2019, 1, 10), Outcome.LICENSE_REQUIRED, "eu.iran.procurement_channel.267_2012"),
        (dt.date(2026, 1, 10), Outcome.PROHIBITED, "eu.iran.dual_use_ban.2025_1975"),
    ],
)
def test_seed_eu_outcome_follows_the_iran_regulation_in_force(
    seed_tx: Transaction,
    regimes: RegimeSet,
    as_of: dt.date,
    eu_outcome: Outcome,
    eu_rule: str,
) -> None:
    det = assess(
        seed_tx,
        parties=_watch_hits(seed_tx),
        items=_seed_items(),
        regimes=regimes,
        jurisdictions=["eu"],
        as_of=as_of,
    )
    assert _outcome(det, "eu") is eu_outcome
    assert eu_rule in _rules(det, "eu")


def test_seed_without_the_watch_list_is_still_not_free(
    seed_tx: Transaction, regimes: RegimeSet
) -> None:
    """Even unscreened against the watch list, Iran and the listed machine decide it."""
    det = assess(
        seed_tx,
        parties=PartyChecks.clean(len(seed_tx.parties)),
        items=_seed_items(),
        regimes=regimes,
        jurisdictions=["all"],
    )
    for j in ("tw", "eu", "us"):
        assert _outcome(det, j) in NOT_FREE, j
    assert "tw.end_use.catch_all" not in _rules(det, "tw")


def _german_items() -> ItemChecks:
    return ItemChecks.of(
        [
            ItemControls(item_id="dmc-3000-3axis", controls=(C_2B991,)),
            ItemControls(item_id="spindle-20k", part_of="dmc-3000-3axis"),
        ]
    )


def _assert_german_free(det: Determination) -> None:
    for j in ("tw", "eu"):
        result = next(r for r in det.jurisdictions if r.jurisdiction == j)
        summary = [f"{f.severity} {f.rule}" for f in det.findings]
        assert result.outcome is Outcome.NO_LICENSE_REQUIRED, (j, summary)
        assert result.free_reasons, j
    tw = next(r for r in det.jurisdictions if r.jurisdiction == "tw")
    eu = next(r for r in det.jurisdictions if r.jurisdiction == "eu")
    assert any("Export Control List" in r for r in tw.free_reasons)
    assert any("not a restricted region" in r for r in tw.free_reasons)
    # Germany is in the Union: only Annex IV items would need a (transfer) authorisation.
    assert any("Annex IV items, and none is concerned" in r for r in eu.free_reasons)
    assert any(
        "not subject to the EU restrictive measures against Iran" in r for r in eu.free_reasons
    )


def test_german_three_axis_is_free_under_tw_and_eu(regimes: RegimeSet) -> None:
    tx = read_transaction(FIXTURES / "roundtop-spindle-repair-de.yaml")
    det = assess(
        tx,
        parties=PartyChecks.clean(len(tx.parties)),
        items=_german_items(),
        regimes=regimes,
        jurisdictions=["tw", "eu"],
    )
    _assert_german_free(det)
    assert det.outcome is Outcome.NO_LICENSE_REQUIRED


# -- with the real classification package --------------------------------------------------


def _classifier() -> object:
    engine = pytest.importorskip("exportctl.classification.engine")
    rules_mod = pytest.importorskip("exportctl.classification.rules")
    rules = rules_mod.load_rules()

    def classify_item(item: Any, specs: Any) -> ItemControls:
        parent = specs[item.part_of] if item.part_of else None
        result = engine.classify(item, rules, parent=parent)
        category = item.category.value if item.category else None
        return item_controls_from_classification(result, category=category)

    return classify_item


def test_seed_with_real_classification(seed_tx: Transaction, regimes: RegimeSet) -> None:
    items, _ = check_transaction(seed_tx, classify_item=_classifier(), screen_party=None)  # type: ignore[arg-type]
    machine = items.get("dmc-3000-5axis")
    assert machine is not None
    assert any(c.code.startswith("2B001") for c in machine.controls)
    det = assess(
        seed_tx, parties=_watch_hits(seed_tx), items=items, regimes=regimes, jurisdictions=["all"]
    )
    for j in ("tw", "eu", "us"):
        assert _outcome(det, j) in NOT_FREE, j
        assert any(
            (f.kind == "item" and "spare part" in f.message) or "part for" in f.message
            for f in det.findings
            if f.jurisdiction == j
        ), j
    assert "tw.activity.use_technology" in _rules(det, "tw")


def test_german_with_real_classification(regimes: RegimeSet) -> None:
    tx = read_transaction(FIXTURES / "roundtop-spindle-repair-de.yaml")
    items, parties = check_transaction(tx, classify_item=_classifier(), screen_party=lambda p: [])  # type: ignore[arg-type]
    det = assess(tx, parties=parties, items=items, regimes=regimes, jurisdictions=["tw", "eu"])
    _assert_german_free(det)
