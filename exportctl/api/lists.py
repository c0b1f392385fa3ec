"""``/lists``: list versions and the diff between two versions of a source."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.model import ListDiff, ListVersion
from exportctl.model.case import Role

__all__ = ["router"]

router = APIRouter(prefix="/lists", tags=["lists"], dependencies=[Depends(requires(Role.VIEWER))])


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
