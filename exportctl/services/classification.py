"""Item classification: the built-in rules, the control-list catalogue, and classify."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from exportctl.classification import (
    ControlCatalogue,
    RuleSet,
    classify,
    find_parent,
    load_rules,
)
from exportctl.config import Settings
from exportctl.errors import NotFound
from exportctl.model.classification import Classification, JurisdictionFilter
from exportctl.model.item import ItemSpec
from exportctl.services.controls import ControlDataService

__all__ = ["ClassificationService"]


class ClassificationService:
    """Classifies item specs against the rules; searches the control-list catalogue."""

    def __init__(self, settings: Settings, controls: ControlDataService) -> None:
        self.settings = settings
        self._controls = controls
        self._rules: RuleSet | None = None

    def rules(self) -> RuleSet:
        """The built-in classification rules (loaded once)."""
        if self._rules is None:
            self._rules = load_rules()
        return self._rules

    def catalogue(self, *, as_of: date | None = None) -> ControlCatalogue:
        """The control-list catalogue (CCL and Wassenaar Category 2) of the active control data
        (or the version in force on ``as_of``); its ``warnings`` name a missing dataset.
        A folder's catalogue: ``exportctl.files.read_control_catalogue``."""
        return self._controls.catalogue(as_of=as_of)

    def classify(
        self,
        items: Mapping[str, ItemSpec],
        *,
        jurisdiction: JurisdictionFilter | str = JurisdictionFilter.ALL,
        vary: Sequence[str] | None = None,
        item_id: str | None = None,
        parents: Mapping[str, ItemSpec] | None = None,
        rules: RuleSet | None = None,
        source: str = "items",
    ) -> list[Classification]:
        """Classify ``items`` (``item_id``: only that one), in order.

        A part (``part_of``) is classified together with the machine it serves, looked up
        among ``items`` and then ``parents`` (machines found outside the input). ``source``
        names the input in messages.
        """
        if item_id is not None and item_id not in items:
            raise NotFound(
                f"{source}: no item {item_id!r} (items: {', '.join(items)})", code="item_not_found"
            )
        chosen = [items[item_id]] if item_id is not None else list(items.values())
        known = {**(parents or {}), **items}
        ruleset = rules or self.rules()
        # Which data decided it: the rules, and the control data the catalogue reads.
        versions = {
            "rules": ruleset.version,
            "controls": self._controls.versions(("us-ccl", "wassenaar")),
        }
        return [
            classify(
                item,
                ruleset,
                jurisdiction,
                parent=find_parent(item, known),
                vary=vary or None,
            ).model_copy(update={"data_versions": versions})
            for item in chosen
        ]
