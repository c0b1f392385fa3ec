"""Loading and checking rules files into a :class:`RuleSet`.

Each ``*.yaml`` file in the rules folder is validated against :class:`RuleFile` and then
checked for meaning: every fact a criterion names exists in the item model, every threshold
parses in the fact's dimension, every paragraph has a citation, codes belong to their entry
and are unique, and precedence names entries that exist. Any problem is a :class:`RuleError`
naming the file and the path inside it (``2B001.yaml: paragraphs[1].when.all[0].fact: ...``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from exportctl.classification.codes import parse_code
from exportctl.classification.facts import FactInfo, describe_fact, path_text
from exportctl.classification.schema import (
    AllOf,
    AnyOf,
    Condition,
    Exists,
    Guidance,
    IfMissing,
    Leaf,
    LinearThreshold,
    NotOf,
    Op,
    Paragraph,
    RuleFile,
    RuleJurisdiction,
)
from exportctl.classification.units import parse_quantity
from exportctl.errors import InvalidInput, NotFound, RuleError

__all__ = ["DEFAULT_RULES_DIR", "LoadedGuidance", "LoadedRule", "RuleSet", "load_rules"]

DEFAULT_RULES_DIR = Path(__file__).resolve().parent / "rules"
#: The guidance file (quoted texts, consistency checks) of a rules folder.
GUIDANCE_FILE = Path("guidance") / "guidance.yaml"


@dataclass(frozen=True)
class LoadedGuidance:
    """The validated guidance file and its content hash."""

    guidance: Guidance
    sha256: str


def load_guidance(path: Path) -> LoadedGuidance:
    """Read and validate a guidance file.

    Raises:
        RuleError: the file cannot be read or fails its schema (the message names the path).
    """
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        guidance = Guidance.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read guidance ({exc})", code="rule_invalid") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = path_text([p for p in err["loc"] if isinstance(p, str | int)])
        raise RuleError(f"{path}: {where}: {err['msg']}", code="rule_invalid") from None
    return LoadedGuidance(guidance, hashlib.sha256(text.encode()).hexdigest())


@cache
def default_guidance() -> LoadedGuidance:
    """The guidance shipped with exportctl (used by rule sets whose folder has none)."""
    return load_guidance(DEFAULT_RULES_DIR / GUIDANCE_FILE)


_NUMERIC_OPS = {Op.LE, Op.LT, Op.GE, Op.GT, Op.EQ, Op.NE}
_LIST_OPS = {Op.CONTAINS, Op.CONTAINS_ANY, Op.SUBSET_OF, Op.MATCHES_ANY, Op.ALL_MATCH}


@dataclass(frozen=True)
class LoadedRule:
    """A validated rules file and where it came from."""

    rule: RuleFile
    source: str  # file name, for messages
    sha256: str

    def citation_for(self, paragraph: Paragraph) -> str:
        """The paragraph's own citation, or the file's template filled with its code."""
        if paragraph.citation:
            return paragraph.citation
        code = parse_code(paragraph.code)
        return self.rule.citation_template.format(code=code.eccn, wassenaar=code.wassenaar)

    def regime_code(self, paragraph: Paragraph) -> str | None:
        """The regime's code: explicit, or the Wassenaar dotted form for Wassenaar entries."""
        if paragraph.regime_code:
            return paragraph.regime_code
        if self.rule.regime.value == "wassenaar":
            return parse_code(paragraph.code).wassenaar
        return self.rule.regime_code


@dataclass(frozen=True)
class RuleSet:
    """The rules the engine evaluates, in a stable order (by file name)."""

    rules: tuple[LoadedRule, ...]
    folder: str | None = None
    loaded_guidance: LoadedGuidance = field(default_factory=default_guidance)

    @property
    def guidance(self) -> Guidance:
        """The texts and consistency checks quoted beside the entries."""
        return self.loaded_guidance.guidance

    @property
    def version(self) -> str:
        """A short content hash of all files (guidance included): equal rule sets have equal
        versions."""
        shas = [r.sha256 for r in self.rules] + [self.loaded_guidance.sha256]
        digest = hashlib.sha256("".join(shas).encode()).hexdigest()
        return f"{self.rules[0].rule.schema_ if self.rules else 'empty'}+{digest[:12]}"

    def __iter__(self) -> Iterator[LoadedRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def entries(self) -> list[str]:
        """The entry codes in the set (``2B001``, ``2B201``, ...), each once."""
        return list(dict.fromkeys(r.rule.entry for r in self.rules))

    def for_entry(self, code: str) -> list[LoadedRule]:
        """The rules files of one entry (one per regime), by any code form.

        Raises:
            InvalidInput: ``code`` is not a control code.
            NotFound: no rules for that entry.
        """
        entry = parse_code(code).entry
        found = [r for r in self.rules if r.rule.entry == entry]
        if not found:
            raise NotFound(f"no rules for {entry}", code="rule_not_found")
        return found

    @classmethod
    def load(cls, folder: Path | None = None) -> RuleSet:
        """Load every ``*.yaml`` in ``folder`` (default: the rules shipped with exportctl).

        Raises:
            NotFound: the folder does not exist.
            RuleError: a file is invalid (the message names file and path).
        """
        folder = folder or DEFAULT_RULES_DIR
        if not folder.is_dir():
            raise NotFound(f"{folder}: no such rules folder", code="rules_not_found")
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise RuleError(f"{folder}: no rules files (*.yaml)", code="rules_empty")
        rules = cls.from_texts(
            [(p.name, p.read_text(encoding="utf-8")) for p in files], str(folder)
        )
        own = folder / GUIDANCE_FILE
        if own.is_file():
            rules = cls(rules.rules, rules.folder, load_guidance(own))
        return rules

    @classmethod
    def from_texts(cls, texts: Sequence[tuple[str, str]], folder: str | None = None) -> RuleSet:
        """Build a rule set from ``(file name, YAML text)`` pairs (used by tests and loaders).

        Raises:
            RuleError: a file is invalid, or two files define the same code in one regime.
        """
        loaded = [_load_one(name, text) for name, text in texts]
        _check_set(loaded)
        return cls(tuple(loaded), folder)


def load_rules(folder: Path | None = None) -> RuleSet:
    """Shorthand for :meth:`RuleSet.load`."""
    return RuleSet.load(folder)


def _rule_error(source: str, where: str, msg: str) -> RuleError:
    loc = f"{source}: {where}: " if where else f"{source}: "
    return RuleError(loc + msg, code="rule_invalid", errors={f"{source}:{where}": msg})


def _load_one(source: str, text: str) -> LoadedRule:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise _rule_error(
            source, where, f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    if not isinstance(data, dict):
        raise _rule_error(source, "", "a rules file must be a mapping")
    # Top-level keys starting with "x-" hold YAML anchors shared by several criteria (e.g. the
    # Technical Note 5.e near-miss note); they are not part of the format.
    data = {k: v for k, v in data.items() if not str(k).startswith("x-")}
    try:
        rule = RuleFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = path_text([p for p in err["loc"] if isinstance(p, str | int)])
        # Pydantic adds the discriminator tag ("fact", "all", ...) to the location; it is
        # also the YAML key, so the path still reads like the file.
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise _rule_error(source, loc, err["msg"] + more) from None
    loaded = LoadedRule(rule, source, hashlib.sha256(text.encode("utf-8")).hexdigest())
    _Checker(loaded).run()
    return loaded


class _Checker:
    """Meaning checks for one file (the schema checks only shape)."""

    def __init__(self, loaded: LoadedRule) -> None:
        self.loaded = loaded
        self.rule = loaded.rule
        self.source = loaded.source

    def fail(self, where: str, msg: str) -> RuleError:
        return _rule_error(self.source, where, msg)

    def run(self) -> None:
        rule = self.rule
        try:
            entry = parse_code(rule.entry)
        except InvalidInput:
            raise self.fail("entry", f"{rule.entry!r} is not a control code") from None
        if entry.path:
            raise self.fail("entry", "the entry is a code without paragraphs, e.g. 2B001")
        if not rule.citation.strip():
            raise self.fail("citation", "empty citation")
        if "{code}" not in rule.citation_template and "{wassenaar}" not in rule.citation_template:
            raise self.fail("citation_template", "must contain {code} or {wassenaar}")
        if rule.applies_when is not None:
            self.condition(rule.applies_when, "applies_when", None)
        for i, ex in enumerate(rule.exclusions):
            self.exclusion(ex, f"exclusions[{i}]")
        for i, note in enumerate(rule.notes):
            if note.when is not None:
                self.condition(note.when, f"notes[{i}].when", None)
        for i, reason in enumerate(rule.reasons_for_control):
            if reason.when is not None:
                self.condition(reason.when, f"reasons_for_control[{i}].when", None)
            for j, ex in enumerate(reason.unless):
                self.exclusion(ex, f"reasons_for_control[{i}].unless[{j}]")
        seen: set[str] = set()
        for i, par in enumerate(rule.paragraphs):
            self.paragraph(par, f"paragraphs[{i}]", seen)

    def jurisdictions(self, js: list[RuleJurisdiction] | None, where: str) -> None:
        if js and not set(js) <= set(self.rule.jurisdictions):
            raise self.fail(where, f"jurisdictions {[j.value for j in js]} not all in the file's")

    def exclusion(self, ex: Any, where: str) -> None:
        if not ex.citation.strip():
            raise self.fail(f"{where}.citation", "empty citation")
        self.jurisdictions(ex.jurisdictions, f"{where}.jurisdictions")
        self.condition(ex.when, f"{where}.when", None)

    def paragraph(self, par: Paragraph, where: str, seen: set[str]) -> None:
        try:
            code = parse_code(par.code)
        except InvalidInput:
            raise self.fail(f"{where}.code", f"{par.code!r} is not a control code") from None
        if code.entry != parse_code(self.rule.entry).entry:
            raise self.fail(f"{where}.code", f"{par.code} is not a paragraph of {self.rule.entry}")
        if code.eccn in seen:
            raise self.fail(f"{where}.code", f"{par.code} appears twice")
        seen.add(code.eccn)
        if not self.loaded.citation_for(par).strip():
            raise self.fail(f"{where}.citation", "no citation")
        self.jurisdictions(par.jurisdictions, f"{where}.jurisdictions")
        if par.scope is not None:
            self.condition(par.scope, f"{where}.scope", None)
        if par.when is not None:
            self.condition(par.when, f"{where}.when", None)
        if par.when is None and not par.paragraphs and par.scope is None:
            raise self.fail(where, "a paragraph needs criteria (scope, when) or sub-paragraphs")
        for i, ex in enumerate(par.exclusions):
            self.exclusion(ex, f"{where}.exclusions[{i}]")
        for i, note in enumerate(par.notes):
            if note.when is not None:
                self.condition(note.when, f"{where}.notes[{i}].when", None)
        for i, child in enumerate(par.paragraphs):
            if not parse_code(child.code).eccn.startswith(code.eccn + "."):
                raise self.fail(f"{where}.paragraphs[{i}].code", f"not under {par.code}")
            self.paragraph(child, f"{where}.paragraphs[{i}]", seen)

    def condition(self, cond: Condition, where: str, element: type[BaseModel] | None) -> None:
        if isinstance(cond, Leaf):
            self.jurisdictions(cond.jurisdictions, f"{where}.jurisdictions")
            self.leaf(cond, where, element)
        elif isinstance(cond, AllOf | AnyOf):
            self.jurisdictions(cond.jurisdictions, f"{where}.jurisdictions")
            key = "all" if isinstance(cond, AllOf) else "any"
            items = cond.all if isinstance(cond, AllOf) else cond.any
            for i, sub in enumerate(items):
                self.condition(sub, f"{where}.{key}[{i}]", element)
        elif isinstance(cond, NotOf):
            self.jurisdictions(cond.jurisdictions, f"{where}.jurisdictions")
            self.condition(cond.not_, f"{where}.not", element)
        elif isinstance(cond, Exists):
            self.jurisdictions(cond.jurisdictions, f"{where}.jurisdictions")
            info = describe_fact(cond.exists, element)
            if info is None or info.kind != "models" or info.element is None:
                raise self.fail(f"{where}.exists", f"{cond.exists!r} is not a list of elements")
            if cond.count_fact is not None:
                count = describe_fact(cond.count_fact, element)
                if count is None or count.kind != "int":
                    raise self.fail(f"{where}.count_fact", f"{cond.count_fact!r} is no count")
            self.condition(cond.where, f"{where}.where", info.element)

    def leaf(self, leaf: Leaf, where: str, element: type[BaseModel] | None) -> None:
        info = describe_fact(leaf.fact, element)
        if info is None:
            scope = f" of {element.__name__}" if element is not None else ""
            raise self.fail(f"{where}.fact", f"unknown fact {leaf.fact!r}{scope}")
        if info.kind == "models":
            raise self.fail(f"{where}.fact", f"{leaf.fact!r} is a list of elements: use exists")
        if leaf.citation is not None and not leaf.citation.strip():
            raise self.fail(f"{where}.citation", "empty citation")
        if leaf.if_missing is IfMissing.MET and not leaf.assumption:
            # Assuming a fact is allowed only with a note that says so. (``not_met`` needs no
            # note: an exclusion the spec does not claim simply does not apply.)
            raise self.fail(f"{where}.assumption", "if_missing: met needs an assumption text")
        self.value(leaf, info, where, element)
        if leaf.near is not None:
            if info.kind != "quantity" or info.dimension is None:
                raise self.fail(f"{where}.near", "near applies to quantities only")
            self.quantity(leaf.near.within, info.dimension, f"{where}.near.within")

    def quantity(self, text: Any, dimension: str, where: str) -> None:
        if not isinstance(text, str):
            raise self.fail(where, f"expected a quantity with unit, got {text!r}")
        try:
            parse_quantity(text, dimension, field=where)
        except InvalidInput as exc:
            raise self.fail(where, exc.detail.split(": ", 1)[-1]) from None

    def value(
        self, leaf: Leaf, info: FactInfo, where: str, element: type[BaseModel] | None
    ) -> None:
        op, value = leaf.op, leaf.value
        at = f"{where}.value"
        if info.kind == "quantity":
            if op not in _NUMERIC_OPS:
                raise self.fail(f"{where}.op", f"{op.value} does not apply to a quantity")
            assert info.dimension is not None
            if isinstance(value, dict):
                try:
                    lin = LinearThreshold.model_validate(value)
                except ValidationError as exc:
                    raise self.fail(at, str(exc.errors()[0]["msg"])) from None
                var = describe_fact(lin.variable, element) or describe_fact(lin.variable)
                if var is None or var.kind != "quantity" or var.dimension is None:
                    raise self.fail(f"{at}.variable", f"{lin.variable!r} is not a quantity fact")
                self.quantity(lin.intercept, info.dimension, f"{at}.intercept")
                self.quantity(lin.slope, info.dimension, f"{at}.slope")
                self.quantity(lin.per, var.dimension, f"{at}.per")
            else:
                self.quantity(value, info.dimension, at)
        elif info.kind == "int":
            if op in _NUMERIC_OPS:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise self.fail(at, f"expected a whole number, got {value!r}")
            elif op is Op.IN:
                if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
                    raise self.fail(at, "expected a list of whole numbers")
            else:
                raise self.fail(f"{where}.op", f"{op.value} does not apply to a count")
        elif info.kind == "bool":
            if op not in (Op.EQ, Op.NE) or not isinstance(value, bool):
                raise self.fail(where, "a yes/no fact takes op eq or ne with true or false")
        elif info.kind == "str":
            if op in (Op.EQ, Op.NE):
                if not isinstance(value, str):
                    raise self.fail(at, f"expected text, got {value!r}")
            elif op is Op.IN:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise self.fail(at, "expected a list of texts")
            else:
                raise self.fail(f"{where}.op", f"{op.value} does not apply to a text fact")
        elif info.kind == "list":
            if op not in _LIST_OPS:
                raise self.fail(f"{where}.op", f"{op.value} does not apply to a list fact")
            if op is Op.CONTAINS:
                if not isinstance(value, str):
                    raise self.fail(at, "contains takes one value")
            elif not isinstance(value, list) or not value:
                raise self.fail(at, f"{op.value} takes a non-empty list")


def _check_set(loaded: list[LoadedRule]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    entries = {r.rule.entry for r in loaded}

    def walk(pars: list[Paragraph]) -> Iterator[Paragraph]:
        for p in pars:
            yield p
            yield from walk(p.paragraphs)

    for r in loaded:
        for p in walk(r.rule.paragraphs):
            for j in r.rule.jurisdictions:
                key = (r.rule.regime.value, parse_code(p.code).eccn, j.value)
                if key in seen:
                    raise _rule_error(
                        r.source, "", f"{p.code} ({key[0]}, {key[2]}) is also in {seen[key]}"
                    )
                seen[key] = r.source
        if r.rule.precedence is not None:
            for other in r.rule.precedence.other_than:
                if parse_code(other).entry not in entries:
                    raise _rule_error(
                        r.source, "precedence.other_than", f"{other} is not in the rule set"
                    )
