"""The journal in full text: ``journal_entries`` holds each debrief's journal
pieces (questions, answers, reflection, topics), written by the store with the
debrief and filled here from the debriefs stored before. SQLite indexes it in
the FTS5 table ``journal_fts`` (external content, kept in step by triggers, and
rebuilt here); PostgreSQL by a GIN index on ``to_tsvector('simple', text)``
(punctuation read as spaces).
Applied again to a database that has the table, it changes nothing.

Revision ID: 0012_journal_search
Revises: 0011_digests
"""

import json

import sqlalchemy as sa
from alembic import op

from followthrough.store.journal import FTS_TOKENIZER, PG_INDEXED, journal_texts

revision = "0012_journal_search"
down_revision = "0011_digests"

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE journal_fts USING fts5(text, content='journal_entries', "
    f"content_rowid='id', tokenize='{FTS_TOKENIZER}')",
    "CREATE TRIGGER journal_entries_ai AFTER INSERT ON journal_entries BEGIN "
    "INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER journal_entries_ad AFTER DELETE ON journal_entries BEGIN "
    "INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER journal_entries_au AFTER UPDATE ON journal_entries BEGIN "
    "INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text); END",
]
POSTGRESQL_INDEX = [
    f"CREATE INDEX ix_journal_entries_search ON journal_entries USING gin ({PG_INDEXED})",
]


def _done_already() -> bool:
    """Whether the table is there (a database whose version was set back)."""
    return sa.inspect(op.get_bind()).has_table("journal_entries")


def upgrade() -> None:
    if _done_already():
        return
    entries = op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name="fk_journal_entries_interview_id_interviews"),
        sa.PrimaryKeyConstraint("id", name="pk_journal_entries"),
    )
    op.create_index("ix_journal_entries_interview_id_position", "journal_entries",
                    ["interview_id", "position"])
    _fill(entries)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_INDEX if dialect == "sqlite" else POSTGRESQL_INDEX:
        op.execute(statement)
    if dialect == "sqlite":
        op.execute("INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")


def _fill(entries: sa.Table) -> None:
    """The journal pieces of every debrief stored so far."""
    bind = op.get_bind()
    documents = bind.execute(sa.text("SELECT interview_id, debrief FROM interview_documents"))
    rows = [{"interview_id": interview_id, "position": position, "field": path,
             "kind": kind, "text": text}
            for interview_id, debrief in documents
            for position, (path, kind, text) in enumerate(journal_texts(
                json.loads(debrief) if isinstance(debrief, str) else debrief))]
    if rows:
        op.bulk_insert(entries, rows)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE journal_fts")
    op.drop_table("journal_entries")
