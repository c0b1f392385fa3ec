"""Screen: one party against the active lists, the explanation drawn token by token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl import ExportctlError, HitMemory, Match
from exportctl.web.context import CheckedForm, CurrentUser, get_web, redirect, render
from exportctl.web.context import text_field as _f

__all__ = ["router", "token_rows"]

router = APIRouter(prefix="/ui", include_in_schema=False)
SCHEMAS = ("Any", "Person", "Organization", "Vessel", "Aircraft")


def token_rows(match: Match) -> list[dict[str, Any]]:
    """The explanation as aligned rows: query token, list token, and how they relate.

    ``state``: ``matched`` (equal), ``similar`` (aligned, not equal), ``missing`` (a token
    only one side has), ``conflicting`` (evidence that lowered the score), ``supporting``.
    """
    rows: list[dict[str, Any]] = []
    for e in match.explanation:
        if e.kind == "token":
            sim = e.similarity if e.similarity is not None else 0.0
            rows.append(
                {
                    "query": e.query,
                    "list": e.list,
                    "state": "matched" if sim >= 0.999 else "similar",
                    "detail": f"{sim:.2f} {e.method or ''}".strip(),
                    "weight": e.weight,
                }
            )
        elif e.kind == "unmatched":
            rows.append(
                {
                    "query": e.query if e.side == "query" else "",
                    "list": e.list if e.side == "list" else "",
                    "state": "missing",
                    "detail": f"only in the {e.side or 'one side'}",
                    "weight": e.weight,
                }
            )
        elif e.kind == "evidence":
            effect = e.effect or 0.0
            rows.append(
                {
                    "query": e.attribute or "",
                    "list": "",
                    "state": "conflicting" if effect < 0 else "supporting",
                    "detail": e.text,
                    "weight": e.effect,
                }
            )
    return rows


def _query(params: dict[str, str | None]) -> dict[str, Any]:
    return {
        "name": params.get("name"),
        "schema": params.get("schema") or "Any",
        "country": params.get("country"),
        "birth_date": params.get("birth_date"),
    }


@router.get("/screen")
def screen_page(
    request: Request,
    me: CurrentUser,
    name: str | None = None,
    schema: str | None = None,
    country: str | None = None,
    birth_date: str | None = None,
    recorded: str | None = None,
    cases: str | None = None,
) -> Response:
    web = get_web(request)
    params = {"name": name, "schema": schema, "country": country, "birth_date": birth_date}
    params = {k: (v.strip() if v and v.strip() else None) for k, v in params.items()}
    results: list[dict[str, Any]] | None = None
    versions: dict[str, str] = {}
    error: str | None = None
    stale: list[str] = []
    if params["name"]:
        query = _query(params)
        try:
            snap = web.api.snapshot()
            versions = snap.versions
            matches = snap.screener.screen(query, limit=10)
            # The index of new list versions (a list update, an intake's watch-list entry) is
            # built in the background: say so rather than silently answer from the old ones.
            active = {v.source: v.version for v in web.engine.lists.status()}
            stale = sorted(
                k for k in active.keys() | versions.keys() if active.get(k) != versions.get(k)
            )
            memory: dict[str, HitMemory] = web.engine.recording.recall_hits(query, matches)
        except ExportctlError as exc:
            if exc.status >= 500:
                raise
            error, matches, memory = exc.detail, [], {}
        results = [
            {
                "m": m,
                "summary": next((e.text for e in m.explanation if e.kind == "summary"), ""),
                "tokens": token_rows(m),
                "memory": memory.get(m.entity_id),
            }
            for m in matches
        ]
    return render(
        request,
        "screen.html",
        me,
        title="Screen",
        params=params,
        schemas=SCHEMAS,
        results=results,
        versions=versions,
        error=error,
        stale=stale,
        recorded=recorded,
        opened=[c for c in (cases or "").split(",") if c],
    )


@router.post("/screen/record")
def record_screening(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    """Record the screening as ``screen --record`` does: the result, and one hit review per
    new match or review (the library refuses viewers)."""
    web = get_web(request)
    params = {k: _f(form, k) for k in ("name", "schema", "country", "birth_date")}
    _matches, rec = web.engine.recording.record_screening(me.name, _query(params), limit=10)
    from urllib.parse import urlencode

    back = {k: v for k, v in params.items() if v}
    back.update(recorded=rec.result_id, cases=",".join(rec.case_ids))
    return redirect("/ui/screen?" + urlencode(back))
