"""Users, cases, recorded results and the audit log in SQLite or PostgreSQL.

Writers are serialised where the chain needs it: on SQLite every write transaction starts
with ``BEGIN IMMEDIATE`` (the write lock is taken before anything is read, so two writers never
build on the same head); on PostgreSQL an advisory transaction lock guards the head. A case is
replaced only if its version is still the one the change was computed from (optimistic
concurrency): of several writers moving one case at once, exactly one wins.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, func, insert, select, update
from sqlalchemy import Engine as SAEngine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from exportctl.errors import Conflict, NotFound, StoreError
from exportctl.model.audit import (
    GENESIS_HASH,
    AuditEvent,
    EventDraft,
    canonical_json,
    format_time,
    seal,
)
from exportctl.model.case import (
    NEW_CASE_ID,
    ApiKeyInfo,
    Case,
    CaseKind,
    Provenance,
    RecordedResult,
    Role,
    User,
)
from exportctl.store.case_schema import ApiKeyRow, AuditEventRow, CaseRow, ResultRow, UserRow
from exportctl.store.ports import CASE_PREFIX

__all__ = ["SqlCaseStore"]

# Any constant: the advisory lock that serialises audit appends on PostgreSQL.
_PG_CHAIN_LOCK = 0x6578_7063  # "expc"
_PAGE = 2000


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE instead of pysqlite's lazy BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front; readers stay deferred and never wait (WAL).
    write = conn.get_execution_options().get("exportctl_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SqlCaseStore:
    """The SQLAlchemy implementation of :class:`exportctl.store.ports.CaseStore`.

    The schema must exist: build :class:`exportctl.store.Store` on the URL first (it runs the
    migrations).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
                self.engine: SAEngine = create_engine(url, connect_args={"timeout": 60})
                event.listen(self.engine, "connect", _sqlite_connect)
                event.listen(self.engine, "begin", _sqlite_begin)
            else:
                self.engine = create_engine(url)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the case store: {exc}", code="store_unavailable"
            ) from exc
        self._pg = self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    # -- the audit log ---------------------------------------------------------------------

    def _append(self, conn: Connection, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        if not drafts:
            return []
        if self._pg:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_CHAIN_LOCK})")
        head = conn.execute(
            select(AuditEventRow.seq, AuditEventRow.hash, AuditEventRow.at)
            .order_by(AuditEventRow.seq.desc())
            .limit(1)
        ).first()
        seq, prev = (head[0], head[1]) if head else (0, GENESIS_HASH)
        now = datetime.now(UTC)
        if head is not None and format_time(now) < head[2]:  # clock stepped back: keep order
            now = datetime.strptime(head[2], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        out: list[AuditEvent] = []
        for d in drafts:
            seq += 1
            ev = seal(d, seq=seq, at=now, prev_hash=prev)
            prev = ev.hash
            out.append(ev)
        conn.execute(insert(AuditEventRow), [e.model_dump() for e in out])
        return out

    def _write(self, work: Any, what: str) -> Any:
        try:
            with self.engine.connect() as raw:
                conn = raw.execution_options(exportctl_write=True)
                with conn.begin():
                    return work(conn)
        except IntegrityError as exc:
            raise Conflict(f"{what}: {exc.orig}", code="store_conflict") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{what} failed; nothing was written: {exc}") from exc

    def append_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        result: list[AuditEvent] = self._write(
            lambda conn: self._append(conn, drafts), "appending audit events"
        )
        return result

    def events(
        self,
        *,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[AuditEvent]:
        q = select(AuditEventRow).order_by(AuditEventRow.seq)
        if object_id is not None:
            q = q.where(AuditEventRow.object == object_id)
        if since is not None:
            q = q.where(AuditEventRow.at >= format_time(since))
        if until is not None:
            q = q.where(AuditEventRow.at < format_time(until))
        # Keyset pages, each read on its own short connection: a caller that stops early
        # (verify at the first bad event) leaves no cursor or connection open.
        last = None
        while True:
            page_q = q if last is None else q.where(AuditEventRow.seq > last)
            with self.engine.connect() as conn:
                rows = conn.execute(page_q.limit(_PAGE)).mappings().all()
            for row in rows:
                yield AuditEvent.model_validate(dict(row))
            if len(rows) < _PAGE:
                return
            last = rows[-1]["seq"]

    def head(self) -> AuditEvent | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1))
                .mappings()
                .first()
            )
        return None if row is None else AuditEvent.model_validate(dict(row))

    # -- users -----------------------------------------------------------------------------

    @staticmethod
    def _user(row: Any) -> User:
        return User(
            name=row.name,
            role=Role(row.role),
            enabled=bool(row.enabled),
            created_at=_utc(row.created_at),
            created_by=row.created_by,
        )

    def get_user(self, name: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise NotFound(f"no user {name!r} (exportctl users list)", code="user_not_found")
        return self._user(row)

    def list_users(self) -> list[User]:
        with self.engine.connect() as conn:
            return [self._user(r) for r in conn.execute(select(UserRow).order_by(UserRow.name))]

    @staticmethod
    def _user_values(user: User) -> dict[str, Any]:
        return {
            "name": user.name,
            "role": user.role.value,
            "enabled": user.enabled,
            "created_at": user.created_at,
            "created_by": user.created_by,
        }

    def add_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            if conn.execute(select(UserRow.name).where(UserRow.name == user.name)).first():
                raise Conflict(f"user {user.name!r} exists already", code="user_exists")
            conn.execute(insert(UserRow).values(**self._user_values(user)))
            return self._append(conn, events)

        result: list[AuditEvent] = self._write(work, f"adding user {user.name!r}")
        return result

    def add_first_user(self, user: User, events: Sequence[EventDraft]) -> bool:
        def work(conn: Connection) -> bool:
            if self._pg:  # the chain lock also serialises first-user creation
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_CHAIN_LOCK})")
            if conn.execute(select(func.count()).select_from(UserRow)).scalar_one():
                return False
            conn.execute(insert(UserRow).values(**self._user_values(user)))
            self._append(conn, events)
            return True

        added: bool = self._write(work, "creating the first user")
        return added

    def update_user(self, user: User, events: Sequence[EventDraft]) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            values = self._user_values(user)
            res = conn.execute(update(UserRow).where(UserRow.name == user.name).values(**values))
            if res.rowcount != 1:
                raise NotFound(f"no user {user.name!r}", code="user_not_found")
            return self._append(conn, events)

        result: list[AuditEvent] = self._write(work, f"changing user {user.name!r}")
        return result

    # -- credentials -----------------------------------------------------------------------

    @staticmethod
    def _key(row: Any) -> ApiKeyInfo:
        return ApiKeyInfo(
            key_id=row.key_id,
            user=row.user_name,
            created_at=_utc(row.created_at),
            created_by=row.created_by,
            revoked_at=None if row.revoked_at is None else _utc(row.revoked_at),
            last_used_at=None if row.last_used_at is None else _utc(row.last_used_at),
        )

    @staticmethod
    def _no_key(key_id: str) -> NotFound:
        return NotFound(f"no API key {key_id!r} (exportctl keys list)", code="key_not_found")

    def add_api_key(
        self, key: ApiKeyInfo, secret_sha256: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            if not conn.execute(select(UserRow.name).where(UserRow.name == key.user)).first():
                raise NotFound(f"no user {key.user!r}", code="user_not_found")
            conn.execute(
                insert(ApiKeyRow).values(
                    key_id=key.key_id,
                    user_name=key.user,
                    secret_sha256=secret_sha256,
                    created_at=key.created_at,
                    created_by=key.created_by,
                    revoked_at=key.revoked_at,
                    last_used_at=key.last_used_at,
                )
            )
            return self._append(conn, events)

        result: list[AuditEvent] = self._write(work, f"adding API key {key.key_id}")
        return result

    def get_api_key(self, key_id: str) -> tuple[ApiKeyInfo, str]:
        with self.engine.connect() as conn:
            row = conn.execute(select(ApiKeyRow).where(ApiKeyRow.key_id == key_id)).first()
        if row is None:
            raise self._no_key(key_id)
        return self._key(row), str(row.secret_sha256)

    def list_api_keys(self, user: str | None = None) -> list[ApiKeyInfo]:
        q = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.key_id)
        if user is not None:
            q = q.where(ApiKeyRow.user_name == user)
        with self.engine.connect() as conn:
            return [self._key(r) for r in conn.execute(q)]

    def revoke_api_key(self, key_id: str, at: datetime, events: Sequence[EventDraft]) -> ApiKeyInfo:
        def work(conn: Connection) -> ApiKeyInfo:
            conn.execute(
                update(ApiKeyRow)
                .where(ApiKeyRow.key_id == key_id, ApiKeyRow.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            row = conn.execute(select(ApiKeyRow).where(ApiKeyRow.key_id == key_id)).first()
            if row is None:
                raise self._no_key(key_id)
            self._append(conn, events)
            return self._key(row)

        result: ApiKeyInfo = self._write(work, f"revoking API key {key_id}")
        return result

    def touch_api_key(self, key_id: str, at: datetime) -> None:
        self._write(
            lambda conn: conn.execute(
                update(ApiKeyRow).where(ApiKeyRow.key_id == key_id).values(last_used_at=at)
            ),
            f"recording a use of API key {key_id}",
        )

    def get_password_hash(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(UserRow.password_hash).where(UserRow.name == name)).first()
        if row is None:
            raise NotFound(f"no user {name!r} (exportctl users list)", code="user_not_found")
        return None if row[0] is None else str(row[0])

    def set_password_hash(
        self, name: str, password_hash: str, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            res = conn.execute(
                update(UserRow).where(UserRow.name == name).values(password_hash=password_hash)
            )
            if res.rowcount != 1:
                raise NotFound(f"no user {name!r}", code="user_not_found")
            return self._append(conn, events)

        result: list[AuditEvent] = self._write(work, f"setting the password of {name!r}")
        return result

    # -- cases -----------------------------------------------------------------------------

    def get_case(self, case_id: str) -> Case:
        with self.engine.connect() as conn:
            data = conn.execute(select(CaseRow.data).where(CaseRow.id == case_id)).scalar()
        if data is None:
            raise NotFound(f"no case {case_id!r} (exportctl cases list)", code="case_not_found")
        return Case.model_validate_json(data)

    def find_cases(self, *, kind: CaseKind | None = None, state: str | None = None) -> list[Case]:
        q = select(CaseRow.data).order_by(CaseRow.pk)
        if kind is not None:
            q = q.where(CaseRow.kind == kind.value)
        if state is not None:
            q = q.where(CaseRow.state == state)
        with self.engine.connect() as conn:
            return [Case.model_validate_json(d) for d in conn.execute(q).scalars()]

    def find_review(self, review_key: str) -> Case | None:
        with self.engine.connect() as conn:
            data = conn.execute(
                select(CaseRow.data).where(CaseRow.review_key == review_key)
            ).scalar()
        return None if data is None else Case.model_validate_json(data)

    def create_case(
        self, case: Case, events: Sequence[EventDraft], *, review_key: str | None = None
    ) -> tuple[Case, list[AuditEvent]]:
        def work(conn: Connection) -> tuple[Case, list[AuditEvent]]:
            taken = conn.execute(
                select(CaseRow.id).where(
                    (CaseRow.id == case.id)
                    | ((CaseRow.review_key == review_key) if review_key else False)
                )
            ).first()
            if taken is not None:
                raise Conflict(f"case {taken[0]} exists already", code="case_exists")
            placeholder = case.id if case.id != NEW_CASE_ID else f"new-{uuid.uuid4().hex[:30]}"
            pk = conn.execute(
                insert(CaseRow)
                .values(
                    id=placeholder,
                    kind=case.kind.value,
                    state=case.state,
                    version=case.version,
                    review_key=review_key,
                    created_at=case.created_at,
                    updated_at=case.updated_at,
                    data="",
                )
                .returning(CaseRow.pk)
            ).scalar_one()
            stored = case
            if case.id == NEW_CASE_ID:
                real = f"{CASE_PREFIX[case.kind]}-{case.created_at.year}-{pk:05d}"
                stored = case.model_copy(update={"id": real})
            conn.execute(
                update(CaseRow)
                .where(CaseRow.pk == pk)
                .values(id=stored.id, data=stored.model_dump_json())
            )
            drafts = [
                d.model_copy(update={"object": stored.id}) if d.object == NEW_CASE_ID else d
                for d in events
            ]
            return stored, self._append(conn, drafts)

        result: tuple[Case, list[AuditEvent]] = self._write(work, "opening a case")
        return result

    def update_case(
        self, case: Case, expected_version: int, events: Sequence[EventDraft]
    ) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            res = conn.execute(
                update(CaseRow)
                .where(CaseRow.id == case.id, CaseRow.version == expected_version)
                .values(
                    state=case.state,
                    version=case.version,
                    updated_at=case.updated_at,
                    data=case.model_dump_json(),
                )
            )
            if res.rowcount != 1:
                exists = conn.execute(select(CaseRow.version).where(CaseRow.id == case.id)).first()
                if exists is None:
                    raise NotFound(f"no case {case.id!r}", code="case_not_found")
                raise Conflict(
                    f"case {case.id} was changed by someone else meanwhile (version "
                    f"{exists[0]}, expected {expected_version}); reload and try again",
                    code="case_conflict",
                )
            return self._append(conn, events)

        result: list[AuditEvent] = self._write(work, f"changing case {case.id}")
        return result

    # -- recorded results ------------------------------------------------------------------

    def save_result(self, result: RecordedResult, events: Sequence[EventDraft]) -> list[AuditEvent]:
        def work(conn: Connection) -> list[AuditEvent]:
            conn.execute(
                insert(ResultRow).values(
                    id=result.id,
                    kind=result.kind,
                    subject=result.subject,
                    created_at=result.created_at,
                    created_by=result.created_by,
                    provenance=result.provenance.model_dump_json(),
                    data=canonical_json(result.data),
                )
            )
            return self._append(conn, events)

        out: list[AuditEvent] = self._write(work, "recording a result")
        return out

    def get_result(self, result_id: str) -> RecordedResult:
        with self.engine.connect() as conn:
            row = conn.execute(select(ResultRow).where(ResultRow.id == result_id)).first()
        if row is None:
            raise NotFound(f"no recorded result {result_id!r}", code="result_not_found")
        return RecordedResult(
            id=row.id,
            kind=row.kind,
            subject=row.subject,
            created_at=_utc(row.created_at),
            created_by=row.created_by,
            provenance=Provenance.model_validate_json(row.provenance),
            data=json.loads(row.data),
        )
