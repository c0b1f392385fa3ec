"""List versions carry metadata: load warnings, name/address counts, an accepted shrink.

Revision ID: i12_version_meta
Revises: 0002_alerts
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "i12_version_meta"
down_revision = "0002_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("list_versions") as batch:
        batch.add_column(sa.Column("meta", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("list_versions") as batch:
        batch.drop_column("meta")
