"""A schema upgrade after 0004 must keep every outbox row, event and lease:
on SQLite a table rebuild with foreign keys on would cascade-delete them
(seen once while a later migration was being written)."""

from __future__ import annotations

import json

from sqlalchemy import text

from followthrough.store import migrate, open_store
from followthrough.store.engine import make_engine
from followthrough.store.outbox import OutboxStore

T = "2026-11-16 06:00:00+00"


def test_upgrading_from_0004_keeps_the_outbox_and_the_events(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0004_outbox")
    debrief = json.dumps({"candidate": {"timezone": "Europe/Berlin"}})
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO interviews (owner_id, company, role, starts_at, state, debrief, digest,"
            " created_at, updated_at, candidate_zone) VALUES (1, 'C', 'R', :t, 'awaiting', :d,"
            " 'x', :t, :t, 'Europe/Berlin')"), {"t": T, "d": debrief})
        connection.execute(text(
            "INSERT INTO events (interview_id, kind, at, action_key, created_at)"
            " VALUES (1, 'done', :t, 'promise.1', :t)"), {"t": T})
        connection.execute(text(
            "INSERT INTO outbox (owner_id, interview_id, action_key, kind, message_id,"
            " from_name, from_addr, to_name, to_addr, subject, body, send_at, latest_at, zone,"
            " status, attempts, created_at, updated_at) VALUES (1, 1, 'thank-you.x',"
            " 'thank-you', '<1@example.net>', 'A', 'a@example.net', 'B', 'b@example.net', 'S',"
            " 'B', :t, :t, 'UTC', 'uncertain', 1, :t, :t)"), {"t": T})
    engine.dispose()

    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        outbox = connection.execute(text("SELECT message_id, status FROM outbox")).all()
        events = connection.execute(text("SELECT kind FROM events")).scalars().all()
    engine.dispose()

    assert [tuple(row) for row in outbox] == [("<1@example.net>", "uncertain")]
    assert events == ["done"]
    store = open_store(db_url)
    try:
        assert [row.status for row in OutboxStore(store).rows()] == ["uncertain"]
    finally:
        store.engine.dispose()
