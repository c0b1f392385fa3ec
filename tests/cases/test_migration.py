"""Alert records stored before cases existed become investigation cases with the same ids."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from exportctl.cases import verify_chain
from exportctl.store import Store
from exportctl.store.casestore import SqlCaseStore
from exportctl.store.database import _MIGRATIONS


def test_alerts_become_investigations_keeping_their_ids(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_alerts")
        for n, doc in ((1, "09STATE124113"), (2, None)):
            conn.execute(
                sa.text(
                    "INSERT INTO alerts (case_id, document_id, file, file_sha256, kind, "
                    "created_at, data) VALUES (:c, :d, :f, :h, 'investigation', :t, '{}')"
                ),
                {
                    "c": f"A-2025-{n:05d}",
                    "d": doc,
                    "f": f"cable{n}.txt",
                    "h": "0" * 64,
                    "t": datetime(2025, 3, n, tzinfo=UTC),
                },
            )
    engine.dispose()
    Store(database_url).close()  # upgrades to head
    store = SqlCaseStore(database_url)
    first = store.get_case("A-2025-00001")
    assert (first.kind.value, first.state, first.created_at.day) == ("investigation", "open", 1)
    assert first.links[0].ref == "cable1.txt" and "09STATE124113" in first.title
    assert store.get_case("A-2025-00002").title == "Alert cable2.txt"
    events = list(store.events())
    assert [(e.action, e.object) for e in events] == [
        ("case.migrated", "A-2025-00001"),
        ("case.migrated", "A-2025-00002"),
    ]
    assert verify_chain(events).ok
    store.close()
