"""Licence determination: a transaction, its items classified and its parties screened."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date

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
from exportctl.model.determination import Determination, Transaction, TransactionParty
from exportctl.model.item import ItemSpec
from exportctl.services.classification import ClassificationService
from exportctl.services.controls import ControlDataService
from exportctl.services.screening import ScreeningService

__all__ = ["DeterminationService"]


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

    def _screen_party(self, party: TransactionParty) -> Sequence[PartyHit]:
        matches = self._screening.screen({"name": party.name, "country": party.country}, limit=10)
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
        det = determine(
            transaction,
            classify_item=self._classify_item,
            screen_party=self._screen_party,
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
        return det.model_copy(update={"data_versions": versions})
