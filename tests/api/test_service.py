"""Service behaviour: readiness, the error body, body limits, lists routes, OpenAPI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from exportctl.api import create_app
from exportctl.api.state import VERSIONS_HEADER
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.files import read_list_files
from exportctl.screening import Screener
from tests.api.conftest import (
    FIXTURE_LISTS,
    LiveServer,
    auth,
    free_port,
    keys_for,
    loaded_settings,
    wait_ready,
)


class GatedEngine(Engine):
    """A real engine whose first index load waits until the test opens the gate."""

    gate = threading.Event()

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        inner = self.screening.screener

        def gated() -> Screener:
            assert self.gate.wait(30), "gate never opened"
            return inner()

        self.screening.screener = gated  # type: ignore[method-assign]


def test_readyz_is_503_until_the_index_is_loaded(
    tmp_path: Path, start_server: Callable[[FastAPI], LiveServer]
) -> None:
    settings = loaded_settings(tmp_path)
    GatedEngine.gate.clear()
    live = start_server(create_app(settings, engine_factory=GatedEngine))
    headers = auth(keys_for(settings)["viewer"])
    with httpx.Client(base_url=live.url, timeout=10, headers=headers) as c:
        not_ready = c.get("/readyz")
        assert not_ready.status_code == 503
        assert not_ready.json()["code"] == "not_ready"
        assert c.post("/screen", json={"name": "John Doe"}).status_code == 503
        assert c.get("/healthz").json() == {"status": "ok"}
        GatedEngine.gate.set()
        wait_ready(c)
        assert c.post("/screen", json={"name": "John Doe"}).status_code == 200


def test_body_limit_413_declared_and_streamed(
    api_settings: Settings, start_server: Callable[[FastAPI], LiveServer]
) -> None:
    live = start_server(create_app(api_settings, max_body=1024))
    with httpx.Client(base_url=live.url, timeout=10) as c:
        wait_ready(c)
        big = {"queries": [{"name": "x" * 100}] * 20}
        r = c.post("/screen/batch", json=big)
        assert r.status_code == 413
        assert r.json()["code"] == "body_too_large"

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b"x" * 512

        streamed = c.post("/screen", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_error_body_shape_is_pinned(client: httpx.Client) -> None:
    r = client.get("/lists/no-such-source/diff")
    assert r.status_code == 404
    assert set(r.json()) == {"ok", "code", "message", "error", "detail", "errors", "status"}
    assert r.json()["ok"] is False and r.json()["status"] == 404
    unknown = client.get("/no/such/route")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_lists_routes(client: httpx.Client) -> None:
    rows = client.get("/lists").json()
    assert {r["source"] for r in rows} == {"ofac-sdn", "un", "bis-dpl"}
    assert all({"version", "entries", "names", "loaded_at", "active"} <= set(r) for r in rows)
    diff = client.get("/lists/un/diff").json()
    assert diff["source"] == "un" and diff["from_version"] is None
    assert len(diff["added"]) == next(r["entries"] for r in rows if r["source"] == "un")


def test_openapi_lists_every_route(client: httpx.Client) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    for p in ("/screen", "/screen/batch", "/match/{dataset}", "/search/{dataset}", "/catalog"):
        assert p in paths
    assert client.get("/docs").status_code == 200


@pytest.mark.slow
def test_exportctl_serve_answers_readyz_after_loading(tmp_path: Path) -> None:
    settings = loaded_settings(tmp_path)
    port = free_port()
    env = {**os.environ, "EXPORTCTL_HOME": str(settings.home)}
    env.pop("EXPORTCTL_DATABASE_URL", None)
    exe = Path(sys.executable).with_name("exportctl")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = auth(keys_for(settings)["viewer"])
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5, headers=headers) as c:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if c.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, f"serve exited with {proc.returncode}"
                assert time.monotonic() < deadline, "serve never became ready"
                time.sleep(0.1)
            # Ready means the index is in memory: the first screen is answered at once.
            r = c.post("/screen", json={"name": "John Doe"})
            assert r.status_code == 200 and r.json()["matches"][0]["entity_id"] == "ofac-sdn:1002"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_list_update_during_load_leaves_every_request_answered(
    tmp_path: Path, start_server: Callable[[FastAPI], LiveServer]
) -> None:
    settings = loaded_settings(tmp_path)
    live = start_server(create_app(settings, index_poll=0.1))
    headers = auth(keys_for(settings)["viewer"])
    statuses: list[int] = []
    seen: set[str] = set()
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(base_url=live.url, timeout=30, headers=headers) as c:
            wait_ready(c)
            while not stop.is_set():
                r = c.post("/screen", json={"name": "John Doe"})
                statuses.append(r.status_code)
                seen.add(r.headers.get(VERSIONS_HEADER, ""))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        before = set(seen)
        engine = Engine(settings)
        try:
            engine.lists.load(read_list_files(FIXTURE_LISTS / "uk_hmt_2022"))
        finally:
            engine.close()
        deadline = time.monotonic() + 30
        while seen <= before and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert len(statuses) > 20
    assert set(statuses) == {200}
    assert len(before) == 1 and seen > before  # the new version swapped in, no restart
