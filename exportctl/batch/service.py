"""``engine.batch``: batch screening as a capability (the store, the index, the case memory).

The batch package sits on its own layer between the engine and the services
(docs/architecture.md): the job itself (:mod:`~exportctl.batch.runner`,
:mod:`~exportctl.batch.spark`, :mod:`~exportctl.batch.delta`) only sees a screener, files and
list versions; this module gets those from the screening and list services, and answers the
job's :class:`~exportctl.batch.memory.DecisionMemory` from the cases' cleared-hit memory, so
a hit cleared in a hit review shows ``cleared`` in batch output as it does in ``screen``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from exportctl.batch.delta import (
    ListChanges,
    load_snapshot,
    rescreen,
    save_snapshot,
    snapshot_dir,
    write_report,
)
from exportctl.batch.io import total_rows
from exportctl.batch.memory import DecisionMemory
from exportctl.batch.rows import ColumnMap, QueryKey
from exportctl.batch.runner import BatchOptions, BatchSummary, Progress, run_local
from exportctl.config import Settings
from exportctl.errors import InvalidInput, NotFound
from exportctl.screening import Index
from exportctl.services.lists import ListService
from exportctl.services.recording import RecordingService
from exportctl.services.screening import ScreeningService

__all__ = ["BatchService", "CaseMemory", "RescreenResult"]


class CaseMemory:
    """The cases' cleared-hit memory as a batch job's :class:`DecisionMemory`.

    A party is known by its name, country and birth date (``party_key``), as ``screen
    --record`` keys its hit reviews; the row id plays no part. A clearance lapses when the
    entry changed since (the review shows ``changed``), as docs/batch.md requires. Answers are
    memoised for the job: repeated names ask the store once.
    """

    def __init__(self, recording: RecordingService) -> None:
        self._recording = recording
        self._seen: dict[tuple[QueryKey, str], dict[str, Any] | None] = {}

    def review(self, party_id: str, query: QueryKey, entity_id: str) -> dict[str, Any] | None:
        k = (query, entity_id)
        if k not in self._seen:
            name, schema, country, birth_date = query
            q = {"name": name, "schema": schema, "country": country, "birth_date": birth_date}
            memory = self._recording.recall_hit(q, entity_id)
            self._seen[k] = memory.model_dump(mode="json") if memory is not None else None
        return self._seen[k]

    def is_cleared(self, party_id: str, query: QueryKey, entity_id: str) -> bool:
        review = self.review(party_id, query, entity_id)
        return review is not None and review["status"] == "cleared"


@dataclass
class RescreenResult:
    """What ``rescreen`` did: the entries that changed and the delta job's summary."""

    added: int
    changed_entries: int
    removed: int
    summary: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed_entries": self.changed_entries,
            "removed": self.removed,
            **self.summary,
        }


class BatchService:
    """Whole party files against the active lists; re-screening after a list update."""

    def __init__(
        self,
        settings: Settings,
        lists: ListService,
        screening: ScreeningService,
        recording: RecordingService,
    ) -> None:
        self.settings = settings
        self._lists = lists
        self._screening = screening
        self._recording = recording

    def memory(self) -> DecisionMemory:
        """The cleared-hit memory, read-only, for one job."""
        return CaseMemory(self._recording)

    @staticmethod
    def total_rows(path: Path) -> int | None:
        """The row count of a Parquet file (cheap, from its footer); None for other formats."""
        return total_rows(path) if path.is_file() else None

    def _versions(self) -> dict[str, str]:
        return {v.source: v.version for v in self._lists.status()}

    def _state(self, parties: Path) -> Path:
        return snapshot_dir(self.settings.home / "batch", parties)

    def screen(
        self,
        input_path: Path,
        output_path: Path,
        options: BatchOptions | None = None,
        *,
        engine: Literal["local", "spark"] = "local",
        master: str | None = None,
        progress: Progress | None = None,
        memory: DecisionMemory | None = None,
    ) -> BatchSummary:
        """Screen every row of ``input_path`` into ``output_path``.

        ``memory``: default the cases' cleared-hit memory (local engine). The local engine
        also keeps the run's hits as the baseline of :meth:`rescreen`. Spark executors cannot
        reach the store, so a Spark job reports no reviews (docs/batch.md).
        """
        opts = options or BatchOptions()
        screener = self._screening.screener()
        versions = self._versions()
        if engine == "spark":
            from exportctl.batch.spark import run_spark

            return run_spark(
                screener.index, versions, input_path, output_path, opts, master=master or "local[*]"
            )
        if master is not None:
            raise InvalidInput("--master needs the spark engine", code="invalid_option")
        state = self._state(input_path)
        summary = run_local(
            screener,
            versions,
            input_path,
            output_path,
            opts,
            memory=memory if memory is not None else self.memory(),
            progress=progress,
            total=self.total_rows(input_path),
            hits_path=state / "hits.jsonl",
        )
        (state / "state.json").write_text(
            json.dumps({"versions": versions, "input": str(input_path.resolve())}),
            encoding="utf-8",
        )
        save_snapshot(state, load_snapshot(state))
        return summary

    def _changes(
        self, index: Index, baseline: dict[str, str], current: dict[str, str]
    ) -> ListChanges:
        """What was added, changed and removed between the baseline versions and the active."""
        added: set[str] = set()
        changed: set[str] = set()
        removed: set[str] = set()
        for source, version in current.items():
            old = baseline.get(source)
            if old == version:
                continue
            if old is None:  # a source the baseline did not have: all of it is new
                added.update(r.entity_id for r in index.records if r.source == source)
                continue
            diff = self._lists.diff(source, from_version=old, to_version=version)
            added.update(c.entity_id for c in diff.added)
            changed.update(c.entity_id for c in diff.changed)
            removed.update(c.entity_id for c in diff.removed)
        return ListChanges(frozenset(added), frozenset(changed), frozenset(removed))

    def rescreen(
        self,
        parties: Path,
        output_path: Path,
        *,
        since: str | None = None,
        columns: ColumnMap | None = None,
        workers: int | None = None,
        memory: DecisionMemory | None = None,
    ) -> RescreenResult:
        """Re-screen only the parties the list changes since the last run (or since the list
        version ``since``) can have changed; write the report of new, disappeared and changed
        hits to ``output_path``."""
        state = self._state(parties)
        snap = load_snapshot(state)
        baseline = dict(snap.versions)
        if since is not None:
            known = [v for v in self._lists.status(all_versions=True) if v.version == since]
            if not known:
                raise NotFound(f"no list version {since!r}", code="version_not_found")
            baseline[known[0].source] = since
        screener = self._screening.screener()
        current = self._versions()
        changes = self._changes(screener.index, baseline, current)
        report = rescreen(
            screener,
            snap,
            changes,
            parties,
            columns=columns,
            memory=memory if memory is not None else self.memory(),
            party_index_cache=state / "parties-index.json.gz",
            workers=workers or os.cpu_count() or 1,
        )
        write_report(report.rows, output_path)
        assert report.snapshot is not None
        report.snapshot.versions = current
        save_snapshot(state, report.snapshot)
        return RescreenResult(
            len(changes.added), len(changes.changed), len(changes.removed), report.summary()
        )
