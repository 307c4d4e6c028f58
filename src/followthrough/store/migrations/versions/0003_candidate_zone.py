"""The candidate's time zone on each interview, so the agenda can show every
due time in the candidate's own clock from one indexed query; filled in from
the stored debriefs.

Revision ID: 0003_candidate_zone
Revises: 0002_plan
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_candidate_zone"
down_revision = "0002_plan"


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("candidate_zone", sa.String(64), nullable=False,
                                   server_default="UTC"))
    interviews = sa.table("interviews", sa.column("id", sa.Integer),
                          sa.column("debrief", sa.JSON), sa.column("candidate_zone", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(interviews.c.id, interviews.c.debrief)).all()
    for interview_id, debrief in rows:
        zone = (debrief or {}).get("candidate", {}).get("timezone", "UTC")
        connection.execute(sa.update(interviews).where(interviews.c.id == interview_id)
                           .values(candidate_zone=zone))
