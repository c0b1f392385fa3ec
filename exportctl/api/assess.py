"""``POST /assess`` and ``POST /intake``: licence determination and alert intake."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import BaseModel, Field

from exportctl.api.auth import requires
from exportctl.api.inputs import BodyInput, body_input, body_openapi
from exportctl.api.state import ApiState, get_state
from exportctl.files import alert_from_bytes, transaction_from_data, transaction_from_text
from exportctl.intake import DEFAULT_MAX_BYTES
from exportctl.model.alert import Alert
from exportctl.model.case import Role, User
from exportctl.model.determination import Determination

__all__ = ["router"]

router = APIRouter()


class Jurisdiction(StrEnum):
    tw = "tw"
    eu = "eu"
    us = "us"
    un = "un"
    all = "all"


class AssessResponse(Determination):
    """The determination (the CLI's ``assess --format json``); with ``record=true`` also the
    stored result and the cases opened (the licence application first)."""

    result_id: str | None = Field(default=None, description="With record=true: the result.")
    case_ids: list[str] | None = Field(
        default=None, description="With record=true: the application, then hit reviews."
    )


@router.post(
    "/assess",
    tags=["determination"],
    response_model=AssessResponse,
    response_model_by_alias=True,
    openapi_extra=body_openapi(
        "The transaction file's content, as JSON, or the YAML file as a multipart upload "
        "(field `file`) or with `Content-Type: application/yaml`. Items must be inline: "
        "`{ref: FILE}` is refused (ref_unavailable)."
    ),
)
def assess(
    state: Annotated[ApiState, Depends(get_state)],
    user: Annotated[User, Depends(requires(Role.VIEWER))],
    body: Annotated[BodyInput, Depends(body_input)],
    jurisdiction: Annotated[
        Jurisdiction | None,
        Query(description="Evaluate this jurisdiction (all: each); default: those engaged."),
    ] = None,
    as_of: Annotated[date | None, Query(description="Apply the law in force on this date.")] = None,
    record: Annotated[
        bool,
        Query(
            description="Store the determination and open the licence application under the "
            "caller, as `assess --record` (analyst role)."
        ),
    ] = False,
    applicant: Annotated[
        str | None, Query(description="With record: the applicant (default: the caller).")
    ] = None,
) -> AssessResponse:
    """Determine whether a transaction needs a licence (the CLI's ``assess``)."""
    tx = (
        transaction_from_text(body.text, source=body.source)
        if body.text is not None
        else transaction_from_data(body.data, source=body.source)
    )
    engine = state.engine
    det = engine.determination.assess(
        tx, jurisdiction=jurisdiction.value if jurisdiction else None, as_of=as_of
    )
    out = AssessResponse.model_validate(det.model_dump(by_alias=True))
    if not record:
        return out
    # The library checks the role (analyst) and records every event as the caller.
    result, case, reviews = engine.recording.record_assessment(
        user.name, tx, det, applicant=applicant
    )
    return out.model_copy(update={"result_id": result.id, "case_ids": [case.id, *reviews]})


@router.post("/intake", tags=["intake"], response_model=Alert, response_model_by_alias=True)
def intake(
    state: Annotated[ApiState, Depends(get_state)],
    user: Annotated[User, Depends(requires(Role.VIEWER))],
    file: Annotated[
        UploadFile, File(description="Alert document: cable text, plain text, .eml or PDF.")
    ],
    open_case: Annotated[
        bool,
        Query(
            description="Store an investigation under the caller and watch-list its parties "
            "of concern, as `intake --open-case` (analyst role)."
        ),
    ] = False,
) -> Alert:
    """Read an alert document: header, parties (screened), items, countries, services."""
    data = file.file.read(DEFAULT_MAX_BYTES + 1)
    read = alert_from_bytes(data, file.filename or "upload")
    return state.engine.intake.intake(
        read.document, open_case=open_case, sha256=read.sha256, actor=user.name
    )


class AlertRow(BaseModel):
    """One stored alert record (the CLI's ``alerts list --format json`` row)."""

    case_id: str
    document_id: str | None
    kind: str
    file: str
    created_at: datetime


@router.get("/intake", tags=["intake"], response_model=list[AlertRow])
def alerts(
    state: Annotated[ApiState, Depends(get_state)],
    _user: Annotated[User, Depends(requires(Role.VIEWER))],
) -> list[AlertRow]:
    """Every stored alert record (``alerts list``)."""
    return [
        AlertRow(
            case_id=r.case_id,
            document_id=r.document_id,
            kind=r.kind,
            file=r.file,
            created_at=r.created_at,
        )
        for r in state.engine.intake.records()
    ]


@router.get(
    "/intake/{case_id}", tags=["intake"], response_model=Alert, response_model_by_alias=True
)
def alert(
    case_id: str,
    state: Annotated[ApiState, Depends(get_state)],
    _user: Annotated[User, Depends(requires(Role.VIEWER))],
) -> Alert:
    """One alert record as taken in, with its screening results (``alerts show``)."""
    return Alert.model_validate_json(state.engine.intake.record(case_id).data)
