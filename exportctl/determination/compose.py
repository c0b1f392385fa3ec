"""From a transaction to a determination, with screening and classification passed in.

:func:`determine` is what the engine's determination service calls: it asks the given
callables to classify each item and screen each party, and runs
:func:`~exportctl.determination.engine.assess`. The callables keep this package free of the
store and of how screening indexes are built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from exportctl.determination.engine import assess
from exportctl.determination.inputs import ItemChecks, ItemControls, PartyChecks, PartyHit
from exportctl.determination.regime import RegimeSet
from exportctl.errors import ExportctlError
from exportctl.model.determination import Determination, Transaction, TransactionParty
from exportctl.model.item import ItemSpec

__all__ = ["ClassifyItem", "ScreenParty", "check_transaction", "determine"]

# classify_item(item, all_items) -> ItemControls: ``all_items`` lets a part's classifier find
# the machine named by its ``part_of``.
ClassifyItem = Callable[[ItemSpec, Mapping[str, ItemSpec]], ItemControls]
# screen_party(party) -> hits (the ``party`` index of each hit is set by the caller).
ScreenParty = Callable[[TransactionParty], Sequence[PartyHit]]


def check_transaction(
    tx: Transaction,
    *,
    classify_item: ClassifyItem | None,
    screen_party: ScreenParty | None,
) -> tuple[ItemChecks, PartyChecks]:
    """Classify every item and screen every party of ``tx``.

    A domain error while classifying an item or screening a party does not stop the
    determination: the item counts as unclassified, the party as unscreened, and both lead to
    ``review`` findings. Without a callable, nothing is classified (or screened).
    """
    controls: list[ItemControls] = []
    for item_id, spec in tx.items.items():
        if classify_item is None:
            controls.append(
                ItemControls(item_id=item_id, classified=False, review_notes=("not classified",))
            )
            continue
        try:
            result = classify_item(spec, tx.items)
        except ExportctlError as exc:
            controls.append(
                ItemControls(item_id=item_id, classified=False, review_notes=(exc.detail,))
            )
            continue
        controls.append(
            result if result.item_id == item_id else result.model_copy(update={"item_id": item_id})
        )
    hits: list[PartyHit] = []
    screened: list[int] = []
    for index, party in enumerate(tx.parties):
        if screen_party is None:
            continue
        try:
            found = screen_party(party)
        except ExportctlError:
            continue  # unscreened: the determination says review, never "no match"
        hits.extend(h.model_copy(update={"party": index}) for h in found)
        screened.append(index)
    return ItemChecks.of(controls), PartyChecks(hits=tuple(hits), screened=tuple(screened))


def determine(
    tx: Transaction,
    *,
    classify_item: ClassifyItem | None,
    screen_party: ScreenParty | None,
    regimes: RegimeSet,
    jurisdictions: Sequence[str] | None = None,
    as_of: date | None = None,
) -> Determination:
    """Classify the items of ``tx``, screen its parties and determine the outcome.

    Raises:
        InvalidInput: an unknown jurisdiction was requested.
    """
    items, parties = check_transaction(tx, classify_item=classify_item, screen_party=screen_party)
    return assess(
        tx, parties=parties, items=items, regimes=regimes, jurisdictions=jurisdictions, as_of=as_of
    )
