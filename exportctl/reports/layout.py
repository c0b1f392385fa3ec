"""What a report shows, once: sections of fields, tables and paragraphs.

The HTML template, the PDF writer and the text summary all draw the same :class:`Layout`, so
the three renderings carry the same content; only the drawing differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from exportctl.cases import describe_condition
from exportctl.model.case import CaseDecision, LicenceCondition, Proposal
from exportctl.model.report import CaseReport, DeterminationReport, FourEyesCheck

__all__ = [
    "Block",
    "Fields",
    "Layout",
    "Para",
    "Section",
    "Table",
    "case_layout",
    "determination_layout",
    "fmt_time",
]


@dataclass(frozen=True)
class Fields:
    rows: tuple[tuple[str, str], ...]
    kind: Literal["fields"] = "fields"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths (the PDF needs them; HTML ignores)
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False
    kind: Literal["para"] = "para"


Block = Fields | Table | Para


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Layout:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: tuple[str, ...]


def fmt_time(value: datetime | date | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.isoformat()


def _who(name: str | None, role: str | None) -> str:
    if not name:
        return "-"
    return f"{name} ({role})" if role else name


def _versions(versions: Mapping[str, Any]) -> Fields:
    rows = []
    for key, value in versions.items():
        if isinstance(value, Mapping):
            text = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        else:
            text = str(value)
        rows.append((key, text))
    return Fields(tuple(rows))


def _conditions(conditions: Iterable[LicenceCondition]) -> str:
    return "; ".join(describe_condition(c) for c in conditions)


def determination_sections(report: DeterminationReport, prefix: str = "") -> list[Section]:
    """The sections of one determination (a case report shows each of its determinations)."""
    head = [
        ("Transaction", report.transaction),
        ("Outcome", report.outcome.value),
        ("Law as of", fmt_time(report.as_of)),
    ]
    if report.result_id:
        head.append(("Recorded result", report.result_id))
        head.append(("Recorded", f"{fmt_time(report.recorded_at)} by {report.recorded_by}"))
    sections = [Section(f"{prefix}Determination", (Fields(tuple(head)),))]
    s = report.summary
    if s is not None:
        rows = [
            ("Exporter", f"{s.exporter} ({s.exporter_country or '-'})"),
            ("Destination", s.destination or "-"),
            ("Date", fmt_time(s.date)),
            ("End use", s.end_use or "-"),
        ]
        if s.source:
            rows.append(("File", s.source))
        blocks: list[Block] = [Fields(tuple(rows))]
        if s.parties:
            blocks.append(
                Table(
                    ("Role", "Name", "Country"),
                    tuple((p.role, p.name, p.country or "-") for p in s.parties),
                    (1, 3, 1),
                )
            )
        blocks += [Para(line) for line in s.lines]
        sections.append(Section(f"{prefix}Transaction", tuple(blocks)))
    sections.append(
        Section(
            f"{prefix}Outcome per jurisdiction",
            (
                Table(
                    ("Jurisdiction", "Outcome", "Applies", "Basis", "Regime version"),
                    tuple(
                        (
                            f"{j.name} ({j.jurisdiction})",
                            j.outcome.value,
                            "yes" if j.applies else "on request",
                            " ".join((j.basis, *j.free_reasons)),
                            j.regime_version,
                        )
                        for j in report.jurisdictions
                    ),
                    (1.4, 1.3, 0.8, 3.5, 1.2),
                ),
            ),
        )
    )
    findings: tuple[Block, ...] = (
        Table(
            ("Jurisdiction", "Severity", "Finding", "Citation"),
            tuple(
                (
                    f.jurisdiction,
                    f.severity.value,
                    f"{f.code}: {f.message}" + (f" Note: {f.note}" if f.note else ""),
                    f.citation,
                )
                for f in report.findings
            ),
            (1.2, 0.9, 4.2, 2.2),
        ),
    )
    if not report.findings:
        findings = (Para("No findings."),)
    sections.append(Section(f"{prefix}Findings with their citations", findings))
    versions = report.data_versions or (
        report.provenance.model_dump(exclude_none=True) if report.provenance else {}
    )
    sections.append(Section(f"{prefix}Data versions", (_versions(versions),)))
    return sections


def determination_layout(report: DeterminationReport) -> Layout:
    return Layout(
        title=f"Determination report: {report.transaction}",
        subtitle=f"Outcome: {report.outcome.value}; law as of {fmt_time(report.as_of)}",
        sections=tuple(determination_sections(report)),
        footer=(f"Generated {fmt_time(report.generated_at)} by exportctl",),
    )


def _decision_block(decision: CaseDecision | None, pending: Proposal | None) -> list[Block]:
    out: list[Block] = []
    if decision is not None:
        code = f" [{decision.reason_code}]" if decision.reason_code else ""
        out.append(Para(f"Decision in force: {decision.decision}{code}", strong=True))
        rows = [
            ("Reason", decision.reason),
            ("Proposed", f"{decision.proposed_by} at {fmt_time(decision.proposed_at)}"),
            ("Approved", f"{decision.approved_by} at {fmt_time(decision.decided_at)}"),
        ]
        if decision.conditions:
            rows.append(("Conditions", _conditions(decision.conditions)))
        out.append(Fields(tuple(rows)))
    if pending is not None:
        out.append(
            Para(
                f"Pending proposal: {pending.decision} by {pending.proposed_by} at "
                f"{fmt_time(pending.proposed_at)} ({pending.reason}); it needs a different "
                "approver",
                strong=True,
            )
        )
    if not out:
        out.append(Para("No decision has been taken on this case."))
    return out


def _states(source: str | None, target: str | None) -> str:
    if source and target:
        return f"{source} -> {target}"
    return target or source or ""


def _four_eyes_row(c: FourEyesCheck) -> tuple[str, ...]:
    answer = "-"
    if c.decided_by:
        answer = f"{c.outcome} by {_who(c.decided_by, c.decider_role)} at {fmt_time(c.decided_at)}"
        if c.answer:
            answer += f": {c.answer}"
    distinct = {True: "yes", False: "NO", None: "pending"}[c.distinct]
    return (
        c.decision,
        f"{_who(c.proposed_by, c.proposer_role)} at {fmt_time(c.proposed_at)}: {c.reason or ''}",
        answer,
        distinct,
    )


def case_layout(report: CaseReport) -> Layout:
    r = report
    sections: list[Section] = [
        Section(
            "Case",
            (
                Fields(
                    (
                        ("Case", r.case_id),
                        ("Kind", r.kind.value),
                        ("State", r.state),
                        ("Title", r.title),
                        ("Opened", f"{fmt_time(r.created_at)} by {r.created_by}"),
                        ("Last change", fmt_time(r.updated_at)),
                        ("Assignee", r.assignee or "-"),
                    )
                ),
            ),
        ),
        Section("Decision", tuple(_decision_block(r.decision, r.pending))),
    ]
    if r.four_eyes:
        sections.append(
            Section(
                "Four-eyes approvals",
                (
                    Table(
                        ("Decision", "Proposed by", "Answered by", "Different users"),
                        tuple(_four_eyes_row(c) for c in r.four_eyes),
                        (1.2, 3, 3, 1.1),
                    ),
                ),
            )
        )
    chain: tuple[Block, ...] = (
        Table(
            ("#", "Time", "User (role)", "Step", "State", "Reason"),
            tuple(
                (
                    str(s.seq),
                    fmt_time(s.at),
                    _who(s.actor, s.role),
                    s.action + (f" {s.decision}" if s.decision else ""),
                    _states(s.from_state, s.to_state),
                    " ".join(
                        x
                        for x in (
                            s.reason or "",
                            f"[{s.reason_code}]" if s.reason_code else "",
                            _conditions(s.conditions),
                        )
                        if x
                    ),
                )
                for s in r.decision_chain
            ),
            (0.45, 1.45, 1.5, 1.7, 1.6, 2.6),
        ),
    )
    sections.append(Section("Decision chain (from the audit trail)", chain))
    if r.parties:
        sections.append(
            Section(
                "Parties",
                (
                    Table(
                        ("Role", "Name", "Country", "Key"),
                        tuple((p.role, p.name, p.country or "-", p.ref or "-") for p in r.parties),
                        (1.4, 2.6, 0.8, 2.4),
                    ),
                ),
            )
        )
    if r.application is not None:
        a = r.application
        rows = [("Applicant", a.applicant), ("Transaction", a.transaction)]
        rows += [("Determination", f"{a.outcome or '-'} ({a.result_id or '-'})")]
        if a.file:
            rows.append(("File", f"{a.file} (SHA-256 {a.file_sha256 or '-'})"))
        sections.append(Section("Application", (Fields(tuple(rows)),)))
    if r.subject is not None:
        s = r.subject
        sections.append(
            Section(
                "Hit under review",
                (
                    Fields(
                        (
                            ("Party", f"{s.party_name} ({s.country or '-'})"),
                            ("List entry", f"{s.entry_name} ({s.entity_id}, {s.source})"),
                            ("Screening", f"{s.screening_decision}, score {s.score:.2f}"),
                            ("Entry hash", s.entry_hash),
                        )
                    ),
                ),
            )
        )
    for i, det in enumerate(r.determinations):
        prefix = f"{i + 1}. " if len(r.determinations) > 1 else ""
        sections += determination_sections(det, prefix)
    if r.documents:
        sections.append(
            Section(
                "Documents",
                (
                    Table(
                        ("Document", "SHA-256"),
                        tuple((d.ref, d.sha256 or "-") for d in r.documents),
                        (2, 2),
                    ),
                ),
            )
        )
    others = [link for link in r.links if link.kind.value not in ("party", "document")]
    if others:
        sections.append(
            Section(
                "Links",
                (
                    Table(
                        ("Kind", "Reference", "Label"),
                        tuple((x.kind.value, x.ref, x.label or "") for x in others),
                        (1, 2, 2),
                    ),
                ),
            )
        )
    comments: tuple[Block, ...] = tuple(
        Para(f"{fmt_time(c.at)} {c.author}: {c.text}") for c in r.comments
    ) or (Para("No comments."),)
    sections.append(Section("Comments", comments))
    results: list[Block] = (
        [
            Table(
                ("Result", "Kind", "Recorded", "exportctl"),
                tuple(
                    (
                        x.id,
                        x.kind,
                        f"{fmt_time(x.created_at)} by {x.created_by}",
                        x.provenance.exportctl_version,
                    )
                    for x in r.results
                ),
                (2, 1, 2, 1),
            )
        ]
        if r.results
        else []
    )
    results.append(_versions(r.data_versions) if r.data_versions else Para("No data versions."))
    sections.append(Section("Results and data versions", tuple(results)))
    sections.append(
        Section(
            "Audit",
            (
                Fields(
                    (
                        ("Audit head", f"#{r.audit_head_seq} {r.audit_head_hash or '-'}"),
                        ("Generated", f"{fmt_time(r.generated_at)} by {r.generated_by}"),
                    )
                ),
                Para(
                    "Each step above is an event of the hash-chained audit trail; "
                    "`exportctl audit verify --anchor HASH` checks the chain up to this head."
                ),
            ),
        )
    )
    return Layout(
        title=f"Case report {r.case_id}",
        subtitle=f"{r.kind.value}, {r.state}: {r.title}",
        sections=tuple(sections),
        footer=(
            f"Generated {fmt_time(r.generated_at)} by {r.generated_by}; audit head "
            f"#{r.audit_head_seq} {r.audit_head_hash or '-'}",
        ),
    )
