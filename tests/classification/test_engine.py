"""Engine behaviour beyond single entries: jurisdictions, what-if, parts, purity, errors."""

from __future__ import annotations

from typing import Any

import pytest

from exportctl.classification import RuleSet, classify
from exportctl.errors import InvalidInput
from exportctl.model.classification import ClassificationStatus, NoteKind
from tests.classification.conftest import make_item

CONTROLLED_5AXIS = {"linear_axes[0].unidirectional_positioning_repeatability": "1.3 um"}


@pytest.mark.parametrize(
    ("jurisdiction", "codes"),
    [
        ("wassenaar", {"2B001.b.2.b"}),
        ("eu", {"2B001.b.2.b", "2B201.a.2", "2B201.a.3"}),
        ("us", {"2B001.b.2.b", "2B201.b.2", "2B201.b.3"}),
    ],
)
def test_jurisdiction_filter(
    rules: RuleSet, bases: dict[str, Any], jurisdiction: str, codes: set[str]
) -> None:
    result = classify(make_item(bases, "mill5", CONTROLLED_5AXIS), rules, jurisdiction)
    assert {c.code for c in result.controls} == codes
    assert [r.jurisdiction for r in result.by_jurisdiction] == [jurisdiction]
    for c in result.controls:
        assert c.jurisdictions == [jurisdiction]
        assert (c.jurisdiction_code.eu is not None) is (jurisdiction == "eu")
        assert (c.jurisdiction_code.us is not None) is (jurisdiction == "us")
        assert bool(c.reasons_for_control) is (jurisdiction == "us")


def test_unknown_jurisdiction(rules: RuleSet, bases: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as err:
        classify(make_item(bases, "mill5"), rules, "tw")
    assert err.value.code == "jurisdiction_unknown"


def test_pure_and_deterministic(rules: RuleSet, bases: dict[str, Any]) -> None:
    item = make_item(bases, "mill5", CONTROLLED_5AXIS)
    before = item.model_dump()
    first = classify(item, rules)
    second = classify(item, rules)
    assert first == second
    assert item.model_dump() == before


def test_what_if_shows_the_change(rules: RuleSet, bases: dict[str, Any]) -> None:
    item = make_item(bases, "mill5", CONTROLLED_5AXIS)
    result = classify(item, rules, "us", vary={"axes.simultaneous_contouring": 4, "axes.rotary": 1})
    assert result.what_if is not None
    assert "2B001.b.2.b" in result.what_if.baseline_codes
    assert "2B001.b.2.b" in result.what_if.removed
    assert result.what_if.changes == {"axes.simultaneous_contouring": "4", "axes.rotary": "1"}
    assert result.notes[0].text.startswith("what-if")


def test_what_if_bad_path(rules: RuleSet, bases: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as err:
        classify(make_item(bases, "mill5"), rules, vary=["axes.simultaneous_contouring=many"])
    assert "axes.simultaneous_contouring" in err.value.detail


def test_wrong_unit_in_item_names_field(rules: RuleSet, bases: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as err:
        classify(make_item(bases, "mill5", {"linear_axes[1].travel": "2 kg"}), rules)
    assert "linear_axes[1].travel" in err.value.detail


def test_part_without_parent_needs_review(rules: RuleSet, bases: dict[str, Any]) -> None:
    part = make_item(bases, "tilting_spindle", {"part_of": "mill5"})
    result = classify(part, rules)
    assert result.part_of is not None
    assert not result.part_of.found
    assert result.part_of.relevance[0].kind is NoteKind.REVIEW
    assert result.part_of.part_listed is True  # the tilting spindle is itself 2B008.d


def test_part_with_parent(rules: RuleSet, bases: dict[str, Any]) -> None:
    parent = make_item(bases, "mill5", CONTROLLED_5AXIS)
    part = make_item(bases, "tilting_spindle", {"part_of": "mill5"})
    result = classify(part, rules, parent=parent)
    assert result.part_of is not None
    assert result.part_of.found
    assert result.part_of.controls == ["2B001.b.2.b"]
    assert result.part_of.part_listed is True
    assert "2B008.d" in result.codes()
    # A listed part needs no catch-all pointer; the "use" technology pointer is there.
    texts = [n.text for n in result.part_of.relevance]
    assert not any("catch-all" in t for t in texts)
    assert any('"use"' in t for t in texts)


def test_part_of_mismatch(rules: RuleSet, bases: dict[str, Any]) -> None:
    part = make_item(bases, "tilting_spindle", {"part_of": "other"})
    with pytest.raises(InvalidInput) as err:
        classify(part, rules, parent=make_item(bases, "mill5"))
    assert err.value.code == "parent_mismatch"


def test_spare_unlisted_part_points_to_catch_all(rules: RuleSet, bases: dict[str, Any]) -> None:
    parent = make_item(bases, "mill5", CONTROLLED_5AXIS)
    part = make_item(bases, "tilting_spindle", {"part_of": "mill5", "spindle.tilting": False})
    result = classify(part, rules, parent=parent)
    assert result.status is ClassificationStatus.NOT_CONTROLLED
    assert result.part_of is not None
    assert result.part_of.part_listed is False
    assert any("catch-all" in n.text for n in result.part_of.relevance)


def test_inconsistent_axes_caveat(rules: RuleSet, bases: dict[str, Any]) -> None:
    result = classify(make_item(bases, "mill3", {"axes.simultaneous_contouring": 5}), rules)
    assert any(n.kind is NoteKind.CAVEAT and "exceeds" in n.text for n in result.notes)


def test_assumed_materials_are_noted(rules: RuleSet, bases: dict[str, Any]) -> None:
    result = classify(make_item(bases, "mill5", {**CONTROLLED_5AXIS, "materials": []}), rules)
    assumptions = [n for n in result.notes if n.kind is NoteKind.ASSUMPTION]
    assert any("materials" in n.missing for n in assumptions)


def test_closest_when_nothing_matches(rules: RuleSet, bases: dict[str, Any]) -> None:
    result = classify(make_item(bases, "mill3"), rules, "wassenaar")
    assert result.status is ClassificationStatus.NOT_CONTROLLED
    assert result.controls == []
    assert result.closest
    assert all(n.failed for n in result.closest)
