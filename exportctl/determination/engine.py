"""The determination engine: a transaction, its screening and classification, the regimes in force.

:func:`assess` is pure: it reads nothing and writes nothing. For each jurisdiction evaluated it
works out how every line relates to that jurisdiction's control lists (listed item, part of a
listed machine, service on a listed machine, unlisted, unclassified), then runs each rule in
force on ``as_of`` at its scope (the transaction, each line, each party hit, each questionnaire
question). A rule that holds produces a finding; a rule in force that does not hold and has a
``free_reason`` contributes to "the reasons it is free". The outcome is the most severe finding's.

The facts are built in :mod:`~exportctl.determination.facts`; the conditions a rule names are
decided by the registry in :mod:`~exportctl.determination.conditions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from exportctl.determination.conditions import (
    conditions_held,
    has_line_keys,
    line_holds,
    party_holds,
    question_holds,
    transaction_holds,
)
from exportctl.determination.facts import (
    Context,
    Defaults,
    Facts,
    LineView,
    build_facts,
    common_line_views,
    line_view,
    place_name,
    resolve_countries,
)
from exportctl.determination.inputs import ItemChecks, PartyChecks, PartyHit
from exportctl.determination.regime import Applicability, JurisdictionRegime, RegimeSet, Rule
from exportctl.model.determination import (
    Determination,
    Finding,
    FindingKind,
    JurisdictionOutcome,
    Outcome,
    Severity,
    Transaction,
)
from exportctl.model.jurisdiction import ALL, Jurisdiction, unknown_jurisdiction

__all__ = ["JURISDICTION_ORDER", "assess", "select_jurisdictions"]

# The order jurisdictions are reported in (any others after these, by name).
JURISDICTION_ORDER: tuple[str, ...] = tuple(
    j.value for j in (Jurisdiction.TW, Jurisdiction.EU, Jurisdiction.US, Jurisdiction.UN)
)
_ALL = ALL


def _applies(regime: JurisdictionRegime, facts: Facts, regimes: RegimeSet) -> tuple[bool, str]:
    ctx = Context(facts, regimes, regime, True, ())
    for app in regime.applies_if:
        if _applicability_holds(app, ctx):
            return True, app.basis
    return False, "not engaged by the transaction; evaluated on request"


def _applicability_holds(app: Applicability, ctx: Context) -> bool:
    facts = ctx.facts
    if app.always:
        return True
    if app.exporter_in is not None:
        codes = resolve_countries(app.exporter_in, ctx) or frozenset()
        if facts.exporter_country in codes:
            return True
    if app.ship_from_in is not None:
        codes = resolve_countries(app.ship_from_in, ctx) or frozenset()
        if facts.ship_from in codes:
            return True
    if app.origin_in is not None:
        codes = resolve_countries(app.origin_in, ctx) or frozenset()
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
    facts = build_facts(tx, PartyChecks(), ItemChecks(), tx.date or date.today())
    return [j for j in known if _applies(regimes.regimes[j], facts, regimes)[0]]


# -- evaluation -----------------------------------------------------------------------------


def _base_placeholders(ctx: Context) -> dict[str, str]:
    facts = ctx.facts
    listed = [v.item for v in ctx.lines if v.relation != "unlisted"]
    return {
        "transaction": facts.tx.id,
        "destination": facts.destination or "(unknown)",
        "destination_name": place_name(facts.destination),
        "exporter_country": facts.exporter_country or "(unknown)",
        "exporter": facts.tx.exporter.name,
        "unscreened": ", ".join(facts.unscreened),
        "items": ", ".join(dict.fromkeys(v.item for v in ctx.lines)),
        "listed_items": ", ".join(dict.fromkeys(listed)) or "(none)",
        "as_of": facts.as_of.isoformat(),
        "concerns": ", ".join(sorted(facts.concerns)) or "(none)",
    }


def _line_placeholders(view: LineView) -> dict[str, str]:
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
    ctx: Context,
    rule: Rule,
    jurisdiction: str,
    values: Mapping[str, str],
    *,
    lines: tuple[int, ...] = (),
    item: str | None = None,
    party: str | None = None,
) -> None:
    message = rule.message.strip().format_map(Defaults(values))
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
            conditions=conditions_held(rule.when),
        )
    )


def _missing_us_data(ctx: Context, jurisdiction: str, rule: Rule) -> None:
    """A rule that needs the US data could not be evaluated: say so rather than guess."""
    fallback = next((r for r in ctx.regimes.common.rules if r.when.missing == "us_controls"), None)
    if fallback is None:
        return
    values = _base_placeholders(ctx) | {"rule": rule.id}
    key = (fallback.id, jurisdiction)
    if any((f.rule, f.jurisdiction) == key for f in ctx.findings):
        return
    _emit(ctx, fallback, jurisdiction, values)


def _run_rule(ctx: Context, rule: Rule, jurisdiction: str) -> bool:
    """Evaluate one rule; True when it produced a finding."""
    w = rule.when
    base = _base_placeholders(ctx)
    tx_extra: dict[str, str] = {}
    tx_ok = transaction_holds(w, ctx, tx_extra)
    if tx_ok is None:
        _missing_us_data(ctx, jurisdiction, rule)
        return False
    if not tx_ok:
        return False
    base |= tx_extra
    fired = False
    if rule.scope == "transaction":
        if has_line_keys(w):  # on the transaction, a line condition means "some line"
            matching = []
            for view in ctx.lines:
                res = line_holds(w, view, ctx, {})
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
            res = line_holds(w, view, ctx, extra)
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
            if party_holds(w, hit, ctx):
                values = base | _party_placeholders(hit, ctx.facts.tx)
                _emit(ctx, rule, jurisdiction, values, party=values["party"])
                fired = True
        return fired
    # questionnaire: only asked where some line concerns a listed item, if the rule says so
    if has_line_keys(w) and not any(line_holds(w, v, ctx, {}) for v in ctx.lines):
        return False
    answers = ctx.facts.tx.answers
    hits = [q for q in ctx.regimes.common.questions if question_holds(w, q, answers, ctx)]
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


def _evaluate(ctx: Context, rules: Iterable[Rule], jurisdiction: str) -> None:
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
        if rule.free_if is not None and not transaction_holds(rule.free_if, ctx, {}):
            continue
        text = rule.free_reason.strip().format_map(Defaults(_base_placeholders(ctx)))
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
    facts = build_facts(transaction, parties, items, day)
    all_findings: list[Finding] = []
    outcomes: list[tuple[str, JurisdictionRegime, bool, str, list[Finding], list[str]]] = []
    per_regime_views: list[tuple[LineView, ...]] = []
    for j in selected:
        regime = regimes.regimes[j]
        nexus, basis = _applies(regime, facts, regimes)
        views = tuple(line_view(facts, regimes, regime, i) for i in range(len(transaction.lines)))
        per_regime_views.append(views)
        ctx = Context(facts, regimes, regime, nexus, views)
        # Line-scoped common rules (e.g. an item not classified) are said per jurisdiction:
        # an item may be decided under one list and open under another.
        _evaluate(ctx, [*regime.rules, *(r for r in regimes.common.rules if r.scope == "line")], j)
        found = _merge(ctx.findings)
        all_findings.extend(found)
        outcomes.append((j, regime, nexus, basis, found, ctx.free))

    common_ctx = Context(facts, regimes, None, True, common_line_views(per_regime_views))
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
