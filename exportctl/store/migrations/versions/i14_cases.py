"""Users, cases, recorded results and the append-only, hash-chained audit log.

Existing alert records become investigation cases that keep their ``A-YYYY-NNNNN`` ids; each
migrated case gets a ``case.migrated`` event by the ``system`` actor.

Revision ID: i14_cases
Revises: 0002_alerts
Create Date: 2026-12-05
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from exportctl.model.audit import GENESIS_HASH, EventDraft, seal
from exportctl.model.case import Case, CaseKind, CaseLink, LinkKind

revision = "i14_cases"
down_revision = "i12_version_meta"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("audit_events", "recorded_results")


def _triggers(dialect: str) -> list[str]:
    out: list[str] = []
    for table in _APPEND_ONLY:
        if dialect == "sqlite":
            for op_name in ("UPDATE", "DELETE"):
                out.append(
                    f"CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        else:
            out.append(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION exportctl_append_only()"
            )
            out.append(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION exportctl_append_only()"
            )
    return out


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("review_key", sa.String(700), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_cases_kind", "cases", ["kind"])
    op.create_index("ix_cases_state", "cases", ["state"])
    op.create_table(
        "recorded_results",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("provenance", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("object", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_object", "audit_events", ["object"])
    dialect = op.get_bind().dialect.name
    if dialect != "sqlite":
        op.execute(
            "CREATE FUNCTION exportctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
    for ddl in _triggers(dialect):
        op.execute(ddl)
    _migrate_alerts()


def _migrate_alerts() -> None:
    """Each stored alert becomes an open investigation case with the same id."""
    bind = op.get_bind()
    alerts = bind.execute(
        sa.text("SELECT case_id, document_id, file, created_at FROM alerts ORDER BY id")
    ).all()
    prev = GENESIS_HASH
    now = datetime.now(UTC)
    for seq, (case_id, document_id, file, created_at) in enumerate(alerts, start=1):
        if isinstance(created_at, str):  # SQLite hands raw text to a textual query
            created_at = datetime.fromisoformat(created_at)
        created = created_at if isinstance(created_at, datetime) else now
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        case = Case(
            id=case_id,
            kind=CaseKind.INVESTIGATION,
            state="open",
            title=f"Alert {document_id or file}",
            created_at=created,
            created_by="system",
            updated_at=created,
            links=(CaseLink(kind=LinkKind.DOCUMENT, ref=file, label=document_id),),
        )
        bind.execute(
            sa.text(
                "INSERT INTO cases (id, kind, state, version, review_key, created_at, "
                "updated_at, data) VALUES (:id, :kind, :state, 0, NULL, :c, :c, :data)"
            ),
            {
                "id": case.id,
                "kind": case.kind.value,
                "state": case.state,
                "c": created,
                "data": case.model_dump_json(),
            },
        )
        ev = seal(
            EventDraft(
                actor="system",
                action="case.migrated",
                object=case.id,
                reason="alert record adopted as an investigation case",
                payload={"kind": case.kind.value, "state": case.state, "alert": case_id},
            ),
            seq=seq,
            at=now,
            prev_hash=prev,
        )
        prev = ev.hash
        bind.execute(
            sa.text(
                "INSERT INTO audit_events (seq, at, actor, action, object, reason, payload, "
                "payload_hash, prev_hash, hash) VALUES (:seq, :at, :actor, :action, :object, "
                ":reason, :payload, :payload_hash, :prev_hash, :hash)"
            ),
            json.loads(ev.model_dump_json()),
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    if dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS exportctl_append_only()")
    op.drop_table("audit_events")
    op.drop_table("recorded_results")
    op.drop_table("cases")
    op.drop_table("users")
