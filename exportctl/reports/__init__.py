"""Reports as printable HTML and as PDF (a rendering layer under the adapters).

The values come from ``engine.reports`` (:class:`~exportctl.model.report.CaseReport`,
:class:`~exportctl.model.report.DeterminationReport`); this package only draws them, each
rendering from one :class:`~exportctl.reports.layout.Layout` so HTML, PDF and text agree.
The domain and the services never import it.
"""

from __future__ import annotations

from exportctl.model.report import CaseReport, DeterminationReport
from exportctl.reports.fonts import PdfFont, find_font
from exportctl.reports.layout import Layout, case_layout, determination_layout
from exportctl.reports.text import render_text

__all__ = [
    "PdfFont",
    "find_font",
    "render_report_html",
    "render_report_pdf",
    "render_report_text",
]


def _layout(report: CaseReport | DeterminationReport) -> Layout:
    if isinstance(report, CaseReport):
        return case_layout(report)
    return determination_layout(report)


def render_report_html(report: CaseReport | DeterminationReport) -> str:
    """A complete, printable HTML document (inline print CSS, no external assets)."""
    from exportctl.reports.html import render_html  # jinja2 loads on first use only

    return render_html(_layout(report))


def render_report_pdf(
    report: CaseReport | DeterminationReport, *, font: PdfFont | bool | None = True
) -> bytes:
    """The PDF; ``font``: True finds a Unicode font here, a PdfFont names one, None or
    False uses the built-in Helvetica with non-Latin-1 text transliterated."""
    from exportctl.reports.pdf import render_pdf  # fpdf2 loads on first use only

    return render_pdf(_layout(report), font=font)


def render_report_text(report: CaseReport | DeterminationReport) -> str:
    """A plain-text rendering (the CLI's summary), same sections as the HTML and PDF."""
    return render_text(_layout(report))
