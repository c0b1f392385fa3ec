"""The case workflow as one pure function: ``decide(case, command, actor, now)``.

It checks the acting user's role, the state machine (:mod:`exportctl.cases.states`) and the
four-eyes rule, and returns the changed case with the events that record the change. It
never writes: the store commits the case and its events together, or neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from exportctl.cases.states import MACHINES_VERSION, REASON_CODES, How, machine
from exportctl.errors import Conflict, Forbidden, InvalidInput
from exportctl.model.audit import EventDraft
from exportctl.model.case import (
    NEW_CASE_ID,
    Application,
    Case,
    CaseDecision,
    CaseKind,
    CaseLink,
    Comment,
    ConditionKind,
    HitSubject,
    LicenceCondition,
    Proposal,
    Role,
    User,
)

__all__ = [
    "NEW_CASE_ID",
    "AddComment",
    "AddLink",
    "Approve",
    "Assign",
    "Command",
    "Decided",
    "OpenCase",
    "Propose",
    "Reject",
    "Reopen",
    "Transition",
    "decide",
    "require_role",
]


@dataclass(frozen=True)
class OpenCase:
    kind: CaseKind
    title: str
    case_id: str | None = None  # investigations keep their alert's id
    links: tuple[CaseLink, ...] = ()
    subject: HitSubject | None = None
    application: Application | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Transition:
    target: str
    reason: str


@dataclass(frozen=True)
class AddComment:
    text: str


@dataclass(frozen=True)
class Assign:
    assignee: str | None


@dataclass(frozen=True)
class AddLink:
    link: CaseLink


@dataclass(frozen=True)
class Propose:
    decision: str
    reason: str
    reason_code: str | None = None
    conditions: tuple[LicenceCondition, ...] = ()


@dataclass(frozen=True)
class Approve:
    reason: str | None = None


@dataclass(frozen=True)
class Reject:
    reason: str


@dataclass(frozen=True)
class Reopen:
    """The case memory reopens a cleared review: the entry's content changed."""

    reason: str
    diff: dict[str, Any]
    entry_hash: str
    entry: dict[str, Any]


Command = (
    OpenCase | Transition | AddComment | Assign | AddLink | Propose | Approve | Reject | Reopen
)


@dataclass(frozen=True)
class Decided:
    case: Case
    events: tuple[EventDraft, ...] = field(default_factory=tuple)


def require_role(actor: User, role: Role, action: str) -> None:
    """Raise unless ``actor`` is enabled and holds ``role`` or a higher one."""
    if not actor.enabled:
        raise Forbidden(f"user {actor.name!r} is disabled", code="user_disabled")
    if not actor.role.at_least(role):
        raise Forbidden(
            f"{action} needs the {role.value} role; {actor.name!r} is {actor.role.value}",
            code="role_required",
        )


def _reason(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise InvalidInput(f"{what} needs a reason (--reason TEXT)", code="reason_required")
    return text.strip()


def _event(actor: User, action: str, case: Case, reason: str | None, **payload: Any) -> EventDraft:
    return EventDraft(
        actor=actor.name,
        action=action,
        object=case.id,
        reason=reason,
        payload={"kind": case.kind.value, "machines": MACHINES_VERSION, **payload},
    )


def _not_terminal(case: Case, what: str) -> None:
    if case.state in machine(case.kind).terminal:
        raise Conflict(
            f"case {case.id} is {case.state}, a final state: it cannot {what}",
            code="case_closed",
        )


def _open(cmd: OpenCase, actor: User, now: datetime) -> Decided:
    require_role(actor, Role.ANALYST, "opening a case")
    if not cmd.title.strip():
        raise InvalidInput("a case needs a title", code="title_required")
    if (cmd.kind is CaseKind.HIT_REVIEW) != (cmd.subject is not None):
        raise InvalidInput("a hit review (and only one) has a subject", code="case_invalid")
    if (cmd.kind is CaseKind.LICENCE_APPLICATION) != (cmd.application is not None):
        raise InvalidInput(
            "a licence application (and only one) has an application", code="case_invalid"
        )
    m = machine(cmd.kind)
    case = Case(
        id=cmd.case_id or NEW_CASE_ID,
        kind=cmd.kind,
        state=m.initial,
        title=cmd.title.strip(),
        created_at=now,
        created_by=actor.name,
        updated_at=now,
        links=cmd.links,
        subject=cmd.subject,
        application=cmd.application,
    )
    payload: dict[str, Any] = {
        "state": case.state,
        "title": case.title,
        "links": [link.model_dump(mode="json") for link in case.links],
    }
    if case.subject is not None:
        payload["subject"] = {
            "party_key": case.subject.party_key,
            "entity_id": case.subject.entity_id,
            "entry_hash": case.subject.entry_hash,
            "score": case.subject.score,
        }
    if case.application is not None:
        payload["application"] = case.application.model_dump(mode="json")
    return Decided(case, (_event(actor, "case.opened", case, cmd.reason, **payload),))


def _transition(case: Case, cmd: Transition, actor: User, now: datetime) -> Decided:
    m = machine(case.kind)
    if cmd.target not in m.state_names:
        raise InvalidInput(
            f"{cmd.target!r} is not a {case.kind.value} state; states: {', '.join(m.state_names)}",
            code="state_unknown",
        )
    _not_terminal(case, f"move to {cmd.target}")
    if case.proposal is not None:
        raise Conflict(
            f"case {case.id} has a pending proposal ({case.proposal.decision}); approve or reject "
            "it first",
            code="proposal_pending",
        )
    t = m.find(case.state, cmd.target, How.DIRECT)
    if t is None:
        allowed = [x.target for x in m.allowed_from(case.state) if x.how is How.DIRECT]
        via = [x.target for x in m.allowed_from(case.state) if x.how is How.DECISION]
        hint = f"allowed: {', '.join(allowed) or 'none'}"
        if cmd.target in via:
            hint = f"{cmd.target} is a decision: use `cases propose`, then a second user approves"
        raise Conflict(
            f"case {case.id}: {case.state} -> {cmd.target} is not allowed for a "
            f"{case.kind.value} ({hint})",
            code="transition_not_allowed",
        )
    require_role(actor, t.role, f"moving a {case.kind.value} to {cmd.target}")
    reason = _reason(cmd.reason, "a transition")
    new = case.model_copy(update={"state": cmd.target, "updated_at": now})
    return Decided(
        new,
        (_event(actor, "case.transitioned", new, reason, **{"from": case.state, "to": t.target}),),
    )


def _check_conditions(decision: str, conditions: Sequence[LicenceCondition]) -> None:
    if decision == "approved_with_conditions" and not conditions:
        raise InvalidInput(
            "approved_with_conditions needs at least one --condition", code="conditions_required"
        )
    if decision != "approved_with_conditions" and conditions:
        raise InvalidInput(
            f"conditions go with approved_with_conditions, not {decision}",
            code="conditions_not_allowed",
        )
    for c in conditions:
        if c.kind is ConditionKind.VALIDITY_END and c.until is None:
            raise InvalidInput("validity_end needs a date", code="condition_invalid")


def _propose(case: Case, cmd: Propose, actor: User, now: datetime) -> Decided:
    m = machine(case.kind)
    if cmd.decision not in m.decisions():
        raise InvalidInput(
            f"{cmd.decision!r} is not a {case.kind.value} decision; decisions: "
            f"{', '.join(m.decisions())}",
            code="decision_unknown",
        )
    _not_terminal(case, f"take the decision {cmd.decision}")
    if case.proposal is not None:
        raise Conflict(
            f"case {case.id} already has a pending proposal ({case.proposal.decision} by "
            f"{case.proposal.proposed_by})",
            code="proposal_pending",
        )
    t = m.find(case.state, cmd.decision, How.DECISION)
    if t is None:
        raise Conflict(
            f"case {case.id}: {cmd.decision} cannot be decided from {case.state}",
            code="transition_not_allowed",
        )
    require_role(actor, t.role, f"proposing {cmd.decision}")
    reason = _reason(cmd.reason, "a proposal")
    code = cmd.reason_code
    if case.kind is CaseKind.HIT_REVIEW:
        codes = REASON_CODES[cmd.decision]
        if code not in codes:
            raise InvalidInput(
                f"a {cmd.decision} decision needs --reason-code, one of: {', '.join(codes)}",
                code="reason_code_invalid",
            )
    elif code is not None:
        raise InvalidInput("reason codes are for hit reviews only", code="reason_code_invalid")
    if case.kind is CaseKind.LICENCE_APPLICATION:
        _check_conditions(cmd.decision, cmd.conditions)
    elif cmd.conditions:
        raise InvalidInput(
            "conditions are for licence applications only", code="conditions_not_allowed"
        )
    proposal = Proposal(
        decision=cmd.decision,
        reason=reason,
        reason_code=code,
        conditions=cmd.conditions,
        proposed_by=actor.name,
        proposed_at=now,
        from_state=case.state,
    )
    new = case.model_copy(update={"proposal": proposal, "updated_at": now})
    payload = {
        "decision": cmd.decision,
        "reason_code": code,
        "conditions": [c.model_dump(mode="json") for c in cmd.conditions],
        "state": case.state,
    }
    return Decided(new, (_event(actor, "proposal.made", new, reason, **payload),))


def _pending(case: Case, what: str) -> Proposal:
    _not_terminal(case, what)
    if case.proposal is None:
        raise Conflict(f"case {case.id} has no pending proposal to {what}", code="no_proposal")
    return case.proposal


def _four_eyes(proposal: Proposal, actor: User, what: str) -> None:
    require_role(actor, Role.APPROVER, what)
    if actor.name == proposal.proposed_by:
        raise Forbidden(
            f"{actor.name!r} proposed this decision and cannot also {what.split()[0]} it "
            "(four eyes: a different approver must)",
            code="four_eyes",
        )


def _approve(case: Case, cmd: Approve, actor: User, now: datetime) -> Decided:
    p = _pending(case, "approve")
    _four_eyes(p, actor, "approve the proposal")
    decision = CaseDecision(
        decision=p.decision,
        reason=p.reason,
        reason_code=p.reason_code,
        conditions=p.conditions,
        proposed_by=p.proposed_by,
        proposed_at=p.proposed_at,
        approved_by=actor.name,
        decided_at=now,
    )
    new = case.model_copy(
        update={"state": p.decision, "proposal": None, "decision": decision, "updated_at": now}
    )
    payload = {
        "from": case.state,
        "to": p.decision,
        "decision": p.decision,
        "proposed_by": p.proposed_by,
        "proposal_reason": p.reason,
        "reason_code": p.reason_code,
        "conditions": [c.model_dump(mode="json") for c in p.conditions],
    }
    reason = cmd.reason.strip() if cmd.reason and cmd.reason.strip() else None
    return Decided(new, (_event(actor, "proposal.approved", new, reason, **payload),))


def _reject(case: Case, cmd: Reject, actor: User, now: datetime) -> Decided:
    p = _pending(case, "reject")
    _four_eyes(p, actor, "reject the proposal")
    reason = _reason(cmd.reason, "a rejection")
    new = case.model_copy(update={"proposal": None, "updated_at": now})
    payload = {"decision": p.decision, "proposed_by": p.proposed_by, "state": case.state}
    return Decided(new, (_event(actor, "proposal.rejected", new, reason, **payload),))


def _reopen(case: Case, cmd: Reopen, actor: User, now: datetime) -> Decided:
    if case.subject is None:
        raise InvalidInput(f"case {case.id} is not a hit review", code="case_invalid")
    m = machine(case.kind)
    if m.find(case.state, "open", How.SYSTEM) is None:
        raise Conflict(
            f"case {case.id} is {case.state}; only a cleared review reopens",
            code="transition_not_allowed",
        )
    require_role(actor, Role.VIEWER, "reopening a review")
    subject = case.subject.model_copy(update={"entry_hash": cmd.entry_hash, "entry": cmd.entry})
    record = {"at": now.isoformat(), "diff": cmd.diff, "previous_decision": None}
    if case.decision is not None:
        record["previous_decision"] = case.decision.model_dump(mode="json")
    new = case.model_copy(
        update={
            "state": "open",
            "subject": subject,
            "decision": None,
            "reopened": (*case.reopened, record),
            "updated_at": now,
        }
    )
    payload = {"from": case.state, "to": "open", "diff": cmd.diff, "entry_hash": cmd.entry_hash}
    return Decided(new, (_event(actor, "case.reopened", new, cmd.reason, **payload),))


def decide(case: Case | None, cmd: Command, actor: User, now: datetime) -> Decided:
    """Apply ``cmd`` by ``actor`` at ``now`` to ``case`` (None: the command opens one).

    Raises Forbidden (role, disabled user, four eyes), Conflict (a transition the machine does
    not allow, a final state, a pending or missing proposal) or InvalidInput (a missing reason,
    an unknown state or decision).
    """
    if not actor.enabled:
        raise Forbidden(f"user {actor.name!r} is disabled", code="user_disabled")
    if isinstance(cmd, OpenCase):
        return _open(cmd, actor, now)
    if case is None:
        raise InvalidInput("this command needs an existing case", code="case_invalid")
    if isinstance(cmd, Transition):
        out = _transition(case, cmd, actor, now)
    elif isinstance(cmd, Propose):
        out = _propose(case, cmd, actor, now)
    elif isinstance(cmd, Approve):
        out = _approve(case, cmd, actor, now)
    elif isinstance(cmd, Reject):
        out = _reject(case, cmd, actor, now)
    elif isinstance(cmd, Reopen):
        out = _reopen(case, cmd, actor, now)
    else:
        out = _annotate(case, cmd, actor, now)
    return Decided(out.case.model_copy(update={"version": case.version + 1}), out.events)


def _annotate(
    case: Case, cmd: AddComment | Assign | AddLink, actor: User, now: datetime
) -> Decided:
    require_role(actor, Role.ANALYST, "changing a case")
    if isinstance(cmd, AddComment):
        text = cmd.text.strip()
        if not text:
            raise InvalidInput("a comment needs text", code="comment_empty")
        new = case.model_copy(
            update={
                "comments": (*case.comments, Comment(at=now, author=actor.name, text=text)),
                "updated_at": now,
            }
        )
        return Decided(new, (_event(actor, "case.commented", new, None, text=text),))
    if isinstance(cmd, Assign):
        new = case.model_copy(update={"assignee": cmd.assignee, "updated_at": now})
        return Decided(new, (_event(actor, "case.assigned", new, None, assignee=cmd.assignee),))
    new = case.model_copy(update={"links": (*case.links, cmd.link), "updated_at": now})
    return Decided(
        new, (_event(actor, "case.linked", new, None, link=cmd.link.model_dump(mode="json")),)
    )
