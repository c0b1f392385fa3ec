"""The CLI's functions over HTTP (classify, assess, intake, cases, audit, users and keys,
controls), each compared with the library's own answer on the same store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.files import items_from_data, read_alert, read_items, read_transaction
from tests.api.conftest import LiveServer, auth, keys_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALERT = FIXTURES / "alerts" / "cable_carbon_fibre.txt"

# An inline transaction of hand-written facts (no refs: a request has no folder).
TRANSACTION: dict[str, Any] = {
    "id": "T-API-1",
    "date": "2026-03-01",
    "exporter": {"name": "Example Exporter", "country": "TW"},
    "parties": [
        {"role": "end_user", "name": "Acme Machine Tools", "country": "IR"},
    ],
    "destination": "IR",
    "end_use": "production of parts",
    "items": {
        "mill-5ax": {
            "description": "5-axis milling machine",
            "category": "machine_tool",
            "type": "milling",
            "numerical_control": True,
            "axes": {"linear": 3, "rotary": 2, "simultaneous_contouring": 5},
            "linear_axes": [
                {
                    "name": "X",
                    "travel": "2000 mm",
                    "unidirectional_positioning_repeatability": "1.0 um",
                }
            ],
        }
    },
    "lines": [{"activity": "export", "item": "mill-5ax", "quantity": 1}],
}


@pytest.fixture
def engine(api_settings: Settings) -> Iterator[Engine]:
    e = Engine(api_settings)
    try:
        yield e
    finally:
        e.close()


def _client(server: LiveServer, api_settings: Settings, role: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, headers=auth(keys_for(api_settings)[role]))


def _dump(model: Any) -> Any:
    return json.loads(model.model_dump_json(by_alias=True))


# -- classify and assess ------------------------------------------------------------------


def test_classify_json_and_upload_equal_the_library(
    client: httpx.Client, engine: Engine, tmp_path: Path
) -> None:
    spec = TRANSACTION["items"]["mill-5ax"] | {"id": "mill-5ax"}
    path = tmp_path / "mill.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    expected = engine.classification.classify(read_items(path), jurisdiction="us")[0]
    by_json = client.post("/classify", params={"jurisdiction": "us"}, json=spec)
    assert by_json.status_code == 200, by_json.text
    upload = client.post(
        "/classify",
        params={"jurisdiction": "us"},
        files={"file": ("mill.yaml", path.read_bytes(), "application/yaml")},
    )
    assert upload.status_code == 200, upload.text
    for body in (by_json.json(), upload.json()):
        assert body["item"] == "mill-5ax"
        assert [c["code"] for c in body["controls"]] == [c.code for c in expected.controls]
        assert body["status"] == expected.status.value


def test_classify_what_if(client: httpx.Client, engine: Engine, tmp_path: Path) -> None:
    spec = TRANSACTION["items"]["mill-5ax"] | {"id": "mill-5ax"}
    path = tmp_path / "mill.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    vary = ["axes.simultaneous_contouring=2"]
    expected = engine.classification.classify(read_items(path), vary=vary)[0]
    r = client.post("/classify", params={"vary": vary}, json=spec)
    assert r.status_code == 200, r.text
    assert expected.what_if is not None
    assert r.json()["what_if"]["varied_codes"] == list(expected.what_if.varied_codes)


def test_classify_names_the_bad_field(client: httpx.Client) -> None:
    r = client.post("/classify", json={"id": "m", "axes": {"linear": "many"}})
    assert r.status_code in (400, 422), r.text
    body = r.json()
    assert body["ok"] is False and body["code"].startswith("invalid_item")
    assert "axes" in body["message"]
    bad_yaml = client.post("/classify", files={"file": ("x.yaml", b"id: [unclosed", "text/yaml")})
    assert bad_yaml.status_code == 400 and bad_yaml.json()["code"] == "invalid_item_file"


def test_refs_are_refused_over_http(client: httpx.Client, shared_examples: Path) -> None:
    text = (shared_examples / "roundtop-spindle-repair.yaml").read_bytes()
    r = client.post("/assess", files={"file": ("tx.yaml", text, "application/yaml")})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["code"] == "ref_unavailable"
    assert "items.dmc-3000-5axis.ref" in body["errors"]
    refs = client.post("/classify", json=[{"ref": "other.yaml"}])
    assert refs.status_code == 400 and refs.json()["code"] == "ref_unavailable"


def test_assess_equals_the_library(client: httpx.Client, engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "tx.yaml"
    path.write_text(yaml.safe_dump(TRANSACTION), encoding="utf-8")
    expected = engine.determination.assess(read_transaction(path), jurisdiction="us")
    r = client.post("/assess", params={"jurisdiction": "us"}, json=TRANSACTION)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["outcome"] == expected.outcome.value
    assert [(f["code"], f["severity"]) for f in body["findings"]] == [
        (f.code, f.severity.value) for f in expected.findings
    ]
    assert body["result_id"] is None and body["case_ids"] is None


def test_assess_names_the_bad_field(client: httpx.Client) -> None:
    bad = {**TRANSACTION, "lines": [{"activity": "export", "item": "nope"}]}
    r = client.post("/assess", json=bad)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["code"] == "transaction_invalid" and "lines[0].item" in body["errors"]


def test_assess_record_opens_the_application_under_the_caller(
    server: LiveServer, api_settings: Settings, engine: Engine
) -> None:
    with _client(server, api_settings, "viewer") as viewer:
        refused = viewer.post("/assess", params={"record": "true"}, json=TRANSACTION)
    assert refused.status_code == 403 and refused.json()["code"] == "role_required"
    with _client(server, api_settings, "analyst") as analyst:
        r = analyst.post("/assess", params={"record": "true"}, json=TRANSACTION)
    assert r.status_code == 200, r.text
    body = r.json()
    application = body["case_ids"][0]
    case = engine.cases.get("admin", application)
    assert case.kind.value == "licence_application" and case.created_by == "analyst1"
    events = list(engine.audit.events("admin", object_id=application))
    assert events and {e.actor for e in events} == {"analyst1"}
    result_events = list(engine.audit.events("admin", object_id=body["result_id"]))
    assert result_events and all(e.actor == "analyst1" for e in result_events)


# -- intake -------------------------------------------------------------------------------


def test_intake_equals_the_library(client: httpx.Client, engine: Engine) -> None:
    expected = engine.intake.intake(read_alert(ALERT).document)
    r = client.post("/intake", files={"file": (ALERT.name, ALERT.read_bytes(), "text/plain")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["document"]["id"] == expected.document.id
    assert [p["name"] for p in body["parties"]] == [p.name for p in expected.parties]
    assert body["countries"] == list(expected.countries)
    assert body.get("case_id") is None


def test_intake_open_case_records_the_caller(
    server: LiveServer, api_settings: Settings, engine: Engine
) -> None:
    upload = {"file": (ALERT.name, ALERT.read_bytes(), "text/plain")}
    before = len(engine.intake.records())
    with _client(server, api_settings, "viewer") as viewer:
        refused = viewer.post("/intake", params={"open_case": "true"}, files=upload)
    assert refused.status_code == 403 and refused.json()["code"] == "role_required"
    assert len(engine.intake.records()) == before  # refused before anything was stored
    with _client(server, api_settings, "analyst") as analyst:
        r = analyst.post("/intake", params={"open_case": "true"}, files=upload)
    assert r.status_code == 200, r.text
    case_id = r.json()["case_id"]
    case = engine.cases.get("admin", case_id)
    assert case.kind.value == "investigation" and case.created_by == "analyst1"
    watch = [e for e in engine.audit.events("admin") if e.action == "watchlist.updated"]
    assert watch and watch[-1].actor == "analyst1"
    with _client(server, api_settings, "viewer") as viewer:
        stored = viewer.get(f"/intake/{case_id}")
        listed = viewer.get("/intake").json()
    assert stored.status_code == 200
    assert stored.json() == json.loads(engine.intake.record(case_id).data)
    assert [a["case_id"] for a in listed] == [r.case_id for r in engine.intake.records()]


def test_intake_refuses_an_empty_document(client: httpx.Client) -> None:
    r = client.post("/intake", files={"file": ("empty.txt", b"", "text/plain")})
    assert r.status_code == 400 and r.json()["code"] == "document_empty"


# -- cases: four eyes ---------------------------------------------------------------------


def test_case_lifecycle_with_four_eyes(
    server: LiveServer, api_settings: Settings, engine: Engine
) -> None:
    with (
        _client(server, api_settings, "analyst") as analyst,
        _client(server, api_settings, "approver") as approver,
        _client(server, api_settings, "viewer") as viewer,
    ):
        made = analyst.post("/cases", json={"kind": "investigation", "title": "API test"})
        assert made.status_code == 201, made.text
        case_id = made.json()["case"]["id"]
        assert viewer.post(f"/cases/{case_id}/comment", json={"text": "x"}).status_code == 403
        assert analyst.post(f"/cases/{case_id}/comment", json={"text": "seen"}).status_code == 200
        shown = viewer.get(f"/cases/{case_id}")
        assert shown.status_code == 200
        lib = engine.cases.get("admin", case_id)
        assert shown.json()["case"]["state"] == lib.state
        assert [c["text"] for c in shown.json()["case"]["comments"]] == ["seen"]
        assert [e["action"] for e in shown.json()["history"]] == [
            e["action"] for e in engine.cases.history("admin", case_id)
        ]
        # the proposer (an approver) may not approve their own proposal
        p = approver.post(f"/cases/{case_id}/propose", json={"decision": "closed", "reason": "r"})
        assert p.status_code == 200, p.text
        own = approver.post(f"/cases/{case_id}/approve", json={})
        assert own.status_code == 403 and own.json()["code"] == "four_eyes"
        no_reason = analyst.post(f"/cases/{case_id}/transition", json={"state": "closed"})
        assert no_reason.status_code in (400, 409)
        with _client(server, api_settings, "admin") as admin:
            ok = admin.post(f"/cases/{case_id}/approve", json={"reason": "agreed"})
        assert ok.status_code == 200, ok.text
        decided = engine.cases.get("admin", case_id)
        assert decided.decision is not None and decided.decision.approved_by == "admin"
        assert ok.json()["case"]["state"] == decided.state
        listed = viewer.get("/cases", params={"kind": "investigation", "state": decided.state})
        assert case_id in [c["id"] for c in listed.json()]
        assert [c.id for c in engine.cases.find("admin", kind="investigation")] == [
            c["id"] for c in viewer.get("/cases", params={"kind": "investigation"}).json()
        ]


def test_unknown_case_is_404(client: httpx.Client) -> None:
    r = client.get("/cases/A-1999-99999")
    assert r.status_code == 404 and r.json()["code"] == "case_not_found"


def test_create_case_names_the_bad_field(client: httpx.Client) -> None:
    r = client.post("/cases", json={"kind": "nonsense", "title": "t"})
    assert r.status_code == 422 and "body.kind" in r.json()["errors"]


# -- audit --------------------------------------------------------------------------------


def test_audit_routes_equal_the_library(client: httpx.Client, engine: Engine) -> None:
    head = client.get("/audit/head").json()
    lib_head = engine.audit.head("admin")
    assert lib_head is not None and head["hash"] == lib_head.hash and head["seq"] == lib_head.seq
    verified = client.get("/audit/verify", params={"anchor": head["hash"]}).json()
    assert verified == engine.audit.verify("admin", head["hash"]).as_dict()
    assert verified["ok"] is True
    events = [e.as_dict() for e in engine.audit.events("admin")]
    lines = client.get("/audit/export").text.splitlines()
    exported = [json.loads(line) for line in lines]
    assert [e["hash"] for e in exported][: len(events)] == [e["hash"] for e in events]
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/export?format=csv").text)))
    assert [r["hash"] for r in rows][: len(events)] == [e["hash"] for e in events]
    log = client.get("/audit/log", params={"object": "viewer1"}).json()
    assert [e["seq"] for e in log] == [
        e.seq for e in engine.audit.events("admin", object_id="viewer1")
    ]


def test_audit_export_refuses_a_bad_date(client: httpx.Client) -> None:
    r = client.get("/audit/export", params={"from": "yesterday"})
    assert r.status_code == 422 and "query.from" in r.json()["errors"]


# -- users and keys -----------------------------------------------------------------------


def test_users_and_keys(server: LiveServer, client: httpx.Client, engine: Engine) -> None:
    made = client.post("/users", json={"name": "api-user", "role": "analyst"})
    assert made.status_code == 201, made.text
    assert [u["name"] for u in client.get("/users").json()] == [
        u.name for u in engine.users.list_users("admin")
    ]
    dup = client.post("/users", json={"name": "api-user"})
    assert dup.status_code == 409 and dup.json()["code"] == "user_exists"
    issued = client.post("/users/api-user/keys")
    assert issued.status_code == 201
    key, key_id = issued.json()["key"], issued.json()["key_id"]
    listed = client.get("/users/api-user/keys").json()
    assert [k["key_id"] for k in listed] == [
        k.key_id for k in engine.users.list_keys("admin", "api-user")
    ]
    assert key not in json.dumps(listed)
    with httpx.Client(base_url=server.url, headers=auth(key)) as new:
        assert new.get("/cases").status_code == 200
    role = client.post("/users/api-user/role", json={"role": "approver", "reason": "promoted"})
    assert role.status_code == 200 and role.json()["role"] == "approver"
    short = client.post("/users/api-user/password", json={"password": "short"})
    assert short.status_code == 400 and short.json()["code"] == "password_too_short"
    assert client.post("/users/api-user/password", json={"password": "x" * 16}).status_code == 200
    revoked = client.delete(f"/keys/{key_id}", params={"reason": "test"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.delete("/keys/xk_nope").status_code == 404
    disabled = client.post("/users/api-user/disable", json={"reason": "left"})
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    last_admin = client.post("/users/admin/disable", json={})
    assert last_admin.status_code == 409 and last_admin.json()["code"] == "last_admin"
    actions = [e.action for e in engine.audit.events("admin", object_id="api-user")]
    assert actions[:1] == ["user.added"] and "user.disabled" in actions
    assert all(e.actor == "admin" for e in engine.audit.events("admin", object_id="api-user"))


# -- controls -----------------------------------------------------------------------------


def test_controls_routes_equal_the_library(client: httpx.Client, engine: Engine) -> None:
    hits = client.get("/controls/search", params={"q": "milling machine", "limit": 5}).json()
    expected = engine.classification.catalogue().search("milling machine", limit=5)
    assert [h["code"] for h in hits] == [h.code for h in expected]
    shown = client.get("/controls/2B001")
    assert shown.status_code == 200
    assert shown.json() == _dump(engine.classification.catalogue().show("2B001"))
    status = client.get("/controls").json()
    assert [s["dataset"] for s in status] == [v.dataset for v in engine.controls.status()]
    bad = client.get("/controls/not-a-code")
    assert bad.status_code in (400, 404) and bad.json()["ok"] is False


def test_classify_several_items_answers_a_list(client: httpx.Client, engine: Engine) -> None:
    spec = TRANSACTION["items"]["mill-5ax"]
    items = [spec | {"id": "a"}, spec | {"id": "b", "axes": {"linear": 3}}]
    expected = engine.classification.classify(items_from_data(items))
    r = client.post("/classify", json=items)
    assert r.status_code == 200, r.text
    assert [(c["item"], c["status"]) for c in r.json()] == [
        (c.item, c.status.value) for c in expected
    ]
    one = client.post("/classify", params={"item": "b"}, json=items)
    assert one.status_code == 200 and one.json()["item"] == "b"
    missing = client.post("/classify", params={"item": "zzz"}, json=items)
    assert missing.status_code == 404 and missing.json()["code"] == "item_not_found"
