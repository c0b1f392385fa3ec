"""The conditions a regime rule's ``when`` may name: one registry of (key, scope, predicate).

Each key of :class:`~exportctl.determination.regime.When` is registered here once, with the
scope it reads (the transaction, a line, a party hit, a questionnaire question) and the
predicate that decides it. The evaluators (``transaction_holds``, ``line_holds``, ...) run the
registered predicates of their scope, in registry order, for the keys a rule gives; the line
keys a transaction-scope rule may use ("some line ...") are derived from the registry, and a
finding lists the condition keys that held for it. Adding a condition is one registry row
(plus the field on ``When``); a test checks that every field is registered.

A predicate returns True (holds), False (does not) or None (cannot be decided: data such as
the US Country Groups or Country Chart is missing); an evaluator stops at the first result that
is not True. Some predicates add message placeholders to ``extra``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from exportctl.determination.facts import Context, LineView, place_name, resolve_countries
from exportctl.determination.inputs import PartyHit
from exportctl.determination.regime import Question, When

__all__ = [
    "CONDITIONS",
    "LINE_KEYS",
    "Condition",
    "Subject",
    "conditions_held",
    "has_line_keys",
    "line_holds",
    "party_holds",
    "question_holds",
    "transaction_holds",
]

Scope = Literal["transaction", "line", "party", "question"]


@dataclass
class Subject:
    """What a predicate looks at: the context and, by scope, the line, party hit or question."""

    ctx: Context
    when: When
    extra: dict[str, str]
    view: LineView | None = None
    hit: PartyHit | None = None
    question: Question | None = None
    answers: Mapping[str, bool | None] | None = None


@dataclass(frozen=True)
class Condition:
    """One ``when`` key: the scope it reads and the predicate on its value."""

    key: str
    scope: Scope
    holds: Callable[[Any, Subject], bool | None]
    meaning: str


# -- predicates -----------------------------------------------------------------------------


def _prefix_any(values: Iterable[str], prefixes: Iterable[str]) -> bool:
    vs = [v.upper() for v in values]
    return any(v.startswith(p.upper()) for v in vs for p in prefixes)


def _chart(ctx: Context, view: LineView) -> tuple[bool | None, str]:
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
            return None, f"{place_name(dest)} has no Country Chart row"
        if res.embargoed:
            return False, f"{res.row}: embargoed destination (Part 746)"
        if res.marked:
            hit = True
            texts.append(f"{code} {', '.join(res.marked)} marked for {res.row}")
        else:
            cols = ", ".join(res.columns) or "no column"
            texts.append(f"{code} ({cols}) not marked for {res.row}")
    return hit, "; ".join(texts)


def _country_chart(value: bool, s: Subject) -> bool | None:
    assert s.view is not None
    if not s.view.codes:
        return False
    marked, text = _chart(s.ctx, s.view)
    s.extra["chart"] = text
    if marked is None:
        return None
    return marked == value


def _in_countries(country: Callable[[Subject], str | None], inside: bool) -> Callable[..., Any]:
    def holds(refs: tuple[str, ...], s: Subject) -> bool | None:
        codes = resolve_countries(refs, s.ctx)
        if codes is None:
            return None
        value = country(s)
        return value is not None and (value in codes) == inside

    return holds


def _destination(s: Subject) -> str | None:
    return s.ctx.facts.destination


def _exporter(s: Subject) -> str | None:
    return s.ctx.facts.exporter_country


def _end_use_any(concerns: tuple[str, ...], s: Subject) -> bool:
    facts = s.ctx.facts
    knowledge = s.when.knowledge_in
    sources = [
        src
        for concern in concerns
        for how, srcs in facts.concerns.get(concern.lower(), {}).items()
        if knowledge is None or how in knowledge
        for src in srcs
    ]
    if not sources:
        return False
    found = [c for c in concerns if c.lower() in facts.concerns]
    s.extra["concerns"] = ", ".join(found)
    s.extra["knowledge_sources"] = "; ".join(dict.fromkeys(sources))
    return True


def _answers_complete(value: bool, s: Subject) -> bool:
    answers = s.ctx.facts.tx.answers
    complete = all(answers.get(q.id) is not None for q in s.ctx.regimes.common.questions)
    return complete == value


def _missing(what: str, s: Subject) -> bool:
    ctx, facts = s.ctx, s.ctx.facts
    gap = {
        "destination": facts.destination is None,
        "exporter_country": facts.exporter_country is None,
        "screening": bool(facts.unscreened),
        "us_controls": ctx.regimes.us_controls is None,
        "classification": any(not v.classified for v in ctx.lines),
    }[what]
    return gap


def _view(s: Subject) -> LineView:
    assert s.view is not None
    return s.view


def _hit(s: Subject) -> PartyHit:
    assert s.hit is not None
    return s.hit


def _answer(value: str, s: Subject) -> bool:
    assert s.question is not None and s.answers is not None
    given = s.answers.get(s.question.id)
    if value == "missing":
        return given is None
    return given is not None and given == s.question.red_flag_if


#: Every ``when`` key, in evaluation order within its scope.
CONDITIONS: tuple[Condition, ...] = (
    # transaction (and jurisdiction)
    Condition(
        "nexus",
        "transaction",
        lambda v, s: v == s.ctx.nexus,
        "the transaction engages this jurisdiction",
    ),
    Condition(
        "destination_in",
        "transaction",
        _in_countries(_destination, True),
        "the destination is one of",
    ),
    Condition(
        "exporter_in", "transaction", _in_countries(_exporter, True), "the exporter is in one of"
    ),
    Condition(
        "destination_not_in",
        "transaction",
        _in_countries(_destination, False),
        "the destination is known and none of",
    ),
    Condition(
        "exporter_not_in",
        "transaction",
        _in_countries(_exporter, False),
        "the exporter's country is known and none of",
    ),
    Condition(
        "end_use_any",
        "transaction",
        _end_use_any,
        "the exporter knows or is informed of one of these end uses (see knowledge_in)",
    ),
    # knowledge_in qualifies end_use_any (it is read there), so it always holds on its own.
    Condition("knowledge_in", "transaction", lambda v, s: True, "how the end use is known"),
    Condition(
        "answers_complete",
        "transaction",
        _answers_complete,
        "every questionnaire question is answered",
    ),
    Condition("missing", "transaction", _missing, "this data is missing"),
    # line
    Condition(
        "activity_in", "line", lambda v, s: _view(s).activity in v, "the line's activity is one of"
    ),
    Condition(
        "relation_in",
        "line",
        lambda v, s: _view(s).relation in v,
        "how the line relates to the lists is one of",
    ),
    Condition(
        "codes_any",
        "line",
        lambda v, s: _prefix_any(_view(s).codes + _view(s).parent_codes, v),
        "a code of the item (or its machine) starts with one of",
    ),
    Condition(
        "reasons_any",
        "line",
        lambda v, s: _prefix_any(_view(s).reasons, v),
        "a reason for control starts with one of",
    ),
    Condition(
        "category_in",
        "line",
        lambda v, s: _view(s).category in v,
        "the item's category is one of",
    ),
    Condition(
        "classified",
        "line",
        lambda v, s: _view(s).classified == v,
        "the item's listing here is decided",
    ),
    Condition(
        "country_chart",
        "line",
        _country_chart,
        "the US Commerce Country Chart marks the destination",
    ),
    # party hits
    Condition(
        "list_sources",
        "party",
        lambda v, s: any(_hit(s).source.lower().startswith(x.lower()) for x in v),
        "the hit's list source starts with one of",
    ),
    Condition(
        "list_types_any",
        "party",
        lambda v, s: any(t.lower() in lt.lower() for lt in _hit(s).list_types for t in v),
        "the hit's list type contains one of",
    ),
    Condition(
        "programs_any",
        "party",
        lambda v, s: any(p.lower() in pr.lower() for pr in _hit(s).programs for p in v),
        "a programme of the hit contains one of",
    ),
    Condition("hit_decision", "party", lambda v, s: _hit(s).decision == v, "the hit's decision is"),
    Condition(
        "hit_has_end_use",
        "party",
        lambda v, s: bool(_hit(s).end_use_concerns) == v,
        "the hit names an end-use concern",
    ),
    # questionnaire
    Condition("answer", "question", _answer, "the answer is a red flag, or missing"),
)

_BY_SCOPE: dict[str, tuple[Condition, ...]] = {
    scope: tuple(c for c in CONDITIONS if c.scope == scope)
    for scope in ("transaction", "line", "party", "question")
}

#: The line keys: on a transaction-scope rule they mean "some line ...".
LINE_KEYS: tuple[str, ...] = tuple(c.key for c in _BY_SCOPE["line"])


def _run(scope: str, w: When, subject: Subject) -> bool | None:
    for cond in _BY_SCOPE[scope]:
        value = getattr(w, cond.key)
        if value is None:
            continue
        result = cond.holds(value, subject)
        if result is not True:
            return result
    return True


def transaction_holds(w: When, ctx: Context, extra: dict[str, str]) -> bool | None:
    """Whether the transaction keys of ``w`` hold (None: undecidable for missing data)."""
    return _run("transaction", w, Subject(ctx, w, extra))


def line_holds(w: When, view: LineView, ctx: Context, extra: dict[str, str]) -> bool | None:
    """Whether the line keys of ``w`` hold for ``view``."""
    return _run("line", w, Subject(ctx, w, extra, view=view))


def party_holds(w: When, hit: PartyHit, ctx: Context) -> bool:
    """Whether the party keys of ``w`` hold for ``hit``."""
    return _run("party", w, Subject(ctx, w, {}, hit=hit)) is True


def question_holds(w: When, q: Question, answers: Mapping[str, bool | None], ctx: Context) -> bool:
    """Whether the questionnaire keys of ``w`` hold for question ``q``."""
    return _run("question", w, Subject(ctx, w, {}, question=q, answers=answers)) is True


def has_line_keys(w: When) -> bool:
    """Whether ``w`` names any line key."""
    return any(getattr(w, k) is not None for k in LINE_KEYS)


def conditions_held(w: When) -> tuple[str, ...]:
    """The keys ``w`` gives, in registry order: those that held when its rule fired."""
    return tuple(c.key for c in CONDITIONS if getattr(w, c.key) is not None)
