"""A determination as plain text a compliance officer can paste into a file note."""

from __future__ import annotations

import textwrap

from exportctl.model.determination import Determination, Finding, Outcome

__all__ = ["render_text"]

_WIDTH = 100
_OUTCOME_WORDS = {
    Outcome.PROHIBITED: "PROHIBITED",
    Outcome.LICENSE_REQUIRED: "LICENCE REQUIRED",
    Outcome.REVIEW: "REVIEW (information missing or a hit to clear)",
    Outcome.NO_LICENSE_REQUIRED: "NO LICENCE REQUIRED",
}


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent) or [
        indent
    ]


def _finding(n: int, f: Finding) -> list[str]:
    where = f" (line {', '.join(str(i + 1) for i in f.lines)})" if f.lines else ""
    severity = f.severity.value.upper()
    out = [f"{n:>3}. [{f.jurisdiction.upper()}] {severity} {f.kind.value}: {f.code}{where}"]
    out += _wrap(f.message, "     ")
    out += _wrap(f"Citation: {f.citation}", "     ")
    if f.note:
        out += _wrap(f"Note: {f.note}", "     ")
    return out


def render_text(det: Determination) -> str:
    """The determination as a file note: outcome, per-jurisdiction table, findings, reasons."""
    lines = [
        f"Licence determination — transaction {det.transaction}",
        f"Law as in force on: {det.as_of.isoformat()}",
        f"Outcome: {_OUTCOME_WORDS[det.outcome]}",
        "",
        f"{'Jurisdiction':<14}{'Outcome':<22}{'Engaged':<9}Basis",
    ]
    for j in det.jurisdictions:
        engaged = "yes" if j.applies else "no"
        row = f"{j.jurisdiction.upper():<14}{j.outcome.value:<22}{engaged:<9}"
        lines += textwrap.wrap(
            j.basis, width=_WIDTH, initial_indent=row, subsequent_indent=" " * len(row)
        ) or [row]
    lines.append("")
    if det.findings:
        lines.append("Findings (most severe first within each jurisdiction):")
        for n, f in enumerate(det.findings, 1):
            lines += _finding(n, f)
    else:
        lines.append("Findings: none.")
    for j in det.jurisdictions:
        if not j.free_reasons:
            continue
        lines.append("")
        title = (
            "Why no licence is required"
            if j.outcome is Outcome.NO_LICENSE_REQUIRED
            else "Checks passed"
        )
        lines.append(f"{title} under {j.jurisdiction.upper()} ({j.name}):")
        for reason in j.free_reasons:
            lines += _wrap(reason, "   - ")[:1] + _wrap(reason, "     ")[1:]
    if det.cleared_hits:
        lines.append("")
        lines.append("Hits cleared in earlier hit reviews (four eyes), not counted:")
        for c in det.cleared_hits:
            when = f" at {c.decided_at:%Y-%m-%d %H:%M}" if c.decided_at else ""
            why = ": ".join(x for x in (c.reason_code, c.reason) if x)
            text = (
                f"{c.party} vs {c.entity_id}: cleared in {c.case_id} by {c.decided_by}, "
                f"approved by {c.approved_by}{when}" + (f" ({why})" if why else "")
            )
            lines += _wrap(text, "   - ")[:1] + _wrap(text, "     ")[1:]
    lines.append("")
    lines.append(
        "Regime data versions: "
        + ", ".join(f"{j.jurisdiction}={j.regime_version}" for j in det.jurisdictions)
    )
    controls = det.data_versions.get("controls") or {}
    if controls:
        lines.append(
            "Control data versions: " + ", ".join(f"{k}={v}" for k, v in sorted(controls.items()))
        )
    return "\n".join(lines) + "\n"
