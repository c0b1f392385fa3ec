"""``/watchlists`` over a real server: create, add, remove, import and export, each
compared with the library's store, with audit events under the caller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.files import read_list_files
from tests.api.conftest import LiveServer, auth, keys_for

WATCHLIST = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "watchlist"
FILE = WATCHLIST / "partner-alerts.yaml"


@pytest.fixture
def engine(api_settings: Settings) -> Iterator[Engine]:
    e = Engine(api_settings)
    try:
        yield e
    finally:
        e.close()


@pytest.fixture
def analyst(server: LiveServer, api_settings: Settings) -> Iterator[httpx.Client]:
    headers = auth(keys_for(api_settings)["analyst"])
    with httpx.Client(base_url=server.url, timeout=60, headers=headers) as c:
        yield c


def _loaded_elsewhere(path: Path, home: Path) -> list[tuple[str, str]]:
    """The entries ``lists load PATH`` stores in a fresh home: (entity id, content hash)."""
    other = Engine(Settings.for_home(home))
    try:
        report = other.lists.load(read_list_files(path))
        entries = other.lists.active_entries([report.source])
        return sorted((e.entity_id, e.content_hash()) for e in entries)
    finally:
        other.close()


def _ids(engine: Engine, source: str) -> list[str]:
    return sorted(e.entity_id for e in engine.lists.active_entries([source]))


def test_create_add_remove(analyst: httpx.Client, client: httpx.Client, engine: Engine) -> None:
    made = analyst.post(
        "/watchlists",
        json={"name": "API Test", "entries": [{"name": "Ole Nordmann", "country": ["NO"]}]},
    )
    assert made.status_code == 201, made.text
    assert made.json()["source"] == "watch:api-test"
    assert _ids(engine, "watch:api-test") == ["watch:api-test:ole-nordmann"]
    again = analyst.post("/watchlists", json={"name": "api test"})
    assert again.status_code == 409 and again.json()["code"] == "watchlist_exists"

    added = analyst.post(
        "/watchlists/api-test/entries",
        json={"name": "Kari Nordmann", "id": "kari", "schema": "Person", "reason": "test"},
    )
    assert added.status_code == 200, added.text
    assert [e["entity_id"] for e in added.json()["entries"]] == _ids(engine, "watch:api-test")
    assert "watch:api-test:kari" in _ids(engine, "watch:api-test")
    # the new entry is screened against at once (a new list version)
    entry = engine.lists.entry("watch:api-test:kari")
    assert entry.reason == "test" and entry.schema_.value == "Person"

    bad = analyst.post("/watchlists/api-test/entries", json={"name": "X", "country": ["Atlantis"]})
    assert bad.status_code == 400 and bad.json()["code"] == "list_parse_error"
    assert "country" in bad.json()["message"]

    removed = analyst.delete("/watchlists/api-test/entries/kari")
    assert removed.status_code == 200
    assert _ids(engine, "watch:api-test") == ["watch:api-test:ole-nordmann"]
    missing = analyst.delete("/watchlists/api-test/entries/kari")
    assert missing.status_code == 404 and missing.json()["code"] == "entry_not_found"

    events = list(engine.audit.events("admin", object_id="watch:api-test"))
    assert [e.action for e in events] == [
        "watchlist.created",
        "watchlist.entry_added",
        "watchlist.entry_removed",
    ]
    assert {e.actor for e in events} == {"analyst1"}
    listed = client.get("/watchlists").json()
    assert "watch:api-test" in [v["source"] for v in listed]


def test_viewer_reads_but_cannot_change(
    server: LiveServer, api_settings: Settings, analyst: httpx.Client
) -> None:
    assert analyst.post("/watchlists", json={"name": "viewer-test"}).status_code == 201
    with httpx.Client(base_url=server.url, headers=auth(keys_for(api_settings)["viewer"])) as v:
        assert v.get("/watchlists/viewer-test").status_code == 200
        r = v.post("/watchlists/viewer-test/entries", json={"name": "Someone"})
        assert r.status_code == 403 and r.json()["code"] == "role_required"


def test_import_equals_lists_load_and_export_round_trips(
    analyst: httpx.Client, engine: Engine, tmp_path: Path
) -> None:
    r = analyst.post(
        "/watchlists/import", files={"file": (FILE.name, FILE.read_bytes(), "application/yaml")}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    source = body["source"]
    assert source == "watch:partner-alerts" and body["version"]["active"] is True
    loaded = sorted((e.entity_id, e.content_hash()) for e in engine.lists.active_entries([source]))
    assert len(loaded) >= 3
    # `lists load` of the same file, in another store, gives the same entries
    assert _loaded_elsewhere(FILE, tmp_path / "cli-home") == loaded
    events = [e for e in engine.audit.events("admin", object_id=source)]
    assert events[-1].action == "list.loaded" and events[-1].actor == "analyst1"

    exported = analyst.get("/watchlists/partner-alerts/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/yaml")
    out = tmp_path / "export.yaml"
    out.write_text(exported.text, encoding="utf-8")
    assert _loaded_elsewhere(out, tmp_path / "export-home") == loaded
    as_json = analyst.get("/watchlists/partner-alerts/export", params={"format": "json"}).json()
    assert as_json == yaml.safe_load(exported.text)


def test_import_names_the_bad_field(analyst: httpx.Client) -> None:
    text = b"name: broken\nentries:\n  - name: X\n    colour: red\n"
    r = analyst.post("/watchlists/import", files={"file": ("broken.yaml", text, "text/yaml")})
    assert r.status_code == 400
    assert r.json()["code"] == "list_parse_error" and "colour" in r.json()["message"]


def test_unknown_watchlist_is_404(client: httpx.Client) -> None:
    r = client.get("/watchlists/no-such-list")
    assert r.status_code == 404 and r.json()["code"] == "watchlist_not_found"
