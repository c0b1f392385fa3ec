"""Licence determination: transaction + screening + classification + regimes (data) -> outcome.

Public entry points:

- :func:`parse_transaction` builds a transaction from parsed YAML (files:
  :func:`exportctl.files.read_transaction`).
- :func:`load_regimes` loads the regime data (``regimes/*.yaml``) and, optionally, the US
  Commerce Country Chart folder.
- :func:`assess` is the pure engine; :func:`determine` composes it with callables
  that classify items and screen parties.
- :func:`render_text` prints a determination as a file note.
"""

from exportctl.determination.compose import (
    ClassifyItem,
    ScreenParty,
    check_transaction,
    determine,
)
from exportctl.determination.engine import assess, select_jurisdictions
from exportctl.determination.inputs import (
    ControlRef,
    ItemChecks,
    ItemControls,
    PartyChecks,
    PartyHit,
    item_controls_from_classification,
    party_hits_from_matches,
)
from exportctl.determination.regime import DEFAULT_REGIMES_DIR, RegimeSet, load_regimes
from exportctl.determination.report import render_text
from exportctl.determination.transaction import RefReader, parse_transaction

__all__ = [
    "DEFAULT_REGIMES_DIR",
    "ClassifyItem",
    "ControlRef",
    "ItemChecks",
    "ItemControls",
    "PartyChecks",
    "PartyHit",
    "RefReader",
    "RegimeSet",
    "ScreenParty",
    "assess",
    "check_transaction",
    "determine",
    "item_controls_from_classification",
    "load_regimes",
    "parse_transaction",
    "party_hits_from_matches",
    "render_text",
    "select_jurisdictions",
]
