"""Decisions already taken: the hook through which case work keeps cleared hits cleared.

A batch job asks a :class:`DecisionMemory` whether a reviewer already cleared a hit (this
party is not that list entry). The memory, not the batch job, decides what "still cleared"
means; the rule it must follow (docs/batch.md) is that a clearance lapses when the list entry
it was given for changes, so a changed entry is looked at again. Without a memory nothing
counts as cleared.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from exportctl.batch.rows import QueryKey

__all__ = ["DecisionMemory", "NoMemory", "StaticMemory"]


@runtime_checkable
class DecisionMemory(Protocol):
    """Answers whether a party's hit on a list entry was cleared and still is.

    ``party_id`` is the row's id; ``query`` its (name, schema, country, birth date), for
    memories that know a party by what it is called rather than by a row id.
    """

    def is_cleared(self, party_id: str, query: QueryKey, entity_id: str) -> bool: ...

    def review(self, party_id: str, query: QueryKey, entity_id: str) -> dict[str, Any] | None:
        """What the review of this hit says (``status``: cleared, confirmed, open, changed,
        ...), as ``screen`` shows it beside a match; None when the hit was never reviewed."""
        ...


class NoMemory:
    """Nothing was ever cleared."""

    def is_cleared(self, party_id: str, query: QueryKey, entity_id: str) -> bool:
        return False

    def review(self, party_id: str, query: QueryKey, entity_id: str) -> dict[str, Any] | None:
        return None


class StaticMemory:
    """A fixed set of cleared (party id, entity id) pairs (tests, exported decisions)."""

    def __init__(self, cleared: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> None:
        self._cleared = frozenset(cleared)

    def is_cleared(self, party_id: str, query: QueryKey, entity_id: str) -> bool:
        return (party_id, entity_id) in self._cleared

    def review(self, party_id: str, query: QueryKey, entity_id: str) -> dict[str, Any] | None:
        if self.is_cleared(party_id, query, entity_id):
            return {"entity_id": entity_id, "status": "cleared"}
        return None
