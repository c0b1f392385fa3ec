"""Cases: the list, one case (timeline, links, comments, next steps), the review queue.

Every change goes through ``engine.cases`` with the signed-in user as the actor, so the
library's role and four-eyes checks decide; the page only hides what the user may not do.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from exportctl import Case, CaseKind, InvalidInput, LicenceCondition, LinkKind, NotFound
from exportctl import describe_condition as _describe
from exportctl.cases import REASON_CODES, How, machine
from exportctl.model.case import ConditionKind
from exportctl.web.context import CheckedForm, CurrentUser, get_web, redirect, render
from exportctl.web.context import text_field as _f

__all__ = ["router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
CONDITION_KINDS = tuple(k.value for k in ConditionKind)


def _conditions(items: tuple[LicenceCondition, ...]) -> list[str]:
    return [_describe(c) for c in items]


def _link_url(kind: LinkKind, ref: str, label: str | None) -> str | None:
    from urllib.parse import quote

    if kind is LinkKind.CASE:
        return f"/ui/cases/{quote(ref)}"
    if kind is LinkKind.RESULT:
        return f"/ui/results/{quote(ref)}"
    if kind is LinkKind.ENTRY:
        return f"/ui/lists/entry?id={quote(ref)}"
    if kind is LinkKind.PARTY:
        name = (label or ref).split(" (")[0]
        return f"/ui/screen?name={quote(name)}"
    return None


@router.get("/cases")
def cases_page(
    request: Request,
    me: CurrentUser,
    kind: str | None = None,
    state: str | None = None,
) -> Response:
    web = get_web(request)
    kind = kind or None
    state = state or None
    cases = web.engine.cases.find(me.name, kind=kind, state=state)
    states = sorted({s for k in CaseKind for s in machine(k).state_names})
    return render(
        request,
        "cases.html",
        me,
        title="Cases",
        cases=sorted(cases, key=lambda c: c.updated_at, reverse=True),
        kinds=[k.value for k in CaseKind],
        states=states,
        kind=kind,
        state=state,
    )


@router.get("/reviews")
def review_queue(request: Request, me: CurrentUser, kind: str | None = None) -> Response:
    """Hit reviews waiting for a proposal, and every proposal waiting for a second user."""
    web = get_web(request)
    cases = web.engine.cases.find(me.name, kind=kind or None)
    to_decide = [
        c
        for c in cases
        if c.kind is CaseKind.HIT_REVIEW and c.state == "open" and c.proposal is None
    ]
    to_approve = [c for c in cases if c.proposal is not None]
    return render(
        request,
        "reviews.html",
        me,
        title="Review queue",
        to_decide=sorted(to_decide, key=lambda c: c.created_at),
        to_approve=sorted(to_approve, key=lambda c: c.updated_at),
        kinds=[k.value for k in CaseKind],
        kind=kind or None,
        reason_codes=REASON_CODES,
    )


def _next_steps(case: Case) -> dict[str, Any]:
    m = machine(case.kind)
    allowed = [t for t in m.allowed_from(case.state) if t.how is not How.SYSTEM]
    return {
        "direct": [t for t in allowed if t.how is How.DIRECT],
        "decisions": [t for t in allowed if t.how is How.DECISION],
        "terminal": case.state in m.terminal,
    }


@router.get("/cases/{case_id}")
def case_page(case_id: str, request: Request, me: CurrentUser) -> Response:
    web = get_web(request)
    engine = web.engine
    case = engine.cases.get(me.name, case_id)
    results = []
    for link in case.links:
        if link.kind is LinkKind.RESULT:
            try:
                results.append(engine.records.get_result(me.name, link.ref))
            except NotFound:
                continue
    links = [
        {"kind": ln.kind.value, "ref": ln.ref, "label": ln.label, "url": _link_url(*_t(ln))}
        for ln in case.links
    ]
    return render(
        request,
        "case.html",
        me,
        title=f"Case {case.id}",
        case=case,
        links=links,
        results=results,
        history=engine.cases.history(me.name, case.id),
        steps=_next_steps(case),
        reason_codes=REASON_CODES,
        condition_kinds=CONDITION_KINDS,
        proposal_conditions=_conditions(case.proposal.conditions) if case.proposal else [],
        decision_conditions=_conditions(case.decision.conditions) if case.decision else [],
    )


def _t(link: Any) -> tuple[LinkKind, str, str | None]:
    return link.kind, link.ref, link.label


def _reason(form: FormData, *, required: bool = True) -> str | None:
    reason = _f(form, "reason")
    if required and not reason:
        raise InvalidInput("give a reason", code="invalid_input", errors={"reason": "required"})
    return reason


@router.post("/cases/{case_id}/transition")
def transition(
    case_id: str,
    request: Request,
    me: CurrentUser,
    form: CheckedForm,
) -> Response:
    target = _f(form, "state") or ""
    get_web(request).engine.cases.transition(me.name, case_id, target, _reason(form) or "")
    return redirect(f"/ui/cases/{case_id}")


@router.post("/cases/{case_id}/comment")
def comment(
    case_id: str,
    request: Request,
    me: CurrentUser,
    form: CheckedForm,
) -> Response:
    text = _f(form, "text")
    if not text:
        raise InvalidInput("the comment is empty", code="invalid_input")
    get_web(request).engine.cases.comment(me.name, case_id, text)
    return redirect(f"/ui/cases/{case_id}")


@router.post("/cases/{case_id}/propose")
def propose(
    case_id: str,
    request: Request,
    me: CurrentUser,
    form: CheckedForm,
) -> Response:
    # One condition a line, as `cases propose --condition`: KIND[:DETAIL] (docs/cases.md).
    conditions = [ln.strip() for ln in (_f(form, "conditions") or "").splitlines() if ln.strip()]
    get_web(request).engine.cases.propose(
        me.name,
        case_id,
        _f(form, "decision") or "",
        _reason(form) or "",
        reason_code=_f(form, "reason_code"),
        conditions=conditions,
    )
    return redirect(f"/ui/cases/{case_id}")


@router.post("/cases/{case_id}/approve")
def approve(
    case_id: str,
    request: Request,
    me: CurrentUser,
    form: CheckedForm,
) -> Response:
    get_web(request).engine.cases.approve(me.name, case_id, _reason(form, required=False))
    return redirect(f"/ui/cases/{case_id}")


@router.post("/cases/{case_id}/reject")
def reject(
    case_id: str,
    request: Request,
    me: CurrentUser,
    form: CheckedForm,
) -> Response:
    get_web(request).engine.cases.reject(me.name, case_id, _reason(form) or "")
    return redirect(f"/ui/cases/{case_id}")


@router.get("/results/{result_id}")
def result_page(result_id: str, request: Request, me: CurrentUser) -> Response:
    import json

    result = get_web(request).engine.records.get_result(me.name, result_id)
    return render(
        request,
        "result.html",
        me,
        title=f"Result {result.id}",
        result=result,
        data=json.dumps(result.data, indent=2, ensure_ascii=False)[:200_000],
    )
