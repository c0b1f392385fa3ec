"""Datasets as yente names them: one per list source, plus ``sanctions`` and ``default``.

Also the per-process cache of entries and their first/last-seen dates that entity JSON
needs; both are keyed by the set of active list versions, so a list update invalidates them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from exportctl.engine import Engine
from exportctl.errors import NotFound
from exportctl.model import ListEntry, ListVersion
from exportctl.screening.ftm import entity_from_entry

__all__ = ["WATCH_PREFIX", "Catalog", "EntityCache"]

WATCH_PREFIX = "watch:"
_COLLECTIONS = {
    "default": "Every list loaded: official restricted-party lists and watch lists.",
    "sanctions": "The official restricted-party lists (no watch lists).",
}


@dataclass(frozen=True)
class Catalog:
    """The active list versions, and the datasets (sources and collections) over them."""

    versions: tuple[ListVersion, ...]

    @classmethod
    def load(cls, engine: Engine) -> Catalog:
        return cls(tuple(engine.lists.status()))

    @property
    def sources(self) -> list[str]:
        return [v.source for v in self.versions]

    def members(self, dataset: str) -> set[str]:
        """The sources a dataset name covers; NotFound (``dataset_not_found``) if none."""
        if dataset == "default":
            return set(self.sources)
        if dataset == "sanctions":
            return {s for s in self.sources if not s.startswith(WATCH_PREFIX)}
        if dataset in self.sources:
            return {dataset}
        raise NotFound("No such dataset.", code="dataset_not_found")

    def key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((v.source, v.version) for v in self.versions))

    def datasets(self) -> list[dict[str, Any]]:
        """yente's ``/catalog`` dataset objects."""
        out: list[dict[str, Any]] = []
        for v in self.versions:
            out.append(
                {
                    "name": v.source,
                    "title": v.source,
                    "summary": f"{v.entries} entries, {v.names} names ({v.format or 'list'})",
                    "updated_at": v.loaded_at.replace(tzinfo=None, microsecond=0).isoformat(),
                    "last_export": v.published.isoformat() if v.published else None,
                    "entity_count": v.entries,
                    "thing_count": v.entries,
                    "version": v.version,
                    "type": "source",
                    "children": [],
                    "load": True,
                    "index_version": v.version,
                    "index_current": True,
                    "deprecated": False,
                }
            )
        for name, summary in _COLLECTIONS.items():
            children = sorted(self.members(name))
            out.append(
                {
                    "name": name,
                    "title": name,
                    "summary": summary,
                    "updated_at": max(
                        (
                            v.loaded_at.replace(tzinfo=None, microsecond=0).isoformat()
                            for v in self.versions
                        ),
                        default=None,
                    ),
                    "entity_count": sum(v.entries for v in self.versions if v.source in children),
                    "thing_count": sum(v.entries for v in self.versions if v.source in children),
                    "version": "-".join(v.version for v in self.versions if v.source in children)[
                        :64
                    ],
                    "type": "collection",
                    "children": children,
                    "load": True,
                    "index_version": None,
                    "index_current": True,
                    "deprecated": False,
                }
            )
        return out


class EntityCache:
    """Entries and their dates, per set of active versions (entries never change in place)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._key: tuple[tuple[str, str], ...] | None = None
        self._entries: dict[str, ListEntry] = {}
        self._dates: dict[str, tuple[datetime, datetime, datetime]] = {}

    def _sync(self, catalog: Catalog) -> None:
        key = catalog.key()
        if key == self._key:
            return
        with self._lock:
            if key != self._key:
                self._dates = self._engine.lists.entity_dates()
                self._entries = {}
                self._key = key

    def entity(self, entity_id: str, catalog: Catalog) -> dict[str, Any]:
        """The FtM-style entity of an active entry; NotFound if none."""
        self._sync(catalog)
        entry = self._entries.get(entity_id)
        if entry is None:
            try:
                entry = self._engine.lists.entry(entity_id)
            except NotFound:
                raise NotFound("No such entity!", code="entry_not_found") from None
            self._entries[entity_id] = entry
        first, last, changed = self._dates.get(entity_id, (None, None, None))
        return entity_from_entry(entry, first_seen=first, last_seen=last, last_change=changed)
