"""`exportctl intake FILE` and `exportctl alerts list|show`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from exportctl import Alert, read_alert
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table

alerts_app = typer.Typer(help="Alert records taken in from documents.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")


def _alert_table(data: dict[str, Any]) -> None:
    doc = data["document"]
    typer.echo(
        f"{doc.get('id') or '(no id)'}  {doc.get('date') or ''}  "
        f"{doc.get('classification') or ''}  {doc.get('subject') or ''}"
    )
    typer.echo(f"from {doc.get('from') or '-'} to {', '.join(doc.get('to') or []) or '-'}")
    print_table(
        "Parties",
        ["name", "country", "role", "best list match"],
        [
            [
                p["name"],
                p.get("country"),
                p.get("role"),
                (_best(p["matches"][0]) if p.get("matches") else ""),
            ]
            for p in data["parties"]
        ],
    )
    print_table(
        "Items",
        ["description", "model", "parameters"],
        [
            [i["description"], i.get("model"), json.dumps(i.get("parameters") or {})]
            for i in data["items"]
        ],
    )
    typer.echo(f"countries: {', '.join(data['countries'])}")
    typer.echo(f"services: {', '.join(data['services'])}")
    if data.get("case_id"):
        typer.echo(
            f"opened investigation case {data['case_id']}; parties of concern added to watch:alerts"
        )


def _best(m: dict[str, Any]) -> str:
    return f"{m['name']} ({m['decision']}, {m['score']:.2f})"


def _dump(alert: Alert) -> dict[str, Any]:
    return alert.model_dump(mode="json", by_alias=True)


@app.command("intake")
def intake(
    file: Annotated[
        Path, typer.Argument(help="Alert document: cable text, plain text, .eml or PDF.")
    ],
    open_case: Annotated[
        bool,
        typer.Option(
            "--open-case",
            help="Store an investigation record and watch-list its parties of concern.",
        ),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Read an alert document: header, parties (screened), items, countries, services."""
    with handle_errors():
        read = read_alert(file)
        # the investigation and the watch-list change are recorded as theirs
        actor = acting_user() if open_case else None
        alert = get_engine().intake.intake(
            read.document, open_case=open_case, sha256=read.sha256, actor=actor
        )
    emit(_dump(alert), fmt, _alert_table)


@alerts_app.command("list")
def alerts_list(fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """Every stored alert record."""
    with handle_errors():
        rows = [
            {
                "case_id": r.case_id,
                "document_id": r.document_id,
                "kind": r.kind,
                "file": r.file,
                "created_at": r.created_at.isoformat(),
            }
            for r in get_engine().intake.records()
        ]
    emit(
        rows,
        fmt,
        lambda rs: print_table(
            "Alerts",
            ["case_id", "document_id", "kind", "created_at", "file"],
            [
                [r["case_id"], r["document_id"], r["kind"], r["created_at"][:19], r["file"]]
                for r in rs
            ],
        ),
    )


@alerts_app.command("show")
def alerts_show(
    case_id: Annotated[str, typer.Argument(help="Case id, e.g. A-2026-00001.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """One alert record with its extracted facts and screening results."""
    with handle_errors():
        record = get_engine().intake.record(case_id)
    emit(json.loads(record.data), fmt, _alert_table)
