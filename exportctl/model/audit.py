"""Audit events and the hash chain that makes the trail tamper-evident (pure).

Every event carries the SHA-256 of its payload's canonical JSON and a hash over its own fields
and the previous event's hash, so editing, deleting, inserting or reordering an event breaks
the chain from that event on. The head hash, kept outside the database (``audit head``),
also catches a cut at the tail.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "GENESIS_HASH",
    "AuditEvent",
    "EventDraft",
    "canonical_json",
    "chain_hash",
    "format_time",
    "seal",
    "sha256_text",
]

#: The "previous hash" of the first event.
GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no whitespace and UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_time(when: datetime) -> str:
    """UTC, microseconds, ``Z``: stored as text so the hashed spelling survives every database."""
    if when.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class EventDraft(BaseModel):
    """An event before the log gives it a sequence number, a time and its hashes."""

    model_config = ConfigDict(frozen=True)

    actor: str
    action: str  # e.g. case.opened, case.transitioned, proposal.approved, user.added
    object: str  # the id of what the event is about: a case id, a user name, a list source
    reason: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class AuditEvent(BaseModel):
    """One appended, sealed event. ``payload`` is the canonical JSON text that was hashed."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: str  # format_time(): UTC with microseconds
    actor: str
    action: str
    object: str
    reason: str | None
    payload: str
    payload_hash: str
    prev_hash: str
    hash: str

    def payload_data(self) -> dict[str, Any]:
        data = json.loads(self.payload)
        return data if isinstance(data, dict) else {"value": data}

    def as_dict(self) -> dict[str, Any]:
        """The export shape: the payload as an object, every hash as stored."""
        out = self.model_dump()
        out["payload"] = self.payload_data()
        return out


def chain_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    obj: str,
    reason: str | None,
    payload_hash: str,
) -> str:
    """The hash sealing one event onto the chain."""
    return sha256_text(
        canonical_json([prev_hash, seq, at, actor, action, obj, reason, payload_hash])
    )


def seal(draft: EventDraft, *, seq: int, at: datetime, prev_hash: str) -> AuditEvent:
    """Give a draft its place in the chain."""
    payload = canonical_json(draft.payload)
    payload_hash = sha256_text(payload)
    when = format_time(at)
    return AuditEvent(
        seq=seq,
        at=when,
        actor=draft.actor,
        action=draft.action,
        object=draft.object,
        reason=draft.reason,
        payload=payload,
        payload_hash=payload_hash,
        prev_hash=prev_hash,
        hash=chain_hash(
            prev_hash,
            seq,
            when,
            draft.actor,
            draft.action,
            draft.object,
            draft.reason,
            payload_hash,
        ),
    )
