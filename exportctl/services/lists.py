"""Restricted-party lists: load an edition, update from the sources, status and diffs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from exportctl.config import Settings
from exportctl.errors import InvalidInput, NotFound, SourceError
from exportctl.lists.detect import ListFiles, detect_format
from exportctl.lists.diff import diff_versions
from exportctl.lists.fetch import Progress, download_source, find_in_mirror
from exportctl.lists.formats import ListFormat, ParsedList, format_by_name
from exportctl.lists.sources import SOURCES, OfficialSource
from exportctl.model import ListDiff, ListEntry, ListVersion
from exportctl.store import Store

__all__ = ["ListService", "LoadReport"]


@dataclass(frozen=True)
class LoadReport:
    """What one list load did."""

    source: str
    version: ListVersion | None  # the version now active (None: the source has none)
    created: bool
    files: tuple[str, ...]
    warnings: tuple[str, ...]
    error: str | None = None


class ListService:
    """Loads list editions into the store and reports on the versions held."""

    def __init__(self, settings: Settings, store: Callable[[], Store]) -> None:
        self.settings = settings
        self._store = store

    @property
    def store(self) -> Store:
        return self._store()

    def _base_for(self, parser: ListFormat, source: str) -> list[ListEntry] | None:
        """The active entries of ``source`` for a format that merges onto them, else None."""
        if not parser.merges_onto_base:
            return None
        return list(self.store.active_entries([source])) or None

    def _save(self, parsed: ParsedList, origin: str) -> LoadReport:
        result = self.store.save_list_version(
            parsed.source,
            parsed.format,
            parsed.entries,
            published=parsed.published,
            origin=origin,
        )
        return LoadReport(
            source=parsed.source,
            version=result.version,
            created=result.created,
            files=tuple(str(p) for p in parsed.files),
            warnings=parsed.warnings,
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
    ) -> LoadReport:
        """Parse the files of one list edition and store it as the new active version.

        The format is detected unless ``fmt`` names it. Nothing is stored unless the whole
        edition parsed; the previous version then stays active.
        """
        files = list(edition.files)
        parser = detect_format(files, Path(edition.origin)) if not fmt else format_by_name(fmt)
        parser = self._tolerant(parser.name, allow_partial)
        src = source or parser.default_source
        parsed = parser.parse(files, source=src, base=self._base_for(parser, src))
        return self._save(parsed, edition.origin)

    def update(
        self,
        *,
        from_dir: Path | None = None,
        sources: Iterable[str] | None = None,
        progress: Progress | None = None,
        allow_partial: bool = False,
    ) -> list[LoadReport]:
        """Fetch every configured source (or those named) and load it.

        With ``from_dir`` the files are taken from a local mirror folder instead of the
        official URLs. ``allow_partial`` accepts a file cut off inside its last record (that
        record is dropped, with a warning) for formats that have a tolerant variant. A source
        that fails is reported and leaves its previous version active; the others still load.
        """
        wanted = set(sources or self.settings.sources or ())
        unknown = wanted - {s.name for s in SOURCES}
        if unknown:
            raise NotFound(
                f"unknown source(s): {', '.join(sorted(unknown))}", code="source_not_found"
            )
        reports: list[LoadReport] = []
        for src in SOURCES:
            if wanted and src.name not in wanted:
                continue
            try:
                files = self._fetch(src, from_dir, progress)
            except SourceError as exc:
                reports.append(self._failed(src, str(exc)))
                continue
            if files is None:  # not in the mirror: nothing to do for this source
                continue
            try:
                parser = self._tolerant(src.format, allow_partial)
                parsed = parser.parse(files, source=src.name, base=self._base_for(parser, src.name))
                origin = str(from_dir) if from_dir else src.files[0].url
                reports.append(self._save(parsed, origin))
            except (InvalidInput, SourceError) as exc:
                reports.append(self._failed(src, exc.detail))
        return reports

    def _fetch(
        self, src: OfficialSource, from_dir: Path | None, progress: Progress | None
    ) -> list[Path] | None:
        if from_dir is not None:
            return find_in_mirror(src, from_dir)
        return download_source(
            src,
            self.settings.home / "downloads" / src.name,
            timeout=self.settings.http_timeout,
            retries=self.settings.http_retries,
            progress=progress,
            mirror_url=self.settings.mirror_url,
        )

    def _failed(self, src: OfficialSource, message: str) -> LoadReport:
        try:
            current: ListVersion | None = self.store.resolve_version(src.name, None)
        except NotFound:
            current = None
        return LoadReport(src.name, current, False, (), (), error=message)

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
