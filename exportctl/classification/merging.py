"""Evaluating a rule set per list, precedence between entries, and merging equal outcomes.

Each rule is evaluated once per list it belongs to (Wassenaar, EU Annex I, US CCL) so that
list-specific criteria and reasons apply; equal outcomes are then merged into one control (or
one "not controlled by", or one note) naming every list it holds in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from exportctl.classification.codes import parse_code
from exportctl.classification.facts import Facts
from exportctl.classification.jurisdictions import LIST_ORDER
from exportctl.classification.logic import Evaluator
from exportctl.classification.ruleset import RuleSet
from exportctl.classification.schema import EntryKind
from exportctl.classification.walker import EntryEvaluator, EntryFailure, EntryMatch, EntryResult
from exportctl.model.classification import Control, JurisdictionCode, NotControlled, Note

__all__ = ["evaluate_rules", "merge_controls", "merge_failed", "merge_notes"]


def evaluate_rules(
    facts: Facts, rules: RuleSet, jurisdictions: Sequence[str], kinds: set[EntryKind] | None
) -> list[EntryResult]:
    ev = Evaluator(facts)
    results: list[EntryResult] = []
    for j in jurisdictions:
        batch: list[EntryResult] = []
        for loaded in rules:
            if kinds is not None and loaded.rule.kind not in kinds:
                continue
            if j not in {x.value for x in loaded.rule.jurisdictions}:
                continue
            entry_eval = EntryEvaluator(ev, loaded, j)
            res = entry_eval.run()
            if j == "us":
                for m in res.matched:
                    entry_eval.reasons(m)
            batch.append(res)
        _apply_precedence(batch)
        results += batch
    return results


def _apply_precedence(batch: list[EntryResult]) -> None:
    """'Other than those controlled by ...' and 'n.e.s.': a met entry displaces another."""
    matched: dict[str, list[str]] = {}
    for res in batch:
        if res.matched:
            matched.setdefault(res.rule.rule.entry, []).extend(
                parse_code(m.paragraph.code).eccn for m in res.matched
            )
    for res in batch:
        prec = res.rule.rule.precedence
        if prec is None:
            continue
        over = [c for e in prec.other_than for c in matched.get(parse_code(e).entry, [])]
        if over:
            res.superseded = True
            for m in res.matched:
                m.superseded_by = over
            res.unknown = []  # undecided paragraphs no longer matter


def _control(m: EntryMatch, jurisdictions: list[str], reasons: list[str]) -> Control:
    code = parse_code(m.paragraph.code).eccn
    return Control(
        regime=m.rule.rule.regime.value,
        code=code,
        regime_code=m.rule.regime_code(m.paragraph),
        jurisdiction_code=JurisdictionCode(
            eu=code if "eu" in jurisdictions else None,
            us=code if "us" in jurisdictions else None,
        ),
        jurisdictions=jurisdictions,
        title=m.paragraph.text,
        reasons_for_control=reasons,
        criteria=[c.out() for c in m.crits],
        citation=m.rule.citation_for(m.paragraph),
        primary=not m.superseded_by,
        superseded_by=sorted(set(m.superseded_by)),
        version=m.rule.rule.version,
    )


def merge_controls(matches: list[EntryMatch]) -> list[tuple[Control, list[EntryMatch]]]:
    groups: dict[tuple[Any, ...], list[EntryMatch]] = {}
    for m in matches:
        key = (
            m.rule.source,
            m.paragraph.code,
            bool(m.superseded_by),
            tuple(sorted(set(m.superseded_by))),
            tuple(c.key() for c in m.crits),
        )
        groups.setdefault(key, []).append(m)
    out: list[tuple[Control, list[EntryMatch]]] = []
    for ms in groups.values():
        js = [j for j in LIST_ORDER if any(m.jurisdiction == j for m in ms)]
        reasons = list(dict.fromkeys(r for m in ms for r in m.reasons))
        out.append((_control(ms[0], js, reasons), ms))
    return out


def merge_failed(failed: list[EntryFailure]) -> list[tuple[NotControlled, float]]:
    groups: dict[tuple[Any, ...], list[EntryFailure]] = {}
    for f in failed:
        key = (
            f.rule.source,
            f.code,
            f.excluded_by,
            tuple(c.key() for c in f.failed),
            tuple(c.key() for c in f.unknown),
        )
        groups.setdefault(key, []).append(f)
    out: list[tuple[NotControlled, float]] = []
    for fs in groups.values():
        f = fs[0]
        js = [j for j in LIST_ORDER if any(x.jurisdiction == j for x in fs)]
        nc = NotControlled(
            code=parse_code(f.code).eccn,
            regime=f.rule.rule.regime.value,
            jurisdictions=js,
            failed=[c.out() for c in f.failed],
            unknown=[c.out() for c in f.unknown],
            excluded_by=f.excluded_by,
            citation=f.citation,
        )
        out.append((nc, sum(c.gap for c in f.failed)))
    return out


def merge_notes(notes: list[Note]) -> list[Note]:
    """One note per text: the same assumption for three codes is one note naming all three."""
    groups: dict[tuple[Any, ...], list[Note]] = {}
    for n in notes:
        key = (n.kind, n.text, tuple(n.missing), n.citation)
        groups.setdefault(key, []).append(n)
    out: list[Note] = []
    for ns in groups.values():
        js = [j for j in LIST_ORDER if any(j in n.jurisdictions for n in ns)]
        codes = ", ".join(dict.fromkeys(n.code for n in ns if n.code)) or None
        out.append(ns[0].model_copy(update={"jurisdictions": js, "code": codes}))
    return out
