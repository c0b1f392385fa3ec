"""Item classification against dual-use control lists, with rules as data.

The pieces:

- :class:`ControlCatalogue`: every US CCL ECCN and the Wassenaar Category 2 entries, read at
  run time from a folder of official texts; ``search`` and ``show``.
- :class:`RuleSet`: the schema-checked ``rules/*.yaml`` (one file per entry and regime, each
  criterion with its citation).
- :func:`classify`: a pure function from an :class:`~exportctl.model.item.ItemSpec` and a rule
  set to a :class:`~exportctl.model.classification.Classification`.
- :func:`parse_item` / :func:`parse_items`: item specs from parsed YAML, with errors naming
  the field (files: :func:`exportctl.files.read_item` / :func:`exportctl.files.read_items`).

Example::

    rules = RuleSet.load()
    item = parse_item(yaml.safe_load(text), source="dmc-3000-5axis.yaml")
    result = classify(item, rules, "all", vary=["axes.simultaneous_contouring=3"])
"""

from exportctl.classification.catalogue import (
    CatalogueEntry,
    ControlCatalogue,
    SearchHit,
    ShownEntry,
)
from exportctl.classification.codes import ControlCode, code_matches, parse_code
from exportctl.classification.engine import classify, jurisdictions_for
from exportctl.classification.items import (
    apply_variations,
    check_item,
    choose_item,
    find_parent,
    parse_item,
    parse_items,
    parse_variations,
)
from exportctl.classification.ruleset import DEFAULT_RULES_DIR, RuleSet, load_rules

__all__ = [
    "DEFAULT_RULES_DIR",
    "CatalogueEntry",
    "ControlCatalogue",
    "ControlCode",
    "RuleSet",
    "SearchHit",
    "ShownEntry",
    "apply_variations",
    "check_item",
    "choose_item",
    "classify",
    "code_matches",
    "find_parent",
    "jurisdictions_for",
    "load_rules",
    "parse_code",
    "parse_item",
    "parse_items",
    "parse_variations",
]
