"""Recording results: ``screen --record``, ``assess --record``, intake's investigation.

Glue between the capabilities that compute results (screening, classification,
determination) and the case services that keep them: the result is stored with its
provenance and the cases it calls for are opened; the cleared-hit memory is read back for
batch screening (:meth:`RecordingService.recall_hits`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from exportctl.errors import InvalidInput, NotFound
from exportctl.model import ListEntry
from exportctl.model.alert import Alert, Document
from exportctl.model.audit import canonical_json
from exportctl.model.case import Case, HitMemory, Provenance, RecordedResult
from exportctl.model.determination import Determination, Transaction
from exportctl.model.screening import Match, ScreeningQuery
from exportctl.screening.screener import make_query
from exportctl.services.classification import ClassificationService
from exportctl.services.determination import DeterminationService
from exportctl.services.provenance import build_provenance
from exportctl.services.records import RecordService, ScreeningRecord, investigation_links
from exportctl.services.screening import ScreeningService
from exportctl.services.users import SYSTEM_ACTOR

__all__ = ["RecordingService"]


class RecordingService:
    """Stores results with their provenance and opens the cases they call for."""

    def __init__(
        self,
        records: Callable[[], RecordService],
        screening: ScreeningService,
        classification: ClassificationService,
        determination: DeterminationService,
    ) -> None:
        self._records = records
        self._screening = screening
        self._classification = classification
        self._determination = determination

    def provenance(self, *, determination: bool = False) -> Provenance:
        """What a result computed now rests on (list, rule and regime versions, scorer)."""
        store = self._screening.store
        return build_provenance(
            lists={v.source: v.version for v in store.list_versions()},
            rules=self._classification.rules().version if determination else None,
            regimes=self._determination.regimes() if determination else None,
        )

    def record_screening(
        self,
        actor: str,
        query: ScreeningQuery | Mapping[str, Any] | str,
        *,
        limit: int = 10,
        records: RecordService | None = None,
    ) -> tuple[list[Match], ScreeningRecord]:
        """Screen one party, store the result and open the hit reviews it calls for."""
        q = make_query(query)
        matches = self._screening.screen(q, limit=limit)
        store = self._screening.store
        entries = {m.entity_id: store.get_entry(m.entity_id) for m in matches}
        rec = (records or self._records()).record_screening(
            actor, q, matches, entries, self.provenance()
        )
        return matches, rec

    def recall_hits(
        self, query: ScreeningQuery | Mapping[str, Any] | str, matches: Sequence[Match]
    ) -> dict[str, HitMemory]:
        """The cleared-hit memory for one party's matches (read-only; batch screening)."""
        store = self._screening.store
        entries = {m.entity_id: store.get_entry(m.entity_id) for m in matches}
        return self._records().recall_hits(make_query(query), matches, entries)

    def recall_hit(
        self, query: ScreeningQuery | Mapping[str, Any] | str, entity_id: str
    ) -> HitMemory | None:
        """The cleared-hit memory for one party's hit on one entry (read-only; batch jobs)."""
        try:
            entry: ListEntry | None = self._screening.store.get_entry(entity_id)
        except NotFound:  # no longer on an active list: a clearance is reported as it stands
            entry = None
        return self._records().recall_hit(make_query(query), entity_id, entry)

    def record_assessment(
        self,
        actor: str,
        transaction: Transaction,
        determination: Determination,
        *,
        applicant: str | None = None,
    ) -> tuple[RecordedResult, Case, tuple[str, ...]]:
        """Store a determination and open the licence application it is submitted with.

        Each party's screening is recorded too, opening the hit reviews it calls for; returns
        (the stored determination, the application, the hit-review case ids).
        """
        inputs = hashlib.sha256(
            canonical_json(transaction.model_dump(mode="json", by_alias=True)).encode()
        ).hexdigest()
        prov = self.provenance(determination=True).model_copy(update={"inputs_sha256": inputs})
        result, case = self._records().record_determination(
            actor,
            determination.model_dump(mode="json", by_alias=True),
            prov,
            applicant=applicant or actor,
            file=transaction.source,
            file_sha256=inputs,
        )
        reviews: list[str] = []
        for party in transaction.parties:
            _, rec = self.record_screening(actor, {"name": party.name, "country": party.country})
            reviews += [c for c in rec.case_ids if c not in reviews]
        return result, case, tuple(reviews)

    def open_investigation(
        self, records: RecordService, actor: str, alert: Alert, document: Document, sha256: str
    ) -> Case:
        """The investigation of a stored alert (keeping its id), and reviews of its hits.

        Runs before intake watch-lists the parties, which would make each one match itself.
        """
        assert alert.case_id is not None
        case = records.open_investigation(
            actor,
            alert.case_id,
            f"Alert {alert.document.id or document.source}: "
            f"{alert.document.subject or 'no subject'}",
            investigation_links(alert, document.source, sha256),
        )
        for p in alert.parties:
            if any(h.decision in ("match", "review") for h in p.matches):
                try:
                    self.record_screening(
                        actor or SYSTEM_ACTOR,
                        {"name": p.name, "country": p.country},
                        records=records,
                    )
                except InvalidInput:  # a name the screener refuses was not screened either
                    continue
        return case
