"""Composition root: ``Engine(settings)`` builds one service per capability.

Adapters (CLI now; HTTP, web, batch later) hold an engine and call its services, each with
typed values (list files, item specs, a transaction, a parsed document):

- ``engine.lists``: :class:`~exportctl.services.lists.ListService` (load, update, status, diff)
- ``engine.screening``: :class:`~exportctl.services.screening.ScreeningService`
- ``engine.classification``: :class:`~exportctl.services.classification.ClassificationService`
- ``engine.controls``: :class:`~exportctl.services.controls.ControlDataService` (control-list
  data versions: which one classify and assess use; update, status, diff)
- ``engine.determination``: :class:`~exportctl.services.determination.DeterminationService`
- ``engine.intake``: :class:`~exportctl.services.intake.IntakeService`
- ``engine.watchlists``: :class:`~exportctl.services.watchlists.WatchlistService` (the
  organisation's watch lists: create, add, remove, import, export; analyst, audited)
- ``engine.users``, ``engine.cases``, ``engine.records``, ``engine.audit``: users and roles,
  cases with four eyes, recorded results and the cleared-hit memory, the audit trail
  (:mod:`exportctl.services.users`, ``.cases``, ``.records``, ``.audit``); every call names
  its acting user and checks it
- ``engine.reports``: :class:`~exportctl.services.reports.ReportService` (a case or a
  determination as a record; :mod:`exportctl.reports` renders it as HTML and PDF)
- ``engine.recording``: :class:`~exportctl.services.recording.RecordingService`
  (``screen --record``, ``assess --record``, ``recall_hits`` for batch screening)
- ``engine.batch``: :class:`~exportctl.batch.service.BatchService` (whole party files on
  every core or on Spark, re-screening after a list update; its own layer above the services)

A new capability is a new module in :mod:`exportctl.services` and one attribute here. Reading
inputs from paths is :mod:`exportctl.files`.
"""

from __future__ import annotations

from exportctl.batch.service import BatchService
from exportctl.cases import require_role
from exportctl.config import Settings
from exportctl.model.alert import Alert, Document
from exportctl.model.case import Role
from exportctl.services.audit import AuditService
from exportctl.services.cases import CaseService
from exportctl.services.classification import ClassificationService
from exportctl.services.controls import ControlDataService
from exportctl.services.determination import DeterminationService
from exportctl.services.intake import ALERTS_WATCHLIST, IntakeService
from exportctl.services.lists import ListService, LoadReport
from exportctl.services.recording import RecordingService
from exportctl.services.records import RecordService
from exportctl.services.reports import ReportService
from exportctl.services.screening import ScreeningService
from exportctl.services.users import SYSTEM_ACTOR, UserService
from exportctl.services.watchlists import WatchlistService
from exportctl.store import Store
from exportctl.store.ports import CaseStore

__all__ = ["ALERTS_WATCHLIST", "Engine", "LoadReport"]


class Engine:
    """The library's front door; adapters call only its services."""

    def __init__(
        self, settings: Settings, store: Store | None = None, case_store: CaseStore | None = None
    ) -> None:
        self.settings = settings
        self._store = store
        self._case_store = case_store
        #: Who changes are recorded as when a call names no ``actor`` (None: "system"). One
        #: invocation of the CLI sets it; adapters serving several users at once (the HTTP
        #: API) never rely on it and pass ``actor=`` to ``lists.load``, ``intake.intake`` ...
        self.actor: str | None = None
        self.lists = ListService(settings, self._get_store, on_change=self._audit_change)
        self.screening = ScreeningService(settings, self._get_store)
        self.controls = ControlDataService(settings, self._get_store, on_change=self._audit_change)
        self.classification = ClassificationService(settings, self.controls)
        self.determination = DeterminationService(
            settings, self.classification, self.screening, self.controls
        )
        self.intake = IntakeService(
            settings,
            self._get_store,
            self.screening,
            on_change=self._audit_change,
            on_open_case=self._open_investigation,
            check_opener=self._check_opener,
        )
        self.recording = RecordingService(
            lambda: self.records, self.screening, self.classification, self.determination
        )
        self.watchlists = WatchlistService(
            self._get_store, self.lists, lambda: self.users, on_change=self._audit_change
        )
        self.determination.recall = self.recording.recall_hits
        self.batch = BatchService(settings, self.lists, self.screening, self.recording)

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
        if self._case_store is not None:
            self._case_store.close()

    # -- users, cases, records, audit ----------------------------------------------------

    @property
    def case_store(self) -> CaseStore:
        """Users, cases, recorded results and the audit log (opened on first use)."""
        if self._case_store is None:
            from exportctl.store.casestore import SqlCaseStore

            self._get_store()  # opening the store runs the migrations first
            self._case_store = SqlCaseStore(self.settings.database_url)
        return self._case_store

    @property
    def users(self) -> UserService:
        return UserService(self.case_store)

    @property
    def cases(self) -> CaseService:
        return CaseService(self.case_store, self.users)

    @property
    def records(self) -> RecordService:
        return RecordService(self.case_store, self.cases)

    @property
    def reports(self) -> ReportService:
        return ReportService(lambda: self.case_store)

    @property
    def audit(self) -> AuditService:
        return AuditService(self.case_store, self.users)

    def _audit_change(
        self, action: str, obj: str, payload: dict[str, object], actor: str | None = None
    ) -> None:
        self.audit.record(actor or self.actor or SYSTEM_ACTOR, action, obj, payload)

    def _check_opener(self, actor: str | None) -> None:
        # A named user must exist, be enabled and hold the analyst role before intake stores
        # an alert; the engine's own changes (no user) are trusted.
        name = actor or self.actor
        if name is not None:
            require_role(self.users.resolve(name), Role.ANALYST, "opening an investigation")

    def _open_investigation(
        self, alert: Alert, document: Document, sha256: str, actor: str | None = None
    ) -> None:
        # The engine's own change: ``system`` resolves here (and only here) when no user acts.
        users = UserService(self.case_store, trusted_system=True)
        records = RecordService(self.case_store, CaseService(self.case_store, users))
        self.recording.open_investigation(
            records, actor or self.actor or SYSTEM_ACTOR, alert, document, sha256
        )
