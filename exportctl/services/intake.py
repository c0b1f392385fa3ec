"""Alert intake: extract an alert from a parsed document, screen its parties, open a case."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from exportctl.config import Settings
from exportctl.errors import InvalidInput, NotFound
from exportctl.intake import extract_alert
from exportctl.intake.watch import ALERTS_WATCHLIST, watch_entries
from exportctl.model.alert import Alert, Document, GazetteerHit
from exportctl.services.lists import ChangeHook
from exportctl.services.screening import ScreeningService
from exportctl.store import Store
from exportctl.store.database import AlertRecord, retry_busy

__all__ = ["ALERTS_WATCHLIST", "IntakeService"]


class IntakeService:
    """Turns alert documents into alerts (parties screened) and investigation records."""

    def __init__(
        self,
        settings: Settings,
        store: Callable[[], Store],
        screening: ScreeningService,
        *,
        on_change: ChangeHook | None = None,
        on_open_case: Callable[[Alert, Document, str, str | None], None] | None = None,
        check_opener: Callable[[str | None], None] | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._screening = screening
        self._on_change = on_change  # records the watch-list change in the audit trail
        self._on_open_case = on_open_case  # opens the investigation case of a stored alert
        # Refuses an actor who may not open cases before anything is stored.
        self._check_opener = check_opener

    @property
    def store(self) -> Store:
        return self._store()

    def _gazetteer(self, name: str) -> list[GazetteerHit]:
        # A bare acronym in running text ("CNC" machine tools) is not evidence of a listed
        # party: acronyms collide with list acronyms (CNNC) far more often than they identify.
        if sum(c.isalpha() for c in name) < 5:
            return []
        try:
            matches = self._screening.screen(name, limit=3)
        except (InvalidInput, NotFound):
            return []
        return [GazetteerHit.from_match(m) for m in matches]

    def intake(
        self,
        document: Document,
        *,
        open_case: bool = False,
        sha256: str | None = None,
        actor: str | None = None,
    ) -> Alert:
        """Extract the alert of a parsed document and screen its parties.

        With ``open_case`` the alert is stored as an investigation record (``sha256``: of the
        bytes the document was read from; without it, of the document's text) and its parties
        of concern join the ``watch:alerts`` watch list with the document as the reason, so a
        later ``assess`` naming them raises the catch-all. ``actor``: the user the
        investigation and the watch-list change are recorded as (adapters serving several
        users at once pass it on every call).
        """
        if open_case and self._check_opener is not None:
            self._check_opener(actor)
        have_lists = self._screening.has_lists()
        alert = extract_alert(document, self._gazetteer if have_lists else None)
        if have_lists:
            parties = []
            for p in alert.parties:
                try:
                    matches = self._screening.screen(
                        {"name": p.name, "country": p.country}, limit=5, include_all=True
                    )
                except InvalidInput:
                    matches = []
                hits = [GazetteerHit.from_match(m) for m in matches]
                parties.append(p.model_copy(update={"matches": hits}))
            alert = alert.model_copy(update={"parties": parties})
        if not open_case:
            return alert
        taken = alert
        digest = sha256 or hashlib.sha256(document.text.encode()).hexdigest()
        record = self.store.add_alert(
            document_id=alert.document.id,
            file=document.source,
            file_sha256=digest,
            kind="investigation",
            data=lambda case_id: taken.model_copy(update={"case_id": case_id}).model_dump_json(
                by_alias=True
            ),
        )
        alert = alert.model_copy(update={"case_id": record.case_id})
        if self._on_open_case is not None:
            self._on_open_case(alert, document, digest, actor)
        self._watch_parties(alert, record.case_id, actor)
        return alert

    def _watch_parties(self, alert: Alert, case_id: str, actor: str | None = None) -> None:
        """Add the alert's parties of concern to the watch list (keys: intake/watch.py)."""
        current = {e.entity_id: e for e in self.store.active_entries([ALERTS_WATCHLIST])}
        entries = watch_entries(alert, case_id, current)
        if entries is None:
            return
        saved = retry_busy(
            lambda: self.store.save_list_version(
                ALERTS_WATCHLIST,
                "watchlist",
                entries,
                published=None,
                origin=f"intake {case_id}",
            )
        )
        if saved.created and self._on_change is not None:
            self._on_change(
                "watchlist.updated",
                ALERTS_WATCHLIST,
                {
                    "version": saved.version.version,
                    "case": case_id,
                    # Only this alert's entries: the rest of the list is unchanged by it.
                    "parties": sorted(e.name for e in entries if current.get(e.entity_id) != e),
                },
                actor,
            )

    def records(self) -> list[AlertRecord]:
        """Every stored alert record."""
        return self.store.list_alerts()

    def record(self, case_id: str) -> AlertRecord:
        """One alert record by case id."""
        return self.store.get_alert(case_id)
