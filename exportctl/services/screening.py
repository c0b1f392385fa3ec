"""Screening against every active list version; the on-disk index cache is
:mod:`exportctl.screening.cache` (validated against the store, safe for concurrent processes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from exportctl.config import Settings
from exportctl.errors import ExportctlError, InvalidInput, NotFound
from exportctl.model.screening import Match, ScreeningQuery, ScreeningResult
from exportctl.screening import Index, Screener
from exportctl.screening.cache import fingerprint_ids, load_or_build
from exportctl.store import Store

__all__ = ["ScreeningService"]


class ScreeningService:
    """Screens parties against the store's active list versions."""

    def __init__(self, settings: Settings, store: Callable[[], Store]) -> None:
        self.settings = settings
        self._store = store
        self._screener: Screener | None = None
        self._screener_key: str | None = None

    @property
    def store(self) -> Store:
        return self._store()

    def has_lists(self) -> bool:
        """Whether any list version is loaded (screening against nothing is an error)."""
        return bool(self.store.list_versions())

    def index(self) -> Index:
        """The index over every active list version, cached on disk per set of versions.

        Raises NotFound (``no_lists_loaded``) when nothing is loaded, so that a screen
        against nothing never reads as "no match".
        """
        return self.screener().index

    def screener(self) -> Screener:
        """The screener over the active versions (the trusted cached index, or built once)."""
        versions = {v.source: v.version for v in self.store.list_versions()}
        if not versions:
            raise NotFound(
                "no restricted-party lists are loaded: run `exportctl lists update` or `lists load`",  # noqa: E501
                code="no_lists_loaded",
            )
        key = json.dumps(versions, sort_keys=True)
        if self._screener is not None and self._screener_key == key:
            return self._screener
        for attempt in range(3):  # a load that commits mid-build changes what is active
            try:
                index = load_or_build(
                    self.settings.home / "index",
                    versions,
                    fingerprint_ids(self.store.active_entity_ids()),
                    self.store.active_entries,
                )
                break
            except InvalidInput as exc:
                if exc.code != "index_incomplete" or attempt == 2:
                    raise
                versions = {v.source: v.version for v in self.store.list_versions()}
                key = json.dumps(versions, sort_keys=True)
        self._screener, self._screener_key = Screener(index), key
        return self._screener

    def screen(
        self,
        query: ScreeningQuery | Mapping[str, Any] | str,
        limit: int = 10,
        include_all: bool = False,
    ) -> list[Match]:
        """Screen one party against every active list; matches best first, explained."""
        return self.screener().screen(query, limit=limit, include_all=include_all)

    def screen_many(
        self,
        queries: Iterable[ScreeningQuery | Mapping[str, Any] | ExportctlError],
        limit: int = 10,
        include_all: bool = False,
    ) -> Iterator[ScreeningResult]:
        """Screen a stream of queries; one result (matches or error) per query, in order."""
        return self.screener().screen_many(queries, limit=limit, include_all=include_all)
