"""Watch lists (``engine.watchlists``): the organisation's own lists of parties to watch.

A watch list is a list source ``watch:<name>`` in the list store, like an official list:
each change (create, add or remove an entry, import) stores a new version, which screening
picks up as it does a list update, and ``lists diff watch:<name>`` shows what changed. The
format of a watch-list file is :mod:`exportctl.lists.formats.watchlist`; ``export`` writes
that format back, so an exported list imports unchanged.

Changes need the analyst role and are recorded in the audit trail under the acting user
(``watchlist.created``, ``watchlist.entry_added``, ``watchlist.entry_removed``; an import is
a ``list.loaded``). Reading needs no more than reading list versions does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exportctl.cases import require_role
from exportctl.errors import Conflict, InvalidInput, NotFound
from exportctl.lists.detect import ListFiles
from exportctl.lists.formats.watchlist import entry_from_record, record_of, watch_source
from exportctl.model import ListEntry, ListVersion
from exportctl.model.case import Role
from exportctl.services.lists import ChangeHook, ListService, LoadReport
from exportctl.services.users import UserService
from exportctl.store import Store
from exportctl.store.database import retry_busy

__all__ = ["WatchEntry", "WatchList", "WatchlistService"]

_FORMAT = "watchlist"


class WatchEntry(BaseModel):
    """One entry as a watch-list file writes it (see the format's docs)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = Field(min_length=1, max_length=500)
    id: str | None = Field(default=None, description="Stable key; default: slug of the name.")
    aliases: list[str] = Field(default_factory=list, max_length=100)
    schema_: str | None = Field(default=None, alias="schema")
    country: list[str] = Field(default_factory=list, max_length=50)
    reason: str | None = None
    source: str | None = Field(default=None, description="Where the information comes from.")
    end_use_concern: list[str] = Field(default_factory=list, max_length=20)
    listed_on: str | None = Field(default=None, description="YYYY-MM-DD")
    remarks: str | None = None

    def record(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(by_alias=True).items() if v not in (None, [])}


class WatchList(BaseModel):
    """A watch list's active version and its entries."""

    name: str
    source: str
    version: ListVersion
    entries: list[ListEntry]


class WatchlistService:
    """Create, change, import and export watch lists, under a named, checked user."""

    # One read-modify-write of a list at a time in this process (two adds at once must not
    # lose one); several processes rely on the store's retry and may still race.
    _lock = threading.Lock()

    def __init__(
        self,
        store: Callable[[], Store],
        lists: ListService,
        users: Callable[[], UserService],
        on_change: ChangeHook | None = None,
    ) -> None:
        self._store = store
        self._lists = lists
        self._users = users
        self._on_change = on_change

    def _writer(self, actor: str, what: str) -> str:
        who = self._users().resolve(actor)
        require_role(who, Role.ANALYST, what)
        return who.name

    def _version(self, source: str) -> ListVersion:
        try:
            return self._store().resolve_version(source, None)
        except NotFound:
            raise NotFound(f"no watch list {source!r}", code="watchlist_not_found") from None

    def list(self) -> list[ListVersion]:
        """The active version of every watch list."""
        return [v for v in self._store().list_versions() if v.source.startswith("watch:")]

    def show(self, name: str) -> WatchList:
        """A watch list (``name`` or ``watch:name``) with its entries. NotFound
        (``watchlist_not_found``)."""
        source = watch_source(name)
        version = self._version(source)
        entries = sorted(self._store().active_entries([source]), key=lambda e: e.entity_id)
        return WatchList(
            name=_list_name(source, entries), source=source, version=version, entries=entries
        )

    def _save(
        self,
        actor: str,
        source: str,
        entries: Sequence[ListEntry],
        action: str,
        payload: dict[str, object],
    ) -> WatchList:
        saved = retry_busy(
            lambda: self._store().save_list_version(
                source, _FORMAT, entries, published=None, origin=f"{action} by {actor}"
            )
        )
        if saved.created and self._on_change is not None:
            self._on_change(action, source, {"version": saved.version.version, **payload}, actor)
        return self.show(source)

    def create(self, actor: str, name: str, entries: Sequence[WatchEntry] = ()) -> WatchList:
        """A new watch list (possibly empty). Conflict (``watchlist_exists``) if it exists."""
        who = self._writer(actor, "creating a watch list")
        source = watch_source(name)
        with self._lock:
            try:
                self._store().resolve_version(source, None)
            except NotFound:
                pass
            else:
                raise Conflict(f"watch list {source!r} exists already", code="watchlist_exists")
            built = _entries(entries, source, name)
            return self._save(who, source, built, "watchlist.created", {"entries": len(built)})

    def add(self, actor: str, name: str, entry: WatchEntry | Mapping[str, Any]) -> WatchList:
        """Add an entry (a :class:`WatchEntry` or its fields), or replace the entry with the
        same key."""
        who = self._writer(actor, "changing a watch list")
        if not isinstance(entry, WatchEntry):
            entry = _watch_entry(entry)
        source = watch_source(name)
        with self._lock:
            self._version(source)
            current = {e.entity_id: e for e in self._store().active_entries([source])}
            new = _entries([entry], source, _list_name(source, list(current.values())))[0]
            current[new.entity_id] = new
            return self._save(
                who,
                source,
                list(current.values()),
                "watchlist.entry_added",
                {"entity_id": new.entity_id, "name": new.name},
            )

    def remove(self, actor: str, name: str, key: str) -> WatchList:
        """Remove the entry ``key`` (its id, or its entity id). NotFound (``entry_not_found``)."""
        who = self._writer(actor, "changing a watch list")
        source = watch_source(name)
        with self._lock:
            self._version(source)
            current = {e.entity_id: e for e in self._store().active_entries([source])}
            entity_id = key if key.startswith(f"{source}:") else f"{source}:{key}"
            gone = current.pop(entity_id, None)
            if gone is None:
                raise NotFound(f"{source} has no entry {key!r}", code="entry_not_found")
            return self._save(
                who,
                source,
                list(current.values()),
                "watchlist.entry_removed",
                {"entity_id": entity_id, "name": gone.name},
            )

    def import_file(
        self, actor: str, edition: ListFiles, *, accept_shrink: bool = False
    ) -> LoadReport:
        """Load a watch-list file as a new version (``lists load`` of a watch-list file)."""
        who = self._writer(actor, "importing a watch list")
        return self._lists.load(edition, fmt=_FORMAT, accept_shrink=accept_shrink, actor=who)

    def export(self, name: str) -> dict[str, Any]:
        """The list in the watch-list file format (``name`` and ``entries``)."""
        shown = self.show(name)
        return {"name": shown.name, "entries": [record_of(e) for e in shown.entries]}


def _watch_entry(fields: Mapping[str, Any]) -> WatchEntry:
    try:
        return WatchEntry.model_validate(dict(fields))
    except ValidationError as exc:
        errors = {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}
        field, message = next(iter(errors.items()))
        raise InvalidInput(
            f"entry: {field}: {message}", code="list_parse_error", errors=errors
        ) from None


def _list_name(source: str, entries: Sequence[ListEntry]) -> str:
    prefix = "Watch list: "
    for e in entries:
        for t in e.list_types:
            if t.startswith(prefix):
                return t[len(prefix) :]
    return source.removeprefix("watch:")


def _entries(entries: Sequence[WatchEntry], source: str, list_name: str) -> list[ListEntry]:
    out: dict[str, ListEntry] = {}
    for i, entry in enumerate(entries):
        built = entry_from_record(
            entry.record(), source=source, list_name=list_name, where=f"entries[{i}]"
        )
        if built.entity_id in out:
            raise InvalidInput(
                f"entries[{i}]: key {built.native_id!r} is given twice; give one an explicit id",
                code="list_parse_error",
                errors={f"entries[{i}].id": "duplicate key"},
            )
        out[built.entity_id] = built
    return list(out.values())
