"""Screening against every active list version, with the index cached on disk per version set.

(The on-disk index cache is due to move into :mod:`exportctl.screening`; this service then only
asks it for the index of the active versions.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from exportctl.config import Settings
from exportctl.errors import ExportctlError, InvalidInput, NotFound
from exportctl.model.screening import Match, ScreeningQuery, ScreeningResult
from exportctl.screening import Index, Screener
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

    def _versions_key(self) -> tuple[str, dict[str, str]]:
        versions = {v.source: v.version for v in self.store.list_versions()}
        digest = hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:16]
        return digest, versions

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
        """The screener over the active versions (built, or loaded from the cache, once)."""
        key, versions = self._versions_key()
        if not versions:
            raise NotFound(
                "no restricted-party lists are loaded: run `exportctl lists update` or `lists load`",  # noqa: E501
                code="no_lists_loaded",
            )
        if self._screener is not None and self._screener_key == key:
            return self._screener
        cache = self.settings.home / "index" / f"screening-{key}.json.gz"
        index: Index | None = None
        if cache.exists():
            try:
                index = Index.load(cache)
            except InvalidInput:
                index = None  # built by another analyser version: rebuild below
            if index is not None and index.meta.get("versions") != versions:
                index = None
        if index is None:
            index = Index.build(self.store.active_entries(), meta={"versions": versions})
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".part")
            index.save(tmp)
            tmp.replace(cache)
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
