"""``/lists``: list versions and the diff between two versions of a source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.model import ListDiff, ListVersion
from exportctl.model.case import Role, User

__all__ = ["router", "update_router"]

router = APIRouter(prefix="/lists", tags=["lists"], dependencies=[Depends(requires(Role.VIEWER))])
# ``lists update`` is the admin's (it replaces what everyone screens against).
update_router = APIRouter(prefix="/lists", tags=["lists"])


@router.get("", response_model=list[ListVersion])
def status(
    state: Annotated[ApiState, Depends(get_state)],
    all_versions: bool = False,
    source: str | None = None,
) -> list[ListVersion]:
    """One row per source (its active version), or every version (the CLI's ``lists status``)."""
    return state.engine.lists.status(all_versions=all_versions, source=source)


@router.get("/{source}/diff", response_model=ListDiff)
def diff(
    source: str,
    state: Annotated[ApiState, Depends(get_state)],
    from_version: str | None = None,
    to_version: str | None = None,
) -> ListDiff:
    """Entries added, removed and changed between two versions (``lists diff``)."""
    return state.engine.lists.diff(source, from_version=from_version, to_version=to_version)


class UpdateRequest(BaseModel):
    """Which sources ``lists update`` fetches (named explicitly: an update is long)."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(
        min_length=1,
        max_length=50,
        description="Source names, e.g. ofac-sdn, un (see GET /lists and docs/lists.md).",
    )
    allow_partial: bool = False
    accept_shrink: bool = False


class UpdateRow(BaseModel):
    """One source's outcome (the CLI's ``lists update --format json`` row)."""

    source: str
    status: str = Field(description="loaded, unchanged or error")
    version: str | None
    entries: int
    files: list[str]
    warnings: list[str]
    error: str | None
    code: str | None


@update_router.post("/update", response_model=list[UpdateRow])
def update(
    body: UpdateRequest,
    state: Annotated[ApiState, Depends(get_state)],
    user: Annotated[User, Depends(requires(Role.ADMIN))],
) -> list[UpdateRow]:
    """Fetch the named sources from their official URLs (or the configured mirror) and load
    them, each on its own (``lists update``; admin). Runs in the request: it can take
    minutes, so give the client a long timeout. A failed source is a row with ``error`` and
    ``code`` and keeps its previous version; the answer is 200 either way. An update
    already running gives 409 ``update_locked`` after 10 s."""
    reports = state.engine.lists.update(
        sources=body.sources,
        allow_partial=body.allow_partial,
        accept_shrink=body.accept_shrink,
        actor=user.name,
        lock_wait=10.0,  # another update running: answer update_locked, not a hung request
    )
    return [
        UpdateRow(
            source=r.source,
            status="error" if r.error else ("loaded" if r.created else "unchanged"),
            version=r.version.version if r.version else None,
            entries=r.version.entries if r.version else 0,
            files=[Path(f).name for f in r.files],
            warnings=list(r.warnings),
            error=r.error,
            code=r.code,
        )
        for r in reports
    ]
