"""The reading shown to the user is the one the planner plans from, on any words and
any interview day (issue 14; 002: the company's own timeline decides when to ask)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.plan.decision_words import Said, long_day, named_day, read_decision

PHRASES = ("next Friday", "next tuesday", "within ten days", "in about two weeks",
           "after the holidays", "by the end of the month", "early January", "by Friday",
           "14 December", "the week after next", "soon", "")
ZONES = ("Europe/Berlin", "Asia/Tokyo", "America/Denver", "Asia/Jerusalem")
COUNTRIES = {"Europe/Berlin": "DE", "Asia/Tokyo": "JP", "America/Denver": "US",
             "Asia/Jerusalem": "IL"}


@settings(max_examples=int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200")), deadline=None)
@given(words=st.lists(st.sampled_from(PHRASES), max_size=3).map(" and ".join),
       noise=st.text(max_size=20),
       ends=st.datetimes(min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (naive bounds)
                         max_value=datetime(2031, 12, 31),  # noqa: DTZ001
                         timezones=st.just(UTC)),
       zone=st.sampled_from(ZONES), stated=st.none() | st.integers(-30, 60))
def test_the_line_names_the_day_read_and_every_day_the_words_can_mean(
        words: str, noise: str, ends: datetime, zone: str, stated: int | None) -> None:
    """Whatever the words, the line names the day the plan waits for (after the
    interview), the other day ambiguous words can mean, and asks to choose exactly when
    no date settles them; a date on either day is never called a disagreement."""
    text = f"{words} {noise}"
    reading = read_decision(text, ends=ends, zone=ZoneInfo(zone), country=COUNTRIES[zone])
    day = ends.astimezone(ZoneInfo(zone)).date()
    decision_by: date | None = None if stated is None else day + timedelta(days=stated)

    said = Said(text.strip(), reading, decision_by)
    line = said.line()

    if reading is None:
        assert "not read as a date" in line
        return
    assert reading.day > day
    shown = named_day(reading.day) if reading.alternative else f"by {long_day(reading.day)}"
    assert f"read as: {shown}" in line
    assert ("set decision_by to choose" in line) == said.needs_choice
    if reading.alternative is not None:
        assert named_day(reading.alternative, year=False) in line
        for meant in (reading.day, reading.alternative):
            assert not Said(text, reading, meant).disagrees
