"""The outbox's SQL: enqueue, claim under a real lock, conditional state
changes, the worker lease and incoming mail already seen.

Every state change after a claim is conditional on the claim token and the
expected current state, so a worker that lost its claim (lease expired, row
swept) can never overwrite what another worker did. Claims take the write
lock first: ``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError

from followthrough.errors import NotFound, StoreError
from followthrough.store.database import Store
from followthrough.store.rows import OutboxRow as OutboxRow
from followthrough.store.schema import (
    actions,
    events,
    inbound,
    interviews,
    outbox,
    outbox_attachments,
    shared_agenda,
    worker_lease,
)
from followthrough.vocabulary import (
    IN_FLIGHT,
    NEEDS_YOU,
    OPEN,
    REQUEUABLE,
    ActionId,
    action_id,
)


@dataclass(frozen=True)
class OutboxFile:
    """A file a queued message carries, as its bytes at approval."""

    filename: str
    content_type: str
    data: bytes
    source: str = ""
    """The path it was read from (shown to the user, never sent)."""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class NewMessage:
    interview_id: int
    action_key: str
    kind: str
    message_id: str
    from_name: str
    from_addr: str
    to_name: str
    to_addr: str
    subject: str
    body: str
    send_at: datetime
    latest_at: datetime
    zone: str
    attachments: tuple[OutboxFile, ...] = ()
    """Stored with the row in the same transaction, replaced when it is queued again."""


@dataclass(frozen=True)
class Seen:
    """An incoming message already recorded (so the worker never counts it again)."""

    message_id: str
    kind: str
    sender: str | None
    subject: str | None
    received_at: datetime


RESTORED_STATUS = {"scheduled": "cancelled", "retry_wait": "cancelled",
                   "claimed": "cancelled", "submitting": "uncertain"}
"""What a restored message that had not (surely) gone out becomes: nothing is sent
that was not approved in this database, and one that may have gone is uncertain."""
RESTORED_NOTICE = "restored from a backup before it was sent; approve it again to send it"


@dataclass(frozen=True)
class ClaimResult:
    claimed: list[OutboxRow]
    cancelled: list[OutboxRow]
    """Rows whose action is no longer pending (a reply came, the user marked it)."""
    swept_uncertain: list[OutboxRow]
    """``submitting`` rows whose lease ran out: the worker died mid-send."""


_COLUMNS = tuple(outbox.c[f.name] for f in fields(OutboxRow))


def _row(values: Any) -> OutboxRow:
    return OutboxRow(*values[:len(_COLUMNS)])


def _checked_file(filename: str, content_type: str, data: bytes, source: str | None,
                  digest: str, size: int) -> OutboxFile:
    """A stored file; a :class:`StoreError` if its bytes no longer match its digest."""
    if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
        raise StoreError(f"the stored copy of {filename} is damaged (its bytes do not "
                         "match what was approved)")
    return OutboxFile(filename, content_type, data, source or "")


def _restored(row: OutboxRow) -> dict[str, Any]:
    """The columns of a restored message: no claim, and not sent unless it was."""
    kept = {f.name: getattr(row, f.name) for f in fields(OutboxRow)
            if f.name not in ("id", "owner_id", "interview_id", "claim_token", "lease_until")}
    status = RESTORED_STATUS.get(row.status)
    if status is None:
        return kept
    notice = RESTORED_NOTICE if status == "cancelled" else row.last_error
    return kept | {"status": status, "last_error": notice}


def _mark_action_done(connection: Connection, row: OutboxRow) -> None:
    """The planned action of ``row`` is done, and off the consultants' agenda."""
    action = and_(actions.c.interview_id == row.interview_id,
                  actions.c.key == row.action_key)
    connection.execute(delete(shared_agenda).where(
        shared_agenda.c.action_id.in_(select(actions.c.id).where(action))))
    connection.execute(update(actions).where(action, actions.c.status == "pending")
                       .values(status="done"))


class OutboxStore:
    """The outbox of ``store``'s owner; :meth:`all_owners` is the one explicit
    exception: the team worker's view of every owner's rows."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self.owner_id = store.owner_id
        self.every_owner = False

    @classmethod
    def all_owners(cls, store: Store) -> OutboxStore:
        """Claims and state changes over the rows of ALL owners (team workers
        only: never the default). Incoming mail is still recorded per owner,
        with the owner taken from the row."""
        box = cls(store)
        box.every_owner = True
        return box

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """A transaction holding the write lock from its first statement."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.info["begin_sql"] = "BEGIN IMMEDIATE"
            with connection.begin():
                yield connection

    def _one_owner(self, what: str) -> None:
        if self.every_owner:
            raise StoreError(f"{what} belongs to one owner; use that owner's outbox, "
                             "not the all-owners view")

    def _mine(self) -> Any:
        if self.every_owner:
            return true()
        return outbox.c.owner_id == self.owner_id

    # enqueue and lookups ------------------------------------------------

    def enqueue(self, new: NewMessage, now: datetime) -> tuple[OutboxRow, bool]:
        """Queue a message; ``(row, created)``. A row for the same action is
        never duplicated: if it is cancelled, failed or expired it is queued
        again with the new content (keeping its Message-ID), otherwise it is
        returned unchanged with ``created`` false."""
        self._one_owner("queuing a message")
        try:
            return self._enqueue(new, now)
        except IntegrityError:
            # another process inserted the same action between our look and our
            # insert (PostgreSQL has no row to lock yet): the unique key held
            with self.engine.connect() as connection:
                existing = self._find(connection, new.interview_id, new.action_key)
            assert existing is not None  # noqa: S101 - the unique key says it exists
            return existing, False

    def _enqueue(self, new: NewMessage, now: datetime) -> tuple[OutboxRow, bool]:
        values = {f.name: getattr(new, f.name) for f in fields(NewMessage)
                  if f.name != "attachments"}
        with self._locked() as connection:
            existing = self._find(connection, new.interview_id, new.action_key)
            if existing is None:
                connection.execute(insert(outbox).values(
                    owner_id=self.owner_id, status="scheduled", attempts=0,
                    created_at=now, updated_at=now, **values))
            elif existing.status in REQUEUABLE:
                values.pop("message_id")
                connection.execute(update(outbox).where(outbox.c.id == existing.id).values(
                    status="scheduled", attempts=0, claim_token=None, lease_until=None,
                    smtp_code=None, last_error=None, updated_at=now, **values))
                connection.execute(delete(outbox_attachments)
                                   .where(outbox_attachments.c.outbox_id == existing.id))
            else:
                return existing, False
            found = self._find(connection, new.interview_id, new.action_key)
            assert found is not None  # noqa: S101 - written in this very transaction
            self._store_files(connection, found.id, new.attachments)
        return found, True

    @staticmethod
    def _store_files(connection: Connection, outbox_id: int, files: Iterable[OutboxFile]
                     ) -> None:
        rows = [{"outbox_id": outbox_id, "position": position, "filename": item.filename,
                 "content_type": item.content_type, "size": item.size,
                 "sha256": hashlib.sha256(item.data).hexdigest(),
                 "source": item.source or None, "data": item.data}
                for position, item in enumerate(files, start=1)]
        if rows:
            connection.execute(insert(outbox_attachments), rows)

    def attachments(self, row: OutboxRow) -> tuple[OutboxFile, ...]:
        """The files ``row`` carries, in order, as approved. A stored file whose
        bytes no longer match their digest is a :class:`StoreError` (the
        message must fail, never go out with other bytes)."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(outbox_attachments.c.filename, outbox_attachments.c.content_type,
                       outbox_attachments.c.data, outbox_attachments.c.source,
                       outbox_attachments.c.sha256, outbox_attachments.c.size)
                .join(outbox, outbox.c.id == outbox_attachments.c.outbox_id)
                .where(self._mine(), outbox_attachments.c.outbox_id == row.id)
                .order_by(outbox_attachments.c.position)).all()
        files: list[OutboxFile] = []
        for filename, content_type, data, source, digest, size in found:
            data = bytes(data)
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                raise StoreError(f"{row.action_id}: the stored copy of {filename} is damaged "
                                 "(its bytes do not match what was approved)")
            files.append(OutboxFile(filename, content_type, data, source or ""))
        return tuple(files)

    def attachment_names(self, rows: Sequence[OutboxRow]) -> dict[int, list[tuple[str, int]]]:
        """``{row id: [(filename, size), ...]}`` for listings (the bytes stay put)."""
        ids = [row.id for row in rows]
        if not ids:
            return {}
        with self.engine.connect() as connection:
            found = connection.execute(
                select(outbox_attachments.c.outbox_id, outbox_attachments.c.filename,
                       outbox_attachments.c.size)
                .join(outbox, outbox.c.id == outbox_attachments.c.outbox_id)
                .where(self._mine(), outbox_attachments.c.outbox_id.in_(ids))
                .order_by(outbox_attachments.c.outbox_id, outbox_attachments.c.position)
            ).all()
        names: dict[int, list[tuple[str, int]]] = {}
        for outbox_id, filename, size in found:
            names.setdefault(outbox_id, []).append((filename, size))
        return names

    def _find(self, connection: Connection, interview_id: int, key: str) -> OutboxRow | None:
        values = connection.execute(select(*_COLUMNS).where(
            self._mine(), outbox.c.interview_id == interview_id,
            outbox.c.action_key == key)).first()
        return _row(values) if values is not None else None

    def get(self, action_id: str) -> OutboxRow:
        interview_id, key = ActionId.parse(action_id)
        with self.engine.connect() as connection:
            found = self._find(connection, interview_id, key)
        if found is None:
            raise NotFound(f"{action_id} is not in the outbox; `followthrough approve "
                           f"{action_id}` queues it")
        return found

    def by_action(self, action_id: str) -> OutboxRow | None:
        interview_id, key = ActionId.parse(action_id)
        with self.engine.connect() as connection:
            return self._find(connection, interview_id, key)

    def by_message_id(self, message_id: str) -> OutboxRow | None:
        with self.engine.connect() as connection:
            values = connection.execute(select(*_COLUMNS).where(
                self._mine(), outbox.c.message_id == message_id)).first()
        return _row(values) if values is not None else None

    def rows(self, statuses: Sequence[str] | None = None, limit: int = 1000
             ) -> list[OutboxRow]:
        query = select(*_COLUMNS).where(self._mine())
        if statuses is not None:
            query = query.where(outbox.c.status.in_(statuses))
        with self.engine.connect() as connection:
            found = connection.execute(query.order_by(outbox.c.send_at, outbox.c.id)
                                       .limit(limit)).all()
        return [_row(values) for values in found]

    def statuses(self, action_ids: Sequence[str]) -> dict[str, str]:
        """``{action id: outbox status}`` for those of ``action_ids`` queued."""
        wanted = {ActionId.parse(action_id) for action_id in action_ids}
        interview_ids = sorted({interview_id for interview_id, _key in wanted})
        if not interview_ids:
            return {}
        with self.engine.connect() as connection:
            found = connection.execute(
                select(outbox.c.interview_id, outbox.c.action_key, outbox.c.status)
                .where(self._mine(), outbox.c.interview_id.in_(interview_ids))).all()
        return {action_id(interview_id, key): status for interview_id, key, status in found
                if (interview_id, key) in wanted}

    def needing_you(self, limit: int = 1000) -> list[tuple[OutboxRow, str]]:
        """``uncertain`` and ``failed`` messages whose action is still pending,
        with the interview's company: only the user can say what happens next."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(*_COLUMNS, interviews.c.company)
                .join(interviews, interviews.c.id == outbox.c.interview_id)
                .join(actions, and_(actions.c.interview_id == outbox.c.interview_id,
                                    actions.c.key == outbox.c.action_key))
                .where(self._mine(), outbox.c.status.in_(NEEDS_YOU),
                       actions.c.status == "pending")
                .order_by(outbox.c.send_at, outbox.c.id).limit(limit)).all()
        return [(_row(values), values[-1]) for values in found]

    def due(self, now: datetime, limit: int = 1000) -> list[OutboxRow]:
        """What a worker would claim at ``now`` (no lock, nothing changes)."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(*_COLUMNS).where(self._mine(), outbox.c.status.in_(OPEN),
                                        outbox.c.send_at <= now)
                .order_by(outbox.c.send_at, outbox.c.id).limit(limit)).all()
        return [_row(values) for values in found]

    # the claim ----------------------------------------------------------

    def claim(self, token: str, now: datetime, lease: timedelta, limit: int) -> ClaimResult:
        """Under the write lock: sweep dead ``submitting`` rows to ``uncertain``,
        cancel rows whose action is no longer pending, claim up to ``limit``
        due rows (and ``claimed`` rows whose lease ran out) for ``token``."""
        with self._locked() as connection:
            swept = self._sweep_expired_submitting(connection, now)
            query = (
                select(*_COLUMNS, actions.c.status)
                .select_from(outbox.outerjoin(actions, and_(
                    actions.c.interview_id == outbox.c.interview_id,
                    actions.c.key == outbox.c.action_key)))
                .where(self._mine(), or_(
                    and_(outbox.c.status.in_(OPEN), outbox.c.send_at <= now),
                    and_(outbox.c.status == "claimed", outbox.c.lease_until < now)))
                .order_by(outbox.c.send_at, outbox.c.id).limit(limit)
                .with_for_update(skip_locked=True, of=outbox))
            found = connection.execute(query).all()
            claimed: list[OutboxRow] = []
            cancelled: list[OutboxRow] = []
            for values in found:
                row, action_status = _row(values), values[-1]
                if action_status != "pending":
                    reason = ("the plan no longer has this action pending "
                              f"({action_status or 'removed'})")
                    self._set(connection, row.id, "cancelled", now, last_error=reason)
                    cancelled.append(row)
                    continue
                self._set(connection, row.id, "claimed", now, claim_token=token,
                          lease_until=now + lease, attempts=row.attempts + 1)
                claimed.append(row)
            ids = [row.id for row in claimed]
            fresh = connection.execute(select(*_COLUMNS).where(outbox.c.id.in_(ids))
                                       .order_by(outbox.c.send_at, outbox.c.id)).all()
        return ClaimResult([_row(v) for v in fresh], cancelled, swept)

    def _sweep_expired_submitting(self, connection: Connection, now: datetime
                                  ) -> list[OutboxRow]:
        found = connection.execute(select(*_COLUMNS).where(
            self._mine(), outbox.c.status == "submitting", outbox.c.lease_until < now)
            .with_for_update(skip_locked=True)).all()
        rows = [_row(values) for values in found]
        for row in rows:
            self._set(connection, row.id, "uncertain", now, last_error=(
                "the worker stopped after it began submitting; the server may or may not "
                "have accepted the message"))
        return rows

    def recover_orphans(self, now: datetime) -> tuple[list[OutboxRow], list[OutboxRow]]:
        """At worker start, holding the worker lease: every ``claimed`` row goes
        back to ``scheduled`` (no data was sent), every ``submitting`` row
        becomes ``uncertain``. Returns ``(requeued, uncertain)``. Never in the
        all-owners view: other team workers' claims are alive."""
        self._one_owner("recovering at start")
        with self._locked() as connection:
            found = connection.execute(select(*_COLUMNS).where(
                self._mine(), outbox.c.status.in_(IN_FLIGHT))).all()
            rows = [_row(values) for values in found]
            for row in rows:
                if row.status == "claimed":
                    self._set(connection, row.id, "scheduled", now, claim_token=None,
                              lease_until=None)
                else:
                    self._set(connection, row.id, "uncertain", now, last_error=(
                        "the worker stopped after it began submitting; the server may or "
                        "may not have accepted the message"))
        return ([r for r in rows if r.status == "claimed"],
                [r for r in rows if r.status == "submitting"])

    # conditional state changes -----------------------------------------

    def move(self, row_id: int, token: str | None, expected: Sequence[str], status: str,
             now: datetime, **values: Any) -> bool:
        """``expected`` -> ``status`` if the row still is in ``expected`` (and
        still holds ``token`` when one is given). False when it was not."""
        with self.engine.begin() as connection:
            return self._move(connection, row_id, token, expected, status, now, **values)

    def _move(self, connection: Connection, row_id: int, token: str | None,
              expected: Sequence[str], status: str, now: datetime, **values: Any) -> bool:
        query = update(outbox).where(outbox.c.id == row_id, self._mine(),
                                     outbox.c.status.in_(expected))
        if token is not None:
            query = query.where(outbox.c.claim_token == token)
        result = connection.execute(query.values(status=status, updated_at=now, **values))
        return result.rowcount == 1

    def mark_sent(self, row: OutboxRow, token: str | None, expected: Sequence[str],
                  now: datetime, code: int | None, detail: str) -> bool:
        """The sent mark, the action's ``done`` event and the planned action's
        status in one transaction: after any crash the plan agrees with the
        outbox (nothing sent is left pending)."""
        with self.engine.begin() as connection:
            moved = self._move(connection, row.id, token, expected, "sent", now,
                               sent_at=now, smtp_code=code, last_error=None,
                               lease_until=None)
            if moved:
                connection.execute(insert(events).values(
                    interview_id=row.interview_id, kind="done", at=now,
                    action_key=row.action_key, person=row.to_name, created_at=now))
                _mark_action_done(connection, row)
        return moved

    def _set(self, connection: Connection, row_id: int, status: str, now: datetime,
             **values: Any) -> None:
        connection.execute(update(outbox).where(outbox.c.id == row_id)
                           .values(status=status, updated_at=now, **values))

    def renew(self, token: str, now: datetime, lease: timedelta) -> int:
        """Extend the lease of the rows ``token`` still holds as ``claimed``
        (a team worker with a slow server keeps its batch)."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(outbox).where(self._mine(), outbox.c.claim_token == token,
                                     outbox.c.status == "claimed")
                .values(lease_until=now + lease))
        return int(result.rowcount)

    def release(self, token: str, now: datetime) -> int:
        """Give back rows claimed by ``token`` that were not attempted."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(outbox).where(self._mine(), outbox.c.claim_token == token,
                                     outbox.c.status == "claimed")
                .values(status="scheduled", claim_token=None, lease_until=None,
                        attempts=outbox.c.attempts - 1, updated_at=now))
        return int(result.rowcount)

    def cancel_unwanted(self, interview_id: int, now: datetime) -> list[OutboxRow]:
        """Cancel the interview's waiting rows whose action is no longer pending
        (after a reply or an outcome). Rows already submitting are left alone."""
        with self._locked() as connection:
            found = connection.execute(
                select(*_COLUMNS, actions.c.status)
                .select_from(outbox.outerjoin(actions, and_(
                    actions.c.interview_id == outbox.c.interview_id,
                    actions.c.key == outbox.c.action_key)))
                .where(self._mine(), outbox.c.interview_id == interview_id,
                       outbox.c.status.in_(OPEN))
                .with_for_update(skip_locked=True, of=outbox)).all()
            gone = [_row(values) for values in found if values[-1] != "pending"]
            for row in gone:
                self._set(connection, row.id, "cancelled", now,
                          last_error="a reply came; the plan no longer needs this message")
        return gone

    def watched(self, since: datetime) -> list[OutboxRow]:
        """Messages that went out (or may have) since ``since``: replies to them
        are looked for."""
        with self.engine.connect() as connection:
            found = connection.execute(select(*_COLUMNS).where(
                self._mine(), outbox.c.status.in_(("sent", "uncertain")),
                outbox.c.updated_at >= since).order_by(outbox.c.id)).all()
        return [_row(values) for values in found]

    # incoming mail ------------------------------------------------------

    def record_inbound(self, interview_id: int, message_id: str, kind: str,
                       sender: str | None, subject: str | None, now: datetime) -> bool:
        """True the first time this incoming message is recorded."""
        self._one_owner("incoming mail")
        try:
            return self._record_inbound(interview_id, message_id, kind, sender, subject, now)
        except IntegrityError:
            return False  # recorded by someone else in the meantime

    def _record_inbound(self, interview_id: int, message_id: str, kind: str,
                        sender: str | None, subject: str | None, now: datetime) -> bool:
        with self._locked() as connection:
            seen = connection.scalar(select(inbound.c.id).where(
                inbound.c.owner_id == self.owner_id, inbound.c.message_id == message_id))
            if seen is not None:
                return False
            connection.execute(insert(inbound).values(
                owner_id=self.owner_id, interview_id=interview_id, message_id=message_id,
                kind=kind, sender=sender, subject=subject, received_at=now))
        return True

    def inbound_of(self, interview_id: int) -> list[tuple[str, str | None, datetime]]:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(inbound.c.kind, inbound.c.sender, inbound.c.received_at)
                .where(inbound.c.owner_id == self.owner_id,
                       inbound.c.interview_id == interview_id)
                .order_by(inbound.c.id)).all()
        return [(kind, sender, at) for kind, sender, at in found]

    # backups ------------------------------------------------------------

    def messages_by_interview(self, interview_id: int | None = None
                              ) -> dict[int, list[tuple[OutboxRow, tuple[OutboxFile, ...]]]]:
        """The messages of interview ``interview_id`` (or of all), by interview, in
        the order approved, each with its files: two queries in all."""
        query = select(*_COLUMNS).where(self._mine()).order_by(outbox.c.id)
        if interview_id is not None:
            query = query.where(outbox.c.interview_id == interview_id)
        with self.store.reading() as connection:
            rows = [_row(values) for values in connection.execute(query).all()]
            files = self._files_of(connection, interview_id) if rows else {}
        found: dict[int, list[tuple[OutboxRow, tuple[OutboxFile, ...]]]] = {}
        for row in rows:
            found.setdefault(row.interview_id, []).append((row, tuple(files.get(row.id, []))))
        return found

    def _files_of(self, connection: Connection, interview_id: int | None
                  ) -> dict[int, list[OutboxFile]]:
        query = (select(outbox_attachments.c.outbox_id, outbox_attachments.c.filename,
                        outbox_attachments.c.content_type, outbox_attachments.c.data,
                        outbox_attachments.c.source, outbox_attachments.c.sha256,
                        outbox_attachments.c.size)
                 .join(outbox, outbox.c.id == outbox_attachments.c.outbox_id)
                 .where(self._mine())
                 .order_by(outbox_attachments.c.outbox_id, outbox_attachments.c.position))
        if interview_id is not None:
            query = query.where(outbox.c.interview_id == interview_id)
        found: dict[int, list[OutboxFile]] = {}
        for outbox_id, filename, content_type, data, source, digest, size in (
                connection.execute(query).all()):
            found.setdefault(outbox_id, []).append(
                _checked_file(filename, content_type, bytes(data), source, digest, size))
        return found

    def seen_by_interview(self, interview_id: int | None = None) -> dict[int, list[Seen]]:
        """Incoming mail recorded for interview ``interview_id`` (or all), by interview."""
        query = (select(inbound.c.interview_id, inbound.c.message_id, inbound.c.kind,
                        inbound.c.sender, inbound.c.subject, inbound.c.received_at)
                 .where(inbound.c.owner_id == self.owner_id).order_by(inbound.c.id))
        if interview_id is not None:
            query = query.where(inbound.c.interview_id == interview_id)
        found: dict[int, list[Seen]] = {}
        with self.store.reading() as connection:
            for number, *values in connection.execute(query).all():
                found.setdefault(int(number), []).append(Seen(*values))
        return found

    def restore(self, interview_id: int,
                messages: Sequence[tuple[OutboxRow, Sequence[OutboxFile]]],
                seen: Sequence[Seen]) -> None:
        """Store a backup's messages and incoming mail for ``interview_id`` (in the
        store's transaction). A message not yet sent comes back as
        :data:`RESTORED_STATUS` says; one whose Message-ID this database already
        holds, or incoming mail already seen, is there already and is skipped."""
        self._one_owner("restoring messages")
        with self.store.transaction() as connection:
            for row, files in messages:
                if connection.scalar(select(outbox.c.id).where(
                        outbox.c.message_id == row.message_id)) is not None:
                    continue
                outbox_id = connection.execute(insert(outbox).values(
                    **_restored(row), owner_id=self.owner_id, interview_id=interview_id
                ).returning(outbox.c.id)).scalar_one()
                self._store_files(connection, outbox_id, files)
            for item in seen:
                if connection.scalar(select(inbound.c.id).where(
                        inbound.c.owner_id == self.owner_id,
                        inbound.c.message_id == item.message_id)) is None:
                    connection.execute(insert(inbound).values(
                        owner_id=self.owner_id, interview_id=interview_id,
                        **{f.name: getattr(item, f.name) for f in fields(Seen)}))

    # the worker lease ---------------------------------------------------

    def acquire_lease(self, holder: str, now: datetime, ttl: timedelta, name: str = "outbox",
                      is_dead: Callable[[str], bool] | None = None) -> str | None:
        """Take or renew the lease; None on success, else the current holder.
        ``is_dead(holder)`` lets a worker take over from one known to be gone."""
        try:
            return self._acquire_lease(holder, now, ttl, name, is_dead)
        except IntegrityError:
            # two workers created the first lease row at once (PostgreSQL has no
            # row to lock before it exists): the other one won
            with self.engine.connect() as connection:
                winner = connection.scalar(select(worker_lease.c.holder)
                                           .where(worker_lease.c.name == name))
            return str(winner) if winner != holder else None

    def _acquire_lease(self, holder: str, now: datetime, ttl: timedelta, name: str,
                       is_dead: Callable[[str], bool] | None) -> str | None:
        with self._locked() as connection:
            current = connection.execute(
                select(worker_lease.c.holder, worker_lease.c.until)
                .where(worker_lease.c.name == name).with_for_update()).first()
            if current is None:
                connection.execute(insert(worker_lease).values(name=name, holder=holder,
                                                               until=now + ttl))
                return None
            if (current.holder != holder and current.until > now
                    and not (is_dead and is_dead(current.holder))):
                return str(current.holder)
            connection.execute(update(worker_lease).where(worker_lease.c.name == name)
                               .values(holder=holder, until=now + ttl))
        return None

    def release_lease(self, holder: str, now: datetime, name: str = "outbox") -> None:
        with self.engine.begin() as connection:
            connection.execute(update(worker_lease).where(
                worker_lease.c.name == name, worker_lease.c.holder == holder)
                .values(until=now))
