"""Input rows as screening queries: which column holds what, and one row's query or error.

A row never fails a job: a value that cannot be a query (no name, an unknown schema, a
country that is not an ISO code ...) becomes that row's error, with the message single-query
screening gives for the same value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from exportctl.errors import ExportctlError, InvalidInput
from exportctl.model.screening import ScreeningQuery
from exportctl.screening import make_query

__all__ = ["ColumnMap", "QueryKey", "RowQuery", "query_key", "row_query"]


@dataclass(frozen=True)
class ColumnMap:
    """The input column that holds each query field (``id`` may be absent: row numbers)."""

    id: str = "id"
    name: str = "name"
    schema: str = "schema"
    country: str = "country"
    birth_date: str = "birth_date"

    def fields(self) -> dict[str, str]:
        """Query field -> column name."""
        return {
            "id": self.id,
            "name": self.name,
            "schema": self.schema,
            "country": self.country,
            "birth_date": self.birth_date,
        }


#: What a query's result depends on (everything but its id): equal keys, equal results.
QueryKey = tuple[str, str, str | None, str | None]


def query_key(q: ScreeningQuery) -> QueryKey:
    return (q.name, q.schema.value, q.country, q.birth_date)


@dataclass(frozen=True)
class RowQuery:
    """One input row: its id and either its query key or the reason it has none."""

    id: str
    key: QueryKey | None
    error: ExportctlError | None = None


def _text(value: Any) -> Any:
    """Column values as query text: numbers and dates written as a user would type them."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value  # left to validation, which rejects it with the field named
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_query(row: Mapping[str, Any] | ExportctlError, number: int) -> RowQuery:
    """The query of input row ``number`` (1-based), or its error.

    ``row`` maps query fields (``id``, ``name`` ...) to values, or is the error the reader
    met on that row (a line that is not JSON, a CSV line with too many fields ...).
    """
    if isinstance(row, ExportctlError):
        return RowQuery(str(number), None, row)
    raw_id = _text(row.get("id"))
    rid = str(raw_id) if raw_id not in (None, "") else str(number)
    # An empty cell is an absent value (CSV has no null), except for the required name.
    payload = {
        k: v
        for k, v in ((k, _text(v)) for k, v in row.items() if k != "id")
        if v is not None and (v != "" or k == "name")
    }
    try:
        q = make_query(payload)
    except ExportctlError as exc:
        return RowQuery(rid, None, exc)
    except (TypeError, ValueError) as exc:  # a value of a type no field accepts
        return RowQuery(rid, None, InvalidInput(f"invalid query: {exc}", code="invalid_query"))
    return RowQuery(rid, query_key(q))
