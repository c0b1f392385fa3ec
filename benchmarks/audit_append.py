"""Audit-trail cost: events appended per second on SQLite and PostgreSQL, and verify speed.

Baseline (same run): sealing events in the in-memory store (hashing only, no database), so
the ratios show what durable, serialised appends cost. Single-writer rows commit one event
per transaction (the CLI's pattern); batched rows commit 100 per transaction (a recorded
screening that opens many reviews); the concurrent rows run 8 processes appending at once.

    python -m benchmarks.audit_append [--events N] [--pg URL] [--write]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks.results import write_section
from exportctl.cases import verify_chain
from exportctl.model.audit import EventDraft
from exportctl.store import Store
from exportctl.store.casestore import SqlCaseStore
from exportctl.store.memory import MemoryCaseStore
from exportctl.store.ports import EventLog

HEADING = "## Audit trail appends"
_PROCS = 8


def _draft(i: int) -> EventDraft:
    return EventDraft(
        actor="bench",
        action="case.commented",
        object=f"H-2026-{i % 997:05d}",
        reason="benchmark",
        payload={"text": f"comment {i}", "n": i, "tags": ["a", "b"]},
    )


def _rate(log: EventLog, n: int, batch: int) -> float:
    t0 = time.perf_counter()
    for start in range(0, n, batch):
        log.append_events([_draft(i) for i in range(start, min(n, start + batch))])
    return n / (time.perf_counter() - t0)


def _worker(url: str, n: int, barrier: object, out: object) -> None:
    store = SqlCaseStore(url)
    barrier.wait()  # type: ignore[attr-defined]
    for i in range(n):
        store.append_events([_draft(i)])
    out.put(1)  # type: ignore[attr-defined]
    store.close()


def _concurrent(url: str, n: int) -> float:
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(_PROCS + 1), ctx.Queue()
    per = max(1, n // _PROCS)
    procs = [ctx.Process(target=_worker, args=(url, per, barrier, out)) for _ in range(_PROCS)]
    for p in procs:
        p.start()
    barrier.wait()
    t0 = time.perf_counter()
    for _ in procs:
        out.get(timeout=600)
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
    return per * _PROCS / elapsed


def _backend(name: str, url: str, n: int, rows: list[tuple[str, str, float]]) -> None:
    Store(url).close()
    store = SqlCaseStore(url)
    rows.append((name, "1 event per transaction", _rate(store, n, 1)))
    rows.append((name, "100 events per transaction", _rate(store, n * 5, 100)))
    rows.append((name, f"{_PROCS} processes, 1 per transaction", _concurrent(url, n)))
    t0 = time.perf_counter()
    report = verify_chain(store.events())
    assert report.ok, report.problem
    rows.append(
        (name, f"verify ({report.events} events)", report.events / (time.perf_counter() - t0))
    )
    store.close()


def _pg_database(server: str) -> tuple[str, Callable[[], None]]:
    import sqlalchemy as sa

    name = f"exportctl_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{server.rsplit('/', 1)[0]}/{name}", drop


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1000, help="events per single-writer run")
    ap.add_argument("--pg", default=os.environ.get("EXPORTCTL_TEST_PG_URL"))
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    n = args.events
    rows: list[tuple[str, str, float]] = []
    baseline = _rate(MemoryCaseStore(), n * 5, 1)
    rows.append(("memory (baseline)", "seal only, no database", baseline))
    with tempfile.TemporaryDirectory() as tmp:
        _backend("SQLite (WAL)", f"sqlite:///{Path(tmp) / 'bench.db'}", n, rows)
    pg_note = "PostgreSQL: not measured (no --pg / EXPORTCTL_TEST_PG_URL)."
    if args.pg:
        url, drop = _pg_database(args.pg)
        try:
            _backend("PostgreSQL", url, n, rows)
            pg_note = "PostgreSQL: local server on 127.0.0.1, default settings."
        finally:
            drop()
    for store, mode, rate in rows:
        print(f"{store:20} {mode:40} {rate:10.0f} events/s  x{rate / baseline:.4f}")
    if not args.write:
        return
    by = {(s, m): r for s, m, r in rows}

    def single(store: str) -> float | None:
        return by.get((store, "1 event per transaction"))

    def verdict(rate: float | None, floor: float) -> str:
        return "not measured" if rate is None else ("yes" if rate >= floor else "no")

    lines = [
        HEADING,
        "",
        f"`python -m benchmarks.audit_append --events {n}` on the shared 2-core machine (other",
        "jobs running). Each append seals the event (canonical JSON, two SHA-256) and commits",
        "it behind the chain lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock). "
        + pg_note,
        "",
        "| store | mode | events/s | vs baseline |",
        "|---|---|---|---|",
    ]
    lines += [f"| {s} | {m} | {r:,.0f} | {r / baseline:.4f} |" for s, m, r in rows]
    sq, pg = single("SQLite (WAL)"), single("PostgreSQL")
    lines += [
        "",
        "Against the targets (the issue sets no figure; the floor is ours: a reviewer's or a",
        "nightly re-screen's writes must never wait on the audit trail):",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| SQLite single-writer appends >= 100 events/s | {sq or 0:,.0f} | {verdict(sq, 100)} |",
        f"| PostgreSQL single-writer appends >= 100 events/s | {pg or 0:,.0f} | "
        f"{verdict(pg, 100)} |",
    ]
    write_section(HEADING, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
