"""Rules files: load-time validation (RuleError naming file and path), citations, consistency
with the official texts in the controls folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from exportctl.classification import ControlCatalogue, RuleSet, parse_code
from exportctl.classification.ruleset import LoadedRule
from exportctl.classification.schema import AllOf, AnyOf, Condition, Exists, Leaf, NotOf, Paragraph
from exportctl.errors import NotFound, RuleError
from exportctl.files import read_control_catalogue

MINIMAL = """
schema: exportctl.rules/1
entry: 2B777
title: A test entry
regime: wassenaar
jurisdictions: [wassenaar]
version: test
effective: 2026-01-01
citation: Test 2.B.777
citation_template: Test {wassenaar}
sources: [{jurisdiction: wassenaar, document: Test list, locator: 2.B.777}]
paragraphs:
  - code: 2B777.a
    text: Three linear axes
    when: {fact: axes.linear, op: ge, value: 3}
"""


def _paragraphs(pars: list[Paragraph]) -> Iterator[Paragraph]:
    for p in pars:
        yield p
        yield from _paragraphs(p.paragraphs)


def _leaves(cond: Condition | None) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, AllOf):
        for c in cond.all:
            yield from _leaves(c)
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from _leaves(c)
    elif isinstance(cond, NotOf):
        yield from _leaves(cond.not_)
    elif isinstance(cond, Exists):
        yield from _leaves(cond.where)


def test_builtin_rules_load(rules: RuleSet) -> None:
    assert set(rules.entries()) == {
        "2B001",
        "2B006",
        "2B008",
        "2B201",
        "2B991",
        "2B998",
        "2B999",
        "2D001",
        "2D002",
        "2E001",
        "2E002",
        "2E201",
    }
    assert rules.version.startswith("exportctl.rules/1+")
    assert [r.rule.regime.value for r in rules.for_entry("2.B.201")] == ["nsg", "nsg"]
    with pytest.raises(NotFound):
        rules.for_entry("2B002")


def test_every_rule_has_citations_and_sources(rules: RuleSet) -> None:
    for loaded in rules:
        rule = loaded.rule
        assert rule.citation
        assert rule.sources
        assert rule.version
        assert rule.effective
        for par in _paragraphs(rule.paragraphs):
            citation = loaded.citation_for(par)
            code = parse_code(par.code)
            assert code.eccn in citation or code.wassenaar in citation, (loaded.source, par.code)
            for ex in par.exclusions:
                assert ex.citation.strip(), (loaded.source, ex.id)
        for ex in rule.exclusions:
            assert ex.citation.strip(), (loaded.source, ex.id)
        for reason in rule.reasons_for_control:
            assert reason.citation.strip(), (loaded.source, reason.reason)
        for note in rule.notes:
            assert note.citation.strip(), (loaded.source, note.id)


def test_unverified_sources_are_flagged(rules: RuleSet) -> None:
    eu_2b201 = next(r for r in rules if r.source == "2B201-eu.yaml")
    assert any(not s.verified for s in eu_2b201.rule.sources)
    assert "unverified" in eu_2b201.rule.citation_template


def _load(text: str, name: str = "2B777.yaml") -> RuleSet:
    return RuleSet.from_texts([(name, text)])


def test_minimal_rule_loads() -> None:
    assert _load(MINIMAL).entries() == ["2B777"]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("fact: axes.linear", "fact: axes.linaer", "paragraphs[0].when.fact"),
        ("op: ge, value: 3", "op: contains, value: 3", "paragraphs[0].when.op"),
        ("op: ge, value: 3", "op: ge, value: 3 mm", "paragraphs[0].when.value"),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{fact: max_bore_depth, op: gt, value: 5 kg}",
            "paragraphs[0].when.value",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{fact: spindle.tilting, op: ge, value: true}",
            "paragraphs[0].when",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{fact: linear_axes, op: ge, value: 3}",
            "paragraphs[0].when.fact",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{exists: axes, where: {fact: travel, op: gt, value: 1 m}}",
            "paragraphs[0].when.exists",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{exists: linear_axes, where: {fact: travle, op: gt, value: 1 m}}",
            "paragraphs[0].when.where.fact",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{fact: numerical_control, op: eq, value: true, if_missing: met}",
            "paragraphs[0].when.assumption",
        ),
        (
            "{fact: axes.linear, op: ge, value: 3}",
            "{fact: axes.linear, op: ge, value: 3, near: {within: 1 um, text: t, citation: c}}",
            "paragraphs[0].when.near",
        ),
        ("{fact: axes.linear, op: ge, value: 3}", "{axes: 3}", "paragraphs.0.when"),
        ("code: 2B777.a", "code: 2B778.a", "paragraphs[0].code"),
        ("code: 2B777.a", "code: 2B77", "paragraphs[0].code"),
        ("citation_template: Test {wassenaar}", "citation_template: Test", "citation_template"),
        ("regime: wassenaar", "regime: mtcr", "regime"),
        ("schema: exportctl.rules/1", "schema: exportctl.rules/2", "schema"),
        ("title: A test entry\n", "", "title"),
    ],
)
def test_bad_rule_names_file_and_path(old: str, new: str, where: str) -> None:
    assert old in MINIMAL
    with pytest.raises(RuleError) as err:
        _load(MINIMAL.replace(old, new))
    assert err.value.detail.startswith("2B777.yaml: ")
    assert where.replace(".0.", "[0].") in err.value.detail or where in err.value.detail


def test_rule_file_not_yaml() -> None:
    with pytest.raises(RuleError) as err:
        _load("schema: [unclosed\n")
    assert "2B777.yaml: line" in err.value.detail


def test_duplicate_code_across_files() -> None:
    with pytest.raises(RuleError) as err:
        RuleSet.from_texts([("a.yaml", MINIMAL), ("b.yaml", MINIMAL)])
    assert "2B777.a" in err.value.detail
    assert "a.yaml" in err.value.detail


def test_precedence_must_name_a_known_entry() -> None:
    text = MINIMAL + "precedence: {other_than: [2B001], text: t, citation: c}\n"
    with pytest.raises(RuleError) as err:
        _load(text)
    assert "precedence.other_than" in err.value.detail


def test_rules_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        RuleSet.load(tmp_path / "missing")
    with pytest.raises(RuleError):
        RuleSet.load(tmp_path)


def test_adding_an_entry_is_data_only(tmp_path: Path, rules: RuleSet) -> None:
    """A new entry needs a file, not code: 2B009-like spin-forming rule from a YAML text."""
    from exportctl.classification import classify, parse_item

    folder = tmp_path / "rules"
    folder.mkdir()
    for loaded in rules:
        src = Path(rules.folder or "") / loaded.source
        (folder / loaded.source).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2B777.yaml").write_text(MINIMAL, encoding="utf-8")
    extended = RuleSet.load(folder)
    item = parse_item({"id": "m", "axes": {"linear": 3}})
    assert "2B777.a" in {c.code for c in classify(item, extended).controls}


# --- the rules against the official texts in the controls folder ---------------------------


@pytest.fixture(scope="module")
def catalogue(shared_controls: Path) -> ControlCatalogue:
    return read_control_catalogue(shared_controls)


def _us_rules(rules: RuleSet) -> list[LoadedRule]:
    return [r for r in rules if "us" in {j.value for j in r.rule.jurisdictions}]


def test_us_reasons_match_the_country_chart(rules: RuleSet, catalogue: ControlCatalogue) -> None:
    for loaded in _us_rules(rules):
        entry = catalogue.get(loaded.rule.entry)
        assert entry.us is not None
        for reason in loaded.rule.reasons_for_control:
            if reason.reason[-1].isdigit():
                assert reason.reason in entry.chart_columns, (loaded.source, reason.reason)
            else:
                assert reason.reason in entry.us.reasons, (loaded.source, reason.reason)
        # Every chart column of the entry that concerns machine tools is encoded or explained.
        encoded = {r.reason for r in loaded.rule.reasons_for_control}
        assert "AT1" in encoded or "AT" in encoded


def _number(text: str) -> str:
    return text.split()[0]


def test_thresholds_appear_in_the_official_text(
    rules: RuleSet, catalogue: ControlCatalogue
) -> None:
    """Each quantity threshold of a rule appears, as a number, in the text it cites."""
    for loaded in rules:
        entry = catalogue.get(loaded.rule.entry)
        texts = []
        if entry.us is not None:
            texts.append(entry.us.items + " " + entry.us.heading)
        if entry.wassenaar is not None:
            texts.append(entry.wassenaar.text)
        official = " ".join(texts).replace("\n", " ")
        conditions: list[Condition | None] = [loaded.rule.applies_when]
        conditions += [e.when for e in loaded.rule.exclusions]
        for par in _paragraphs(loaded.rule.paragraphs):
            conditions += [par.scope, par.when, *(e.when for e in par.exclusions)]
        for cond in conditions:
            for leaf in _leaves(cond):
                if isinstance(leaf.value, str) and re.match(r"^[\d.]+ [a-z]+$", leaf.value):
                    number = _number(leaf.value)
                    assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", official), (
                        loaded.source,
                        leaf.fact,
                        leaf.value,
                    )


def test_case_tables_parse() -> None:
    for path in (Path(__file__).parent / "cases").glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))
