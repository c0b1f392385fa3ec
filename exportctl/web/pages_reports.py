"""Printable records: the case report and the determination report, as HTML and as PDF.

Thin over ``engine.reports`` and the renderers of :mod:`exportctl.reports` (the same PDF as
``exportctl cases report ID --pdf FILE``); the signed-in user is the actor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from exportctl import InvalidInput, read_transaction, render_report_html, render_report_pdf
from exportctl.web.context import CurrentUser, get_web
from exportctl.web.workspace import Workspace

__all__ = ["router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
# The report is a standalone document with its own inline print styles.
_REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def _html(text: str) -> HTMLResponse:
    return HTMLResponse(text, headers={"Content-Security-Policy": _REPORT_CSP})


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


@router.get("/cases/{case_id}/report.html")
def case_report_html(case_id: str, request: Request, me: CurrentUser) -> Response:
    return _html(render_report_html(get_web(request).engine.reports.case_report(me.name, case_id)))


@router.get("/cases/{case_id}/report.pdf")
def case_report_pdf(case_id: str, request: Request, me: CurrentUser) -> Response:
    report = get_web(request).engine.reports.case_report(me.name, case_id)
    return _pdf(render_report_pdf(report), f"case-{case_id}")


def _determination(request: Request, me: CurrentUser, result_id: str) -> Any:
    engine = get_web(request).engine
    result = engine.records.get_result(me.name, result_id)
    if result.kind != "determination":
        raise InvalidInput(
            f"{result_id} is a {result.kind} result, not a determination", code="invalid_input"
        )
    return engine.reports.determination_report(result)


@router.get("/results/{result_id}/report.html")
def determination_report_html(result_id: str, request: Request, me: CurrentUser) -> Response:
    return _html(render_report_html(_determination(request, me, result_id)))


@router.get("/results/{result_id}/report.pdf")
def determination_report_pdf(result_id: str, request: Request, me: CurrentUser) -> Response:
    report = _determination(request, me, result_id)
    return _pdf(render_report_pdf(report), f"determination-{result_id}")


def _assessment(request: Request, workspace: str, file: str, jurisdiction: str | None) -> Any:
    web = get_web(request)
    path = Workspace(web.api.settings.home / "web-uploads").path(workspace, file)
    tx = read_transaction(path).model_copy(update={"source": path.name})
    det = web.engine.determination.assess(tx, jurisdiction=jurisdiction or None)
    return web.engine.reports.determination_report(det, tx)


@router.get("/assess/report.html")
def assessment_report_html(
    request: Request, me: CurrentUser, workspace: str, file: str, jurisdiction: str = ""
) -> Response:
    return _html(render_report_html(_assessment(request, workspace, file, jurisdiction)))


@router.get("/assess/report.pdf")
def assessment_report_pdf(
    request: Request, me: CurrentUser, workspace: str, file: str, jurisdiction: str = ""
) -> Response:
    report = _assessment(request, workspace, file, jurisdiction)
    return _pdf(render_report_pdf(report), f"determination-{Path(file).stem}")
