"""``POST /screen`` and ``POST /screen/batch``: the CLI's screening JSON over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.state import ApiState, get_state
from exportctl.errors import ExportctlError
from exportctl.model.screening import Match, ScreeningQuery

__all__ = ["router"]

router = APIRouter(tags=["screening"])

#: Most queries one ``/screen/batch`` request may carry.
MAX_BATCH = 1000


class ScreenRequest(ScreeningQuery):
    """One party (the CLI's JSON-lines query) plus how many results to return."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    limit: int = Field(default=10, ge=1, le=1000)
    all: bool = Field(default=False, description="Also return no_match candidates.")


class ScreenResponse(BaseModel):
    id: str | None
    query: str
    matches: list[Match]
    list_versions: dict[str, str]


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queries: list[dict[str, Any]] = Field(max_length=MAX_BATCH)
    limit: int = Field(default=10, ge=1, le=1000)
    all: bool = False


class BatchResult(BaseModel):
    id: str | None = None
    matches: list[Match] | None = None
    error: str | None = None
    code: str | None = None


class BatchResponse(BaseModel):
    results: list[BatchResult]
    list_versions: dict[str, str]


@router.post("/screen", response_model=ScreenResponse, response_model_by_alias=True)
def screen(body: ScreenRequest, state: Annotated[ApiState, Depends(get_state)]) -> ScreenResponse:
    """Screen one party against every active list and watch list."""
    query = ScreeningQuery.model_validate(body.model_dump(by_alias=True))
    snap = state.snapshot()
    matches = snap.screener.screen(query, limit=body.limit, include_all=body.all)
    return ScreenResponse(
        id=body.id, query=body.name, matches=list(matches), list_versions=snap.versions
    )


@router.post("/screen/batch", response_model=BatchResponse, response_model_by_alias=True)
def screen_batch(
    body: BatchRequest, state: Annotated[ApiState, Depends(get_state)]
) -> BatchResponse:
    """Screen up to 1,000 parties; one result per query, in order (an error never aborts)."""
    queries: list[ScreeningQuery | dict[str, Any] | ExportctlError] = list(body.queries)
    snap = state.snapshot()
    results = [
        BatchResult(
            id=r.id,
            matches=list(r.matches) if r.matches is not None else None,
            error=r.error,
            code=r.code,
        )
        for r in snap.screener.screen_many(queries, limit=body.limit, include_all=body.all)
    ]
    return BatchResponse(results=results, list_versions=snap.versions)
