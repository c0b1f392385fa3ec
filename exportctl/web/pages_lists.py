"""Lists (sources, versions, freshness, diffs, watch lists, entries) and the dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl import (
    ALERTS_WATCHLIST,
    CaseKind,
    ExportctlError,
    Forbidden,
    InvalidInput,
    ListEntry,
    ListVersion,
    read_list_files,
)
from exportctl.cases import machine
from exportctl.web.charts import bar_chart
from exportctl.web.context import CheckedForm, CurrentUser, get_web, redirect, render, text_field
from exportctl.web.workspace import Workspace, safe_name

__all__ = ["router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
#: How many days of activity the dashboard charts.
DAYS = 14


def _freshness(v: ListVersion, today: datetime) -> dict[str, Any]:
    """Days since the version was published (or, when the list does not say, loaded)."""
    if v.published is not None:
        days = (today.date() - v.published).days
        basis = "published"
    else:
        days = (today - v.loaded_at.astimezone(UTC)).days
        basis = "loaded"
    return {"days": days, "basis": basis, "stale": days > 30}


@router.get("/lists")
def lists_page(request: Request, me: CurrentUser) -> Response:
    web = get_web(request)
    now = datetime.now(UTC)
    versions = web.engine.lists.status(all_versions=True)
    sources: dict[str, list[ListVersion]] = {}
    for v in versions:
        sources.setdefault(v.source, []).append(v)
    rows = []
    for source, vs in sorted(sources.items()):
        vs.sort(key=lambda v: v.loaded_at, reverse=True)
        active = next((v for v in vs if v.active), vs[0])
        rows.append(
            {
                "source": source,
                "active": active,
                "versions": vs,
                "fresh": _freshness(active, now),
                "watch": source.startswith("watch:"),
            }
        )
    return render(request, "lists.html", me, title="Lists", rows=rows)


@router.get("/lists/diff")
def list_diff(
    request: Request,
    me: CurrentUser,
    source: str,
    from_version: str | None = None,
    to_version: str | None = None,
) -> Response:
    web = get_web(request)
    diff = web.engine.lists.diff(
        source, from_version=from_version or None, to_version=to_version or None
    )
    versions = web.engine.lists.status(all_versions=True, source=source)
    return render(
        request,
        "diff.html",
        me,
        title=f"Diff {source}",
        diff=diff,
        versions=sorted(versions, key=lambda v: v.loaded_at, reverse=True),
    )


def _as_yaml(source: str, entries: list[ListEntry]) -> str:
    """A watch list's active entries in the watch-list YAML format (docs/list-formats.md)."""
    rows = []
    for e in entries:
        row: dict[str, Any] = {"name": e.name}
        if any(n.value != e.name for n in e.names):
            row["aliases"] = [n.value for n in e.names if n.value != e.name]
        if e.schema_.value != "Unknown":
            row["schema"] = e.schema_.value
        if e.countries:
            row["country"] = list(e.countries)
        for key, value in (("reason", e.reason), ("source", e.reference)):
            if value:
                row[key] = value
        if e.end_use_concerns:
            row["end_use_concern"] = list(e.end_use_concerns)
        rows.append(row)
    doc = {"name": source.removeprefix("watch:"), "entries": rows}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


@router.get("/lists/watch")
def watch_list(request: Request, me: CurrentUser, source: str = "") -> Response:
    web = get_web(request)
    entries = web.engine.lists.active_entries([source]) if source else []
    entries.sort(key=lambda e: e.name)
    return render(
        request,
        "watch.html",
        me,
        title=f"Watch list {source or '(new)'}",
        source=source,
        entries=entries,
        editable=source != ALERTS_WATCHLIST,
        text=_as_yaml(source or "watch:my-list", entries),
    )


@router.post("/lists/watch")
def watch_list_save(request: Request, me: CurrentUser, form: CheckedForm) -> Response:
    """Store an edited watch list as its new version (``lists load FILE.yaml``)."""
    web = get_web(request)
    if not me.can("analyst"):
        raise Forbidden(
            f"{me.name} is a {me.user.role.value}; editing a watch list needs the analyst role",
            code="role_required",
        )
    text = (text_field(form, "text") or "").replace("\r\n", "\n")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"not valid YAML: {exc}", code="list_parse_error") from None
    name = str(doc.get("name") or "") if isinstance(doc, dict) else ""
    if f"watch:{name}" == ALERTS_WATCHLIST:
        raise InvalidInput(
            f"{ALERTS_WATCHLIST} is kept by intake (an investigation adds its parties)",
            code="invalid_input",
        )
    ws = Workspace(web.api.settings.home / "web-uploads")
    wid = ws.save([(f"{safe_name(name or 'watchlist')}.yaml", text.encode())])
    files = read_list_files(ws.folder / wid / f"{safe_name(name or 'watchlist')}.yaml")
    with web.actor_lock:  # the load's audit event names the signed-in user
        web.engine.actor = me.name
        try:
            report = web.engine.lists.load(files)
        finally:
            web.engine.actor = None
    return redirect(f"/ui/lists/watch?source={quote(report.source)}")


@router.get("/lists/entry")
def entry_page(request: Request, id: str, me: CurrentUser) -> Response:
    web = get_web(request)
    entry = web.engine.lists.entry(id)
    return render(
        request,
        "entry.html",
        me,
        title=f"Entry {entry.entity_id}",
        entry=entry,
        data=entry.model_dump(mode="json", by_alias=True, exclude_defaults=True),
    )


@router.get("/dashboard")
def dashboard(request: Request, me: CurrentUser) -> Response:
    web = get_web(request)
    engine = web.engine
    now = datetime.now(UTC)
    cases = engine.cases.find(me.name)
    open_cases = [c for c in cases if c.state not in machine(c.kind).terminal]
    by_state = Counter(f"{c.kind.value}: {c.state}" for c in open_cases)
    ages = [(now - c.created_at.astimezone(UTC)).days for c in open_cases]
    first = (now - timedelta(days=DAYS - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    screenings: Counter[str] = Counter()
    reviews: Counter[str] = Counter()
    for e in engine.audit.events(me.name, since=first):
        day = e.at[:10]
        if e.action == "screening.recorded":
            screenings[day] += 1
        elif e.action == "case.opened" and e.object.startswith("H-"):
            reviews[day] += 1
    days = [(first + timedelta(days=i)).date().isoformat() for i in range(DAYS)]
    total = sum(screenings.values())
    fresh: list[tuple[str, float]] = []
    try:
        for v in engine.lists.status():
            fresh.append((v.source, float(_freshness(v, now)["days"])))
    except ExportctlError:
        fresh = []
    return render(
        request,
        "dashboard.html",
        me,
        title="Dashboard",
        open_count=len(open_cases),
        oldest=max(ages, default=0),
        pending=sum(1 for c in open_cases if c.proposal is not None),
        reviews_open=sum(1 for c in open_cases if c.kind is CaseKind.HIT_REVIEW),
        screenings_total=total,
        hit_rate=(sum(reviews.values()) / total) if total else None,
        by_state_chart=bar_chart(sorted(by_state.items()), title="Open cases by state"),
        screenings_chart=bar_chart(
            [(d[5:], float(screenings[d])) for d in days], title="Screenings recorded per day"
        ),
        reviews_chart=bar_chart(
            [(d[5:], float(reviews[d])) for d in days], title="Hit reviews opened per day"
        ),
        fresh_chart=bar_chart(fresh, title="List freshness (days)", unit="d"),
    )
