"""The journal's storage: every debrief's journal text (questions, answers,
reflection, topics) as rows of ``journal_entries``, written with the debrief
and searched in full text: SQLite's FTS5 table ``journal_fts`` (kept in step
by triggers), PostgreSQL's ``to_tsvector`` index in team mode. The question
bank and the export read whole debriefs (:func:`journal_sources`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Text,
    cast,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
)

from followthrough.store.schema import interview_documents, interviews, journal_entries

if TYPE_CHECKING:
    from followthrough.store import Store

FTS_TOKENIZER = "unicode61 remove_diacritics 2"
"""SQLite: words are runs of letters and digits, in any case, accents aside."""

WORD = re.compile(r"[^\W_]+")
"""A word of a search: letters and digits only, so it never holds a quote or an
operator of either database's query language."""

PG_CONFIG = "'simple'"
"""PostgreSQL: words in any case, never stemmed (a journal is in many languages)."""

PG_SEPARATORS = "'[^[:alnum:]]+'"
"""PostgreSQL reads what is not a letter or digit as a space before it indexes the
text: its parser would otherwise keep ``0.1`` or ``node.js`` whole, and ``1`` or
``node`` would not find them (SQLite's tokenizer splits them already)."""

PG_INDEXED = f"to_tsvector({PG_CONFIG}, regexp_replace(text, {PG_SEPARATORS}, ' ', 'g'))"
"""Each piece's words as PostgreSQL indexes them."""

PG_VECTOR = "search"
"""PostgreSQL's stored generated column of :data:`PG_INDEXED` (GIN-indexed as
``ix_journal_entries_search``): a search and its ranking read it, never
computing a vector again."""


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


@dataclass(frozen=True)
class FoundEntry:
    """A piece of journal text a search matched, best match first."""

    interview_id: int
    company: str
    role: str
    starts: str
    """When the interview began, as the debrief has it (ISO 8601, its own offset)."""
    field: str
    kind: str
    text: str


def journal_sources(store: Store, company: str | None = None) -> list[JournalSource]:
    """The owner's interviews, newest first (by when they took place); ``company``
    keeps those whose company holds it (any case)."""
    query = (select(interviews.c.id, interviews.c.company, interviews.c.role,
                    interviews.c.starts_at, cast(interview_documents.c.debrief, Text))
             .join(interview_documents, interview_documents.c.interview_id == interviews.c.id)
             .where(interviews.c.owner_id == store.owner_id)
             .order_by(interviews.c.starts_at.desc(), interviews.c.id.desc()))
    with store.reading() as connection:
        rows = connection.execute(query).all()
    wanted = (company or "").strip().casefold()
    return [JournalSource(*row) for row in rows if wanted in row[1].casefold()]


def journal_texts(document: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(path, kind, text)`` for every piece of a debrief document the journal
    searches, in the debrief's order."""
    for index, question in enumerate(document.get("questions") or []):
        yield f"questions[{index}].asked", "asked", question["asked"]
        if question.get("answer"):
            yield f"questions[{index}].answer", "answer", question["answer"]
    reflection = document.get("reflection") or {}
    for kind in ("went_well", "improve"):
        for index, line in enumerate(reflection.get(kind) or []):
            yield f"reflection.{kind}[{index}]", kind, line
    if reflection.get("learned"):
        yield "reflection.learned", "learned", reflection["learned"]
    for person, interviewer in enumerate(document.get("interviewers") or []):
        for index, topic in enumerate(interviewer.get("topics") or []):
            yield (f"interviewers[{person}].topics[{index}]", "topics",
                   topic if isinstance(topic, str) else topic["about"])


def write_entries(connection: Connection, interview_id: int,
                  document: Mapping[str, Any]) -> None:
    """Replace the interview's journal rows by those of ``document`` (the index
    follows: triggers on SQLite, the expression index on PostgreSQL)."""
    connection.execute(delete(journal_entries)
                       .where(journal_entries.c.interview_id == interview_id))
    rows = [{"interview_id": interview_id, "position": position, "field": path,
             "kind": kind, "text": text}
            for position, (path, kind, text) in enumerate(journal_texts(document))]
    if rows:
        connection.execute(insert(journal_entries), rows)


def search_entries(store: Store, words: Sequence[str], kinds: Collection[str] | None = None,
                   limit: int | None = None) -> list[FoundEntry]:
    """The owner's journal pieces holding every one of ``words`` (each a run of
    letters or digits, matched as the start of a word in any case): best ranked
    first, then newest interview, then in the debrief's order; the first
    ``limit`` of them if given."""
    words = _valid(words)
    if not words:
        return []
    query = (select(journal_entries.c.interview_id, interviews.c.company, interviews.c.role,
                    journal_entries.c.field, journal_entries.c.kind, journal_entries.c.text)
             .join(interviews, interviews.c.id == journal_entries.c.interview_id)
             .where(interviews.c.owner_id == store.owner_id))
    if kinds is not None:
        query = query.where(journal_entries.c.kind.in_(sorted(kinds)))
    with store.reading() as connection:
        rows = connection.execute(_matcher(connection)(query, words).limit(limit)).all()
        starts = _starts_of(connection, {row[0] for row in rows})
    return [FoundEntry(interview_id, company, role, starts[interview_id], field, kind, text)
            for interview_id, company, role, field, kind, text in rows]


def _starts_of(connection: Connection, interview_ids: set[int]) -> dict[int, str]:
    """When each interview began, as its debrief has it: read once per interview,
    not per piece found (taking it from the JSON of each of 6,665 pieces cost
    PostgreSQL 265 ms)."""
    if not interview_ids:
        return {}
    starts = interview_documents.c.debrief[("interview", "starts")].as_string()
    rows = connection.execute(select(interview_documents.c.interview_id, starts).where(
        interview_documents.c.interview_id.in_(sorted(interview_ids))))
    return {int(interview_id): str(when) for interview_id, when in rows}


def count_entries(store: Store, words: Sequence[str]) -> int:
    """How many of the owner's journal pieces :func:`search_entries` finds."""
    words = _valid(words)
    if not words:
        return 0
    query = (select(func.count()).select_from(journal_entries)
             .join(interviews, interviews.c.id == journal_entries.c.interview_id)
             .where(interviews.c.owner_id == store.owner_id))
    with store.reading() as connection:
        return int(connection.scalar(_matcher(connection)(query, words).order_by(None)) or 0)


def _valid(words: Sequence[str]) -> list[str]:
    return [word for word in words if WORD.fullmatch(word)]


def _matcher(connection: Connection) -> Callable[[Select[Any], Sequence[str]], Select[Any]]:
    return _sqlite_match if connection.dialect.name == "sqlite" else _pg_match


def _newest_first(query: Select[Any], rank: ColumnElement[Any]) -> Select[Any]:
    return query.order_by(rank, interviews.c.starts_at.desc(), interviews.c.id.desc(),
                          journal_entries.c.position)


def _sqlite_match(query: Select[Any], words: Sequence[str]) -> Select[Any]:
    fts = table("journal_fts", column("rowid"))
    matched = (query.join(fts, fts.c.rowid == journal_entries.c.id)
               .where(literal_column("journal_fts").match(fts_query(words))))
    return _newest_first(matched, func.bm25(literal_column("journal_fts")))


def _pg_match(query: Select[Any], words: Sequence[str]) -> Select[Any]:
    vector: ColumnElement[Any] = literal_column(f"journal_entries.{PG_VECTOR}")
    wanted = func.to_tsquery(literal_column(PG_CONFIG), ts_query(words))
    matched = query.where(vector.bool_op("@@")(wanted))
    return _newest_first(matched, func.ts_rank(vector, wanted).desc())


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query for pieces holding every word as a word's start: each word is
    a quoted string (a word has no quote in it), so no operator can come from it."""
    return " ".join(f'"{word}"*' for word in words)


def ts_query(words: Sequence[str]) -> str:
    """The same as a PostgreSQL ``tsquery``: each word quoted, as a prefix."""
    return " & ".join(f"'{word}':*" for word in words)
