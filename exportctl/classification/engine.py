"""The classification engine: an item spec against a rule set, criterion by criterion.

:func:`classify` is pure: it reads nothing and writes nothing; the same item and rules give the
same answer. Conditions are evaluated in three-valued logic (met, not met, unknown): a
parameter the spec does not give makes a criterion *unknown*, and an entry decided by an
unknown criterion becomes a ``review`` note naming the missing fields, never a guess. An
exclusion note that cannot be established does not exclude; it becomes a ``caveat``.

Each rule is evaluated once per jurisdiction it belongs to (Wassenaar list, EU Annex I, US
CCL) so that jurisdiction-specific criteria and reasons apply; equal outcomes are merged into
one control whose ``jurisdiction_code`` names the code in each list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from exportctl.classification.codes import code_matches, parse_code
from exportctl.classification.facts import Facts, QValue, build_facts, describe_fact
from exportctl.classification.items import apply_variations, parse_variations
from exportctl.classification.ruleset import LoadedRule, RuleSet
from exportctl.classification.schema import (
    AllOf,
    AnyOf,
    Condition,
    EntryKind,
    EntryNote,
    Exclusion,
    Exists,
    IfMissing,
    Leaf,
    LinearThreshold,
    NearMiss,
    NotOf,
    Op,
    Paragraph,
)
from exportctl.classification.units import compare_magnitudes, parse_quantity
from exportctl.errors import InvalidInput
from exportctl.model.classification import (
    Classification,
    ClassificationStatus,
    ComponentClassification,
    Control,
    Criterion,
    JurisdictionCode,
    JurisdictionFilter,
    JurisdictionResult,
    NotControlled,
    Note,
    NoteKind,
    PartOf,
    WhatIf,
)
from exportctl.model.item import (
    ItemCategory,
    ItemSpec,
    PartKind,
    SoftwareSpec,
    TechnologyPurpose,
    TechnologySpec,
)
from exportctl.model.jurisdiction import unknown_jurisdiction

__all__ = ["classify", "jurisdictions_for"]

_ORDER = ("wassenaar", "eu", "us")

_SYMBOL = {Op.LE: "≤", Op.LT: "<", Op.GE: "≥", Op.GT: ">", Op.EQ: "=", Op.NE: "≠"}

# Pointers for parts and services. They are not criteria (nothing here decides a control); the
# determination engine applies catch-alls and licensing. Texts: 15 CFR 770.2(b) (staged eCFR);
# EU 2021/821 Art. 4 and 8 and 15 CFR 744.2/744.3/744.6 are cited as where to look.
_PART_RULE = (
    "Parts physically incorporated in an exported machine go with the machine's licence; a "
    "part exported as a spare, replacement, for resale or for stock needs a licence only if "
    "the part's own entry requires one for the destination.",
    "15 CFR 770.2(b)(1)-(2)",
)
_CATCH_ALL = (
    "A part or service that is not listed itself can still need a licence under end-use "
    "catch-alls (WMD or missile end use, military end use, technical assistance) once the "
    "exporter knows or is informed of such a use; that is assessed by determination "
    "(exportctl assess), not by classification.",
    "EU 2021/821 Art. 4 and Art. 8; 15 CFR 744.2, 744.3, 744.6",
)
_USE_DEFINITION = (
    '"use" = operation, installation (including on-site installation), maintenance '
    "(checking), repair, overhaul and refurbishing (Wassenaar Definitions; 15 CFR 772.1)"
)
_SEPARATE_UNIT = (
    "only if sold as a separate unit (spare, replacement or upgrade); built into the machine it "
    "is exported as part of the machine (15 CFR 770.2(b)(1))"
)


def jurisdictions_for(jurisdiction: JurisdictionFilter | str) -> tuple[str, ...]:
    """The lists a filter evaluates: ``all`` is the Wassenaar list, the EU and the US.

    Raises:
        InvalidInput: an unknown jurisdiction.
    """
    try:
        j = JurisdictionFilter(jurisdiction)
    except ValueError:
        known = [f.value for f in JurisdictionFilter if f is not JurisdictionFilter.ALL]
        raise unknown_jurisdiction([str(jurisdiction)], known) from None
    return _ORDER if j is JurisdictionFilter.ALL else (j.value,)


# --- three-valued evaluation -------------------------------------------------------------


def _and(values: Iterable[bool | None]) -> bool | None:
    vals = list(values)
    if any(v is False for v in vals):
        return False
    return None if any(v is None for v in vals) else True


def _or(values: Iterable[bool | None]) -> bool | None:
    vals = list(values)
    if any(v is True for v in vals):
        return True
    return None if any(v is None for v in vals) else False


@dataclass
class _Crit:
    text: str
    met: bool | None
    value: str | None
    threshold: str | None
    citation: str | None
    fact: str | None
    gap: float = 1.0  # relative distance to the threshold when not met (closest entries)

    def out(self) -> Criterion:
        return Criterion(
            text=self.text,
            met=self.met,
            value=self.value,
            threshold=self.threshold,
            citation=self.citation,
            fact=self.fact,
        )

    def key(self) -> tuple[Any, ...]:
        return (self.text, self.met, self.value, self.threshold)


@dataclass
class _Out:
    value: bool | None
    crits: list[_Crit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    assumptions: list[tuple[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    near_only: bool = False
    near: list[tuple[NearMiss, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Ctx:
    jurisdiction: str
    citation: str
    element: Mapping[str, Any] | None = None
    model: type[BaseModel] | None = None  # the element's model, to look up its fields
    prefix: str = ""  # field path of the element, e.g. "linear_axes[0]."
    label: str = ""  # how criteria inside the element start, e.g. "X axis: "


@lru_cache(maxsize=1024)
def _quantity(text: str, dimension: str) -> QValue:
    """A rule's threshold as a quantity (checked at load time; cached, as pint is slow)."""
    return QValue.of(text, parse_quantity(text, dimension, field="threshold"))


def _show(value: Any) -> str:
    if isinstance(value, QValue):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _std_key(text: str) -> str:
    """``ISO 230/2 (1988)`` and ``ISO 230-2:1988`` compare equal."""
    return re.sub(r"[\s()]", "", text.upper().replace("/", "-").replace("(", ":"))


class _Evaluator:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def eval(self, cond: Condition | None, ctx: _Ctx) -> _Out | None:
        """None when the condition does not apply in this jurisdiction (it is skipped)."""
        if cond is None:
            return _Out(True)
        if cond.jurisdictions and ctx.jurisdiction not in {j.value for j in cond.jurisdictions}:
            return None
        if isinstance(cond, Leaf):
            return self.leaf(cond, ctx)
        if isinstance(cond, AllOf | AnyOf):
            items = cond.all if isinstance(cond, AllOf) else cond.any
            outs = [o for o in (self.eval(c, ctx) for c in items) if o is not None]
            if not outs:
                return None
            return self.combine(outs, all_of=isinstance(cond, AllOf))
        if isinstance(cond, NotOf):
            return self.negate(cond, ctx)
        return self.exists(cond, ctx)

    def combine(self, outs: list[_Out], *, all_of: bool) -> _Out:
        value = _and(o.value for o in outs) if all_of else _or(o.value for o in outs)
        shown = outs if all_of or value is not True else [o for o in outs if o.value is True]
        res = _Out(value)
        for o in shown:
            res.crits += o.crits
            res.assumptions += o.assumptions
            res.caveats += o.caveats
        if value is not True:
            res.missing = [m for o in outs for m in o.missing]
        failed = [o for o in outs if o.value is False]
        if value is False:
            if all_of:
                res.near_only = all(o.near_only for o in failed)
            else:
                res.near_only = any(o.near_only for o in failed)
            res.near = [n for o in failed if o.near_only for n in o.near]
        return res

    def negate(self, cond: NotOf, ctx: _Ctx) -> _Out | None:
        inner = self.eval(cond.not_, ctx)
        if inner is None:
            return None
        value = None if inner.value is None else not inner.value
        crit = _Crit(
            text=ctx.label + cond.text,
            met=value,
            value="; ".join(c.value or "not stated" for c in inner.crits) or None,
            threshold="not (" + "; ".join(c.threshold or "" for c in inner.crits) + ")",
            citation=ctx.citation,
            fact=", ".join(c.fact or "" for c in inner.crits) or None,
        )
        return _Out(value, [crit], inner.missing if value is None else [], inner.assumptions)

    def exists(self, cond: Exists, ctx: _Ctx) -> _Out:
        elements = self.facts.get(cond.exists, ctx.element) or []
        path = ctx.prefix + cond.exists
        text = ctx.label + (cond.text or f"at least {cond.min} of {cond.exists}")
        if not elements:
            count = self.facts.get(cond.count_fact, ctx.element) if cond.count_fact else None
            if count == 0:
                crit = _Crit(
                    text,
                    False,
                    f"none ({cond.count_fact} = 0)",
                    f"≥ {cond.min}",
                    ctx.citation,
                    path,
                )
                return _Out(False, [crit])
            crit = _Crit(text, None, None, f"≥ {cond.min}", ctx.citation, path)
            return _Out(None, [crit], missing=[f"{path}[*]"])
        info = describe_fact(cond.exists, ctx.model)
        model = info.element if info is not None else None
        outs: list[_Out] = []
        for i, el in enumerate(elements):
            name = el.get("name") if isinstance(el, Mapping) else None
            label = ctx.label + (f"{name} axis: " if name else f"{cond.exists}[{i}]: ")
            sub = _Ctx(ctx.jurisdiction, ctx.citation, el, model, f"{path}[{i}].", label)
            outs.append(self.eval(cond.where, sub) or _Out(True))
        trues = [o for o in outs if o.value is True]
        unknown = [o for o in outs if o.value is None]
        if len(trues) >= cond.min:
            value: bool | None = True
        elif len(trues) + len(unknown) >= cond.min:
            value = None
        else:
            value = False
        res = _Out(value)
        shown = trues[: cond.min] if value is True else outs
        for o in shown:
            res.crits += o.crits
            res.assumptions += o.assumptions
            res.caveats += o.caveats
        if cond.min > 1:
            res.crits.insert(
                0,
                _Crit(
                    text, value, f"{len(trues)} of {len(outs)}", f"≥ {cond.min}", ctx.citation, path
                ),
            )
        if value is not True:
            res.missing = [m for o in outs for m in o.missing]
        if value is False and cond.min == 1:
            res.near_only = any(o.near_only for o in outs)
            res.near = [n for o in outs if o.near_only for n in o.near]
        return res

    # leaves ---------------------------------------------------------------------------------

    def threshold(
        self, leaf: Leaf, ctx: _Ctx, dimension: str | None
    ) -> tuple[Any, str, str | None]:
        """(threshold value, its display, the path of a missing variable or None)."""
        value = leaf.value
        if isinstance(value, dict):
            assert dimension is not None
            lin = LinearThreshold.model_validate(value)
            var = self.facts.get(lin.variable, ctx.element)
            if var is None:
                var = self.facts.get(lin.variable)
            formula = lin.display or f"({lin.intercept} + {lin.slope} × L/{lin.per})"
            symbol = _SYMBOL[leaf.op]
            if not isinstance(var, QValue):
                return None, f"{symbol} {formula}", lin.variable
            base = _quantity(lin.intercept, dimension).q
            slope = _quantity(lin.slope, dimension).q
            per = _quantity(lin.per, "length").q
            q = (base + slope * (var.q / per).to("dimensionless").magnitude).to(base.units)
            thr = QValue.of(str(q), q)
            return thr, f"{symbol} {formula} = {thr} at L = {var}", None
        if dimension is not None:
            thr = _quantity(value, dimension)
            return thr, f"{_SYMBOL[leaf.op]} {thr}", None
        if leaf.op in _SYMBOL:
            return value, f"{_SYMBOL[leaf.op]} {_show(value)}", None
        words = {
            Op.IN: "one of",
            Op.CONTAINS: "includes",
            Op.CONTAINS_ANY: "any of",
            Op.SUBSET_OF: "only",
            Op.MATCHES_ANY: "any of",
            Op.ALL_MATCH: "all within",
        }
        shown = f"{words[leaf.op]} {_show(value)}"
        if leaf.exclude:
            shown += f" except {_show(leaf.exclude)}"
        return value, shown, None

    def leaf(self, leaf: Leaf, ctx: _Ctx) -> _Out:
        raw = self.facts.get(leaf.fact, ctx.element)
        path = ctx.prefix + leaf.fact
        info = describe_fact(leaf.fact, ctx.model)
        dimension = info.dimension if info is not None else None
        text = ctx.label + (leaf.text or f"{leaf.fact} {leaf.op.value} {_show(leaf.value)}")
        citation = leaf.citation or ctx.citation
        missing = raw is None or (isinstance(raw, list) and not raw)
        thr, shown, thr_missing = self.threshold(leaf, ctx, dimension)
        if missing:
            if leaf.if_missing is IfMissing.UNKNOWN:
                crit = _Crit(text, None, None, shown, citation, path)
                return _Out(None, [crit], missing=[path])
            met = leaf.if_missing is IfMissing.MET
            crit = _Crit(text, met, "not stated", shown, citation, path)
            assumptions = [(path, leaf.assumption)] if leaf.assumption else []
            return _Out(met, [crit], assumptions=assumptions)
        if thr_missing is not None:
            crit = _Crit(text, None, _show(raw), shown, citation, path)
            return _Out(None, [crit], missing=[thr_missing])
        met, gap = self.compare(leaf, raw, thr)
        crit = _Crit(text, met, _show(raw), shown, citation, path, gap)
        out = _Out(met, [crit])
        if leaf.standard and isinstance(raw, QValue):
            stated = self.facts.get("positioning_accuracy_standard")
            if stated is None or _std_key(str(stated)) != _std_key(leaf.standard):
                out.caveats.append(
                    f"{path} ({raw}) was compared with a threshold stated per {leaf.standard}; "
                    f"the item's accuracy standard is {stated or 'not given'} "
                    "(positioning_accuracy_standard). Values per different editions of ISO 230-2 "
                    "are not directly comparable."
                )
        if met is False and leaf.near is not None and isinstance(raw, QValue):
            within = _quantity(leaf.near.within, dimension or "length")
            if compare_magnitudes(raw.base, thr.base + within.base) <= 0:
                out.near_only = True
                out.near = [(leaf.near, f"{text} ({raw}, threshold {shown})")]
        return out

    def compare(self, leaf: Leaf, raw: Any, thr: Any) -> tuple[bool, float]:
        op = leaf.op
        if isinstance(raw, QValue):
            c = compare_magnitudes(raw.base, thr.base)
            x, y = raw.base, thr.base
            gap = abs(x - y) / abs(y) if y else abs(x - y)
        elif op in (Op.LE, Op.LT, Op.GE, Op.GT) and isinstance(raw, int | float):
            c = (raw > thr) - (raw < thr)
            gap = abs(raw - thr) / abs(thr) if thr else float(abs(raw - thr))
        else:
            c, gap = 0, 1.0  # no distance for yes/no and lists: a miss counts fully
        if op is Op.LE:
            met = c <= 0
        elif op is Op.LT:
            met = c < 0
        elif op is Op.GE:
            met = c >= 0
        elif op is Op.GT:
            met = c > 0
        elif op is Op.EQ:
            met = (c == 0) if isinstance(raw, QValue) else raw == thr
        elif op is Op.NE:
            met = (c != 0) if isinstance(raw, QValue) else raw != thr
        elif op is Op.IN:
            met = raw in thr
        elif op is Op.CONTAINS:
            met = thr in raw
        elif op is Op.CONTAINS_ANY:
            met = bool(set(raw) & set(thr))
        elif op is Op.SUBSET_OF:
            met = bool(raw) and set(raw) <= set(thr)
        elif op is Op.MATCHES_ANY:
            met = any(
                code_matches(c_, list(thr)) and not code_matches(c_, leaf.exclude) for c_ in raw
            )
        else:  # ALL_MATCH
            met = bool(raw) and all(code_matches(c_, list(thr)) for c_ in raw)
        return met, (0.0 if met else gap)


# --- entries and paragraphs ---------------------------------------------------------------


@dataclass
class _Match:
    rule: LoadedRule
    jurisdiction: str
    paragraph: Paragraph
    crits: list[_Crit]
    pending: list[tuple[Exclusion, _Out]]
    assumptions: list[tuple[str, str]]
    caveats: list[str]
    reasons: list[str] = field(default_factory=list)
    reason_caveats: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)


@dataclass
class _Failed:
    rule: LoadedRule
    jurisdiction: str
    code: str
    failed: list[_Crit]
    unknown: list[_Crit]
    excluded_by: str | None = None
    citation: str | None = None


@dataclass
class _Unknown:
    rule: LoadedRule
    jurisdiction: str
    paragraph: Paragraph
    missing: list[str]


@dataclass
class _EntryResult:
    rule: LoadedRule
    jurisdiction: str
    matched: list[_Match] = field(default_factory=list)
    failed: list[_Failed] = field(default_factory=list)
    unknown: list[_Unknown] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)
    info: list[Note] = field(default_factory=list)
    near: list[tuple[NearMiss, str]] = field(default_factory=list)
    superseded: bool = False


def _excl_crit(ex: Exclusion, out: _Out) -> list[_Crit]:
    head = _Crit(f"{ex.id}: {ex.text}", False, "applies", "not excluded", ex.citation, None)
    return [head, *out.crits]


class _EntryEvaluator:
    def __init__(self, ev: _Evaluator, loaded: LoadedRule, jurisdiction: str) -> None:
        self.ev = ev
        self.loaded = loaded
        self.rule = loaded.rule
        self.j = jurisdiction
        self.res = _EntryResult(loaded, jurisdiction)

    def ctx(self, citation: str) -> _Ctx:
        return _Ctx(self.j, citation)

    def applies(self, item: Exclusion | EntryNote | Paragraph) -> bool:
        js = item.jurisdictions
        return not js or self.j in {j.value for j in js}

    def notes(self, notes: list[EntryNote], code: str) -> None:
        for note in notes:
            if not self.applies(note):
                continue
            out = self.ev.eval(note.when, self.ctx(note.citation))
            if out is not None and out.value is True:
                self.res.info.append(
                    Note(
                        kind=NoteKind.INFO,
                        code=code,
                        text=f"{note.id}: {note.text}",
                        citation=note.citation,
                        jurisdictions=[self.j],
                    )
                )

    def run(self) -> _EntryResult:
        rule = self.rule
        base = self.ev.eval(rule.applies_when, self.ctx(rule.citation)) or _Out(True)
        if base.value is False:
            self.res.not_applicable.append(rule.entry)
            return self.res
        pending: list[tuple[Exclusion, _Out]] = []
        for ex in rule.exclusions:
            if not self.applies(ex):
                continue
            out = self.ev.eval(ex.when, self.ctx(ex.citation)) or _Out(False)
            if out.value is True:
                self.res.failed.append(
                    _Failed(
                        self.loaded,
                        self.j,
                        rule.entry,
                        _excl_crit(ex, out),
                        [],
                        excluded_by=ex.id,
                        citation=ex.citation,
                    )
                )
                return self.res
            if out.value is None:
                pending.append((ex, out))
        self.notes(rule.notes, rule.entry)
        for par in rule.paragraphs:
            self.walk(
                par, base.value, base.crits, pending, base.assumptions, base.caveats, base.missing
            )
        return self.res

    def walk(
        self,
        par: Paragraph,
        inherited: bool | None,
        crits: list[_Crit],
        pending: list[tuple[Exclusion, _Out]],
        assumptions: list[tuple[str, str]],
        caveats: list[str],
        missing: list[str],
    ) -> None:
        if not self.applies(par):
            return
        citation = self.loaded.citation_for(par)
        ctx = self.ctx(citation)
        scope = self.ev.eval(par.scope, ctx) if par.scope is not None else None
        if scope is not None and scope.value is False:
            self.res.not_applicable.append(par.code)
            return
        when = self.ev.eval(par.when, ctx) if par.when is not None else None
        own = [o for o in (scope, when) if o is not None]
        own_value = _and(o.value for o in own)
        own_crits = [c for o in own for c in o.crits]
        if own_value is False:
            self.res.failed.append(
                _Failed(
                    self.loaded,
                    self.j,
                    par.code,
                    [c for c in own_crits if c.met is False],
                    [c for c in own_crits if c.met is None],
                    citation=citation,
                )
            )
            if when is not None and when.near_only:
                self.res.near += when.near
            return
        value = _and([inherited, own_value])
        all_crits = crits + own_crits
        all_assumptions = assumptions + [a for o in own for a in o.assumptions]
        all_caveats = caveats + [c for o in own for c in o.caveats]
        all_missing = missing + [m for o in own for m in o.missing]
        pending = list(pending)
        for ex in par.exclusions:
            if not self.applies(ex):
                continue
            out = self.ev.eval(ex.when, self.ctx(ex.citation)) or _Out(False)
            if out.value is True:
                self.res.failed.append(
                    _Failed(
                        self.loaded,
                        self.j,
                        par.code,
                        _excl_crit(ex, out),
                        [],
                        excluded_by=ex.id,
                        citation=ex.citation,
                    )
                )
                return
            if out.value is None:
                pending.append((ex, out))
        self.notes(par.notes, par.code)
        if par.paragraphs:
            for child in par.paragraphs:
                self.walk(
                    child, value, all_crits, pending, all_assumptions, all_caveats, all_missing
                )
        elif value is True:
            self.res.matched.append(
                _Match(self.loaded, self.j, par, all_crits, pending, all_assumptions, all_caveats)
            )
        else:
            self.res.unknown.append(_Unknown(self.loaded, self.j, par, all_missing))

    def reasons(self, match: _Match) -> None:
        """US reasons for control of a matched paragraph (conditions from the License
        Requirements section of the ECCN)."""
        for reason in self.rule.reasons_for_control:
            if reason.paragraphs is not None and not code_matches(
                match.paragraph.code, reason.paragraphs
            ):
                continue
            cond = self.ev.eval(reason.when, self.ctx(reason.citation)) if reason.when else None
            if cond is not None and cond.value is False:
                continue
            dropped = False
            doubts: list[str] = []
            if cond is not None and cond.value is None:
                doubts.append(f"{reason.reason} applies only if: {reason.text}")
            for ex in reason.unless:
                out = self.ev.eval(ex.when, self.ctx(ex.citation)) or _Out(False)
                if out.value is True:
                    dropped = True
                    break
                if out.value is None:
                    doubts.append(
                        f"{reason.reason} does not apply to {ex.text} ({ex.citation}); not "
                        f"established, not given: {_fmt_missing(out.missing)}"
                    )
            if not dropped:
                match.reasons.append(reason.reason)
                match.reason_caveats += doubts


def _fmt_missing(paths: Iterable[str]) -> str:
    """Collapse element indexes (``linear_axes[0].x``, ``[1].x`` -> ``linear_axes[*].x``)."""
    out = dict.fromkeys(re.sub(r"\[\d+\]", "[*]", p) for p in paths if p)
    return ", ".join(out) or "a parameter"


# --- classification -----------------------------------------------------------------------


def _evaluate(
    facts: Facts, rules: RuleSet, jurisdictions: Sequence[str], kinds: set[EntryKind] | None
) -> list[_EntryResult]:
    ev = _Evaluator(facts)
    results: list[_EntryResult] = []
    for j in jurisdictions:
        batch: list[_EntryResult] = []
        for loaded in rules:
            if kinds is not None and loaded.rule.kind not in kinds:
                continue
            if j not in {x.value for x in loaded.rule.jurisdictions}:
                continue
            entry_eval = _EntryEvaluator(ev, loaded, j)
            res = entry_eval.run()
            if j == "us":
                for m in res.matched:
                    entry_eval.reasons(m)
            batch.append(res)
        _apply_precedence(batch)
        results += batch
    return results


def _apply_precedence(batch: list[_EntryResult]) -> None:
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


def _control(m: _Match, jurisdictions: list[str], reasons: list[str]) -> Control:
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


def _merge_controls(matches: list[_Match]) -> list[tuple[Control, list[_Match]]]:
    groups: dict[tuple[Any, ...], list[_Match]] = {}
    for m in matches:
        key = (
            m.rule.source,
            m.paragraph.code,
            bool(m.superseded_by),
            tuple(sorted(set(m.superseded_by))),
            tuple(c.key() for c in m.crits),
        )
        groups.setdefault(key, []).append(m)
    out: list[tuple[Control, list[_Match]]] = []
    for ms in groups.values():
        js = [j for j in _ORDER if any(m.jurisdiction == j for m in ms)]
        reasons = list(dict.fromkeys(r for m in ms for r in m.reasons))
        out.append((_control(ms[0], js, reasons), ms))
    return out


def _merge_failed(failed: list[_Failed]) -> list[tuple[NotControlled, float]]:
    groups: dict[tuple[Any, ...], list[_Failed]] = {}
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
        js = [j for j in _ORDER if any(x.jurisdiction == j for x in fs)]
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


def _merge_notes(notes: list[Note]) -> list[Note]:
    """One note per text: the same assumption for three codes is one note naming all three."""
    groups: dict[tuple[Any, ...], list[Note]] = {}
    for n in notes:
        key = (n.kind, n.text, tuple(n.missing), n.citation)
        groups.setdefault(key, []).append(n)
    out: list[Note] = []
    for ns in groups.values():
        js = [j for j in _ORDER if any(j in n.jurisdictions for n in ns)]
        codes = ", ".join(dict.fromkeys(n.code for n in ns if n.code)) or None
        out.append(ns[0].model_copy(update={"jurisdictions": js, "code": codes}))
    return out


def _core(
    item: ItemSpec,
    facts: Facts,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
    kinds: set[EntryKind] | None,
) -> Classification:
    jurisdictions = jurisdictions_for(jurisdiction)
    results = _evaluate(facts, rules, jurisdictions, kinds)
    matches = [m for r in results for m in r.matched]
    merged = _merge_controls(matches)
    controls: list[Control] = []
    superseded: list[Control] = []
    notes: list[Note] = []
    for control, ms in merged:
        m = ms[0]
        prec = m.rule.rule.precedence
        if not control.primary and prec is not None and not prec.report_when_superseded:
            superseded.append(control)
            continue
        controls.append(control)
        js = control.jurisdictions
        if not control.primary and prec is not None:
            notes.append(
                Note(
                    kind=NoteKind.INFO,
                    code=control.code,
                    jurisdictions=js,
                    citation=prec.citation,
                    text=f"{control.code} is met, but {prec.text}: the item is "
                    f"{', '.join(control.superseded_by)} there.",
                )
            )
        for ex, out in m.pending:
            notes.append(
                Note(
                    kind=NoteKind.CAVEAT,
                    code=control.code,
                    jurisdictions=js,
                    citation=ex.citation,
                    missing=sorted(set(out.missing)),
                    text=f"{ex.id} would take the item out of {control.code} ({ex.text}); "
                    f"not established, not given: {_fmt_missing(out.missing)}",
                )
            )
        for x in ms:
            for text in x.reason_caveats:
                notes.append(
                    Note(kind=NoteKind.CAVEAT, code=control.code, text=text, jurisdictions=["us"])
                )
        for text in dict.fromkeys(m.caveats):
            notes.append(Note(kind=NoteKind.CAVEAT, code=control.code, text=text, jurisdictions=js))
        for path, text in m.assumptions:
            notes.append(
                Note(
                    kind=NoteKind.ASSUMPTION,
                    code=control.code,
                    text=text,
                    missing=[path],
                    jurisdictions=js,
                )
            )
    # Review: an entry that nothing caught and whose outcome hangs on missing parameters.
    for res in results:
        if res.matched or res.superseded or not res.unknown:
            continue
        codes = ", ".join(dict.fromkeys(parse_code(u.paragraph.code).eccn for u in res.unknown))
        missing = [p for u in res.unknown for p in u.missing]
        notes.append(
            Note(
                kind=NoteKind.REVIEW,
                code=res.rule.rule.entry,
                jurisdictions=[res.jurisdiction],
                missing=sorted(dict.fromkeys(re.sub(r"\[\d+\]", "[*]", p) for p in missing)),
                citation=res.rule.rule.citation,
                text=f"cannot decide {codes}: not given: {_fmt_missing(missing)}",
            )
        )
    for res in results:
        if res.matched or res.failed or res.unknown:  # entry notes only where the entry bites
            notes += res.info
        if not res.matched:
            for near, text in res.near:
                notes.append(
                    Note(
                        kind=NoteKind.INFO,
                        code=res.rule.rule.entry,
                        text=f"{near.text} — {text}",
                        citation=near.citation,
                        jurisdictions=[res.jurisdiction],
                    )
                )
    failed = _merge_failed([f for r in results for f in r.failed])
    not_controlled = [nc for nc, _ in failed]
    primary = [c for c in controls if c.primary]
    closest: list[NotControlled] = []
    if not primary:
        ranked = sorted(
            (x for x in failed if x[0].excluded_by is None),
            key=lambda x: (len(x[0].failed) + 0.5 * len(x[0].unknown), x[1]),
        )
        closest = [nc for nc, _ in ranked[:3]]
    by_j: list[JurisdictionResult] = []
    merged_notes = _merge_notes(notes)
    for j in jurisdictions:
        codes_j = [
            (c.regime_code or c.code) if j == "wassenaar" else c.code
            for c in primary
            if j in c.jurisdictions
        ]
        review = any(n.kind is NoteKind.REVIEW and j in n.jurisdictions for n in merged_notes)
        status = (
            ClassificationStatus.CONTROLLED
            if codes_j
            else ClassificationStatus.REVIEW
            if review
            else ClassificationStatus.NOT_CONTROLLED
        )
        by_j.append(JurisdictionResult(jurisdiction=j, status=status, codes=codes_j))
    if primary:
        status = ClassificationStatus.CONTROLLED
    elif any(n.kind is NoteKind.REVIEW for n in merged_notes):
        status = ClassificationStatus.REVIEW
    else:
        status = ClassificationStatus.NOT_CONTROLLED
    derived = [
        Note(kind=NoteKind.INFO, text=f"{path} = {text}", jurisdictions=list(jurisdictions))
        for path, text in facts.derivations
    ] + [
        Note(kind=NoteKind.ASSUMPTION, text=text, missing=[path], jurisdictions=list(jurisdictions))
        for path, text in facts.assumptions
    ]
    not_applicable = list(dict.fromkeys(c for r in results for c in r.not_applicable))
    return Classification(
        item=item.id,
        description=item.description,
        jurisdiction=jurisdiction,
        status=status,
        controls=controls,
        not_controlled_by=not_controlled,
        notes=_merge_notes(derived + _consistency(item, jurisdictions)) + merged_notes,
        by_jurisdiction=by_j,
        closest=closest,
        superseded=superseded,
        not_applicable=not_applicable,
        rules_version=rules.version,
    )


def _consistency(item: ItemSpec, jurisdictions: Sequence[str]) -> list[Note]:
    """Contradictions in the spec worth a caveat (they do not stop classification)."""
    notes: list[Note] = []
    axes = item.axes
    linear = axes.linear if axes is not None else None
    rotary = axes.rotary if axes is not None else None
    sim = axes.simultaneous_contouring if axes is not None else None
    if linear is not None and rotary is not None and sim is not None and sim > linear + rotary:
        notes.append(
            Note(
                kind=NoteKind.CAVEAT,
                jurisdictions=list(jurisdictions),
                missing=["axes.simultaneous_contouring"],
                text=f"axes.simultaneous_contouring ({sim}) exceeds the linear plus rotary "
                f"axes ({linear} + {rotary})",
            )
        )
    if item.spindle is not None and item.spindle.tilting and rotary == 0:
        notes.append(
            Note(
                kind=NoteKind.CAVEAT,
                jurisdictions=list(jurisdictions),
                missing=["axes.rotary"],
                citation="Wassenaar 2025 Category 2 Technical Note 4",
                text="a tilting spindle counts as a rotary axis, but axes.rotary is 0",
            )
        )
    return notes


def _all_codes(cls: Classification) -> tuple[list[str], list[str]]:
    codes = list(dict.fromkeys(c.code for c in cls.controls))
    reasons = list(dict.fromkeys(r for c in cls.controls for r in c.reasons_for_control))
    return codes, reasons


def _related(
    item: ItemSpec,
    cls: Classification,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
) -> list[Control]:
    """Software and technology entries for the item's codes ("use" includes repair)."""
    codes, reasons = _all_codes(cls)
    if not codes:
        return []
    entries = ", ".join(dict.fromkeys(parse_code(c).entry for c in codes))
    sim = item.axes.simultaneous_contouring if item.axes is not None else None
    # The NC software that makes the machine contour is what its "use" needs (2D002); the
    # development and production software is 2D001.a's concern.
    nc = True if item.numerical_control and sim else None
    out: dict[tuple[str, str, str], Control] = {}
    for purpose in TechnologyPurpose:
        use = purpose is TechnologyPurpose.USE
        synthetic = [
            ItemSpec(
                id=f"{item.id}#technology-{purpose.value}",
                category=ItemCategory.TECHNOLOGY,
                technology=TechnologySpec(purpose=[purpose], for_codes=codes, for_reasons=reasons),
            ),
            ItemSpec(
                id=f"{item.id}#software-{purpose.value}",
                category=ItemCategory.SOFTWARE,
                software=SoftwareSpec(
                    purpose=[purpose],
                    for_codes=codes,
                    numerical_control=nc if use else False,
                    contouring_axes=sim if use and nc else None,
                ),
            ),
        ]
        for syn in synthetic:
            kind = "technology" if syn.technology is not None else "software"
            res = _core(
                syn,
                build_facts(syn),
                rules,
                jurisdiction,
                {EntryKind.TECHNOLOGY, EntryKind.SOFTWARE},
            )
            for c in res.controls:
                if not c.primary:
                    continue
                title = f'"{purpose.value}" {kind} for {entries}: {c.title}'
                out.setdefault(
                    (c.code, purpose.value, ",".join(c.jurisdictions)),
                    c.model_copy(update={"title": title}),
                )
    return list(out.values())


def _components(
    item: ItemSpec,
    facts: Facts,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
    machine_codes: list[str],
) -> list[ComponentClassification]:
    """A machine's spindle or rotary table, classified as if it were sold as a unit."""
    if item.category is not ItemCategory.MACHINE_TOOL:
        return []
    machining = list(facts.tree.get("machining") or [])
    parts: list[tuple[str, ItemSpec]] = []
    spindle = facts.tree.get("spindle")
    if item.spindle is not None and isinstance(spindle, dict):
        kind = PartKind.TILTING_SPINDLE if spindle.get("tilting") else PartKind.SPINDLE
        spec = item.spindle.model_copy(update={"contouring": spindle.get("contouring")})
        parts.append(
            (
                "spindle",
                ItemSpec(
                    id=f"{item.id}#spindle",
                    category=ItemCategory.MACHINE_TOOL_PART,
                    part_kind=kind,
                    spindle=spec,
                    designed_for=machining,
                    designed_for_codes=machine_codes,
                    part_of=item.id,
                ),
            )
        )
    if item.rotary_table is not None:
        parts.append(
            (
                "rotary_table",
                ItemSpec(
                    id=f"{item.id}#rotary-table",
                    category=ItemCategory.MACHINE_TOOL_PART,
                    part_kind=PartKind.COMPOUND_ROTARY_TABLE,
                    rotary_table=item.rotary_table,
                    designed_for=machining,
                    designed_for_codes=machine_codes,
                    part_of=item.id,
                ),
            )
        )
    out: list[ComponentClassification] = []
    for name, part in parts:
        res = _core(part, build_facts(part), rules, jurisdiction, {EntryKind.COMPONENT})
        # Undecided components matter only on a controlled machine (a spare for it is what
        # gets asked about); elsewhere they would be noise.
        if res.controls or (res.status is ClassificationStatus.REVIEW and machine_codes):
            out.append(
                ComponentClassification(
                    component=name,
                    condition=f"the {name.replace('_', ' ')} is listed {_SEPARATE_UNIT}",
                    controls=res.controls,
                    notes=[n for n in res.notes if n.kind is not NoteKind.INFO],
                )
            )
    return out


def _part_of(
    item: ItemSpec,
    cls: Classification,
    parent_cls: Classification | None,
) -> PartOf:
    assert item.part_of is not None
    listed: bool | None
    if cls.codes():
        listed = True
    elif cls.status is ClassificationStatus.REVIEW:
        listed = None
    else:
        listed = False
    if parent_cls is None:
        return PartOf(
            item=item.part_of,
            found=False,
            part_listed=listed,
            relevance=[
                Note(
                    kind=NoteKind.REVIEW,
                    missing=["part_of"],
                    text=f"the parent machine {item.part_of!r} was not provided; classify the part "
                    "together with it (a transaction file with both items) to see its controls",
                ),
            ],
        )
    codes = parent_cls.codes()
    relevance: list[Note] = []
    if codes:
        by_j = "; ".join(
            f"{r.jurisdiction}: {', '.join(r.codes) or '-'}" for r in parent_cls.by_jurisdiction
        )
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                code=", ".join(codes),
                text=f"the machine this part serves ({parent_cls.item}) is controlled ({by_j})",
            )
        )
    else:
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                text=f"the machine this part serves "
                f"({parent_cls.item}) is {parent_cls.status.value.replace('_', ' ')} "
                "under the rule set",
            )
        )
    relevance.append(Note(kind=NoteKind.INFO, text=_PART_RULE[0], citation=_PART_RULE[1]))
    for c in parent_cls.related:
        title = c.title or c.code
        if title.startswith('"use"'):
            text = (
                f"repair, installation and maintenance of {parent_cls.item} (technicians, "
                f'manuals, advice) are "use": {c.code} controls such technology '
                f"or software ({title}); {_USE_DEFINITION}"
            )
        else:
            text = title
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                code=c.code,
                jurisdictions=c.jurisdictions,
                citation=c.citation,
                text=text,
            )
        )
    if listed is not True:
        relevance.append(Note(kind=NoteKind.INFO, text=_CATCH_ALL[0], citation=_CATCH_ALL[1]))
    return PartOf(
        item=item.part_of,
        found=True,
        controls=codes,
        part_listed=listed,
        relevance=_merge_notes(relevance),
        classification=parent_cls,
    )


def classify(
    item: ItemSpec,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter | str = JurisdictionFilter.ALL,
    *,
    parent: ItemSpec | None = None,
    vary: Mapping[str, Any] | Sequence[str] | None = None,
) -> Classification:
    """Classify ``item`` against ``rules`` for ``jurisdiction`` (eu, us, wassenaar or all).

    Args:
        item: the item spec.
        rules: the rule set (:meth:`RuleSet.load`).
        jurisdiction: which lists to evaluate.
        parent: for a part (``part_of``), the machine it serves; its classification is reported
            in ``part_of`` and its codes are facts for the part's own entries (2B998).
        vary: what-if changes, ``{"axes.simultaneous_contouring": 5}`` or
            ``["axes.simultaneous_contouring=5"]``; the result is the varied item's, with
            ``what_if`` comparing it to the item as specified.

    Raises:
        InvalidInput: a quantity with no or the wrong unit, a bad jurisdiction or variation.
    """
    jurisdictions_for(jurisdiction)  # validates, raising InvalidInput for an unknown name
    j = JurisdictionFilter(jurisdiction)
    if vary:
        changes = parse_variations(vary) if not isinstance(vary, Mapping) else dict(vary)
        baseline = classify(item, rules, j, parent=parent)
        varied = classify(apply_variations(item, changes), rules, j, parent=parent)
        base_codes, new_codes = baseline.codes(), varied.codes()
        what_if = WhatIf(
            changes={k: str(v) for k, v in changes.items()},
            baseline_codes=base_codes,
            varied_codes=new_codes,
            added=[c for c in new_codes if c not in base_codes],
            removed=[c for c in base_codes if c not in new_codes],
            baseline_status=baseline.status,
            varied_status=varied.status,
        )
        note = Note(
            kind=NoteKind.INFO,
            text="what-if: this classifies the item with "
            + ", ".join(f"{k} = {v}" for k, v in what_if.changes.items())
            + ", not the item as specified",
        )
        return varied.model_copy(update={"what_if": what_if, "notes": [note, *varied.notes]})
    parent_cls: Classification | None = None
    parent_facts: Facts | None = None
    if item.part_of is not None and parent is not None:
        if parent.id != item.part_of:
            raise InvalidInput(
                f"{item.id}: part_of is {item.part_of!r} but the parent given is {parent.id!r}",
                code="parent_mismatch",
                errors={"part_of": item.part_of},
            )
        parent_cls = classify(parent, rules, j)
        parent_facts = build_facts(parent)
    codes, reasons = _all_codes(parent_cls) if parent_cls is not None else ([], [])
    facts = build_facts(item, parent=parent_facts, parent_codes=codes, parent_reasons=reasons)
    cls = _core(item, facts, rules, j, None)
    update: dict[str, Any] = {
        "related": _related(item, cls, rules, j),
        "components": _components(item, facts, rules, j, _all_codes(cls)[0]),
    }
    if item.part_of is not None:
        update["part_of"] = _part_of(item, cls, parent_cls)
    return cls.model_copy(update=update)
