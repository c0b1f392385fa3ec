"""The facts determination reasons on: the transaction as a whole, and each line as one
jurisdiction sees it (listed, part of a listed machine, service on one, unlisted, unclassified).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from exportctl.determination.inputs import (
    ControlRef,
    ItemChecks,
    ItemControls,
    PartyChecks,
)
from exportctl.determination.regime import JurisdictionRegime, RegimeSet, Relation
from exportctl.model.determination import Activity, Finding, Transaction
from exportctl.text.countries import country_name

__all__ = [
    "RELATION_ORDER",
    "Context",
    "Defaults",
    "Facts",
    "LineView",
    "build_facts",
    "common_line_views",
    "line_view",
    "place_name",
    "resolve_countries",
]

# Relations from the most to the least controlled: the one the common (all-jurisdiction) rules
# see is the most controlled any evaluated jurisdiction gives a line.
RELATION_ORDER: tuple[Relation, ...] = (
    "listed",
    "service_on_listed",
    "part_of_listed",
    "unclassified",
    "unlisted",
)
TECHNOLOGY_ACTIVITIES = (
    Activity.REPAIR,
    Activity.TECHNICAL_ASSISTANCE,
    Activity.TECHNOLOGY_TRANSFER,
    Activity.SOFTWARE_TRANSFER,
)


class Defaults(dict[str, str]):
    """Message placeholders: an unknown one stays as written instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def place_name(iso: str | None) -> str:
    if not iso:
        return "(unknown)"
    return country_name(iso) or iso


@dataclass(frozen=True)
class LineView:
    """One line as one jurisdiction sees it."""

    index: int
    activity: Activity
    item: str
    description: str
    category: str | None
    relation: Relation
    codes: tuple[str, ...]  # the codes that make it listed / the machine's codes / tech codes
    reasons: tuple[str, ...]
    parent: str | None
    parent_codes: tuple[str, ...]
    review_notes: tuple[str, ...]
    us_persons: bool | None
    classified: bool  # False: the item's listing under this jurisdiction is open or unknown


@dataclass
class Facts:
    """What the whole transaction says, independent of jurisdiction."""

    tx: Transaction
    as_of: date
    destination: str | None
    exporter_country: str | None
    ship_from: str | None
    concerns: dict[str, dict[str, list[str]]]  # concern -> knowledge -> sources
    parties: PartyChecks
    items: ItemChecks
    unscreened: tuple[str, ...]
    origins: frozenset[str]


@dataclass
class Context:
    """Everything a rule needs: the facts, one jurisdiction's view of them, and the data."""

    facts: Facts
    regimes: RegimeSet
    regime: JurisdictionRegime | None  # None for the common rules
    nexus: bool
    lines: tuple[LineView, ...]
    findings: list[Finding] = field(default_factory=list)
    free: list[str] = field(default_factory=list)


# -- facts ----------------------------------------------------------------------------------


def _concerns(tx: Transaction, parties: PartyChecks) -> dict[str, dict[str, list[str]]]:
    """What end uses the exporter knows of, how ("informed" by an authority, or "aware")."""
    out: dict[str, dict[str, list[str]]] = {}

    def add(concern: str, how: str, source: str) -> None:
        out.setdefault(concern.lower(), {}).setdefault(how, []).append(source)

    for notice in tx.notices:
        ref = f"{notice.authority}" + (f" {notice.reference}" if notice.reference else "")
        for c in notice.concerns:
            add(c, "informed", f"notice from {ref}")
    for c in tx.end_use_concerns:
        add(c, "aware", "the transaction's declared end use")
    for hit in parties.hits:
        if hit.decision != "match":  # an unconfirmed hit is a review, not knowledge
            continue
        ref = f" ({hit.reference})" if hit.reference else ""
        for c in hit.end_use_concerns:
            add(c, "aware", f"{hit.source} entry {hit.name!r}{ref}")
    return out


def _origins(tx: Transaction) -> frozenset[str]:
    out: set[str] = set()
    for spec in tx.items.values():
        if spec.origin:
            out.add(spec.origin.upper())
        if spec.manufacturer is not None and spec.manufacturer.country:
            out.add(spec.manufacturer.country.upper())
    return frozenset(out)


def build_facts(tx: Transaction, parties: PartyChecks, items: ItemChecks, as_of: date) -> Facts:
    destination = tx.destination
    if destination is None:  # the end user's (or consignee's) country is the destination
        for role in ("end_user", "consignee"):
            found = next((p.country for p in tx.parties if p.role == role and p.country), None)
            if found:
                destination = found
                break
    screened = set(parties.screened)
    unscreened = tuple(p.name for i, p in enumerate(tx.parties) if i not in screened)
    exporter_country = tx.exporter.country
    return Facts(
        tx=tx,
        as_of=as_of,
        destination=destination,
        exporter_country=exporter_country,
        ship_from=tx.ship_from or exporter_country,
        concerns=_concerns(tx, parties),
        parties=parties,
        items=items,
        unscreened=unscreened,
        origins=_origins(tx),
    )


def refs_for(regime: JurisdictionRegime, refs: Iterable[ControlRef]) -> list[ControlRef]:
    """The entries that belong to this jurisdiction's lists (and apply in its numbering)."""
    key = regime.control_lists.code_key
    return [
        r
        for r in refs
        if r.regime.lower() in regime.control_lists.regimes and r.code_for(key) is not None
    ]


def list_codes(regime: JurisdictionRegime, refs: Iterable[ControlRef]) -> tuple[str, ...]:
    key = regime.control_lists.code_key
    return tuple(dict.fromkeys(c for r in refs if (c := r.code_for(key)) is not None))


def list_reasons(refs: Iterable[ControlRef]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for r in refs for x in r.reasons_for_control))


def _use_technology(
    regimes: RegimeSet,
    regime: JurisdictionRegime,
    machine: Sequence[ControlRef],
    related: Sequence[ControlRef],
) -> list[ControlRef]:
    """The "use" technology repairing or assisting with a listed machine transfers.

    Classification may relate "development" and "production" technology to the machine too;
    a repair passes on only "use" technology, so only the mapped "use" codes are kept.
    """
    key = regime.control_lists.code_key
    use_codes = tuple(m.code for m in regimes.common.use_technology)
    out = [r for r in refs_for(regime, related) if (r.code_for(key) or "").startswith(use_codes)]
    for ref in machine:
        code = ref.code_for(key) or ""
        for m in regimes.common.use_technology:
            if any(code.startswith(p) for p in m.for_codes):
                out.append(
                    ControlRef(
                        regime=ref.regime,
                        code=m.code,
                        reasons_for_control=m.reasons_for_control,
                        citation=m.citation,
                    )
                )
    seen: dict[str, ControlRef] = {}
    for r in out:  # one entry per code, with every reason any source gives it
        code = r.code_for(key) or r.code
        if code in seen:
            merged = tuple(dict.fromkeys(seen[code].reasons_for_control + r.reasons_for_control))
            seen[code] = seen[code].model_copy(update={"reasons_for_control": merged})
        else:
            seen[code] = r
    return list(seen.values())


def line_view(facts: Facts, regimes: RegimeSet, regime: JurisdictionRegime, index: int) -> LineView:
    line = facts.tx.lines[index]
    spec = facts.tx.items.get(line.item)
    ic: ItemControls | None = facts.items.get(line.item)
    parent_id = (ic.part_of if ic else None) or (spec.part_of if spec else None)
    parent_id = str(parent_id) if parent_id else None
    parent_ic = facts.items.get(parent_id) if parent_id else None
    own = refs_for(regime, ic.controls) if ic else []
    parent_refs = refs_for(
        regime,
        (ic.parent_controls if ic and ic.parent_controls else ())
        or (parent_ic.controls if parent_ic else ()),
    )
    category = (ic.category if ic else None) or (spec.category if spec else None)
    category = str(category) if category else None
    description = str((spec.description if spec else None) or line.description or line.item)
    relation: Relation
    codes: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    is_tech_item = category in ("technology", "software")
    classified = (
        ic is not None and ic.classified and regime.control_lists.code_key not in ic.undecided
    )
    if ic is None:
        relation = "unclassified"
    elif line.activity in TECHNOLOGY_ACTIVITIES and not is_tech_item and (own or parent_refs):
        machine = own or parent_refs
        tech = _use_technology(regimes, regime, machine, ic.related)
        relation = "service_on_listed"
        codes = list_codes(regime, tech) or list_codes(regime, machine)
        reasons = list_reasons(tech) or list_reasons(machine)
    elif own:
        relation = "listed"
        codes, reasons = list_codes(regime, own), list_reasons(own)
    elif parent_refs:  # even if the part's own listing is open: the machine is listed
        relation = "part_of_listed"
        codes, reasons = list_codes(regime, parent_refs), list_reasons(parent_refs)
    else:
        relation = "unlisted" if classified else "unclassified"
    serves_itself = relation == "service_on_listed" and bool(own)
    machine_refs = own if serves_itself else parent_refs
    if serves_itself:  # repairing the listed machine itself: the machine is the line's item
        parent_id = line.item
    return LineView(
        index=index,
        activity=line.activity,
        item=line.item,
        description=description,
        category=category,
        relation=relation,
        codes=codes,
        reasons=reasons,
        parent=parent_id,
        parent_codes=list_codes(regime, machine_refs),
        classified=classified,
        review_notes=ic.review_notes if ic else (),
        us_persons=line.us_persons,
    )


def common_line_views(per_regime: Sequence[Sequence[LineView]]) -> tuple[LineView, ...]:
    """For the all-jurisdiction rules: each line as the most controlling jurisdiction sees it."""
    if not per_regime:
        return ()
    out = []
    for views in zip(*per_regime, strict=True):
        view = min(views, key=lambda v: RELATION_ORDER.index(v.relation))
        out.append(dataclasses.replace(view, classified=all(v.classified for v in views)))
    return tuple(out)


def resolve_countries(refs: Iterable[str], ctx: Context) -> frozenset[str] | None:
    """ISO codes for country refs; None when a US Country Group is needed but not loaded."""
    out: set[str] = set()
    for ref in refs:
        if ref.startswith("@"):
            assert ctx.regime is not None  # groups are checked at load
            out |= ctx.regime.groups[ref[1:]].codes(ctx.facts.as_of)
        elif ref.lower().startswith("us:"):
            us = ctx.regimes.us_controls
            if us is None:
                return None
            out |= us.groups.get(ref[3:].upper(), frozenset())
        else:
            out.add(ref.upper())
    return frozenset(out)
