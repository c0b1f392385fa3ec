"""``/screen`` and ``/screen/batch``: the CLI's screening JSON, over a real server."""

from __future__ import annotations

import httpx

from exportctl.config import Settings
from exportctl.engine import Engine


def test_screen_one_party_equals_the_library(client: httpx.Client, api_settings: Settings) -> None:
    r = client.post("/screen", json={"name": "Acme Machine Tools", "country": "IR"})
    assert r.status_code == 200, r.text
    body = r.json()
    engine = Engine(api_settings)
    try:
        expected = engine.screening.screen({"name": "Acme Machine Tools", "country": "IR"})
        versions = {v.source: v.version for v in engine.lists.status()}
    finally:
        engine.close()
    assert body["query"] == "Acme Machine Tools"
    assert [m["entity_id"] for m in body["matches"]] == [m.entity_id for m in expected]
    assert [m["score"] for m in body["matches"]] == [m.score for m in expected]
    assert body["matches"][0]["decision"] in {"match", "review"}
    assert body["list_versions"] == versions


def test_screen_rejects_bad_fields_with_the_error_body(client: httpx.Client) -> None:
    r = client.post("/screen", json={"name": "X", "country": "Iran!"})
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False and body["code"] == "invalid_input" and body["status"] == 422
    assert "body.country" in body["errors"]


def test_batch_answers_every_query_in_order(client: httpx.Client) -> None:
    queries = [
        {"id": "a", "name": "John Doe"},
        {"id": "b", "name": ""},
        {"id": "c", "name": "Acme Machine Tools", "schema": "Organization"},
        {"id": "d", "name": "Someone", "birth_date": "yesterday"},
    ]
    r = client.post("/screen/batch", json={"queries": queries, "limit": 3})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["a", "b", "c", "d"]
    assert results[0]["matches"][0]["entity_id"] == "ofac-sdn:1002"
    assert results[1]["error"] and results[1]["matches"] is None
    assert results[2]["matches"][0]["entity_id"] == "ofac-sdn:1001"
    assert results[3]["code"] and results[3]["matches"] is None


def test_batch_over_1000_is_refused(client: httpx.Client) -> None:
    r = client.post("/screen/batch", json={"queries": [{"name": "x"}] * 1001})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_input"
