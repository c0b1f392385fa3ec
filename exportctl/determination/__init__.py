"""Licence determination: transaction + screening + classification + regimes (data) -> outcome.

Public entry points:

- :func:`load_transaction` reads a transaction YAML file.
- :func:`load_regimes` loads the regime data (``regimes/*.yaml``) and, optionally, the US
  Commerce Country Chart folder.
- :func:`assess` is the pure engine; :func:`assess_transaction` composes it with callables
  that classify items and screen parties.
- :func:`render_text` prints a determination as a file note.
"""

from exportctl.determination.compose import (
    ClassifyItem,
    ScreenParty,
    assess_transaction,
    check_transaction,
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
from exportctl.determination.transaction import load_transaction, parse_transaction

__all__ = [
    "DEFAULT_REGIMES_DIR",
    "ClassifyItem",
    "ControlRef",
    "ItemChecks",
    "ItemControls",
    "PartyChecks",
    "PartyHit",
    "RegimeSet",
    "ScreenParty",
    "assess",
    "assess_transaction",
    "check_transaction",
    "item_controls_from_classification",
    "load_regimes",
    "load_transaction",
    "parse_transaction",
    "party_hits_from_matches",
    "render_text",
    "select_jurisdictions",
]
