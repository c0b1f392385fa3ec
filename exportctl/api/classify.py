"""``POST /classify`` and ``/controls``: classification and the control-list data (viewer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from exportctl.api.auth import requires
from exportctl.api.inputs import BodyInput, body_input, body_openapi
from exportctl.api.state import ApiState, get_state
from exportctl.classification import SearchHit, ShownEntry
from exportctl.controls import ControlDiff
from exportctl.files import items_from_data, items_from_text
from exportctl.model.case import Role
from exportctl.model.classification import Classification, JurisdictionFilter

__all__ = ["controls_router", "router"]

router = APIRouter(tags=["classification"], dependencies=[Depends(requires(Role.VIEWER))])
controls_router = APIRouter(
    prefix="/controls", tags=["controls"], dependencies=[Depends(requires(Role.VIEWER))]
)


@router.post(
    "/classify",
    response_model=Classification | list[Classification],
    response_model_by_alias=True,
    openapi_extra=body_openapi(
        "The item file's content: one item spec, a list of them, or a mapping with `items:`; "
        "as JSON, or the YAML file as a multipart upload (field `file`) or with "
        "`Content-Type: application/yaml`. `{ref: FILE}` items are refused (ref_unavailable)."
    ),
)
def classify(
    state: Annotated[ApiState, Depends(get_state)],
    body: Annotated[BodyInput, Depends(body_input)],
    jurisdiction: JurisdictionFilter = JurisdictionFilter.ALL,
    vary: Annotated[
        list[str] | None, Query(description="What-if change PATH=VALUE (repeatable).")
    ] = None,
    item: Annotated[str | None, Query(description="Classify only this item of the input.")] = None,
) -> Classification | list[Classification]:
    """Classify item specs against the control lists (the CLI's ``classify``): one result for
    one item, else a list in input order."""
    items = (
        items_from_text(body.text, source=body.source)
        if body.text is not None
        else items_from_data(body.data, source=body.source)
    )
    results = state.engine.classification.classify(
        items, jurisdiction=jurisdiction, vary=vary, item_id=item, source=body.source
    )
    return results[0] if len(results) == 1 else results


class ControlVersion(BaseModel):
    """One control dataset version (the CLI's ``controls status --format json`` row)."""

    dataset: str
    version: str
    issued: date | None
    source: str
    items: int
    loaded_at: datetime | None
    active: bool


@controls_router.get("", response_model=list[ControlVersion])
def status(
    state: Annotated[ApiState, Depends(get_state)], all_versions: bool = False
) -> list[ControlVersion]:
    """Each control dataset's active version (``controls status``; ``all_versions``: all)."""
    return [
        ControlVersion.model_validate(v.as_dict())
        for v in state.engine.controls.status(all_versions=all_versions)
    ]


@controls_router.get("/search", response_model=list[SearchHit])
def search(
    state: Annotated[ApiState, Depends(get_state)],
    q: Annotated[str, Query(description='Words or a code, e.g. "five axis milling".')],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[SearchHit]:
    """Control-list entries by words in their heading and text (``controls search``)."""
    return state.engine.classification.catalogue().search(q, limit=limit)


@controls_router.get("/{dataset}/diff", response_model=ControlDiff)
def diff(
    dataset: str,
    state: Annotated[ApiState, Depends(get_state)],
    from_version: str | None = None,
    to_version: str | None = None,
) -> ControlDiff:
    """Items added, removed and changed between two versions (``controls diff``)."""
    return state.engine.controls.diff(dataset, from_version=from_version, to_version=to_version)


@controls_router.get("/{code}", response_model=ShownEntry)
def show(code: str, state: Annotated[ApiState, Depends(get_state)]) -> ShownEntry:
    """One control-list entry or paragraph with its reasons for control (``controls show``)."""
    return state.engine.classification.catalogue().show(code)
