"""List versions, entries and the active-version pointer.

Revision ID: 0001_lists
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_lists"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("names", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.Text, nullable=True),
    )
    op.create_index("ix_list_versions_source", "list_versions", ["source"])
    op.create_index("ix_list_versions_source_hash", "list_versions", ["source", "content_hash"])
    op.create_table(
        "list_sources",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column(
            "active_version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False
        ),
    )
    op.create_table(
        "entry_blobs",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "version_entries",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id"), primary_key=True),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("entry_hash", sa.String(64), sa.ForeignKey("entry_blobs.hash"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("version_entries")
    op.drop_table("entry_blobs")
    op.drop_table("list_sources")
    op.drop_index("ix_list_versions_source_hash", "list_versions")
    op.drop_index("ix_list_versions_source", "list_versions")
    op.drop_table("list_versions")
