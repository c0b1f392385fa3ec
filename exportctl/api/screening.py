"""``POST /screen`` and ``POST /screen/batch``: the CLI's screening JSON over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.state import VERSIONS_HEADER, ApiState, get_state, versions_header
from exportctl.errors import ExportctlError
from exportctl.model.case import HitMemory, Role, User
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
    record: bool = Field(
        default=False,
        description=(
            "Store the result and open the hit reviews it calls for, as the CLI's "
            "`screen --record` (needs the analyst role)."
        ),
    )


class ScreenedMatch(Match):
    """A match, with the cleared-hit memory of an earlier review of this party and entry."""

    review: dict[str, Any] | None = None


class ScreenResponse(BaseModel):
    id: str | None
    query: str
    matches: list[ScreenedMatch]
    list_versions: dict[str, str]
    result_id: str | None = Field(default=None, description="With record=true: the stored result.")
    case_ids: list[str] | None = Field(default=None, description="With record=true: cases opened.")


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
def screen(
    body: ScreenRequest,
    response: Response,
    state: Annotated[ApiState, Depends(get_state)],
    user: Annotated[User, Depends(requires(Role.VIEWER))],
) -> ScreenResponse:
    """Screen one party against every active list and watch list (the CLI's ``screen``)."""
    query = ScreeningQuery.model_validate(body.model_dump(by_alias=True))
    snap = state.snapshot()
    response.headers[VERSIONS_HEADER] = versions_header(snap)
    engine = state.engine
    if body.record:
        # The library checks the role (analyst) and writes the audit events as this user.
        matches, rec = engine.recording.record_screening(user.name, query, limit=body.limit)
        memory = dict(rec.memory)
        recorded: dict[str, Any] = {"result_id": rec.result_id, "case_ids": list(rec.case_ids)}
    else:
        matches = snap.screener.screen(query, limit=body.limit, include_all=body.all)
        memory = engine.recording.recall_hits(query, matches) if matches else {}
        recorded = {}
    return ScreenResponse(
        id=body.id,
        query=body.name,
        matches=[
            ScreenedMatch(
                **m.model_dump(by_alias=True),
                review=memory[m.entity_id].model_dump(mode="json")
                if m.entity_id in memory
                else None,
            )
            for m in matches
        ],
        list_versions=snap.versions,
        **recorded,
    )


def _screened(match: Match, memory: HitMemory | None) -> ScreenedMatch:
    review = memory.model_dump(mode="json") if memory is not None else None
    return ScreenedMatch.model_validate({**match.model_dump(by_alias=True), "review": review})


@router.post("/screen/batch", response_model=BatchResponse, response_model_by_alias=True)
def screen_batch(
    body: BatchRequest,
    response: Response,
    state: Annotated[ApiState, Depends(get_state)],
    _user: Annotated[User, Depends(requires(Role.VIEWER))],
) -> BatchResponse:
    """Screen up to 1,000 parties; one result per query, in order (an error never aborts)."""
    queries: list[ScreeningQuery | dict[str, Any] | ExportctlError] = list(body.queries)
    snap = state.snapshot()
    response.headers[VERSIONS_HEADER] = versions_header(snap)
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
