"""Delta re-screening: after a list update, screen only the parties it can have changed.

A full batch run records, per party, its hits and the list versions it used (a *snapshot*).
After an update, the entries added or changed since those versions are run **against an index
of the parties** (the lists' few changes as queries, not the millions of parties), with a
threshold below the review threshold so that no party that could now reach it is missed. The
parties found, plus those whose recorded hits were on removed or changed entries, are
screened again against the current lists exactly as a full run would; every other party
keeps its recorded result. The report lists hits that are new, that disappeared and whose
entry changed; with a :class:`~exportctl.batch.memory.DecisionMemory`, a hit cleared before
stays cleared unless its entry changed.

Limit (docs/batch.md): token weights are document frequencies over the whole lists, so an
update shifts every score by a hair; a party *without* a recorded hit whose score sat just
under the review threshold against an unchanged entry can cross it without any entry near it
changing. The benchmark counts such hits apart.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from exportctl.batch.core import KeyResult
from exportctl.batch.io import file_format, read_chunks
from exportctl.batch.memory import DecisionMemory
from exportctl.batch.rows import ColumnMap, QueryKey, row_query
from exportctl.batch.runner import KeyPool
from exportctl.errors import InvalidInput, NotFound
from exportctl.model.entry import EntryName, ListEntry, NameQuality, Schema
from exportctl.screening import Index, Screener

__all__ = [
    "REPORT_COLUMNS",
    "DeltaReport",
    "ListChanges",
    "Snapshot",
    "load_snapshot",
    "rescreen",
    "save_snapshot",
    "snapshot_dir",
    "write_report",
]

#: how far below the review threshold the reverse search (entry -> parties) looks
REVERSE_MARGIN = 0.25

REPORT_COLUMNS = (
    "id",
    "change",
    "entity_id",
    "decision",
    "score",
    "previous_decision",
    "previous_score",
    "cleared",
)

Hit = tuple[str, str, float]  # entity id, decision, score


@dataclass
class Snapshot:
    """What the last run of a party file found: list versions and each party's hits."""

    versions: dict[str, str]
    input: str
    hits: dict[str, tuple[QueryKey, list[Hit]]] = field(default_factory=dict)


def snapshot_dir(state_root: Path, parties: Path) -> Path:
    """Where the snapshot of a party file lives (one per file path)."""
    digest = hashlib.sha256(str(parties.resolve()).encode()).hexdigest()[:16]
    return state_root / digest


def save_snapshot(where: Path, snapshot: Snapshot) -> None:
    """Write ``state.json`` and ``hits.jsonl`` (each under a temporary name, then renamed)."""
    where.mkdir(parents=True, exist_ok=True)
    tmp = where / "hits.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        for pid, (key, hits) in snapshot.hits.items():
            f.write(json.dumps({"id": pid, "key": list(key), "hits": hits}) + "\n")
    tmp.replace(where / "hits.jsonl")
    state = {"versions": snapshot.versions, "input": snapshot.input}
    tmp = where / "state.json.tmp"
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    tmp.replace(where / "state.json")


def load_snapshot(where: Path) -> Snapshot:
    state_file = where / "state.json"
    if not state_file.exists():
        raise NotFound(
            "no earlier batch run of this party file: run `exportctl batch screen` on it first",
            code="no_batch_snapshot",
        )
    state = json.loads(state_file.read_text(encoding="utf-8"))
    snap = Snapshot(dict(state["versions"]), state["input"])
    hits_file = where / "hits.jsonl"
    if hits_file.exists():
        with hits_file.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                key: QueryKey = (d["key"][0], d["key"][1], d["key"][2], d["key"][3])
                snap.hits[d["id"]] = (key, [(h[0], h[1], float(h[2])) for h in d["hits"]])
    return snap


@dataclass(frozen=True)
class ListChanges:
    """Entity ids added, changed and removed between the snapshot's lists and now."""

    added: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    @property
    def touched(self) -> frozenset[str]:
        return self.added | self.changed | self.removed


@dataclass
class DeltaReport:
    rows: list[dict[str, Any]]
    parties: int = 0  # input rows
    candidates: int = 0  # distinct queries re-screened
    new: int = 0
    disappeared: int = 0
    changed: int = 0
    cleared: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    snapshot: Snapshot | None = None  # the updated snapshot

    def summary(self) -> dict[str, Any]:
        return {
            "parties": self.parties,
            "rescreened": self.candidates,
            "new": self.new,
            "disappeared": self.disappeared,
            "changed": self.changed,
            "cleared": self.cleared,
            "stages": self.stages,
        }


_SCHEMAS = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Vessel": Schema.VESSEL,
    "Aircraft": Schema.AIRCRAFT,
}


def _party_entries(keys: Sequence[QueryKey]) -> Iterable[ListEntry]:
    for n, key in enumerate(keys):
        yield ListEntry(
            entity_id=f"party:{n}",
            source="party",
            native_id=str(n),
            schema_=_SCHEMAS.get(key[1], Schema.UNKNOWN),
            names=(EntryName(value=key[0], quality=NameQuality.PRIMARY),),
        )


def party_index(keys: Sequence[QueryKey], cache: Path | None) -> Index:
    """An index whose "entries" are the parties' distinct queries (cached on disk)."""
    digest = hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:16]
    if cache is not None and cache.exists():
        idx = Index.load(cache)
        if idx.meta.get("keys") == digest:
            return idx
    idx = Index.build(_party_entries(keys), meta={"keys": digest})
    if cache is not None:
        tmp = cache.with_name(cache.name + ".tmp")
        idx.save(tmp)
        tmp.replace(cache)
    return idx


def rescreen(
    screener: Screener,
    snapshot: Snapshot,
    changes: ListChanges,
    parties_path: Path,
    *,
    columns: ColumnMap | None = None,
    limit: int = 10,
    memory: DecisionMemory | None = None,
    party_index_cache: Path | None = None,
    workers: int = 1,
) -> DeltaReport:
    """Re-screen the parties ``changes`` can affect; report new, disappeared, changed hits."""
    import time

    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    cols = columns or ColumnMap()
    key_ids: dict[QueryKey, int] = {}
    rows_of: list[list[str]] = []
    parties = 0
    for chunk in read_chunks(parties_path, cols, 50_000):
        for raw in chunk:
            parties += 1
            r = row_query(raw, parties)
            if r.key is None:
                continue
            k = key_ids.get(r.key)
            if k is None:
                k = key_ids[r.key] = len(rows_of)
                rows_of.append([])
            rows_of[k].append(r.id)
    keys = list(key_ids)
    stages["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    pidx = party_index(keys, party_index_cache)
    stages["party_index"] = time.perf_counter() - t0

    # Added and changed entries, as they are now, against the parties.
    t0 = time.perf_counter()
    idx = screener.index
    cfg = screener.config
    # Every party an entry reaches (no top-k, no candidate caps), below the review threshold.
    reverse = Screener(
        pidx,
        replace(
            cfg,
            review_threshold=max(0.0, cfg.review_threshold - REVERSE_MARGIN),
            max_candidates=len(pidx.records) + 1,
            max_generated=len(pidx.name_value) + 1,
        ),
        word_memo=0,
    )
    wanted = changes.added | changes.changed
    affected: set[int] = set()
    for rec in idx.records:
        if rec.entity_id not in wanted:
            continue
        for value, _quality in rec.names:
            try:
                found = reverse.reach({"name": value})
            except InvalidInput:
                continue
            affected.update(int(eid.split(":", 1)[1]) for eid, _score in found)
    # Parties with recorded hits: on entries that changed or went away, or on any entry, since
    # token weights follow document frequencies over all entries and every update moves them
    # (hits are few; re-screening them keeps disappeared hits and scores exact).
    for key, _hits in snapshot.hits.values():
        if key in key_ids:
            affected.add(key_ids[key])
    stages["find"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    todo = sorted(affected)
    pool = KeyPool(screener, workers, limit)
    try:
        results: dict[int, KeyResult] = dict(
            zip(todo, pool.submit([keys[k] for k in todo])(), strict=True)
        )
    finally:
        pool.close()
    stages["screen"] = time.perf_counter() - t0

    report = DeltaReport(rows=[], parties=parties, candidates=len(affected), stages=stages)
    new_hits = dict(snapshot.hits)
    for k in todo:
        res = results[k]
        now = {h[0]: h for h in res.hits}
        for pid in rows_of[k]:
            before = {h[0]: h for h in snapshot.hits.get(pid, (keys[k], []))[1]}
            for eid, h in now.items():
                old = before.get(eid)
                if old is None:
                    change = "new"
                elif eid in changes.changed:
                    change = "changed"
                else:
                    continue
                cleared = (
                    memory is not None
                    and eid not in changes.changed
                    and memory.is_cleared(pid, keys[k], eid)
                )
                report.rows.append(_row(pid, change, h, old, cleared))
            for eid, old in before.items():
                if eid not in now:
                    report.rows.append(_row(pid, "disappeared", None, old, False))
            if res.hits:
                new_hits[pid] = (keys[k], list(res.hits))
            else:
                new_hits.pop(pid, None)
    for line in report.rows:
        setattr(report, line["change"], getattr(report, line["change"]) + 1)
        report.cleared += bool(line["cleared"])
    report.snapshot = Snapshot(dict(snapshot.versions), snapshot.input, new_hits)
    report.stages = {k: round(v, 3) for k, v in stages.items()}
    return report


def _row(pid: str, change: str, now: Hit | None, old: Hit | None, cleared: bool) -> dict[str, Any]:
    return {
        "id": pid,
        "change": change,
        "entity_id": (now or old or ("",))[0],
        "decision": now[1] if now else None,
        "score": now[2] if now else None,
        "previous_decision": old[1] if old else None,
        "previous_score": old[2] if old else None,
        "cleared": cleared,
    }


def write_report(rows: Sequence[Mapping[str, Any]], path: Path) -> None:
    """The delta report as CSV, Parquet or JSON lines (written whole, then renamed)."""
    fmt = file_format(path)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "jsonl":
        tmp.write_text(
            "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in rows),
            encoding="utf-8",
        )
    elif fmt == "csv":
        with tmp.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=REPORT_COLUMNS)
            w.writeheader()
            w.writerows(rows)
    else:
        schema = pa.schema(
            [
                ("id", pa.string()),
                ("change", pa.string()),
                ("entity_id", pa.string()),
                ("decision", pa.string()),
                ("score", pa.float64()),
                ("previous_decision", pa.string()),
                ("previous_score", pa.float64()),
                ("cleared", pa.bool_()),
            ]
        )
        pq.write_table(pa.Table.from_pylist(list(rows), schema=schema), tmp)
    tmp.replace(path)
