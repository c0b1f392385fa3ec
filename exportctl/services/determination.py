"""Licence determination: a transaction, its items classified and its parties screened."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from exportctl.classification import check_item, classify
from exportctl.config import Settings
from exportctl.determination import (
    RegimeSet,
    determine,
    item_controls_from_classification,
    load_regimes,
    party_hits_from_matches,
)
from exportctl.determination.inputs import ItemControls, PartyHit
from exportctl.model.case import HitMemory
from exportctl.model.determination import (
    ClearedHit,
    Determination,
    Transaction,
    TransactionParty,
)
from exportctl.model.item import ItemSpec
from exportctl.model.screening import Match
from exportctl.services.classification import ClassificationService
from exportctl.services.controls import ControlDataService
from exportctl.services.screening import ScreeningService

__all__ = ["DeterminationService", "RecallHits"]

#: The cleared-hit memory, read-only: (party query, its matches) -> {entity id: memory}.
RecallHits = Callable[[Mapping[str, Any], Sequence[Match]], Mapping[str, HitMemory]]


class DeterminationService:
    """Determines a transaction's licence requirement from the regime data."""

    def __init__(
        self,
        settings: Settings,
        classification: ClassificationService,
        screening: ScreeningService,
        controls: ControlDataService,
    ) -> None:
        self.settings = settings
        self._classification = classification
        self._screening = screening
        #: The cleared-hit memory (set by the Engine, which owns the case store); None: every
        #: hit counts, as before there were hit reviews.
        self.recall: RecallHits | None = None
        self._controls = controls
        self._regimes: dict[str, RegimeSet] = {}  # by the US control data versions

    def regimes(self, *, as_of: date | None = None) -> RegimeSet:
        """The regime data with the US control data active (or in force on ``as_of``).

        Raises NotFound (``controls_missing``) when a US dataset is not available.
        """
        us = self._controls.us_controls(as_of=as_of)
        key = json.dumps(dict(us.versions), sort_keys=True)
        if key not in self._regimes:
            self._regimes[key] = load_regimes(us_controls=us)
        return self._regimes[key]

    def _classify_item(self, item: ItemSpec, items: Mapping[str, ItemSpec]) -> ItemControls:
        check_item(item, source=f"items.{item.id}")
        parent = items.get(item.part_of) if item.part_of else None
        if parent is not None:
            check_item(parent, source=f"items.{parent.id}")
        result = classify(item, self._classification.rules(), parent=parent)
        return item_controls_from_classification(
            result, category=item.category.value if item.category else None
        )

    def _screen_party(
        self, party: TransactionParty, cleared: list[ClearedHit] | None = None
    ) -> Sequence[PartyHit]:
        query = {"name": party.name, "country": party.country}
        matches = self._screening.screen(query, limit=10)
        if self.recall is not None and matches:
            # A hit a review cleared (four eyes), on entry content unchanged since, is a false
            # positive already decided: it is not counted again, but the result names it.
            memory = self.recall(query, matches)
            gone = {e: m for e, m in memory.items() if m.status == "cleared"}
            if cleared is not None:
                cleared += [
                    ClearedHit(
                        party=party.name,
                        entity_id=e,
                        case_id=m.case_id,
                        decided_by=m.decided_by,
                        approved_by=m.approved_by,
                        decided_at=m.decided_at,
                        reason_code=m.reason_code,
                        reason=m.reason,
                    )
                    for e, m in gone.items()
                    if not any(c.party == party.name and c.entity_id == e for c in cleared)
                ]
            matches = [m for m in matches if m.entity_id not in gone]
        store = self._screening.store
        entries = {m.entity_id: store.get_entry(m.entity_id) for m in matches}
        return party_hits_from_matches(matches, party=0, entries=entries)

    def assess(
        self,
        transaction: Transaction,
        *,
        jurisdiction: str | None = None,
        as_of: date | None = None,
    ) -> Determination:
        """Determine the licence requirement of a transaction (see docs/determination.md).

        ``as_of`` also picks the control data version in force on that date.
        """
        regimes = self.regimes(as_of=as_of)
        cleared: list[ClearedHit] = []
        det = determine(
            transaction,
            classify_item=self._classify_item,
            screen_party=lambda party: self._screen_party(party, cleared),
            regimes=regimes,
            jurisdictions=[jurisdiction] if jurisdiction else None,
            as_of=as_of,
        )
        us = regimes.us_controls
        versions = {
            "lists": {v.source: v.version for v in self._screening.store.list_versions()},
            "controls": dict(us.versions) if us is not None else {},
            "rules": self._classification.rules().version,
            "regimes": {j.jurisdiction: j.regime_version for j in det.jurisdictions},
        }
        return det.model_copy(update={"data_versions": versions, "cleared_hits": tuple(cleared)})
