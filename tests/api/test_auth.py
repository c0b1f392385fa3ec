"""API keys and roles: the role matrix is generated from the route table, so a new route that
does not declare its role fails here."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from exportctl.api import create_app
from exportctl.api.app import PUBLIC_PATHS, ROUTERS
from exportctl.api.auth import RoleCheck
from exportctl.api.keys import KeyCache
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import Unauthenticated
from exportctl.model.case import Role
from tests.api.conftest import LiveServer, auth, keys_for, wait_ready

#: A value for each path parameter, so every route can be called.
_PATH_VALUES = {"dataset": "default", "entity_id": "ofac-sdn:1002", "source": "ofac_sdn"}


def _role_of(dependant: Dependant) -> Role | None:
    for dep in dependant.dependencies:
        if isinstance(dep.call, RoleCheck):
            return dep.call.role
        found = _role_of(dep)
        if found is not None:
            return found
    return None


def _routes() -> Iterator[tuple[str, str, Role | None]]:
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods or ()):
                    yield method, route.path_format, _role_of(route.dependant)


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _PATH_VALUES.get(m.group(1), "x"), path)


def test_every_route_declares_its_role(api_settings: Settings) -> None:
    routes = list(_routes())
    assert len(routes) >= 9
    assert [r for r in routes if r[2] is None] == []
    # A route added to the app outside ROUTERS would escape the matrix below.
    app = create_app(api_settings)
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path not in PUBLIC_PATHS:
            assert _role_of(route.dependant) is not None, route.path


@pytest.mark.parametrize(("method", "path", "role"), list(_routes()))
def test_role_matrix(
    server: LiveServer, api_settings: Settings, method: str, path: str, role: Role
) -> None:
    keys = keys_for(api_settings)
    url = _url(path)
    body: dict[str, Any] = {"json": {}} if method in {"POST", "PUT", "PATCH"} else {}
    with httpx.Client(base_url=server.url, timeout=30) as c:
        wait_ready(c)
        anonymous = c.request(method, url, **body)
        assert anonymous.status_code == 401, (method, url, anonymous.text)
        assert anonymous.json()["code"] == "unauthenticated"
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        for other in Role:
            r = c.request(method, url, headers=auth(keys[other.value]), **body)
            if other.at_least(role):
                assert r.status_code != 401, (other, method, url, r.text)
                # a streamed export (JSON lines, CSV) is not one JSON document
                is_json = r.headers.get("content-type", "").startswith("application/json")
                answer = r.json() if is_json else None
                code = answer.get("code") if isinstance(answer, dict) else None
                assert code != "role_required", (other, method, url)
            else:
                assert r.status_code == 403, (other, method, url, r.text)
                assert r.json()["code"] == "role_required"


def test_bad_keys_are_refused_alike_and_never_logged(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    forged = "xk_0123456789ab_" + "A" * 43
    answers = []
    for header in (
        f"Bearer {forged}",
        "Bearer not-a-key",
        "Basic dXNlcjpwYXNz",
        f"ApiKey {forged}",
    ):
        r = client.get("/catalog", headers={"Authorization": header})
        assert r.status_code == 401
        answers.append(r.json()["message"])
    assert len(set(answers[:2])) == 1  # a forged key and garbage get the same answer
    assert forged not in caplog.text and "not-a-key" not in caplog.text


def test_yente_apikey_scheme_is_accepted(server: LiveServer, api_settings: Settings) -> None:
    key = keys_for(api_settings)["viewer"]
    r = httpx.get(f"{server.url}/catalog", headers={"Authorization": f"ApiKey {key}"})
    assert r.status_code == 200, r.text


def test_a_revoked_key_stops_working(api_settings: Settings) -> None:
    engine = Engine(api_settings)
    try:
        issued = engine.users.create_key("admin", "viewer1")
        cache = KeyCache(engine.users.authenticate_key, ttl=0)
        assert cache.user(issued.key).name == "viewer1"
        engine.users.revoke_key("admin", issued.key_id)
        with pytest.raises(Unauthenticated):
            cache.user(issued.key)
    finally:
        engine.close()


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    r = client.options(
        "/screen",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in r.headers
