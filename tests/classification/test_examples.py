"""Acceptance: the shared examples (the seed's DMC-3000 in 3- and 5-axis form, its spindle)."""

from __future__ import annotations

import json
from pathlib import Path

from exportctl.classification import RuleSet, classify, find_parent
from exportctl.files import read_item, read_items, read_parents
from exportctl.model.classification import ClassificationStatus, NoteKind


def test_dmc_5axis_is_2b001_b2b_and_2b201(shared_examples: Path, rules: RuleSet) -> None:
    item = read_item(shared_examples / "dmc-3000-5axis.yaml")
    result = classify(item, rules)
    assert result.status is ClassificationStatus.CONTROLLED
    main = next(c for c in result.controls if c.code == "2B001.b.2.b")
    assert main.primary
    assert main.regime == "wassenaar"
    assert main.regime_code == "2.B.1.b.2.b"
    assert main.jurisdiction_code.eu == "2B001.b.2.b"
    assert main.jurisdiction_code.us == "2B001.b.2.b"
    assert main.reasons_for_control == ["NS2", "NP1", "AT1"]
    assert "Wassenaar 2025 2.B.1.b.2.b" in main.citation
    # The deciding criteria: the X axis, 3000 mm, 1.3 µm against 1.4 µm.
    upr = [c for c in main.criteria if "repeatability" in c.text]
    assert [(c.text.split(":")[0], c.value, c.threshold, c.met) for c in upr] == [
        ("X axis", "1.3 µm", "≤ 1.4 µm", True)
    ]
    travel = [c.value for c in main.criteria if c.fact == "linear_axes[0].travel"]
    assert travel == ["3000 mm", "3000 mm"]
    # 2B201: five simultaneous contouring axes, with the NSG (EU) and US values.
    b201 = {(c.code, tuple(c.jurisdictions)) for c in result.controls if c.code.startswith("2B201")}
    assert ("2B201.a.3", ("eu",)) in b201
    assert ("2B201.b.3", ("us",)) in b201
    us_b201 = next(c for c in result.controls if c.code == "2B201.b.3")
    assert us_b201.reasons_for_control == ["NP1", "AT1"]
    assert us_b201.superseded_by == ["2B001.b.2.b"]
    assert any(k.threshold == "≥ 5" and k.met for k in us_b201.criteria)
    # The tilting spindle is 2B008.d only if sold as a unit: a component, not the machine.
    assert "2B008.d" not in {c.code for c in result.controls}
    spindle = next(c for c in result.components if c.component == "spindle")
    assert [c.code for c in spindle.controls] == ["2B008.d"]
    assert "separate unit" in spindle.condition
    # Repair ("use") technology for it is 2E201.
    assert {"2E201", "2D002", "2E001", "2E002"} <= {c.code for c in result.related}


def test_dmc_5axis_contract_shape(shared_examples: Path, rules: RuleSet) -> None:
    result = classify(read_item(shared_examples / "dmc-3000-5axis.yaml"), rules)
    data = json.loads(result.model_dump_json())
    assert set(data) >= {"item", "controls", "not_controlled_by", "notes"}
    control = data["controls"][0]
    assert set(control) >= {
        "regime",
        "code",
        "jurisdiction_code",
        "reasons_for_control",
        "criteria",
        "citation",
    }
    assert set(control["jurisdiction_code"]) == {"eu", "us"}
    assert set(control["criteria"][0]) >= {"text", "met", "value", "threshold"}
    assert set(data["not_controlled_by"][0]) >= {"code", "failed"}


def test_dmc_3axis_no_2b001_and_review(shared_examples: Path, rules: RuleSet) -> None:
    result = classify(read_item(shared_examples / "dmc-3000-3axis.yaml"), rules)
    assert not any(c.code.startswith("2B001") for c in result.controls)
    assert result.controls == []
    assert result.status is ClassificationStatus.REVIEW
    reviews = [n for n in result.notes if n.kind is NoteKind.REVIEW]
    codes = {n.code for n in reviews}
    assert {"2B201", "2B991"} <= codes
    for n in reviews:
        if n.code in ("2B201", "2B991"):
            assert "linear_axes[*].positioning_accuracy" in n.missing
    # Nothing matched, so the closest entries are shown.
    assert result.closest
    assert result.closest[0].code == "2B001.b.2"


def test_dmc_3axis_what_if_five_axes(shared_examples: Path, rules: RuleSet) -> None:
    item = read_item(shared_examples / "dmc-3000-3axis.yaml")
    result = classify(item, rules, vary=["axes.simultaneous_contouring=5", "axes.rotary=2"])
    assert result.what_if is not None
    assert result.what_if.baseline_codes == []
    assert "2B201.b.3" in result.what_if.added
    assert result.status is ClassificationStatus.CONTROLLED


def test_seed_spindle_reports_parent_machine(shared_examples: Path, rules: RuleSet) -> None:
    path = shared_examples / "roundtop-spindle-repair.yaml"
    items = read_items(path)
    spindle = items["spindle-20k"]
    parent = find_parent(spindle, {**read_parents(items, path.parent), **items})
    assert parent is not None
    assert parent.id == "dmc-3000-5axis"
    result = classify(spindle, rules, parent=parent)
    assert result.part_of is not None
    assert result.part_of.found
    assert "2B001.b.2.b" in result.part_of.controls
    assert result.part_of.classification is not None
    # Whether the spare is itself listed (2B008.d) hangs on whether it is the tilting spindle.
    assert result.part_of.part_listed is None
    review = [n for n in result.notes if n.kind is NoteKind.REVIEW]
    assert any(n.code == "2B008" and "spindle.tilting" in n.missing for n in review)
    texts = " ".join(n.text for n in result.part_of.relevance)
    assert "2E201" in {n.code for n in result.part_of.relevance}
    assert "repair" in texts
    assert "catch-all" in texts
