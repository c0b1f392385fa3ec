"""Migration i15_credentials: the single head; upgrades a store with users, and downgrades."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from exportctl.services import UserService
from exportctl.store import Store
from exportctl.store.casestore import SqlCaseStore
from exportctl.store.database import _MIGRATIONS


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def test_i15_credentials_is_the_single_head_after_i11_controls() -> None:
    script = ScriptDirectory.from_config(_config())
    assert script.get_heads() == ["i15_credentials"]
    assert script.get_revision("i15_credentials").down_revision == "i11_controls"


def test_users_from_before_keep_working_and_the_migration_goes_down_again(
    database_url: str,
) -> None:
    engine = sa.create_engine(database_url)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "i11_controls")
        conn.execute(
            sa.text(
                "INSERT INTO users (name, role, enabled, created_at, created_by) "
                "VALUES ('old', 'admin', :t, CURRENT_TIMESTAMP, 'system')"
            ),
            {"t": True},
        )
    Store(database_url).close()  # upgrades to head
    store = SqlCaseStore(database_url)
    users = UserService(store)
    assert store.get_password_hash("old") is None
    issued = users.create_key("old", "old")
    assert users.authenticate_key(issued.key).name == "old"
    store.close()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "i11_controls")
    inspector = sa.inspect(engine)
    assert "api_keys" not in inspector.get_table_names()
    assert "password_hash" not in {c["name"] for c in inspector.get_columns("users")}
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM users")).scalars().all() == ["old"]
    engine.dispose()
