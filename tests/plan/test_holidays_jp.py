"""Acceptance 5: Japanese holidays 2025-2027 as the planner sees them."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import plan
from followthrough.plan.business import Calendar
from tests.plan.conftest import at, in_period, is_working_day

TOKYO = ZoneInfo("Asia/Tokyo")


def all_days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_every_japanese_holiday_2025_2027_matches_the_package() -> None:
    calendar = Calendar(TOKYO, profile_for("JP"))
    package = holidays.country_holidays("JP", years=range(2025, 2028))
    for day in all_days(date(2025, 1, 1), date(2027, 12, 31)):
        reason = calendar.closed_because(day)
        if day in package and day.weekday() < 5:
            assert reason == package[day], day
        elif day.weekday() < 5 and not ((day.month, day.day) >= (12, 29)
                                        or (day.month, day.day) <= (1, 3)):
            assert reason is None, (day, reason)


@pytest.mark.parametrize(("day", "why"), [
    (date(2025, 5, 6), "substitute for Greenery Day, a Sunday"),
    (date(2025, 11, 24), "substitute for Labour Thanksgiving Day, a Sunday"),
    (date(2026, 9, 22), "citizens' holiday between two holidays"),
])
def test_special_holidays_are_closed(day: date, why: str) -> None:
    assert day.weekday() < 5, why
    assert day in holidays.country_holidays("JP", years=day.year), why
    assert not Calendar(TOKYO, profile_for("JP")).is_business_day(day), why


def test_year_end_closure_is_no_business() -> None:
    calendar = Calendar(TOKYO, profile_for("JP"))
    for day in all_days(date(2026, 12, 29), date(2027, 1, 3)):
        assert not calendar.is_business_day(day)
    assert calendar.is_business_day(date(2027, 1, 4))


def test_thank_you_after_a_long_weekend_goes_to_the_first_business_hour(
        tokyo: Debrief) -> None:
    # Friday 21 Nov 2025 17:30-18:00: the weekend and Monday 24 Nov (substitute
    # holiday) leave no business hour within 24 hours, nor within 48.
    interview = tokyo.interview.model_copy(update={
        "starts": at("2025-11-21T17:30:00+09:00"), "minutes": 30, "decision_by": None})
    debrief = tokyo.model_copy(update={"interview": interview})
    thanks = [a for a in plan(debrief, now=at("2025-11-21T18:05:00+09:00"))
              if a.kind == "thank-you"]
    assert thanks
    for action in thanks:
        assert action.due == at("2025-11-25T09:00:00+09:00")
        assert action.rule == "thank-you.first-business-hour"


def test_golden_week_holds_back_inquiries(tokyo: Debrief) -> None:
    # Interview Friday 25 Apr 2025, no decision date: the buffer may not count
    # Golden Week days and the inquiry cannot fall inside it.
    interview = tokyo.interview.model_copy(update={
        "starts": at("2025-04-25T10:00:00+09:00"), "decision_by": None,
        "decision": None, "they_will_contact": None})
    debrief = tokyo.model_copy(update={"interview": interview})
    (inquiry,) = [a for a in plan(debrief, now=at("2025-04-25T11:05:00+09:00"))
                  if a.kind == "status-inquiry"]
    profile = profile_for("JP")
    counted, day = [], date(2025, 4, 25)
    while len(counted) < profile.buffer_days:
        day += timedelta(days=1)
        slow = any(in_period(day, period) for period in profile.slow_periods)
        if is_working_day(day, profile, None) and not slow:
            counted.append(day)
    # 28 Apr counts; 30 Apr - 2 May are working days but slow; then 7, 8, 9, 12 May.
    assert counted == [date(2025, 4, 28), date(2025, 5, 7), date(2025, 5, 8),
                       date(2025, 5, 9), date(2025, 5, 12)]
    assert inquiry.due == at("2025-05-12T09:00:00+09:00")
