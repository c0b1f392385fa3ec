"""``/cases``: investigations, hit reviews and licence applications, with four eyes.

The same library calls as ``exportctl cases ...``, under the caller: the library checks the
role of each action and the four-eyes rule (``four_eyes``), so a route only declares the
least role that can ever do it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.cases import OpenCase
from exportctl.model.case import Case, CaseKind, CaseLink, Role, User

__all__ = ["router"]

router = APIRouter(prefix="/cases", tags=["cases"])

Viewer = Annotated[User, Depends(requires(Role.VIEWER))]
Analyst = Annotated[User, Depends(requires(Role.ANALYST))]
Approver = Annotated[User, Depends(requires(Role.APPROVER))]
State = Annotated[ApiState, Depends(get_state)]


class ResultSummary(BaseModel):
    id: str
    kind: str
    provenance: dict[str, Any]


class CaseDetail(BaseModel):
    """The CLI's ``cases show --format json``: the case, its results' provenance, history."""

    case: Case
    results: list[ResultSummary]
    history: list[dict[str, Any]]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateCase(_Body):
    kind: CaseKind = CaseKind.INVESTIGATION
    title: str = Field(min_length=1, max_length=500)
    reason: str | None = None
    links: list[CaseLink] = Field(default_factory=list, max_length=100)


class TransitionBody(_Body):
    state: str = Field(min_length=1)
    reason: str = ""


class CommentBody(_Body):
    text: str = Field(min_length=1, max_length=20_000)


class AssignBody(_Body):
    user: str | None = Field(description="An analyst, approver or admin; null unassigns.")


class ProposeBody(_Body):
    decision: str = Field(min_length=1)
    reason: str = ""
    reason_code: str | None = None
    conditions: list[str] = Field(
        default_factory=list,
        description="approved_with_conditions: KIND[:DETAIL] (as the CLI's --condition).",
    )


class ApproveBody(_Body):
    reason: str | None = None


class RejectBody(_Body):
    reason: str = ""


def _detail(state: ApiState, actor: str, case: Case) -> CaseDetail:
    engine = state.engine
    results = [
        ResultSummary(id=r.id, kind=r.kind, provenance=r.provenance.model_dump(mode="json"))
        for r in engine.records.results_of(actor, case)
    ]
    return CaseDetail(case=case, results=results, history=engine.cases.history(actor, case.id))


@router.get("", response_model=list[Case])
def list_cases(
    state: State,
    user: Viewer,
    kind: CaseKind | None = None,
    state_: Annotated[str | None, Query(alias="state")] = None,
) -> list[Case]:
    """Cases, oldest first (``cases list``); ``kind`` and ``state`` filter."""
    return state.engine.cases.find(user.name, kind=kind.value if kind else None, state=state_)


@router.post("", response_model=CaseDetail, status_code=201)
def create(body: CreateCase, state: State, user: Analyst) -> CaseDetail:
    """Open a case by hand (hit reviews and licence applications are opened by
    ``/screen`` and ``/assess`` with ``record=true``, which give them their subject)."""
    cmd = OpenCase(kind=body.kind, title=body.title, links=tuple(body.links), reason=body.reason)
    case = state.engine.cases.open(user.name, cmd)
    return _detail(state, user.name, case)


@router.get("/{case_id}", response_model=CaseDetail)
def show(case_id: str, state: State, user: Viewer) -> CaseDetail:
    """One case with its results' provenance and its history (``cases show``)."""
    return _detail(state, user.name, state.engine.cases.get(user.name, case_id))


@router.post("/{case_id}/transition", response_model=CaseDetail)
def transition(case_id: str, body: TransitionBody, state: State, user: Analyst) -> CaseDetail:
    """Move a case to a state the state machine allows directly (``cases transition``)."""
    case = state.engine.cases.transition(user.name, case_id, body.state, body.reason)
    return _detail(state, user.name, case)


@router.post("/{case_id}/comment", response_model=CaseDetail)
def comment(case_id: str, body: CommentBody, state: State, user: Analyst) -> CaseDetail:
    """Add a comment (``cases comment``)."""
    case = state.engine.cases.comment(user.name, case_id, body.text)
    return _detail(state, user.name, case)


@router.post("/{case_id}/assign", response_model=CaseDetail)
def assign(case_id: str, body: AssignBody, state: State, user: Analyst) -> CaseDetail:
    """Assign a case to a user (``cases assign``)."""
    case = state.engine.cases.assign(user.name, case_id, body.user)
    return _detail(state, user.name, case)


@router.post("/{case_id}/propose", response_model=CaseDetail)
def propose(case_id: str, body: ProposeBody, state: State, user: Analyst) -> CaseDetail:
    """Propose a decision; it takes effect when a different approver approves it."""
    case = state.engine.cases.propose(
        user.name,
        case_id,
        body.decision,
        body.reason,
        reason_code=body.reason_code,
        conditions=body.conditions,
    )
    return _detail(state, user.name, case)


@router.post("/{case_id}/approve", response_model=CaseDetail)
def approve(case_id: str, body: ApproveBody, state: State, user: Approver) -> CaseDetail:
    """Approve the pending proposal (an approver other than the proposer: ``four_eyes``)."""
    case = state.engine.cases.approve(user.name, case_id, body.reason)
    return _detail(state, user.name, case)


@router.post("/{case_id}/reject", response_model=CaseDetail)
def reject(case_id: str, body: RejectBody, state: State, user: Approver) -> CaseDetail:
    """Reject the pending proposal; the case stays where it was (``cases reject``)."""
    case = state.engine.cases.reject(user.name, case_id, body.reason)
    return _detail(state, user.name, case)
