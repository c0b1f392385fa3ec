"""``POST /lists/update`` (admin) against a local HTTP mirror of the official files."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from exportctl.api import create_app
from exportctl.engine import Engine
from tests.api.conftest import LiveServer, auth, keys_for, loaded_settings, wait_ready

FIXTURE_LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """``<url>/bis-dpl/dpl.txt`` served from the fixture; nothing for the other sources."""
    root = tmp_path / "mirror"
    (root / "bis-dpl").mkdir(parents=True)
    shutil.copy(FIXTURE_LISTS / "bis_dpl" / "dpl.txt", root / "bis-dpl" / "dpl.txt")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_update_from_the_mirror(mirror: str, tmp_path: Path) -> None:
    settings = loaded_settings(tmp_path / "home").with_(
        mirror_url=mirror, http_retries=0, http_timeout=5.0
    )
    engine = Engine(settings)
    before = {v.source: v.version for v in engine.lists.status()}
    live = LiveServer(create_app(settings)).start()
    keys = keys_for(settings)
    try:
        with httpx.Client(base_url=live.url, timeout=120) as c:
            wait_ready(c)
            body = {"sources": ["bis-dpl", "un"]}
            refused = c.post("/lists/update", json=body, headers=auth(keys["approver"]))
            assert refused.status_code == 403 and refused.json()["code"] == "role_required"
            r = c.post("/lists/update", json=body, headers=auth(keys["admin"]))
            assert r.status_code == 200, r.text
            rows = {row["source"]: row for row in r.json()}
            unknown = c.post(
                "/lists/update", json={"sources": ["no-such"]}, headers=auth(keys["admin"])
            )
        assert unknown.status_code == 404 and unknown.json()["code"] == "source_not_found"
        after = {v.source: v.version for v in engine.lists.status()}
        # the same edition as loaded: unchanged, and the active version is the library's
        assert rows["bis-dpl"]["status"] == "unchanged"
        assert rows["bis-dpl"]["version"] == after["bis-dpl"] == before["bis-dpl"]
        assert rows["bis-dpl"]["files"] == ["dpl.txt"]
        # un is not in the mirror: its row says why, and it keeps its version
        assert rows["un"]["status"] == "error" and rows["un"]["code"]
        assert rows["un"]["version"] == after["un"] == before["un"]
    finally:
        live.stop()
        engine.close()


def test_update_needs_named_sources(client: httpx.Client) -> None:
    r = client.post("/lists/update", json={})
    assert r.status_code == 422 and "body.sources" in r.json()["errors"]
