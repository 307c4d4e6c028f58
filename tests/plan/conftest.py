"""Shared fixtures and independent oracles for the planner tests.

The oracles re-derive business time straight from the ``holidays`` package,
``zoneinfo`` and the profile values, without the planner's own calendar code,
so a test compares two implementations instead of one with itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest

from followthrough.culture import Period, Profile, profile_for
from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief
from tests.conftest import JP_FIRST_ROUND, US_PANEL

SELF_KINDS = frozenset({"reflection", "keep-searching", "company-watch", "next-round-prep"})
PERSONAL_KINDS = frozenset({"reference-brief", "referee-thanks"})


@pytest.fixture(scope="session")
def tokyo() -> Debrief:
    return read_debrief(JP_FIRST_ROUND)


@pytest.fixture(scope="session")
def panel_us() -> Debrief:
    return read_debrief(US_PANEL)


def debrief_from(document: Mapping[str, Any]) -> Debrief:
    return Debrief.model_validate(document)


@lru_cache(maxsize=256)
def offset_changes(zone_name: str, start: datetime, stop: datetime,
                   step: timedelta) -> tuple[datetime, ...]:
    """UTC instants where the zone's offset changes, found by walking from ``start`` to
    ``stop`` in ``step``s (each found at most ``step`` after the real change)."""
    zone = ZoneInfo(zone_name)
    found, instant = [], start
    previous = instant.astimezone(zone).utcoffset()
    while instant < stop:
        instant += step
        offset = instant.astimezone(zone).utcoffset()
        if offset != previous:
            found.append(instant)
            previous = offset
    return tuple(found)


@lru_cache(maxsize=2048)
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(found)


@lru_cache(maxsize=256)
def package_weekend(country: str | None) -> frozenset[int]:
    if country is None:
        return frozenset({5, 6})
    try:
        return frozenset(holidays.country_holidays(country, years=2026).weekend)
    except NotImplementedError:
        return frozenset({5, 6})


def in_period(day: date, period: Period) -> bool:
    """Month-day ranges, written out without the profile's own ``__contains__``."""
    (m1, d1), (m2, d2) = period.start, period.end
    ordinal = day.month * 100 + day.day
    low, high = m1 * 100 + d1, m2 * 100 + d2
    return low <= ordinal <= high if low <= high else (ordinal >= low or ordinal <= high)


def is_working_day(day: date, profile: Profile, subdivision: str | None) -> bool:
    weekend = set(profile.weekend) if profile.weekend is not None \
        else package_weekend(profile.country)
    if day.weekday() in weekend:
        return False
    if profile.country and day in public_holidays(profile.country, subdivision, day.year):
        return False
    return not any(in_period(day, period) for period in profile.closures)


def in_hours(instant: datetime, zone: ZoneInfo, profile: Profile, *,
             closing_included: bool) -> bool:
    """Wall-clock check, valid for opening/closing times no clock change touches
    (every shipped profile: changes happen at night)."""
    local = instant.astimezone(zone).replace(tzinfo=None)
    opening = datetime.combine(local.date(), profile.business_start)
    closing = datetime.combine(local.date(), profile.business_end)
    if closing_included:
        return opening <= local <= closing
    return opening <= local < closing


def first_business_instant(start: datetime, zone: ZoneInfo, profile: Profile,
                           subdivision: str | None) -> datetime:
    """Day by day: the opening of the first working day still open at ``start``."""
    day = start.astimezone(zone).date()
    for _ in range(800):
        if is_working_day(day, profile, subdivision):
            opening = datetime.combine(day, profile.business_start, tzinfo=zone)
            closing = datetime.combine(day, profile.business_end, tzinfo=zone)
            if start < closing:
                return max(start, opening)
        day += timedelta(days=1)
    raise AssertionError("no business day within 800 days")


def zone_profile(debrief: Debrief) -> tuple[ZoneInfo, Profile, str | None]:
    profile = profile_for(debrief.interview.country)
    region = debrief.interview.region
    if region and debrief.interview.country:
        region = region.upper().removeprefix(f"{debrief.interview.country}-")
    return debrief.zone, profile, region or profile.subdivision


def at(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def clock(text: str) -> time:
    return time.fromisoformat(text)
