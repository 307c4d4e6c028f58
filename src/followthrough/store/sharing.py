"""Keeping ``shared_agenda`` in step with plans and shares (used by both stores)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, insert, select

from followthrough.store.schema import actions, shared_agenda, shares


def fill_shared_agenda(connection: Connection, interview_id: int,
                       consultant_ids: Sequence[int] | int | None = None) -> None:
    """Copy the interview's pending actions into ``shared_agenda`` for its shares
    (all of them, or the given consultants')."""
    source = (select(shares.c.consultant_id, actions.c.id, actions.c.owner_id, actions.c.due_at)
              .join(shares, shares.c.interview_id == actions.c.interview_id)
              .where(actions.c.interview_id == interview_id, actions.c.status == "pending"))
    if isinstance(consultant_ids, int):
        source = source.where(shares.c.consultant_id == consultant_ids)
    elif consultant_ids is not None:
        source = source.where(shares.c.consultant_id.in_(list(consultant_ids)))
    connection.execute(insert(shared_agenda).from_select(
        ["consultant_id", "action_id", "candidate_id", "due_at"], source))
