"""The audit trail: verify the chain, its head, exports for auditors, one object's history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from exportctl.cases import VerifyReport, verify_chain
from exportctl.model.audit import AuditEvent, EventDraft
from exportctl.services.users import UserService
from exportctl.store.ports import CaseStore

__all__ = ["AuditService"]


class AuditService:
    def __init__(self, store: CaseStore, users: UserService) -> None:
        self.store = store
        self.users = users

    def record(self, actor: str, action: str, obj: str, payload: dict[str, object]) -> None:
        """Append a system change (list load, watch-list edit) made by ``actor``."""
        self.store.append_events(
            [EventDraft(actor=actor, action=action, object=obj, payload=payload)]
        )

    def verify(self, actor: str, anchor: str | None = None) -> VerifyReport:
        """Recompute the whole chain; ``anchor`` is a head hash kept outside the database."""
        self.users.resolve(actor)
        return verify_chain(self.store.events(), anchor)

    def head(self, actor: str) -> AuditEvent | None:
        self.users.resolve(actor)
        return self.store.head()

    def events(
        self,
        actor: str,
        *,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[AuditEvent]:
        self.users.resolve(actor)
        return self.store.events(object_id=object_id, since=since, until=until)
