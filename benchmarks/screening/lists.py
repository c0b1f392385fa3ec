"""Load every staged list in ../shared/data/lists with the project's own parsers."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from exportctl.errors import ExportctlError
from exportctl.lists.fetch import find_in_mirror
from exportctl.lists.formats import format_by_name
from exportctl.lists.sources import SOURCES
from exportctl.model import ListEntry

# A source whose official format fails on the staged file falls back to this format (the
# staged CSL file is a truncated copy; see ../shared/data/lists/PROVENANCE.md).
_FALLBACK = {"csl": "csl-partial"}


@dataclass
class LoadedLists:
    entries: list[ListEntry]
    per_source: dict[str, int]
    names: int
    seconds: float


def load_all(lists_dir: Path) -> LoadedLists:
    """Parse every configured source found in ``lists_dir`` (the largest edition of each)."""
    t0 = time.perf_counter()
    entries: list[ListEntry] = []
    per_source: dict[str, int] = {}
    for src in SOURCES:
        files = find_in_mirror(src, lists_dir)
        if not files:
            continue
        try:
            parsed = format_by_name(src.format).parse(files, source=src.name)
        except ExportctlError:
            if src.name not in _FALLBACK:
                raise
            parsed = format_by_name(_FALLBACK[src.name]).parse(files, source=src.name)
        entries.extend(parsed.entries)
        per_source[src.name] = len(parsed.entries)
    return LoadedLists(
        entries,
        per_source,
        sum(len(e.names) for e in entries),
        time.perf_counter() - t0,
    )
