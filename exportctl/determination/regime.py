"""Regimes as data: the schema of ``regimes/*.yaml``, its loader and the loaded :class:`RegimeSet`.

Each jurisdiction (tw, eu, us, un) is one YAML file: when it applies, which control lists it
adopts, its country groups (with membership dates) and its rules. A rule is a condition on the
transaction, a line, a party hit or a questionnaire answer, and the finding it produces: kind,
severity, message and citation, in force between two dates. ``common.yaml`` holds what every
jurisdiction shares: the questionnaire, the "use"-technology mapping and the missing-data
rules. Files are schema-checked at load; an error names the file and the path inside it.

See ``docs/determination.md`` for the format and how to add a country group or an embargo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from exportctl.determination.uscontrols import USControls
from exportctl.errors import RuleError
from exportctl.model.determination import Activity, FindingKind, Severity

__all__ = [
    "DEFAULT_REGIMES_DIR",
    "Applicability",
    "CommonData",
    "ControlLists",
    "Effective",
    "Group",
    "JurisdictionRegime",
    "Member",
    "Question",
    "RegimeSet",
    "Relation",
    "Rule",
    "TechnologyMapping",
    "When",
    "load_regimes",
]

DEFAULT_REGIMES_DIR = Path(__file__).resolve().parent / "regimes"

_M = TypeVar("_M", bound=BaseModel)

# How a line's item relates to the control lists of a jurisdiction:
#   listed             the item itself is caught by an entry of the jurisdiction's lists
#   part_of_listed     a part (not itself listed) for a machine that is listed
#   service_on_listed  repair / technical assistance / technology for a listed machine
#   unlisted           classified, and neither it nor the machine it serves is listed
#   unclassified       no classification: controls unknown
Relation = Literal["listed", "part_of_listed", "service_on_listed", "unlisted", "unclassified"]
Knowledge = Literal["informed", "aware"]
Missing = Literal["destination", "classification", "screening", "us_controls", "exporter_country"]


class _Schema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Effective(_Schema):
    """The dates a rule (or a group membership) is in force, both inclusive; open when absent."""

    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    def covers(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class Member(Effective):
    """A country in a group, for a period (e.g. the UK in the EU until 2020-12-31)."""

    code: str


class Group(_Schema):
    """A named set of countries (ISO 3166-1 alpha-2) with the provision that defines it."""

    description: str
    citation: str
    members: tuple[str | Member, ...]
    note: str | None = None

    def codes(self, day: date) -> frozenset[str]:
        out: set[str] = set()
        for m in self.members:
            if isinstance(m, str):
                out.add(m.upper())
            elif m.covers(day):
                out.add(m.code.upper())
        return frozenset(out)


class When(_Schema):
    """The condition of a rule: every key given must hold (AND); lists mean "any of".

    Country lists take ISO codes, ``@group`` (a group of the same file) or ``us:D:4`` (a
    Country Group of 15 CFR 740 Supp. 1, read from the US controls folder at run time).
    """

    # jurisdiction
    nexus: bool | None = None  # the transaction engages this jurisdiction (False: forced)
    # transaction
    destination_in: tuple[str, ...] | None = None
    destination_not_in: tuple[str, ...] | None = None
    exporter_in: tuple[str, ...] | None = None
    exporter_not_in: tuple[str, ...] | None = None
    end_use_any: tuple[str, ...] | None = None  # nuclear, missile, chemical, biological, military
    knowledge_in: tuple[Knowledge, ...] | None = None
    missing: Missing | None = None
    # line
    activity_in: tuple[Activity, ...] | None = None
    relation_in: tuple[Relation, ...] | None = None
    codes_any: tuple[str, ...] | None = None  # code prefixes, in this jurisdiction's numbering
    reasons_any: tuple[str, ...] | None = None  # reason-for-control prefixes: NP, MT, NS ...
    category_in: tuple[str, ...] | None = None  # item spec ``category``
    country_chart: bool | None = None  # US Commerce Country Chart marks the destination
    classified: bool | None = None  # the item's listing under this jurisdiction is decided
    # party hits
    list_sources: tuple[str, ...] | None = None  # source prefixes: ofac-sdn, un, csl, watch
    list_types_any: tuple[str, ...] | None = None  # substrings, case-insensitive
    programs_any: tuple[str, ...] | None = None  # substrings, case-insensitive
    hit_decision: Literal["match", "review"] | None = None
    hit_has_end_use: bool | None = None
    # questionnaire answers
    answer: Literal["red_flag", "missing"] | None = None
    answers_complete: bool | None = None  # every questionnaire question has an answer


class Rule(_Schema):
    """One provision: when it applies and the finding it produces."""

    id: str
    scope: Literal["transaction", "line", "party", "question"]
    kind: FindingKind
    severity: Severity
    when: When = When()
    message: str
    citation: str
    # One period or a list of periods (a measure lifted and later re-applied).
    effective: tuple[Effective, ...] = ()
    free_reason: str | None = None  # said when the rule is in force and does not fire ...
    free_if: When | None = None  # ... and, if given, these transaction conditions hold
    note: str | None = None  # legal uncertainty worth telling the reader
    url: str | None = None

    @field_validator("effective", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, Mapping) else value

    def in_force(self, day: date) -> bool:
        """True when ``day`` falls in one of the rule's periods (no period: always)."""
        return not self.effective or any(e.covers(day) for e in self.effective)


class Applicability(_Schema):
    """One way a transaction engages a jurisdiction; the first that holds is the basis."""

    basis: str
    always: bool = False
    exporter_in: tuple[str, ...] | None = None
    ship_from_in: tuple[str, ...] | None = None
    origin_in: tuple[str, ...] | None = None  # an item's manufacturer/origin country
    us_content: bool = False  # the transaction declares US-origin content
    us_persons: bool = False  # a line is performed by US persons


class ControlLists(_Schema):
    """Which classification entries count as this jurisdiction's list, in whose numbering."""

    regimes: tuple[str, ...]
    code_key: str
    citation: str


class JurisdictionRegime(_Schema):
    """One jurisdiction's regime file."""

    jurisdiction: str
    name: str
    version: str
    description: str
    applies_if: tuple[Applicability, ...]
    control_lists: ControlLists
    groups: dict[str, Group] = Field(default_factory=dict)
    rules: tuple[Rule, ...]
    chart_names: dict[str, str] = Field(default_factory=dict)  # ISO -> US Country Chart row


class Question(_Schema):
    """A questionnaire question; ``red_flag_if`` is the answer that raises the flag."""

    id: str
    text: str
    red_flag_if: bool = True
    citation: str


class TechnologyMapping(_Schema):
    """The "use" technology that repairing or assisting with a listed machine transfers."""

    for_codes: tuple[str, ...]  # code prefixes of the machine
    code: str
    reasons_for_control: tuple[str, ...]
    citation: str


class CommonData(_Schema):
    """``common.yaml``: shared by every jurisdiction."""

    version: str
    questionnaire: str
    questions: tuple[Question, ...]
    use_technology: tuple[TechnologyMapping, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RegimeSet:
    """Every loaded regime, the shared data and the optional US control data."""

    regimes: Mapping[str, JurisdictionRegime]
    common: CommonData
    us_controls: USControls | None = None
    files: tuple[str, ...] = field(default_factory=tuple)

    def citations(self) -> frozenset[str]:
        """Every citation a finding can carry."""
        rules = [r for reg in self.regimes.values() for r in reg.rules] + list(self.common.rules)
        return frozenset(r.citation for r in rules)

    def rule(self, rule_id: str) -> Rule:
        for reg in self.regimes.values():
            for r in reg.rules:
                if r.id == rule_id:
                    return r
        for r in self.common.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read regime data: {exc}", code="regime_invalid") from exc


def _validate(model: type[_M], data: Any, path: Path) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = {f"{path.name}:{_loc(e['loc'])}": e["msg"] for e in exc.errors()}
        first = next(iter(errors.items()))
        raise RuleError(
            f"{path}: {first[0].split(':', 1)[1]}: {first[1]}", code="regime_invalid", errors=errors
        ) from exc


_PARTY_KEYS = ("list_sources", "list_types_any", "programs_any", "hit_decision", "hit_has_end_use")


def _check_scope(rule: Rule, where: str) -> None:
    """Party conditions make sense only on party hits, answer conditions only on questions."""
    if rule.scope != "party":
        for key in _PARTY_KEYS:
            if getattr(rule.when, key) is not None:
                raise RuleError(
                    f"{where}.when.{key}: only a rule with scope 'party' can test party hits",
                    code="regime_invalid",
                )
    if rule.scope != "question" and rule.when.answer is not None:
        raise RuleError(
            f"{where}.when.answer: only a rule with scope 'question' can test answers",
            code="regime_invalid",
        )


def _check_regime(regime: JurisdictionRegime, path: Path, seen: dict[str, str]) -> None:
    """Cross-field checks the schema cannot express: unique ids, known groups, scopes."""
    for i, rule in enumerate(regime.rules):
        where = f"{path}: rules[{i}]"
        _check_scope(rule, where)
        if rule.id in seen:
            raise RuleError(
                f"{where}.id: duplicate rule id {rule.id!r} (also in {seen[rule.id]})",
                code="regime_invalid",
            )
        seen[rule.id] = path.name
        for label, cond in (("when", rule.when), ("free_if", rule.free_if)):
            for name in ("destination_in", "destination_not_in", "exporter_in", "exporter_not_in"):
                for ref in (getattr(cond, name) if cond is not None else None) or ():
                    if ref.startswith("@") and ref[1:] not in regime.groups:
                        raise RuleError(
                            f"{where}.{label}.{name}: unknown group {ref!r}",
                            code="regime_invalid",
                        )
    for i, app in enumerate(regime.applies_if):
        for ref in (app.exporter_in or ()) + (app.ship_from_in or ()) + (app.origin_in or ()):
            if ref.startswith("@") and ref[1:] not in regime.groups:
                raise RuleError(
                    f"{path}: applies_if[{i}]: unknown group {ref!r}", code="regime_invalid"
                )


def load_regimes(
    folder: Path | None = None,
    *,
    us_controls: USControls | None = None,
    jurisdictions: Iterable[str] | None = None,
) -> RegimeSet:
    """Load and schema-check ``common.yaml`` and every regime file in ``folder``.

    ``folder`` defaults to the regimes shipped with exportctl. ``us_controls`` is the US
    Commerce Country Chart, CCL and Country Groups (from the control data service, or
    ``exportctl.files.read_us_controls`` for a folder);
    without it, US Country Chart rules report ``review`` instead of guessing.
    ``jurisdictions`` limits what is loaded.

    Raises:
        RuleError: a file is unreadable, breaks the schema (the message names the file and the
            path inside it), repeats a rule id or names an unknown group.
    """
    folder = folder or DEFAULT_REGIMES_DIR
    common_path = folder / "common.yaml"
    if not common_path.is_file():
        raise RuleError(f"{common_path}: regime folder has no common.yaml", code="regime_invalid")
    common = _validate(CommonData, _read(common_path), common_path)
    seen: dict[str, str] = {}
    for i, rule in enumerate(common.rules):
        if rule.id in seen:
            raise RuleError(
                f"{common_path}: rules[{i}].id: duplicate rule id {rule.id!r}",
                code="regime_invalid",
            )
        seen[rule.id] = common_path.name
        _check_scope(rule, f"{common_path}: rules[{i}]")
    wanted = set(jurisdictions) if jurisdictions is not None else None
    regimes: dict[str, JurisdictionRegime] = {}
    files = [str(common_path)]
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "common.yaml":
            continue
        regime = _validate(JurisdictionRegime, _read(path), path)
        if wanted is not None and regime.jurisdiction not in wanted:
            continue
        if regime.jurisdiction in regimes:
            raise RuleError(
                f"{path}: jurisdiction: {regime.jurisdiction!r} is defined twice",
                code="regime_invalid",
            )
        _check_regime(regime, path, seen)
        regimes[regime.jurisdiction] = regime
        files.append(str(path))
    return RegimeSet(
        regimes=regimes,
        common=common,
        us_controls=us_controls,
        files=tuple(files),
    )
