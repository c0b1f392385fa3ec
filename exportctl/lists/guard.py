"""The shrink guard: a new version of a list may not silently lose a large part of it.

A list that loses half its entries between two days is almost never a policy change; it is a
download cut at a record boundary, a mirror file half written, an optional alias file that
was not published, a renamed column. Every such edition parses cleanly, so only a comparison
with the active version catches it. A new version is refused (``list_shrink``) when, against
the active version of the same source, it has

- more than ``threshold`` (default 10 %) fewer entries, or fewer names, or
- none left of a category the active version had: aliases (names beyond the primary one) or
  addresses.

``--accept-shrink`` loads it deliberately, and the version records what was accepted.
Small lists (under :data:`MIN_ENTRIES` entries) are exempt from the share checks, where one
removal is already more than 10 %; the category check still applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from exportctl.errors import Conflict
from exportctl.model import ListEntry, NameQuality

__all__ = ["MIN_ENTRIES", "ListStats", "check_shrink", "shrink_problems"]

#: Lists smaller than this are not held to the share checks.
MIN_ENTRIES = 20


@dataclass(frozen=True)
class ListStats:
    """The counts the guard compares."""

    entries: int
    names: int
    aliases: int
    addresses: int

    @classmethod
    def of(cls, entries: Iterable[ListEntry]) -> ListStats:
        n = names = aliases = addresses = 0
        for e in entries:
            n += 1
            names += len(e.names)
            aliases += sum(1 for name in e.names if name.quality is not NameQuality.PRIMARY)
            addresses += len(e.addresses)
        return cls(n, names, aliases, addresses)

    @classmethod
    def from_dict(cls, data: Mapping[str, int]) -> ListStats | None:
        try:
            return cls(*(int(data[k]) for k in ("entries", "names", "aliases", "addresses")))
        except (KeyError, TypeError, ValueError):
            return None

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _pct(old: int, new: int) -> str:
    return f"{(old - new) / old * 100:.1f} %"


def shrink_problems(old: ListStats, new: ListStats, threshold: float) -> list[str]:
    """What the new version loses beyond the guard's limits (empty: it may load)."""
    problems: list[str] = []
    if old.entries >= MIN_ENTRIES:
        for label, before, after in (
            ("entries", old.entries, new.entries),
            ("names", old.names, new.names),
        ):
            if after < before * (1 - threshold):
                problems.append(f"{label} {before:,} -> {after:,} (-{_pct(before, after)})")
    for label, before, after in (
        ("aliases", old.aliases, new.aliases),
        ("addresses", old.addresses, new.addresses),
    ):
        if before and not after:
            problems.append(f"every one of the {before:,} {label} is gone")
    return problems


def check_shrink(
    source: str,
    old: ListStats | None,
    new: ListStats,
    *,
    threshold: float,
    accept: bool,
    warnings: Iterable[str] = (),
) -> str | None:
    """Refuse a shrinking version unless ``accept``; returns what was accepted (or None).

    Raises:
        Conflict: ``list_shrink`` naming the counts; the active version stays.
    """
    if old is None:
        return None
    problems = shrink_problems(old, new, threshold)
    if not problems:
        return None
    summary = "; ".join(problems)
    if accept:
        return summary
    hint = "; ".join(warnings)
    raise Conflict(
        f"{source}: the new version would shrink the list ({summary}; limit "
        f"{threshold * 100:g} %){' - ' + hint if hint else ''}; refused, the active version "
        "stays. If the list really shrank, load it with --accept-shrink",
        code="list_shrink",
        errors={
            "entries": f"{old.entries} -> {new.entries}",
            "names": f"{old.names} -> {new.names}",
        },
    )
