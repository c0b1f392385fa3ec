"""Reports: a case or a determination as a record (values; :mod:`exportctl.reports` renders).

The case report reads the case, the results it links and the case's own audit events: the
decision chain is the trail itself (each step keeps its event hash), the roles are the ones
the users held when they acted (from the trail's ``user.*`` events), and the audit head at
report time lets an auditor check the printed record against ``audit verify --anchor``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from exportctl.errors import NotFound
from exportctl.model.audit import AuditEvent
from exportctl.model.case import (
    Case,
    CaseKind,
    LicenceCondition,
    LinkKind,
    Provenance,
    RecordedResult,
)
from exportctl.model.determination import Determination, Transaction
from exportctl.model.report import (
    CaseReport,
    DecisionStep,
    DeterminationReport,
    FourEyesCheck,
    ReportDocument,
    ReportParty,
    ReportResult,
    TransactionSummary,
)
from exportctl.services.users import SYSTEM_ACTOR, UserService
from exportctl.store.ports import CaseStore

__all__ = ["DECISION_ACTIONS", "ReportService", "determination_report", "transaction_summary"]

#: The audit actions that make up a case's decision chain (comments, links and assignments
#: are shown elsewhere in the report).
DECISION_ACTIONS = frozenset(
    {
        "case.opened",
        "case.transitioned",
        "case.reopened",
        "proposal.made",
        "proposal.approved",
        "proposal.rejected",
    }
)
_LABEL_ROLE = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)$")


def _now() -> datetime:
    return datetime.now(UTC)


def _at(event: AuditEvent) -> datetime:
    return datetime.fromisoformat(event.at)


def transaction_summary(tx: Transaction) -> TransactionSummary:
    """A few lines saying what the transaction does."""
    lines = []
    for line in tx.lines:
        item = tx.items.get(line.item)
        text = f"{line.activity.value}: item {line.item}"
        label = item and (item.description or item.model)
        if label:
            text += f" ({label})"
        if line.description:
            text += f"; {line.description}"
        if line.quantity is not None:
            text += f"; quantity {line.quantity:g}"
        if line.value:
            text += f"; value {line.value}"
        lines.append(text)
    return TransactionSummary(
        id=tx.id,
        date=tx.date,
        exporter=tx.exporter.name,
        exporter_country=tx.exporter.country,
        destination=tx.destination,
        end_use=tx.end_use,
        parties=tuple(
            ReportParty(role=p.role.value, name=p.name, country=p.country, ref=p.id)
            for p in tx.parties
        ),
        lines=tuple(lines),
        source=tx.source,
    )


def determination_report(
    result: Determination | RecordedResult,
    transaction: Transaction | None = None,
    *,
    now: datetime | None = None,
) -> DeterminationReport:
    """The report of a determination, computed now or recorded (``assess --record``).

    ``transaction`` adds the transaction summary (a recorded result keeps only its id).
    Raises NotFound (``result_not_found``) for a recorded result that is not a determination.
    """
    recorded: RecordedResult | None = None
    if isinstance(result, RecordedResult):
        if result.kind != "determination":
            raise NotFound(
                f"result {result.id} is a {result.kind} result, not a determination",
                code="result_not_found",
            )
        recorded = result
        det = Determination.model_validate(result.data)
    else:
        det = result
    return DeterminationReport(
        transaction=det.transaction,
        outcome=det.outcome,
        as_of=det.as_of,
        jurisdictions=det.jurisdictions,
        findings=det.findings,
        data_versions=det.data_versions,
        summary=transaction_summary(transaction) if transaction is not None else None,
        result_id=recorded.id if recorded else None,
        recorded_at=recorded.created_at if recorded else None,
        recorded_by=recorded.created_by if recorded else None,
        provenance=recorded.provenance if recorded else None,
        generated_at=now or _now(),
    )


def _merge_versions(provenances: Iterable[Provenance], workflow: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in provenances:
        out["exportctl"] = p.exportctl_version
        for key in ("lists", "controls", "regimes"):
            value: dict[str, str] = getattr(p, key)
            if value:
                out.setdefault(key, {}).update(value)
        if p.rules:
            out["rules"] = p.rules
        if p.scorer_config_hash:
            out["scorer_config"] = p.scorer_config_hash
    if workflow:
        out["workflow"] = workflow
    return out


def _conditions(payload: dict[str, Any]) -> tuple[LicenceCondition, ...]:
    return tuple(LicenceCondition.model_validate(c) for c in payload.get("conditions") or ())


class ReportService:
    """Assembles reports; reading one needs only the viewer role."""

    def __init__(
        self, store: Callable[[], CaseStore], clock: Callable[[], datetime] = _now
    ) -> None:
        # The case store opens on the first case report: a determination report needs none.
        self._store = store
        self.clock = clock

    @property
    def store(self) -> CaseStore:
        return self._store()

    def determination_report(
        self, result: Determination | RecordedResult, transaction: Transaction | None = None
    ) -> DeterminationReport:
        """See :func:`determination_report`."""
        return determination_report(result, transaction, now=self.clock())

    def case_report(self, actor: str, case_id: str) -> CaseReport:
        """The report of one case. Raises NotFound (``case_not_found``, ``user_not_found``)."""
        store = self.store
        who = UserService(store).resolve(actor)
        case = store.get_case(case_id)
        events = list(store.events(object_id=case.id))
        head = store.head()
        results = self._results(store, case)
        roles = _RoleHistory(store)
        chain = tuple(_step(e, roles) for e in events if e.action in DECISION_ACTIONS)
        workflow = next(
            (
                str(e.payload_data()["machines"])
                for e in reversed(events)
                if "machines" in e.payload
            ),
            None,
        )
        now = self.clock()
        determinations = tuple(
            determination_report(r, now=now) for r in results if r.kind == "determination"
        )
        return CaseReport(
            case_id=case.id,
            kind=case.kind,
            state=case.state,
            title=case.title,
            created_at=case.created_at,
            created_by=case.created_by,
            updated_at=case.updated_at,
            assignee=case.assignee,
            parties=_parties(case, determinations),
            links=case.links,
            documents=tuple(
                ReportDocument(ref=link.ref, sha256=link.label)
                for link in case.links
                if link.kind is LinkKind.DOCUMENT
            ),
            subject=case.subject,
            application=case.application,
            results=tuple(
                ReportResult(
                    id=r.id,
                    kind=r.kind,
                    subject=r.subject,
                    created_at=r.created_at,
                    created_by=r.created_by,
                    provenance=r.provenance,
                )
                for r in results
            ),
            determinations=determinations,
            comments=case.comments,
            decision_chain=chain,
            four_eyes=_four_eyes(chain),
            decision=case.decision,
            pending=case.proposal,
            data_versions=_merge_versions((r.provenance for r in results), workflow),
            audit_head_seq=head.seq if head else None,
            audit_head_hash=head.hash if head else None,
            generated_at=now,
            generated_by=who.name,
        )

    @staticmethod
    def _results(store: CaseStore, case: Case) -> list[RecordedResult]:
        out: list[RecordedResult] = []
        for link in case.links:
            if link.kind is not LinkKind.RESULT:
                continue
            try:
                out.append(store.get_result(link.ref))
            except NotFound:  # a link to a result this store does not hold: shown as a link
                continue
        return out


class _RoleHistory:
    """The role each user held at a point of the trail (``user.added``, ``user.role_changed``)."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self._changes: dict[str, list[tuple[int, str]]] = {}

    def at(self, name: str, seq: int) -> str | None:
        if name == SYSTEM_ACTOR:
            return SYSTEM_ACTOR
        if name not in self._changes:
            changes: list[tuple[int, str]] = []
            for e in self.store.events(object_id=name):
                data = e.payload_data()
                if e.action == "user.added" and "role" in data:
                    changes.append((e.seq, str(data["role"])))
                elif e.action == "user.role_changed" and "to" in data:
                    changes.append((e.seq, str(data["to"])))
            self._changes[name] = changes
        role = None
        for when, value in self._changes[name]:
            if when <= seq:
                role = value
        if role is None:  # a user stored without its events (an embedding's own store)
            try:
                role = self.store.get_user(name).role.value
            except NotFound:
                return None
        return role


def _step(e: AuditEvent, roles: _RoleHistory) -> DecisionStep:
    data = e.payload_data()
    from_state = data.get("from")
    to_state = data.get("to")
    if e.action == "case.opened":
        to_state = data.get("state")
    elif e.action in ("proposal.made", "proposal.rejected"):
        from_state = data.get("state")
    return DecisionStep(
        seq=e.seq,
        at=_at(e),
        action=e.action,
        actor=e.actor,
        role=roles.at(e.actor, e.seq),
        from_state=from_state,
        to_state=to_state,
        decision=data.get("decision"),
        reason=e.reason,
        reason_code=data.get("reason_code"),
        proposed_by=data.get("proposed_by"),
        conditions=_conditions(data),
        hash=e.hash,
    )


def _four_eyes(chain: Iterable[DecisionStep]) -> tuple[FourEyesCheck, ...]:
    out: list[FourEyesCheck] = []
    pending: DecisionStep | None = None
    for step in chain:
        if step.action == "proposal.made":
            pending = step
        elif step.action in ("proposal.approved", "proposal.rejected") and pending is not None:
            out.append(
                FourEyesCheck(
                    decision=pending.decision or "",
                    proposed_by=pending.actor,
                    proposer_role=pending.role,
                    proposed_at=pending.at,
                    outcome="approved" if step.action == "proposal.approved" else "rejected",
                    decided_by=step.actor,
                    decider_role=step.role,
                    decided_at=step.at,
                    reason=pending.reason,
                    answer=step.reason,
                    distinct=step.actor != pending.actor,
                )
            )
            pending = None
    if pending is not None:
        out.append(
            FourEyesCheck(
                decision=pending.decision or "",
                proposed_by=pending.actor,
                proposer_role=pending.role,
                proposed_at=pending.at,
                outcome="pending",
                reason=pending.reason,
            )
        )
    return tuple(out)


def _parties(case: Case, determinations: Iterable[DeterminationReport]) -> tuple[ReportParty, ...]:
    out: list[ReportParty] = []
    if case.application is not None:
        out.append(ReportParty(role="applicant", name=case.application.applicant))
    for link in case.links:
        if link.kind is not LinkKind.PARTY:
            continue
        label = link.label or link.ref
        m = _LABEL_ROLE.match(label)
        name, role = (m["name"], m["role"]) if m else (label, "party")
        country = None
        if case.kind is CaseKind.HIT_REVIEW and case.subject is not None:
            country = case.subject.country
        out.append(ReportParty(role=role, name=name, country=country, ref=link.ref))
    seen = {p.name for p in out}
    for det in determinations:
        for f in det.findings:
            if f.party and f.party not in seen:
                seen.add(f.party)
                out.append(ReportParty(role="named in the findings", name=f.party))
    return tuple(out)
