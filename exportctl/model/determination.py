"""Transactions and licence determinations: what is being done, and what the law says about it.

A :class:`Transaction` is what an exporter is about to do: who the parties are, where the goods
go, what each line does (export a spare part, repair a machine, give technical assistance) and
with which item. A :class:`Determination` is the answer: one :class:`Outcome` (the most severe
finding's), the :class:`Finding` list with a legal citation each, and one
:class:`JurisdictionOutcome` per jurisdiction evaluated, with the reasons it is free where it is.

The JSON shape is a public contract (``docs/CONTRACTS.md`` "Determination")::

    {"transaction": "...", "outcome": "prohibited|license_required|no_license_required|review",
     "findings": [{"kind", "severity", "code", "jurisdiction", "message", "citation"}]}

Fields beyond those are additions.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from exportctl.model.item import ItemSpec

__all__ = [
    "Activity",
    "ClearedHit",
    "Determination",
    "Exporter",
    "Finding",
    "FindingKind",
    "JurisdictionOutcome",
    "Line",
    "Notice",
    "Outcome",
    "PartyRole",
    "Severity",
    "Transaction",
    "TransactionParty",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Activity(StrEnum):
    """What a transaction line does with its item."""

    EXPORT = "export"
    REEXPORT = "reexport"
    TRANSFER = "transfer"
    TECHNICAL_ASSISTANCE = "technical_assistance"
    REPAIR = "repair"
    SOFTWARE_TRANSFER = "software_transfer"
    TECHNOLOGY_TRANSFER = "technology_transfer"

    @property
    def is_service(self) -> bool:
        """Repair and technical assistance: know-how travels with the people who do the work."""
        return self in (Activity.TECHNICAL_ASSISTANCE, Activity.REPAIR)


class PartyRole(StrEnum):
    """The role a party plays in a transaction."""

    CONSIGNEE = "consignee"
    END_USER = "end_user"
    INTERMEDIATE = "intermediate"
    PURCHASER = "purchaser"


class Exporter(_Frozen):
    """Who exports: the country decides which national regime applies first."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    address: str | None = None


class TransactionParty(_Frozen):
    """A party to the transaction other than the exporter."""

    role: PartyRole
    name: str
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    address: str | None = None
    id: str | None = None


class Notice(_Frozen):
    """A notice from an authority that the exporter "has been informed" of a concerning end use.

    EU Reg. 2021/821 Art. 4(1), 15 CFR 744.2(b)/744.3(b) and Taiwan's SHTC catch-all all turn on
    such a notice; ``concerns`` uses the same words as watch lists (nuclear, missile, chemical,
    biological, military).
    """

    authority: str
    reference: str | None = None
    date: dt.date | None = None
    concerns: tuple[str, ...] = ()
    party: str | None = None  # the party name the notice concerns (None: the transaction)


class Line(_Frozen):
    """One thing the transaction does: export an item, repair a machine, transfer technology."""

    activity: Activity
    item: str  # an id in Transaction.items (inline items are moved there by the loader)
    quantity: float | None = None
    value: str | None = None
    description: str | None = None
    # Whether US persons perform this line (15 CFR 744.6, 31 CFR 560.204); None: not stated.
    us_persons: bool | None = None


class Transaction(_Frozen):
    """A transaction as written in YAML (``docs/CONTRACTS.md`` "Inputs")."""

    id: str
    date: dt.date | None = None
    exporter: Exporter
    parties: tuple[TransactionParty, ...] = ()
    destination: str | None = None  # ISO 3166-1 alpha-2 of the final destination
    ship_from: str | None = None  # where the goods leave from (default: the exporter's country)
    end_use: str | None = None
    # End uses the exporter declares or knows of (nuclear, missile, chemical, biological,
    # military); the exporter then "is aware" in the sense of the catch-all clauses.
    end_use_concerns: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()
    lines: tuple[Line, ...]
    # Item specs by id, parsed once (the schema is the model's ItemSpec).
    items: dict[str, ItemSpec] = Field(default_factory=dict)
    # Answers to questionnaire questions (e.g. BIS "Know Your Customer" red flags) by id.
    answers: dict[str, bool | None] = Field(default_factory=dict)
    us_content_percent: float | None = None  # US-origin controlled content of foreign items
    source: str | None = None  # the file it was read from


class FindingKind(StrEnum):
    PARTY = "party"
    ITEM = "item"
    DESTINATION = "destination"
    END_USE = "end_use"
    ACTIVITY = "activity"
    RED_FLAG = "red_flag"


class Severity(StrEnum):
    """How a finding bears on the outcome, from the most to the least severe."""

    BLOCK = "block"
    LICENSE = "license"
    REVIEW = "review"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for block ... 3 for info: lower is more severe."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = (Severity.BLOCK, Severity.LICENSE, Severity.REVIEW, Severity.INFO)


class Outcome(StrEnum):
    PROHIBITED = "prohibited"
    LICENSE_REQUIRED = "license_required"
    REVIEW = "review"
    NO_LICENSE_REQUIRED = "no_license_required"

    @classmethod
    def of(cls, severities: list[Severity] | tuple[Severity, ...]) -> Outcome:
        """The outcome the most severe of ``severities`` gives (info alone: none required)."""
        worst = min(severities, key=lambda s: s.rank, default=Severity.INFO)
        return {
            Severity.BLOCK: cls.PROHIBITED,
            Severity.LICENSE: cls.LICENSE_REQUIRED,
            Severity.REVIEW: cls.REVIEW,
            Severity.INFO: cls.NO_LICENSE_REQUIRED,
        }[worst]

    @property
    def rank(self) -> int:
        """0 for prohibited ... 3 for no_license_required: lower is more severe."""
        return list(Outcome).index(self)


class Finding(_Frozen):
    """One reason bearing on the outcome, with the provision it rests on.

    ``jurisdiction`` is ``tw``, ``eu``, ``us``, ``un`` or ``all`` (a finding that bears on every
    jurisdiction evaluated: missing data, red flags). ``rule`` is the id of the regime rule
    that produced it; ``lines`` are the 0-based indexes of the transaction lines concerned.
    """

    kind: FindingKind
    severity: Severity
    code: str
    jurisdiction: str
    message: str
    citation: str
    rule: str
    lines: tuple[int, ...] = ()
    item: str | None = None
    party: str | None = None
    note: str | None = None  # a legal uncertainty the reader should know about
    # The rule's conditions that held (keys of its ``when``), as classification's criteria say
    # which parameters met which threshold.
    conditions: tuple[str, ...] = ()


class JurisdictionOutcome(_Frozen):
    """The outcome under one jurisdiction, why it was evaluated and, if free, why."""

    jurisdiction: str
    name: str
    outcome: Outcome
    applies: bool  # the transaction engages this jurisdiction (False: evaluated on request)
    basis: str  # why it applies, or why it was evaluated anyway
    regime_version: str
    free_reasons: tuple[str, ...] = ()


class ClearedHit(_Frozen):
    """A party's screening hit that an earlier hit review cleared (four eyes) as a false
    positive, on list entry content that has not changed since: not counted as a hit."""

    party: str
    entity_id: str
    case_id: str
    decided_by: str | None = None
    approved_by: str | None = None
    decided_at: dt.datetime | None = None
    reason_code: str | None = None
    reason: str | None = None


class Determination(_Frozen):
    """The licence determination for one transaction."""

    transaction: str
    outcome: Outcome
    as_of: dt.date
    jurisdictions: tuple[JurisdictionOutcome, ...]
    findings: tuple[Finding, ...]
    data_versions: dict[str, Any] = Field(
        default_factory=dict,
        description="versions of the data used: lists {source: version}, controls "
        "{dataset: version}, rules, regimes {jurisdiction: version}",
    )
    cleared_hits: tuple[ClearedHit, ...] = Field(
        default=(),
        description="hits left out because a hit review cleared them (cleared-hit memory)",
    )
