"""What determination needs from screening and classification, in its own small types.

Determination is decoupled from the screening and classification result types on purpose: it
needs only a few facts from each (which list a party is on and with what legal effect; which
control entries catch an item and for which reasons), and those facts can come from the real
packages, from a stored case, or from a test written by hand. The ``*_from_*`` adapters at the
end convert the real packages' result types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # only for the adapters' signatures; no runtime coupling
    from exportctl.model.classification import Classification

__all__ = [
    "ControlRef",
    "ItemChecks",
    "ItemControls",
    "PartyChecks",
    "PartyHit",
    "item_controls_from_classification",
    "party_hits_from_matches",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PartyHit(_Frozen):
    """A screening hit on one transaction party.

    ``party`` is the index of the party in ``Transaction.parties``. ``decision`` is the
    screener's: ``match`` is treated as the listed party, ``review`` needs a human first.
    ``end_use_concerns`` (watch-list entries) make the exporter "aware" of that end use.
    """

    party: int
    entity_id: str
    source: str  # e.g. ofac-sdn, un, csl, eu, watch:partner-alerts
    name: str
    decision: Literal["match", "review"]
    score: float = 1.0
    list_types: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    end_use_concerns: tuple[str, ...] = ()
    reference: str | None = None
    reason: str | None = None


class PartyChecks(_Frozen):
    """The screening of every transaction party.

    ``screened`` lists the indexes of the parties that were screened; a party missing from it
    could not be screened and the determination says ``review`` rather than assuming it clean.
    """

    hits: tuple[PartyHit, ...] = ()
    screened: tuple[int, ...] = ()

    @classmethod
    def clean(cls, parties: int) -> PartyChecks:
        """Every one of ``parties`` parties screened, none hit."""
        return cls(screened=tuple(range(parties)))


class ControlRef(_Frozen):
    """A control-list entry that catches an item.

    ``regime`` names the list (wassenaar, eu, nsg, mtcr, ag, us); ``code`` its entry;
    ``jurisdiction_code`` the code in each jurisdiction's own numbering where it differs.
    ``reasons_for_control`` are US Country Chart columns (``NS2``, ``NP1``, ``AT1``).
    """

    regime: str
    code: str
    reasons_for_control: tuple[str, ...] = ()
    citation: str = ""
    jurisdiction_code: dict[str, str] = Field(default_factory=dict)

    def code_for(self, key: str) -> str | None:
        """The code in the numbering of ``key`` (eu, us); None if the entry names other
        jurisdictions only; the entry's own code when it names none."""
        if not self.jurisdiction_code:
            return self.code
        return self.jurisdiction_code.get(key)


class ItemControls(_Frozen):
    """What classification found for one item.

    ``classified`` is False when the item could not be classified (its controls are then
    unknown, not empty); ``undecided`` names the lists (eu, us, wassenaar) for which a missing
    parameter left the classification open while others were decided. ``part_of`` is the id
    of the machine a part or service serves;
    ``parent_controls`` that machine's controls, when the caller has them (otherwise the engine
    looks the parent up among the other items). ``related`` are software and technology entries
    tied to the item, e.g. the 2E201 "use" technology of a 2B001 machine.
    """

    item_id: str
    classified: bool = True
    undecided: tuple[str, ...] = ()
    controls: tuple[ControlRef, ...] = ()
    related: tuple[ControlRef, ...] = ()
    review_notes: tuple[str, ...] = ()
    part_of: str | None = None
    parent_controls: tuple[ControlRef, ...] = ()
    category: str | None = None


class ItemChecks(_Frozen):
    """Classification of every item the transaction names, by item id."""

    items: dict[str, ItemControls] = Field(default_factory=dict)

    @classmethod
    def of(cls, controls: Iterable[ItemControls]) -> ItemChecks:
        return cls(items={c.item_id: c for c in controls})

    def get(self, item_id: str) -> ItemControls | None:
        return self.items.get(item_id)


# -- adapters -------------------------------------------------------------------------------


def _ref_from_control(control: object) -> ControlRef:
    """A ControlRef from anything shaped like the classification ``Control`` model."""
    jc = getattr(control, "jurisdiction_code", None)
    codes: dict[str, str] = {}
    if isinstance(jc, Mapping):
        codes = {str(k): str(v) for k, v in jc.items() if v}
    elif jc is not None:
        for key in ("eu", "us"):
            value = getattr(jc, key, None)
            if value:
                codes[key] = str(value)
    return ControlRef(
        regime=str(getattr(control, "regime", "")),
        code=str(getattr(control, "code", "")),
        reasons_for_control=tuple(getattr(control, "reasons_for_control", ()) or ()),
        citation=str(getattr(control, "citation", "") or ""),
        jurisdiction_code=codes,
    )


def item_controls_from_classification(
    result: Classification, *, category: str | None = None
) -> ItemControls:
    """Convert an :class:`exportctl.model.classification.Classification` into ItemControls.

    Only primary controls count (an "other than ..." entry displaced by another is not a
    second licence requirement). A ``review`` status means a deciding parameter is missing:
    the notes travel along and the engine reports ``review`` for lines that depend on them.
    """
    controls = tuple(_ref_from_control(c) for c in result.controls if c.primary)
    related = tuple(_ref_from_control(c) for c in result.related)
    notes = tuple(n.text for n in result.notes if str(n.kind) == "review")
    part_of = result.part_of.item if result.part_of is not None else None
    parent: tuple[ControlRef, ...] = ()
    if result.part_of is not None and result.part_of.classification is not None:
        parent = tuple(
            _ref_from_control(c) for c in result.part_of.classification.controls if c.primary
        )
    undecided = tuple(r.jurisdiction for r in result.by_jurisdiction if str(r.status) == "review")
    # Without a per-jurisdiction answer, an open classification leaves the item unclassified.
    classified = str(result.status) != "review" or bool(controls) or bool(result.by_jurisdiction)
    return ItemControls(
        item_id=result.item,
        classified=classified,
        undecided=undecided,
        controls=controls,
        related=related,
        review_notes=notes,
        part_of=part_of,
        parent_controls=parent,
        category=category,
    )


def _get(obj: object, name: str, default: object = None) -> object:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value)
    return ()


def party_hits_from_matches(
    matches: Sequence[object],
    *,
    party: int,
    entries: Mapping[str, object] | None = None,
) -> list[PartyHit]:
    """Convert screening matches (:class:`exportctl.model.screening.Match` or JSON) for a party.

    Accepts the shapes of ``docs/CONTRACTS.md`` "Screening" (``entity_id``, ``source``,
    ``name``, ``score``, ``decision``, ``programs``). The legal effect of a hit also needs the
    list entry's list types and, for watch lists, its end-use concerns, reason and reference:
    pass ``entries`` (entity id -> :class:`exportctl.model.ListEntry`, e.g. from the store) or
    matches that carry an ``entry``. ``no_match`` results are dropped.
    """
    hits: list[PartyHit] = []
    for m in matches:
        decision = str(_get(m, "decision", "") or "")
        if decision not in ("match", "review"):
            continue
        entry = _get(m, "entry")
        if entry is None and entries is not None:
            entry = entries.get(str(_get(m, "entity_id") or ""))
        source_obj = entry if entry is not None else m
        entity_id = str(_get(m, "entity_id") or _get(source_obj, "entity_id") or "")
        source = str(_get(m, "source") or _get(source_obj, "source") or "")
        name = _get(m, "name") or _get(source_obj, "name") or ""
        score = _get(m, "score", 1.0)
        hits.append(
            PartyHit(
                party=party,
                entity_id=entity_id,
                source=source,
                name=str(name),
                decision="match" if decision == "match" else "review",
                score=float(score) if isinstance(score, int | float) else 1.0,
                list_types=_strings(_get(source_obj, "list_types")),
                programs=_strings(_get(source_obj, "programs") or _get(m, "programs")),
                end_use_concerns=_strings(_get(source_obj, "end_use_concerns")),
                reference=_opt_str(_get(source_obj, "reference")),
                reason=_opt_str(_get(source_obj, "reason")),
            )
        )
    return hits


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
