"""What changed between two versions of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from exportctl.model import EntryChange, ListDiff, ListEntry

__all__ = ["diff_versions"]


def _changed_fields(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    a = old.model_dump(by_alias=True)
    b = new.model_dump(by_alias=True)
    return tuple(sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)))


def diff_versions(
    source: str,
    from_version: str | None,
    to_version: str,
    old: Mapping[str, str],
    new: Mapping[str, str],
    fetch: Callable[[Iterable[str]], Mapping[str, ListEntry]],
) -> ListDiff:
    """Compare two ``entity_id -> content hash`` maps; ``fetch`` loads entries by hash."""
    added_ids = sorted(new.keys() - old.keys())
    removed_ids = sorted(old.keys() - new.keys())
    changed_ids = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    wanted = {new[k] for k in added_ids} | {old[k] for k in removed_ids}
    wanted |= {old[k] for k in changed_ids} | {new[k] for k in changed_ids}
    entries = fetch(wanted)
    return ListDiff(
        source=source,
        from_version=from_version,
        to_version=to_version,
        added=tuple(
            EntryChange(entity_id=k, name=entries[new[k]].name, change="added") for k in added_ids
        ),
        removed=tuple(
            EntryChange(entity_id=k, name=entries[old[k]].name, change="removed")
            for k in removed_ids
        ),
        changed=tuple(
            EntryChange(
                entity_id=k,
                name=entries[new[k]].name,
                change="changed",
                fields=_changed_fields(entries[old[k]], entries[new[k]]),
            )
            for k in changed_ids
        ),
    )
