"""API keys (their secrets stored only as SHA-256) and password hashes for users.

Revision ID: i15_credentials
Revises: i11_controls
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_credentials"
down_revision = "i11_controls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("password_hash", sa.String(200), nullable=True))
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(12), primary_key=True),
        sa.Column("user_name", sa.String(100), sa.ForeignKey("users.name"), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_keys_user_name", "api_keys", ["user_name"])


def downgrade() -> None:
    op.drop_index("ix_api_keys_user_name", "api_keys")
    op.drop_table("api_keys")
    # SQLite cannot drop a column in place: batch mode copies the table without it.
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_hash")
