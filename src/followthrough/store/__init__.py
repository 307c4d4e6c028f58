"""Storage: the only package that knows SQL.

``open_store()`` gives a :class:`Store` bound to one owner (the single local
user unless team mode says otherwise). Every query filters by that owner, so a
row of one user is never visible to another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import OperationalError

from followthrough import clock, paths
from followthrough.debrief import Debrief, validate_debrief
from followthrough.errors import NotFound, StoreError
from followthrough.store import migrate
from followthrough.store.engine import make_engine
from followthrough.store.schema import LOCAL_USER, interviews, users


@dataclass(frozen=True)
class StoredInterview:
    id: int
    state: str
    debrief: Debrief
    source: str | None
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        interview = self.debrief.interview
        return {
            "id": self.id,
            "company": interview.company,
            "role": interview.role,
            "starts": interview.starts.isoformat(),
            "state": self.state,
            "created": self.created_at.isoformat(),
            "updated": self.updated_at.isoformat(),
            "debrief": self.debrief.to_document(),
        }


@dataclass(frozen=True)
class InterviewSummary:
    id: int
    company: str
    role: str
    starts_at: datetime
    state: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "company": self.company, "role": self.role,
                "starts": self.starts_at.isoformat(), "state": self.state}


def digest_of(debrief: Debrief) -> str:
    canonical = json.dumps(debrief.to_document(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, engine: Engine, owner: str = LOCAL_USER) -> None:
        self.engine = engine
        self.owner_id = self._owner_id(owner)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def _owner_id(self, handle: str) -> int:
        with self.engine.connect() as connection:
            found = connection.scalar(select(users.c.id).where(users.c.handle == handle))
        if found is None:
            raise StoreError(f"no user {handle!r} in this database")
        return int(found)

    # interviews ---------------------------------------------------------

    def add_interview(self, debrief: Debrief, source: str | None = None) -> tuple[int, bool]:
        """Store a debrief; returns ``(id, created)``. The same debrief stored
        again is found instead of duplicated (``created`` is then false)."""
        digest = digest_of(debrief)
        now = clock.now()
        with self.transaction() as connection:
            existing = connection.scalar(
                select(interviews.c.id).where(interviews.c.owner_id == self.owner_id,
                                              interviews.c.digest == digest)
            )
            if existing is not None:
                return int(existing), False
            new_id = connection.scalar(
                insert(interviews).values(
                    owner_id=self.owner_id, **_interview_columns(debrief, source, digest),
                    created_at=now, updated_at=now,
                ).returning(interviews.c.id)
            )
        assert new_id is not None  # noqa: S101 - RETURNING always yields the key
        return int(new_id), True

    def replace_interview(self, interview_id: int, debrief: Debrief,
                          source: str | None = None) -> None:
        with self.transaction() as connection:
            result = connection.execute(
                update(interviews)
                .where(*self._own(interview_id))
                .values(**_interview_columns(debrief, source, digest_of(debrief)),
                        updated_at=clock.now())
            )
            if result.rowcount == 0:
                raise NotFound(f"no interview #{interview_id}")

    def get_interview(self, interview_id: int) -> StoredInterview:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(interviews).where(*self._own(interview_id))
            ).mappings().first()
        if row is None:
            raise NotFound(f"no interview #{interview_id}; `followthrough list` shows them")
        return _stored(row)

    def all_interviews(self) -> list[StoredInterview]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(interviews).where(interviews.c.owner_id == self.owner_id)
                .order_by(interviews.c.id)
            ).mappings().all()
        return [_stored(row) for row in rows]

    def list_interviews(self) -> list[InterviewSummary]:
        columns = (interviews.c.id, interviews.c.company, interviews.c.role,
                   interviews.c.starts_at, interviews.c.state)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(*columns).where(interviews.c.owner_id == self.owner_id)
                .order_by(interviews.c.starts_at.desc(), interviews.c.id.desc())
            ).all()
        return [InterviewSummary(*row) for row in rows]

    def delete_interview(self, interview_id: int) -> None:
        with self.transaction() as connection:
            result = connection.execute(delete(interviews).where(*self._own(interview_id)))
            if result.rowcount == 0:
                raise NotFound(f"no interview #{interview_id}")

    def count_interviews(self) -> int:
        with self.engine.connect() as connection:
            found = connection.scalar(select(func.count()).select_from(interviews)
                                      .where(interviews.c.owner_id == self.owner_id))
        return int(found or 0)

    def _own(self, interview_id: int) -> tuple[Any, ...]:
        return (interviews.c.id == interview_id, interviews.c.owner_id == self.owner_id)


def _interview_columns(debrief: Debrief, source: str | None, digest: str) -> dict[str, Any]:
    interview = debrief.interview
    return {"company": interview.company, "role": interview.role,
            "starts_at": interview.starts, "debrief": debrief.to_document(),
            "source": source, "digest": digest}


def _stored(row: Any) -> StoredInterview:
    return StoredInterview(
        id=row["id"], state=row["state"],
        debrief=validate_debrief(row["debrief"], source=f"stored interview #{row['id']}",
                                 from_json=True),
        source=row["source"], created_at=row["created_at"], updated_at=row["updated_at"],
    )


def open_store(url: str | None = None, owner: str = LOCAL_USER) -> Store:
    """Open (and if needed create and migrate) the database at ``url``."""
    engine = make_engine(url or paths.default_database_url())
    try:
        migrate.ensure_current(engine)
        return Store(engine, owner)
    except OperationalError as err:
        engine.dispose()
        raise StoreError(f"cannot open the database: {err.orig}") from None
