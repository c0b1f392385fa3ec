"""Licence determination: a transaction, its items classified and its parties screened."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from exportctl.classification import classify, parse_item
from exportctl.config import Settings
from exportctl.determination import (
    RegimeSet,
    determine,
    item_controls_from_classification,
    load_regimes,
    party_hits_from_matches,
)
from exportctl.determination.inputs import ItemControls, PartyHit
from exportctl.errors import InvalidInput
from exportctl.model.determination import Determination, Transaction, TransactionParty
from exportctl.services.classification import ClassificationService
from exportctl.services.screening import ScreeningService

__all__ = ["DeterminationService"]


class DeterminationService:
    """Determines a transaction's licence requirement from the regime data."""

    def __init__(
        self,
        settings: Settings,
        classification: ClassificationService,
        screening: ScreeningService,
    ) -> None:
        self.settings = settings
        self._classification = classification
        self._screening = screening
        self._regimes: RegimeSet | None = None

    def regimes(self) -> RegimeSet:
        """The regime data, with the US Commerce Country Chart from the controls folder."""
        if self._regimes is None:
            us = self.settings.controls_dir / "us"
            self._regimes = load_regimes(us_controls=us if us.is_dir() else None)
        return self._regimes

    def _classify_item(
        self, spec: Mapping[str, Any], specs: Mapping[str, Mapping[str, Any]]
    ) -> ItemControls:
        try:
            item = parse_item(dict(spec), source=f"items.{spec.get('id')}")
            parent_spec = specs.get(item.part_of) if item.part_of else None
            parent = (
                parse_item(dict(parent_spec), source=f"items.{item.part_of}")
                if parent_spec
                else None
            )
        except ValidationError as exc:
            raise InvalidInput(f"items.{spec.get('id')}: {exc.errors()[0]['msg']}") from exc
        result = classify(item, self._classification.rules(), parent=parent)
        category = spec.get("category")
        return item_controls_from_classification(
            result, category=category if isinstance(category, str) else None
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
        """Determine the licence requirement of a transaction (see docs/determination.md)."""
        return determine(
            transaction,
            classify_item=self._classify_item,
            screen_party=self._screen_party,
            regimes=self.regimes(),
            jurisdictions=[jurisdiction] if jurisdiction else None,
            as_of=as_of,
        )
