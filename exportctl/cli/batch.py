"""`exportctl batch ...`: screen whole party files (CSV, Parquet, JSON lines) in bulk.

Thin adapter over ``engine.batch`` (the job on local processes or Apache Spark, the list
versions, the cleared-hit memory); it only parses options and shows progress and summaries.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from exportctl import BatchOptions, BatchSummary, ColumnMap, Engine
from exportctl.cli.app import app, get_engine
from exportctl.cli.output import Format, emit, fail, handle_errors, print_table, stderr

batch_app = typer.Typer(
    help="Screen whole party files (CSV, Parquet, JSON lines) on every core or on Spark.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")


class EngineKind(StrEnum):
    local = "local"
    spark = "spark"


def _summary_table(data: dict[str, Any]) -> None:
    rows = [
        ["rows", data["rows"]],
        ["matches", data["matches"]],
        ["reviews", data["reviews"]],
        ["cleared", data["cleared"]],
        ["errors", data["errors"]],
        ["distinct queries screened", data["screened"]],
        ["rows/s", f"{data['rows_per_second']:,.0f}"],
        ["seconds", f"{data['seconds']:.1f}"],
        ["workers", data["workers"]],
        ["list versions", ", ".join(f"{k} {v}" for k, v in data["list_versions"].items())],
    ]
    if data.get("resumed_chunks"):
        rows.append(["chunks resumed", data["resumed_chunks"]])
    print_table(f"Batch screening → {data['output']}", ["", ""], rows)


@batch_app.command("screen")
def batch_screen(
    input_path: Annotated[
        Path, typer.Argument(help="Party file: .csv (with a header), .parquet or .jsonl.")
    ],
    output_path: Annotated[
        Path,
        typer.Argument(
            help="Result file (.csv, .parquet or .jsonl): one row per input row with id, "
            "matches (screening JSON; a JSON string in CSV and Parquet), error, code, "
            "list_versions. Written under a temporary name, renamed when complete."
        ),
    ],
    engine: Annotated[
        EngineKind, typer.Option("--engine", help="local (this machine's cores) or spark.")
    ] = EngineKind.local,
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL (default local[*]); --engine spark."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes (default: every core)."),
    ] = None,
    id_column: Annotated[str, typer.Option("--id-column", help="Column of row ids.")] = "id",
    name_column: Annotated[str, typer.Option("--name-column", help="Column of names.")] = "name",
    schema_column: Annotated[
        str, typer.Option("--schema-column", help="Column of Person/Organization/... .")
    ] = "schema",
    country_column: Annotated[
        str, typer.Option("--country-column", help="Column of ISO country codes.")
    ] = "country",
    birth_date_column: Annotated[
        str, typer.Option("--birth-date-column", help="Column of birth dates.")
    ] = "birth_date",
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1000, help="At most this many matches per row.")
    ] = 10,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", min=1, help="Rows per chunk (the unit of --resume).")
    ] = 20_000,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted local job after its last chunk."),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Summary format: table | json | jsonl.")
    ] = Format.table,
) -> None:
    """Screen every row of a party file against the active lists.

    A column missing from the file is simply not used (no id column: row numbers are the
    ids). Repeated names are screened once; a malformed row becomes an error row. A missing
    id column, a row the reader cannot parse or an invalid value never stops the job.
    """
    columns = ColumnMap(id_column, name_column, schema_column, country_column, birth_date_column)
    options = BatchOptions(
        columns=columns, workers=workers, chunk_rows=chunk_rows, limit=limit, resume=resume
    )
    if master is not None and engine is not EngineKind.spark:
        raise fail("--master needs --engine spark", code=2)
    with handle_errors():
        eng = get_engine()
        if engine is EngineKind.spark:
            summary = eng.batch.screen(
                input_path, output_path, options, engine="spark", master=master
            )
        else:
            summary = _run_local_with_progress(eng, input_path, output_path, options)
    data = {"output": str(output_path), **summary.as_dict()}
    emit(data, fmt, _summary_table)


def _run_local_with_progress(
    eng: Engine, input_path: Path, output_path: Path, options: BatchOptions
) -> BatchSummary:
    total = eng.batch.total_rows(input_path)
    started = time.perf_counter()
    with Progress(
        TextColumn("screening"),
        TextColumn("{task.completed:,.0f}{task.fields[of]} rows"),
        TextColumn("{task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        task = bar.add_task("rows", total=total, of=f" of {total:,}" if total else "", rate="-")

        def progress(done: int, _total: int | None) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, rate=f"{rate:,.0f}")

        return eng.batch.screen(input_path, output_path, options, progress=progress)


@batch_app.command("rescreen")
def batch_rescreen(
    parties: Annotated[
        Path, typer.Argument(help="The party file an earlier `batch screen` run screened.")
    ],
    output_path: Annotated[
        Path,
        typer.Argument(
            help="Report (.csv, .parquet or .jsonl): one row per hit that is new, disappeared "
            "or whose entry changed (id, change, entity_id, decision, score, previous_decision, "
            "previous_score, cleared)."
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="A list version (as `lists status --all` shows): changes of its source since it.",
        ),
    ] = None,
    since_last: Annotated[
        bool,
        typer.Option("--since-last", help="Changes since the lists the last run of PARTIES used."),
    ] = False,
    id_column: Annotated[str, typer.Option("--id-column", help="Column of row ids.")] = "id",
    name_column: Annotated[str, typer.Option("--name-column", help="Column of names.")] = "name",
    schema_column: Annotated[
        str, typer.Option("--schema-column", help="Column of Person/Organization/... .")
    ] = "schema",
    country_column: Annotated[
        str, typer.Option("--country-column", help="Column of ISO country codes.")
    ] = "country",
    birth_date_column: Annotated[
        str, typer.Option("--birth-date-column", help="Column of birth dates.")
    ] = "birth_date",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes (default: every core)."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Summary format: table | json | jsonl.")
    ] = Format.table,
) -> None:
    """Re-screen only the parties a list update can have changed (after `lists update`).

    The entries added or changed since the baseline are run against an index of the
    parties; those parties, and the ones whose earlier hits were removed or changed, are
    screened again. Every other party keeps the result of the last run.
    """
    if since_last == (since is not None):
        raise fail("give either --since VERSION or --since-last", code=2)
    columns = ColumnMap(id_column, name_column, schema_column, country_column, birth_date_column)
    with handle_errors():
        result = get_engine().batch.rescreen(
            parties, output_path, since=since, columns=columns, workers=workers
        )
    data = {"output": str(output_path), **result.as_dict()}
    emit(data, fmt, _delta_table)


def _delta_table(data: dict[str, Any]) -> None:
    rows = [[k, v] for k, v in data.items() if k not in ("stages", "output")]
    print_table(f"Delta re-screening → {data['output']}", ["", ""], rows)
