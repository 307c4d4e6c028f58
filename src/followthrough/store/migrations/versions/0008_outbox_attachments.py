"""The files an approved message carries (a promise's ``file``), as their bytes
at approval: what goes out is what was approved, even if the file changes or
disappears afterwards. A table of its own, so the outbox rows the worker and
the lists read stay narrow; rows go with their message.

Revision ID: 0008_outbox_attachments
Revises: 0007_share_listing
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_outbox_attachments"
down_revision = "0007_share_listing"


def upgrade() -> None:
    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"], ondelete="CASCADE",
                                name="fk_outbox_attachments_outbox_id_outbox"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_attachments"),
        sa.UniqueConstraint("outbox_id", "position",
                            name="uq_outbox_attachments_outbox_id_position"),
    )


def downgrade() -> None:
    op.drop_table("outbox_attachments")
