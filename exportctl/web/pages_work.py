"""Assess, Intake and Classify: an upload (or a textarea) in, the library's answer out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from exportctl import (
    Forbidden,
    InvalidInput,
    Role,
    read_alert,
    read_items,
    read_transaction,
)
from exportctl.web.context import (
    CheckedForm,
    CurrentUser,
    Me,
    WebState,
    get_web,
    read_upload,
    redirect,
    render,
    uploads,
)
from exportctl.web.context import text_field as _f
from exportctl.web.workspace import Workspace, safe_name

__all__ = ["router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
JURISDICTIONS = ("", "tw", "eu", "us", "un", "all")


def _workspace(web: WebState) -> Workspace:
    return Workspace(web.api.settings.home / "web-uploads")


def _main_and_refs(form: FormData, main: str, default: str) -> tuple[str, list[tuple[str, bytes]]]:
    """The main file (the upload, or the textarea's text) and the referenced files."""
    files = uploads(form, "refs")
    text = form.get("text")
    upload = read_upload(form, main)
    if isinstance(text, str) and text.strip():
        name = safe_name(upload[0]) if upload else default
        files.append((name, text.replace("\r\n", "\n").encode()))
    elif upload is not None:
        name = safe_name(upload[0])
        files.append((name, upload[1]))
    else:
        raise InvalidInput("upload a file or paste its text", code="invalid_input")
    return name, files


def _require_analyst(me: Me, doing: str) -> None:
    if not me.user.role.at_least(Role.ANALYST):
        raise Forbidden(
            f"{me.name} is a {me.user.role.value}; {doing} needs the analyst role or above",
            code="role_required",
        )


# -- assess ----------------------------------------------------------------------------


@router.get("/assess")
def assess_page(request: Request, me: CurrentUser) -> Response:
    return render(request, "assess.html", me, title="Assess", det=None, jurisdictions=JURISDICTIONS)


def _assess(web: WebState, path: Path, jurisdiction: str | None) -> Any:
    tx = read_transaction(path)
    tx = tx.model_copy(update={"source": path.name})
    return tx, web.engine.determination.assess(tx, jurisdiction=jurisdiction or None)


@router.post("/assess")
def assess_run(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    web = get_web(request)
    name, files = _main_and_refs(form, "transaction", "transaction.yaml")
    ws = _workspace(web)
    wid = ws.save(files)
    path = ws.path(wid, name)
    jurisdiction = _f(form, "jurisdiction")
    _tx, det = _assess(web, path, jurisdiction)
    return render(
        request,
        "assess.html",
        me,
        title=f"Assess {det.transaction}",
        det=det.model_dump(mode="json", by_alias=True),
        text=path.read_text(encoding="utf-8", errors="replace"),
        workspace=wid,
        file=name,
        jurisdiction=jurisdiction or "",
        jurisdictions=JURISDICTIONS,
    )


@router.post("/assess/record")
def assess_record(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    """Open a licence application: ``assess --record`` with the signed-in user as actor."""
    web = get_web(request)
    path = _workspace(web).path(_f(form, "workspace") or "", _f(form, "file") or "")
    tx, det = _assess(web, path, _f(form, "jurisdiction"))
    _result, case, _reviews = web.engine.recording.record_assessment(me.name, tx, det)
    return redirect(f"/ui/cases/{case.id}")


# -- intake ----------------------------------------------------------------------------


@router.get("/intake")
def intake_page(request: Request, me: CurrentUser) -> Response:
    return render(request, "intake.html", me, title="Intake", alert=None)


@router.post("/intake")
def intake_run(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    web = get_web(request)
    name, files = _main_and_refs(form, "document", "document.txt")
    ws = _workspace(web)
    wid = ws.save(files[-1:])
    read = read_alert(ws.path(wid, name))
    alert = web.engine.intake.intake(read.document, open_case=False)
    return render(
        request,
        "intake.html",
        me,
        title=f"Intake {alert.document.id or name}",
        alert=alert.model_dump(mode="json", by_alias=True),
        workspace=wid,
        file=name,
    )


@router.post("/intake/open")
def intake_open(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    """Open an investigation: ``intake --open-case`` as the signed-in user."""
    web = get_web(request)
    # Intake stores the alert before the case service checks the actor: check first.
    _require_analyst(me, "opening an investigation")
    path = _workspace(web).path(_f(form, "workspace") or "", _f(form, "file") or "")
    read = read_alert(path)
    with web.actor_lock:
        web.engine.actor = me.name
        try:
            alert = web.engine.intake.intake(read.document, open_case=True, sha256=read.sha256)
        finally:
            web.engine.actor = None
    return redirect(f"/ui/cases/{alert.case_id}")


# -- classify --------------------------------------------------------------------------

#: The parameter form's fields: (form name, item path, label, example).
PARAMETERS: tuple[tuple[str, str, str, str], ...] = (
    ("type", "type", "Machining type", "milling"),
    ("axes_linear", "axes.linear", "Linear axes", "3"),
    ("axes_rotary", "axes.rotary", "Rotary axes", "2"),
    ("axes_contouring", "axes.simultaneous_contouring", "Axes contouring simultaneously", "5"),
    ("x_travel", "X.travel", "X travel", "3000 mm"),
    ("x_upr", "X.upr", "X unidirectional positioning repeatability", "1.3 um"),
    ("y_travel", "Y.travel", "Y travel", "2200 mm"),
    ("y_upr", "Y.upr", "Y unidirectional positioning repeatability", "1.2 um"),
    ("z_travel", "Z.travel", "Z travel", "800 mm"),
    ("z_upr", "Z.upr", "Z unidirectional positioning repeatability", "1.0 um"),
    ("spindle_speed", "spindle.max_speed", "Spindle maximum speed", "20000 rpm"),
)


def _item_from_parameters(form: FormData) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": _f(form, "item_id") or "machine",
        "description": _f(form, "description") or "machine tool",
        "category": "machine_tool",
        "numerical_control": form.get("numerical_control") == "on",
    }
    if _f(form, "type"):
        item["type"] = _f(form, "type")
    axes = {
        key: int(v)
        for key, name in (
            ("linear", "axes_linear"),
            ("rotary", "axes_rotary"),
            ("simultaneous_contouring", "axes_contouring"),
        )
        if (v := _f(form, name)) and v.isdigit()
    }
    if axes:
        item["axes"] = axes
    linear = []
    for axis in ("x", "y", "z"):
        row = {"name": axis.upper()}
        if t := _f(form, f"{axis}_travel"):
            row["travel"] = t
        if u := _f(form, f"{axis}_upr"):
            row["unidirectional_positioning_repeatability"] = u
        if len(row) > 1:
            linear.append(row)
    if linear:
        item["linear_axes"] = linear
    spindle: dict[str, Any] = {}
    if s := _f(form, "spindle_speed"):
        spindle["max_speed"] = s
    if form.get("spindle_tilting") == "on":
        spindle["tilting"] = True
    if spindle:
        item["spindle"] = spindle
    return item


@router.get("/classify")
def classify_page(request: Request, me: CurrentUser) -> Response:
    return render(
        request, "classify.html", me, title="Classify", results=None, parameters=PARAMETERS
    )


@router.post("/classify")
def classify_run(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    web = get_web(request)
    if form.get("mode") == "parameters":
        item = _item_from_parameters(form)
        name = "item.yaml"
        files = [(name, yaml.safe_dump(item, sort_keys=False).encode()), *uploads(form, "refs")]
    else:
        name, files = _main_and_refs(form, "item", "item.yaml")
    ws = _workspace(web)
    wid = ws.save(files)
    path = ws.path(wid, name)
    items = read_items(path)
    vary = [ln.strip() for ln in (_f(form, "vary") or "").splitlines() if ln.strip()]
    results = web.engine.classification.classify(items, vary=vary or None, source=name)
    return render(
        request,
        "classify.html",
        me,
        title="Classify",
        results=[r.model_dump(mode="json", by_alias=True) for r in results],
        text=path.read_text(encoding="utf-8", errors="replace"),
        vary="\n".join(vary),
        parameters=PARAMETERS,
    )
