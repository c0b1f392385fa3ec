"""Users, cases, proposals, decisions and recorded results (pure types).

The workflow that changes them lives in :mod:`exportctl.cases`; the store keeps them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "NEW_CASE_ID",
    "ApiKeyInfo",
    "Application",
    "Case",
    "CaseDecision",
    "CaseKind",
    "CaseLink",
    "Comment",
    "ConditionKind",
    "HitMemory",
    "HitSubject",
    "IssuedKey",
    "LicenceCondition",
    "LinkKind",
    "Proposal",
    "Provenance",
    "RecordedResult",
    "Role",
    "User",
]


#: The id of a case not stored yet; the store replaces it (and event objects) with a real id.
NEW_CASE_ID = "(new)"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    """What a user may do; each role may do everything the roles before it may."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


class User(_Frozen):
    name: str
    role: Role
    enabled: bool = True
    created_at: datetime
    created_by: str


class ApiKeyInfo(_Frozen):
    """An API key as listed: never its secret, nor the secret's hash."""

    key_id: str
    user: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class IssuedKey(_Frozen):
    """A key just created. ``key`` is the whole token, shown this once and never stored."""

    key_id: str
    key: str = Field(repr=False)
    user: str
    created_at: datetime


class CaseKind(StrEnum):
    INVESTIGATION = "investigation"
    HIT_REVIEW = "hit_review"
    LICENCE_APPLICATION = "licence_application"


class LinkKind(StrEnum):
    PARTY = "party"
    ENTRY = "entry"
    DOCUMENT = "document"
    RESULT = "result"
    CASE = "case"


class CaseLink(_Frozen):
    kind: LinkKind
    ref: str
    label: str | None = None


class Comment(_Frozen):
    at: datetime
    author: str
    text: str


class ConditionKind(StrEnum):
    """Conditions a licence can be granted under (see docs/cases.md for their sources)."""

    END_USE_STATEMENT = "end_use_statement"
    NO_REEXPORT_WITHOUT_CONSENT = "no_reexport_without_consent"
    POST_SHIPMENT_VERIFICATION = "post_shipment_verification"
    REPORTING_DUTY = "reporting_duty"
    VALIDITY_END = "validity_end"


class LicenceCondition(_Frozen):
    kind: ConditionKind
    text: str | None = None  # free detail, e.g. what to report and when
    until: date | None = None  # validity_end only


class Proposal(_Frozen):
    """A decision one user proposes; it takes effect when a different approver accepts it."""

    decision: str
    reason: str
    reason_code: str | None = None
    conditions: tuple[LicenceCondition, ...] = ()
    proposed_by: str
    proposed_at: datetime
    from_state: str


class CaseDecision(_Frozen):
    """A decision in force: who proposed it, who approved it, why."""

    decision: str
    reason: str
    reason_code: str | None = None
    conditions: tuple[LicenceCondition, ...] = ()
    proposed_by: str
    proposed_at: datetime
    approved_by: str
    decided_at: datetime


class HitSubject(_Frozen):
    """A hit review's subject: one party against one list entry.

    ``party_key`` is the normalized name plus country and birth date; together with
    ``entity_id`` it identifies the review, so a later screening finds the decision again.
    ``entry_hash`` and ``entry`` are the entry's content when the review was opened or last
    decided: a different hash in a later list version reopens a cleared review.
    """

    party_name: str
    party_key: str
    country: str | None = None
    birth_date: str | None = None
    entity_id: str
    source: str
    entry_name: str
    entry_hash: str
    entry: dict[str, Any] = Field(default_factory=dict)
    score: float
    screening_decision: str


class Application(_Frozen):
    """A licence application: the applicant, the transaction and its determination."""

    applicant: str
    transaction: str
    file: str | None = None
    file_sha256: str | None = None
    result_id: str | None = None
    outcome: str | None = None


class Case(_Frozen):
    """One case of any kind. ``version`` counts committed changes (optimistic concurrency)."""

    id: str
    kind: CaseKind
    state: str
    version: int = 0
    title: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    assignee: str | None = None
    links: tuple[CaseLink, ...] = ()
    comments: tuple[Comment, ...] = ()
    proposal: Proposal | None = None
    decision: CaseDecision | None = None
    subject: HitSubject | None = None
    application: Application | None = None
    reopened: tuple[dict[str, Any], ...] = ()  # entry diffs that reopened a cleared review


class Provenance(_Frozen):
    """What a result rested on, so it can be reproduced and compared later."""

    exportctl_version: str
    lists: dict[str, str] = Field(default_factory=dict)  # source -> version
    controls: dict[str, str] = Field(default_factory=dict)  # dataset -> version
    rules: str | None = None
    regimes: dict[str, str] = Field(default_factory=dict)
    scorer: str | None = None
    scorer_config_hash: str | None = None
    inputs_sha256: str | None = None


class RecordedResult(_Frozen):
    """A stored screening or determination result with its provenance; never changed."""

    id: str
    kind: str  # screening | determination
    subject: str
    created_at: datetime
    created_by: str
    provenance: Provenance
    data: dict[str, Any]


class HitMemory(_Frozen):
    """What the case memory says about one (party, list entry) pair.

    ``status``: ``cleared`` (a decided false positive still in force), ``confirmed``,
    ``open`` (a review is pending), ``reopened`` (cleared, but the entry changed since: the
    review is open again and ``diff`` says what changed).
    """

    entity_id: str
    status: str
    case_id: str
    decided_by: str | None = None
    approved_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    reason_code: str | None = None
    diff: dict[str, Any] = Field(default_factory=dict)
