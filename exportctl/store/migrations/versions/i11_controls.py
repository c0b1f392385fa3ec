"""Control-data versions (US CCL, Country Chart, Country Groups, Wassenaar) and their active
pointers.

Revision ID: i11_controls
Revises: i14_cases
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_controls"
down_revision = "i14_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "control_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(40), nullable=False),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("issued", sa.Date, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_control_versions_dataset", "control_versions", ["dataset"])
    op.create_table(
        "control_active",
        sa.Column("dataset", sa.String(40), primary_key=True),
        sa.Column(
            "active_version_id",
            sa.Integer,
            sa.ForeignKey("control_versions.id"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_table("control_active")
    op.drop_index("ix_control_versions_dataset", "control_versions")
    op.drop_table("control_versions")
