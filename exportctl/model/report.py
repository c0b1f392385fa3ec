"""Records an auditor asks for: a determination report and a case report (pure values).

:mod:`exportctl.services.reports` assembles them from the stored case, its recorded results
and the audit trail; :mod:`exportctl.reports` renders them as printable HTML and as PDF. The
values carry everything a rendering shows, so the HTML, the PDF and the JSON say the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from exportctl.model.case import (
    Application,
    CaseDecision,
    CaseKind,
    CaseLink,
    Comment,
    HitSubject,
    LicenceCondition,
    Proposal,
    Provenance,
)
from exportctl.model.determination import Finding, JurisdictionOutcome, Outcome

__all__ = [
    "CaseReport",
    "DecisionStep",
    "DeterminationReport",
    "FourEyesCheck",
    "ReportDocument",
    "ReportParty",
    "ReportResult",
    "TransactionSummary",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReportParty(_Frozen):
    """A party named in a report: its role (consignee, end user, applicant, named in the
    alert ...), name, country and the key the cases know it by."""

    role: str
    name: str
    country: str | None = None
    ref: str | None = None


class TransactionSummary(_Frozen):
    """What the transaction does, in a few lines (only when the transaction itself is at hand:
    a recorded determination keeps the transaction's id and file hash, not its content)."""

    id: str
    date: dt.date | None = None
    exporter: str
    exporter_country: str | None = None
    destination: str | None = None
    end_use: str | None = None
    parties: tuple[ReportParty, ...] = ()
    lines: tuple[str, ...] = ()  # "repair: item SPINDLE-1 (spare spindle), quantity 1"
    source: str | None = None


class DeterminationReport(_Frozen):
    """One licence determination as a record: the outcome per jurisdiction, each finding
    with its legal citation, and the data versions it rests on."""

    transaction: str
    outcome: Outcome
    as_of: dt.date
    jurisdictions: tuple[JurisdictionOutcome, ...]
    findings: tuple[Finding, ...]
    data_versions: dict[str, Any] = Field(default_factory=dict)
    summary: TransactionSummary | None = None
    result_id: str | None = None  # the recorded result it came from, if any
    recorded_at: dt.datetime | None = None
    recorded_by: str | None = None
    provenance: Provenance | None = None
    generated_at: dt.datetime


class DecisionStep(_Frozen):
    """One step of a case's life from the audit trail: opened, moved, a proposal, its
    approval or rejection, a reopening. ``role`` is the user's role when the step was taken
    (from the trail's user events); ``hash`` is the step's audit event hash."""

    seq: int
    at: dt.datetime
    action: str  # case.opened | case.transitioned | proposal.made | proposal.approved | ...
    actor: str
    role: str | None
    from_state: str | None = None
    to_state: str | None = None
    decision: str | None = None
    reason: str | None = None
    reason_code: str | None = None
    proposed_by: str | None = None  # approvals and rejections: whose proposal
    conditions: tuple[LicenceCondition, ...] = ()
    hash: str


class FourEyesCheck(_Frozen):
    """A proposal and the second user's answer: ``distinct`` is True when proposer and
    approver (or rejecter) are different users, as the workflow requires."""

    decision: str
    proposed_by: str
    proposer_role: str | None
    proposed_at: dt.datetime
    outcome: str  # approved | rejected | pending
    decided_by: str | None = None
    decider_role: str | None = None
    decided_at: dt.datetime | None = None
    reason: str | None = None  # the proposal's reason
    answer: str | None = None  # the approver's note or the rejection's reason
    distinct: bool | None = None  # None while pending


class ReportResult(_Frozen):
    """A recorded result the case links: its id, kind, when and by whom, and provenance."""

    id: str
    kind: str
    subject: str
    created_at: dt.datetime
    created_by: str
    provenance: Provenance


class ReportDocument(_Frozen):
    """A document the case links (an alert file, a transaction file) and its SHA-256."""

    ref: str
    sha256: str | None = None


class CaseReport(_Frozen):
    """A case as a record: what it is about, what it rests on, and who decided what."""

    case_id: str
    kind: CaseKind
    state: str
    title: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    assignee: str | None = None
    parties: tuple[ReportParty, ...] = ()
    links: tuple[CaseLink, ...] = ()
    documents: tuple[ReportDocument, ...] = ()
    subject: HitSubject | None = None
    application: Application | None = None
    results: tuple[ReportResult, ...] = ()
    determinations: tuple[DeterminationReport, ...] = ()
    comments: tuple[Comment, ...] = ()
    decision_chain: tuple[DecisionStep, ...] = ()
    four_eyes: tuple[FourEyesCheck, ...] = ()
    decision: CaseDecision | None = None
    pending: Proposal | None = None
    data_versions: dict[str, Any] = Field(
        default_factory=dict,
        description="exportctl, lists {source: version}, controls {dataset: version}, rules, "
        "regimes {jurisdiction: version}, workflow (the state machines' version)",
    )
    audit_head_seq: int | None = None
    audit_head_hash: str | None = None
    generated_at: dt.datetime
    generated_by: str
