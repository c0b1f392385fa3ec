"""Restricted-party lists: load an edition, update from the sources, status and diffs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from exportctl.config import Settings
from exportctl.errors import ExportctlError, InvalidInput, NotFound
from exportctl.lists.detect import ListFiles, detect_format
from exportctl.lists.diff import diff_versions
from exportctl.lists.fetch import Progress, download_source, find_in_mirror
from exportctl.lists.formats import ListFormat, ParsedList, format_by_name
from exportctl.lists.guard import ListStats, check_shrink
from exportctl.lists.integrity import check_files, missing_optional
from exportctl.lists.lock import update_lock
from exportctl.lists.sources import SOURCES, OfficialSource
from exportctl.model import ListDiff, ListEntry, ListVersion
from exportctl.store import Store
from exportctl.store.database import retry_busy

__all__ = ["ChangeHook", "ListService", "LoadReport"]


class ChangeHook(Protocol):
    """Called after a change that belongs in the audit trail: ``(action, object, payload)``
    and the acting user (None: the engine's default actor, ``system`` unless set)."""

    def __call__(
        self, action: str, obj: str, payload: dict[str, object], actor: str | None = None
    ) -> None: ...


@dataclass(frozen=True)
class LoadReport:
    """What one list load did."""

    source: str
    version: ListVersion | None  # the version now active (None: the source has none)
    created: bool
    files: tuple[str, ...]
    warnings: tuple[str, ...]
    error: str | None = None
    code: str | None = None  # the error's code when ``error`` is set


class ListService:
    """Loads list editions into the store and reports on the versions held."""

    def __init__(
        self,
        settings: Settings,
        store: Callable[[], Store],
        *,
        on_change: ChangeHook | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._on_change = on_change  # records each new version in the audit trail

    @property
    def store(self) -> Store:
        return self._store()

    def _base_for(self, parser: ListFormat, source: str) -> list[ListEntry] | None:
        """The active entries of ``source`` for a format that merges onto them, else None."""
        if not parser.merges_onto_base:
            return None
        return list(self.store.active_entries([source])) or None

    def _active_stats(self, source: str) -> ListStats | None:
        """The shrink guard's counts for the active version of ``source`` (None: none)."""
        try:
            active = self.store.resolve_version(source, None)
        except NotFound:
            return None
        recorded = ListStats.from_dict(active.stats)
        return recorded or ListStats.of(self.store.active_entries([source]))

    def _save(
        self,
        parsed: ParsedList,
        origin: str,
        *,
        accept_shrink: bool = False,
        warnings: Sequence[str] = (),
        actor: str | None = None,
    ) -> LoadReport:
        """Store a parsed edition unless the shrink guard refuses it (see lists/guard.py)."""
        notes = (*warnings, *parsed.warnings)
        stats = ListStats.of(parsed.entries)
        accepted = check_shrink(
            parsed.source,
            self._active_stats(parsed.source),
            stats,
            threshold=self.settings.shrink_threshold,
            accept=accept_shrink,
            warnings=warnings,
        )
        meta: dict[str, Any] = {"warnings": list(notes), "stats": stats.as_dict()}
        if accepted:
            meta["accepted_shrink"] = accepted
        result = retry_busy(
            lambda: self.store.save_list_version(
                parsed.source,
                parsed.format,
                parsed.entries,
                published=parsed.published,
                origin=origin,
                meta=meta,
            )
        )
        if result.created and self._on_change is not None:
            self._on_change(
                "list.loaded",
                parsed.source,
                {
                    "version": result.version.version,
                    "entries": result.version.entries,
                    "format": parsed.format,
                    "origin": origin,
                },
                actor,
            )
        return LoadReport(
            source=parsed.source,
            version=result.version,
            created=result.created,
            files=tuple(str(p) for p in parsed.files),
            warnings=notes,
        )

    @staticmethod
    def _tolerant(fmt_name: str, allow_partial: bool) -> ListFormat:
        """The format's parser, or its ``-partial`` variant (drops a cut-off last record)."""
        if allow_partial:
            try:
                return format_by_name(f"{fmt_name}-partial")
            except InvalidInput:
                pass
        return format_by_name(fmt_name)

    def load(
        self,
        edition: ListFiles,
        *,
        source: str | None = None,
        fmt: str | None = None,
        allow_partial: bool = False,
        accept_shrink: bool = False,
        actor: str | None = None,
    ) -> LoadReport:
        """Parse the files of one list edition and store it as the new active version.

        ``actor``: the user the load is recorded as in the audit trail (adapters serving
        several users at once pass it on every call). The format is detected unless ``fmt``
        names it. Nothing is stored unless the whole
        edition parsed, its integrity signals hold and it does not shrink the list beyond the
        guard (``accept_shrink`` loads it anyway); the previous version then stays active.
        """
        files = list(edition.files)
        parser = detect_format(files, Path(edition.origin)) if not fmt else format_by_name(fmt)
        parser = self._tolerant(parser.name, allow_partial)
        src = source or parser.default_source
        warnings = check_files(parser.name, files, allow_partial=allow_partial)
        parsed = parser.parse(files, source=src, base=self._base_for(parser, src))
        return self._save(
            parsed, edition.origin, accept_shrink=accept_shrink, warnings=warnings, actor=actor
        )

    def update(
        self,
        *,
        from_dir: Path | None = None,
        sources: Iterable[str] | None = None,
        progress: Progress | None = None,
        allow_partial: bool = False,
        accept_shrink: bool = False,
        lock_wait: float = 900.0,
        actor: str | None = None,
    ) -> list[LoadReport]:
        """Fetch every configured source (or those named) and load it, each on its own.

        With ``from_dir`` the files are taken from a local mirror folder instead of the
        official URLs. ``allow_partial`` accepts a file cut off inside its last record (that
        record is dropped, with a warning) for formats that have a tolerant variant. A source
        that fails (download, integrity, parse, shrink guard, store) is reported with its error
        code and leaves its previous version active; the others still load. One update of a
        home runs at a time (``update_locked`` after ``lock_wait`` seconds). ``actor``: whom
        the loads are recorded as.
        """
        wanted = set(sources or self.settings.sources or ())
        unknown = wanted - {s.name for s in SOURCES}
        if unknown:
            raise NotFound(
                f"unknown source(s): {', '.join(sorted(unknown))}", code="source_not_found"
            )
        reports: list[LoadReport] = []
        with update_lock(self.settings.home, wait=lock_wait):
            for src in SOURCES:
                if wanted and src.name not in wanted:
                    continue
                report = self._update_one(
                    src, from_dir, progress, allow_partial, accept_shrink, actor
                )
                if report is not None:
                    reports.append(report)
        return reports

    def _update_one(
        self,
        src: OfficialSource,
        from_dir: Path | None,
        progress: Progress | None,
        allow_partial: bool,
        accept_shrink: bool,
        actor: str | None = None,
    ) -> LoadReport | None:
        """Fetch and load one source; its failure is its report, never the whole update's."""
        try:
            files = self._fetch(src, from_dir, progress)
            if files is None:  # not in the mirror: nothing to do for this source
                return None
            parser = self._tolerant(src.format, allow_partial)
            warnings = missing_optional(src, files)
            warnings += check_files(parser.name, files, allow_partial=allow_partial)
            parsed = parser.parse(files, source=src.name, base=self._base_for(parser, src.name))
            origin = str(from_dir) if from_dir else src.files[0].url
            return self._save(
                parsed, origin, accept_shrink=accept_shrink, warnings=warnings, actor=actor
            )
        except ExportctlError as exc:
            return self._failed(src, exc.detail, exc.code)
        except (OSError, MemoryError, RecursionError, ValueError) as exc:
            # Not foreseen by any check: still this source's failure only, on one line.
            return self._failed(src, f"{type(exc).__name__}: {exc}", "internal_error")

    def _fetch(
        self, src: OfficialSource, from_dir: Path | None, progress: Progress | None
    ) -> list[Path] | None:
        if from_dir is not None:
            return find_in_mirror(src, from_dir)
        limits = dict(self.settings.download_limits)
        return download_source(
            src,
            self.settings.home / "downloads" / src.name,
            timeout=self.settings.http_timeout,
            retries=self.settings.http_retries,
            progress=progress,
            mirror_url=self.settings.mirror_url,
            max_bytes=limits.get(src.name),
            deadline=self.settings.http_deadline,
        )

    def _failed(self, src: OfficialSource, message: str, code: str) -> LoadReport:
        try:
            current: ListVersion | None = self.store.resolve_version(src.name, None)
        except ExportctlError:
            current = None
        line = " ".join(message.split())  # one line, whatever the underlying error printed
        return LoadReport(src.name, current, False, (), (), error=line, code=code)

    def status(self, *, all_versions: bool = False, source: str | None = None) -> list[ListVersion]:
        """One row per source (its active version), or every version."""
        return self.store.list_versions(source, all_versions=all_versions)

    def diff(
        self, source: str, *, from_version: str | None = None, to_version: str | None = None
    ) -> ListDiff:
        """Entries added, removed and changed between two versions of ``source``.

        Defaults: ``to`` is the active version, ``from`` the version loaded before ``to``.
        """
        to_v = self.store.resolve_version(source, to_version)
        from_v = (
            self.store.resolve_version(source, from_version)
            if from_version
            else self.store.previous_version(source, to_v.version)
        )
        old: Mapping[str, str] = self.store.version_hashes(source, from_v.version) if from_v else {}
        new = self.store.version_hashes(source, to_v.version)
        return diff_versions(
            source,
            from_v.version if from_v else None,
            to_v.version,
            old,
            new,
            self.store.entries_by_hash,
        )

    def active_entries(self, sources: Iterable[str] | None = None) -> list[ListEntry]:
        return list(self.store.active_entries(sources))

    def entry(self, entity_id: str) -> ListEntry:
        """The active list entry with this id (NotFound ``entry_not_found`` if none)."""
        return self.store.get_entry(entity_id)

    def entity_dates(self) -> dict[str, tuple[datetime, datetime, datetime]]:
        """entity_id -> (first seen, last seen, last changed) over every loaded version."""
        return self.store.entity_dates()
