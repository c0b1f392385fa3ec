"""Alert records taken in from documents (investigation records).

Revision ID: 0002_alerts
Revises: 0001_lists
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_alerts"
down_revision = "0001_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), nullable=False, unique=True),
        sa.Column("document_id", sa.String(100), nullable=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_alerts_document_id", "alerts", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_alerts_document_id", "alerts")
    op.drop_table("alerts")
