"""Settings from the environment, and the one error body every adapter emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.config import Settings
from exportctl.errors import ConfigError, ExportctlError, InvalidInput, NotFound


def test_defaults_put_sqlite_in_home(tmp_path: Path) -> None:
    s = Settings.from_env({"EXPORTCTL_HOME": str(tmp_path)})
    assert s.home == tmp_path
    assert s.database_url == f"sqlite:///{tmp_path / 'exportctl.db'}"
    assert (s.http_timeout, s.http_retries, s.sources, s.mirror_url) == (60.0, 3, (), None)


def test_database_url_and_sources_override() -> None:
    s = Settings.from_env(
        {
            "EXPORTCTL_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "EXPORTCTL_SOURCES": "ofac-sdn, un,",
            "EXPORTCTL_MIRROR_URL": "http://127.0.0.1:9/m/",
        }
    )
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.sources == ("ofac-sdn", "un")
    assert s.mirror_url == "http://127.0.0.1:9/m"


@pytest.mark.parametrize(
    "env",
    [
        {"EXPORTCTL_HTTP_TIMEOUT": "soon"},
        {"EXPORTCTL_HTTP_RETRIES": "-1"},
        {"EXPORTCTL_HTTP_TIMEOUT": "0"},
    ],
)
def test_bad_numbers_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as exc:
        Settings.from_env(env)
    assert exc.value.code == "config_invalid"


def test_error_body_shape_is_pinned() -> None:
    err = InvalidInput(
        "lines[1].item: unknown item 'x'", code="unknown_item", errors={"lines[1].item": "unknown"}
    )
    assert err.as_dict() == {
        "ok": False,
        "code": "unknown_item",
        "error": "lines[1].item: unknown item 'x'",
        "errors": {"lines[1].item": "unknown"},
        "status": 400,
    }
    assert NotFound("x").as_dict()["status"] == 404
    assert isinstance(err, ExportctlError) and NotFound("x").code == "not_found"
