"""The on-disk cache of the screening index, safe for any number of concurrent processes.

One file per set of active list versions, ``<folder>/screening-<key>.json.gz``. A cached
index is trusted only when it was built from exactly the entries the store holds now: its
recorded versions equal the active ones, and the entity ids it actually contains (their count
and a SHA-256 over them) equal the store's. Anything else (a damaged file, another analyser
version, an index whose metadata matches but whose entries are missing) is rebuilt, never
screened against: a screen over a short index would say "no match" for a listed party.

Writers build in memory, write to a temporary file unique to the process and rename it into
place (atomic on POSIX), so a reader sees the old file, the new file or none, never a torn
one, and two builders never touch each other's temporary file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from exportctl.errors import InvalidInput
from exportctl.model import ListEntry
from exportctl.screening.index import Index

__all__ = ["Fingerprint", "cache_path", "fingerprint_ids", "load_or_build", "load_trusted"]


@dataclass(frozen=True)
class Fingerprint:
    """How many entries, and a SHA-256 over their entity ids in sorted order."""

    count: int
    sha256: str


def fingerprint_ids(entity_ids: Iterable[str]) -> Fingerprint:
    """The fingerprint of a set of entity ids (order does not matter)."""
    ids = sorted(entity_ids)
    digest = hashlib.sha256()
    for eid in ids:
        digest.update(eid.encode("utf-8", "surrogatepass") + b"\n")
    return Fingerprint(len(ids), digest.hexdigest())


def cache_path(folder: Path, versions: Mapping[str, str]) -> Path:
    """The cache file for one set of active versions (source -> version)."""
    key = hashlib.sha256(json.dumps(dict(versions), sort_keys=True).encode()).hexdigest()[:16]
    return folder / f"screening-{key}.json.gz"


def load_trusted(path: Path, versions: Mapping[str, str], expected: Fingerprint) -> Index | None:
    """The cached index at ``path`` if it exists and matches the store; otherwise None."""
    if not path.is_file():
        return None
    try:
        index = Index.load(path)
    except InvalidInput:
        return None  # damaged, or built by another analyser version: rebuild
    if index.meta.get("versions") != dict(versions):
        return None
    actual = fingerprint_ids(r.entity_id for r in index.records)
    recorded = index.meta.get("fingerprint")
    if actual != expected or recorded != [expected.count, expected.sha256]:
        return None
    return index


def load_or_build(
    folder: Path,
    versions: Mapping[str, str],
    expected: Fingerprint,
    entries: Callable[[], Iterable[ListEntry]],
) -> Index:
    """The index over the active versions: the trusted cache, or built from ``entries()``.

    Raises:
        InvalidInput: ``index_incomplete`` if the entries read do not match ``expected``
            (the store changed while it was read; screening again reads the new state).
    """
    path = cache_path(folder, versions)
    cached = load_trusted(path, versions, expected)
    if cached is not None:
        return cached
    index = Index.build(
        entries(),
        meta={"versions": dict(versions), "fingerprint": [expected.count, expected.sha256]},
    )
    if fingerprint_ids(r.entity_id for r in index.records) != expected:
        raise InvalidInput(
            "the lists changed while the screening index was built; screen again",
            code="index_incomplete",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        index.save(path)
    except OSError:
        pass  # a read-only or full home still screens, from the index in memory
    return index
