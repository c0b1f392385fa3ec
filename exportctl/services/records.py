"""Recorded results and the cases they open; the cleared-hit memory batch screening uses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from exportctl.cases import OpenCase, Reopen, entry_diff, memory_of, party_key, review_key
from exportctl.cases import require_role as _require_role
from exportctl.errors import Conflict, NotFound
from exportctl.model import ListEntry
from exportctl.model.alert import Alert
from exportctl.model.audit import EventDraft, canonical_json
from exportctl.model.case import (
    Application,
    Case,
    CaseKind,
    CaseLink,
    HitMemory,
    HitSubject,
    LinkKind,
    Provenance,
    RecordedResult,
    Role,
)
from exportctl.model.screening import Decision, Match, ScreeningQuery
from exportctl.services.cases import CaseService
from exportctl.store.ports import CaseStore

__all__ = ["RecordService", "ScreeningRecord", "investigation_links"]

_REVIEWABLE = (Decision.MATCH, Decision.REVIEW)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ScreeningRecord:
    """A recorded screening: its result id, the review cases it opened or touched, and what
    the memory says per matched entry (``entity_id -> HitMemory``)."""

    result_id: str
    case_ids: tuple[str, ...]
    memory: dict[str, HitMemory] = field(default_factory=dict)


class RecordService:
    def __init__(
        self, store: CaseStore, cases: CaseService, clock: Callable[[], datetime] = _now
    ) -> None:
        self.store = store
        self.cases = cases
        self.clock = clock

    # -- results ---------------------------------------------------------------------------

    def save_result(
        self,
        actor: str,
        kind: str,
        subject: str,
        data: dict[str, Any],
        provenance: Provenance,
    ) -> RecordedResult:
        """Store a result with its provenance (analysts and above); returns it with its id."""
        who = self.cases.users.resolve(actor)
        _require_role(who, Role.ANALYST, "recording results")
        now = self.clock()
        digest = hashlib.sha256(
            canonical_json(
                [kind, subject, data, provenance.model_dump(mode="json"), now.isoformat()]
            ).encode()
        ).hexdigest()
        result = RecordedResult(
            id=f"R-{digest[:20]}",
            kind=kind,
            subject=subject,
            created_at=now,
            created_by=who.name,
            provenance=provenance,
            data=data,
        )
        event = EventDraft(
            actor=who.name,
            action=f"{kind}.recorded",
            object=result.id,
            payload={
                "subject": subject,
                "provenance": provenance.model_dump(mode="json"),
                "data_sha256": hashlib.sha256(canonical_json(data).encode()).hexdigest(),
            },
        )
        self.store.save_result(result, [event])
        return result

    def get_result(self, actor: str, result_id: str) -> RecordedResult:
        self.cases.users.resolve(actor)
        return self.store.get_result(result_id)

    def results_of(self, actor: str, case: Case) -> list[RecordedResult]:
        """The stored results a case links to, in link order (a link whose result is gone
        is skipped: results are kept longer than cases, never the other way round)."""
        self.cases.users.resolve(actor)
        out: list[RecordedResult] = []
        for link in case.links:
            if link.kind is LinkKind.RESULT:
                try:
                    out.append(self.store.get_result(link.ref))
                except NotFound:
                    continue
        return out

    # -- screening and the cleared-hit memory ----------------------------------------------

    def recall_hits(
        self, query: ScreeningQuery, matches: Sequence[Match], entries: Mapping[str, ListEntry]
    ) -> dict[str, HitMemory]:
        """What earlier reviews say about each reviewable match, without writing anything.

        ``entries`` maps entity ids to the active entries; a cleared review whose entry
        changed since shows ``changed`` (``record_screening`` reopens it). Batch screening
        calls this per party.
        """
        out: dict[str, HitMemory] = {}
        for m in matches:
            if m.decision not in _REVIEWABLE:
                continue
            memory = self.recall_hit(query, m.entity_id, entries.get(m.entity_id))
            if memory is not None:
                out[m.entity_id] = memory
        return out

    def recall_hit(
        self, query: ScreeningQuery, entity_id: str, entry: ListEntry | None
    ) -> HitMemory | None:
        """What the review of this party's hit on ``entity_id`` says, if there is one.

        ``entry``: the active entry (None if gone); a cleared review of a changed entry shows
        ``changed`` with the difference. Read-only (batch screening asks per hit).
        """
        key = party_key(query.name, query.country, query.birth_date)
        case = self.store.find_review(review_key(key, entity_id))
        if case is None or case.subject is None:
            return None
        memory = memory_of(case, entry.content_hash() if entry else None)
        if memory.status == "changed" and entry is not None:
            diff = entry_diff(case.subject.entry, entry.model_dump(mode="json", by_alias=True))
            memory = memory.model_copy(update={"diff": diff})
        return memory

    def record_screening(
        self,
        actor: str,
        query: ScreeningQuery,
        matches: Sequence[Match],
        entries: Mapping[str, ListEntry],
        provenance: Provenance,
    ) -> ScreeningRecord:
        """Store the result and open one hit review per new (party, entry) match or review.

        A cleared review of an unchanged entry stays cleared (no new review); one whose entry
        changed is reopened with the entry's diff attached.
        """
        data = {
            "query": query.model_dump(mode="json", by_alias=True),
            "matches": [m.model_dump(mode="json", by_alias=True) for m in matches],
        }
        result = self.save_result(actor, "screening", query.name, data, provenance)
        memory = self.recall_hits(query, matches, entries)
        key = party_key(query.name, query.country, query.birth_date)
        case_ids: list[str] = []
        for m in matches:
            if m.decision not in _REVIEWABLE:
                continue
            known = memory.get(m.entity_id)
            entry = entries.get(m.entity_id)
            if known is None:
                case = self._open_review(actor, query, key, m, entry, result.id)
                memory[m.entity_id] = memory_of(case, None)
                case_ids.append(case.id)
            elif known.status == "changed" and entry is not None:
                self.cases.apply(
                    actor,
                    known.case_id,
                    Reopen(
                        reason="the list entry changed since the review was cleared",
                        diff=known.diff,
                        entry_hash=entry.content_hash(),
                        entry=entry.model_dump(mode="json", by_alias=True),
                    ),
                )
                memory[m.entity_id] = known.model_copy(update={"status": "reopened"})
                case_ids.append(known.case_id)
            elif known.status == "open":
                case_ids.append(known.case_id)
        return ScreeningRecord(result.id, tuple(case_ids), memory)

    def _open_review(
        self,
        actor: str,
        query: ScreeningQuery,
        key: str,
        m: Match,
        entry: ListEntry | None,
        result_id: str,
    ) -> Case:
        snapshot = entry.model_dump(mode="json", by_alias=True) if entry else {}
        subject = HitSubject(
            party_name=query.name,
            party_key=key,
            country=query.country,
            birth_date=query.birth_date,
            entity_id=m.entity_id,
            source=m.source,
            entry_name=m.name,
            entry_hash=entry.content_hash() if entry else "",
            entry=snapshot,
            score=m.score,
            screening_decision=m.decision.value,
        )
        cmd = OpenCase(
            kind=CaseKind.HIT_REVIEW,
            title=f"{query.name} vs {m.name} ({m.entity_id})",
            links=(
                CaseLink(kind=LinkKind.PARTY, ref=key, label=query.name),
                CaseLink(kind=LinkKind.ENTRY, ref=m.entity_id, label=m.name),
                CaseLink(kind=LinkKind.RESULT, ref=result_id),
            ),
            subject=subject,
        )
        rkey = review_key(key, m.entity_id)
        try:
            return self.cases.open(actor, cmd, review_key=rkey)
        except Conflict:  # another screening opened it a moment ago
            found = self.store.find_review(rkey)
            if found is None:
                raise
            return found

    # -- determinations and licence applications -------------------------------------------

    def record_determination(
        self,
        actor: str,
        determination: dict[str, Any],
        provenance: Provenance,
        *,
        applicant: str,
        file: str | None = None,
        file_sha256: str | None = None,
    ) -> tuple[RecordedResult, Case]:
        """Store a determination and open its licence application, submitted with it."""
        transaction = str(determination.get("transaction") or "transaction")
        result = self.save_result(actor, "determination", transaction, determination, provenance)
        app = Application(
            applicant=applicant,
            transaction=transaction,
            file=file,
            file_sha256=file_sha256,
            result_id=result.id,
            outcome=str(determination.get("outcome")),
        )
        links = [CaseLink(kind=LinkKind.RESULT, ref=result.id, label="determination")]
        if file:
            links.append(CaseLink(kind=LinkKind.DOCUMENT, ref=file, label=file_sha256))
        case = self.cases.open(
            actor,
            OpenCase(
                kind=CaseKind.LICENCE_APPLICATION,
                title=f"Licence application for {transaction} ({applicant})",
                links=tuple(links),
                application=app,
            ),
        )
        case = self.cases.transition(
            actor, case.id, "submitted", f"submitted with determination {result.id}"
        )
        return result, case

    def open_investigation(
        self, actor: str, case_id: str, title: str, links: Sequence[CaseLink]
    ) -> Case:
        """The investigation of an alert; it keeps the alert's id."""
        return self.cases.open(
            actor,
            OpenCase(
                kind=CaseKind.INVESTIGATION,
                title=title,
                case_id=case_id,
                links=tuple(links),
                reason="intake --open-case",
            ),
        )


def investigation_links(alert: Alert, file: str, file_sha256: str) -> list[CaseLink]:
    """An investigation's links: the alert document and the parties it names."""
    links = [CaseLink(kind=LinkKind.DOCUMENT, ref=file, label=file_sha256)]
    for p in alert.parties:
        links.append(
            CaseLink(
                kind=LinkKind.PARTY,
                ref=party_key(p.name, p.country),
                label=f"{p.name} ({p.role or 'party'})",
            )
        )
    return links
