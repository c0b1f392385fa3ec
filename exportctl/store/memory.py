"""An in-memory :class:`exportctl.store.ports.CaseStore` (tests and embedding applications).

It keeps the SQL store's contract (the same contract suite runs on both) within one process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from exportctl.errors import Conflict, NotFound
from exportctl.model.audit import GENESIS_HASH, AuditEvent, EventDraft, format_time, seal
from exportctl.model.case import NEW_CASE_ID, ApiKeyInfo, Case, CaseKind, RecordedResult, User
from exportctl.store.ports import CASE_PREFIX

__all__ = ["MemoryCaseStore"]


class MemoryCaseStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._events: list[AuditEvent] = []
        self._users: dict[str, User] = {}
        self._cases: dict[str, Case] = {}
        self._reviews: dict[str, str] = {}
        self._results: dict[str, RecordedResult] = {}
        self._keys: dict[str, tuple[ApiKeyInfo, str]] = {}
        self._passwords: dict[str, str] = {}
        self._serial = 0

    def close(self) -> None:
        pass

    def _append(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        out: list[AuditEvent] = []
        now = datetime.now(UTC)
        prev = self._events[-1].hash if self._events else GENESIS_HASH
        for d in drafts:
            ev = seal(d, seq=len(self._events) + len(out) + 1, at=now, prev_hash=prev)
            prev = ev.hash
            out.append(ev)
        self._events.extend(out)
        return out

    def append_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        with self._lock:
            return self._append(drafts)

    def events(
        self,
        *,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[AuditEvent]:
        with self._lock:
            snapshot = list(self._events)
        lo = format_time(since) if since else None
        hi = format_time(until) if until else None
        for ev in snapshot:
            if object_id is not None and ev.object != object_id:
                continue
            if (lo is not None and ev.at < lo) or (hi is not None and ev.at >= hi):
                continue
            yield ev

    def head(self) -> AuditEvent | None:
        with self._lock:
            return self._events[-1] if self._events else None

    def get_user(self, name: str) -> User:
        with self._lock:
            if name not in self._users:
                raise NotFound(f"no user {name!r} (exportctl users list)", code="user_not_found")
            return self._users[name]

    def list_users(self) -> list[User]:
        with self._lock:
            return [self._users[k] for k in sorted(self._users)]

    def add_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]:
        with self._lock:
            if user.name in self._users:
                raise Conflict(f"user {user.name!r} exists already", code="user_exists")
            self._users[user.name] = user
            return self._append(events)

    def add_first_user(self, user: User, events: Sequence[EventDraft]) -> bool:
        with self._lock:
            if self._users:
                return False
            self._users[user.name] = user
            self._append(events)
            return True

    def update_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]:
        with self._lock:
            if user.name not in self._users:
                raise NotFound(f"no user {user.name!r}", code="user_not_found")
            self._users[user.name] = user
            return self._append(events)

    def _key(self, key_id: str) -> tuple[ApiKeyInfo, str]:
        if key_id not in self._keys:
            raise NotFound(f"no API key {key_id!r} (exportctl keys list)", code="key_not_found")
        return self._keys[key_id]

    def add_api_key(
        self, key: ApiKeyInfo, secret_sha256: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        with self._lock:
            if key.user not in self._users:
                raise NotFound(f"no user {key.user!r}", code="user_not_found")
            if key.key_id in self._keys:
                raise Conflict(f"API key {key.key_id} exists already", code="store_conflict")
            self._keys[key.key_id] = (key, secret_sha256)
            return self._append(events)

    def get_api_key(self, key_id: str) -> tuple[ApiKeyInfo, str]:
        with self._lock:
            return self._key(key_id)

    def list_api_keys(self, user: str | None = None) -> list[ApiKeyInfo]:
        with self._lock:
            keys = [k for k, _ in self._keys.values() if user is None or k.user == user]
        return sorted(keys, key=lambda k: (k.created_at, k.key_id))

    def revoke_api_key(self, key_id: str, at: datetime, events: Sequence[EventDraft]) -> ApiKeyInfo:
        with self._lock:
            key, digest = self._key(key_id)
            if key.revoked_at is None:
                key = key.model_copy(update={"revoked_at": at})
                self._keys[key_id] = (key, digest)
            self._append(events)
            return key

    def touch_api_key(self, key_id: str, at: datetime) -> None:
        with self._lock:
            if key_id in self._keys:
                key, digest = self._keys[key_id]
                self._keys[key_id] = (key.model_copy(update={"last_used_at": at}), digest)

    def get_password_hash(self, name: str) -> str | None:
        with self._lock:
            self.get_user(name)
            return self._passwords.get(name)

    def set_password_hash(
        self, name: str, password_hash: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        with self._lock:
            if name not in self._users:
                raise NotFound(f"no user {name!r}", code="user_not_found")
            self._passwords[name] = password_hash
            return self._append(events)

    def get_case(self, case_id: str) -> Case:
        with self._lock:
            if case_id not in self._cases:
                raise NotFound(f"no case {case_id!r} (exportctl cases list)", code="case_not_found")
            return self._cases[case_id]

    def find_cases(self, *, kind: CaseKind | None = None, state: str | None = None) -> list[Case]:
        with self._lock:
            return [
                c
                for c in self._cases.values()
                if (kind is None or c.kind is kind) and (state is None or c.state == state)
            ]

    def find_review(self, review_key: str) -> Case | None:
        with self._lock:
            case_id = self._reviews.get(review_key)
            return None if case_id is None else self._cases[case_id]

    def create_case(
        self, case: Case, events: Sequence[EventDraft], *, review_key: str | None = None
    ) -> tuple[Case, list[AuditEvent]]:
        with self._lock:
            if case.id in self._cases:
                raise Conflict(f"case {case.id} exists already", code="case_exists")
            if review_key is not None and review_key in self._reviews:
                raise Conflict(
                    f"case {self._reviews[review_key]} exists already", code="case_exists"
                )
            self._serial += 1
            stored = case
            if case.id == NEW_CASE_ID:
                real = f"{CASE_PREFIX[case.kind]}-{case.created_at.year}-{self._serial:05d}"
                stored = case.model_copy(update={"id": real})
            self._cases[stored.id] = stored
            if review_key is not None:
                self._reviews[review_key] = stored.id
            drafts = [
                d.model_copy(update={"object": stored.id}) if d.object == NEW_CASE_ID else d
                for d in events
            ]
            return stored, self._append(drafts)

    def update_case(
        self, case: Case, expected_version: int, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        with self._lock:
            current = self._cases.get(case.id)
            if current is None:
                raise NotFound(f"no case {case.id!r}", code="case_not_found")
            if current.version != expected_version:
                raise Conflict(
                    f"case {case.id} was changed by someone else meanwhile (version "
                    f"{current.version}, expected {expected_version}); reload and try again",
                    code="case_conflict",
                )
            self._cases[case.id] = case
            return self._append(events)

    def save_result(self, result: RecordedResult, events: Sequence[EventDraft]) -> list[AuditEvent]:
        with self._lock:
            if result.id in self._results:
                raise Conflict(f"result {result.id} exists already", code="store_conflict")
            self._results[result.id] = result
            return self._append(events)

    def get_result(self, result_id: str) -> RecordedResult:
        with self._lock:
            if result_id not in self._results:
                raise NotFound(f"no recorded result {result_id!r}", code="result_not_found")
            return self._results[result_id]
