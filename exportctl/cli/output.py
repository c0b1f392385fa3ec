"""Rendering command results as table, json or jsonl, and mapping errors to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from exportctl import ExportctlError

__all__ = [
    "Format",
    "emit",
    "emit_jsonl_line",
    "fail",
    "handle_errors",
    "print_table",
    "to_jsonable",
]

stderr = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def to_jsonable(value: Any) -> Any:
    """Pydantic models, dataclasses, tuples, dates ... to plain JSON types."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def emit_jsonl_line(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def emit(data: Any, fmt: Format, table: Callable[[Any], None]) -> None:
    """Print ``data`` as JSON (one document), JSON lines (one per item) or a table."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        items = data if isinstance(data, list | tuple) else [data]
        for item in items:
            emit_jsonl_line(item)
    else:
        table(data)


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    tbl = Table(title=title, show_lines=False)
    for c in columns:
        tbl.add_column(c)
    for r in rows:
        tbl.add_row(*["" if v is None else str(v) for v in r])
    Console().print(tbl)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    stderr.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn ExportctlError into a one-line message on stderr and exit code 1."""
    try:
        yield
    except ExportctlError as exc:
        first = exc.detail.splitlines()[0] if exc.detail else exc.code
        raise fail(f"{first} [{exc.code}]") from None
