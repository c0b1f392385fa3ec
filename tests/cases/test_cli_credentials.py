"""`keys create|list|revoke` and `users password` through the CLI, checked by the library."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

import pytest

from exportctl import Engine, Settings, Unauthenticated
from tests.cli.helpers import run_cli, run_json

PASSWORD = "correct horse battery staple"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    run_json(h, "users", "add", "ana", "--role", "analyst")
    run_json(h, "users", "add", "bea", "--role", "approver")
    return h


def _engine(home: Path) -> Engine:
    return Engine(Settings.for_home(home))


def test_a_key_is_printed_once_listed_without_secret_and_revoked(home: Path) -> None:
    made = run_cli(home, "keys", "create", "--user", "ana")
    assert made.exit_code == 0, made.output
    lines = dict(line.split(":", 1) for line in made.stdout.strip().splitlines())
    key_id, key = lines["key_id"].strip(), lines["key"].strip()
    assert lines["user"].strip() == "ana" and key.startswith(f"xk_{key_id}_")
    assert "not shown again" in made.stderr
    as_json = run_json(home, "keys", "create", "--user", "bea")
    assert set(as_json) == {"key_id", "key", "user", "created_at"} and as_json["user"] == "bea"

    engine = _engine(home)
    try:
        assert engine.users.authenticate_key(key).name == "ana"
        assert engine.users.authenticate_key(as_json["key"]).name == "bea"
    finally:
        engine.close()

    listed = run_json(home, "keys", "list")
    assert [(k["key_id"], k["user"]) for k in listed] == [
        (key_id, "ana"),
        (as_json["key_id"], "bea"),
    ]
    assert listed[0]["last_used_at"] is not None and listed[0]["revoked_at"] is None
    assert [k["user"] for k in run_json(home, "keys", "list", "--user", "bea")] == ["bea"]
    table = run_cli(home, "keys", "list")
    assert table.exit_code == 0 and key_id in table.stdout and key not in table.stdout
    assert key not in json.dumps(listed) and key.split("_", 2)[2] not in json.dumps(listed)

    [revoked] = run_json(home, "keys", "revoke", key_id, "--reason", "rotated")
    assert revoked["key_id"] == key_id and revoked["revoked_at"] is not None
    engine = _engine(home)
    try:
        with pytest.raises(Unauthenticated):
            engine.users.authenticate_key(key)
        assert engine.users.authenticate_key(as_json["key"]).name == "bea"
    finally:
        engine.close()
    log = run_cli(home, "audit", "log", "--format", "json")
    assert log.exit_code == 0
    actions = [(e["action"], e["object"]) for e in json.loads(log.stdout)]
    assert ("key.created", key_id) in actions and ("key.revoked", key_id) in actions
    for secret in (key, as_json["key"], key.split("_", 2)[2]):
        assert secret not in log.stdout
    with sqlite3.connect(home / "exportctl.db") as db:
        stored = db.execute("SELECT key_id, secret_sha256 FROM api_keys").fetchall()
    assert {k for k, _ in stored} == {key_id, as_json["key_id"]}
    assert all(key.split("_", 2)[2] not in digest for _, digest in stored)


def test_keys_are_for_admins_and_errors_are_named(home: Path) -> None:
    for args in (
        ("--as", "ana", "keys", "create", "--user", "ana"),
        ("--as", "bea", "keys", "list"),
        ("--as", "bea", "keys", "revoke", "0123456789ab"),
    ):
        res = run_cli(home, *args)
        assert res.exit_code == 1 and "[role_required]" in res.stderr, res.output
    res = run_cli(home, "keys", "create", "--user", "nobody")
    assert res.exit_code == 1 and "[user_not_found]" in res.stderr
    res = run_cli(home, "keys", "revoke", "0123456789ab")
    assert res.exit_code == 1 and "[key_not_found]" in res.stderr
    run_json(home, "users", "disable", "ana")
    res = run_cli(home, "keys", "create", "--user", "ana")
    assert res.exit_code == 1 and "[user_disabled]" in res.stderr
    assert run_json(home, "keys", "list") == []


def test_passwords_from_stdin_or_the_prompt(home: Path) -> None:
    res = run_cli(home, "users", "password", "ana", "--password-stdin", input=PASSWORD + "\n")
    assert res.exit_code == 0, res.output
    prompted = run_cli(
        home, "--as", "bea", "users", "password", "bea", input=f"{PASSWORD}!\n{PASSWORD}!\n"
    )
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.stdout  # not echoed
    differ = run_cli(home, "users", "password", "bea", input=f"{PASSWORD}\n{PASSWORD}?\n")
    assert differ.exit_code == 1 and "[password_mismatch]" in differ.stderr
    short = run_cli(home, "users", "password", "bea", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "[password_too_short]" in short.stderr
    other = run_cli(
        home, "--as", "ana", "users", "password", "bea", "--password-stdin", input=PASSWORD
    )
    assert other.exit_code == 1 and "[role_required]" in other.stderr

    engine = _engine(home)
    try:
        assert engine.users.authenticate_password("ana", PASSWORD).name == "ana"
        assert engine.users.authenticate_password("bea", PASSWORD + "!").name == "bea"
        with pytest.raises(Unauthenticated):
            engine.users.authenticate_password("bea", PASSWORD)
    finally:
        engine.close()
    log = run_cli(home, "audit", "log", "--format", "json")
    events = [(e["actor"], e["action"], e["object"]) for e in json.loads(log.stdout)]
    admin = getpass.getuser()  # a fresh store's first admin
    assert events[-2:] == [
        (admin, "user.password_set", "ana"),
        ("bea", "user.password_set", "bea"),
    ]
    assert PASSWORD not in log.stdout and "scrypt" not in log.stdout
