"""Reading a SQLite database with the standard library's ``sqlite3``: what
``list``, ``agenda`` and ``plan ID`` read, without importing SQLAlchemy (about
0.2 s of a command's start-up, most of it).

:func:`open_quick` gives a :class:`QuickStore` only for a database file that
exists, is at this version's schema revision and has its local user; anything
else (PostgreSQL, a database to create or to migrate, a URL it does not read
the way SQLAlchemy does) is for the full store
(:func:`followthrough.store.open_store`). The queries are those of
:class:`followthrough.store.database.Store`, written out for SQLite, and give
the same records; ``tests/store/test_quick.py`` holds the two to the same
answers.

It never writes: :meth:`QuickStore.save_plan` and :meth:`QuickStore.set_state`
only confirm that what is stored already is what would be written, and raise
:class:`WriteNeeded` otherwise, so that a use case can run over it and go to
the full store only when something changes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followthrough import paths
from followthrough.errors import NotFound, StoreError
from followthrough.store.revision import HEAD
from followthrough.store.rows import (
    LOCAL_USER,
    AgendaRow,
    InterviewSummary,
    OutboxRow,
    PlannedRow,
    StoredEvent,
    StoredInterview,
    stored_interview,
)
from followthrough.vocabulary import NEEDS_YOU, ActionId, action_id, existing_id

MIGRATION_LOCK = "-migrate.lock"
PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
"""The URLs read here: a file path after them, as SQLAlchemy reads it when it
holds none of :data:`QUOTED`."""
QUOTED = ("%", "?", "#")
"""What SQLAlchemy would decode or split off in a URL (left to it)."""
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
           "PRAGMA busy_timeout=30000")
"""Those of every connection of :func:`followthrough.store.engine.make_engine`."""


class WriteNeeded(Exception):
    """What a use case would write differs from what is stored: run it again
    over the full store."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a plain SQLite URL (``sqlite:////home/me/f.db``);
    None for any other URL."""
    for prefix in PREFIXES:
        if url.startswith(prefix):
            rest = url.removeprefix(prefix)
            if not rest or rest == ":memory:" or rest.startswith("file:") \
                    or any(mark in rest for mark in QUOTED):
                return None
            return Path(rest).expanduser()
    return None


def sqlite_files(database: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [database, *(database.with_name(database.name + suffix)
                         for suffix in ("-wal", "-shm", "-journal", MIGRATION_LOCK))]


def private_notices(database: Path | None) -> list[str]:
    """Make the data folder and the database's files private (0600, folders
    0700); a notice for each that was not."""
    notices = paths.tighten_tree(paths.home())
    if database is not None:
        found = (paths.tighten(path) for path in sqlite_files(database))
        notices.extend(notice for notice in found if notice and notice not in notices)
    return notices


def open_quick(url: str | None = None,
               notify: Callable[[str], None] | None = None) -> QuickStore | None:
    """The quick reader of the SQLite database at ``url`` (the default database
    when None), or None when only the full store can open it. What opening it
    made private is said to ``notify``."""
    database = sqlite_path(url or paths.default_database_url())
    if database is None or not database.is_file():
        return None
    for notice in private_notices(database):
        if notify is not None:
            notify(notice)
    try:
        connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        for pragma in PRAGMAS:
            connection.execute(pragma)
        owner = _local_owner(connection) if _revision(connection) == HEAD else None
    except sqlite3.Error:
        owner = None
    if owner is None:
        connection.close()
        return None
    return QuickStore(connection, owner)


def _revision(connection: sqlite3.Connection) -> str | None:
    found = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if found is None:
        return None
    versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    return versions[0] if len(versions) == 1 else None


def _local_owner(connection: sqlite3.Connection) -> int | None:
    found = connection.execute("SELECT id FROM users WHERE handle = ?",
                               (LOCAL_USER,)).fetchone()
    return None if found is None else int(found[0])


def instant(value: str | None) -> datetime | None:
    """A stored time as SQLAlchemy gives it back (UTC, aware)."""
    if value is None:
        return None
    found = datetime.fromisoformat(value)
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def _stored_time(value: str) -> datetime:
    found = instant(value)
    assert found is not None  # noqa: S101 - the columns read with this are NOT NULL
    return found


def bound(value: datetime) -> str:
    """An instant as SQLAlchemy stores it in SQLite: UTC, without an offset, to
    the microsecond (so that text comparison orders instants)."""
    utc = value.astimezone(UTC)
    return (f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} {utc.hour:02d}:{utc.minute:02d}:"
            f"{utc.second:02d}.{utc.microsecond:06d}")


ACTION_COLUMNS = ("a.interview_id, a.key, a.kind, a.recipient, a.channel, a.due_at, "
                  "a.latest_at, a.zone, a.why, a.rule, a.status")
AGENDA_COLUMNS = f"{ACTION_COLUMNS}, i.company, i.role, i.candidate_zone"
PENDING = (f"SELECT {AGENDA_COLUMNS} FROM actions a "  # noqa: S608 - constant columns
           "JOIN interviews i ON i.id = a.interview_id WHERE a.owner_id = ? "
           "AND a.status = 'pending' AND a.due_at >= ? AND a.due_at < ?")
"""The owner's pending actions due in a range (the agenda's two windows)."""
OUTBOX_COLUMNS = ", ".join(f"o.{field.name}" for field in fields(OutboxRow))
OUTBOX_TIMES = frozenset({"send_at", "latest_at", "lease_until", "created_at", "updated_at",
                          "sent_at"})


def _planned(row: Sequence[Any]) -> PlannedRow:
    return PlannedRow(row[0], row[1], row[2], row[3], row[4], _stored_time(row[5]),
                      _stored_time(row[6]), row[7], row[8], row[9], row[10])


def _agenda_row(row: Sequence[Any]) -> AgendaRow:
    return AgendaRow(_planned(row[:11]), row[11], row[12], row[13])


def _outbox_row(row: Sequence[Any]) -> OutboxRow:
    values: list[Any] = [instant(value) if field.name in OUTBOX_TIMES else value
                         for field, value in zip(fields(OutboxRow), row, strict=False)]
    return OutboxRow(*values)


class QuickStore:
    """The reads of :class:`followthrough.store.database.Store` that ``list``,
    ``agenda`` and ``plan ID`` make, over one ``sqlite3`` connection, for the
    local user (``owner_id``)."""

    def __init__(self, connection: sqlite3.Connection, owner_id: int) -> None:
        self.connection = connection
        self.owner_id = owner_id
        self._interviews: dict[int, StoredInterview] = {}

    def close(self) -> None:
        self.connection.close()

    def _rows(self, sql: str, *parameters: object) -> list[Any]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"cannot read the database: {error}") from None

    # interviews ---------------------------------------------------------

    def list_interviews(self, state: str | None = None, limit: int | None = None,
                        offset: int = 0) -> list[InterviewSummary]:
        """Newest first; ``state`` filters, ``limit``/``offset`` page in SQL."""
        rows = self._rows(
            "SELECT id, company, role, starts_at, state, candidate_zone FROM interviews "
            "WHERE owner_id = ? AND (? IS NULL OR state = ?) "
            "ORDER BY starts_at DESC, id DESC LIMIT ? OFFSET ?",
            self.owner_id, state, state, -1 if limit is None else limit, offset)
        return [InterviewSummary(row[0], row[1], row[2], _stored_time(row[3]), row[4], row[5])
                for row in rows]

    def get_interview(self, interview_id: int) -> StoredInterview:
        """The stored interview, read once however often it is asked for (this
        reader writes nothing that could change it). Its debrief is not validated
        again: it was as it was stored
        (:func:`followthrough.debrief.view.stored_view`)."""
        if interview_id not in self._interviews:
            self._interviews[interview_id] = self._read_interview(interview_id)
        return self._interviews[interview_id]

    def _read_interview(self, interview_id: int) -> StoredInterview:
        rows = self._rows(
            "SELECT i.id, i.state, i.created_at, i.updated_at, i.uid, d.debrief, d.source "
            "FROM interviews i JOIN interview_documents d ON d.interview_id = i.id "
            "WHERE i.id = ? AND i.owner_id = ?", existing_id(interview_id), self.owner_id)
        if not rows:
            raise NotFound(f"no interview #{interview_id}; `followthrough list` shows them")
        from followthrough.debrief.view import stored_view

        number, state, created, updated, uid, document, source = rows[0]
        return StoredInterview(
            id=number, state=state, debrief=stored_view(json.loads(document)),
            source=source, created_at=_stored_time(created), updated_at=_stored_time(updated),
            uid=uid)

    def same_company(self, interview_id: int) -> list[tuple[int, datetime]]:
        """The owner's other interviews at the company of ``interview_id`` (its name
        compared without regard to case), each with its start, earliest first."""
        rows = self._rows(
            "SELECT id, starts_at FROM interviews WHERE owner_id = ? AND id != ? AND "
            "lower(company) = (SELECT lower(company) FROM interviews AS this "
            "WHERE this.id = ? AND this.owner_id = ?) ORDER BY starts_at, id",
            self.owner_id, interview_id, existing_id(interview_id), self.owner_id)
        return [(int(number), _stored_time(starts)) for number, starts in rows]

    def unplanned_among_newest(self, newest: int) -> list[int]:
        """Interviews among the ``newest`` rows stored without a single planned
        action (:meth:`followthrough.store.database.Store.unplanned_interviews`)."""
        last = self._rows("SELECT max(id) FROM interviews")[0][0] or 0
        mine = [number for number, owner in self._rows(
            "SELECT id, owner_id FROM interviews WHERE id > ?", last - newest)
            if owner == self.owner_id]
        if not mine:
            return []
        planned = {number for (number,) in self._rows(
            "SELECT DISTINCT interview_id FROM actions "
            "WHERE interview_id IN (SELECT value FROM json_each(?))", json.dumps(mine))}
        return sorted(int(number) for number in mine if number not in planned)

    # events and the plan ------------------------------------------------

    def events_of(self, interview_id: int) -> list[StoredEvent]:
        rows = self._rows(
            "SELECT e.kind, e.at, e.action_key, e.person, e.outcome, e.id, e.created_at "
            "FROM events e JOIN interviews i ON i.id = e.interview_id "
            "WHERE i.id = ? AND i.owner_id = ? ORDER BY e.at, e.id",
            existing_id(interview_id), self.owner_id)
        return [StoredEvent(kind, _stored_time(at), key, person, outcome, number,
                            instant(created))
                for kind, at, key, person, outcome, number, created in rows]

    def plan_of(self, interview_id: int) -> list[PlannedRow]:
        rows = self._rows(
            f"SELECT {ACTION_COLUMNS} FROM actions a "  # noqa: S608 - constant columns
            "JOIN interviews i ON i.id = a.interview_id "
            "WHERE i.id = ? AND i.owner_id = ? ORDER BY a.due_at, a.key",
            existing_id(interview_id), self.owner_id)
        return [_planned(row) for row in rows]

    def save_plan(self, interview_id: int, planned: list[PlannedRow]) -> None:
        """Nothing to store when ``planned`` is the stored plan; else :class:`WriteNeeded`."""
        stored = {row.key: row for row in self.plan_of(interview_id)}
        if stored != {row.key: row for row in planned} or len(stored) != len(planned):
            raise WriteNeeded(f"the plan of #{interview_id} changed")

    def set_state(self, interview_id: int, state: str) -> None:
        """Nothing to store when ``state`` is the stored state; else :class:`WriteNeeded`."""
        if self.get_state(interview_id) != state:
            raise WriteNeeded(f"the state of #{interview_id} changed")

    def get_state(self, interview_id: int) -> str | None:
        rows = self._rows("SELECT state FROM interviews WHERE id = ? AND owner_id = ?",
                          existing_id(interview_id), self.owner_id)
        return str(rows[0][0]) if rows else None

    # the agenda ---------------------------------------------------------

    def agenda(self, now: datetime, since: datetime, until: datetime,
               ahead_limit: int = 300, overdue_limit: int = 100) -> list[AgendaRow]:
        """Pending actions due in ``[now, until)`` soonest first, and overdue ones in
        ``[since, now)`` most recent first, each bounded by its limit."""
        rows = self._rows(
            f"SELECT * FROM ({PENDING} ORDER BY a.due_at, a.id LIMIT ?) UNION ALL "  # noqa: S608
            f"SELECT * FROM ({PENDING} ORDER BY a.due_at DESC, a.id LIMIT ?)",
            self.owner_id, bound(now), bound(until), ahead_limit,
            self.owner_id, bound(since), bound(now), overdue_limit)
        found = [_agenda_row(row) for row in rows]
        return sorted(found, key=lambda item: (item.action.due, item.action.key))

    def pending_of_kind(self, kind: str, low: datetime, high: datetime,
                        status: str = "pending") -> list[AgendaRow]:
        """The owner's actions of ``kind`` with ``status`` due in ``[low, high)``,
        soonest first."""
        rows = self._rows(
            f"SELECT {AGENDA_COLUMNS} FROM actions a "  # noqa: S608 - constant columns
            "JOIN interviews i ON i.id = a.interview_id "
            "WHERE a.owner_id = ? AND a.status = ? AND a.due_at >= ? AND a.due_at < ? "
            "AND a.kind = ? ORDER BY a.due_at, a.id",
            self.owner_id, status, bound(low), bound(high), kind)
        return [_agenda_row(row) for row in rows]

    def count_pending(self, low: datetime, high: datetime) -> int:
        """The owner's pending actions due in ``[low, high)``."""
        return int(self._rows(
            "SELECT count(*) FROM actions WHERE owner_id = ? AND status = 'pending' "
            "AND due_at >= ? AND due_at < ?", self.owner_id, bound(low), bound(high))[0][0])

    def outbox_statuses(self, action_ids: list[str]) -> dict[str, str]:
        """``{action id: outbox status}`` for those of ``action_ids`` queued."""
        wanted = {ActionId.parse(each) for each in action_ids}
        interview_ids = sorted({interview_id for interview_id, _key in wanted})
        if not interview_ids:
            return {}
        rows = self._rows(
            "SELECT interview_id, action_key, status FROM outbox WHERE owner_id = ? "
            "AND interview_id IN (SELECT value FROM json_each(?))",
            self.owner_id, json.dumps(interview_ids))
        return {action_id(interview_id, key): status for interview_id, key, status in rows
                if (interview_id, key) in wanted}

    def needing_you(self) -> list[tuple[OutboxRow, str]]:
        """``uncertain`` and ``failed`` messages whose action is still pending,
        with the interview's company."""
        rows = self._rows(
            f"SELECT {OUTBOX_COLUMNS}, i.company FROM outbox o "  # noqa: S608 - constant columns
            "JOIN interviews i ON i.id = o.interview_id "
            "JOIN actions a ON a.interview_id = o.interview_id AND a.key = o.action_key "
            "WHERE o.owner_id = ? AND o.status IN (SELECT value FROM json_each(?)) "
            "AND a.status = 'pending' ORDER BY o.send_at, o.id LIMIT 1000",
            self.owner_id, json.dumps(NEEDS_YOU))
        return [(_outbox_row(row), row[-1]) for row in rows]


def with_model(stored: StoredInterview) -> StoredInterview:
    """``stored`` with its debrief validated as the store reads it, where this
    reader gave a view (:func:`followthrough.debrief.view.stored_view`)."""
    from followthrough.debrief.view import is_view

    if not is_view(stored.debrief):
        return stored
    return stored_interview({
        "id": stored.id, "state": stored.state, "created_at": stored.created_at,
        "updated_at": stored.updated_at, "uid": stored.uid, "source": stored.source,
        "debrief": stored.debrief.to_document()})
