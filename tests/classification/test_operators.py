"""The operator table: every rule operator has one row, and each row decides as documented."""

from __future__ import annotations

from typing import Any

import pytest

from exportctl.classification.logic import OPERATORS, operators
from exportctl.classification.schema import Leaf, Op


def test_every_operator_is_listed_once() -> None:
    assert [o.op for o in operators()] == list(Op)
    assert set(OPERATORS) == set(Op)
    assert all(o.meaning and o.shown for o in operators())


@pytest.mark.parametrize(
    ("op", "value", "threshold", "order", "met"),
    [
        (Op.LE, 5, 5, 0, True),
        (Op.LT, 5, 5, 0, False),
        (Op.GE, 6, 5, 1, True),
        (Op.GT, 4, 5, -1, False),
        (Op.EQ, "milling", "milling", 0, True),
        (Op.NE, "milling", "milling", 0, False),
        (Op.IN, "milling", ["milling", "turning"], 0, True),
        (Op.CONTAINS, ["metals"], "metals", 0, True),
        (Op.CONTAINS_ANY, ["a", "b"], ["c"], 0, False),
        (Op.SUBSET_OF, [], ["a"], 0, False),
        (Op.SUBSET_OF, ["a"], ["a", "b"], 0, True),
        (Op.MATCHES_ANY, ["2B001.b.2"], ["2B001"], 0, True),
        (Op.ALL_MATCH, ["2B001.b", "2B201.a"], ["2B001"], 0, False),
    ],
)
def test_operator_decides(op: Op, value: Any, threshold: Any, order: int, met: bool) -> None:
    leaf = Leaf.model_validate({"fact": "x", "op": op.value, "value": threshold})
    assert OPERATORS[op].test(value, threshold, order, leaf) is met


def test_guidance_is_rule_data_covered_by_the_version(tmp_path: Any) -> None:
    """The texts quoted beside the entries live in rules/guidance and change rules_version."""
    import shutil

    from exportctl.classification import DEFAULT_RULES_DIR, RuleSet

    builtin = RuleSet.load()
    assert builtin.guidance.texts.part_rule.citation == "15 CFR 770.2(b)(1)-(2)"
    assert "Technical Note 4" in (
        builtin.guidance.checks.tilting_spindle_rotary_axis.citation or ""
    )
    copy = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, copy)
    assert RuleSet.load(copy).version == builtin.version
    guidance = copy / "guidance" / "guidance.yaml"
    guidance.write_text(
        guidance.read_text(encoding="utf-8").replace("770.2(b)(1)-(2)", "770.2(b)"),
        encoding="utf-8",
    )
    edited = RuleSet.load(copy)
    assert edited.guidance.texts.part_rule.citation == "15 CFR 770.2(b)"
    assert edited.version != builtin.version
