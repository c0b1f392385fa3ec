"""The per-row work every batch engine shares: screen a query key, turn results into rows.

Local workers and Spark executors both call :func:`screen_key`, which calls
:meth:`Screener.screen` exactly as single-query screening does, so a batch result is the
single-query result for the same name, schema, country and birth date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exportctl.batch.io import OutputRow
from exportctl.batch.memory import DecisionMemory
from exportctl.batch.rows import QueryKey, RowQuery
from exportctl.errors import ExportctlError
from exportctl.model.screening import Decision
from exportctl.screening import Screener

__all__ = [
    "KeyResult",
    "RowCounts",
    "count_rows",
    "hits_line",
    "screen_key",
    "screen_keys",
    "to_output",
]


@dataclass(frozen=True)
class KeyResult:
    """The outcome of one distinct query: matches as JSON text, or an error."""

    matches: str | None
    error: str | None = None
    code: str | None = None
    best: str | None = None  # the best match's decision (``match``/``review``), if any
    #: the match/review results as (entity id, decision, score)
    hits: tuple[tuple[str, str, float], ...] = ()


def screen_key(screener: Screener, key: QueryKey, limit: int) -> KeyResult:
    """Screen one distinct query as ``screen`` does for a single party."""
    name, schema, country, birth_date = key
    query = {"name": name, "schema": schema, "country": country, "birth_date": birth_date}
    try:
        matches = screener.screen(query, limit=limit)
    except ExportctlError as exc:
        return KeyResult(None, exc.detail, exc.code)
    if not matches:
        return KeyResult("[]")
    text = json.dumps(
        [m.model_dump(mode="json", by_alias=True) for m in matches],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    hits = tuple(
        (m.entity_id, m.decision.value, m.score)
        for m in matches
        if m.decision is not Decision.NO_MATCH
    )
    return KeyResult(text, best=matches[0].decision.value, hits=hits)


def screen_keys(screener: Screener, keys: Sequence[QueryKey], limit: int) -> list[KeyResult]:
    return [screen_key(screener, k, limit) for k in keys]


def to_output(
    row: RowQuery, result: KeyResult | None, memory: DecisionMemory | None = None
) -> OutputRow:
    """The output row of an input row, given its key's result (None for an error row).

    With a ``memory``, each match or review a reviewer has looked at carries ``review`` (its
    status: ``cleared``, ``confirmed``, ``changed`` ...) exactly as ``screen`` shows it; a row
    without reviewed hits is the screening result unchanged.
    """
    if row.error is not None:
        return OutputRow(row.id, None, row.error.detail, row.error.code)
    assert result is not None
    matches = result.matches
    if memory is not None and result.hits and row.key is not None and matches is not None:
        reviews = {h[0]: memory.review(row.id, row.key, h[0]) for h in result.hits}
        if any(r is not None for r in reviews.values()):
            data = json.loads(matches)
            for m in data:
                r = reviews.get(m["entity_id"])
                if r is not None:
                    m["review"] = r
            matches = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return OutputRow(row.id, matches, result.error, result.code)


@dataclass
class RowCounts:
    """What a set of rows came to (summed over chunks for the end summary)."""

    rows: int = 0
    matches: int = 0
    reviews: int = 0
    cleared: int = 0
    errors: int = 0

    def add(self, other: RowCounts) -> None:
        self.rows += other.rows
        self.matches += other.matches
        self.reviews += other.reviews
        self.cleared += other.cleared
        self.errors += other.errors


def count_rows(
    rows: Iterable[tuple[RowQuery, KeyResult | None]], memory: DecisionMemory | None
) -> RowCounts:
    """Rows by outcome: error, cleared (every hit cleared by ``memory``), match, review."""
    c = RowCounts()
    for row, res in rows:
        c.rows += 1
        if row.error is not None or res is None or res.error is not None:
            c.errors += 1
        elif res.hits:
            key = row.key
            if (
                memory is not None
                and key is not None
                and all(memory.is_cleared(row.id, key, h[0]) for h in res.hits)
            ):
                c.cleared += 1
            elif res.best == Decision.MATCH.value:
                c.matches += 1
            else:
                c.reviews += 1
    return c


def hits_line(row: RowQuery, result: KeyResult | None) -> str | None:
    """A JSON line recording the row's hits (for delta re-screening), or None if it has none."""
    if row.key is None or result is None or not result.hits:
        return None
    return json.dumps(
        {"id": row.id, "key": list(row.key), "hits": [list(h) for h in result.hits]},
        ensure_ascii=False,
    )
