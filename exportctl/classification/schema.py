"""The format of a rules file (``rules/*.yaml``), as pydantic models.

A rules file encodes one control-list entry in one regime: its scope (heading), its paragraphs
as a tree of conditions on the item's facts, the exclusion notes, the US reasons for control,
and where each criterion comes from. The engine (:mod:`exportctl.classification.engine`) is
generic; adding an entry means adding a file. See ``docs/classification.md`` for the format
with examples.

Conditions are one of::

    {fact: PATH, op: OP, value: V, text: ..., if_missing: unknown|met|not_met, ...}   a leaf
    {all: [COND, ...]}   {any: [COND, ...]}   {not: COND, text: ...}
    {exists: LIST_PATH, where: COND, min: 1, count_fact: PATH}   "along one or more linear axis"
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

__all__ = [
    "SCHEMA_ID",
    "AllOf",
    "AnyOf",
    "CitedText",
    "Condition",
    "ConsistencyCheck",
    "EntryKind",
    "EntryNote",
    "Exclusion",
    "Exists",
    "Guidance",
    "IfMissing",
    "Leaf",
    "LinearThreshold",
    "ListRegime",
    "NearMiss",
    "NotOf",
    "Op",
    "Paragraph",
    "Precedence",
    "ReasonRule",
    "RuleFile",
    "RuleJurisdiction",
    "RuleSource",
]

SCHEMA_ID = "exportctl.rules/1"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ListRegime(StrEnum):
    """The regime whose list an entry implements."""

    WASSENAAR = "wassenaar"
    NSG = "nsg"
    US = "us"  # US-only (unilateral) entries, e.g. 2B991


class RuleJurisdiction(StrEnum):
    """A list the entry is on: the Wassenaar list itself, the EU Annex I, the US CCL."""

    WASSENAAR = "wassenaar"
    EU = "eu"
    US = "us"


class EntryKind(StrEnum):
    """What the entry classifies; decides where the engine uses it besides plain items."""

    ITEM = "item"  # machines, units: evaluated for the item itself
    COMPONENT = "component"  # parts: also evaluated for a machine's components sold as units
    SOFTWARE = "software"  # also evaluated as software "related" to a classified item
    TECHNOLOGY = "technology"  # also evaluated as technology "related" to a classified item


class Op(StrEnum):
    LE = "le"  # equal to or less (better) than
    LT = "lt"  # less (better) than
    GE = "ge"
    GT = "gt"  # exceeding
    EQ = "eq"
    NE = "ne"
    IN = "in"  # the fact's value is one of ``value``
    CONTAINS = "contains"  # the fact (a list) contains ``value``
    CONTAINS_ANY = "contains_any"  # the fact (a list) shares an element with ``value``
    SUBSET_OF = "subset_of"  # the fact (a non-empty list) has only elements of ``value``
    MATCHES_ANY = "matches_any"  # a code in the fact matches a glob in ``value`` (not ``exclude``)
    ALL_MATCH = "all_match"  # every code in the fact (non-empty) matches a glob in ``value``


class IfMissing(StrEnum):
    """What a leaf is when the item does not give the fact.

    ``unknown`` (the default) makes the outcome undecided and produces a ``review`` note.
    ``not_met`` suits exclusion notes the item must claim (a special-purpose machine is one
    only if its spec says so). ``met`` is for facts assumed with an ``assumption`` note.
    """

    UNKNOWN = "unknown"
    MET = "met"
    NOT_MET = "not_met"


class LinearThreshold(_Rule):
    """A threshold linear in another fact: ``intercept + slope × variable / per``.

    2B006.b.2: ``(800 + (600 × L/1,000)) nm`` is ``{intercept: 800 nm, slope: 600 nm,
    per: 1000 mm, variable: feedback.effective_length}``.
    """

    intercept: str
    slope: str
    per: str
    variable: str
    display: str | None = None


class NearMiss(_Rule):
    """A note when the value misses the threshold by no more than ``within``."""

    within: str
    text: str
    citation: str


class Leaf(_Rule):
    """One criterion: a fact compared with a threshold."""

    fact: str
    op: Op
    value: Any = None
    text: str | None = None
    citation: str | None = None
    if_missing: IfMissing = IfMissing.UNKNOWN
    assumption: str | None = Field(
        default=None, description="note text when ``if_missing: met|not_met`` is used"
    )
    exclude: list[str] = Field(default_factory=list, description="globs for matches_any")
    standard: str | None = Field(
        default=None, description="measurement standard of the threshold, e.g. ISO 230/2 (1988)"
    )
    near: NearMiss | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


class AllOf(_Rule):
    all: list[Condition] = Field(min_length=1)
    text: str | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


class AnyOf(_Rule):
    any: list[Condition] = Field(min_length=1)
    text: str | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


class NotOf(_Rule):
    not_: Condition = Field(alias="not")
    text: str
    jurisdictions: list[RuleJurisdiction] | None = None


class Exists(_Rule):
    """At least ``min`` elements of a list (``linear_axes``) satisfy ``where``.

    ``count_fact`` (``axes.rotary``) says how many elements there should be: an empty list
    with a count of 0 is a definite "no such axis"; otherwise an empty list is unknown.
    """

    exists: str
    where: Condition
    min: int = Field(default=1, ge=1)
    count_fact: str | None = None
    text: str | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("fact", "all", "any", "not", "exists"):
            if key in value:
                return key
        return None
    for cls, key in ((Leaf, "fact"), (AllOf, "all"), (AnyOf, "any"), (NotOf, "not")):
        if isinstance(value, cls):
            return key
    return "exists" if isinstance(value, Exists) else None


Condition = Annotated[
    Annotated[Leaf, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Exists, Tag("exists")],
    Discriminator(
        _condition_tag,
        custom_error_type="invalid_condition",
        custom_error_message="a condition needs one of the keys fact, all, any, not, exists",
    ),
]


class Exclusion(_Rule):
    """A note that takes items out of an entry ("2B001.a does not apply to ...")."""

    id: str
    text: str
    citation: str
    when: Condition
    see: str | None = Field(default=None, description="where the excluded items are, e.g. 2B003")
    jurisdictions: list[RuleJurisdiction] | None = None


class EntryNote(_Rule):
    """An interpretive note shown when ``when`` holds (e.g. the multi-capability Note 3)."""

    id: str
    text: str
    citation: str
    when: Condition | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


class Paragraph(_Rule):
    """One paragraph of an entry. Leaves (no sub-paragraphs) are the codes items get.

    ``scope`` says what kind of item the paragraph is about (a turning machine); an item out
    of scope is "not applicable" rather than "not controlled". ``when`` holds the paragraph's
    own criteria; a paragraph with sub-paragraphs needs one of them to be met as well.
    """

    code: str
    text: str
    citation: str | None = None
    scope: Condition | None = None
    when: Condition | None = None
    exclusions: list[Exclusion] = Field(default_factory=list)
    notes: list[EntryNote] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    regime_code: str | None = None
    jurisdictions: list[RuleJurisdiction] | None = None


class ReasonRule(_Rule):
    """A US reason for control and Country Chart column (``NS2``), and when it applies."""

    reason: str = Field(pattern=r"^[A-Z]{2,3}[0-9]?$")
    text: str
    citation: str
    paragraphs: list[str] | None = Field(
        default=None, description="globs of paragraph codes it applies to; all when absent"
    )
    when: Condition | None = None
    unless: list[Exclusion] = Field(default_factory=list)


class Precedence(_Rule):
    """The entry covers items "other than those controlled by" other entries (or is n.e.s.)."""

    other_than: list[str] = Field(min_length=1)
    text: str
    citation: str
    report_when_superseded: bool = True


class RuleSource(_Rule):
    jurisdiction: RuleJurisdiction | Literal["nsg"]
    document: str
    locator: str
    version: str | None = None
    date: dt.date | None = None
    verified: bool = True
    note: str | None = None


class RuleFile(_Rule):
    """One rules file: one entry of one regime."""

    schema_: Literal["exportctl.rules/1"] = Field(alias="schema")
    entry: str
    title: str
    kind: EntryKind = EntryKind.ITEM
    regime: ListRegime
    regime_code: str | None = Field(
        default=None, description="the regime's own code when it is not the Wassenaar form"
    )
    jurisdictions: list[RuleJurisdiction] = Field(min_length=1)
    version: str
    effective: dt.date
    citation: str
    citation_template: str = Field(
        description="citation of each paragraph; {code} and {wassenaar} are filled in"
    )
    sources: list[RuleSource] = Field(min_length=1)
    applies_when: Condition | None = None
    exclusions: list[Exclusion] = Field(default_factory=list)
    notes: list[EntryNote] = Field(default_factory=list)
    precedence: Precedence | None = None
    reasons_for_control: list[ReasonRule] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(min_length=1)


AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
Exists.model_rebuild()
Paragraph.model_rebuild()


GUIDANCE_SCHEMA_ID = "exportctl.guidance/1"


class CitedText(_Rule):
    """A text classification quotes in a note, with the provision it comes from."""

    text: str
    citation: str | None = None


class ConsistencyCheck(CitedText):
    """A contradiction in an item spec worth a caveat; ``text`` may hold ``{placeholders}``."""

    missing: list[str] = Field(default_factory=list)


class GuidanceTexts(_Rule):
    part_rule: CitedText  # parts incorporated vs. spares (15 CFR 770.2(b))
    catch_all: CitedText  # end-use catch-alls are determination's concern
    use_definition: CitedText  # the definition of "use" (Wassenaar; 15 CFR 772.1)
    separate_unit: CitedText  # when a component is classified on its own


class GuidanceChecks(_Rule):
    contouring_exceeds_axes: ConsistencyCheck
    tilting_spindle_rotary_axis: ConsistencyCheck  # Wassenaar Category 2 Technical Note 4


class Guidance(_Rule):
    """``rules/guidance/guidance.yaml``: the texts and consistency checks beside the entries."""

    schema_: Literal["exportctl.guidance/1"] = Field(alias="schema")
    texts: GuidanceTexts
    checks: GuidanceChecks
