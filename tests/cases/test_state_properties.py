"""Property tests: no sequence of commands reaches a state the documented tables forbid."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.cases import (
    MACHINES,
    REASON_CODES,
    AddComment,
    Approve,
    Command,
    How,
    Propose,
    Reject,
    Reopen,
    Transition,
    decide,
)
from exportctl.errors import ExportctlError
from exportctl.model.case import CaseKind
from tests.cases.helpers import ADM, ANA, BEA, CAL, T0, VIC, new_case, user

ACTORS = [ANA, BEA, CAL, VIC, ADM, user("off", enabled=False)]
ALL_STATES = sorted({s for m in MACHINES.values() for s in m.state_names} | {"bogus"})
REASON = st.sampled_from(["", "because", "  "])


def commands() -> st.SearchStrategy[Command]:
    code = st.sampled_from([None, *{c for cs in REASON_CODES.values() for c in cs}])
    return st.one_of(
        st.builds(Transition, st.sampled_from(ALL_STATES), REASON),
        st.builds(Propose, st.sampled_from(ALL_STATES), REASON, code),
        st.builds(Approve, st.none()),
        st.builds(Reject, REASON),
        st.builds(AddComment, st.sampled_from(["", "note"])),
        st.builds(Reopen, st.just("entry changed"), st.just({}), st.just("h9"), st.just({})),
    )


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(CaseKind)),
    steps=st.lists(st.tuples(commands(), st.sampled_from(ACTORS)), max_size=25),
)
def test_every_reachable_step_is_in_the_table(
    kind: CaseKind, steps: list[tuple[Command, object]]
) -> None:
    m = MACHINES[kind]
    case = new_case(kind)
    for cmd, actor in steps:
        before = case
        try:
            out = decide(case, cmd, actor, T0)  # type: ignore[arg-type]
        except ExportctlError:
            continue  # refused: nothing changed (the case is a value)
        case = out.case
        assert case.version == before.version + 1
        assert case.state in m.state_names
        assert out.events and all(e.object == case.id for e in out.events)
        if case.state != before.state:
            t = m.find(before.state, case.state)
            assert t is not None, f"{before.state} -> {case.state} is not in the table"
            assert before.state not in m.terminal
            if t.how is How.DECISION:
                # a decision took effect: proposed by one user, approved by another approver
                assert isinstance(cmd, Approve) and case.decision is not None
                assert case.decision.proposed_by != case.decision.approved_by
        if case.proposal is not None:
            assert m.find(case.state, case.proposal.decision, How.DECISION) is not None


def test_tables_are_consistent() -> None:
    for m in MACHINES.values():
        names = set(m.state_names)
        assert m.initial in names and m.terminal <= names
        for t in m.transitions:
            assert {t.source, t.target} <= names
            assert t.source not in m.terminal, f"{m.kind}: leaves final state {t.source}"
        for d in m.decisions():
            assert d in names
