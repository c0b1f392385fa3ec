"""`exportctl assess TRANSACTION.yaml`: the licence determination of a transaction."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from exportctl import Determination, read_transaction, render_determination
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, write_reports

__all__ = ["assess"]


class JurisdictionChoice(StrEnum):
    tw = "tw"
    eu = "eu"
    us = "us"
    un = "un"
    all = "all"


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _table(det: Any) -> None:
    assert isinstance(det, Determination)
    sys.stdout.write(render_determination(det))


@app.command("assess")
def assess(
    transaction: Annotated[
        Path, typer.Argument(help="Transaction YAML file (parties, destination, lines, items).")
    ],
    jurisdiction: Annotated[
        JurisdictionChoice | None,
        typer.Option(
            "--jurisdiction",
            "-j",
            help="Evaluate this jurisdiction (all: every one); default: those the transaction "
            "engages (exporter country, US origin/content/persons; UN always).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Apply the law in force on this date (YYYY-MM-DD); default: the transaction date.",
        ),
    ] = None,
    ref_dirs: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-ref-dir",
            help="Also let {ref: FILE} items point into this folder (repeatable); by default "
            "only files in the input file's own folder may be referenced.",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Store the determination with its provenance and open a licence application "
            "(submitted with it) and a hit review per new party match; adds case_ids (the "
            "application first).",
        ),
    ] = False,
    applicant: Annotated[
        str | None,
        typer.Option(
            "--applicant", help="With --record: the applicant (default: the acting user)."
        ),
    ] = None,
    report_pdf: Annotated[
        Path | None,
        typer.Option(
            "--report-pdf",
            help="Also write the determination report (transaction, outcome per "
            "jurisdiction, findings with citations, data versions) as PDF to this file.",
        ),
    ] = None,
    report_html: Annotated[
        Path | None,
        typer.Option("--report-html", help="The same report as printable HTML."),
    ] = None,
) -> None:
    """Determine whether a transaction needs a licence, is prohibited, or needs review.

    Each finding carries its legal citation; `all` reports every jurisdiction separately.
    """
    day = _as_of(as_of)
    with handle_errors():
        engine = get_engine()
        tx = read_transaction(transaction, ref_dirs or ())
        det = engine.determination.assess(
            tx,
            jurisdiction=jurisdiction.value if jurisdiction else None,
            as_of=day,
        )
        if record:
            result, case, reviews = engine.recording.record_assessment(
                acting_user(), tx, det, applicant=applicant
            )
        if report_pdf is not None or report_html is not None:
            rep = engine.reports.determination_report(result if record else det, tx)
            write_reports(rep, pdf=report_pdf, html=report_html)
    if not record:
        emit(det, fmt, _table)
        return
    data = {
        **det.model_dump(mode="json", by_alias=True),
        "result_id": result.id,
        "case_ids": [case.id, *reviews],
    }
    if fmt is Format.table:
        _table(det)
        typer.echo(f"recorded {result.id}; licence application {case.id} ({case.state})")
        if reviews:
            typer.echo(f"hit reviews for its parties: {', '.join(reviews)}")
    else:
        emit(data, fmt, lambda _d: None)
