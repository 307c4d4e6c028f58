"""The morning digest's days: one row per owner and local day it was due, so the
worker sends it at most once a day (``sending`` is claimed before the message
goes out; a crash leaves it there and nothing is sent again that day).

Revision ID: 0011_digests
Revises: 0010_interview_uids
"""

import sqlalchemy as sa
from alembic import op

from followthrough.store.types import UTCDateTime

revision = "0011_digests"
down_revision = "0010_interview_uids"


def _done_already() -> bool:
    """A database an older version stamped back (a test, or a restore) may hold it."""
    return "digests" in sa.inspect(op.get_bind()).get_table_names()


def upgrade() -> None:
    if _done_already():
        return
    op.create_table(
        "digests",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_digests_owner_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner_id", "day", name="pk_digests"),
    )


def downgrade() -> None:
    op.drop_table("digests")
