"""The days the morning digest was due, per owner: claimed before it is sent, so it
goes out at most once a day however many ticks or workers look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from followthrough.store import Store
from followthrough.store.schema import digests

RETRIABLE = "failed"
"""The one status a later tick of the same day may try again (the server said no
for now, or could not be reached: nothing was delivered)."""


@dataclass(frozen=True)
class DigestDay:
    day: str
    status: str
    message_id: str | None
    attempts: int
    detail: str | None


class DigestDays:
    """The digest days of ``store``'s owner. Writes are one transaction each, which
    on SQLite holds the write lock from its first statement (BEGIN IMMEDIATE)."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.owner_id = store.owner_id

    def _this(self, day: str) -> tuple[Any, ...]:
        return digests.c.owner_id == self.owner_id, digests.c.day == day

    def get(self, day: str) -> DigestDay | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(digests.c.day, digests.c.status, digests.c.message_id,
                       digests.c.attempts, digests.c.detail).where(*self._this(day))).first()
        return DigestDay(*row) if row is not None else None

    def last_sent(self) -> str | None:
        """The latest day a digest went out (ISO date), if any."""
        with self.engine.connect() as connection:
            found = connection.scalar(
                select(digests.c.day).where(digests.c.owner_id == self.owner_id,
                                            digests.c.status == "sent")
                .order_by(digests.c.day.desc()).limit(1))
        return str(found) if found is not None else None

    def claim(self, day: str, status: str, now: datetime, message_id: str | None = None,
              max_attempts: int = 1) -> bool:
        """Take ``day`` with ``status`` (``sending``, or ``empty`` when there was
        nothing to tell): True when the day had no row yet, or a failed one with
        fewer than ``max_attempts`` attempts; else False, and nothing changes."""
        try:
            with self.engine.begin() as connection:
                row = connection.execute(
                    select(digests.c.status, digests.c.attempts)
                    .where(*self._this(day)).with_for_update()).first()
                if row is None:
                    connection.execute(insert(digests).values(
                        owner_id=self.owner_id, day=day, status=status,
                        message_id=message_id, attempts=1, updated_at=now))
                    return True
                if row.status != RETRIABLE or row.attempts >= max_attempts:
                    return False
                connection.execute(update(digests).where(*self._this(day)).values(
                    status=status, message_id=message_id, attempts=row.attempts + 1,
                    updated_at=now))
                return True
        except IntegrityError:
            return False  # another worker inserted the day first

    def finish(self, day: str, status: str, now: datetime, detail: str | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(digests).where(*self._this(day)).values(
                status=status, detail=detail, updated_at=now))
