"""Cleared-hit memory: find a party's earlier decision on a list entry again (pure parts).

A review is keyed by the party (normalized name, country, birth date when given) and the list
entry's id. A cleared review stays cleared while the entry's content is the same; when a later
list version changes the entry, the review reopens with the difference attached, because the
new content (an added alias, a new birth date) may turn a false positive into a true one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from exportctl.model.case import Case, HitMemory
from exportctl.text.normalize import clean

__all__ = ["entry_diff", "memory_of", "party_key", "review_key"]


def party_key(name: str, country: str | None = None, birth_date: str | None = None) -> str:
    """``normalized name|CC|birth date``: equal for spellings that differ only in case,
    accents, punctuation and spacing."""
    text = clean(name).casefold()
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return "|".join((" ".join(words), (country or "").upper(), birth_date or ""))


def review_key(party: str, entity_id: str) -> str:
    """The store's key of the one hit review per (party, list entry)."""
    return f"{party}#{entity_id}"


def entry_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``{field: {"from": old, "to": new}}`` for every field that differs."""
    return {
        k: {"from": old.get(k), "to": new.get(k)}
        for k in sorted(old.keys() | new.keys())
        if old.get(k) != new.get(k)
    }


def memory_of(case: Case, current_entry_hash: str | None) -> HitMemory:
    """What a stored review says now: its state, who decided it, when and why.

    ``changed``: cleared, but the entry's content (``current_entry_hash``) is no longer the
    one that was cleared; the caller reopens the review, or only reports it when it must not
    write.
    """
    assert case.subject is not None
    d = case.decision
    status = case.state
    if (
        case.state == "cleared"
        and current_entry_hash is not None
        and current_entry_hash != case.subject.entry_hash
    ):
        status = "changed"
    return HitMemory(
        entity_id=case.subject.entity_id,
        status=status,
        case_id=case.id,
        decided_by=d.proposed_by if d else None,
        approved_by=d.approved_by if d else None,
        decided_at=d.decided_at if d else None,
        reason=d.reason if d else None,
        reason_code=d.reason_code if d else None,
    )
