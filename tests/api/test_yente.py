"""yente-compatible routes, driven with requests shaped as in yente's docs and tests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

# The request of yente's match() docstring (routers/match.py), with the Person example of its
# zala test fixture: see ../shared/docs/YENTE_MATCH.md section 1.
YENTE_DOC_REQUEST: dict[str, Any] = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["Alexander Zakharov"],
                "birthDate": ["1965-09-21"],
                "nationality": ["ru"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    },
    "weights": {},
    "config": {},
}
ENTITY_KEYS = {
    "id",
    "caption",
    "schema",
    "properties",
    "datasets",
    "referents",
    "target",
    "first_seen",
    "last_seen",
    "last_change",
}


def _person(name: str, **props: list[str]) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": [name], **props}}


def test_doc_request_has_the_yente_response_shape(client: httpx.Client) -> None:
    r = client.post("/match/default?algorithm=best&threshold=0.7&limit=5", json=YENTE_DOC_REQUEST)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["limit"] == 5
    assert set(body["responses"]) == {"entity1", "entity2"}
    for resp in body["responses"].values():
        assert resp["status"] == 200
        assert resp["total"]["relation"] == "eq"
        assert resp["total"]["value"] == sum(res["match"] for res in resp["results"])
    query = body["responses"]["entity1"]["query"]
    assert query == {
        "id": None,
        "schema": "Person",
        "properties": {
            "name": ["Alexander Zakharov"],
            "birthDate": ["1965-09-21"],
            "nationality": ["ru"],
        },
    }
    assert r.headers["x-batch-size"] == "2"


def test_listed_person_is_found_with_entity_shape(client: httpx.Client) -> None:
    body = {
        "queries": {
            "q": {
                "schema": "Person",
                "properties": {
                    "firstName": ["John"],
                    "lastName": ["Doe"],
                    "birthDate": ["1961-01-01"],
                    "nationality": ["Iran"],
                },
            }
        }
    }
    r = client.post("/match/sanctions", json=body)
    assert r.status_code == 200, r.text
    resp = r.json()["responses"]["q"]
    # Name synthesised from the parts; "Iran" cleaned to the lower-case code.
    assert resp["query"]["properties"]["name"] == ["John Doe"]
    assert resp["query"]["properties"]["nationality"] == ["ir"]
    top = resp["results"][0]
    assert top["id"] == "ofac-sdn:1002"
    assert ENTITY_KEYS | {"score", "explanations", "match"} <= set(top)
    assert top["match"] is True and top["target"] is True
    assert all(isinstance(v, list) for v in top["properties"].values())
    assert "1961-01-01" in top["properties"]["birthDate"]
    assert top["explanations"]["name_match"]["query"] == "John Doe"
    # ISO seconds without zone or fraction, as yente's tests pin.
    assert len(top["first_seen"]) == 19 and top["first_seen"][10] == "T"


def test_threshold_and_cutoff_semantics(client: httpx.Client) -> None:
    body = {"queries": {"q": _person("John Doe")}}
    low = client.post("/match/default?threshold=0.0&cutoff=0.0&limit=50", json=body).json()
    results = low["responses"]["q"]["results"]
    assert results, "a zero cutoff keeps every scored candidate"
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True)
    top = scores[0]
    # A threshold just above the best score: nothing is a match, total is 0, and the
    # cutoff min(cutoff, threshold) still keeps the candidates above it.
    above = client.post(
        f"/match/default?threshold={min(top + 0.001, 1.0)}&cutoff=0.0", json=body
    ).json()["responses"]["q"]
    assert above["total"]["value"] == 0
    assert above["results"] and not any(x["match"] for x in above["results"])
    # A cutoff at the best score drops it (the test is score <= cutoff).
    cut = client.post(f"/match/default?threshold={top}&cutoff={top}", json=body).json()
    assert all(x["score"] > top for x in cut["responses"]["q"]["results"])


def test_limit_truncates_after_counting(client: httpx.Client) -> None:
    body = {"queries": {"q": _person("John Doe")}}
    full = client.post("/match/default?threshold=0.0&cutoff=0.0&limit=50", json=body).json()
    one = client.post("/match/default?threshold=0.0&cutoff=0.0&limit=1", json=body).json()
    assert len(one["responses"]["q"]["results"]) == 1
    assert one["responses"]["q"]["total"] == full["responses"]["q"]["total"]


def test_dataset_scoping(client: httpx.Client) -> None:
    body = {"queries": {"q": _person("John Doe")}}
    only_un = client.post("/match/un?threshold=0&cutoff=0&limit=50", json=body).json()
    assert all(x["datasets"] == ["un"] for x in only_un["responses"]["q"]["results"])
    excluded = client.post(
        "/match/default?exclude_dataset=ofac-sdn&threshold=0&cutoff=0&limit=50", json=body
    ).json()
    assert all("ofac-sdn" not in x["datasets"] for x in excluded["responses"]["q"]["results"])
    ids = client.post(
        "/match/default?exclude_entity_ids=ofac-sdn:1002&threshold=0&cutoff=0", json=body
    ).json()
    assert all(x["id"] != "ofac-sdn:1002" for x in ids["responses"]["q"]["results"])


@pytest.mark.parametrize(
    ("path", "body", "status", "detail"),
    [
        ("/match/nope", {"queries": {"q": _person("X Y")}}, 404, "No such dataset."),
        (
            "/match/default",
            {"queries": {"q": {"schema": "xxx", "properties": {"name": "X"}}}},
            400,
            "Cannot parse example entity: Unknown schema: 'xxx'",
        ),
        (
            "/match/default",
            {"queries": {"q": {"schema": "Address", "properties": {"full": "X"}}}},
            400,
            "Cannot parse example entity: Non-matchable schema for query: Address",
        ),
        ("/match/default", {"queries": {}}, 400, "No queries provided."),
        (
            "/match/default?algorithm=neural-net",
            {"queries": {"q": _person("X Y")}},
            400,
            "Invalid algorithm: neural-net",
        ),
        (
            "/match/default",
            {"queries": {"q": _person("X Y")}, "config": {"nm_bogus": 1}},
            400,
            "Invalid configuration parameter: nm_bogus for algorithm best",
        ),
    ],
)
def test_yente_error_messages(
    client: httpx.Client, path: str, body: dict[str, Any], status: int, detail: str
) -> None:
    r = client.post(path, json=body)
    assert r.status_code == status, r.text
    assert r.json()["detail"] == detail


def test_one_bad_query_fails_the_batch(client: httpx.Client) -> None:
    # yente's tests/test_match.py::test_match_no_schema: a missing schema is a 422.
    body = {"queries": {"ok": _person("John Doe"), "fail": {"properties": {"name": "X"}}}}
    r = client.post("/match/default", json=body)
    assert r.status_code == 422
    assert r.json()["errors"] == {"body.queries.fail.schema": "Field required"}


def test_too_many_queries(client: httpx.Client) -> None:
    body = {"queries": {f"q{i}": _person("John Doe") for i in range(101)}}
    r = client.post("/match/default", json=body)
    assert r.status_code == 400
    assert r.json()["detail"] == "Too many queries in one batch (limit: 100)"


@pytest.mark.parametrize("query", ["limit=501", "changed_since=yesterday", "threshold=2"])
def test_bad_parameters_are_422(client: httpx.Client, query: str) -> None:
    r = client.post(f"/match/default?{query}", json={"queries": {"q": _person("John Doe")}})
    assert r.status_code == 422, r.text


def test_post_without_content_type_is_accepted(client: httpx.Client) -> None:
    # yente's tests/test_app.py::test_match_without_content_type_header
    raw = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["John Doe"]}}}}'
    r = client.post("/match/default", content=raw, headers={"content-type": ""})
    assert r.status_code == 200, r.text
    assert r.json()["responses"]["q"]["results"][0]["id"] == "ofac-sdn:1002"


def test_search_entities_catalog_algorithms(client: httpx.Client) -> None:
    found = client.get("/search/default", params={"q": "Acme Machine Tools"}).json()
    assert found["results"][0]["id"] == "ofac-sdn:1001"
    assert {"countries", "topics", "datasets"} <= set(found["facets"])
    assert found["total"]["value"] >= 1
    entity = client.get("/entities/ofac-sdn:1001").json()
    assert set(entity) >= ENTITY_KEYS and entity["schema"] == "Organization"
    missing = client.get("/entities/ofac-sdn:0")
    assert missing.status_code == 404 and missing.json()["detail"] == "No such entity!"
    cat = client.get("/catalog")
    names = {d["name"] for d in cat.json()["datasets"]}
    assert {"ofac-sdn", "un", "bis-dpl", "sanctions", "default"} <= names
    assert client.get("/catalog", headers={"If-None-Match": cat.headers["ETag"]}).status_code == 304
    algos = client.get("/algorithms").json()
    assert algos["default"] == "best" and algos["best"] in {a["name"] for a in algos["algorithms"]}
