"""The consultant's weekly summary counts, checked against each shared plan
read row by row (the summary itself is one SQL statement)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followthrough import clock
from followthrough.app.planning import mark_action, record_outcome
from followthrough.team import views
from tests.web.conftest import NOW
from tests.web.test_team import World, build_world

WEEK = timedelta(days=7)


@pytest.fixture
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    built = build_world(db_url, tmp_path, monkeypatch)
    yield built
    built.app.state.store.engine.dispose()


def _expected(world: World, handle: str, when: datetime) -> dict[int, tuple[int, int, int]]:
    team = world.team
    consultant = team.user(handle)
    expected = {}
    for shared in team.shared_interviews(consultant.id, when):
        plan = team.shared_plan(consultant.id, shared.interview.id, when)
        pending = [row for row in plan if row.status == "pending"]
        expected[shared.interview.id] = (
            sum(1 for row in pending if row.due < when),
            sum(1 for row in pending if when <= row.due < when + WEEK),
            sum(1 for row in plan if row.status == "done"
                and when - WEEK <= row.due < when))
    return expected


@pytest.mark.parametrize("days_later", [0, 1, 3, 10])
def test_week_counts_match_the_plans(world: World, days_later: int) -> None:
    bob = world.store_of("bob")
    plan = bob.plan_of(world.ids["bob-shared"])
    with clock.frozen(NOW):
        mark_action(bob, plan[0].id, "done")
    when = NOW + timedelta(days=days_later)
    cleo = world.team.user("cleo")
    lines = views.weekly_summary(world.team, cleo, when)
    got = {line.interview_id: (line.overdue, line.due_this_week, line.done_last_week)
           for line in lines}
    expected = _expected(world, "cleo", when)
    assert set(got) <= set(expected)
    for interview_id, counts in got.items():
        assert counts == expected[interview_id], interview_id
    assert {world.ids["alice-shared"], world.ids["bob-shared"]} == set(got)
    assert any(sum(counts) for counts in got.values())


def test_nothing_unshared_or_foreign_is_counted(world: World) -> None:
    lines = views.weekly_summary(world.team, world.team.user("xavier"), NOW)
    assert [line.interview_id for line in lines] == [world.ids["zoe-shared"]]
    assert views.weekly_summary(world.team, world.team.user("dan"), NOW) == []


def test_the_agenda_puts_the_most_overdue_first(world: World) -> None:
    cleo = world.team.user("cleo")
    agenda = views.consultant_agenda(world.team, cleo, NOW + timedelta(days=2))
    overdue = [row.item.action.due for row in agenda.overdue]
    upcoming = [row.item.action.due for row in agenda.upcoming]
    assert len(overdue) >= 2
    assert overdue == sorted(overdue)
    assert upcoming == sorted(upcoming)
    assert all(due < NOW + timedelta(days=2) <= later for due in overdue for later in upcoming)


def test_the_consultants_list_follows_state_and_date_changes(world: World) -> None:
    team = world.team
    cleo = team.user("cleo")
    alice = world.store_of("alice")
    shared = world.ids["alice-shared"]
    before = team.shared_counts(cleo.id, NOW)
    with clock.frozen(NOW):
        record_outcome(alice, shared, "offer")
    state = alice.get_interview(shared).state
    assert state != "awaiting"
    after = team.shared_counts(cleo.id, NOW)
    assert after.get(state, 0) == before.get(state, 0) + 1
    assert sum(after.values()) == sum(before.values())
    assert [s.interview.id for s in team.shared_interviews(cleo.id, NOW, state=state)] == [shared]

    stored = alice.get_interview(shared).debrief
    later = stored.interview.starts + timedelta(days=30)
    moved = stored.model_copy(update={
        "interview": stored.interview.model_copy(update={"starts": later})})
    alice.replace_interview(shared, moved)
    listed = team.shared_interviews(cleo.id, NOW)
    assert listed[0].interview.id == shared
    assert listed[0].interview.starts_at == later


def test_a_read_in_autocommit_leaves_later_transactions_atomic(world: World) -> None:
    from sqlalchemy import func, insert, select

    from followthrough.store.schema import firms

    team = world.team
    cleo = team.user("cleo")
    for _ in range(3):
        assert team.linked_candidates(cleo.id, NOW)

    def half_made() -> None:
        with team.transaction() as connection:
            connection.execute(insert(firms).values(name="Half-made", created_at=NOW))
            if connection.dialect.name == "postgresql":
                assert not connection.connection.driver_connection.autocommit  # type: ignore[union-attr]
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        half_made()
    with team.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(firms)
                                 .where(firms.c.name == "Half-made")) == 0
