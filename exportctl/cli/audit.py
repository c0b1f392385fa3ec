"""`exportctl audit verify|head|export|log`: the tamper-evident audit trail."""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import typer

from exportctl import StoreError
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table

audit_app = typer.Typer(
    help="The append-only, hash-chained audit trail of every action.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")

_COLUMNS = ["seq", "at", "actor", "action", "object", "reason", "payload", "payload_hash",
            "prev_hash", "hash"]  # fmt: skip


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _day(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


@audit_app.command("verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor", help="A head hash saved earlier (audit head): also catches a cut tail."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Recompute the hash chain; exit 1 naming the first edited, deleted, inserted or
    reordered event."""
    with handle_errors():
        report = get_engine().audit.verify(acting_user(), anchor)
        if not report.ok:
            if fmt is not Format.table:
                emit(report.as_dict(), fmt, lambda _d: None)
            raise StoreError(
                f"audit chain broken at event {report.first_bad_seq}: {report.problem}",
                code="audit_chain_broken",
            )
    emit(
        report.as_dict(),
        fmt,
        lambda r: typer.echo(f"ok: {r['events']} events, head {r['head_seq']} {r['head_hash']}"),
    )


@audit_app.command("head")
def head(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Print the head hash; keep it outside the database and pass it to verify --anchor."""
    with handle_errors():
        ev = get_engine().audit.head(acting_user())
    data = {
        "seq": ev.seq if ev else 0,
        "hash": ev.hash if ev else None,
        "at": ev.at if ev else None,
    }
    emit(data, fmt, lambda d: typer.echo(d["hash"] or "(no events)"))


@audit_app.command("export")
def export(
    from_: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD, UTC), inclusive.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), inclusive.")
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl or csv.")
    ] = ExportFormat.jsonl,
) -> None:
    """Every event in a date range with its hashes, for an auditor."""
    since = _day(from_, "--from")
    until = _day(to, "--to")
    if until is not None:
        until += timedelta(days=1)  # --to is inclusive
    with handle_errors():
        events = get_engine().audit.events(acting_user(), since=since, until=until)
        if fmt is ExportFormat.jsonl:
            for ev in events:
                sys.stdout.write(json.dumps(ev.as_dict(), ensure_ascii=False) + "\n")
            return
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for ev in events:
            row: dict[str, Any] = ev.model_dump()
            writer.writerow([row[c] for c in _COLUMNS])


@audit_app.command("log")
def log(
    object_id: Annotated[
        str | None, typer.Option("--object", help="Only events about this case, user or list.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """The events, oldest first (one case's history with --object CASE_ID)."""
    with handle_errors():
        events = [
            e.as_dict() for e in get_engine().audit.events(acting_user(), object_id=object_id)
        ]
    emit(
        events,
        fmt,
        lambda rs: print_table(
            "Audit log",
            ["seq", "at", "actor", "action", "object", "reason"],
            [
                [e["seq"], e["at"][:19], e["actor"], e["action"], e["object"], e["reason"]]
                for e in rs
            ],
        ),
    )
