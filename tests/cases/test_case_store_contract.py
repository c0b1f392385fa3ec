"""The case-store contract, on the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from exportctl.cases import OpenCase, decide, review_key, verify_chain
from exportctl.errors import Conflict, ExportctlError, Forbidden, InvalidInput, NotFound
from exportctl.model.audit import EventDraft
from exportctl.model.case import CaseKind, Provenance, RecordedResult, Role
from exportctl.services import AuditService, CaseService, RecordService, UserService
from exportctl.store.ports import CaseStore
from tests.cases.helpers import ANA, T0, open_cmd, subject


def _users(store: CaseStore) -> UserService:
    users = UserService(store)
    assert users.bootstrap("root")
    users.add("root", "ana", "analyst")
    users.add("root", "bea", "approver")
    users.add("root", "cal", "approver")
    return users


def test_events_chain_in_order_and_read_back(case_store: CaseStore) -> None:
    assert case_store.head() is None
    a = case_store.append_events([EventDraft(actor="x", action="t.a", object="o1")])
    b = case_store.append_events(
        [
            EventDraft(actor="x", action="t.b", object="o2", reason="r", payload={"k": [1, "é"]}),
            EventDraft(actor="y", action="t.c", object="o1"),
        ]
    )
    assert [e.seq for e in a + b] == [1, 2, 3]
    assert b[0].prev_hash == a[0].hash and b[1].prev_hash == b[0].hash
    events = list(case_store.events())
    assert events == a + b
    assert [e.seq for e in case_store.events(object_id="o1")] == [1, 3]
    assert events[1].payload_data() == {"k": [1, "é"]}
    head = case_store.head()
    assert head is not None and head.hash == b[1].hash
    assert verify_chain(events, anchor=a[0].hash).ok


def test_first_user_is_created_once_and_users_are_checked(case_store: CaseStore) -> None:
    users = _users(case_store)
    assert not users.bootstrap("someone-else")
    assert [(u.name, u.role) for u in users.list_users("ana")] == [
        ("ana", Role.ANALYST),
        ("bea", Role.APPROVER),
        ("cal", Role.APPROVER),
        ("root", Role.ADMIN),
    ]
    n = len(list(case_store.events()))
    with pytest.raises(Conflict) as dup:
        users.add("root", "ana", "viewer")
    assert dup.value.code == "user_exists"
    with pytest.raises(Forbidden) as not_admin:
        users.add("ana", "eve", "viewer")
    assert not_admin.value.code == "role_required"
    with pytest.raises(NotFound) as unknown:
        users.add("nobody", "eve", "viewer")
    assert unknown.value.code == "user_not_found"
    with pytest.raises(InvalidInput) as bad_role:
        users.add("root", "eve", "boss")
    assert bad_role.value.code == "role_unknown"
    with pytest.raises(Conflict) as last:
        users.disable("root", "root")
    assert last.value.code == "last_admin"
    assert len(list(case_store.events())) == n  # nothing written by refused calls
    with pytest.raises(Conflict):
        users.set_role("root", "root", "viewer")
    assert users.set_role("root", "cal", "analyst", "moved team").role is Role.ANALYST
    users.disable("root", "cal", "left the company")
    with pytest.raises(Forbidden) as disabled:
        users.resolve("cal")
    assert disabled.value.code == "user_disabled"
    assert [e.action for e in case_store.events(object_id="cal")] == [
        "user.added",
        "user.role_changed",
        "user.disabled",
    ]


def test_cases_get_ids_move_and_refuse_stale_writes(case_store: CaseStore) -> None:
    users = _users(case_store)
    cases = CaseService(case_store, users)
    inv = cases.open("ana", open_cmd(CaseKind.INVESTIGATION, "A-2026-00007"))
    lic = cases.open("ana", open_cmd(CaseKind.LICENCE_APPLICATION))
    assert inv.id == "A-2026-00007"
    assert lic.id.startswith("L-") and lic.id[2:6].isdigit()
    with pytest.raises(Conflict) as taken:
        cases.open("ana", open_cmd(CaseKind.INVESTIGATION, "A-2026-00007"))
    assert taken.value.code == "case_exists"
    moved = cases.transition("ana", inv.id, "in_progress", "on it")
    assert cases.get("ana", inv.id) == moved
    # a change computed from an old version loses
    stale = decide(inv, open_cmd(CaseKind.INVESTIGATION), ANA, T0)  # any new value
    with pytest.raises(Conflict) as lost:
        case_store.update_case(stale.case.model_copy(update={"id": inv.id}), inv.version, [])
    assert lost.value.code == "case_conflict"
    assert [c.id for c in cases.find("ana", kind="licence_application")] == [lic.id]
    assert [c.id for c in cases.find("ana", state="in_progress")] == [inv.id]
    with pytest.raises(NotFound) as missing:
        cases.get("ana", "A-1999-00001")
    assert missing.value.code == "case_not_found"
    history = [e["action"] for e in cases.history("ana", inv.id)]
    assert history == ["case.opened", "case.transitioned"]


def test_refused_changes_write_nothing(case_store: CaseStore) -> None:
    users = _users(case_store)
    cases = CaseService(case_store, users)
    case = cases.open("ana", open_cmd(CaseKind.HIT_REVIEW))
    before = list(case_store.events())
    calls: list[Callable[[], object]] = [
        lambda: cases.transition("ana", case.id, "cleared", "x"),  # a decision, not a move
        lambda: cases.propose("ana", case.id, "cleared", "", reason_code="different_entity"),
        lambda: cases.propose("ana", case.id, "cleared", "x", reason_code="bogus"),
        lambda: cases.approve("bea", case.id),  # nothing proposed
        lambda: cases.comment("ghost", case.id, "hi"),
        lambda: cases.comment("ana", "H-1999-00009", "hi"),
    ]
    for call in calls:
        with pytest.raises(ExportctlError) as exc:
            call()
        assert exc.value.code in {
            "transition_not_allowed",
            "reason_required",
            "reason_code_invalid",
            "no_proposal",
            "user_not_found",
            "case_not_found",
        }
    assert list(case_store.events()) == before
    assert cases.get("ana", case.id) == case


def test_hit_reviews_are_one_per_party_and_entry(case_store: CaseStore) -> None:
    users = _users(case_store)
    cases = CaseService(case_store, users)
    key = review_key("machine sazi arak|IR|", "ofac-sdn:1")
    first = cases.open("ana", open_cmd(CaseKind.HIT_REVIEW), review_key=key)
    assert case_store.find_review(key) == first
    with pytest.raises(Conflict):
        cases.open(
            "ana",
            OpenCase(kind=CaseKind.HIT_REVIEW, title="again", subject=subject()),
            review_key=key,
        )
    assert case_store.find_review("nope#x") is None


def test_results_keep_their_provenance(case_store: CaseStore) -> None:
    users = _users(case_store)
    records = RecordService(case_store, CaseService(case_store, users))
    prov = Provenance(exportctl_version="0.1.0", lists={"ofac-sdn": "abc"}, rules="r1")
    saved = records.save_result("ana", "screening", "Acme", {"matches": []}, prov)
    got = records.get_result("ana", saved.id)
    assert isinstance(got, RecordedResult)
    assert got.provenance == prov and got.data == {"matches": []} and got.created_by == "ana"
    users.add("root", "vic", "viewer")
    with pytest.raises(Forbidden) as viewer:
        records.save_result("vic", "screening", "x", {}, prov)
    assert viewer.value.code == "role_required"
    with pytest.raises(NotFound) as missing:
        records.get_result("ana", "R-nope")
    assert missing.value.code == "result_not_found"
    assert AuditService(case_store, users).verify("ana").ok


def test_decisions_need_a_second_user(case_store: CaseStore) -> None:
    users = _users(case_store)
    cases = CaseService(case_store, users)
    case = cases.open("ana", open_cmd(CaseKind.INVESTIGATION))
    users.add("root", "pat", "approver")
    cases.propose("pat", case.id, "closed", "no concern")
    with pytest.raises(Forbidden) as same:
        cases.approve("pat", case.id)
    assert same.value.code == "four_eyes"
    done = cases.approve("bea", case.id)
    assert done.state == "closed"
    assert done.decision is not None and done.decision.approved_by == "bea"
