"""Lists (sources, versions, freshness, diffs, watch lists, entries) and the dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl import CaseKind, ExportctlError, ListVersion
from exportctl.cases import machine
from exportctl.web.charts import bar_chart
from exportctl.web.context import CurrentUser, get_web, render

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


@router.get("/lists/watch")
def watch_list(request: Request, source: str, me: CurrentUser) -> Response:
    web = get_web(request)
    entries = web.engine.lists.active_entries([source])
    return render(
        request,
        "watch.html",
        me,
        title=f"Watch list {source}",
        source=source,
        entries=sorted(entries, key=lambda e: e.names[0].name if e.names else e.entity_id),
    )


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
