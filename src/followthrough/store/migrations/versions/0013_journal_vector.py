"""PostgreSQL keeps each journal piece's ``tsvector`` in a stored generated column
``search`` (indexed by GIN), so neither a search before the table's statistics
exist nor the ranking of thousands of matches computes the vectors again
(1,000 interviews, a word in 166 pieces: 223 ms before, see
docs/benchmarks.md). SQLite's FTS5 table already stores its index: nothing
changes there. Applied again to a database that has the column, it changes
nothing.

Revision ID: 0013_journal_vector
Revises: 0012_journal_search
"""

import sqlalchemy as sa
from alembic import op

from followthrough.store.journal import PG_INDEXED, PG_VECTOR

revision = "0013_journal_vector"
down_revision = "0012_journal_search"


def _done_already() -> bool:
    return any(column["name"] == PG_VECTOR
               for column in sa.inspect(op.get_bind()).get_columns("journal_entries"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql" or _done_already():
        return
    op.execute(f"ALTER TABLE journal_entries ADD COLUMN {PG_VECTOR} tsvector "
               f"GENERATED ALWAYS AS ({PG_INDEXED}) STORED")
    op.execute("DROP INDEX ix_journal_entries_search")
    op.execute(f"CREATE INDEX ix_journal_entries_search ON journal_entries "
               f"USING gin ({PG_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_journal_entries_search")
    op.execute(f"ALTER TABLE journal_entries DROP COLUMN {PG_VECTOR}")
    op.execute(f"CREATE INDEX ix_journal_entries_search ON journal_entries "
               f"USING gin ({PG_INDEXED})")
