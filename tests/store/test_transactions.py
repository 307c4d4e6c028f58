"""Write transactions: SQLite writers wait their turn (BEGIN IMMEDIATE), a unit of
work is all or nothing, and an interview is never left without its plan."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, text

from followthrough import clock
from followthrough.app.records import RECENT, import_files, repair_plans
from followthrough.debrief import read_debrief
from followthrough.store import Store, open_store
from followthrough.store.schema import actions, interviews
from tests.conftest import JP_FIRST_ROUND, US_PANEL, Runner

TOKYO = JP_FIRST_ROUND


def _begins(store: Store) -> list[str]:
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN"):
            seen.append(statement)

    return seen


def test_sqlite_writes_begin_immediate_and_reads_do_not(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'begin.db'}")
    seen = _begins(store)

    store.add_interview(read_debrief(TOKYO))
    writes = list(seen)
    seen.clear()
    store.list_interviews()
    store.count_by_state()

    assert writes == ["BEGIN IMMEDIATE"]
    assert seen == ["BEGIN", "BEGIN"]
    store.engine.dispose()


def test_a_writer_that_reads_first_waits_for_another_writer(tmp_path: Path) -> None:
    """Under a plain BEGIN, the store's read-then-insert fails at once with
    "database is locked" when another process commits in between; with BEGIN
    IMMEDIATE it waits for the lock and then succeeds."""
    path = tmp_path / "wait.db"
    store = open_store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET display_name = 'busy'")
    outcome: list[object] = []

    def add() -> None:
        try:
            outcome.append(store.add_interview(read_debrief(TOKYO)))
        except Exception as err:
            outcome.append(err)

    writer = threading.Thread(target=add)
    writer.start()
    writer.join(0.5)
    assert writer.is_alive(), "the second writer should be waiting for the lock"
    other.execute("COMMIT")
    writer.join(10)
    other.close()

    assert outcome == [(1, True)]
    store.engine.dispose()


def test_atomic_stores_everything_or_nothing(db_url: str) -> None:
    store = open_store(db_url)
    debrief = read_debrief(TOKYO)

    def cut_off() -> None:
        with store.atomic():
            interview_id, _ = store.add_interview(debrief)
            assert store.get_interview(interview_id).id == interview_id  # sees its own write
            raise RuntimeError("cut off")

    with pytest.raises(RuntimeError):
        cut_off()

    assert store.count_interviews() == 0
    with store.atomic():
        store.add_interview(debrief)
    assert store.count_interviews() == 1
    store.engine.dispose()


def test_an_import_stores_each_file_with_its_plans_or_nothing(db_url: str,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    store = open_store(db_url)
    calls = {"n": 0}
    from followthrough.app import records

    real = records.replan

    def failing_second_plan(given: Store, interview_id: int, settings: Any = None) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed while planning")
        return real(given, interview_id, settings)

    monkeypatch.setattr(records, "replan", failing_second_plan)
    with pytest.raises(RuntimeError):
        import_files(store, [TOKYO, US_PANEL])

    with store.reading() as connection:
        stored = connection.scalar(select(func.count()).select_from(interviews))
        planned = connection.scalar(select(func.count(func.distinct(actions.c.interview_id))))
    assert (stored, planned) == (1, 1), "the first file whole, nothing of the second"
    store.engine.dispose()


def test_an_interview_without_a_plan_is_planned_when_the_store_opens(run: Runner) -> None:
    store = open_store()
    interview_id, _ = store.add_interview(read_debrief(TOKYO))  # stored, never planned
    assert store.unplanned_interviews() == [interview_id]
    store.engine.dispose()

    result = run("list")

    assert result.exit_code == 0
    assert f"interview #{interview_id} had been stored without its plan" in result.stderr
    again = open_store()
    assert again.unplanned_interviews() == []
    assert again.plan_of(interview_id)
    assert repair_plans(again) == []
    assert "without its plan" not in run("list").stderr
    again.engine.dispose()


def test_the_same_debrief_imported_at_once_is_stored_once(db_url: str) -> None:
    stores = [open_store(db_url) for _ in range(6)]
    debrief = read_debrief(TOKYO)
    start = threading.Barrier(len(stores))
    outcomes: list[tuple[int, bool]] = []

    def add(store: Store) -> None:
        start.wait()
        outcomes.append(store.add_interview(debrief))

    workers = [threading.Thread(target=add, args=(store,)) for store in stores]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    assert sorted(created for _id, created in outcomes) == [False] * 5 + [True]
    assert len({interview_id for interview_id, _ in outcomes}) == 1
    for store in stores:
        store.engine.dispose()


def test_the_first_opening_by_this_version_looks_at_every_interview(run: Runner) -> None:
    """An older version's cut-off import may lie anywhere; after the upgrade
    only the newest interviews are looked at on each command."""
    store = open_store()
    debrief = read_debrief(TOKYO)
    old, _ = store.add_interview(debrief)  # stored, never planned
    with store.transaction() as connection:
        newer = [connection.execute(insert(interviews).values(
            owner_id=store.owner_id, company=f"Newer {n}", role="R", starts_at=clock.now(),
            digest=f"{n:064d}", created_at=clock.now(), updated_at=clock.now()))
            .inserted_primary_key[0] for n in range(RECENT)]
        connection.execute(insert(actions), [
            {"interview_id": interview_id, "owner_id": store.owner_id, "key": "k",
             "kind": "reflection", "channel": "self", "due_at": clock.now(),
             "latest_at": clock.now(), "zone": "UTC", "why": "w", "rule": "r"}
            for interview_id in newer])
    assert store.unplanned_interviews(RECENT) == []
    assert store.unplanned_interviews() == [old]
    assert "without its plan" not in run("list").stderr
    with store.transaction() as connection:  # as a database of the previous release
        connection.execute(text("UPDATE alembic_version SET version_num = :v"),
                           {"v": "0008_outbox_attachments"})
    store.engine.dispose()

    result = run("list")

    assert f"interview #{old} had been stored without its plan" in result.stderr
    assert open_store().unplanned_interviews() == []
