"""Eight processes (not threads) at once: one winner, named conflicts, an unbroken chain."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest

from exportctl.cases import verify_chain
from exportctl.errors import Conflict, ExportctlError
from exportctl.model.audit import EventDraft
from exportctl.model.case import CaseKind
from exportctl.services import CaseService, UserService
from exportctl.store.casestore import SqlCaseStore
from tests.cases.helpers import open_cmd

N = 8
_CTX = mp.get_context("fork")  # each child opens its own engine below; nothing is shared


def _services(url: str) -> tuple[SqlCaseStore, CaseService]:
    store = SqlCaseStore(url)
    return store, CaseService(store, UserService(store))


def _approve(url: str, case_id: str, who: str, barrier: Barrier, out: Any) -> None:
    store, cases = _services(url)
    barrier.wait()
    try:
        cases.approve(who, case_id)
        out.put((who, "ok", ""))
    except ExportctlError as exc:
        out.put((who, type(exc).__name__, exc.code))
    finally:
        store.close()


def _move(url: str, case_id: str, who: str, barrier: Barrier, out: Any) -> None:
    store, cases = _services(url)
    barrier.wait()
    try:
        cases.transition(who, case_id, "in_progress", f"{who} takes it")
        out.put((who, "ok", ""))
    except ExportctlError as exc:
        out.put((who, type(exc).__name__, exc.code))
    finally:
        store.close()


def _append(url: str, who: str, barrier: Barrier, out: Any) -> None:
    store = SqlCaseStore(url)
    barrier.wait()
    try:
        for i in range(25):
            store.append_events([EventDraft(actor=who, action="test.append", object=f"{who}-{i}")])
        out.put((who, "ok", ""))
    except ExportctlError as exc:
        out.put((who, type(exc).__name__, exc.code))
    finally:
        store.close()


def _race(target: Any, args: list[tuple[Any, ...]]) -> list[tuple[str, str, str]]:
    barrier = _CTX.Barrier(len(args))
    out = _CTX.Queue()
    procs = [_CTX.Process(target=target, args=(*a, barrier, out)) for a in args]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


def _setup(url: str) -> tuple[SqlCaseStore, CaseService]:
    store, cases = _services(url)
    users = cases.users
    users.bootstrap("root")
    users.add("root", "ana", "analyst")
    for i in range(N):
        users.add("root", f"appr{i}", "approver")
    return store, cases


@pytest.mark.slow
def test_eight_approvers_one_proposal_exactly_one_wins(sql_url: str) -> None:
    store, cases = _setup(sql_url)
    case = cases.open("ana", open_cmd(CaseKind.INVESTIGATION))
    cases.propose("ana", case.id, "closed", "no concern found")
    results = _race(_approve, [(sql_url, case.id, f"appr{i}") for i in range(N)])
    winners = [r for r in results if r[1] == "ok"]
    assert len(winners) == 1, results
    losers = [r for r in results if r[1] != "ok"]
    assert all(
        r[1] == Conflict.__name__ and r[2] in {"case_conflict", "no_proposal", "case_closed"}
        for r in losers
    ), losers
    final = cases.get("ana", case.id)
    assert final.state == "closed" and final.decision is not None
    assert final.decision.approved_by == winners[0][0]
    approvals = [e for e in store.events(object_id=case.id) if e.action == "proposal.approved"]
    assert len(approvals) == 1 and approvals[0].actor == winners[0][0]
    assert verify_chain(store.events()).ok
    store.close()


@pytest.mark.slow
def test_eight_processes_move_one_case_exactly_one_wins(sql_url: str) -> None:
    store, cases = _setup(sql_url)
    case = cases.open("ana", open_cmd(CaseKind.INVESTIGATION))
    results = _race(_move, [(sql_url, case.id, f"appr{i}") for i in range(N)])
    assert sum(r[1] == "ok" for r in results) == 1, results
    assert all(
        r[1] == Conflict.__name__ and r[2] in {"case_conflict", "transition_not_allowed"}
        for r in results
        if r[1] != "ok"
    )
    moves = [e for e in store.events(object_id=case.id) if e.action == "case.transitioned"]
    assert len(moves) == 1
    assert cases.get("ana", case.id).version == 1
    assert verify_chain(store.events()).ok
    store.close()


@pytest.mark.slow
def test_eight_appenders_leave_no_fork_and_no_gap(sql_url: str) -> None:
    store = SqlCaseStore(sql_url)
    results = _race(_append, [(sql_url, f"w{i}") for i in range(N)])
    assert all(r[1] == "ok" for r in results), results
    events = list(store.events())
    assert [e.seq for e in events] == list(range(1, N * 25 + 1))
    assert len({e.prev_hash for e in events}) == len(events)  # no two events share a parent
    report = verify_chain(events)
    assert report.ok and report.events == N * 25
    store.close()
