"""Case stores: in memory, SQLite and PostgreSQL (the same contract holds on each)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exportctl.store import Store
from exportctl.store.casestore import SqlCaseStore
from exportctl.store.memory import MemoryCaseStore
from exportctl.store.ports import CaseStore
from tests.conftest import drop_pg_database, make_pg_database


def _sql_url(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> Iterator[str]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'exportctl.db'}"
        Store(url).close()  # runs the migrations
        yield url
        return
    server = request.getfixturevalue("pg_server_url")
    url, name = make_pg_database(server)
    try:
        Store(url).close()
        yield url
    finally:
        drop_pg_database(server, name)


@pytest.fixture(params=["sqlite", "postgres"])
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each SQL backend."""
    yield from _sql_url(request, tmp_path, request.param)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def case_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseStore]:
    if request.param == "memory":
        yield MemoryCaseStore()
        return
    for url in _sql_url(request, tmp_path, request.param):
        store = SqlCaseStore(url)
        yield store
        store.close()
