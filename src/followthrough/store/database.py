"""The store over SQLAlchemy, for SQLite and PostgreSQL: every write, and every
read but the few :mod:`followthrough.store.quick` answers.

``open_store()`` gives a :class:`Store` bound to one owner (the single local
user unless team mode says otherwise). Every query filters by that owner, so a
row of one user is never visible to another.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.exc import OperationalError

from followthrough import clock, paths
from followthrough.errors import NotFound, StoreError
from followthrough.store import migrate
from followthrough.store.engine import make_engine, reader, sqlite_file
from followthrough.store.journal import write_entries
from followthrough.store.quick import private_notices
from followthrough.store.rows import (
    LOCAL_USER,
    AgendaRow,
    InterviewSummary,
    OutboxRow,
    PlannedRow,
    Restored,
    StoredEvent,
    StoredInterview,
    stored_interview,
)
from followthrough.store.schema import (
    actions,
    events,
    interview_documents,
    interviews,
    shared_agenda,
    shares,
    users,
)
from followthrough.store.sharing import fill_shared_agenda
from followthrough.vocabulary import ActionId, existing_id

if TYPE_CHECKING:
    from followthrough.debrief import Debrief


def digest_of(debrief: Debrief) -> str:
    canonical = json.dumps(debrief.to_document(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, engine: Engine, owner: str = LOCAL_USER,
                 owner_id: int | None = None) -> None:
        self.engine = engine
        self._reader = reader(engine)
        self._unit = threading.local()
        self.notices: list[str] = []
        """What opening the store changed that the user should hear about."""
        self.migrated = False
        """Whether opening the store upgraded its schema (this version's first use)."""
        self.owner_id = owner_id if owner_id is not None else self._owner_id(owner)

    @classmethod
    def for_user(cls, engine: Engine, user_id: int) -> Store:
        """The store of a team user already known by id (no lookup)."""
        return cls(engine, owner_id=user_id)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Every read and write of this store in the block is one transaction (in
        this thread): all of it is stored, or none of it. On SQLite it holds the
        write lock from its first statement, so other writers wait their turn."""
        if self._open_unit() is not None:
            yield
            return
        with self.engine.begin() as connection:
            self._unit.connection = connection
            try:
                yield
            finally:
                self._unit.connection = None

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction, or the enclosing :meth:`atomic` one."""
        return self._in_unit_or(self.engine.begin)

    def reading(self) -> AbstractContextManager[Connection]:
        """A connection that only reads (or the enclosing :meth:`atomic` one, which
        sees its own writes)."""
        return self._in_unit_or(self._reader.connect)

    @contextmanager
    def _in_unit_or(self, connect: Callable[[], AbstractContextManager[Connection]]
                    ) -> Iterator[Connection]:
        unit = self._open_unit()
        if unit is not None:
            yield unit
            return
        with connect() as connection:
            yield connection

    def _open_unit(self) -> Connection | None:
        unit: Connection | None = getattr(self._unit, "connection", None)
        return unit

    def _owner_id(self, handle: str) -> int:
        with self.reading() as connection:
            found = connection.scalar(select(users.c.id).where(users.c.handle == handle))
        if found is None:
            raise StoreError(f"no user {handle!r} in this database")
        return int(found)

    # interviews ---------------------------------------------------------

    def add_interview(self, debrief: Debrief, source: str | None = None,
                      restored: Restored | None = None) -> tuple[int, bool]:
        """Store a debrief; returns ``(id, created)``. The same debrief stored
        again is found instead of duplicated (``created`` is then false). A
        ``restored`` one keeps its times, and its uid unless another interview
        has it."""
        digest = digest_of(debrief)
        now = clock.now()
        with self.transaction() as connection:
            _one_at_a_time(connection, digest)
            existing = connection.scalar(
                select(interviews.c.id).where(interviews.c.owner_id == self.owner_id,
                                              interviews.c.digest == digest)
            )
            if existing is not None:
                return int(existing), False
            kept = _kept(connection, restored) if restored else {}
            new_id = connection.scalar(
                insert(interviews).values(
                    owner_id=self.owner_id, **_interview_columns(debrief, digest),
                    **({"created_at": now, "updated_at": now} | kept),
                ).returning(interviews.c.id)
            )
            assert new_id is not None  # noqa: S101 - RETURNING always yields the key
            if "id" in kept:
                _numbers_go_on_from(connection, new_id)
            document = debrief.to_document()
            connection.execute(insert(interview_documents).values(
                interview_id=new_id, debrief=document, source=source))
            write_entries(connection, new_id, document)
        return int(new_id), True

    def replace_interview(self, interview_id: int, debrief: Debrief,
                          source: str | None = None) -> None:
        with self.transaction() as connection:
            result = connection.execute(
                update(interviews)
                .where(*self._own(interview_id))
                .values(**_interview_columns(debrief, digest_of(debrief)),
                        updated_at=clock.now())
            )
            if result.rowcount == 0:
                raise NotFound(f"no interview #{interview_id}")
            connection.execute(update(shares).where(shares.c.interview_id == interview_id)
                               .values(starts_at=debrief.interview.starts))
            document = debrief.to_document()
            connection.execute(
                update(interview_documents)
                .where(interview_documents.c.interview_id == interview_id)
                .values(debrief=document, source=source))
            write_entries(connection, interview_id, document)

    def get_interview(self, interview_id: int) -> StoredInterview:
        with self.reading() as connection:
            row = connection.execute(
                _with_document().where(*self._own(interview_id))
            ).mappings().first()
        if row is None:
            raise NotFound(f"no interview #{interview_id}; `followthrough list` shows them")
        return stored_interview(row)

    def all_interviews(self) -> list[StoredInterview]:
        with self.reading() as connection:
            rows = connection.execute(
                _with_document().where(interviews.c.owner_id == self.owner_id)
                .order_by(interviews.c.id)
            ).mappings().all()
        return [stored_interview(row) for row in rows]

    def list_interviews(self, state: str | None = None, limit: int | None = None,
                        offset: int = 0) -> list[InterviewSummary]:
        """Newest first; ``state`` filters, ``limit``/``offset`` page in SQL."""
        columns = (interviews.c.id, interviews.c.company, interviews.c.role,
                   interviews.c.starts_at, interviews.c.state, interviews.c.candidate_zone)
        query = (select(*columns).where(interviews.c.owner_id == self.owner_id)
                 .order_by(interviews.c.starts_at.desc(), interviews.c.id.desc())
                 .offset(offset).limit(limit))
        if state is not None:
            query = query.where(interviews.c.state == state)
        with self.reading() as connection:
            rows = connection.execute(query).all()
        return [InterviewSummary(*row) for row in rows]

    def count_by_state(self) -> dict[str, int]:
        with self.reading() as connection:
            rows = connection.execute(
                select(interviews.c.state, func.count()).where(
                    interviews.c.owner_id == self.owner_id).group_by(interviews.c.state)
            ).all()
        return {state: int(count) for state, count in rows}

    def delete_interview(self, interview_id: int) -> None:
        with self.transaction() as connection:
            result = connection.execute(delete(interviews).where(*self._own(interview_id)))
            if result.rowcount == 0:
                raise NotFound(f"no interview #{interview_id}")

    def unplanned_interviews(self, newest: int | None = None) -> list[int]:
        """Interviews stored without a single planned action (among the ``newest``
        rows of the table, or all): an import cut off between storing and planning
        (before imports were atomic) left them so, and nothing about them would
        ever show up in the agenda."""
        if newest is not None:
            return self._unplanned_among_newest(newest)
        planned = select(actions.c.id).where(actions.c.interview_id == interviews.c.id)
        with self.reading() as connection:
            found = connection.scalars(
                select(interviews.c.id)
                .where(interviews.c.owner_id == self.owner_id, ~exists(planned))
                .order_by(interviews.c.id)).all()
        return [int(interview_id) for interview_id in found]

    def _unplanned_among_newest(self, newest: int) -> list[int]:
        """Range scans of primary keys only (a filter on the owner would make the
        planners walk the owner's index instead: 24-118 ms at 100,000)."""
        with self.reading() as connection:
            last = connection.scalar(select(func.max(interviews.c.id))) or 0
            rows = connection.execute(select(interviews.c.id, interviews.c.owner_id)
                                      .where(interviews.c.id > last - newest)).all()
            mine = [interview_id for interview_id, owner in rows if owner == self.owner_id]
            planned = set(connection.scalars(
                select(actions.c.interview_id).distinct()
                .where(actions.c.interview_id.in_(mine)))) if mine else set()
        return sorted(int(interview_id) for interview_id in mine if interview_id not in planned)

    def count_interviews(self) -> int:
        with self.reading() as connection:
            found = connection.scalar(select(func.count()).select_from(interviews)
                                      .where(interviews.c.owner_id == self.owner_id))
        return int(found or 0)

    def set_state(self, interview_id: int, state: str) -> None:
        with self.transaction() as connection:
            changed = connection.execute(update(interviews).where(*self._own(interview_id))
                                         .values(state=state)).rowcount
            if changed:
                connection.execute(update(shares).where(shares.c.interview_id == interview_id)
                                   .values(state=state))

    # events and the plan ------------------------------------------------

    def add_event(self, interview_id: int, event: StoredEvent) -> int:
        """Store the event; its new id."""
        self.get_interview(interview_id)
        with self.transaction() as connection:
            return int(connection.execute(insert(events).values(
                interview_id=interview_id, kind=event.kind, at=event.at,
                action_key=event.action_key, person=event.person, outcome=event.outcome,
                created_at=event.created_at or clock.now()).returning(events.c.id)
            ).scalar_one())

    def events_of(self, interview_id: int) -> list[StoredEvent]:
        with self.reading() as connection:
            rows = connection.execute(
                select(events.c.kind, events.c.at, events.c.action_key, events.c.person,
                       events.c.outcome, events.c.id, events.c.created_at)
                .join(interviews, interviews.c.id == events.c.interview_id)
                .where(*self._own(interview_id))
                .order_by(events.c.at, events.c.id)
            ).all()
        return [StoredEvent(*row) for row in rows]

    def events_by_interview(self, interview_id: int | None = None
                            ) -> dict[int, list[StoredEvent]]:
        """The events of interview ``interview_id`` (or of every interview of the
        owner, in one query), by interview, in the order recorded."""
        query = (select(events.c.interview_id, events.c.kind, events.c.at,
                        events.c.action_key, events.c.person, events.c.outcome, events.c.id,
                        events.c.created_at)
                 .join(interviews, interviews.c.id == events.c.interview_id)
                 .where(interviews.c.owner_id == self.owner_id).order_by(events.c.id))
        if interview_id is not None:
            query = query.where(interviews.c.id == existing_id(interview_id))
        found: dict[int, list[StoredEvent]] = {}
        with self.reading() as connection:
            for number, *values in connection.execute(query).all():
                found.setdefault(int(number), []).append(StoredEvent(*values))
        return found

    def save_plan(self, interview_id: int, planned: list[PlannedRow]) -> None:
        """Replace the interview's planned actions in one transaction."""
        with self.transaction() as connection:
            own = select(interviews.c.id).where(*self._own(interview_id))
            connection.execute(delete(shared_agenda).where(shared_agenda.c.action_id.in_(
                select(actions.c.id).where(actions.c.interview_id == interview_id,
                                           actions.c.interview_id.in_(own)))))
            connection.execute(delete(actions).where(
                actions.c.interview_id == interview_id, actions.c.interview_id.in_(own)))
            if planned:
                connection.execute(insert(actions), [
                    {"interview_id": interview_id, "owner_id": self.owner_id, "key": row.key,
                     "kind": row.kind, "recipient": row.recipient, "channel": row.channel,
                     "due_at": row.due, "latest_at": row.latest, "zone": row.zone,
                     "why": row.why, "rule": row.rule, "status": row.status}
                    for row in planned])
                fill_shared_agenda(connection, interview_id)

    def plan_of(self, interview_id: int) -> list[PlannedRow]:
        with self.reading() as connection:
            # joined through the interview's primary key so the (interview, key)
            # index is used rather than a scan of all the owner's actions
            rows = connection.execute(
                select(*_action_columns())
                .join(interviews, interviews.c.id == actions.c.interview_id)
                .where(*self._own(interview_id))
                .order_by(actions.c.due_at, actions.c.key)
            ).all()
        return [PlannedRow(*row) for row in rows]

    def same_company(self, interview_id: int) -> list[tuple[int, datetime]]:
        """The owner's other interviews at the company of ``interview_id`` (its name
        compared without regard to case), each with its start, earliest first."""
        this = interviews.alias("this")
        company = select(func.lower(this.c.company)).where(
            this.c.id == existing_id(interview_id),
            this.c.owner_id == self.owner_id).scalar_subquery()
        with self.reading() as connection:
            rows = connection.execute(
                select(interviews.c.id, interviews.c.starts_at)
                .where(interviews.c.owner_id == self.owner_id,
                       interviews.c.id != interview_id,
                       func.lower(interviews.c.company) == company)
                .order_by(interviews.c.starts_at, interviews.c.id)
            ).all()
        return [(int(row.id), row.starts_at) for row in rows]

    def find_action(self, action_id: str) -> PlannedRow:
        interview_id, key = ActionId.parse(action_id)
        with self.reading() as connection:
            row = connection.execute(
                select(*_action_columns()).where(actions.c.interview_id == interview_id,
                                                 actions.c.key == key,
                                                 actions.c.owner_id == self.owner_id)
            ).first()
        if row is None:
            raise NotFound(f"no action {action_id!r}; `followthrough plan {interview_id}` "
                           "lists the actions of an interview")
        return PlannedRow(*row)

    def agenda(self, now: datetime, since: datetime, until: datetime,
               ahead_limit: int = 300, overdue_limit: int = 100) -> list[AgendaRow]:
        """Pending actions due in ``[now, until)`` soonest first, and overdue ones in
        ``[since, now)`` most recent first: one statement, two range scans of the
        (owner, status, due) index, each bounded by its limit."""
        columns = (*_action_columns(), interviews.c.company, interviews.c.role,
                   interviews.c.candidate_zone)

        def window(low: datetime, high: datetime, newest_first: bool, limit: int) -> Any:
            order = actions.c.due_at.desc() if newest_first else actions.c.due_at
            return (select(*columns)
                    .join(interviews, interviews.c.id == actions.c.interview_id)
                    .where(actions.c.owner_id == self.owner_id, actions.c.status == "pending",
                           actions.c.due_at >= low, actions.c.due_at < high)
                    .order_by(order, actions.c.id).limit(limit).subquery())

        ahead = window(now, until, False, ahead_limit)
        behind = window(since, now, True, overdue_limit)
        statement = union_all(select(ahead), select(behind))
        with self.reading() as connection:
            rows = connection.execute(statement).all()
        found = [AgendaRow(PlannedRow(*row[:11]), *row[11:]) for row in rows]
        return sorted(found, key=lambda item: (item.action.due, item.action.key))

    def pending_of_kind(self, kind: str, low: datetime, high: datetime,
                        status: str = "pending") -> list[AgendaRow]:
        """The owner's actions of ``kind`` with ``status`` (pending unless told) due in
        ``[low, high)``, soonest first (a range of the (owner, kind, status, due) index)."""
        columns = (*_action_columns(), interviews.c.company, interviews.c.role,
                   interviews.c.candidate_zone)
        with self.reading() as connection:
            rows = connection.execute(
                select(*columns)
                .join(interviews, interviews.c.id == actions.c.interview_id)
                .where(actions.c.owner_id == self.owner_id, actions.c.status == status,
                       actions.c.due_at >= low, actions.c.due_at < high,
                       actions.c.kind == kind)
                .order_by(actions.c.due_at, actions.c.id)).all()
        return [AgendaRow(PlannedRow(*row[:11]), *row[11:]) for row in rows]

    def count_pending(self, low: datetime, high: datetime) -> int:
        """The owner's pending actions due in ``[low, high)``."""
        from followthrough.store.agenda import count_pending

        return count_pending(self, low, high)

    def outbox_statuses(self, action_ids: list[str]) -> dict[str, str]:
        """``{action id: outbox status}`` for those of ``action_ids`` queued."""
        from followthrough.store.outbox import OutboxStore

        return OutboxStore(self).statuses(action_ids)

    def needing_you(self) -> list[tuple[OutboxRow, str]]:
        """Messages only the user can decide about, each with its company
        (:meth:`followthrough.store.outbox.OutboxStore.needing_you`)."""
        from followthrough.store.outbox import OutboxStore

        return OutboxStore(self).needing_you()

    def _own(self, interview_id: int) -> tuple[Any, ...]:
        return (interviews.c.id == existing_id(interview_id),
                interviews.c.owner_id == self.owner_id)


def _one_at_a_time(connection: Connection, digest: str) -> None:
    """On PostgreSQL, hold a lock on this debrief until the transaction ends, so
    two imports of it at once store it once (SQLite's BEGIN IMMEDIATE already
    makes writers take turns)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": int(digest[:15], 16)})


def _kept(connection: Connection, restored: Restored) -> dict[str, Any]:
    """The restored columns; its uid only while no other interview has it (the same
    backup imported by two users of a team, or after an edit changed the debrief)."""
    kept: dict[str, Any] = {name: value for name, value in (
        ("created_at", restored.created_at), ("updated_at", restored.updated_at))
        if value is not None}
    if restored.number is not None and restored.number > _last_number(connection):
        kept["id"] = restored.number
    if restored.uid is None or connection.scalar(
            select(interviews.c.id).where(interviews.c.uid == restored.uid)) is not None:
        return kept
    return kept | {"uid": restored.uid}


SERIAL = "pg_get_serial_sequence('interviews', 'id')"


def _last_number(connection: Connection) -> int:
    """The highest interview number this database has handed out, deleted or not
    (SQLite's AUTOINCREMENT counter, PostgreSQL's sequence). On PostgreSQL the
    table is locked against other inserts until the transaction ends, so no
    number can be taken between this look and the insert."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE interviews IN SHARE ROW EXCLUSIVE MODE"))
        last = connection.scalar(text(f"SELECT pg_sequence_last_value({SERIAL}::regclass)"))
    else:
        last = connection.scalar(text(
            "SELECT seq FROM sqlite_sequence WHERE name = 'interviews'"))
    return int(last or 0)


def _numbers_go_on_from(connection: Connection, number: int) -> None:
    """After a number was given explicitly, the next one handed out is above it
    (SQLite's counter follows by itself)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT setval({SERIAL}, :number)"), {"number": number})


def _interview_columns(debrief: Debrief, digest: str) -> dict[str, Any]:
    interview = debrief.interview
    return {"company": interview.company, "role": interview.role,
            "starts_at": interview.starts, "digest": digest,
            "candidate_zone": debrief.candidate.timezone}


def _with_document() -> Any:
    return select(interviews, interview_documents.c.debrief, interview_documents.c.source).join(
        interview_documents, interview_documents.c.interview_id == interviews.c.id)


def _action_columns() -> tuple[Any, ...]:
    return (actions.c.interview_id, actions.c.key, actions.c.kind, actions.c.recipient,
            actions.c.channel, actions.c.due_at, actions.c.latest_at, actions.c.zone,
            actions.c.why, actions.c.rule, actions.c.status)


def open_store(url: str | None = None, owner: str = LOCAL_USER) -> Store:
    """Open (and if needed create and migrate) the database at ``url``. Files of
    ours that others could read are made private first; ``Store.notices`` says
    which."""
    url = url or paths.default_database_url()
    notices = _make_private(url)
    engine = make_engine(url)
    try:
        migrated = migrate.ensure_current(engine)
        store = Store(engine, owner)
        store.migrated = migrated
    except OperationalError as err:
        engine.dispose()
        raise StoreError(f"cannot open the database: {err.orig}") from None
    except BaseException:
        engine.dispose()
        raise
    store.notices.extend(notices)
    return store


def _make_private(url: str) -> list[str]:
    return private_notices(sqlite_file(url))
