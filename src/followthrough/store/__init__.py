"""Storage: the only package that knows SQL.

``open_store()`` gives a :class:`Store` bound to one owner (the single local
user unless team mode says otherwise). Every query filters by that owner, so a
row of one user is never visible to another. The store is SQLAlchemy's
(:mod:`followthrough.store.database`); a command that only reads a SQLite
database may read it with the standard library instead
(:mod:`followthrough.store.quick`). The names below are imported on first use,
so that importing the records (:mod:`followthrough.store.rows`) or the quick
reader does not import SQLAlchemy (~0.2 s)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followthrough.lazy import first_use

if TYPE_CHECKING:
    from followthrough.store.database import Store, digest_of, open_store
    from followthrough.store.rows import (
        AgendaRow,
        InterviewSummary,
        PlannedRow,
        Restored,
        StoredEvent,
        StoredInterview,
    )

_HOME = {"Store": "database", "open_store": "database", "digest_of": "database",
         "AgendaRow": "rows", "InterviewSummary": "rows", "PlannedRow": "rows",
         "Restored": "rows", "StoredEvent": "rows", "StoredInterview": "rows"}

__all__ = ["AgendaRow", "InterviewSummary", "PlannedRow", "Restored", "Store", "StoredEvent",
           "StoredInterview", "digest_of", "open_store"]


__getattr__ = first_use(__name__, _HOME, globals())
