"""Cases: open, move, comment, propose, approve and reject, with the acting user checked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from exportctl.cases import (
    AddComment,
    AddLink,
    Approve,
    Assign,
    Command,
    OpenCase,
    Propose,
    Reject,
    Transition,
    decide,
    parse_conditions,
    require_role,
)
from exportctl.errors import InvalidInput
from exportctl.model.case import Case, CaseKind, CaseLink, Role
from exportctl.services.users import UserService
from exportctl.store.ports import CaseStore

__all__ = ["CaseService", "parse_kind"]


def _now() -> datetime:
    return datetime.now(UTC)


def parse_kind(value: str | None) -> CaseKind | None:
    if value is None:
        return None
    try:
        return CaseKind(value)
    except ValueError:
        raise InvalidInput(
            f"unknown case kind {value!r}; one of: {', '.join(k.value for k in CaseKind)}",
            code="case_kind_unknown",
        ) from None


class CaseService:
    def __init__(
        self, store: CaseStore, users: UserService, clock: Callable[[], datetime] = _now
    ) -> None:
        self.store = store
        self.users = users
        self.clock = clock

    def open(self, actor: str, cmd: OpenCase, *, review_key: str | None = None) -> Case:
        who = self.users.resolve(actor)
        decided = decide(None, cmd, who, self.clock())
        case, _ = self.store.create_case(decided.case, decided.events, review_key=review_key)
        return case

    def get(self, actor: str, case_id: str) -> Case:
        self.users.resolve(actor)
        return self.store.get_case(case_id)

    def find(self, actor: str, *, kind: str | None = None, state: str | None = None) -> list[Case]:
        self.users.resolve(actor)
        return self.store.find_cases(kind=parse_kind(kind), state=state)

    def apply(self, actor: str, case_id: str, cmd: Command) -> Case:
        """Apply one command; the case and its events are committed together or not at all.

        Raises Conflict (``case_conflict``) when another writer changed the case meanwhile.
        """
        who = self.users.resolve(actor)
        case = self.store.get_case(case_id)
        decided = decide(case, cmd, who, self.clock())
        self.store.update_case(decided.case, case.version, decided.events)
        return decided.case

    def transition(self, actor: str, case_id: str, state: str, reason: str) -> Case:
        return self.apply(actor, case_id, Transition(state, reason))

    def comment(self, actor: str, case_id: str, text: str) -> Case:
        return self.apply(actor, case_id, AddComment(text))

    def assign(self, actor: str, case_id: str, assignee: str | None) -> Case:
        if assignee is not None:
            require_role(self.users.resolve(assignee), Role.ANALYST, "being assigned a case")
        return self.apply(actor, case_id, Assign(assignee))

    def link(self, actor: str, case_id: str, link: CaseLink) -> Case:
        return self.apply(actor, case_id, AddLink(link))

    def propose(
        self,
        actor: str,
        case_id: str,
        decision: str,
        reason: str,
        *,
        reason_code: str | None = None,
        conditions: Sequence[str] = (),
    ) -> Case:
        """Propose a decision; ``conditions`` as ``KIND[:DETAIL]`` (see docs/cases.md)."""
        cmd = Propose(decision, reason, reason_code, parse_conditions(conditions))
        return self.apply(actor, case_id, cmd)

    def approve(self, actor: str, case_id: str, reason: str | None = None) -> Case:
        return self.apply(actor, case_id, Approve(reason))

    def reject(self, actor: str, case_id: str, reason: str) -> Case:
        return self.apply(actor, case_id, Reject(reason))

    def history(self, actor: str, case_id: str) -> list[dict[str, object]]:
        """The case's events, oldest first."""
        self.users.resolve(actor)
        self.store.get_case(case_id)
        return [e.as_dict() for e in self.store.events(object_id=case_id)]
