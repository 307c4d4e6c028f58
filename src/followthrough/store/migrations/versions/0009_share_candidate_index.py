"""The (consultant, candidate, state) index of ``shares`` that a consultant's
counts by state read. It was added to 0007 after 0007 had been released, so
databases migrated by that release lack it; databases migrated by the edited
0007 have it already, hence "if missing".

Revision ID: 0009_share_candidate_index
Revises: 0008_outbox_attachments
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_share_candidate_index"
down_revision = "0008_outbox_attachments"

INDEX = "ix_shares_consultant_candidate_state"


def _has_index() -> bool:
    return any(index["name"] == INDEX for index in sa.inspect(op.get_bind()).get_indexes("shares"))


def upgrade() -> None:
    if not _has_index():
        op.create_index(INDEX, "shares", ["consultant_id", "candidate_id", "state"])


def downgrade() -> None:
    if _has_index():
        op.drop_index(INDEX, table_name="shares")
