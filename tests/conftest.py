"""Shared test fixtures: the ../shared data folder, fresh stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EXPORTCTL_SHARED", REPO.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _require(path: Path) -> Path:
    if path.exists():
        return path
    msg = (
        f"shared data not found at {path} (set EXPORTCTL_SHARED or place ../shared beside the repo)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(msg + "; CI must not skip these tests")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder (skip locally if absent; fail under CI=true)."""
    return _require(SHARED)


@pytest.fixture(scope="session")
def shared_lists(shared: Path) -> Path:
    return _require(shared / "data" / "lists")


@pytest.fixture(scope="session")
def shared_controls(shared: Path) -> Path:
    return _require(shared / "data" / "controls")


@pytest.fixture(scope="session")
def shared_examples(shared: Path) -> Path:
    return _require(shared / "examples")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def _pg_url() -> str | None:
    return os.environ.get("EXPORTCTL_TEST_PG_URL")


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """Base URL of the test PostgreSQL server (skip if unset; fail under CI=true)."""
    url = _pg_url()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("EXPORTCTL_TEST_PG_URL is not set; CI must run the PostgreSQL tests")
        pytest.skip("EXPORTCTL_TEST_PG_URL not set")
    return url


def make_pg_database(server_url: str) -> tuple[str, str]:
    """Create a throwaway database; return (its URL, its name)."""
    import sqlalchemy as sa

    name = f"exportctl_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = server_url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_pg_database(server_url: str, name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'exportctl.db'}"
        return
    server = request.getfixturevalue("pg_server_url")
    url, name = make_pg_database(server)
    try:
        yield url
    finally:
        drop_pg_database(server, name)
