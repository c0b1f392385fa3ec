"""Store ports for users, cases, recorded results and the audit log.

Every write takes the events that record it and commits both in one transaction, so no
change exists without its audit event and no event without its change. Two implementations
keep this contract: :class:`exportctl.store.casestore.SqlCaseStore` (SQLite, PostgreSQL) and
:class:`exportctl.store.memory.MemoryCaseStore` (tests, embedding); one contract suite runs
against both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from exportctl.model.audit import AuditEvent, EventDraft
from exportctl.model.case import ApiKeyInfo, Case, CaseKind, RecordedResult, User

__all__ = [
    "CaseRepository",
    "CaseStore",
    "CredentialRepository",
    "EventLog",
    "ResultRepository",
    "UserRepository",
]

#: Case id prefixes by kind (investigations from an alert keep the alert's ``A-`` id).
CASE_PREFIX: dict[CaseKind, str] = {
    CaseKind.INVESTIGATION: "I",
    CaseKind.HIT_REVIEW: "H",
    CaseKind.LICENCE_APPLICATION: "L",
}


class EventLog(Protocol):
    def append_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        """Seal and append events after the current head, atomically and in order."""
        ...

    def events(
        self,
        *,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[AuditEvent]:
        """Events in sequence order, optionally about one object or within [since, until)."""
        ...

    def head(self) -> AuditEvent | None: ...


class UserRepository(Protocol):
    def get_user(self, name: str) -> User:
        """Raises NotFound (``user_not_found``)."""
        ...

    def list_users(self) -> list[User]: ...

    def add_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]:
        """Raises Conflict (``user_exists``)."""
        ...

    def add_first_user(self, user: User, events: Sequence[EventDraft]) -> bool:
        """Add ``user`` only if the store has no user yet (race-free); True if added."""
        ...

    def update_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]: ...


class CredentialRepository(Protocol):
    """API keys (the secret only as its SHA-256) and password hashes. The store keeps what
    it is given; making and checking keys and hashes is :mod:`exportctl.cases.credentials`."""

    def add_api_key(
        self, key: ApiKeyInfo, secret_sha256: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        """Raises NotFound (``user_not_found``) for an unknown user, Conflict
        (``store_conflict``) for a key id that is taken."""
        ...

    def get_api_key(self, key_id: str) -> tuple[ApiKeyInfo, str]:
        """The key and its stored secret digest. Raises NotFound (``key_not_found``)."""
        ...

    def list_api_keys(self, user: str | None = None) -> list[ApiKeyInfo]:
        """Keys by creation time, all or one user's, revoked ones included."""
        ...

    def revoke_api_key(self, key_id: str, at: datetime, events: Sequence[EventDraft]) -> ApiKeyInfo:
        """Mark the key revoked at ``at`` (a revoked key keeps its first time).
        Raises NotFound (``key_not_found``)."""
        ...

    def touch_api_key(self, key_id: str, at: datetime) -> None:
        """Record a use of the key (no audit event: uses are not changes)."""
        ...

    def get_password_hash(self, name: str) -> str | None:
        """Raises NotFound (``user_not_found``)."""
        ...

    def set_password_hash(
        self, name: str, password_hash: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        """Raises NotFound (``user_not_found``)."""
        ...


class CaseRepository(Protocol):
    def get_case(self, case_id: str) -> Case:
        """Raises NotFound (``case_not_found``)."""
        ...

    def find_cases(
        self, *, kind: CaseKind | None = None, state: str | None = None
    ) -> list[Case]: ...

    def find_review(self, review_key: str) -> Case | None:
        """The hit review for one (party, list entry) key, if there is one."""
        ...

    def create_case(
        self, case: Case, events: Sequence[EventDraft], *, review_key: str | None = None
    ) -> tuple[Case, list[AuditEvent]]:
        """Store a new case; a case whose id is NEW_CASE_ID gets ``<prefix>-<year>-<serial>``.

        Raises Conflict (``case_exists``) for a taken id or review key.
        """
        ...

    def update_case(
        self, case: Case, expected_version: int, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        """Replace the case if its stored version is still ``expected_version``.

        Raises Conflict (``case_conflict``) when another writer changed it first.
        """
        ...


class ResultRepository(Protocol):
    def save_result(
        self, result: RecordedResult, events: Sequence[EventDraft]
    ) -> list[AuditEvent]: ...

    def get_result(self, result_id: str) -> RecordedResult:
        """Raises NotFound (``result_not_found``)."""
        ...


class CaseStore(
    UserRepository, CredentialRepository, CaseRepository, ResultRepository, EventLog, Protocol
):
    """Everything the case services need from a store."""

    def close(self) -> None: ...
