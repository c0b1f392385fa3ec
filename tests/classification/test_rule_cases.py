"""The rule case tables (cases/<entry>.yaml): one case per paragraph, boundary and note.

Each case names the paragraph it tests and why the expected outcome follows from the text of
the regulation. Expectations (all optional):

- ``by_jurisdiction``: exact primary codes per list (Wassenaar codes in dotted form)
- ``controls`` / ``secondary``: codes among the primary / non-primary controls
- ``absent``: codes in no control at all
- ``superseded``: codes met but displaced ("n.e.s.")
- ``not_controlled_by`` / ``not_applicable``: codes listed there
- ``excluded_by``: exclusion notes that took the item out of an entry
- ``review`` / ``review_missing``: entries with a review note / the fields it names
- ``caveat``, ``info``, ``no_info``: codes with such notes
- ``reasons``: US reasons for control of a control
- ``component``: the machine's components sold as a unit -> their codes
- ``part_of``: the parent machine's primary codes
- ``status``: overall status
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from exportctl.classification import RuleSet, classify
from exportctl.model.classification import NoteKind
from tests.classification.conftest import CASES, make_item


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        if path.name == "bases.yaml":
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return out


CASE_LIST = _cases()


def test_every_case_cites_a_paragraph_and_reason() -> None:
    for param in CASE_LIST:
        case = param.values[0]
        assert case.get("paragraph"), case["id"]
        assert case.get("reason"), case["id"]
        assert case.get("expect"), case["id"]


@pytest.mark.parametrize("case", CASE_LIST)
def test_rule_case(case: dict[str, Any], rules: RuleSet, bases: dict[str, Any]) -> None:
    item = make_item(bases, case["base"], case.get("set"))
    parent = make_item(bases, case["parent"], case.get("parent_set")) if "parent" in case else None
    result = classify(item, rules, case.get("jurisdiction", "all"), parent=parent)
    exp = case["expect"]
    why = f"{case['paragraph']}: {case['reason']}"
    primary = {c.code for c in result.controls if c.primary}
    secondary = {c.code for c in result.controls if not c.primary}
    if "by_jurisdiction" in exp:
        got = {r.jurisdiction: sorted(r.codes) for r in result.by_jurisdiction}
        for j, codes in exp["by_jurisdiction"].items():
            assert got.get(j) == sorted(codes), f"{why} [{j}: {got.get(j)}]"
    for code in exp.get("controls", []):
        assert code in primary, f"{why} [primary: {sorted(primary)}]"
    for code in exp.get("secondary", []):
        assert code in secondary, f"{why} [secondary: {sorted(secondary)}]"
    for code in exp.get("absent", []):
        assert code not in primary | secondary, f"{why} [controls: {sorted(primary | secondary)}]"
    superseded = {c.code for c in result.superseded}
    for code in exp.get("superseded", []):
        assert code in superseded, f"{why} [superseded: {sorted(superseded)}]"
    ncb = {n.code for n in result.not_controlled_by}
    for code in exp.get("not_controlled_by", []):
        assert code in ncb, f"{why} [not_controlled_by: {sorted(ncb)}]"
    for code in exp.get("not_applicable", []):
        assert code in result.not_applicable, f"{why} [n/a: {result.not_applicable}]"
    excluded = {n.excluded_by for n in result.not_controlled_by if n.excluded_by}
    for ex in exp.get("excluded_by", []):
        assert ex in excluded, f"{why} [excluded_by: {sorted(excluded)}]"
    reviews = [n for n in result.notes if n.kind is NoteKind.REVIEW]
    review_codes = {c.strip() for n in reviews for c in (n.code or "").split(",")}
    for code in exp.get("review", []):
        assert code in review_codes, f"{why} [review: {sorted(review_codes)}]"
    for code in exp.get("no_review", []):
        assert code not in review_codes, f"{why} [review: {sorted(review_codes)}]"
    missing = {m for n in reviews for m in n.missing}
    for path in exp.get("review_missing", []):
        assert path in missing, f"{why} [missing: {sorted(missing)}]"
    for kind, key in ((NoteKind.CAVEAT, "caveat"), (NoteKind.INFO, "info")):
        texts = [f"{n.code or ''} {n.text}" for n in result.notes if n.kind is kind]
        for code in exp.get(key, []):
            assert any(code in t for t in texts), f"{why} [{key}: {texts}]"
    infos = [f"{n.code or ''} {n.text}" for n in result.notes if n.kind is NoteKind.INFO]
    for code in exp.get("no_info", []):
        assert not any(t.startswith(code) for t in infos), f"{why} [info: {infos}]"
    for code, reasons in exp.get("reasons", {}).items():
        found = [c for c in result.controls if c.code == code and "us" in c.jurisdictions]
        assert found, f"{why} [no US control {code}]"
        assert found[0].reasons_for_control == reasons, f"{why} [{found[0].reasons_for_control}]"
    if "component" in exp:
        got_components = {
            c.component: sorted(x.code for x in c.controls) for c in result.components
        }
        assert got_components == {k: sorted(v) for k, v in exp["component"].items()}, why
    if "part_of" in exp:
        assert result.part_of is not None, why
        assert sorted(result.part_of.controls) == sorted(exp["part_of"]), why
    if "status" in exp:
        assert result.status.value == exp["status"], f"{why} [status: {result.status.value}]"


def test_case_files_cover_every_rule_entry(rules: RuleSet) -> None:
    files = {p.stem for p in CASES.glob("*.yaml")}
    for entry in rules.entries():
        assert entry in files, f"no case table for {entry}"
