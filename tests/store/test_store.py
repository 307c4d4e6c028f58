"""The store on SQLite and PostgreSQL: round trips, owners, SQLite durability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, text

from followthrough import clock
from followthrough.debrief import read_debrief
from followthrough.errors import NotFound
from followthrough.store import open_store
from followthrough.store.schema import users
from tests.conftest import EXAMPLES, JP_FIRST_ROUND


def test_examples_round_trip(db_url: str) -> None:
    store = open_store(db_url)
    for path in sorted(EXAMPLES.glob("*.toml")):
        debrief = read_debrief(path)
        interview_id, created = store.add_interview(debrief, path.read_text())
        assert created
        stored = store.get_interview(interview_id)
        assert stored.debrief == debrief
        assert stored.debrief.to_document() == debrief.to_document()
        assert stored.source == path.read_text()
        assert stored.created_at.tzinfo is not None
    store.engine.dispose()


def test_times_come_back_aware_and_equal(db_url: str) -> None:
    store = open_store(db_url)
    instant = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=-7)))
    with clock.frozen(instant):
        interview_id, _ = store.add_interview(read_debrief(JP_FIRST_ROUND))
    stored = store.get_interview(interview_id)

    assert stored.created_at == instant
    assert stored.created_at.utcoffset() == timedelta(0)
    listed = store.list_interviews()[0]
    assert listed.starts_at == datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    store.engine.dispose()


def test_one_owner_cannot_see_another(db_url: str) -> None:
    local = open_store(db_url)
    with local.transaction() as connection:
        connection.execute(insert(users).values(handle="other", display_name="Other",
                                                created_at=clock.now()))
    other = open_store(db_url, owner="other")
    interview_id, _ = local.add_interview(read_debrief(JP_FIRST_ROUND))

    assert other.list_interviews() == []
    with pytest.raises(NotFound):
        other.get_interview(interview_id)
    with pytest.raises(NotFound):
        other.delete_interview(interview_id)
    assert local.get_interview(interview_id).id == interview_id
    local.engine.dispose()
    other.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path: object) -> None:
    store = open_store(f"sqlite:///{tmp_path}/wal.db")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.engine.dispose()


def test_deleting_an_interview_removes_its_rows(db_url: str) -> None:
    store = open_store(db_url)
    interview_id, _ = store.add_interview(read_debrief(JP_FIRST_ROUND))
    with store.transaction() as connection:
        connection.execute(text(
            "INSERT INTO events (interview_id, kind, at, created_at) "
            "VALUES (:i, 'reply', :t, :t)"),
            {"i": interview_id, "t": datetime(2026, 1, 1, tzinfo=UTC)})

    store.delete_interview(interview_id)

    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar() == 0
    store.engine.dispose()


def test_naive_datetimes_are_refused(db_url: str) -> None:
    store = open_store(db_url)
    with pytest.raises(Exception, match="naive"), store.transaction() as connection:
        connection.execute(insert(users).values(handle="x", display_name="X",
                                                created_at=datetime(2026, 1, 1)))  # noqa: DTZ001
    store.engine.dispose()


def test_agenda_keeps_upcoming_items_when_many_are_overdue(db_url: str) -> None:
    from followthrough.store import PlannedRow

    store = open_store(db_url)
    interview_id, _ = store.add_interview(read_debrief(JP_FIRST_ROUND))
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def row(key: str, due: datetime) -> PlannedRow:
        return PlannedRow(interview_id, key, "thank-you", "X", "email", due,
                          due + timedelta(hours=1), "Asia/Tokyo", "why", "rule", "pending")

    overdue = [row(f"old.{i}", now - timedelta(minutes=i + 1)) for i in range(150)]
    store.save_plan(interview_id, [*overdue, row("soon", now + timedelta(hours=2))])

    found = store.agenda(now, now - timedelta(days=30), now + timedelta(days=8))

    keys = [item.action.key for item in found]
    assert "soon" in keys
    assert len([k for k in keys if k.startswith("old.")]) == 100
    assert "old.0" in keys  # the most recent overdue ones are the ones kept
    assert [item.action.due for item in found] == sorted(item.action.due for item in found)
    store.engine.dispose()
