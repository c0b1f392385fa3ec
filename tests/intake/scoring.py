"""Precision and recall of an extraction against a hand-written expected extraction.

Both sides are turned into sets of *facts* — ("party", name), ("party.country", name, IR),
("item.parameter", type, path, value), ("country", IR), ... — and compared as sets. A field the
expectation leaves out is not scored (so an expectation can be partial); a field it gives as
empty or null is scored (predicting something there is a false positive).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from exportctl.model.alert import Alert

Fact = tuple[str, ...]

_HEADER_SCALARS = ("id", "date", "classification", "from", "subject", "paragraphs", "decl_date")
_HEADER_LISTS = ("to", "info", "tags", "references")
_TOP_LISTS = ("countries", "services", "regimes", "end_use_concerns", "authorities")


def norm(value: object) -> str:
    """Compare names without case, punctuation or spacing differences."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).lower()
    return " ".join(re.sub(r"[^\w/µ.\-]+", " ", text).replace(" .", " ").split()).strip(". ")


def _party_facts(parties: list[dict[str, Any]], scored: set[str]) -> set[Fact]:
    facts: set[Fact] = set()
    for p in parties:
        name = norm(p["name"])
        facts.add(("party", name))
        if "country" in scored:
            facts.add(("party.country", name, norm(p.get("country"))))
        if "role" in scored:
            facts.add(("party.role", name, norm(p.get("role"))))
        if "schema" in scored:
            facts.add(("party.schema", name, norm(p.get("schema") or "Organization")))
    return facts


def _item_facts(items: list[dict[str, Any]]) -> set[Fact]:
    facts: set[Fact] = set()
    for it in items:
        kind = norm(it.get("type") or it.get("description"))
        facts.add(("item", kind))
        if it.get("model"):
            facts.add(("item.model", kind, norm(it["model"])))
        if it.get("quantity"):
            facts.add(("item.quantity", kind, norm(it["quantity"])))
        for path, value in (it.get("parameters") or {}).items():
            facts.add(("item.parameter", kind, path, norm(value)))
        for part in it.get("parts") or []:
            facts.add(("item.part", kind, norm(part)))
        for regime in it.get("regimes") or []:
            facts.add(("item.regime", kind, norm(regime)))
    return facts


def facts(result: dict[str, Any], expected: dict[str, Any]) -> set[Fact]:
    """The facts of ``result`` (an intake JSON object) in the fields ``expected`` scores."""
    out: set[Fact] = set()
    doc_expected = expected.get("document", {})
    doc = result.get("document", {})
    for key in _HEADER_SCALARS:
        if key in doc_expected and doc.get(key) is not None:
            out.add(("document." + key, norm(doc[key])))
    for key in _HEADER_LISTS:
        if key in doc_expected:
            out.update(("document." + key, norm(v)) for v in doc.get(key) or [])
    if "partial" in expected:
        out.add(("partial", norm(result.get("partial"))))
    if "encoding" in expected:
        out.add(("encoding", norm(result.get("encoding"))))
    if "parties" in expected:
        scored = {k for p in expected["parties"] for k in p}
        out |= _party_facts(result.get("parties") or [], scored)
    if "items" in expected:
        out |= _item_facts(result.get("items") or [])
    for key in _TOP_LISTS:
        if key in expected:
            out.update((key, norm(v)) for v in result.get(key) or [])
    return out


@dataclass
class Score:
    """True positives, false positives and false negatives, per fact kind and overall."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, predicted: set[Fact], gold: set[Fact]) -> None:
        for f in predicted & gold:
            self.tp[f[0]] += 1
        for f in predicted - gold:
            self.fp[f[0]] += 1
            self.misses.append(f"{name}: extra {f}")
        for f in gold - predicted:
            self.fn[f[0]] += 1
            self.misses.append(f"{name}: missing {f}")

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        tp = sum(self.tp.values())
        return self._ratio(tp, tp + sum(self.fp.values()))

    @property
    def recall(self) -> float:
        tp = sum(self.tp.values())
        return self._ratio(tp, tp + sum(self.fn.values()))

    def by_kind(self) -> dict[str, tuple[float, float, int]]:
        """Per fact kind: precision, recall, number of expected facts."""
        kinds = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {
            k: (
                self._ratio(self.tp[k], self.tp[k] + self.fp[k]),
                self._ratio(self.tp[k], self.tp[k] + self.fn[k]),
                self.tp[k] + self.fn[k],
            )
            for k in kinds
        }

    def report(self) -> str:
        lines = [f"overall: precision {self.precision:.3f}, recall {self.recall:.3f}"]
        for k, (p, r, n) in self.by_kind().items():
            lines.append(f"  {k:<22} precision {p:.2f}  recall {r:.2f}  ({n} expected)")
        return "\n".join(lines)


def load_expected(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def score_alert(name: str, alert: Alert, expected: dict[str, Any], score: Score) -> None:
    result = alert.model_dump(mode="json")
    # The expectation has the result's shape, so it turns into facts the same way.
    score.add(name, facts(result, expected), facts(expected, expected))
