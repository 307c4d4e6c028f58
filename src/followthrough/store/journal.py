"""Reading every interview's debrief for the journal: its search and its
question bank filter in Python, which at personal scale (1,000 interviews)
is quick on SQLite and PostgreSQL alike (bench/journal_bench.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, cast, select

from followthrough.store import Store
from followthrough.store.schema import interview_documents, interviews


@dataclass(frozen=True)
class JournalSource:
    """One interview as the journal names it, with its stored debrief as JSON text
    (parsed by the reader, which needs a few of its fields: faster than
    decoding every document whole)."""

    interview_id: int
    company: str
    role: str
    starts_at: datetime
    document: str


def journal_sources(store: Store) -> list[JournalSource]:
    """The owner's interviews, newest first (by when they took place)."""
    query = (select(interviews.c.id, interviews.c.company, interviews.c.role,
                    interviews.c.starts_at, cast(interview_documents.c.debrief, Text))
             .join(interview_documents, interview_documents.c.interview_id == interviews.c.id)
             .where(interviews.c.owner_id == store.owner_id)
             .order_by(interviews.c.starts_at.desc(), interviews.c.id.desc()))
    with store.reading() as connection:
        rows = connection.execute(query).all()
    return [JournalSource(*row) for row in rows]
