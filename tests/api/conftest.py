"""A real uvicorn server on loopback over a store loaded with the hand-written list fixtures."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from exportctl.api import create_app
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.files import read_list_files

FIXTURE_LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving ``app`` in a thread on 127.0.0.1; stopped by :meth:`stop`."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


#: One user per role, each with an API key (``admin`` is the store's first user).
ROLE_USERS = {"viewer": "viewer1", "analyst": "analyst1", "approver": "approver1", "admin": "admin"}


def loaded_settings(home: Path) -> Settings:
    """A home with the fixture lists loaded and one user and API key per role.

    The keys are written to ``<home>/test-keys.json`` (role -> key) for :func:`keys_for`.
    """
    settings = Settings.for_home(home)
    engine = Engine(settings)
    try:
        for name in ("ofac_sdn", "un", "bis_dpl"):
            engine.lists.load(read_list_files(FIXTURE_LISTS / name))
        engine.users.bootstrap("admin")
        keys = {}
        for role, user in ROLE_USERS.items():
            if user != "admin":
                engine.users.add("admin", user, role)
            keys[role] = engine.users.create_key("admin", user).key
        (home / "test-keys.json").write_text(json.dumps(keys), encoding="utf-8")
    finally:
        engine.close()
    return settings


def keys_for(settings: Settings) -> dict[str, str]:
    """role -> API key of the users :func:`loaded_settings` made."""
    keys: dict[str, str] = json.loads((settings.home / "test-keys.json").read_text("utf-8"))
    return keys


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def wait_ready(client: httpx.Client, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/readyz").status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("/readyz did not turn 200")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return loaded_settings(tmp_path_factory.mktemp("api-home"))


@pytest.fixture(scope="module")
def server(api_settings: Settings) -> Iterator[LiveServer]:
    live = LiveServer(create_app(api_settings)).start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def client(server: LiveServer, api_settings: Settings) -> Iterator[httpx.Client]:
    """A client that sends the admin's key."""
    headers = auth(keys_for(api_settings)["admin"])
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as c:
        wait_ready(c)
        yield c


@pytest.fixture
def start_server() -> Iterator[Callable[[FastAPI], LiveServer]]:
    started: list[LiveServer] = []

    def start(app: FastAPI) -> LiveServer:
        live = LiveServer(app).start()
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()
