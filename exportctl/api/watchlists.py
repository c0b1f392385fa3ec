"""``/watchlists``: the organisation's watch lists (read: viewer; change: analyst)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.errors import InvalidInput
from exportctl.files import uploaded_list_files
from exportctl.model import ListVersion
from exportctl.model.case import Role, User
from exportctl.services.watchlists import WatchEntry, WatchList

__all__ = ["router"]

router = APIRouter(prefix="/watchlists", tags=["watchlists"])

Viewer = Annotated[User, Depends(requires(Role.VIEWER))]
Analyst = Annotated[User, Depends(requires(Role.ANALYST))]
State = Annotated[ApiState, Depends(get_state)]

#: Largest watch-list file imported (watch lists are typed by people: small).
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class CreateWatchList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="The list is watch:<slug>.")
    entries: list[WatchEntry] = Field(default_factory=list, max_length=10_000)


class ImportResult(BaseModel):
    """As ``lists load --format json`` of the file: the version now active."""

    source: str
    created: bool
    version: ListVersion | None
    warnings: list[str]


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"


@router.get("", response_model=list[ListVersion])
def list_watchlists(state: State, _user: Viewer) -> list[ListVersion]:
    """The active version of every watch list."""
    return state.engine.watchlists.list()


@router.post("", response_model=WatchList, status_code=201)
def create(body: CreateWatchList, state: State, user: Analyst) -> WatchList:
    """Create a watch list, empty or with entries (``watchlist_exists`` if it exists)."""
    return state.engine.watchlists.create(user.name, body.name, body.entries)


@router.post("/import", response_model=ImportResult)
def import_file(
    state: State,
    user: Analyst,
    file: Annotated[UploadFile, File(description="A watch-list file (.yaml or .csv).")],
    accept_shrink: bool = False,
) -> ImportResult:
    """Load a watch-list file as a new version (``lists load`` of a watch-list file)."""
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"watch-list file over {MAX_IMPORT_BYTES} bytes", code="list_parse_error"
        )
    with uploaded_list_files(data, file.filename or "upload.yaml") as edition:
        report = state.engine.watchlists.import_file(
            user.name, edition, accept_shrink=accept_shrink
        )
    return ImportResult(
        source=report.source,
        created=report.created,
        version=report.version,
        warnings=list(report.warnings),
    )


@router.get("/{name}", response_model=WatchList)
def show(name: str, state: State, _user: Viewer) -> WatchList:
    """A watch list with its entries (``name`` or ``watch:name``)."""
    return state.engine.watchlists.show(name)


@router.get(
    "/{name}/export",
    response_class=Response,
    responses={
        200: {
            "description": "The list in the watch-list file format; imports unchanged.",
            "content": {"application/yaml": {}, "application/json": {}},
        }
    },
)
def export(
    name: str,
    state: State,
    _user: Viewer,
    format: ExportFormat = ExportFormat.yaml,
) -> Response:
    """The list as a watch-list file (YAML, or the same as JSON)."""
    data: dict[str, Any] = state.engine.watchlists.export(name)
    if format is ExportFormat.json:
        return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return Response(text, media_type="application/yaml")


@router.post("/{name}/entries", response_model=WatchList)
def add_entry(name: str, body: WatchEntry, state: State, user: Analyst) -> WatchList:
    """Add an entry, or replace the entry with the same key."""
    return state.engine.watchlists.add(user.name, name, body)


@router.delete("/{name}/entries/{key}", response_model=WatchList)
def remove_entry(name: str, key: str, state: State, user: Analyst) -> WatchList:
    """Remove an entry by its key (``entry_not_found`` if there is none)."""
    return state.engine.watchlists.remove(user.name, name, key)
