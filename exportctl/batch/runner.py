"""The local batch engine: every core of one machine, chunk by chunk, resumable.

``run_local(screener, versions, input, output, options)``:

* reads the input in chunks of ``chunk_rows`` rows (:mod:`exportctl.batch.io`);
* turns each row into a query key or an error row (:mod:`exportctl.batch.rows`); a key seen
  before (in this chunk or a recent one) is not screened again: customer masters repeat
  names heavily, and equal keys have equal results;
* screens the new keys on ``workers`` processes forked after the index is loaded (the index
  is shared copy-on-write, never pickled), while the parent reads and prepares the next
  chunk;
* writes each finished chunk as a part file (written under a temporary name, then renamed)
  in ``OUTPUT``'s parts folder, with its counts beside it;
* when every chunk is done, concatenates the parts into a temporary file and renames it to
  ``OUTPUT``. An interrupted job leaves its finished parts; ``resume=True`` skips them.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from exportctl.batch.core import (
    KeyResult,
    RowCounts,
    count_rows,
    hits_line,
    screen_keys,
    to_output,
)
from exportctl.batch.io import FileFormat, file_format, merge_parts, read_chunks, write_part
from exportctl.batch.memory import DecisionMemory
from exportctl.batch.rows import ColumnMap, QueryKey, RowQuery, row_query
from exportctl.errors import Conflict, InvalidInput, NotFound
from exportctl.screening import Screener

__all__ = ["BatchOptions", "BatchSummary", "KeyPool", "Progress", "parts_dir", "run_local"]

#: ``progress(rows done, total rows or None)`` after each chunk
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class BatchOptions:
    columns: ColumnMap = field(default_factory=ColumnMap)
    workers: int | None = None  # None: every core
    chunk_rows: int = 20_000
    limit: int = 10
    resume: bool = False
    #: distinct query keys remembered across chunks (bounded so memory stays flat)
    cache_size: int = 200_000


@dataclass
class BatchSummary:
    rows: int = 0
    matches: int = 0
    reviews: int = 0
    cleared: int = 0
    errors: int = 0
    screened: int = 0  # distinct queries actually screened by this run
    seconds: float = 0.0
    resumed_chunks: int = 0
    workers: int = 1
    #: CPU seconds the screening took, summed over workers (a rate that other load on the
    #: machine does not distort: rows / cpu_seconds)
    cpu_seconds: float = 0.0
    list_versions: dict[str, str] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["rows_per_second"] = round(self.rows_per_second, 1)
        return d


def parts_dir(output: Path) -> Path:
    """Where a job's finished chunks wait until the output is complete."""
    return output.with_name(f".{output.name}.parts")


# -- worker processes ------------------------------------------------------------------

_WORKER_SCREENER: Screener | None = None


def _work(args: tuple[Sequence[QueryKey], int]) -> tuple[list[KeyResult], float]:
    keys, limit = args
    assert _WORKER_SCREENER is not None
    t0 = time.process_time()
    out = screen_keys(_WORKER_SCREENER, keys, limit)
    return out, time.process_time() - t0


class KeyPool:
    """Screens lists of query keys in this process (one worker) or on a pool of forked ones.

    ``submit(keys)`` starts the work and returns the function that waits for its results.
    """

    def __init__(self, screener: Screener, workers: int, limit: int) -> None:
        global _WORKER_SCREENER
        self.screener, self.workers, self.limit = screener, workers, limit
        self.pool: Pool | None = None
        self.cpu = 0.0
        # The index is millions of long-lived objects: out of the collector's generations,
        # a full collection does not walk them all again (and, after a fork, does not touch
        # and so copy their pages).
        gc.collect()
        gc.freeze()
        if workers > 1:
            _WORKER_SCREENER = screener
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def submit(self, keys: list[QueryKey]) -> Callable[[], list[KeyResult]]:
        if self.pool is None or not keys:
            t0 = time.process_time()
            out = screen_keys(self.screener, keys, self.limit)
            self.cpu += time.process_time() - t0
            return lambda: out
        n = max(1, min(len(keys) // 64, self.workers * 8))
        size = -(-len(keys) // n)
        batches = [(keys[i : i + size], self.limit) for i in range(0, len(keys), size)]
        job: AsyncResult[list[tuple[list[KeyResult], float]]] = self.pool.map_async(
            _work, batches, chunksize=1
        )

        def wait() -> list[KeyResult]:
            done = job.get()
            self.cpu += sum(cpu for _part, cpu in done)
            return [r for part, _cpu in done for r in part]

        return wait

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        gc.unfreeze()


# -- the job ---------------------------------------------------------------------------


@dataclass
class _Chunk:
    number: int
    rows: list[RowQuery]
    known: dict[QueryKey, KeyResult]  # results already at hand when the chunk was prepared
    todo: list[QueryKey]  # keys this chunk screens
    deferred: list[QueryKey]  # keys the previous chunk was screening when this one was read
    wait: Callable[[], list[KeyResult]] = lambda: []


def _manifest(
    input_path: Path, options: BatchOptions, versions: Mapping[str, str]
) -> dict[str, Any]:
    st = input_path.stat()
    return {
        "input": str(input_path.resolve()),
        "input_size": st.st_size,
        "input_mtime_ns": st.st_mtime_ns,
        "columns": asdict(options.columns),
        "chunk_rows": options.chunk_rows,
        "limit": options.limit,
        "list_versions": dict(versions),
    }


def _finished_chunks(parts: Path, fmt: FileFormat) -> int:
    """How many chunks, from the first, have both their part and their counts."""
    n = 0
    while (parts / f"part-{n:06d}.{fmt}").exists() and (parts / f"part-{n:06d}.json").exists():
        n += 1
    return n


def _prepare_parts(parts: Path, manifest: dict[str, Any], resume: bool, fmt: FileFormat) -> int:
    """Set up the parts folder; the number of chunks a resumed job may skip."""
    mpath = parts / "manifest.json"
    if resume and mpath.exists():
        previous = json.loads(mpath.read_text(encoding="utf-8"))
        differs = [k for k in manifest if previous.get(k) != manifest[k]]
        if differs:
            raise Conflict(
                f"cannot resume: {', '.join(differs)} changed since the interrupted run "
                f"(start again without --resume)",
                code="resume_mismatch",
            )
        return _finished_chunks(parts, fmt)
    if parts.exists():
        shutil.rmtree(parts)
    parts.mkdir(parents=True)
    tmp = mpath.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    tmp.replace(mpath)
    return 0


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    tmp.replace(path)


def run_local(
    screener: Screener,
    versions: Mapping[str, str],
    input_path: Path,
    output_path: Path,
    options: BatchOptions | None = None,
    *,
    memory: DecisionMemory | None = None,
    progress: Progress | None = None,
    total: int | None = None,
    hits_path: Path | None = None,
) -> BatchSummary:
    """Screen every row of ``input_path`` into ``output_path`` (see the module docstring).

    ``hits_path``: also write every row's hits there as JSON lines (id, query key, hits),
    the record delta re-screening compares against.
    """
    opts = options or BatchOptions()
    if opts.chunk_rows < 1:
        raise InvalidInput("chunk size must be at least 1 row", code="invalid_option")
    fmt = file_format(output_path)
    file_format(input_path)
    if not input_path.is_file():
        raise NotFound(f"{input_path}: no such file", code="file_not_found")
    workers = opts.workers or os.cpu_count() or 1
    t_start = time.perf_counter()
    stages = dict.fromkeys(("read", "prepare", "screen", "write", "merge"), 0.0)
    vtext = json.dumps(dict(sorted(versions.items())), separators=(",", ":"))
    parts = parts_dir(output_path)
    skip = _prepare_parts(parts, _manifest(input_path, opts, versions), opts.resume, fmt)
    summary = BatchSummary(
        resumed_chunks=skip, workers=workers, list_versions=dict(sorted(versions.items()))
    )
    cache: dict[QueryKey, KeyResult] = {}
    last: dict[QueryKey, KeyResult] = {}
    screening = KeyPool(screener, workers, opts.limit)
    rows_done = 0

    def prepare(number: int, raw: list[Any], first_row: int, inflight: set[QueryKey]) -> _Chunk:
        rows = [row_query(r, first_row + i) for i, r in enumerate(raw)]
        known: dict[QueryKey, KeyResult] = {}
        todo: dict[QueryKey, None] = {}
        deferred: dict[QueryKey, None] = {}
        for r in rows:
            k = r.key
            if k is None or k in known or k in todo or k in deferred:
                continue
            hit = cache.get(k)
            if hit is not None:
                known[k] = hit
            elif k in inflight:
                deferred[k] = None
            else:
                todo[k] = None
        return _Chunk(number, rows, known, list(todo), list(deferred))

    def finish(chunk: _Chunk) -> None:
        nonlocal rows_done, last
        t0 = time.perf_counter()
        results = dict(zip(chunk.todo, chunk.wait(), strict=True))
        stages["screen"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        results.update(chunk.known)
        for k in chunk.deferred:
            results[k] = last[k]
        pairs = [(r, results.get(r.key) if r.key else None) for r in chunk.rows]
        out = [to_output(r, res, memory) for r, res in pairs]
        counts = count_rows(pairs, memory)
        name = f"part-{chunk.number:06d}"
        _write_atomic(parts / f"{name}.{fmt}", lambda p: write_part(out, p, fmt, vtext))
        hits = [h for h in (hits_line(r, res) for r, res in pairs) if h is not None]
        _write_atomic(
            parts / f"{name}.hits.jsonl",
            lambda p: p.write_text("".join(h + "\n" for h in hits), encoding="utf-8"),
        )
        stats = {**asdict(counts), "screened": len(chunk.todo)}
        _write_atomic(parts / f"{name}.json", lambda p: p.write_text(json.dumps(stats)))
        stages["write"] += time.perf_counter() - t0
        summary.screened += len(chunk.todo)
        cache.update(results)
        while len(cache) > max(opts.cache_size, 2 * opts.chunk_rows):
            del cache[next(iter(cache))]
        last = results
        rows_done += len(chunk.rows)
        if progress is not None:
            progress(rows_done, total)

    try:
        pending: _Chunk | None = None
        chunks: Iterator[list[Any]] = read_chunks(input_path, opts.columns, opts.chunk_rows)
        number = 0
        while True:
            t0 = time.perf_counter()
            raw = next(chunks, None)
            stages["read"] += time.perf_counter() - t0
            if raw is None:
                break
            if number < skip:
                rows_done += len(raw)
                number += 1
                continue
            t0 = time.perf_counter()
            inflight = set(pending.todo) if pending is not None else set()
            chunk = prepare(number, raw, number * opts.chunk_rows + 1, inflight)
            t1 = time.perf_counter()
            stages["prepare"] += t1 - t0
            chunk.wait = screening.submit(chunk.todo)  # runs while ``pending`` is written
            stages["screen"] += time.perf_counter() - t1
            if pending is not None:
                finish(pending)
            pending = chunk
            number += 1
        if pending is not None:
            finish(pending)
    finally:
        screening.close()
    t0 = time.perf_counter()
    n_chunks = _finished_chunks(parts, fmt)
    part_files = [parts / f"part-{i:06d}.{fmt}" for i in range(n_chunks)]
    totals = RowCounts()
    for i in range(n_chunks):
        stats = json.loads((parts / f"part-{i:06d}.json").read_text())
        stats.pop("screened", None)
        totals.add(RowCounts(**stats))
    tmp = output_path.with_name(f".{output_path.name}.tmp")
    merge_parts(part_files, tmp, fmt)
    if hits_path is not None:
        hits_path.parent.mkdir(parents=True, exist_ok=True)
        htmp = hits_path.with_name(hits_path.name + ".tmp")
        merge_parts([parts / f"part-{i:06d}.hits.jsonl" for i in range(n_chunks)], htmp, "jsonl")
        htmp.replace(hits_path)
    tmp.replace(output_path)
    shutil.rmtree(parts)
    stages["merge"] += time.perf_counter() - t0
    summary.rows, summary.matches, summary.reviews = totals.rows, totals.matches, totals.reviews
    summary.cleared, summary.errors = totals.cleared, totals.errors
    summary.seconds = time.perf_counter() - t_start
    summary.stages = {k: round(v, 3) for k, v in stages.items()}
    summary.cpu_seconds = round(screening.cpu, 3)
    return summary
