"""The store: list versions and entries in SQLite (default) or PostgreSQL.

Every list load is one database transaction: the new version, its entries and the switch of
the active pointer commit together or not at all, so a failure or a killed process leaves the
previous active version in place.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine as SAEngine
from sqlalchemy import create_engine, event, func, insert, select
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from exportctl.errors import NotFound, StoreError
from exportctl.model import ListEntry, ListVersion
from exportctl.store.controls import ControlStore
from exportctl.store.schema import AlertRow, EntryBlob, ListSource, ListVersionRow, VersionEntry

__all__ = ["AlertRecord", "SaveResult", "Store", "is_busy", "retry_busy"]

_T = TypeVar("_T")
_MIGRATIONS = Path(__file__).with_name("migrations")
_CHUNK = 500
# Any fixed 64-bit number: it names exportctl's schema-migration lock among advisory locks.
_MIGRATION_LOCK_KEY = 0x6578706F7274


@dataclass(frozen=True)
class AlertRecord:
    """A stored alert: ``data`` is the alert's JSON document as taken in."""

    case_id: str
    document_id: str | None
    file: str
    file_sha256: str
    kind: str
    created_at: datetime
    data: str


@dataclass(frozen=True)
class SaveResult:
    version: ListVersion
    created: bool  # False when identical content was already active (a no-op)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _meta(text: str | None) -> dict[str, Any]:
    """A version's metadata JSON (absent or unreadable: none)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


#: SQLite messages that mean the file itself is damaged (not a passing lock or a bad query).
_DAMAGE = ("malformed", "not a database", "disk image", "corrupt", "disk i/o error")
#: SQLite messages that mean another process holds the write lock right now.
_BUSY = ("database is locked", "database table is locked", "busy")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.splitlines()[0] if text else type(exc).__name__


def is_busy(exc: BaseException) -> bool:
    """Whether a store error is a lock held by another process (worth retrying)."""
    return isinstance(exc, StoreError) and exc.code == "store_busy"


def retry_busy(write: Callable[[], _T], delays: Sequence[float] = (0.2, 0.5, 1.0, 2.0, 4.0)) -> _T:
    """Run ``write``, retrying with back-off while the store is busy (``store_busy``).

    Another process holding SQLite's write lock for longer than its busy timeout is normal
    during a concurrent load; the write waits for it instead of failing.
    """
    for delay in delays:
        try:
            return write()
        except StoreError as exc:
            if not is_busy(exc):
                raise
            time.sleep(delay)
    return write()


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Store:
    """Persistence for list versions (and, in later modules, cases and alerts)."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: SAEngine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self._migrate()
        except SQLAlchemyError as exc:
            err = self._store_error(f"cannot open store {self._safe_url()}", exc)
            if err.code == "store_error" and "damaged" not in err.detail:
                err = StoreError(err.detail, code="store_unavailable")
            raise err from None

    def _safe_url(self) -> str:
        return (
            self.engine.url.render_as_string(hide_password=True)
            if hasattr(self, "engine")
            else self.url
        )

    def _store_error(self, what: str, exc: SQLAlchemyError) -> StoreError:
        """One-line StoreError for ``exc``: busy, damaged (with SQLite's integrity message), or
        another database failure."""
        message = _first_line(exc)
        low = message.lower()
        if isinstance(exc, OperationalError) and any(b in low for b in _BUSY):
            return StoreError(
                f"{what}: the store is busy (another process is writing): {message}",
                code="store_busy",
            )
        if isinstance(exc, DatabaseError) and any(d in low for d in _DAMAGE):
            check = self._integrity_message()
            return StoreError(
                f"{what}: the store {self._safe_url()} is damaged: {message}"
                + (f" (integrity check: {check})" if check else "")
                + "; restore it from a backup or move it aside and reload the lists",
                code="store_error",
            )
        return StoreError(f"{what}: {message}", code="store_error")

    def _integrity_message(self) -> str | None:
        """SQLite's quick_check result ("ok" when sound); None for other databases or when
        even the check cannot run."""
        if self.engine.dialect.name != "sqlite":
            return None
        try:
            with self.engine.connect() as conn:
                rows = conn.exec_driver_sql("PRAGMA quick_check(5)").fetchall()
        except SQLAlchemyError as exc:
            return _first_line(exc)
        return "; ".join(str(r[0]) for r in rows)

    def check_writable(self) -> None:
        """Refuse to write into a SQLite store that fails its quick check.

        Raises:
            StoreError: ``store_error`` with SQLite's integrity message.
        """
        check = self._integrity_message()
        if check is not None and check != "ok":
            raise StoreError(
                f"the store {self._safe_url()} failed its integrity check ({check}); "
                "writes refused: restore it from a backup or move it aside and reload the lists",
                code="store_error",
            )

    @contextmanager
    def _session(self, what: str) -> Iterator[Session]:
        """A read session whose database failures become one-line StoreErrors."""
        try:
            with Session(self.engine) as session:
                yield session
        except SQLAlchemyError as exc:
            raise self._store_error(f"reading the store ({what}) failed", exc) from None

    def _migrate(self) -> None:
        """Bring the schema to head, one process at a time.

        Two processes opening a fresh store at once would both see no tables and both create
        them. SQLite runs DDL outside a transaction, so its migrations are serialised by an
        advisory ``flock`` on the database file (SQLite's own locks are POSIX record locks,
        which ``flock`` does not touch on Linux); PostgreSQL takes a transaction-scoped
        advisory lock before alembic reads its version table.
        """
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with self._migration_lock(), self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            yield
            return
        try:
            handle = open(database, "ab")  # noqa: SIM115 - closed below, after the unlock
        except OSError:
            # Unopenable path: let SQLite report it as the store error users know.
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def controls(self) -> ControlStore:
        """Control-data versions (``exportctl.store.controls``)."""
        return ControlStore(self.engine)

    # -- lists -----------------------------------------------------------------------------

    def save_list_version(
        self,
        source: str,
        fmt: str,
        entries: Sequence[ListEntry],
        *,
        published: date | None,
        origin: str | None,
        meta: Mapping[str, Any] | None = None,
    ) -> SaveResult:
        """Store a fully parsed edition as a new active version, atomically.

        Identical content to the active version is a no-op; identical content to an older
        version re-activates that version instead of storing a copy. ``meta`` (warnings,
        counts, an accepted shrink) is stored with a new version as JSON.
        """
        self.check_writable()
        hashed = sorted(((e.entity_id, e.content_hash(), e) for e in entries), key=lambda t: t[0])
        digest = hashlib.sha256()
        for entity_id, h, _ in hashed:
            digest.update(f"{entity_id}\0{h}\n".encode())
        content_hash = digest.hexdigest()
        try:
            with Session(self.engine) as session, session.begin():
                active = self._active_row(session, source)
                if active is not None and active.content_hash == content_hash:
                    return SaveResult(self._to_model(active, True), created=False)
                earlier = session.scalars(
                    select(ListVersionRow).where(
                        ListVersionRow.source == source, ListVersionRow.content_hash == content_hash
                    )
                ).first()
                if earlier is not None:
                    self._set_active(session, source, earlier.id)
                    return SaveResult(self._to_model(earlier, True), created=True)
                row = ListVersionRow(
                    source=source,
                    version=content_hash[:12],
                    content_hash=content_hash,
                    format=fmt,
                    published=published,
                    entries=len(hashed),
                    names=sum(len(e.names) for _, _, e in hashed),
                    loaded_at=datetime.now(UTC),
                    origin=origin,
                    meta=json.dumps(dict(meta), sort_keys=True) if meta else None,
                )
                session.add(row)
                session.flush()
                self._insert_blobs(session, hashed)
                rows = [
                    {"version_id": row.id, "entity_id": eid, "entry_hash": h}
                    for eid, h, _ in hashed
                ]
                for i in range(0, len(rows), _CHUNK * 10):
                    session.execute(insert(VersionEntry), rows[i : i + _CHUNK * 10])
                self._set_active(session, source, row.id)
                return SaveResult(self._to_model(row, True), created=True)
        except SQLAlchemyError as exc:
            raise self._store_error(
                f"saving {source} failed; the previous version stays active", exc
            ) from None

    def _insert_blobs(self, session: Session, hashed: list[tuple[str, str, ListEntry]]) -> None:
        unique = {h: (eid, e) for eid, h, e in hashed}
        keys = list(unique)
        existing: set[str] = set()
        for i in range(0, len(keys), _CHUNK):
            existing.update(
                session.scalars(
                    select(EntryBlob.hash).where(EntryBlob.hash.in_(keys[i : i + _CHUNK]))
                )
            )
        new = [
            {"hash": h, "entity_id": eid, "data": e.to_json()}
            for h, (eid, e) in unique.items()
            if h not in existing
        ]
        for i in range(0, len(new), _CHUNK * 10):
            session.execute(insert(EntryBlob), new[i : i + _CHUNK * 10])

    @staticmethod
    def _active_row(session: Session, source: str) -> ListVersionRow | None:
        ptr = session.get(ListSource, source)
        return None if ptr is None else session.get(ListVersionRow, ptr.active_version_id)

    @staticmethod
    def _set_active(session: Session, source: str, version_id: int) -> None:
        ptr = session.get(ListSource, source)
        if ptr is None:
            session.add(ListSource(source=source, active_version_id=version_id))
        else:
            ptr.active_version_id = version_id

    @staticmethod
    def _to_model(row: ListVersionRow, active: bool) -> ListVersion:
        loaded = row.loaded_at if row.loaded_at.tzinfo else row.loaded_at.replace(tzinfo=UTC)
        meta = _meta(row.meta)
        return ListVersion(
            source=row.source,
            version=row.version,
            content_hash=row.content_hash,
            published=row.published,
            entries=row.entries,
            names=row.names,
            loaded_at=loaded,
            active=active,
            origin=row.origin,
            format=row.format,
            warnings=tuple(str(w) for w in meta.get("warnings") or ()),
            stats={str(k): int(v) for k, v in (meta.get("stats") or {}).items()},
            accepted_shrink=meta.get("accepted_shrink") or None,
        )

    def list_versions(
        self, source: str | None = None, *, all_versions: bool = False
    ) -> list[ListVersion]:
        """Active versions (one per source), or every version with ``all_versions``."""
        with self._session("list versions") as session:
            active_ids = {p.active_version_id for p in session.scalars(select(ListSource))}
            q = select(ListVersionRow).order_by(ListVersionRow.source, ListVersionRow.id)
            if source is not None:
                q = q.where(ListVersionRow.source == source)
            rows = session.scalars(q).all()
            return [
                self._to_model(r, r.id in active_ids)
                for r in rows
                if all_versions or r.id in active_ids
            ]

    def _version_row(self, session: Session, source: str, version: str | None) -> ListVersionRow:
        if version is None:
            row = self._active_row(session, source)
            if row is None:
                raise NotFound(f"no list loaded for source {source!r}", code="source_not_found")
            return row
        row = session.scalars(
            select(ListVersionRow).where(
                ListVersionRow.source == source, ListVersionRow.version.startswith(version)
            )
        ).first()
        if row is None:
            raise NotFound(
                f"source {source!r} has no version {version!r}", code="version_not_found"
            )
        return row

    def resolve_version(self, source: str, version: str | None) -> ListVersion:
        """The version ``version`` (a prefix is enough) of ``source``, or the active one."""
        with self._session("resolve version") as session:
            row = self._version_row(session, source, version)
            ptr = session.get(ListSource, source)
            return self._to_model(row, ptr is not None and ptr.active_version_id == row.id)

    def previous_version(self, source: str, version: str) -> ListVersion | None:
        """The version loaded just before ``version`` (None for the first load)."""
        with self._session("previous version") as session:
            row = self._version_row(session, source, version)
            prev = session.scalars(
                select(ListVersionRow)
                .where(ListVersionRow.source == source, ListVersionRow.id < row.id)
                .order_by(ListVersionRow.id.desc())
            ).first()
            return None if prev is None else self._to_model(prev, False)

    def version_hashes(self, source: str, version: str | None = None) -> dict[str, str]:
        """entity_id -> content hash for one version (default: the active one)."""
        with self._session("version hashes") as session:
            row = self._version_row(session, source, version)
            rows = session.execute(
                select(VersionEntry.entity_id, VersionEntry.entry_hash).where(
                    VersionEntry.version_id == row.id
                )
            )
            return {entity_id: h for entity_id, h in rows}

    def entries_by_hash(self, hashes: Iterable[str]) -> dict[str, ListEntry]:
        keys = list(hashes)
        out: dict[str, ListEntry] = {}
        with self._session("entries by hash") as session:
            for i in range(0, len(keys), _CHUNK):
                for h, data in session.execute(
                    select(EntryBlob.hash, EntryBlob.data).where(
                        EntryBlob.hash.in_(keys[i : i + _CHUNK])
                    )
                ):
                    out[h] = ListEntry.from_json(data)
        return out

    def active_entries(self, sources: Iterable[str] | None = None) -> Iterator[ListEntry]:
        """Every entry of every active version (optionally only some sources)."""
        wanted = None if sources is None else set(sources)
        with self._session("active entries") as session:
            q = (
                select(EntryBlob.data)
                .join(VersionEntry, VersionEntry.entry_hash == EntryBlob.hash)
                .join(ListSource, ListSource.active_version_id == VersionEntry.version_id)
                .order_by(VersionEntry.entity_id)
            )
            if wanted is not None:
                q = q.where(ListSource.source.in_(wanted))
            for (data,) in session.execute(q):
                yield ListEntry.from_json(data)

    def active_entity_ids(self) -> list[str]:
        """The entity ids of every active version (what a screening index must hold)."""
        with self._session("active entity ids") as session:
            q = select(VersionEntry.entity_id).join(
                ListSource, ListSource.active_version_id == VersionEntry.version_id
            )
            return list(session.scalars(q))

    def get_entry(self, entity_id: str) -> ListEntry:
        """The active entry with this id."""
        with self._session("get entry") as session:
            data = session.scalars(
                select(EntryBlob.data)
                .join(VersionEntry, VersionEntry.entry_hash == EntryBlob.hash)
                .join(ListSource, ListSource.active_version_id == VersionEntry.version_id)
                .where(VersionEntry.entity_id == entity_id)
            ).first()
        if data is None:
            raise NotFound(f"no active entry {entity_id!r}", code="entry_not_found")
        return ListEntry.from_json(data)

    def entity_dates(
        self, sources: Iterable[str] | None = None
    ) -> dict[str, tuple[datetime, datetime, datetime]]:
        """entity_id -> (first seen, last seen, last changed), from the versions loaded.

        First and last seen are the load times of the first and last version holding the
        entity; last changed is when its current content was first loaded. One pass over
        the version memberships, for callers that keep the result per set of versions.
        """
        q = (
            select(
                VersionEntry.entity_id,
                VersionEntry.entry_hash,
                func.min(ListVersionRow.loaded_at),
                func.max(ListVersionRow.loaded_at),
            )
            .join(ListVersionRow, ListVersionRow.id == VersionEntry.version_id)
            .group_by(VersionEntry.entity_id, VersionEntry.entry_hash)
        )
        if sources is not None:
            q = q.where(ListVersionRow.source.in_(list(sources)))
        spans: dict[str, list[tuple[datetime, datetime]]] = {}
        with Session(self.engine) as session:
            for entity_id, _hash, first, last in session.execute(q):
                spans.setdefault(entity_id, []).append((_utc(first), _utc(last)))
        out: dict[str, tuple[datetime, datetime, datetime]] = {}
        for entity_id, rows in spans.items():
            latest = max(rows, key=lambda r: r[1])
            out[entity_id] = (min(r[0] for r in rows), latest[1], latest[0])
        return out

    # -- alerts ----------------------------------------------------------------------------

    def add_alert(
        self,
        *,
        document_id: str | None,
        file: str,
        file_sha256: str,
        kind: str,
        data: str | Callable[[str], str],
    ) -> AlertRecord:
        """Store a new alert record; its case id is ``A-<year>-<serial>``.

        ``data`` may be a function of the case id, so the stored document can carry its own
        case id while the record is still written once.
        """
        now = datetime.now(UTC)
        try:
            with Session(self.engine) as session, session.begin():
                row = AlertRow(
                    case_id="pending",
                    document_id=document_id,
                    file=file,
                    file_sha256=file_sha256,
                    kind=kind,
                    created_at=now,
                    data="",
                )
                session.add(row)
                session.flush()
                row.case_id = f"A-{now.year}-{row.id:05d}"
                row.data = data(row.case_id) if callable(data) else data
                return self._alert(row)
        except SQLAlchemyError as exc:
            raise self._store_error("saving the alert failed", exc) from None

    @staticmethod
    def _alert(row: AlertRow) -> AlertRecord:
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        return AlertRecord(
            row.case_id, row.document_id, row.file, row.file_sha256, row.kind, created, row.data
        )

    def list_alerts(self) -> list[AlertRecord]:
        with self._session("list alerts") as session:
            return [self._alert(r) for r in session.scalars(select(AlertRow).order_by(AlertRow.id))]

    def get_alert(self, case_id: str) -> AlertRecord:
        with self._session("get alert") as session:
            row = session.scalars(select(AlertRow).where(AlertRow.case_id == case_id)).first()
            if row is None:
                raise NotFound(f"no alert {case_id!r}", code="alert_not_found")
            return self._alert(row)
