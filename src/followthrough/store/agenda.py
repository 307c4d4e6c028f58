"""Counting what the agenda holds, so it can say how many items it left out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from followthrough.store import Store
from followthrough.store.schema import actions


def count_pending(store: Store, low: datetime, high: datetime) -> int:
    """The owner's pending actions due in ``[low, high)`` (one range of the
    (owner, status, due) index)."""
    with store.engine.connect() as connection:
        found = connection.scalar(
            select(func.count()).select_from(actions)
            .where(actions.c.owner_id == store.owner_id, actions.c.status == "pending",
                   actions.c.due_at >= low, actions.c.due_at < high))
    return int(found or 0)
