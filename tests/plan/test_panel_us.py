"""Acceptance 2: the US panel (no decision date, interview Monday 21 Dec 2026).

Christmas Day (Fri 25 Dec) and New Year's Day (Fri 1 Jan 2027) are US public
holidays; the US profile also treats 24 Dec - 1 Jan as a slow period, whose days
do not count as waiting time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, plan
from tests.plan.conftest import at, in_period, is_working_day

NOW = at("2026-12-21T17:05:00-05:00")
END = at("2026-12-21T17:00:00-05:00")
INTERVIEW_DAY = date(2026, 12, 21)


def counted_days(first: date, through: date, *, skip_slow: bool) -> list[date]:
    """Working days after the interview day up to ``through``, counted by the oracle."""
    profile = profile_for("US")
    days = []
    day = first + timedelta(days=1)
    while day <= through:
        slow = any(in_period(day, period) for period in profile.slow_periods)
        if is_working_day(day, profile, "NY") and not (skip_slow and slow):
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.fixture(scope="module")
def actions(panel_us: Debrief) -> list[Action]:
    return plan(panel_us, now=NOW)


def inquiries(actions: list[Action]) -> list[Action]:
    return [a for a in actions if a.kind == "status-inquiry"]


def test_holidays_in_the_window_are_known() -> None:
    profile = profile_for("US")
    assert not is_working_day(date(2026, 12, 25), profile, "NY")
    assert not is_working_day(date(2027, 1, 1), profile, "NY")


def test_buffer_counts_business_days_outside_the_slow_weeks(actions: list[Action]) -> None:
    first = inquiries(actions)[0]
    day = first.due.astimezone(first.due.tzinfo).date()
    assert first.rule == "status-inquiry.buffer"
    # The inquiry day is the buffer-th counted day: 22, 23 Dec, then 4, 5 Jan.
    counted = counted_days(INTERVIEW_DAY, day, skip_slow=True)
    assert len(counted) == profile_for("US").buffer_days
    assert counted[-1] == day
    assert date(2026, 12, 25) not in counted
    assert date(2027, 1, 1) not in counted
    assert first.due.hour == 9  # a business morning


def test_without_slow_weeks_the_buffer_still_skips_christmas_and_new_year(
        panel_us: Debrief) -> None:
    actions = plan(panel_us, now=NOW, overrides={"US": {"slow_periods": []}})
    first, second = inquiries(actions)
    day = first.due.date()
    counted = counted_days(INTERVIEW_DAY, day, skip_slow=False)
    # 22, 23, 24 Dec and then Monday 28 Dec: Christmas Day and the weekend do not count.
    assert len(counted) == 4
    assert date(2026, 12, 25) not in counted
    assert day == counted[-1]
    # The second inquiry waits a week and cannot land on New Year's Day.
    assert second.due - first.due >= timedelta(days=7)
    assert second.due.date() != date(2027, 1, 1)
    assert is_working_day(second.due.date(), profile_for("US"), "NY")


def test_two_inquiries_a_week_apart_then_move_on(actions: list[Action]) -> None:
    first, second = inquiries(actions)  # US profile: at most two
    (move_on,) = [a for a in actions if a.kind == "move-on"]
    assert second.due - first.due >= timedelta(days=7)
    assert move_on.due - second.due >= timedelta(days=7)


def test_linkedin_only_to_the_warm_interviewer(actions: list[Action]) -> None:
    # Daniel Okoro is neutral and Dr. Miriam Feld cool: no invitation for them.
    assert [a.to for a in actions if a.kind == "linkedin"] == ["Grace Holloway"]


def test_thank_yous_next_new_york_morning(actions: list[Action]) -> None:
    thanks = [a for a in actions if a.kind == "thank-you"]
    assert len(thanks) == 3
    for action in thanks:
        # Ends 17:00; an hour later the office is closed, so 09:00 on Tuesday 22 Dec,
        # still within 24 hours.
        assert action.due == at("2026-12-22T09:00:00-05:00")
        assert action.due.tzinfo is not None
        assert getattr(action.due.tzinfo, "key", None) == "America/New_York"
        assert action.due - END < timedelta(hours=24)


def test_no_recruiter_update_without_a_recruiter(actions: list[Action]) -> None:
    assert not [a for a in actions if a.kind == "recruiter-update"]
