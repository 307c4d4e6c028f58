"""Properties of the one-a-week keep-searching fold (plan/weekly.py), for any
reminders, any current instant and zones with and without daylight saving, and of
the [digest] time setting."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.app.digest import digest_settings
from followthrough.errors import BadInput
from followthrough.plan.weekly import fold_by_week, iso_week, search_week
from followthrough.settings import Settings

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
ZONES = ["America/Chicago", "Europe/London", "Asia/Tokyo", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/St_Johns"]
START = datetime(2026, 1, 1, tzinfo=UTC)
instants = st.integers(0, 2 * 366 * 24 * 60).map(lambda minutes: START + timedelta(
    minutes=minutes))
reminders = st.lists(st.tuples(instants, st.sampled_from(ZONES)), max_size=30)


@settings(max_examples=EXAMPLES)
@given(reminders, instants)
def test_each_reminder_is_in_one_week_led_by_its_earliest(
        items: list[tuple[datetime, str]], now: datetime) -> None:
    weeks = fold_by_week(items, lambda item: item, now)

    members = [member for week in weeks for member in week.members]
    assert sorted(members) == sorted(items)
    assert len({week.week for week in weeks}) == len(weeks)
    for week in weeks:
        assert week.first[0] == min(due for due, _ in week.members)
        assert all(search_week(due, zone, now) == week.week for due, zone in week.members)


@settings(max_examples=EXAMPLES)
@given(instants, st.sampled_from(ZONES), instants)
def test_an_overdue_reminder_counts_for_this_week_and_a_later_one_for_its_own(
        due: datetime, zone: str, now: datetime) -> None:
    week = search_week(due, zone, now)
    this_week = iso_week(now, zone)
    assert week >= this_week
    assert week == (iso_week(due, zone) if iso_week(due, zone) >= this_week else this_week)


@settings(max_examples=EXAMPLES)
@given(instants, st.sampled_from(ZONES), st.integers(0, 6))
def test_the_same_local_week_is_one_week(monday: datetime, zone: str, days: int) -> None:
    local = monday.astimezone(ZoneInfo(zone))
    start = datetime.combine(local.date() - timedelta(days=local.weekday()), time(12),
                             tzinfo=ZoneInfo(zone))
    later = start + timedelta(days=days)
    assert iso_week(start, zone) == iso_week(later, zone)
    assert iso_week(start + timedelta(days=7), zone) > iso_week(later, zone)


@settings(max_examples=EXAMPLES)
@given(st.integers(0, 23), st.integers(0, 59))
def test_every_clock_time_is_a_digest_time(hour: int, minute: int) -> None:
    chosen = digest_settings(Settings(digest={"time": f"{hour:02d}:{minute:02d}"}))
    assert chosen is not None
    assert chosen.at == time(hour, minute)


@settings(max_examples=EXAMPLES)
@given(st.one_of(st.text(max_size=8), st.sampled_from(["0\u0667:30", "\uff107:30", "07:30\n",
                                                     " 07:30", "24:00", "7:30"])
                 ).filter(lambda text: not (
        len(text) == 5 and text[2] == ":" and text[:2].isascii() and text[:2].isdigit()
        and text[3:].isascii() and text[3:].isdigit() and int(text[:2]) < 24
        and int(text[3:]) < 60)))
def test_anything_else_is_refused_naming_the_key(text: str) -> None:
    with pytest.raises(BadInput) as raised:
        digest_settings(Settings(digest={"time": text}))
    assert [problem.path for problem in raised.value.problems] == ["digest.time"]
