"""The Spark batch engine: the same per-row work as the local engine, over Spark partitions.

The driver saves the screening index once to a file and ships it with ``addFile``; each
Python worker loads it once and keeps it for every partition it is given. Rows are screened
in ``mapInArrow`` by :func:`~exportctl.batch.core.screen_key`, the function local workers
call, so the output rows equal the local engine's (a test checks this on ``local[2]``).

Spark writes a folder of part files (the Spark way; ``read_output`` and pyarrow read it as
one table), under a temporary name that is renamed when the job has finished. Needs the
``spark`` extra (pyspark) and a Java 17+ runtime. On a cluster, every executor needs this
package installed (docs/batch.md: a wheel and ``spark-submit``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from exportctl.batch.core import KeyResult, count_rows, screen_key, to_output
from exportctl.batch.io import OUTPUT_COLUMNS, file_format, jsonl_line
from exportctl.batch.rows import QueryKey, RowQuery, row_query
from exportctl.batch.runner import BatchOptions, BatchSummary
from exportctl.errors import ConfigError, Conflict, InvalidInput, NotFound
from exportctl.screening import Index, Screener

__all__ = ["run_spark", "screen_partition"]

_CORRUPT = "_corrupt_record"
_SCREENERS: dict[str, Screener] = {}  # per Python worker: index file -> screener


def _screener(index_file: str) -> Screener:
    s = _SCREENERS.get(index_file)
    if s is None:
        from pyspark import SparkFiles

        s = _SCREENERS[index_file] = Screener(Index.load(Path(SparkFiles.get(index_file))))
    return s


def screen_partition(
    batches: Iterator[pa.RecordBatch],
    screener: Screener,
    limit: int,
    versions: str,
    jsonl: bool,
    counts: Any = None,
    csv: bool = False,
) -> Iterator[pa.RecordBatch]:
    """Screen the rows of one partition (query-field columns) into output record batches."""
    cache: dict[QueryKey, KeyResult] = {}
    for batch in batches:
        out_cols: dict[str, list[str | None]] = {c: [] for c in OUTPUT_COLUMNS}
        pairs = []
        for raw in batch.to_pylist():
            corrupt = raw.pop(_CORRUPT, None)
            if corrupt is not None:
                err = InvalidInput(f"malformed record: {corrupt[:80]!r}", code="invalid_row")
                row = RowQuery(str(raw.get("id") or ""), None, err)
            else:
                if csv and raw.get("name") is None:
                    raw["name"] = ""  # Spark reads an empty CSV cell as null; CSV has no null
                row = row_query(raw, 0)
            res = None
            if row.key is not None:
                res = cache.get(row.key)
                if res is None:
                    res = cache[row.key] = screen_key(screener, row.key, limit)
            pairs.append((row, res))
            o = to_output(row, res)
            if jsonl:
                out_cols["id"].append(jsonl_line(o, versions).rstrip("\n"))
                continue
            out_cols["id"].append(o.id)
            out_cols["matches"].append(o.matches)
            out_cols["error"].append(o.error)
            out_cols["code"].append(o.code)
            out_cols["list_versions"].append(versions)
        if counts is not None:
            c = count_rows(pairs, None)
            counts.add((c.rows, c.matches, c.reviews, c.errors))
        if jsonl:
            yield pa.RecordBatch.from_arrays([pa.array(out_cols["id"], pa.string())], ["value"])
        else:
            yield pa.RecordBatch.from_arrays(
                [pa.array(out_cols[c], pa.string()) for c in OUTPUT_COLUMNS], list(OUTPUT_COLUMNS)
            )


def _session(master: str) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - depends on the installation
        raise ConfigError(
            "--engine spark needs pyspark: pip install 'exportctl[spark]' (and Java 17+)",
            code="spark_missing",
        ) from None
    builder = SparkSession.builder.master(master).appName("exportctl batch screen")
    if master.startswith("local"):
        # Local workers run this interpreter (and so this installation of exportctl).
        builder = builder.config("spark.pyspark.python", sys.executable).config(
            "spark.pyspark.driver.python", sys.executable
        )
    spark = builder.config("spark.ui.enabled", "false").getOrCreate()
    if master.startswith("local"):
        # pyspark takes the workers' interpreter from PYSPARK_PYTHON when the context starts;
        # set it on the context instead of in the environment.
        spark.sparkContext.pythonExec = sys.executable
    return spark


def run_spark(
    index: Index,
    versions: Mapping[str, str],
    input_path: Path,
    output_path: Path,
    options: BatchOptions | None = None,
    *,
    master: str = "local[*]",
) -> BatchSummary:
    """Screen ``input_path`` on Spark into the folder ``output_path`` (see module docstring)."""
    from pyspark.sql import functions as F

    opts = options or BatchOptions()
    if opts.resume:
        raise InvalidInput("--resume is for the local engine (Spark retries failed tasks)")
    in_fmt, out_fmt = file_format(input_path), file_format(output_path)
    if not input_path.exists():
        raise NotFound(f"{input_path}: no such file", code="file_not_found")
    if output_path.exists():
        raise Conflict(f"{output_path}: already exists (Spark output is a folder)")
    t0 = time.perf_counter()
    vtext = json.dumps(dict(sorted(versions.items())), separators=(",", ":"))
    from pyspark.sql import SparkSession

    started_here = SparkSession.getActiveSession() is None
    spark = _session(master)
    work = Path(tempfile.mkdtemp(prefix="exportctl-spark-"))
    try:
        index_file = work / "screening-index.json.gz"
        index.save(index_file)
        spark.sparkContext.addFile(str(index_file))
        size = input_path.stat().st_size
        cores = spark.sparkContext.defaultParallelism
        spark.conf.set(
            "spark.sql.files.maxPartitionBytes", str(max(1 << 20, size // (cores * 4) + 1))
        )
        reader = spark.read.option("mode", "PERMISSIVE").option(
            "columnNameOfCorruptRecord", _CORRUPT
        )
        if in_fmt == "csv":
            df = reader.option("header", True).option("escape", '"').csv(str(input_path))
        elif in_fmt == "jsonl":
            df = reader.json(str(input_path))
        else:
            df = spark.read.parquet(str(input_path))
        fields = {f: c for f, c in opts.columns.fields().items() if c in df.columns}
        if "name" not in fields:
            raise InvalidInput(
                f"{input_path}: no column {opts.columns.name!r} (columns: {', '.join(df.columns)})",
                code="missing_column",
            )
        if "id" not in fields:
            raise InvalidInput(
                f"{input_path}: no column {opts.columns.id!r}: --engine spark needs an id column",
                code="missing_column",
            )
        cols = [F.col(f"`{c}`").alias(f) for f, c in fields.items()]
        if _CORRUPT in df.columns:
            cols.append(F.col(_CORRUPT))
        df = df.select(*cols)
        if df.rdd.getNumPartitions() < cores:
            # A small file is one split: spread it over the cores (rows then come out in
            # partition order, not input order; join on id).
            df = df.repartition(cores)
        jsonl, csv = out_fmt == "jsonl", in_fmt == "csv"
        counts = spark.sparkContext.accumulator((0, 0, 0, 0), _TupleParam())
        limit, name = opts.limit, index_file.name

        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            return screen_partition(batches, _screener(name), limit, vtext, jsonl, counts, csv)

        schema = "value string" if jsonl else ", ".join(f"{c} string" for c in OUTPUT_COLUMNS)
        out = df.mapInArrow(run, schema)
        tmp = output_path.with_name(f".{output_path.name}.tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        if out_fmt == "parquet":
            out.write.parquet(str(tmp))
        elif out_fmt == "csv":
            out.write.option("header", True).option("escape", '"').csv(str(tmp))
        else:
            out.write.text(str(tmp))
        tmp.replace(output_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if started_here:
            spark.stop()
    rows, matches, reviews, errors = counts.value
    return BatchSummary(
        rows=rows,
        matches=matches,
        reviews=reviews,
        errors=errors,
        seconds=time.perf_counter() - t0,
        workers=cores,
        list_versions=dict(sorted(versions.items())),
    )


class _TupleParam:
    """Adds the (rows, matches, reviews, errors) tuples executors report."""

    def zero(self, value: tuple[int, ...]) -> tuple[int, ...]:
        return (0,) * len(value)

    def addInPlace(self, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(x + y for x, y in zip(a, b, strict=True))
