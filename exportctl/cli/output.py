"""Rendering command results as table, json or jsonl, and mapping errors to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from exportctl import (
    CaseReport,
    DeterminationReport,
    ExportctlError,
    render_report_html,
    render_report_pdf,
    write_file_atomic,
)

__all__ = [
    "Format",
    "emit",
    "emit_jsonl_line",
    "fail",
    "handle_errors",
    "print_table",
    "to_jsonable",
    "write_reports",
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


def write_reports(
    report: CaseReport | DeterminationReport, *, pdf: Path | None, html: Path | None
) -> list[Path]:
    """Render every file asked for, then write each atomically; says so on stderr.

    Rendering comes first so a rendering error leaves no file behind.
    """
    outputs: list[tuple[Path, bytes]] = []
    if pdf is not None:
        outputs.append((pdf, render_report_pdf(report)))
    if html is not None:
        outputs.append((html, render_report_html(report).encode("utf-8")))
    for path, data in outputs:
        write_file_atomic(path, data)
        stderr.print(f"wrote {path} ({len(data)} bytes)", markup=False, highlight=False)
    return [path for path, _ in outputs]
