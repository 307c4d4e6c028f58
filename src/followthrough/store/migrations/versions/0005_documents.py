"""Move each debrief's document (JSON and TOML source, a few kilobytes) out of
``interviews`` into ``interview_documents``, so the rows the dashboard and the
agenda read are narrow; and index interviews by (owner, state, start) so the
dashboard's per-state lists and counts never touch the table itself.

Revision ID: 0005_documents
Revises: 0004_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0004_outbox"


def upgrade() -> None:
    op.create_table(
        "interview_documents",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("debrief", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name="fk_interview_documents_interview_id_interviews"),
        sa.PrimaryKeyConstraint("interview_id", name="pk_interview_documents"),
    )
    op.execute("INSERT INTO interview_documents (interview_id, debrief, source) "
               "SELECT id, debrief, source FROM interviews")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("debrief")
        batch.drop_column("source")
    op.create_index("ix_interviews_owner_state_starts", "interviews",
                    ["owner_id", "state", "starts_at"])
