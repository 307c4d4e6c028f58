"""Acceptance 4: business windows across clock changes, against a minute-by-minute scan.

The documented rule: a day's opening (closing) is the first instant at which
the local clock of that date reads the opening (closing) time or later. The
scan below applies that sentence literally, walking UTC minute by minute and
reading the wall clock, so it shares no code with the planner's calendar.
Business hours are set to straddle each zone's change (most move at night),
with no weekend or holidays so that every day counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import plan
from followthrough.plan.business import Calendar, resolve_wall_time
from tests.plan.conftest import offset_changes

ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney",
         "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Asia/Tokyo",
         "Asia/Kolkata", "Asia/Kathmandu"]
HOURS = [("09:00", "18:00"), ("00:00", "04:00"), ("01:30", "02:30"), ("02:15", "03:00"),
         ("02:45", "04:00"), ("22:30", "23:59"), ("23:00", "23:30")]
MINUTE = timedelta(minutes=1)


def changes(zone_name: str, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """UTC instants where the zone's offset changes, found by a 15-minute walk."""
    return offset_changes(zone_name, datetime(first_year, 1, 1, tzinfo=UTC),
                          datetime(last_year + 1, 1, 1, tzinfo=UTC), timedelta(minutes=15))


def probes(zone_name: str) -> list[datetime]:
    """Each clock change of 2025-2027 (Kathmandu's last one was in 1986), or, for
    zones without changes, a few ordinary days."""
    found = list(changes(zone_name, 2025, 2027))
    if zone_name == "Asia/Kathmandu":
        found = list(changes(zone_name, 1985, 1986))
    return found or [datetime(2026, month, 15, tzinfo=UTC) for month in (3, 6, 11)]


def scan(zone: ZoneInfo, centre: datetime, opening: time, closing: time
         ) -> tuple[dict[date, tuple[datetime, datetime]], dict[date, dict[time, int]], datetime,
                    datetime]:
    """Walk 3 days either side of ``centre``; per local date, the first minute whose
    wall clock reads >= opening and >= closing, and how often each wall minute occurs."""
    start = (centre - timedelta(days=3)).replace(second=0, microsecond=0)
    stop = centre + timedelta(days=3)
    first_open: dict[date, datetime] = {}
    first_close: dict[date, datetime] = {}
    seen: dict[date, dict[time, int]] = {}
    instant = start
    while instant < stop:
        local = instant.astimezone(zone)
        day, wall = local.date(), local.time().replace(tzinfo=None)
        counts = seen.setdefault(day, {})
        counts[wall] = counts.get(wall, 0) + 1
        if wall >= opening and day not in first_open:
            first_open[day] = instant
        if wall >= closing and day not in first_close:
            first_close[day] = instant
        instant += MINUTE
    inner_first = start.astimezone(zone).date() + timedelta(days=1)
    inner_last = stop.astimezone(zone).date() - timedelta(days=1)
    windows = {day: (first_open[day], first_close[day]) for day in first_open
               if inner_first <= day <= inner_last}
    return windows, seen, start, stop


def calendar(zone_name: str, hours: tuple[str, str]) -> Calendar:
    profile = replace(profile_for(None, {"business_start": hours[0], "business_end": hours[1],
                                         "weekend": []}))
    return Calendar(ZoneInfo(zone_name), profile)


CASES = [(zone, hours) for zone in ZONES for hours in HOURS]


@pytest.mark.parametrize(("zone_name", "hours"), CASES,
                         ids=[f"{z}-{h[0]}-{h[1]}" for z, h in CASES])
def test_windows_match_the_scan(zone_name: str, hours: tuple[str, str]) -> None:
    zone = ZoneInfo(zone_name)
    opening, closing = time.fromisoformat(hours[0]), time.fromisoformat(hours[1])
    for centre in probes(zone_name):
        engine = calendar(zone_name, hours)
        windows, seen, start, stop = scan(zone, centre, opening, closing)
        assert windows
        for day, (scan_open, scan_close) in windows.items():
            window = engine.window(day)
            if scan_open >= scan_close:
                # The clocks skipped the whole window: no business time that day.
                assert window is None, day
            else:
                assert window is not None, day
                # Compared in UTC: Python's == between zones is always False in a fold.
                assert window.open.utc == scan_open, (day, "open")
                assert window.close.utc == scan_close, (day, "close")
                assert window.open.instant.astimezone(UTC) == scan_open
            for wall in (opening, closing):
                occurrences = seen[day].get(wall, 0)
                note = resolve_wall_time(day, wall, zone).adjustment or ""
                assert ("does not exist" in note) == (occurrences == 0), (day, wall, note)
                assert ("happens twice" in note) == (occurrences == 2), (day, wall, note)
        business = sorted(pair for pair in windows.values() if pair[0] < pair[1])
        instant = business[0][0] - timedelta(hours=5)
        while instant < business[-1][0]:
            inside = any(low <= instant < high for low, high in business)
            assert engine.is_business_instant(instant) == inside, instant
            expected = next((max(instant, low) for low, high in business if instant < high))
            assert engine.next_open(instant) == expected, instant
            instant += timedelta(minutes=11)
        assert start < stop


def test_the_rule_is_visible_for_a_skipped_and_a_doubled_time() -> None:
    new_york = ZoneInfo("America/New_York")
    skipped = resolve_wall_time(date(2026, 3, 8), time(2, 30), new_york)
    assert skipped.instant == datetime(2026, 3, 8, 3, 0, tzinfo=new_york)
    assert skipped.adjustment is not None
    assert "does not exist" in skipped.adjustment
    doubled = resolve_wall_time(date(2026, 11, 1), time(1, 30), new_york)
    assert doubled.instant.utcoffset() == timedelta(hours=-4)  # the first, still EDT
    assert doubled.adjustment is not None
    assert "happens twice" in doubled.adjustment
    assert resolve_wall_time(date(2026, 11, 2), time(1, 30), new_york).adjustment is None


def test_a_note_reaches_the_action(panel_us: Debrief) -> None:
    debrief = panel_us
    interview = debrief.interview.model_copy(update={
        "starts": datetime(2026, 3, 6, 23, 0, tzinfo=ZoneInfo("America/New_York")),
        "minutes": 30})
    debrief = debrief.model_copy(update={"interview": interview})
    actions = plan(debrief, now=datetime(2026, 3, 7, 0, 0, tzinfo=UTC), overrides={
        "US": {"business_start": "02:30", "business_end": "05:00", "weekend": []}})
    # Sunday 8 Mar has no 02:30 in New York: that day opens at 03:00, and every
    # action due at that opening says so in its note.
    sunday = [a for a in actions if a.due.date() == date(2026, 3, 8) and a.due.hour == 3]
    assert sunday
    for action in sunday:
        assert action.due.minute == 0
        assert action.note is not None
        assert "02:30 does not exist" in action.note
    assert all(a.note is None for a in actions if a.due.date() == date(2026, 3, 9))
