"""Three-valued evaluation of rule conditions against an item's facts.

A condition is met (True), not met (False) or unknown (None: a parameter it needs is not
given). :class:`Evaluator` walks ``all``/``any``/``not``/``exists`` conditions and compares
leaves through the operator table :data:`OPERATORS` (one row per :class:`Op`, listable with
:func:`operators`); every comparison leaves a :class:`Crit` that explains it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from exportctl.classification.codes import code_matches
from exportctl.classification.facts import Facts, QValue, describe_fact
from exportctl.classification.schema import (
    AllOf,
    AnyOf,
    Condition,
    Exists,
    IfMissing,
    Leaf,
    LinearThreshold,
    NearMiss,
    NotOf,
    Op,
)
from exportctl.classification.units import compare_magnitudes, parse_quantity
from exportctl.model.classification import Criterion

__all__ = [
    "OPERATORS",
    "Crit",
    "Ctx",
    "Evaluator",
    "Operator",
    "Outcome",
    "and3",
    "operators",
    "or3",
    "show",
]


def and3(values: Iterable[bool | None]) -> bool | None:
    vals = list(values)
    if any(v is False for v in vals):
        return False
    return None if any(v is None for v in vals) else True


def or3(values: Iterable[bool | None]) -> bool | None:
    vals = list(values)
    if any(v is True for v in vals):
        return True
    return None if any(v is None for v in vals) else False


@dataclass
class Crit:
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
class Outcome:
    value: bool | None
    crits: list[Crit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    assumptions: list[tuple[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    near_only: bool = False
    near: list[tuple[NearMiss, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Ctx:
    jurisdiction: str
    citation: str
    element: Mapping[str, Any] | None = None
    model: type[BaseModel] | None = None  # the element's model, to look up its fields
    prefix: str = ""  # field path of the element, e.g. "linear_axes[0]."
    label: str = ""  # how criteria inside the element start, e.g. "X axis: "


@lru_cache(maxsize=1024)
def threshold_quantity(text: str, dimension: str) -> QValue:
    """A rule's threshold as a quantity (checked at load time; cached, as pint is slow)."""
    return QValue.of(text, parse_quantity(text, dimension, field="threshold"))


def show(value: Any) -> str:
    if isinstance(value, QValue):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return str(value)


def standard_key(text: str) -> str:
    """``ISO 230/2 (1988)`` and ``ISO 230-2:1988`` compare equal."""
    return re.sub(r"[\s()]", "", text.upper().replace("/", "-").replace("(", ":"))


@dataclass(frozen=True)
class Operator:
    """How a rule leaf compares a stated value with its threshold.

    ``test(value, threshold, order, leaf)``: ``order`` is -1, 0 or 1 when the value and
    threshold are quantities or numbers (compared by magnitude), else 0.
    """

    op: Op
    shown: str  # how a threshold reads: "≤ 5 µm", "one of milling, turning"
    ordered: bool  # compares magnitudes (and shows a symbol) rather than sets or codes
    meaning: str
    test: Callable[[Any, Any, int, Leaf], bool]


def _equal(raw: Any, thr: Any, c: int, _: Leaf) -> bool:
    return (c == 0) if isinstance(raw, QValue) else bool(raw == thr)


def _matches_any(raw: Any, thr: Any, _c: int, leaf: Leaf) -> bool:
    return any(code_matches(x, list(thr)) and not code_matches(x, leaf.exclude) for x in raw)


#: Every operator a rule may use, by :class:`Op` (``operators()`` lists them for the docs).
OPERATORS: dict[Op, Operator] = {
    o.op: o
    for o in (
        Operator(Op.LE, "≤", True, "at most", lambda r, t, c, _: c <= 0),
        Operator(Op.LT, "<", True, "less than", lambda r, t, c, _: c < 0),
        Operator(Op.GE, "≥", True, "at least", lambda r, t, c, _: c >= 0),
        Operator(Op.GT, ">", True, "more than", lambda r, t, c, _: c > 0),
        Operator(Op.EQ, "=", True, "equal to", _equal),
        Operator(Op.NE, "≠", True, "not equal to", lambda r, t, c, x: not _equal(r, t, c, x)),
        Operator(Op.IN, "one of", False, "the value is one of", lambda r, t, c, _: r in t),
        Operator(Op.CONTAINS, "includes", False, "the list includes", lambda r, t, c, _: t in r),
        Operator(
            Op.CONTAINS_ANY,
            "any of",
            False,
            "the list includes any of",
            lambda r, t, c, _: bool(set(r) & set(t)),
        ),
        Operator(
            Op.SUBSET_OF,
            "only",
            False,
            "every item of a non-empty list is one of",
            lambda r, t, c, _: bool(r) and set(r) <= set(t),
        ),
        Operator(
            Op.MATCHES_ANY,
            "any of",
            False,
            "a control code falls under any of (except those excluded)",
            _matches_any,
        ),
        Operator(
            Op.ALL_MATCH,
            "all within",
            False,
            "every control code of a non-empty list falls under one of",
            lambda r, t, c, _: bool(r) and all(code_matches(x, list(t)) for x in r),
        ),
    )
}


def operators() -> list[Operator]:
    """Every operator, in the order of :class:`Op`."""
    return [OPERATORS[op] for op in Op]


class Evaluator:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def eval(self, cond: Condition | None, ctx: Ctx) -> Outcome | None:
        """None when the condition does not apply in this jurisdiction (it is skipped)."""
        if cond is None:
            return Outcome(True)
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

    def combine(self, outs: list[Outcome], *, all_of: bool) -> Outcome:
        value = and3(o.value for o in outs) if all_of else or3(o.value for o in outs)
        shown = outs if all_of or value is not True else [o for o in outs if o.value is True]
        res = Outcome(value)
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

    def negate(self, cond: NotOf, ctx: Ctx) -> Outcome | None:
        inner = self.eval(cond.not_, ctx)
        if inner is None:
            return None
        value = None if inner.value is None else not inner.value
        crit = Crit(
            text=ctx.label + cond.text,
            met=value,
            value="; ".join(c.value or "not stated" for c in inner.crits) or None,
            threshold="not (" + "; ".join(c.threshold or "" for c in inner.crits) + ")",
            citation=ctx.citation,
            fact=", ".join(c.fact or "" for c in inner.crits) or None,
        )
        return Outcome(value, [crit], inner.missing if value is None else [], inner.assumptions)

    def exists(self, cond: Exists, ctx: Ctx) -> Outcome:
        elements = self.facts.get(cond.exists, ctx.element) or []
        path = ctx.prefix + cond.exists
        text = ctx.label + (cond.text or f"at least {cond.min} of {cond.exists}")
        if not elements:
            count = self.facts.get(cond.count_fact, ctx.element) if cond.count_fact else None
            if count == 0:
                crit = Crit(
                    text,
                    False,
                    f"none ({cond.count_fact} = 0)",
                    f"≥ {cond.min}",
                    ctx.citation,
                    path,
                )
                return Outcome(False, [crit])
            crit = Crit(text, None, None, f"≥ {cond.min}", ctx.citation, path)
            return Outcome(None, [crit], missing=[f"{path}[*]"])
        info = describe_fact(cond.exists, ctx.model)
        model = info.element if info is not None else None
        outs: list[Outcome] = []
        for i, el in enumerate(elements):
            name = el.get("name") if isinstance(el, Mapping) else None
            label = ctx.label + (f"{name} axis: " if name else f"{cond.exists}[{i}]: ")
            sub = Ctx(ctx.jurisdiction, ctx.citation, el, model, f"{path}[{i}].", label)
            outs.append(self.eval(cond.where, sub) or Outcome(True))
        trues = [o for o in outs if o.value is True]
        unknown = [o for o in outs if o.value is None]
        if len(trues) >= cond.min:
            value: bool | None = True
        elif len(trues) + len(unknown) >= cond.min:
            value = None
        else:
            value = False
        res = Outcome(value)
        shown = trues[: cond.min] if value is True else outs
        for o in shown:
            res.crits += o.crits
            res.assumptions += o.assumptions
            res.caveats += o.caveats
        if cond.min > 1:
            res.crits.insert(
                0,
                Crit(
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

    def threshold(self, leaf: Leaf, ctx: Ctx, dimension: str | None) -> tuple[Any, str, str | None]:
        """(threshold value, its display, the path of a missing variable or None)."""
        value = leaf.value
        if isinstance(value, dict):
            assert dimension is not None
            lin = LinearThreshold.model_validate(value)
            var = self.facts.get(lin.variable, ctx.element)
            if var is None:
                var = self.facts.get(lin.variable)
            formula = lin.display or f"({lin.intercept} + {lin.slope} × L/{lin.per})"
            symbol = OPERATORS[leaf.op].shown
            if not isinstance(var, QValue):
                return None, f"{symbol} {formula}", lin.variable
            base = threshold_quantity(lin.intercept, dimension).q
            slope = threshold_quantity(lin.slope, dimension).q
            per = threshold_quantity(lin.per, "length").q
            q = (base + slope * (var.q / per).to("dimensionless").magnitude).to(base.units)
            thr = QValue.of(str(q), q)
            return thr, f"{symbol} {formula} = {thr} at L = {var}", None
        if dimension is not None:
            thr = threshold_quantity(value, dimension)
            return thr, f"{OPERATORS[leaf.op].shown} {thr}", None
        operator = OPERATORS[leaf.op]
        shown = f"{operator.shown} {show(value)}"
        if not operator.ordered and leaf.exclude:
            shown += f" except {show(leaf.exclude)}"
        return value, shown, None

    def leaf(self, leaf: Leaf, ctx: Ctx) -> Outcome:
        raw = self.facts.get(leaf.fact, ctx.element)
        path = ctx.prefix + leaf.fact
        info = describe_fact(leaf.fact, ctx.model)
        dimension = info.dimension if info is not None else None
        text = ctx.label + (leaf.text or f"{leaf.fact} {leaf.op.value} {show(leaf.value)}")
        citation = leaf.citation or ctx.citation
        missing = raw is None or (isinstance(raw, list) and not raw)
        thr, shown, thr_missing = self.threshold(leaf, ctx, dimension)
        if missing:
            if leaf.if_missing is IfMissing.UNKNOWN:
                crit = Crit(text, None, None, shown, citation, path)
                return Outcome(None, [crit], missing=[path])
            met = leaf.if_missing is IfMissing.MET
            crit = Crit(text, met, "not stated", shown, citation, path)
            assumptions = [(path, leaf.assumption)] if leaf.assumption else []
            return Outcome(met, [crit], assumptions=assumptions)
        if thr_missing is not None:
            crit = Crit(text, None, show(raw), shown, citation, path)
            return Outcome(None, [crit], missing=[thr_missing])
        met, gap = self.compare(leaf, raw, thr)
        crit = Crit(text, met, show(raw), shown, citation, path, gap)
        out = Outcome(met, [crit])
        if leaf.standard and isinstance(raw, QValue):
            stated = self.facts.get("positioning_accuracy_standard")
            if stated is None or standard_key(str(stated)) != standard_key(leaf.standard):
                out.caveats.append(
                    f"{path} ({raw}) was compared with a threshold stated per {leaf.standard}; "
                    f"the item's accuracy standard is {stated or 'not given'} "
                    "(positioning_accuracy_standard). Values per different editions of ISO 230-2 "
                    "are not directly comparable."
                )
        if met is False and leaf.near is not None and isinstance(raw, QValue):
            within = threshold_quantity(leaf.near.within, dimension or "length")
            if compare_magnitudes(raw.base, thr.base + within.base) <= 0:
                out.near_only = True
                out.near = [(leaf.near, f"{text} ({raw}, threshold {shown})")]
        return out

    def compare(self, leaf: Leaf, raw: Any, thr: Any) -> tuple[bool, float]:
        """(met, relative gap to the threshold when not met) of a stated value."""
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
        met = OPERATORS[op].test(raw, thr, c, leaf)
        return met, (0.0 if met else gap)
