"""Sessions and tokens of the web interface (exportctl.web.security), on real files."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from exportctl import InvalidInput
from exportctl.web.security import SessionStore, load_secret
from exportctl.web.workspace import Workspace, safe_name


def test_the_secret_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    first = load_secret(tmp_path, None)
    assert len(first) == 32
    assert stat.S_IMODE(os.stat(tmp_path / "web-secret").st_mode) == 0o600
    assert load_secret(tmp_path, None) == first
    assert load_secret(tmp_path, "from-the-environment") == b"from-the-environment"


def test_a_session_expires(tmp_path: Path) -> None:
    store = SessionStore(b"k", tmp_path / "s", lifetime=0.2)
    session, cookie = store.create("alice")
    assert store.check(cookie) == session
    time.sleep(0.3)
    assert store.check(cookie) is None
    assert not (tmp_path / "s" / session.sid).exists()  # expired sessions are removed


def test_a_cookie_signed_with_another_secret_is_refused(tmp_path: Path) -> None:
    ours = SessionStore(b"ours", tmp_path / "s")
    theirs = SessionStore(b"theirs", tmp_path / "s")
    _, cookie = theirs.create("mallory")
    assert ours.check(cookie) is None
    assert theirs.check(cookie) is not None


def test_revoked_sessions_and_tokens(tmp_path: Path) -> None:
    store = SessionStore(b"k", tmp_path / "s")
    a, cookie_a = store.create("alice")
    b, _ = store.create("alice")
    assert store.csrf_ok(a, store.csrf_token(a))
    assert not store.csrf_ok(a, store.csrf_token(b))
    assert not store.csrf_ok(a, None) and not store.csrf_ok(a, "")
    store.revoke(a)
    assert store.check(cookie_a) is None
    nonce, token = store.login_nonce()
    assert store.login_ok(nonce, token)
    assert not store.login_ok(nonce + "0", token) and not store.login_ok(None, token)


def test_uploaded_names_stay_inside_the_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert safe_name("C:\\Users\\me\\tx.yaml") == "tx.yaml"
    assert safe_name("../../etc/passwd") == "passwd"
    for bad in (".bashrc", "a b.yaml", ""):
        with pytest.raises(InvalidInput):
            safe_name(bad)
    wid = ws.save([("tx.yaml", b"id: x\n")])
    assert ws.path(wid, "tx.yaml").read_bytes() == b"id: x\n"
    for wid_bad in ("../x", "0" * 31, wid[:-1] + ("0" if wid[-1] != "0" else "1")):
        with pytest.raises(InvalidInput):
            ws.path(wid_bad, "tx.yaml")
