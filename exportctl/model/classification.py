"""Classification results: which control-list entries catch an item, and why.

The JSON shape is a public contract (``docs/CONTRACTS.md`` "Classification")::

    {"item": "...", "controls": [{"regime", "code", "jurisdiction_code": {"eu", "us"},
      "reasons_for_control", "criteria": [{"text", "met", "value", "threshold"}], "citation"}],
     "not_controlled_by": [{"code", "failed": [...]}], "notes": [...]}

Fields beyond those are additions. ``met`` is ``true``/``false``, or ``null`` when the item spec
does not give the parameter (the classification then carries a ``review`` note).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from exportctl.model.item import TechnologyPurpose
from exportctl.model.jurisdiction import ALL, Jurisdiction

__all__ = [
    "Classification",
    "ClassificationStatus",
    "ComponentClassification",
    "Control",
    "Criterion",
    "JurisdictionCode",
    "JurisdictionFilter",
    "JurisdictionResult",
    "NotControlled",
    "Note",
    "NoteKind",
    "PartOf",
    "WhatIf",
]


class JurisdictionFilter(StrEnum):
    """Which control lists to evaluate: one jurisdiction's, the Wassenaar list, or all.

    The members are those of :class:`~exportctl.model.jurisdiction.Jurisdiction` that have
    control lists (a test pins that), plus ``all``.
    """

    EU = Jurisdiction.EU.value
    US = Jurisdiction.US.value
    WASSENAAR = Jurisdiction.WASSENAAR.value
    ALL = ALL


class ClassificationStatus(StrEnum):
    CONTROLLED = "controlled"
    NOT_CONTROLLED = "not_controlled"  # by the entries in the rule set; other entries not checked
    REVIEW = "review"  # a deciding parameter is missing


class NoteKind(StrEnum):
    REVIEW = "review"  # a missing parameter decides the outcome: a human must supply it
    CAVEAT = "caveat"  # the outcome holds, with a condition the reader must check
    ASSUMPTION = "assumption"  # an unstated fact the rules assume (and say so)
    INFO = "info"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Criterion(_Out):
    """One test of one entry: what the regulation asks, the item's value, and the outcome."""

    text: str
    met: bool | None
    value: str | None = None
    threshold: str | None = None
    citation: str | None = None
    fact: str | None = Field(default=None, description="the item-spec path that was tested")


class JurisdictionCode(_Out):
    """The entry's code in each jurisdiction's list (``None`` where it is not evaluated)."""

    eu: str | None = None
    us: str | None = None


class Control(_Out):
    """An entry that catches the item."""

    regime: str
    code: str
    regime_code: str | None = Field(default=None, description="e.g. Wassenaar 2.B.1.b.2.b")
    jurisdiction_code: JurisdictionCode
    jurisdictions: list[str] = Field(default_factory=list)
    title: str | None = None
    reasons_for_control: list[str] = Field(default_factory=list)
    criteria: list[Criterion]
    citation: str
    primary: bool = Field(
        default=True, description="false when another entry takes precedence ('other than ...')"
    )
    superseded_by: list[str] = Field(default_factory=list)
    version: str | None = None
    purpose: TechnologyPurpose | None = Field(
        default=None,
        description='for related software and technology: what it is for ("use", development, '
        "production)",
    )


class NotControlled(_Out):
    """An entry the item was tested against and does not meet (or is excluded from)."""

    code: str
    regime: str | None = None
    jurisdictions: list[str] = Field(default_factory=list)
    failed: list[Criterion] = Field(default_factory=list)
    unknown: list[Criterion] = Field(default_factory=list)
    excluded_by: str | None = None
    citation: str | None = None


class Note(_Out):
    kind: NoteKind
    text: str
    code: str | None = None
    missing: list[str] = Field(default_factory=list)
    jurisdictions: list[str] = Field(default_factory=list)
    citation: str | None = None


class JurisdictionResult(_Out):
    """The answer per jurisdiction: the primary codes, or why there is none."""

    jurisdiction: str
    status: ClassificationStatus
    codes: list[str] = Field(default_factory=list)


class ComponentClassification(_Out):
    """A component of a machine that is listed on its own if it is sold as a separate unit."""

    component: str
    condition: str
    controls: list[Control] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class WhatIf(_Out):
    """How a variation of the item's parameters changed the answer."""

    changes: dict[str, str]
    baseline_codes: list[str]
    varied_codes: list[str]
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    baseline_status: ClassificationStatus
    varied_status: ClassificationStatus


class PartOf(_Out):
    """For a part or service: the machine it serves and how the part itself is caught."""

    item: str
    found: bool
    controls: list[str] = Field(
        default_factory=list, description="primary codes of the parent machine"
    )
    part_listed: bool | None = Field(
        default=None, description="the part is itself a listed item (None: undecided, review)"
    )
    relevance: list[Note] = Field(default_factory=list)
    classification: Classification | None = None


class Classification(_Out):
    """The outcome of classifying one item against a rule set."""

    item: str
    description: str | None = None
    jurisdiction: JurisdictionFilter = JurisdictionFilter.ALL
    status: ClassificationStatus
    controls: list[Control]
    not_controlled_by: list[NotControlled]
    notes: list[Note]
    by_jurisdiction: list[JurisdictionResult] = Field(default_factory=list)
    closest: list[NotControlled] = Field(
        default_factory=list, description="the nearest entries when nothing matches"
    )
    superseded: list[Control] = Field(
        default_factory=list, description="'n.e.s.' entries met but displaced by another entry"
    )
    not_applicable: list[str] = Field(
        default_factory=list, description="entries whose scope does not cover this kind of item"
    )
    related: list[Control] = Field(
        default_factory=list,
        description="software and technology entries for this item ('use' includes repair)",
    )
    components: list[ComponentClassification] = Field(default_factory=list)
    part_of: PartOf | None = None
    what_if: WhatIf | None = None
    rules_version: str | None = None
    data_versions: dict[str, Any] = Field(
        default_factory=dict,
        description="versions of the data used: rules, controls {dataset: version}",
    )

    def codes(self, *, primary_only: bool = True) -> list[str]:
        """The codes of the controls (primary ones only unless told otherwise), in order."""
        return [c.code for c in self.controls if c.primary or not primary_only]


PartOf.model_rebuild()
