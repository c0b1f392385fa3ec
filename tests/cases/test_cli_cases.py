"""Users, hit reviews with the cleared-hit memory, and the audit commands, through the CLI."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run_cli, run_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def _as(home: Path, user: str, *args: str) -> Any:
    return run_json(home, "--as", user, *args)


def _err(home: Path, *args: str) -> str:
    res = run_cli(home, *args)
    assert res.exit_code == 1, res.output
    return res.stderr.strip()


def _head(home: Path) -> str:
    return str(run_json(home, "audit", "head")["hash"])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    assert run_cli(h, "lists", "load", str(FIX / "watch-v1.yaml")).exit_code == 0
    run_json(h, "users", "add", "ana", "--role", "analyst")
    run_json(h, "users", "add", "bea", "--role", "approver")
    run_json(h, "users", "add", "vic", "--role", "viewer")
    return h


def test_first_command_makes_the_os_account_admin_and_users_are_checked(tmp_path: Path) -> None:
    h = tmp_path / "fresh"
    users = run_json(h, "users", "list")
    assert [(u["name"], u["role"]) for u in users] == [(getpass.getuser(), "admin")]
    assert "[user_not_found]" in _err(h, "--as", "nobody", "users", "list")
    # the engine's own "system" actor is not a user anyone can act as
    assert "[user_not_found]" in _err(h, "--as", "system", "users", "add", "x", "--role", "admin")
    run_json(h, "users", "add", "ana", "--role", "analyst")
    env_user = run_cli(h, "users", "add", "x", "--role", "viewer", env={"EXPORTCTL_USER": "ana"})
    assert env_user.exit_code == 1 and "[role_required]" in env_user.stderr
    assert "[role_unknown]" in _err(h, "users", "add", "bob", "--role", "boss")
    run_json(h, "users", "disable", "ana", "--reason", "left")
    assert "[user_disabled]" in _err(h, "--as", "ana", "cases", "list")
    actions = [e["action"] for e in run_json(h, "audit", "log")]
    assert actions == ["user.added", "user.added", "user.disabled"]


def test_cleared_hits_are_remembered_and_reopen_when_the_entry_changes(home: Path) -> None:
    first = _as(home, "ana", "screen", "Ole Nordmann", "--country", "NO", "--record")
    [top] = [m for m in first["matches"] if m["entity_id"] == "watch:case-tests:ole"]
    assert top["decision"] == "match" and top["review"]["status"] == "open"
    [case_id] = [c for c in first["case_ids"] if c == top["review"]["case_id"]]
    assert case_id.startswith("H-")
    # Only with a reason code, then four eyes.
    assert "[reason_code_invalid]" in _err(
        home, "--as", "ana", "cases", "propose", case_id, "cleared", "--reason", "other man"
    )
    _as(
        home, "ana", "cases", "propose", case_id, "cleared", "--reason", "born 1990, not listed",
        "--reason-code", "different_birth_date",
    )  # fmt: skip
    assert "[role_required]" in _err(home, "--as", "ana", "cases", "approve", case_id)
    shown = _as(home, "bea", "cases", "approve", case_id)
    assert shown["case"]["state"] == "cleared"
    # The same party again (other spelling of case and spacing): cleared, no new review.
    again = _as(home, "ana", "screen", "OLE  nordmann", "--country", "no", "--record")
    memo = {m["entity_id"]: m.get("review") for m in again["matches"]}
    seen = memo["watch:case-tests:ole"]
    assert seen["status"] == "cleared" and seen["case_id"] == case_id
    assert (seen["decided_by"], seen["approved_by"]) == ("ana", "bea")
    assert seen["reason"] == "born 1990, not listed" and seen["decided_at"]
    assert case_id not in again["case_ids"]
    hit_reviews = run_json(home, "cases", "list", "--kind", "hit_review")
    assert len([c for c in hit_reviews if c["subject"]["entity_id"].endswith(":ole")]) == 1
    # Plain screening reports the memory too, and writes nothing.
    head = _head(home)
    plain = run_json(home, "screen", "Ole Nordmann", "--country", "NO")
    assert {m["entity_id"]: m.get("review", {}).get("status") for m in plain["matches"]}[
        "watch:case-tests:ole"
    ] == "cleared"
    assert _head(home) == head
    # A later list version changes the entry: the review reopens with the diff.
    assert run_cli(home, "lists", "load", str(FIX / "watch-v2.yaml")).exit_code == 0
    later = _as(home, "ana", "screen", "Ole Nordmann", "--country", "NO", "--record")
    review = {m["entity_id"]: m.get("review") for m in later["matches"]}["watch:case-tests:ole"]
    assert review["status"] == "reopened" and "names" in review["diff"]
    assert case_id in later["case_ids"]
    case = run_json(home, "cases", "show", case_id)
    assert case["case"]["state"] == "open" and case["case"]["decision"] is None
    assert case["case"]["reopened"][0]["previous_decision"]["approved_by"] == "bea"
    assert [e["action"] for e in case["history"]] == [
        "case.opened",
        "proposal.made",
        "proposal.approved",
        "case.reopened",
    ]
    # what the recorded screening rested on
    [result] = case["results"]
    assert result["provenance"]["lists"]["watch:case-tests"]
    assert result["provenance"]["scorer_config_hash"]
    assert run_json(home, "audit", "verify")["ok"]


_TX = """id: T-OLE
date: 2026-11-01
exporter: {name: Acme Werkzeug GmbH, country: DE}
parties:
  - {role: end_user, name: Ole Nordmann, country: NO}
destination: NO
items:
  gauge: {id: gauge, description: hand-held thickness gauge, category: machine_tool_part}
lines:
  - {activity: export, item: gauge, quantity: 1}
"""


def test_assess_leaves_out_a_cleared_hit_and_names_it(home: Path, tmp_path: Path) -> None:
    tx = tmp_path / "tx.yaml"
    tx.write_text(_TX)

    def watch_findings(det: dict[str, Any]) -> list[str]:
        return [f["code"] for f in det["findings"] if f["code"] == "common.party.watch_match"]

    before = run_json(home, "assess", str(tx))
    assert watch_findings(before) and before["cleared_hits"] == []
    [case_id] = [c for c in _as(home, "ana", "assess", str(tx), "--record")["case_ids"][1:]]
    _as(
        home, "ana", "cases", "propose", case_id, "cleared", "--reason", "born 1990",
        "--reason-code", "different_birth_date",
    )  # fmt: skip
    _as(home, "bea", "cases", "approve", case_id)
    after = run_json(home, "assess", str(tx))
    assert watch_findings(after) == []
    [cleared] = after["cleared_hits"]
    assert (cleared["entity_id"], cleared["case_id"]) == ("watch:case-tests:ole", case_id)
    assert (cleared["decided_by"], cleared["approved_by"]) == ("ana", "bea")
    text = run_cli(home, "assess", str(tx)).stdout
    assert f"Ole Nordmann vs watch:case-tests:ole: cleared in {case_id} by ana" in text
    # Recording again opens no new review; once the entry changes, the hit counts again.
    assert _as(home, "ana", "assess", str(tx), "--record")["case_ids"][1:] == []
    assert run_cli(home, "lists", "load", str(FIX / "watch-v2.yaml")).exit_code == 0
    changed = run_json(home, "assess", str(tx))
    assert watch_findings(changed) and changed["cleared_hits"] == []


def test_bad_input_is_a_named_error_and_writes_nothing(home: Path) -> None:
    head = _head(home)
    assert "[case_not_found]" in _err(
        home, "--as", "ana", "cases", "transition", "H-1999-00001", "open", "--reason", "x"
    )
    rec = _as(home, "ana", "screen", "Kari Nordmann", "--country", "NO", "--record")
    case_id = rec["case_ids"][0]
    head = _head(home)
    for args, code in [
        (("--as", "vic", "cases", "comment", case_id, "hi"), "role_required"),
        (("--as", "ana", "cases", "propose", case_id, "confirmed"), "reason_required"),
        (("--as", "ana", "cases", "transition", case_id, "confirmed", "--reason", "x"),
         "transition_not_allowed"),
        (("--as", "ana", "cases", "propose", case_id, "denied", "--reason", "x"),
         "decision_unknown"),
        (("--as", "bea", "cases", "approve", case_id), "no_proposal"),
        (("cases", "list", "--kind", "nope"), "case_kind_unknown"),
    ]:  # fmt: skip
        assert f"[{code}]" in _err(home, *args)
    assert _head(home) == head
    # a final state refuses every move
    _as(home, "ana", "cases", "propose", case_id, "confirmed", "--reason", "same person",
        "--reason-code", "same_party")  # fmt: skip
    _as(home, "bea", "cases", "approve", case_id)
    head = _head(home)
    assert "[case_closed]" in _err(
        home, "--as", "ana", "cases", "transition", case_id, "open", "--reason", "again"
    )
    assert _head(home) == head


def test_audit_verify_export_and_tampering_through_the_cli(home: Path) -> None:
    _as(home, "ana", "screen", "Kari Nordmann", "--country", "NO", "--record")
    anchor = _head(home)
    ok = run_json(home, "audit", "verify", "--anchor", anchor)
    assert ok["ok"] and ok["head_hash"] == anchor
    lines = run_cli(home, "audit", "export", "--format", "jsonl")
    events = [json.loads(x) for x in lines.stdout.splitlines()]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert {"list.loaded", "user.added", "screening.recorded", "case.opened"} <= {
        e["action"] for e in events
    }
    csv_out = run_cli(home, "audit", "export", "--format", "csv", "--from", "2000-01-01")
    assert csv_out.stdout.splitlines()[0].startswith("seq,at,actor,action,object")
    assert len(csv_out.stdout.splitlines()) == len(events) + 1
    empty = run_cli(home, "audit", "export", "--to", "2000-01-01")
    assert empty.stdout == ""
    db = sqlite3.connect(home / "exportctl.db")
    db.execute("DROP TRIGGER audit_events_no_update")
    db.execute("UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3")
    db.commit()
    db.close()
    res = run_cli(home, "audit", "verify")
    assert res.exit_code == 1
    assert "event 3" in res.stderr and "[audit_chain_broken]" in res.stderr
