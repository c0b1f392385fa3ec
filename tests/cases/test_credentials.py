"""API keys and passwords: tokens and hashes (pure), and UserService on every case store."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from exportctl.cases import credentials
from exportctl.errors import (
    ERROR_CODES,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)
from exportctl.model.case import Role
from exportctl.services import UserService
from exportctl.store.casestore import SqlCaseStore
from exportctl.store.ports import CaseStore

PASSWORD = "correct horse battery staple"

# -- tokens and hashes (pure) -------------------------------------------------------------


def test_a_new_key_is_a_token_whose_secret_only_its_hash_verifies() -> None:
    made = credentials.new_key()
    assert re.fullmatch(r"xk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", made.token), made.token
    parsed = credentials.parse_key(made.token)
    assert parsed is not None and parsed.key_id == made.key_id
    assert made.token == f"xk_{made.key_id}_{parsed.secret}"
    assert made.secret_sha256 == credentials.hash_secret(parsed.secret)
    assert parsed.secret not in made.secret_sha256 and len(made.secret_sha256) == 64
    assert credentials.verify_secret(parsed.secret, made.secret_sha256)
    assert not credentials.verify_secret(parsed.secret + "x", made.secret_sha256)
    assert not credentials.verify_secret(parsed.secret, "0" * 64)
    assert credentials.new_key().key_id != made.key_id
    assert parsed.secret not in repr(made) and parsed.secret not in repr(parsed)
    # token_urlsafe secrets may hold "_" and "-": only the first two "_" separate fields
    tricky = credentials.parse_key("xk_0123456789ab_" + "_a-b_" * 9)
    assert tricky is not None and tricky.secret == "_a-b_" * 9


@pytest.mark.parametrize(
    "token",
    [
        "",
        "xk_",
        "xk_0123456789ab",
        "xk_0123456789ab_",
        "xk_0123456789AB_" + "a" * 43,  # upper-case key id
        "xk_0123456789a_" + "a" * 43,  # 11 digits
        "yk_0123456789ab_" + "a" * 43,
        "xk_0123456789ab_" + "a" * 43 + " and more",
        "xk_0123456789ab_" + "a/b" * 15,
        "Bearer xk_0123456789ab_" + "a" * 43,
    ],
)
def test_malformed_tokens_do_not_parse(token: str) -> None:
    assert credentials.parse_key(token) is None


def test_password_hashes_are_salted_self_describing_scrypt() -> None:
    stored = credentials.hash_password(PASSWORD)
    algo, n, r, p, salt, digest = stored.split("$")
    assert (algo, n, r, p) == ("scrypt", "16384", "8", "1")
    assert PASSWORD not in stored and len(salt) == 24 and len(digest) == 44
    assert credentials.hash_password(PASSWORD) != stored  # a fresh salt each time
    assert credentials.verify_password(PASSWORD, stored)
    assert not credentials.verify_password(PASSWORD + " ", stored)
    assert not credentials.verify_password("", stored)
    # The parameters come from the string: a hash made with other ones still verifies.
    cheap = credentials._scrypt(PASSWORD, b"0123456789abcdef", 2**10, 4, 1, 32)
    other = f"scrypt$1024$4$1${credentials._b64(b'0123456789abcdef')}${credentials._b64(cheap)}"
    assert credentials.verify_password(PASSWORD, other)
    assert not credentials.verify_password("wrong password!", other)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain text",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$AAAA",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # n not a power of two
        f"scrypt${2**24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # n beyond the bound
        "scrypt$16384$999$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16384$8$1$not*base64$" + "A" * 44,
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # 3-byte hash
    ],
)
def test_a_damaged_stored_hash_never_verifies(stored: str) -> None:
    assert not credentials.verify_password(PASSWORD, stored)


def test_passwords_need_twelve_characters_and_the_codes_are_registered() -> None:
    credentials.check_password_policy("x" * 12)
    with pytest.raises(InvalidInput) as short:
        credentials.check_password_policy("x" * 11)
    assert short.value.code == "password_too_short"
    for code in ("unauthenticated", "password_too_short", "password_mismatch", "key_not_found"):
        assert code in ERROR_CODES
    assert ERROR_CODES["unauthenticated"].category is Unauthenticated
    assert Unauthenticated("x").status == 401 and Unauthenticated("x").code == "unauthenticated"


# -- UserService over memory, SQLite and PostgreSQL ----------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _users(store: CaseStore, clock: Callable[[], datetime] | None = None) -> UserService:
    users = UserService(store, clock) if clock else UserService(store)
    assert users.bootstrap("root")
    users.add("root", "ana", "analyst")
    users.add("root", "bea", "approver")
    return users


def _refused(call: Callable[[], object]) -> str:
    with pytest.raises(Unauthenticated) as exc:
        call()
    assert exc.value.code == "unauthenticated" and exc.value.status == 401
    return exc.value.detail


def test_a_key_acts_as_its_user_until_revoked(case_store: CaseStore) -> None:
    clock = Clock()
    users = _users(case_store, clock)
    issued = users.create_key("root", "ana")
    assert issued.user == "ana" and issued.created_at == clock.now
    assert issued.key.startswith(f"xk_{issued.key_id}_") and issued.key not in repr(issued)
    assert users.authenticate_key(issued.key).name == "ana"
    assert users.authenticate_key(issued.key).role is Role.ANALYST
    [info] = users.list_keys("root", "ana")
    assert (info.key_id, info.user, info.created_by) == (issued.key_id, "ana", "root")
    assert info.active and info.last_used_at == clock.now
    # Uses are recorded at most once a minute; a later use moves last_used_at.
    clock.now += timedelta(seconds=30)
    users.authenticate_key(issued.key)
    assert users.list_keys("root")[0].last_used_at == clock.now - timedelta(seconds=30)
    clock.now += timedelta(minutes=2)
    users.authenticate_key(issued.key)
    assert users.list_keys("root")[0].last_used_at == clock.now
    other = users.create_key("root", "bea")
    assert [k.key_id for k in users.list_keys("root")] == [issued.key_id, other.key_id]
    assert [k.key_id for k in users.list_keys("root", "bea")] == [other.key_id]

    clock.now += timedelta(minutes=1)
    revoked = users.revoke_key("root", issued.key_id, "laptop lost")
    assert revoked.revoked_at == clock.now and not revoked.active
    message = _refused(lambda: users.authenticate_key(issued.key))
    assert users.revoke_key("root", issued.key_id).revoked_at == revoked.revoked_at  # once
    assert users.authenticate_key(other.key).name == "bea"  # the other key still works

    secret = issued.key.split("_", 2)[2]
    assert all(secret not in e.payload and issued.key not in e.payload for e in case_store.events())
    created = [e for e in case_store.events() if e.action == "key.created"]
    assert [(e.actor, e.object, e.payload_data()) for e in created] == [
        ("root", issued.key_id, {"key_id": issued.key_id, "user": "ana"}),
        ("root", other.key_id, {"key_id": other.key_id, "user": "bea"}),
    ]
    [rev] = [e for e in case_store.events() if e.action == "key.revoked"]
    assert (rev.object, rev.reason, rev.payload_data()["user"]) == (
        issued.key_id,
        "laptop lost",
        "ana",
    )
    # Unknown, malformed, wrong-secret and revoked keys all get the same message.
    wrong_secret = f"xk_{other.key_id}_{'A' * 43}"
    unknown = f"xk_{'0' * 12}_{'A' * 43}"
    for bad in (wrong_secret, unknown, "xk_nonsense", "", other.key + "x"):
        assert _refused(lambda b=bad: users.authenticate_key(b)) == message  # type: ignore[misc]


def test_a_disabled_users_key_stops_working(case_store: CaseStore) -> None:
    users = _users(case_store)
    issued = users.create_key("root", "ana")
    users.disable("root", "ana", "left")
    _refused(lambda: users.authenticate_key(issued.key))
    with pytest.raises(Forbidden) as disabled:
        users.create_key("root", "ana")
    assert disabled.value.code == "user_disabled"


def test_only_admins_manage_keys_and_refusals_write_nothing(case_store: CaseStore) -> None:
    users = _users(case_store)
    issued = users.create_key("root", "ana")
    before = list(case_store.events())
    for call in (
        lambda: users.create_key("ana", "ana"),
        lambda: users.create_key("bea", "ana"),
        lambda: users.list_keys("ana"),
        lambda: users.revoke_key("bea", issued.key_id),
    ):
        with pytest.raises(Forbidden) as exc:
            call()
        assert exc.value.code == "role_required"
    with pytest.raises(NotFound) as nobody:
        users.create_key("root", "nobody")
    assert nobody.value.code == "user_not_found"
    with pytest.raises(NotFound) as no_key:
        users.revoke_key("root", "0123456789ab")
    assert no_key.value.code == "key_not_found"
    with pytest.raises(NotFound):
        users.list_keys("root", "nobody")
    assert list(case_store.events()) == before
    assert users.authenticate_key(issued.key).name == "ana"


def test_passwords_set_and_checked(case_store: CaseStore) -> None:
    users = _users(case_store)
    no_password = _refused(lambda: users.authenticate_password("ana", PASSWORD))
    users.set_password("root", "ana", PASSWORD)
    assert users.authenticate_password("ana", PASSWORD).name == "ana"
    wrong = _refused(lambda: users.authenticate_password("ana", PASSWORD + "!"))
    unknown = _refused(lambda: users.authenticate_password("nobody", PASSWORD))
    assert no_password == wrong == unknown
    # every user may change its own password; only admins another's
    users.set_password("ana", "ana", "another long passphrase")
    _refused(lambda: users.authenticate_password("ana", PASSWORD))
    assert users.authenticate_password("ana", "another long passphrase").name == "ana"
    before = list(case_store.events())
    with pytest.raises(Forbidden) as other:
        users.set_password("ana", "bea", PASSWORD)
    assert other.value.code == "role_required"
    with pytest.raises(InvalidInput) as short:
        users.set_password("root", "bea", "too short")
    assert short.value.code == "password_too_short"
    with pytest.raises(NotFound):
        users.set_password("root", "nobody", PASSWORD)
    assert list(case_store.events()) == before
    users.disable("root", "ana")
    assert _refused(lambda: users.authenticate_password("ana", "another long passphrase")) == wrong
    events = [e for e in case_store.events() if e.action == "user.password_set"]
    assert [(e.actor, e.object, e.payload_data()) for e in events] == [
        ("root", "ana", {"by_self": False}),
        ("ana", "ana", {"by_self": True}),
    ]
    for e in case_store.events():
        assert PASSWORD not in e.payload and "scrypt" not in e.payload


def test_every_login_failure_costs_one_scrypt(
    case_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown names take as long as known ones: each path runs scrypt exactly once."""
    users = _users(case_store)
    users.set_password("root", "ana", PASSWORD)
    users.set_password("root", "bea", PASSWORD)
    users.disable("root", "bea")
    credentials.dummy_password_check("warm up")  # the dummy hash is made once per process
    real = credentials._scrypt
    calls: list[int] = []

    def counted(*args: object) -> bytes:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(credentials, "_scrypt", counted)
    for name, password in (
        ("nobody", PASSWORD),  # unknown user
        ("root", PASSWORD),  # no password set
        ("ana", "a wrong password"),
        ("bea", PASSWORD),  # disabled
    ):
        calls.clear()
        _refused(lambda n=name, p=password: users.authenticate_password(n, p))  # type: ignore[misc]
        assert len(calls) == 1, name
    calls.clear()
    users.authenticate_password("ana", PASSWORD)
    assert len(calls) == 1


# -- what the SQL stores keep ----------------------------------------------------------------


def test_the_database_keeps_hashes_never_secrets(sql_url: str) -> None:
    store = SqlCaseStore(sql_url)
    try:
        users = _users(store)
        issued = users.create_key("root", "ana")
        users.set_password("root", "ana", PASSWORD)
        secret = issued.key.split("_", 2)[2]
        engine = sa.create_engine(sql_url)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM api_keys")).mappings().all()
            password_hash = conn.execute(
                sa.text("SELECT password_hash FROM users WHERE name = 'ana'")
            ).scalar_one()
            events = conn.execute(sa.text("SELECT payload, reason FROM audit_events")).all()
        engine.dispose()
        [row] = rows
        assert row["key_id"] == issued.key_id and row["user_name"] == "ana"
        assert row["secret_sha256"] == credentials.hash_secret(secret)
        dumped = repr(dict(row)) + repr(events)
        assert secret not in dumped and issued.key not in dumped
        assert password_hash.startswith("scrypt$16384$8$1$") and PASSWORD not in password_hash
        assert PASSWORD not in repr(events)
        # A key row needs a real user (foreign key).
        assert users.list_keys("root")[0].revoked_at is None
    finally:
        store.close()
