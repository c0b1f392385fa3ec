"""Reading party files and writing result files in chunks (CSV, Parquet, JSON lines).

The format is the file's extension. Reading streams: Parquet by record batches with pyarrow,
CSV record by record, JSON lines line by line, so memory stays flat whatever the file
size. Every chunk holds exactly ``chunk_rows`` rows (the last one fewer), so chunk ``k`` is
the same rows on every run and an interrupted job can resume after its last finished chunk.

A row the reader cannot read (a CSV line with the wrong number of fields, a line that is not
JSON, invalid UTF-8) is passed on as an :class:`~exportctl.errors.InvalidInput` naming the
line, so it becomes an error row in the output instead of failing the job.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from exportctl.batch.rows import ColumnMap
from exportctl.errors import ExportctlError, InvalidInput, NotFound

__all__ = [
    "OUTPUT_COLUMNS",
    "FileFormat",
    "OutputRow",
    "file_format",
    "jsonl_line",
    "merge_parts",
    "read_chunks",
    "read_output",
    "total_rows",
    "write_part",
]

FileFormat = Literal["csv", "parquet", "jsonl"]
_SUFFIXES: dict[str, FileFormat] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

#: Output columns, in order (``code`` is the stable error code of ``error``).
OUTPUT_COLUMNS = ("id", "matches", "error", "code", "list_versions")

Row = Mapping[str, Any] | ExportctlError


def file_format(path: Path) -> FileFormat:
    """The format named by ``path``'s extension."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(
            f"{path}: unknown file type {path.suffix or '(none)'!r}; use .csv, .parquet or .jsonl",
            code="unsupported_file_type",
        )
    return fmt


def total_rows(path: Path) -> int | None:
    """The number of rows when the file says so without reading it (Parquet), else None."""
    if file_format(path) == "parquet":
        return int(pq.ParquetFile(path).metadata.num_rows)
    return None


def _mapped(present: Sequence[str], columns: ColumnMap, path: Path) -> dict[str, str]:
    """Query field -> column, for the columns the file has; the name column is required."""
    fields = {f: c for f, c in columns.fields().items() if c in present}
    if "name" not in fields:
        raise InvalidInput(
            f"{path}: no column {columns.name!r} (columns: {', '.join(present) or 'none'}); "
            "name it with --name-column",
            code="missing_column",
            errors={columns.name: "missing"},
        )
    return fields


def read_chunks(path: Path, columns: ColumnMap, chunk_rows: int) -> Iterator[list[Row]]:
    """The file's rows as query-field mappings (or read errors), ``chunk_rows`` at a time."""
    if not path.is_file():
        raise NotFound(f"{path}: no such file", code="file_not_found")
    fmt = file_format(path)
    rows = {"csv": _csv_rows, "parquet": _parquet_rows, "jsonl": _jsonl_rows}[fmt](path, columns)
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= chunk_rows:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _batch_rows(batch: pa.RecordBatch, fields: Mapping[str, str]) -> Iterator[Row]:
    cols = {f: batch.column(c).to_pylist() for f, c in fields.items()}
    for i in range(batch.num_rows):
        yield {f: v[i] for f, v in cols.items()}


def _parquet_rows(path: Path, columns: ColumnMap) -> Iterator[Row]:
    pf = pq.ParquetFile(path)
    fields = _mapped(pf.schema_arrow.names, columns, path)
    for batch in pf.iter_batches(batch_size=8192, columns=list(dict.fromkeys(fields.values()))):
        yield from _batch_rows(batch, fields)


def _csv_rows(path: Path, columns: ColumnMap) -> Iterator[Row]:
    # The csv module, not pyarrow's reader: a malformed record keeps its place in the row
    # order and its line number (pyarrow reports skipped rows apart from the block).
    bad_lines: set[int] = set()

    def lines() -> Iterator[str]:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    bad_lines.add(number)
                    yield raw.decode("utf-8", errors="replace")

    reader = csv.reader(lines())
    header = next(reader, [])
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    fields = _mapped(header, columns, path)
    where = [(f, header.index(c)) for f, c in fields.items()]
    width = len(header)
    for record in reader:
        if not record:
            continue
        line = reader.line_num
        if line in bad_lines:
            yield InvalidInput(
                f"{path.name}: line {line}: not valid UTF-8", code="invalid_encoding"
            )
        elif len(record) != width:
            yield InvalidInput(
                f"{path.name}: line {line}: expected {width} fields, got {len(record)}",
                code="invalid_row",
            )
        else:
            yield {f: record[i] for f, i in where}


def _jsonl_rows(path: Path, columns: ColumnMap) -> Iterator[Row]:
    fields = columns.fields()
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield InvalidInput(
                    f"{path.name}: line {number}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} "
                    f"at column {exc.start + 1})",
                    code="invalid_encoding",
                )
                continue
            except json.JSONDecodeError as exc:
                yield InvalidInput(
                    f"{path.name}: line {number}: not JSON ({exc.msg})", code="invalid_json"
                )
                continue
            if not isinstance(obj, dict):
                yield InvalidInput(
                    f"{path.name}: line {number}: expected a JSON object", code="invalid_query"
                )
                continue
            yield {f: obj.get(c) for f, c in fields.items()}


# -- output --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputRow:
    """One result row: ``matches`` is the screening JSON array as text (None on error)."""

    id: str
    matches: str | None
    error: str | None = None
    code: str | None = None


def jsonl_line(r: OutputRow, versions: str) -> str:
    """One output row as a JSON line; ``matches`` is already JSON and is spliced in, not
    parsed and dumped again."""
    return (
        f'{{"id": {json.dumps(r.id, ensure_ascii=False)}, "matches": {r.matches or "null"}, '
        f'"error": {json.dumps(r.error, ensure_ascii=False)}, "code": {json.dumps(r.code)}, '
        f'"list_versions": {versions}}}\n'
    )


def write_part(rows: Sequence[OutputRow], path: Path, fmt: FileFormat, versions: str) -> None:
    """Write one chunk's results to ``path`` (CSV without header: parts are concatenated)."""
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            f.writelines(jsonl_line(r, versions) for r in rows)
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerows(
                (r.id, r.matches or "", r.error or "", r.code or "", versions) for r in rows
            )
    else:
        table = pa.table(
            {
                "id": pa.array([r.id for r in rows], pa.string()),
                "matches": pa.array([r.matches for r in rows], pa.string()),
                "error": pa.array([r.error for r in rows], pa.string()),
                "code": pa.array([r.code for r in rows], pa.string()),
                "list_versions": pa.array([versions] * len(rows), pa.string()),
            }
        )
        pq.write_table(table, path)


def merge_parts(parts: Sequence[Path], path: Path, fmt: FileFormat) -> None:
    """Concatenate finished parts, in order, into ``path`` (streamed, part by part)."""
    if fmt == "parquet":
        schema = pa.schema([(c, pa.string()) for c in OUTPUT_COLUMNS])
        with pq.ParquetWriter(path, schema) as writer:
            for part in parts:
                writer.write_table(pq.read_table(part).cast(schema))
        return
    with path.open("wb") as out:
        if fmt == "csv":
            out.write((",".join(OUTPUT_COLUMNS) + "\r\n").encode())
        for part in parts:
            with part.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)


def read_output(path: Path) -> list[dict[str, Any]]:
    """A result file (or a Spark output folder of parts) as dicts, ``matches`` and
    ``list_versions`` parsed (for tests, delta re-screening and small files)."""
    fmt = file_format(path)
    out: list[dict[str, Any]] = []
    if fmt == "jsonl":
        files = sorted(path.glob("part-*")) if path.is_dir() else [path]
        for file in files:
            with file.open(encoding="utf-8") as f:
                out.extend(json.loads(line) for line in f if line.strip())
        return out
    if fmt == "parquet":
        raw = pq.read_table(path).to_pylist()
    else:
        files = sorted(path.glob("part-*.csv")) if path.is_dir() else [path]
        raw = []
        for file in files:
            with file.open(encoding="utf-8", newline="") as f:
                raw.extend(csv.DictReader(f))
    for r in raw:
        out.append(
            {
                "id": r["id"],
                "matches": json.loads(r["matches"]) if r.get("matches") else None,
                "error": r.get("error") or None,
                "code": r.get("code") or None,
                "list_versions": json.loads(r["list_versions"]) if r.get("list_versions") else {},
            }
        )
    return out
