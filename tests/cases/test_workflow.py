"""The pure workflow: roles, the state machines, four eyes and bad input."""

from __future__ import annotations

import pytest

from exportctl.cases import (
    AddComment,
    Approve,
    Propose,
    Reject,
    Reopen,
    Transition,
    decide,
    parse_conditions,
)
from exportctl.errors import Conflict, ExportctlError, Forbidden, InvalidInput
from exportctl.model.case import CaseKind, ConditionKind, Role
from tests.cases.helpers import ADM, ANA, BEA, CAL, T0, VIC, new_case, user


def _code(exc: pytest.ExceptionInfo[ExportctlError]) -> str:
    return exc.value.code


def test_a_licence_application_goes_through_four_eyes() -> None:
    case = new_case(CaseKind.LICENCE_APPLICATION)
    assert case.state == "draft" and case.version == 0
    case = decide(case, Transition("submitted", "filed"), ANA, T0).case
    case = decide(case, Transition("under_review", "officer starts"), ANA, T0).case
    conds = parse_conditions(["end_use_statement", "validity_end:2027-12-31"])
    out = decide(
        case, Propose("approved_with_conditions", "fine with limits", None, conds), ANA, T0
    )
    case = out.case
    assert case.state == "under_review" and case.proposal is not None
    assert [e.action for e in out.events] == ["proposal.made"]
    with pytest.raises(Forbidden) as same:
        decide(case, Approve(), user("ana", Role.APPROVER), T0)
    assert _code(same) == "four_eyes"
    done = decide(case, Approve(), BEA, T0)
    assert done.case.state == "approved_with_conditions" and done.case.proposal is None
    assert done.case.decision is not None
    assert (done.case.decision.proposed_by, done.case.decision.approved_by) == ("ana", "bea")
    assert [c.kind for c in done.case.decision.conditions] == [
        ConditionKind.END_USE_STATEMENT,
        ConditionKind.VALIDITY_END,
    ]
    assert done.case.version == case.version + 1
    ev = done.events[0]
    assert (ev.actor, ev.action, ev.object) == ("bea", "proposal.approved", "C-1")
    assert ev.payload["from"] == "under_review" and ev.payload["to"] == "approved_with_conditions"


def test_reject_keeps_the_state_and_needs_a_reason_and_a_different_approver() -> None:
    case = new_case(CaseKind.INVESTIGATION)
    case = decide(case, Propose("closed", "nothing found"), ANA, T0).case
    with pytest.raises(InvalidInput) as no_reason:
        decide(case, Reject("  "), BEA, T0)
    assert _code(no_reason) == "reason_required"
    with pytest.raises(Forbidden) as analyst:
        decide(case, Reject("no"), user("zed"), T0)
    assert _code(analyst) == "role_required"
    out = decide(case, Reject("look at the end user first"), CAL, T0)
    assert out.case.state == "open" and out.case.proposal is None
    assert out.events[0].reason == "look at the end user first"


@pytest.mark.parametrize(
    ("kind", "command", "actor", "code", "error"),
    [
        (
            CaseKind.INVESTIGATION,
            Transition("closed", "x"),
            ANA,
            "transition_not_allowed",
            Conflict,
        ),
        (CaseKind.INVESTIGATION, Transition("nowhere", "x"), ANA, "state_unknown", InvalidInput),
        (
            CaseKind.INVESTIGATION,
            Transition("in_progress", ""),
            ANA,
            "reason_required",
            InvalidInput,
        ),
        (CaseKind.INVESTIGATION, Transition("in_progress", "x"), VIC, "role_required", Forbidden),
        (CaseKind.INVESTIGATION, Propose("denied", "x"), ANA, "decision_unknown", InvalidInput),
        (CaseKind.INVESTIGATION, Propose("closed", ""), ANA, "reason_required", InvalidInput),
        (CaseKind.HIT_REVIEW, Propose("cleared", "x"), ANA, "reason_code_invalid", InvalidInput),
        (
            CaseKind.HIT_REVIEW,
            Propose("cleared", "x", "same_party"),
            ANA,
            "reason_code_invalid",
            InvalidInput,
        ),
        (CaseKind.HIT_REVIEW, Approve(), BEA, "no_proposal", Conflict),
        (
            CaseKind.LICENCE_APPLICATION,
            Propose("approved", "x"),
            ANA,
            "transition_not_allowed",
            Conflict,
        ),
        (CaseKind.INVESTIGATION, AddComment(" "), ANA, "comment_empty", InvalidInput),
        (CaseKind.INVESTIGATION, AddComment("hi"), VIC, "role_required", Forbidden),
        (
            CaseKind.INVESTIGATION,
            AddComment("hi"),
            user("old", Role.ADMIN, enabled=False),
            "user_disabled",
            Forbidden,
        ),
    ],
)
def test_bad_commands_raise_named_errors(
    kind: CaseKind,
    command: object,
    actor: object,
    code: str,
    error: type[ExportctlError],
) -> None:
    case = new_case(kind)
    with pytest.raises(error) as exc:
        decide(case, command, actor, T0)  # type: ignore[arg-type]
    assert exc.value.code == code


def test_conditions_go_only_with_approved_with_conditions() -> None:
    case = new_case(CaseKind.LICENCE_APPLICATION)
    case = decide(case, Transition("submitted", "f"), ANA, T0).case
    case = decide(case, Transition("under_review", "r"), ANA, T0).case
    with pytest.raises(InvalidInput) as none:
        decide(case, Propose("approved_with_conditions", "x"), ANA, T0)
    assert none.value.code == "conditions_required"
    with pytest.raises(InvalidInput) as extra:
        decide(case, Propose("denied", "x", None, parse_conditions(["reporting_duty"])), ANA, T0)
    assert extra.value.code == "conditions_not_allowed"
    with pytest.raises(InvalidInput) as bad:
        parse_conditions(["validity_end:soon"])
    assert bad.value.code == "condition_invalid"


def test_a_final_state_refuses_every_move() -> None:
    case = new_case(CaseKind.HIT_REVIEW)
    case = decide(case, Propose("confirmed", "same passport", "same_identifier"), ANA, T0).case
    case = decide(case, Approve(), BEA, T0).case
    assert case.state == "confirmed"
    for cmd in (
        Transition("open", "again"),
        Propose("cleared", "x", "different_entity"),
        Approve(),
        Reject("x"),
    ):
        with pytest.raises(Conflict) as exc:
            decide(case, cmd, ADM, T0)
        assert exc.value.code == "case_closed"


def test_a_cleared_review_reopens_with_the_entry_diff() -> None:
    case = new_case(CaseKind.HIT_REVIEW)
    case = decide(case, Propose("cleared", "other firm", "different_entity"), ANA, T0).case
    case = decide(case, Approve(), BEA, T0).case
    diff = {"birth_dates": {"from": None, "to": ["1961"]}}
    out = decide(case, Reopen("entry changed", diff, "h2", {"x": 1}), VIC, T0)
    assert out.case.state == "open" and out.case.decision is None
    assert out.case.subject is not None and out.case.subject.entry_hash == "h2"
    assert out.case.reopened[0]["diff"] == diff
    assert out.case.reopened[0]["previous_decision"]["approved_by"] == "bea"
    assert out.events[0].action == "case.reopened"
