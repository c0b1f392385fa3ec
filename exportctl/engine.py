"""Composition root: ``Engine(settings)`` builds one service per capability.

Adapters (CLI now; HTTP, web, batch later) hold an engine and call its services, each with
typed values (list files, item specs, a transaction, a parsed document):

- ``engine.lists``: :class:`~exportctl.services.lists.ListService` (load, update, status, diff)
- ``engine.screening``: :class:`~exportctl.services.screening.ScreeningService`
- ``engine.classification``: :class:`~exportctl.services.classification.ClassificationService`
- ``engine.determination``: :class:`~exportctl.services.determination.DeterminationService`
- ``engine.intake``: :class:`~exportctl.services.intake.IntakeService`

A new capability is a new module in :mod:`exportctl.services` and one attribute here. Reading
inputs from paths is :mod:`exportctl.files`.
"""

from __future__ import annotations

from exportctl.config import Settings
from exportctl.services.classification import ClassificationService
from exportctl.services.determination import DeterminationService
from exportctl.services.intake import ALERTS_WATCHLIST, IntakeService
from exportctl.services.lists import ListService, LoadReport
from exportctl.services.screening import ScreeningService
from exportctl.store import Store

__all__ = ["ALERTS_WATCHLIST", "Engine", "LoadReport"]


class Engine:
    """The library's front door; adapters call only its services."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self.lists = ListService(settings, self._get_store)
        self.screening = ScreeningService(settings, self._get_store)
        self.classification = ClassificationService(settings)
        self.determination = DeterminationService(settings, self.classification, self.screening)
        self.intake = IntakeService(settings, self._get_store, self.screening)

    def _get_store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.database_url)
        return self._store

    @property
    def store(self) -> Store:
        """The store (opened on first use)."""
        return self._get_store()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
