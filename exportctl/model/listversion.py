"""Versions of a loaded list and what changed between two of them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EntryChange", "ListDiff", "ListVersion"]


class ListVersion(BaseModel):
    """One load of one source. ``version`` is a short content hash, stable for equal content."""

    model_config = ConfigDict(frozen=True)

    source: str
    version: str
    content_hash: str
    published: date | None
    entries: int
    names: int
    loaded_at: datetime
    active: bool
    origin: str | None = None
    format: str | None = None
    #: What the load warned about (a missing optional file, a dropped record ...).
    warnings: tuple[str, ...] = ()
    #: Counts the shrink guard compares (entries, names, aliases, addresses); empty for
    #: versions stored before they were recorded.
    stats: dict[str, int] = Field(default_factory=dict)
    #: Set when the version was loaded with ``--accept-shrink``: what the guard refused.
    accepted_shrink: str | None = None


class EntryChange(BaseModel):
    """One entry added, removed or changed between two versions."""

    model_config = ConfigDict(frozen=True)

    entity_id: str
    name: str
    change: str  # "added" | "removed" | "changed"
    fields: tuple[str, ...] = ()  # for "changed": the top-level fields that differ


class ListDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    from_version: str | None
    to_version: str
    added: tuple[EntryChange, ...]
    removed: tuple[EntryChange, ...]
    changed: tuple[EntryChange, ...]
