"""Users and interviews: every row has an owner from the first day, so team
mode later adds users without rewriting the schema.

Revision ID: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

from followthrough import clock
from followthrough.store.types import UTCDateTime

revision = "0001_initial"
down_revision = None


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(120), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("handle", name="uq_users_handle"),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(20), server_default="awaiting", nullable=False),
        sa.Column("debrief", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], ondelete="CASCADE",
                                name="fk_interviews_owner_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
    )
    op.create_index("ix_interviews_owner_starts", "interviews", ["owner_id", "starts_at"])
    op.create_index("ix_interviews_owner_digest", "interviews", ["owner_id", "digest"])
    op.bulk_insert(users, [{"handle": "local", "display_name": "Local user",
                            "created_at": clock.now()}])
