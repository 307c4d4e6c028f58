"""No status inquiry or move-on note on the last business day before a long slow
season or the first one after it (rule status-inquiry.slow-season): blind reviewers
of rounds 77-82 marked Berlin's inquiry on 23 December, the last day before the
German Christmas break, and London's move-on on 4 January, the first day back.
Those days still count as waiting; only the message moves."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.culture import profile_for
from followthrough.plan.business import Calendar, calendar_for

ZONES = {"DE": "Europe/Berlin", "GB": "Europe/London", "SG": "Asia/Singapore",
         "JP": "Asia/Tokyo", "US": "America/New_York"}


def _calendar(country: str) -> Calendar:
    return calendar_for(ZoneInfo(ZONES[country]), profile_for(country))


@pytest.mark.parametrize(("country", "day", "edge"), [
    ("DE", date(2026, 12, 22), False),
    ("DE", date(2026, 12, 23), True),   # the last business day before 24 December
    ("DE", date(2027, 1, 4), True),     # the first one after 1 January
    ("DE", date(2027, 1, 5), False),
    ("SG", date(2027, 2, 3), True),     # before Chinese New Year's slow days
    ("SG", date(2027, 2, 12), True),
    ("SG", date(2027, 2, 15), False),
    ("JP", date(2025, 4, 28), True),    # before Golden Week
    ("JP", date(2025, 5, 7), True),
    ("JP", date(2025, 5, 8), False),
])
def test_the_edges_of_long_slow_seasons(country: str, day: date, edge: bool) -> None:
    assert _calendar(country).at_season_edge(day) is edge


@given(country=st.sampled_from(sorted(ZONES)),
       day=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_a_message_day_is_the_first_business_day_off_slow_seasons_and_their_edges(
        country: str, day: date) -> None:
    calendar = _calendar(country)
    chosen = calendar.business_day_on_or_after(day, outside_slow=True, off_edges=True).day

    assert chosen >= day
    assert not calendar.is_slow(chosen)
    assert not calendar.at_season_edge(chosen)
    skipped = day
    while skipped < chosen:
        assert (not calendar.is_business_day(skipped) or calendar.is_slow(skipped)
                or calendar.at_season_edge(skipped)), skipped
        skipped += timedelta(days=1)


@given(country=st.sampled_from(sorted(ZONES)),
       day=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
       count=st.integers(1, 10))
def test_an_edge_still_counts_as_waiting(country: str, day: date, count: int) -> None:
    calendar = _calendar(country)

    counted = calendar.add_business_days(day, count, outside_slow=True).day
    assert not calendar.is_slow(counted)
    assert calendar.business_day_on_or_after(counted, outside_slow=True,
                                             off_edges=True).day >= counted
