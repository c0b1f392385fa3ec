"""Verifying the audit chain (pure): the first event that breaks it, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exportctl.model.audit import GENESIS_HASH, AuditEvent, chain_hash, sha256_text

__all__ = ["VerifyReport", "verify_chain"]


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


def verify_chain(events: Iterable[AuditEvent], anchor: str | None = None) -> VerifyReport:
    """Recompute the chain over ``events`` (in stored sequence order).

    ``anchor`` is a head hash saved earlier outside the database: it must be the hash of an
    event still in the chain, or the tail was cut (or the anchor belongs to another store).
    """
    expected, prev, count, anchor_seen = 1, GENESIS_HASH, 0, anchor is None

    def bad(seq: int, problem: str) -> VerifyReport:
        return VerifyReport(False, count, expected - 1, prev, seq, problem)

    for ev in events:
        if ev.seq != expected:
            if ev.seq > expected:
                return bad(expected, f"event {expected} is missing (deleted), next is {ev.seq}")
            return bad(ev.seq, f"event {ev.seq} appears out of order after {expected - 1}")
        if sha256_text(ev.payload) != ev.payload_hash:
            return bad(ev.seq, f"event {ev.seq}: payload does not match its hash (edited)")
        if ev.prev_hash != prev:
            return bad(
                ev.seq,
                f"event {ev.seq} does not follow event {ev.seq - 1} "
                "(inserted, deleted or reordered)",
            )
        own = chain_hash(
            ev.prev_hash, ev.seq, ev.at, ev.actor, ev.action, ev.object, ev.reason, ev.payload_hash
        )
        if own != ev.hash:
            return bad(ev.seq, f"event {ev.seq}: fields do not match its hash (edited or moved)")
        prev, expected, count = ev.hash, expected + 1, count + 1
        if not anchor_seen and ev.hash == anchor:
            anchor_seen = True
    if not anchor_seen:
        return VerifyReport(
            False,
            count,
            expected - 1,
            prev,
            expected,
            f"the anchor {anchor} is not in the chain: events after {expected - 1} were cut "
            "(or the anchor is from another store)",
        )
    return VerifyReport(True, count, expected - 1, prev)
