"""The first inquiry after a festival of the interview's country sends its wishes
("I hope you had a good Chinese New Year."), as the first note of January sends
the new year's: once, and only in the days after a festival that fell between
the interview and the note. The wish is culture data (`slow_holidays[].wish`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose_one
from followthrough.compose.facts import WISH_DAYS
from followthrough.compose.gallery import interview_end
from followthrough.culture import _seasons as parse_seasons
from followthrough.culture import profile_for
from followthrough.debrief import read_debrief
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, plan
from followthrough.plan.business import calendar_for

SINGAPORE = EXAMPLES / "debrief-singapore-phone.toml"
WISH = "I hope you had a good Chinese New Year."
ZONE = ZoneInfo("Asia/Singapore")


def _chinese_new_year_ends(year: int) -> date:
    calendar = calendar_for(ZONE, profile_for("SG"))
    return next(season.last for season in calendar.seasons(date(year, 1, 1), date(year, 3, 31))
                if season.name == "Chinese New Year")


def _inquiries(debrief: Debrief) -> tuple[list[Action], list[Action]]:
    actions = plan(debrief, now=interview_end(debrief))
    return actions, sorted((a for a in actions if a.kind == "status-inquiry"),
                           key=lambda a: a.due)


def _body(debrief: Debrief, action: Action, actions: list[Action],
          at: datetime | None = None) -> str:
    return compose_one(4, debrief, action, template_dir=Path("/nonexistent"),
                       now=at or action.due, plan=actions).body


def test_the_first_inquiry_after_the_festival_sends_the_wish_and_the_second_does_not(
        ) -> None:
    debrief = read_debrief(SINGAPORE)
    actions, (planned, second) = _inquiries(debrief)
    ends = _chinese_new_year_ends(planned.due.year)
    at = datetime.combine(ends + timedelta(days=5), planned.due.astimezone(ZONE).timetz())
    first = replace(planned, due=at)
    actions = [first if a is planned else a for a in actions]
    assert debrief.interview.starts.date() <= ends < first.due.astimezone(ZONE).date()

    assert WISH in _body(debrief, first, actions)
    assert "I hope you are well" not in _body(debrief, first, actions)
    assert WISH not in _body(debrief, second, actions)


def test_a_wish_seventeen_days_after_the_holiday_is_not_sent() -> None:
    """Round 99: the example's first inquiry, 13 days after the festival's slow
    stretch and 17 after the holiday, read "I hope you had a good Chinese New Year"
    as stale."""
    debrief = read_debrief(SINGAPORE)
    actions, (first, _second) = _inquiries(debrief)
    ends = _chinese_new_year_ends(first.due.year)
    assert (first.due.astimezone(ZONE).date() - ends).days > WISH_DAYS

    assert WISH not in _body(debrief, first, actions)


@settings(max_examples=30, deadline=None)
@given(days=st.integers(min_value=-20, max_value=40))
def test_the_wish_goes_only_in_the_days_after_the_festival(days: int) -> None:
    debrief = read_debrief(SINGAPORE)
    actions, (first, _second) = _inquiries(debrief)
    ends = _chinese_new_year_ends(first.due.year)
    at = datetime.combine(ends + timedelta(days=days), first.due.astimezone(ZONE).timetz())
    moved = replace(first, due=at)
    others = [moved if a is first else a for a in actions
              if not (a.kind == "status-inquiry" and a is not first)]

    wished = WISH in _body(debrief, moved, others, at)

    assert wished == (1 <= days <= WISH_DAYS)


def test_no_wish_for_a_festival_before_the_interview() -> None:
    debrief = read_debrief(SINGAPORE)
    ends = _chinese_new_year_ends(2027)
    after = datetime.combine(ends + timedelta(days=1), datetime.min.time(), ZONE) \
        + timedelta(hours=10)
    moved = debrief.model_copy(update={"interview": debrief.interview.model_copy(
        update={"starts": after, "decision_by": None})})
    actions, inquiries = _inquiries(moved)

    assert inquiries
    assert all(WISH not in _body(moved, inquiry, actions) for inquiry in inquiries)


def test_a_country_without_festival_wishes_keeps_its_greeting() -> None:
    debrief = read_debrief(EXAMPLES / "debrief-london-agency.toml")  # before Christmas
    actions, inquiries = _inquiries(debrief)

    assert all("Chinese New Year" not in _body(debrief, inquiry, actions)
               for inquiry in inquiries)
    assert "I hope you are well." in _body(debrief, inquiries[0], actions)


def test_a_profile_season_takes_an_optional_wish_and_no_other_key() -> None:
    base = {"name": "Diwali", "holidays": ["Diwali"], "before": 2, "after": 2}

    assert parse_seasons([base])[0].wish is None
    assert parse_seasons([{**base, "wish": "I hope you had a happy Diwali."}])[0].wish \
        == "I hope you had a happy Diwali."
    with pytest.raises(ValueError, match="holiday season"):
        parse_seasons([{**base, "greeting": "Happy Diwali!"}])
