"""A real uvicorn on loopback serving the API with the web interface, and its users.

Users (password ``PASSWORDS[name]``): admin (admin), analyst1 (analyst), approver1
(approver), viewer1 (viewer). Lists: the hand-written OFAC SDN, UN and BIS DPL fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.web.server import create_web_app
from tests.api.conftest import LiveServer, loaded_settings, wait_ready

PASSWORDS = {
    "admin": "admin-password-1",
    "analyst1": "analyst-password-1",
    "approver1": "approver-password-1",
    "viewer1": "viewer-password-1",
}
ROLES = {"analyst1": "analyst", "approver1": "approver", "viewer1": "viewer"}
SECRET = b"test-secret-of-the-web-tests"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_users(settings: Settings) -> None:
    engine = Engine(settings)
    try:
        engine.users.bootstrap("admin")
        known = {u.name for u in engine.users.list_users("admin")}
        for name, role in ROLES.items():
            if name not in known:
                engine.users.add("admin", name, role)
        for name, password in PASSWORDS.items():
            engine.users.set_password("admin", name, password)
    finally:
        engine.close()


def web_settings(home: Path) -> Settings:
    settings = loaded_settings(home)
    add_users(settings)
    return settings


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return web_settings(tmp_path_factory.mktemp("web-home"))


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[LiveServer]:
    live = LiveServer(create_web_app(settings, SECRET)).start()
    with httpx.Client(base_url=live.url) as client:
        wait_ready(client)
    yield live
    live.stop()


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(base_url: str, name: str, password: str | None = None) -> httpx.Client:
    """A client signed in as ``name`` (follows no redirects: tests look at them)."""
    client = httpx.Client(base_url=base_url, timeout=30)
    page = client.get("/ui/login")
    assert page.status_code == 200
    r = client.post(
        "/ui/login",
        data={
            "csrf": csrf_of(page.text),
            "username": name,
            "password": password or PASSWORDS[name],
            "next": "/ui/dashboard",
        },
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/ui/dashboard"
    return client


@pytest.fixture
def sign_in(server: LiveServer) -> Iterator[Callable[[str], httpx.Client]]:
    """``sign_in(name)``: a client signed in as ``name``, closed after the test."""
    clients: list[httpx.Client] = []

    def make(name: str) -> httpx.Client:
        clients.append(login(server.url, name))
        return clients[-1]

    yield make
    for c in clients:
        c.close()
