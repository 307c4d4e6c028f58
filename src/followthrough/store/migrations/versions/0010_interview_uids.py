"""Interview numbers and calendar ids that are never handed out twice.

Each interview gets ``uid``, 32 random hex digits that its calendar UIDs carry
(so a new interview never updates a deleted one's calendar entries), filled in
for the interviews stored before. On SQLite the table is rebuilt with
AUTOINCREMENT so the numbers of the newest interviews, once deleted, are not
handed out again (PostgreSQL's sequence never reused them). Applied again to a
database that has the column, it changes nothing.

Revision ID: 0010_interview_uids
Revises: 0009_share_candidate_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_interview_uids"
down_revision = "0009_share_candidate_index"

RANDOM_HEX = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
}


def _done_already() -> bool:
    """Whether the columns are there (a database whose version was set back)."""
    return any(column["name"] == "uid"
               for column in sa.inspect(op.get_bind()).get_columns("interviews"))


def upgrade() -> None:
    if _done_already():
        return
    dialect = op.get_bind().dialect.name
    op.add_column("interviews", sa.Column("uid", sa.String(32), nullable=True))
    op.execute(f"UPDATE interviews SET uid = {RANDOM_HEX[dialect]}")  # noqa: S608 - constant
    with op.batch_alter_table("interviews",
                              recreate="always" if dialect == "sqlite" else "auto",
                              table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("uid", existing_type=sa.String(32), nullable=False)
        batch.create_unique_constraint("uq_interviews_uid", ["uid"])


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_constraint("uq_interviews_uid", type_="unique")
        batch.drop_column("uid")
