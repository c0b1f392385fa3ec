"""`exportctl cases ...`: investigations, hit reviews and licence applications."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from exportctl import (
    Case,
    LicenceCondition,
    describe_condition,
    render_report_text,
)
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table, write_reports

cases_app = typer.Typer(
    help="Cases: investigation, hit_review, licence_application (see docs/cases.md).",
    no_args_is_help=True,
)
app.add_typer(cases_app, name="cases")

_FMT = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
_ID = Annotated[str, typer.Argument(help="Case id, e.g. A-2026-00001, H-2026-00002.")]


def _conditions(cs: Any) -> list[str]:
    return [describe_condition(LicenceCondition.model_validate(c)) for c in cs]


def _list_table(rows: Any) -> None:
    print_table(
        "Cases",
        ["id", "kind", "state", "pending", "title", "updated_at"],
        [
            [
                c["id"],
                c["kind"],
                c["state"],
                (c["proposal"] or {}).get("decision", ""),
                c["title"],
                c["updated_at"][:19],
            ]
            for c in rows
        ],
    )


def _show_table(data: dict[str, Any]) -> None:
    c = data["case"]
    typer.echo(f"{c['id']}  {c['kind']}  {c['state']}  {c['title']}")
    typer.echo(
        f"opened {c['created_at'][:19]} by {c['created_by']}; assignee {c['assignee'] or '-'}"
    )
    if c.get("subject"):
        s = c["subject"]
        typer.echo(
            f"party {s['party_name']} ({s['party_key']}) vs {s['entity_id']} {s['entry_name']}: "
            f"{s['screening_decision']} {s['score']:.2f}"
        )
    if c.get("application"):
        a = c["application"]
        typer.echo(
            f"applicant {a['applicant']}, transaction {a['transaction']}, determination "
            f"{a['outcome']} ({a['result_id']})"
        )
    if c.get("proposal"):
        p = c["proposal"]
        typer.echo(
            f"PENDING: {p['decision']} proposed by {p['proposed_by']} ({p['reason']}); "
            "needs a different approver"
        )
        for line in _conditions(p["conditions"]):
            typer.echo(f"  condition: {line}")
    if c.get("decision"):
        d = c["decision"]
        code = f" [{d['reason_code']}]" if d.get("reason_code") else ""
        typer.echo(
            f"DECISION: {d['decision']}{code}: {d['reason']} (proposed by {d['proposed_by']}, "
            f"approved by {d['approved_by']} at {d['decided_at'][:19]})"
        )
        for line in _conditions(d["conditions"]):
            typer.echo(f"  condition: {line}")
    for r in c.get("reopened") or []:
        typer.echo(f"reopened {r['at'][:19]}: entry changed in {', '.join(r['diff'])}")
    for link in c["links"]:
        typer.echo(f"link {link['kind']}: {link['ref']} {link.get('label') or ''}".rstrip())
    for r in data["results"]:
        p = r["provenance"]
        typer.echo(
            f"result {r['id']} ({r['kind']}): exportctl {p['exportctl_version']}, lists "
            + ", ".join(f"{k}={v}" for k, v in p["lists"].items())
            + (f", rules {p['rules']}" if p.get("rules") else "")
            + (
                ", regimes " + ", ".join(f"{k}={v}" for k, v in p["regimes"].items())
                if p.get("regimes")
                else ""
            )
            + (
                ", controls " + ", ".join(f"{k}={v}" for k, v in p["controls"].items())
                if p.get("controls")
                else ""
            )
            + (
                f", scorer {p['scorer']} (config {p['scorer_config_hash']})"
                if p.get("scorer")
                else ""
            )
            + (f", input sha256 {p['inputs_sha256']}" if p.get("inputs_sha256") else "")
        )
    for cm in c["comments"]:
        typer.echo(f"comment {cm['at'][:19]} {cm['author']}: {cm['text']}")
    print_table(
        "History",
        ["seq", "at", "actor", "action", "reason"],
        [[e["seq"], e["at"][:19], e["actor"], e["action"], e["reason"]] for e in data["history"]],
    )


def _show(case: Case) -> dict[str, Any]:
    engine = get_engine()
    actor = acting_user()
    results = [
        {"id": r.id, "kind": r.kind, "provenance": r.provenance.model_dump(mode="json")}
        for r in engine.records.results_of(actor, case)
    ]
    return {
        "case": case.model_dump(mode="json"),
        "results": results,
        "history": engine.cases.history(actor, case.id),
    }


def _one(case: Case, fmt: Format) -> None:
    with handle_errors():
        data = _show(case)
    emit(data, fmt, _show_table)


@cases_app.command("list")
def list_cases(
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="investigation, hit_review or licence_application."),
    ] = None,
    state: Annotated[str | None, typer.Option("--state", help="Only cases in this state.")] = None,
    fmt: _FMT = Format.table,
) -> None:
    """Cases, oldest first."""
    with handle_errors():
        cases = get_engine().cases.find(acting_user(), kind=kind, state=state)
    emit(cases, fmt, lambda rs: _list_table([r.model_dump(mode="json") for r in rs]))


@cases_app.command("show")
def show(case_id: _ID, fmt: _FMT = Format.table) -> None:
    """One case: state, pending proposal, decision with conditions, links, what its results
    rested on (list, rule and regime versions) and its history."""
    with handle_errors():
        case = get_engine().cases.get(acting_user(), case_id)
    _one(case, fmt)


@cases_app.command("transition")
def transition(
    case_id: _ID,
    state: Annotated[str, typer.Argument(help="The state to move to (docs/cases.md).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; recorded).")] = "",
    fmt: _FMT = Format.table,
) -> None:
    """Move a case to another state the state machine allows directly."""
    with handle_errors():
        case = get_engine().cases.transition(acting_user(), case_id, state, reason)
    _one(case, fmt)


@cases_app.command("comment")
def comment(
    case_id: _ID,
    text: Annotated[str, typer.Argument(help="The comment.")],
    fmt: _FMT = Format.table,
) -> None:
    """Add a comment to a case."""
    with handle_errors():
        case = get_engine().cases.comment(acting_user(), case_id, text)
    _one(case, fmt)


@cases_app.command("assign")
def assign(
    case_id: _ID,
    user: Annotated[str, typer.Argument(help="An analyst, approver or admin.")],
    fmt: _FMT = Format.table,
) -> None:
    """Assign a case to a user."""
    with handle_errors():
        case = get_engine().cases.assign(acting_user(), case_id, user)
    _one(case, fmt)


@cases_app.command("propose")
def propose(
    case_id: _ID,
    decision: Annotated[
        str,
        typer.Argument(
            help="cleared | confirmed (hit reviews); approved | approved_with_conditions | "
            "denied (licence applications); closed | escalated (investigations)."
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; recorded).")] = "",
    reason_code: Annotated[
        str | None,
        typer.Option("--reason-code", help="Hit reviews: the reason from the fixed list."),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            "--condition",
            help="approved_with_conditions: KIND[:DETAIL], repeatable; KIND is "
            "end_use_statement, no_reexport_without_consent, post_shipment_verification, "
            "reporting_duty or validity_end:YYYY-MM-DD.",
        ),
    ] = None,
    fmt: _FMT = Format.table,
) -> None:
    """Propose a decision; it takes effect when a different approver approves it."""
    with handle_errors():
        case = get_engine().cases.propose(
            acting_user(),
            case_id,
            decision,
            reason,
            reason_code=reason_code,
            conditions=condition or (),
        )
    _one(case, fmt)


@cases_app.command("approve")
def approve(
    case_id: _ID,
    reason: Annotated[str | None, typer.Option("--reason", help="Optional note.")] = None,
    fmt: _FMT = Format.table,
) -> None:
    """Approve the pending proposal (approvers other than the proposer)."""
    with handle_errors():
        case = get_engine().cases.approve(acting_user(), case_id, reason)
    _one(case, fmt)


@cases_app.command("reject")
def reject(
    case_id: _ID,
    reason: Annotated[str, typer.Option("--reason", help="Why (required; recorded).")] = "",
    fmt: _FMT = Format.table,
) -> None:
    """Reject the pending proposal (approvers other than the proposer); the state stays."""
    with handle_errors():
        case = get_engine().cases.reject(acting_user(), case_id, reason)
    _one(case, fmt)


def _report_text(rep: Any) -> None:
    sys.stdout.write(render_report_text(rep))


@cases_app.command("report")
def report(
    case_id: _ID,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Write the report as PDF to this file.")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write the report as printable HTML to this file."),
    ] = None,
    fmt: _FMT = Format.table,
) -> None:
    """The case as a record: parties, linked determinations with their findings and
    citations, comments, documents, the decision chain with the four-eyes approvals, the
    data versions and the audit head (viewers may). Files are written whole or not at all."""
    with handle_errors():
        rep = get_engine().reports.case_report(acting_user(), case_id)
        written = write_reports(rep, pdf=pdf, html=html)
    if fmt is not Format.table or not written:
        emit(rep, fmt, _report_text)
