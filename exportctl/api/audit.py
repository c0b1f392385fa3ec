"""``/audit``: the hash-chained audit trail: head, verify, export (streamed), log (viewer)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.model.audit import AuditEvent
from exportctl.model.case import Role, User

__all__ = ["router"]

router = APIRouter(prefix="/audit", tags=["audit"])

Viewer = Annotated[User, Depends(requires(Role.VIEWER))]
State = Annotated[ApiState, Depends(get_state)]

# The CLI's `audit export --format csv` columns, in its order.
_COLUMNS = ["seq", "at", "actor", "action", "object", "reason", "payload", "payload_hash",
            "prev_hash", "hash"]  # fmt: skip


class Head(BaseModel):
    """``audit head --format json``: keep ``hash`` outside the database (``verify?anchor=``)."""

    seq: int
    hash: str | None
    at: datetime | None


class Verified(BaseModel):
    """``audit verify --format json``; ``ok`` false names the first bad event."""

    ok: bool
    events: int
    head_seq: int | None = None
    head_hash: str | None = None
    first_bad_seq: int | None = None
    problem: str | None = None


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@router.get("/head", response_model=Head)
def head(state: State, user: Viewer) -> Head:
    """The head of the chain (``audit head``)."""
    ev = state.engine.audit.head(user.name)
    return Head(seq=ev.seq if ev else 0, hash=ev.hash if ev else None, at=ev.at if ev else None)


@router.get("/verify", response_model=Verified)
def verify(
    state: State,
    user: Viewer,
    anchor: Annotated[
        str | None, Query(description="A head hash saved earlier: also catches a cut tail.")
    ] = None,
) -> Verified:
    """Recompute the hash chain (``audit verify``). A broken chain is a 200 with
    ``ok: false`` and the first bad event: the check itself succeeded."""
    return Verified.model_validate(state.engine.audit.verify(user.name, anchor).as_dict())


def _day(value: date | None) -> datetime | None:
    return datetime.combine(value, datetime.min.time(), UTC) if value is not None else None


def _lines(events: Iterator[AuditEvent], fmt: ExportFormat) -> Iterator[str]:
    if fmt is ExportFormat.jsonl:
        for ev in events:
            yield json.dumps(ev.as_dict(), ensure_ascii=False) + "\n"
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for ev in events:
        row: dict[str, Any] = ev.model_dump()
        writer.writerow([row[c] for c in _COLUMNS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "One event per line (JSON lines) or CSV with a header.",
            "content": {"application/x-ndjson": {}, "text/csv": {}},
        }
    },
)
def export(
    state: State,
    user: Viewer,
    from_: Annotated[date | None, Query(alias="from", description="First day (UTC).")] = None,
    to: Annotated[date | None, Query(description="Last day (UTC), inclusive.")] = None,
    format: ExportFormat = ExportFormat.jsonl,
) -> StreamingResponse:
    """Every event in a date range with its hashes, streamed (``audit export``)."""
    until = _day(to)
    events = state.engine.audit.events(
        user.name, since=_day(from_), until=until + timedelta(days=1) if until else None
    )
    media = "application/x-ndjson" if format is ExportFormat.jsonl else "text/csv"
    return StreamingResponse(_lines(events, format), media_type=media)


@router.get("/log", response_model=list[dict[str, Any]])
def log(
    state: State,
    user: Viewer,
    object: Annotated[
        str | None, Query(description="Only events about this case, user or list.")
    ] = None,
) -> list[dict[str, Any]]:
    """The events, oldest first (``audit log``); one case's history with ``object``."""
    return [e.as_dict() for e in state.engine.audit.events(user.name, object_id=object)]
