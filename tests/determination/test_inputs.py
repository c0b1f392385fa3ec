"""Adapters from the screening and classification result types into determination inputs."""

from __future__ import annotations

from exportctl.determination import item_controls_from_classification, party_hits_from_matches
from exportctl.model import ListEntry
from exportctl.model.classification import (
    Classification,
    ClassificationStatus,
    Control,
    JurisdictionCode,
    JurisdictionResult,
    Note,
    NoteKind,
    PartOf,
)
from exportctl.model.entry import EntryName


def _control(code: str, *, eu: str | None, us: str | None, primary: bool = True) -> Control:
    return Control(
        regime="wassenaar",
        code=code,
        jurisdiction_code=JurisdictionCode(eu=eu, us=us),
        reasons_for_control=["NS2", "NP1", "AT1"],
        criteria=[],
        citation=f"WA {code}",
        primary=primary,
    )


def test_classification_adapter_keeps_primary_controls_and_parent() -> None:
    parent = Classification(
        item="m",
        status=ClassificationStatus.CONTROLLED,
        controls=[_control("2B001.b.2.b", eu="2B001.b.2.b", us="2B001.b.2.b")],
        not_controlled_by=[],
        notes=[],
    )
    part = Classification(
        item="s",
        status=ClassificationStatus.REVIEW,
        controls=[_control("2B201.a.2", eu="2B201.a.2", us=None, primary=False)],
        not_controlled_by=[],
        notes=[Note(kind=NoteKind.REVIEW, text="cannot decide 2B008.d: tilting not given")],
        by_jurisdiction=[
            JurisdictionResult(jurisdiction="eu", status=ClassificationStatus.REVIEW),
            JurisdictionResult(jurisdiction="us", status=ClassificationStatus.NOT_CONTROLLED),
        ],
        part_of=PartOf(item="m", found=True, controls=["2B001.b.2.b"], classification=parent),
    )
    ic = item_controls_from_classification(part, category="machine_tool_part")
    assert ic.controls == ()  # the non-primary entry is displaced
    assert ic.part_of == "m"
    assert [c.code for c in ic.parent_controls] == ["2B001.b.2.b"]
    assert ic.parent_controls[0].code_for("eu") == "2B001.b.2.b"
    assert ic.undecided == ("eu",)
    assert ic.classified  # decided for the US
    assert ic.review_notes == ("cannot decide 2B008.d: tilting not given",)


def test_control_ref_code_for_a_jurisdiction_it_does_not_name() -> None:
    c = _control("2B201.b.2", eu=None, us="2B201.b.2")
    ic = item_controls_from_classification(
        Classification(
            item="m",
            status=ClassificationStatus.CONTROLLED,
            controls=[c],
            not_controlled_by=[],
            notes=[],
        )
    )
    assert ic.controls[0].code_for("us") == "2B201.b.2"
    assert ic.controls[0].code_for("eu") is None


def test_party_hits_from_json_matches_drop_no_match() -> None:
    matches = [
        {
            "entity_id": "ofac-sdn:11644",
            "source": "ofac-sdn",
            "name": "MACHINE SAZI ARAK CO. LTD.",
            "score": 0.62,
            "decision": "review",
            "programs": ["NPWMD"],
        },
        {"entity_id": "un:X", "source": "un", "name": "X", "score": 0.2, "decision": "no_match"},
    ]
    hits = party_hits_from_matches(matches, party=1)
    assert len(hits) == 1
    assert hits[0].party == 1
    assert hits[0].decision == "review"
    assert hits[0].score == 0.62
    assert hits[0].programs == ("NPWMD",)


def test_party_hits_take_watch_list_concerns_from_the_entry() -> None:
    entry = ListEntry(
        entity_id="watch:partner-alerts:1",
        source="watch:partner-alerts",
        native_id="1",
        names=(EntryName(value="Machine Sazi Tabriz"),),
        reason="supplies nuclear and missile programmes",
        reference="09STATE124113",
        end_use_concerns=("nuclear", "missile"),
    )
    match = {
        "entity_id": entry.entity_id,
        "source": entry.source,
        "name": entry.name,
        "score": 1.0,
        "decision": "match",
    }
    hits = party_hits_from_matches([match], party=0, entries={entry.entity_id: entry})
    assert hits[0].end_use_concerns == ("nuclear", "missile")
    assert hits[0].reference == "09STATE124113"
    assert hits[0].decision == "match"
