"""The determination engine: a transaction, its screening and classification, the regimes in force.

:func:`assess` is pure: it reads nothing and writes nothing. For each jurisdiction evaluated it
works out how every line relates to that jurisdiction's control lists (listed item, part of a
listed machine, service on a listed machine, unlisted, unclassified), then runs each rule in
force on ``as_of`` at its scope (the transaction, each line, each party hit, each questionnaire
question). A rule that holds produces a finding; a rule in force that does not hold and has a
``free_reason`` contributes to "the reasons it is free". The outcome is the most severe finding's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from exportctl.determination.inputs import (
    ControlRef,
    ItemChecks,
    ItemControls,
    PartyChecks,
    PartyHit,
)
from exportctl.determination.regime import (
    Applicability,
    JurisdictionRegime,
    Question,
    RegimeSet,
    Relation,
    Rule,
    When,
)
from exportctl.model.determination import (
    Activity,
    Determination,
    Finding,
    FindingKind,
    JurisdictionOutcome,
    Outcome,
    Severity,
    Transaction,
)
from exportctl.model.jurisdiction import ALL, Jurisdiction, unknown_jurisdiction
from exportctl.text.countries import country_name

__all__ = ["JURISDICTION_ORDER", "assess", "select_jurisdictions"]

# The order jurisdictions are reported in (any others after these, by name).
JURISDICTION_ORDER: tuple[str, ...] = tuple(
    j.value for j in (Jurisdiction.TW, Jurisdiction.EU, Jurisdiction.US, Jurisdiction.UN)
)
_ALL = ALL

# Relations from the most to the least controlled: the one the common (all-jurisdiction) rules
# see is the most controlled any evaluated jurisdiction gives a line.
_RELATION_ORDER: tuple[Relation, ...] = (
    "listed",
    "service_on_listed",
    "part_of_listed",
    "unclassified",
    "unlisted",
)
_TECHNOLOGY_ACTIVITIES = (
    Activity.REPAIR,
    Activity.TECHNICAL_ASSISTANCE,
    Activity.TECHNOLOGY_TRANSFER,
    Activity.SOFTWARE_TRANSFER,
)
_LINE_KEYS = (
    "activity_in",
    "relation_in",
    "codes_any",
    "reasons_any",
    "category_in",
    "country_chart",
    "classified",
)


class _Defaults(dict[str, str]):
    """Message placeholders: an unknown one stays as written instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _country_name(iso: str | None) -> str:
    if not iso:
        return "(unknown)"
    return country_name(iso) or iso


@dataclass(frozen=True)
class _LineView:
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
class _Facts:
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
class _Context:
    """Everything a rule needs: the facts, one jurisdiction's view of them, and the data."""

    facts: _Facts
    regimes: RegimeSet
    regime: JurisdictionRegime | None  # None for the common rules
    nexus: bool
    lines: tuple[_LineView, ...]
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


def _facts(tx: Transaction, parties: PartyChecks, items: ItemChecks, as_of: date) -> _Facts:
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
    return _Facts(
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


def _refs_for(regime: JurisdictionRegime, refs: Iterable[ControlRef]) -> list[ControlRef]:
    """The entries that belong to this jurisdiction's lists (and apply in its numbering)."""
    key = regime.control_lists.code_key
    return [
        r
        for r in refs
        if r.regime.lower() in regime.control_lists.regimes and r.code_for(key) is not None
    ]


def _codes(regime: JurisdictionRegime, refs: Iterable[ControlRef]) -> tuple[str, ...]:
    key = regime.control_lists.code_key
    return tuple(dict.fromkeys(c for r in refs if (c := r.code_for(key)) is not None))


def _reasons(refs: Iterable[ControlRef]) -> tuple[str, ...]:
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
    out = [r for r in _refs_for(regime, related) if (r.code_for(key) or "").startswith(use_codes)]
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


def _line_view(
    facts: _Facts, regimes: RegimeSet, regime: JurisdictionRegime, index: int
) -> _LineView:
    line = facts.tx.lines[index]
    spec = facts.tx.items.get(line.item)
    ic: ItemControls | None = facts.items.get(line.item)
    parent_id = (ic.part_of if ic else None) or (spec.part_of if spec else None)
    parent_id = str(parent_id) if parent_id else None
    parent_ic = facts.items.get(parent_id) if parent_id else None
    own = _refs_for(regime, ic.controls) if ic else []
    parent_refs = _refs_for(
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
    elif line.activity in _TECHNOLOGY_ACTIVITIES and not is_tech_item and (own or parent_refs):
        machine = own or parent_refs
        tech = _use_technology(regimes, regime, machine, ic.related)
        relation = "service_on_listed"
        codes = _codes(regime, tech) or _codes(regime, machine)
        reasons = _reasons(tech) or _reasons(machine)
    elif own:
        relation = "listed"
        codes, reasons = _codes(regime, own), _reasons(own)
    elif parent_refs:  # even if the part's own listing is open: the machine is listed
        relation = "part_of_listed"
        codes, reasons = _codes(regime, parent_refs), _reasons(parent_refs)
    else:
        relation = "unlisted" if classified else "unclassified"
    serves_itself = relation == "service_on_listed" and bool(own)
    machine_refs = own if serves_itself else parent_refs
    if serves_itself:  # repairing the listed machine itself: the machine is the line's item
        parent_id = line.item
    return _LineView(
        index=index,
        activity=line.activity,
        item=line.item,
        description=description,
        category=category,
        relation=relation,
        codes=codes,
        reasons=reasons,
        parent=parent_id,
        parent_codes=_codes(regime, machine_refs),
        classified=classified,
        review_notes=ic.review_notes if ic else (),
        us_persons=line.us_persons,
    )


def _common_line_views(per_regime: Sequence[Sequence[_LineView]]) -> tuple[_LineView, ...]:
    """For the all-jurisdiction rules: each line as the most controlling jurisdiction sees it."""
    if not per_regime:
        return ()
    out = []
    for views in zip(*per_regime, strict=True):
        view = min(views, key=lambda v: _RELATION_ORDER.index(v.relation))
        out.append(dataclasses.replace(view, classified=all(v.classified for v in views)))
    return tuple(out)


# -- applicability --------------------------------------------------------------------------


def _resolve(refs: Iterable[str], ctx: _Context) -> frozenset[str] | None:
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


def _applies(regime: JurisdictionRegime, facts: _Facts, regimes: RegimeSet) -> tuple[bool, str]:
    ctx = _Context(facts, regimes, regime, True, ())
    for app in regime.applies_if:
        if _applicability_holds(app, ctx):
            return True, app.basis
    return False, "not engaged by the transaction; evaluated on request"


def _applicability_holds(app: Applicability, ctx: _Context) -> bool:
    facts = ctx.facts
    if app.always:
        return True
    if app.exporter_in is not None:
        codes = _resolve(app.exporter_in, ctx) or frozenset()
        if facts.exporter_country in codes:
            return True
    if app.ship_from_in is not None:
        codes = _resolve(app.ship_from_in, ctx) or frozenset()
        if facts.ship_from in codes:
            return True
    if app.origin_in is not None:
        codes = _resolve(app.origin_in, ctx) or frozenset()
        if facts.origins & codes:
            return True
    if app.us_content and (facts.tx.us_content_percent or 0) > 0:
        return True
    return app.us_persons and any(line.us_persons for line in facts.tx.lines)


def select_jurisdictions(
    regimes: RegimeSet, tx: Transaction, requested: Sequence[str] | None
) -> list[str]:
    """Which jurisdictions to evaluate: those requested (``all``: every one), else those engaged.

    Raises:
        InvalidInput: a requested jurisdiction has no regime.
    """
    known = [j for j in JURISDICTION_ORDER if j in regimes.regimes] + sorted(
        j for j in regimes.regimes if j not in JURISDICTION_ORDER
    )
    if requested:
        wanted = [r.lower() for r in requested]
        if _ALL in wanted:
            return known
        unknown = [w for w in wanted if w not in regimes.regimes]
        if unknown:
            raise unknown_jurisdiction(unknown, known)
        return [j for j in known if j in wanted]
    facts = _facts(tx, PartyChecks(), ItemChecks(), tx.date or date.today())
    return [j for j in known if _applies(regimes.regimes[j], facts, regimes)[0]]


# -- conditions -----------------------------------------------------------------------------


def _prefix_any(values: Iterable[str], prefixes: Iterable[str]) -> bool:
    vs = [v.upper() for v in values]
    return any(v.startswith(p.upper()) for v in vs for p in prefixes)


def _chart(ctx: _Context, view: _LineView) -> tuple[bool | None, str]:
    """Does the US Country Chart mark the destination for any of the line's ECCN columns?"""
    us = ctx.regimes.us_controls
    dest = ctx.facts.destination
    if us is None or dest is None:
        return None, ""
    overrides = ctx.regime.chart_names if ctx.regime else {}
    texts: list[str] = []
    hit = False
    for code in view.codes:
        res = us.lookup(code, view.reasons, dest, overrides)
        if res.row is None:
            return None, f"{_country_name(dest)} has no Country Chart row"
        if res.embargoed:
            return False, f"{res.row}: embargoed destination (Part 746)"
        if res.marked:
            hit = True
            texts.append(f"{code} {', '.join(res.marked)} marked for {res.row}")
        else:
            cols = ", ".join(res.columns) or "no column"
            texts.append(f"{code} ({cols}) not marked for {res.row}")
    return hit, "; ".join(texts)


def _line_holds(w: When, view: _LineView, ctx: _Context, extra: dict[str, str]) -> bool | None:
    if w.activity_in is not None and view.activity not in w.activity_in:
        return False
    if w.relation_in is not None and view.relation not in w.relation_in:
        return False
    if w.codes_any is not None and not _prefix_any(view.codes + view.parent_codes, w.codes_any):
        return False
    if w.reasons_any is not None and not _prefix_any(view.reasons, w.reasons_any):
        return False
    if w.category_in is not None and view.category not in w.category_in:
        return False
    if w.classified is not None and view.classified != w.classified:
        return False
    if w.country_chart is not None:
        if not view.codes:
            return False
        marked, text = _chart(ctx, view)
        extra["chart"] = text
        if marked is None:
            return None
        if marked != w.country_chart:
            return False
    return True


def _party_holds(w: When, hit: PartyHit) -> bool:
    if w.list_sources is not None and not any(
        hit.source.lower().startswith(s.lower()) for s in w.list_sources
    ):
        return False
    if w.list_types_any is not None and not any(
        t.lower() in lt.lower() for lt in hit.list_types for t in w.list_types_any
    ):
        return False
    if w.programs_any is not None and not any(
        p.lower() in pr.lower() for pr in hit.programs for p in w.programs_any
    ):
        return False
    if w.hit_decision is not None and hit.decision != w.hit_decision:
        return False
    return w.hit_has_end_use is None or bool(hit.end_use_concerns) == w.hit_has_end_use


def _question_holds(w: When, q: Question, answers: Mapping[str, bool | None]) -> bool:
    if w.answer is None:
        return True
    given = answers.get(q.id)
    if w.answer == "missing":
        return given is None
    return given is not None and given == q.red_flag_if


def _tx_holds(w: When, ctx: _Context, extra: dict[str, str]) -> bool | None:
    facts = ctx.facts
    if w.nexus is not None and w.nexus != ctx.nexus:
        return False
    for name, value in (
        ("destination_in", facts.destination),
        ("exporter_in", facts.exporter_country),
    ):
        refs = getattr(w, name)
        if refs is not None:
            codes = _resolve(refs, ctx)
            if codes is None:
                return None
            if value is None or value not in codes:
                return False
    for name, value in (
        ("destination_not_in", facts.destination),
        ("exporter_not_in", facts.exporter_country),
    ):
        refs = getattr(w, name)
        if refs is not None:
            codes = _resolve(refs, ctx)
            if codes is None:
                return None
            if value is None or value in codes:
                return False
    if w.end_use_any is not None:
        sources = [
            src
            for concern in w.end_use_any
            for how, srcs in facts.concerns.get(concern.lower(), {}).items()
            if w.knowledge_in is None or how in w.knowledge_in
            for src in srcs
        ]
        if not sources:
            return False
        found = [c for c in w.end_use_any if c.lower() in facts.concerns]
        extra["concerns"] = ", ".join(found)
        extra["knowledge_sources"] = "; ".join(dict.fromkeys(sources))
    if w.answers_complete is not None:
        answers = facts.tx.answers
        complete = all(answers.get(q.id) is not None for q in ctx.regimes.common.questions)
        if complete != w.answers_complete:
            return False
    if w.missing is not None:
        gap = {
            "destination": facts.destination is None,
            "exporter_country": facts.exporter_country is None,
            "screening": bool(facts.unscreened),
            "us_controls": ctx.regimes.us_controls is None,
            "classification": any(not v.classified for v in ctx.lines),
        }[w.missing]
        if not gap:
            return False
    return True


# -- evaluation -----------------------------------------------------------------------------


def _base_placeholders(ctx: _Context) -> dict[str, str]:
    facts = ctx.facts
    listed = [v.item for v in ctx.lines if v.relation != "unlisted"]
    return {
        "transaction": facts.tx.id,
        "destination": facts.destination or "(unknown)",
        "destination_name": _country_name(facts.destination),
        "exporter_country": facts.exporter_country or "(unknown)",
        "exporter": facts.tx.exporter.name,
        "unscreened": ", ".join(facts.unscreened),
        "items": ", ".join(dict.fromkeys(v.item for v in ctx.lines)),
        "listed_items": ", ".join(dict.fromkeys(listed)) or "(none)",
        "as_of": facts.as_of.isoformat(),
        "concerns": ", ".join(sorted(facts.concerns)) or "(none)",
    }


def _line_placeholders(view: _LineView) -> dict[str, str]:
    return {
        "line": str(view.index + 1),
        "item": view.item,
        "item_description": view.description,
        "activity": view.activity.value.replace("_", " "),
        "codes": ", ".join(view.codes) or "(none)",
        "reasons": ", ".join(view.reasons) or "(none)",
        "parent": view.parent or "(none)",
        "parent_codes": ", ".join(view.parent_codes) or "(none)",
        "review_notes": "; ".join(view.review_notes) or "(no note)",
    }


def _party_placeholders(hit: PartyHit, tx: Transaction) -> dict[str, str]:
    party = tx.parties[hit.party].name if 0 <= hit.party < len(tx.parties) else "(unknown)"
    return {
        "party": party,
        "hit": hit.name,
        "entity_id": hit.entity_id,
        "source": hit.source,
        "list_types": ", ".join(hit.list_types) or "(list)",
        "programs": ", ".join(hit.programs) or "(none)",
        "reason": hit.reason or "",
        "reference": hit.reference or "",
        "hit_concerns": ", ".join(hit.end_use_concerns) or "(none)",
        "score": f"{hit.score:.2f}",
    }


def _emit(
    ctx: _Context,
    rule: Rule,
    jurisdiction: str,
    values: Mapping[str, str],
    *,
    lines: tuple[int, ...] = (),
    item: str | None = None,
    party: str | None = None,
) -> None:
    message = rule.message.strip().format_map(_Defaults(values))
    ctx.findings.append(
        Finding(
            kind=rule.kind,
            severity=rule.severity,
            code=rule.id,
            jurisdiction=jurisdiction,
            message=" ".join(message.split()),
            citation=rule.citation,
            rule=rule.id,
            lines=lines,
            item=item,
            party=party,
            note=" ".join(rule.note.split()) if rule.note else None,
        )
    )


def _has_line_keys(w: When) -> bool:
    return any(getattr(w, k) is not None for k in _LINE_KEYS)


def _missing_us_data(ctx: _Context, jurisdiction: str, rule: Rule) -> None:
    """A rule that needs the US data could not be evaluated: say so rather than guess."""
    fallback = next((r for r in ctx.regimes.common.rules if r.when.missing == "us_controls"), None)
    if fallback is None:
        return
    values = _base_placeholders(ctx) | {"rule": rule.id}
    key = (fallback.id, jurisdiction)
    if any((f.rule, f.jurisdiction) == key for f in ctx.findings):
        return
    _emit(ctx, fallback, jurisdiction, values)


def _run_rule(ctx: _Context, rule: Rule, jurisdiction: str) -> bool:
    """Evaluate one rule; True when it produced a finding."""
    w = rule.when
    base = _base_placeholders(ctx)
    tx_extra: dict[str, str] = {}
    tx_ok = _tx_holds(w, ctx, tx_extra)
    if tx_ok is None:
        _missing_us_data(ctx, jurisdiction, rule)
        return False
    if not tx_ok:
        return False
    base |= tx_extra
    fired = False
    if rule.scope == "transaction":
        if _has_line_keys(w):  # on the transaction, a line condition means "some line"
            matching = []
            for view in ctx.lines:
                res = _line_holds(w, view, ctx, {})
                if res is None:
                    _missing_us_data(ctx, jurisdiction, rule)
                elif res:
                    matching.append(view)
            if not matching:
                return False
            base["items"] = ", ".join(dict.fromkeys(v.item for v in matching))
            _emit(ctx, rule, jurisdiction, base, lines=tuple(v.index for v in matching))
            return True
        _emit(ctx, rule, jurisdiction, base)
        return True
    if rule.scope == "line":
        for view in ctx.lines:
            extra: dict[str, str] = {}
            res = _line_holds(w, view, ctx, extra)
            if res is None:
                _missing_us_data(ctx, jurisdiction, rule)
                continue
            if res:
                values = base | _line_placeholders(view) | extra
                _emit(ctx, rule, jurisdiction, values, lines=(view.index,), item=view.item)
                fired = True
        return fired
    if rule.scope == "party":
        for hit in ctx.facts.parties.hits:
            if _party_holds(w, hit):
                values = base | _party_placeholders(hit, ctx.facts.tx)
                _emit(ctx, rule, jurisdiction, values, party=values["party"])
                fired = True
        return fired
    # questionnaire: only asked where some line concerns a listed item, if the rule says so
    if _has_line_keys(w) and not any(_line_holds(w, v, ctx, {}) for v in ctx.lines):
        return False
    answers = ctx.facts.tx.answers
    hits = [q for q in ctx.regimes.common.questions if _question_holds(w, q, answers)]
    if not hits:
        return False
    if w.answer == "missing":  # one finding listing every unanswered question
        values = base | {
            "questions": ", ".join(q.id for q in hits),
            "count": str(len(hits)),
            "questionnaire": ctx.regimes.common.questionnaire,
        }
        _emit(ctx, rule, jurisdiction, values)
        return True
    for q in hits:
        values = base | {"question": q.id, "question_text": q.text}
        _emit(ctx, rule, jurisdiction, values)
    return True


def _evaluate(ctx: _Context, rules: Iterable[Rule], jurisdiction: str) -> None:
    free: list[tuple[Rule, str]] = []
    for rule in rules:
        if not rule.in_force(ctx.facts.as_of) or rule.when.missing == "us_controls":
            # (the missing-US-data rule is only said where a rule needed that data)
            continue
        before = len(ctx.findings)
        fired = _run_rule(ctx, rule, jurisdiction)
        # A rule that could not be evaluated (missing data) is no reason to be free.
        if fired or not rule.free_reason or len(ctx.findings) != before:
            continue
        if rule.free_if is not None and not _tx_holds(rule.free_if, ctx, {}):
            continue
        text = rule.free_reason.strip().format_map(_Defaults(_base_placeholders(ctx)))
        free.append((rule, " ".join(text.split())))
    # Where a destination rule fired ("Iran: ... applies"), "X is not subject to ..." from the
    # regime's other destination rules is true but beside the point: leave it out.
    dest_fired = any(
        f.kind == FindingKind.DESTINATION and f.severity != Severity.INFO for f in ctx.findings
    )
    ctx.free.extend(
        text for rule, text in free if not (dest_fired and rule.kind == FindingKind.DESTINATION)
    )


def _merge(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (rule, jurisdiction, message): the same provision on several lines."""
    out: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        key = (f.rule, f.jurisdiction, f.message)
        if key in out:
            prev = out[key]
            merged = tuple(sorted(set(prev.lines) | set(f.lines)))
            out[key] = prev.model_copy(update={"lines": merged})
        else:
            out[key] = f
    return list(out.values())


def assess(
    transaction: Transaction,
    *,
    parties: PartyChecks,
    items: ItemChecks,
    regimes: RegimeSet,
    jurisdictions: Sequence[str] | None = None,
    as_of: date | None = None,
) -> Determination:
    """Determine the licence requirements of ``transaction``.

    Args:
        transaction: what is to be done (see :func:`exportctl.files.read_transaction`).
        parties: the screening of each party (hits and which parties were screened).
        items: the classification of each item, by item id.
        regimes: the loaded regime data (:func:`exportctl.determination.load_regimes`).
        jurisdictions: ``tw``/``eu``/``us``/``un``/``all``; default: those the transaction
            engages (exporter country, where goods leave from, US origin/content/persons; UN
            always).
        as_of: the date whose law applies; default: the transaction's date, else today.

    Raises:
        InvalidInput: an unknown jurisdiction was requested.
    """
    day = as_of or transaction.date or date.today()
    selected = select_jurisdictions(regimes, transaction, jurisdictions)
    facts = _facts(transaction, parties, items, day)
    all_findings: list[Finding] = []
    outcomes: list[tuple[str, JurisdictionRegime, bool, str, list[Finding], list[str]]] = []
    per_regime_views: list[tuple[_LineView, ...]] = []
    for j in selected:
        regime = regimes.regimes[j]
        nexus, basis = _applies(regime, facts, regimes)
        views = tuple(_line_view(facts, regimes, regime, i) for i in range(len(transaction.lines)))
        per_regime_views.append(views)
        ctx = _Context(facts, regimes, regime, nexus, views)
        # Line-scoped common rules (e.g. an item not classified) are said per jurisdiction:
        # an item may be decided under one list and open under another.
        _evaluate(ctx, [*regime.rules, *(r for r in regimes.common.rules if r.scope == "line")], j)
        found = _merge(ctx.findings)
        all_findings.extend(found)
        outcomes.append((j, regime, nexus, basis, found, ctx.free))

    common_ctx = _Context(facts, regimes, None, True, _common_line_views(per_regime_views))
    _evaluate(common_ctx, [r for r in regimes.common.rules if r.scope != "line"], _ALL)
    common = _merge(common_ctx.findings)
    all_findings.extend(common)

    results = []
    for j, regime, nexus, basis, found, free in outcomes:
        relevant = found + common
        outcome = Outcome.of([f.severity for f in relevant])
        results.append(
            JurisdictionOutcome(
                jurisdiction=j,
                name=regime.name,
                outcome=outcome,
                applies=nexus,
                basis=basis,
                regime_version=regime.version,
                free_reasons=tuple(dict.fromkeys(free + common_ctx.free)),
            )
        )
    order = {j: i for i, j in enumerate([*selected, _ALL])}
    all_findings.sort(key=lambda f: (order.get(f.jurisdiction, 99), f.severity.rank))
    return Determination(
        transaction=transaction.id,
        outcome=Outcome.of([f.severity for f in all_findings]),
        as_of=day,
        jurisdictions=tuple(results),
        findings=tuple(all_findings),
    )
