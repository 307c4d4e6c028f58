"""Business time in one place: the recipient's working hours, weekend, holidays, closures.

A :class:`Calendar` combines a time zone, a culture profile and the country's
public holidays (from the ``holidays`` package, cached per country,
subdivision and year). Every planned time is computed on absolute instants,
so "24 hours after the interview" is 24 real hours whatever the clocks do.
Arithmetic and comparisons run on UTC values only: Python compares two
datetimes of the same zone by their wall clocks (ignoring ``fold``), which
goes wrong inside a repeated hour. Calendar methods therefore take any aware
datetime and return UTC; :attr:`WallTime.instant` is the local form for output.

Wall-clock times and daylight saving
------------------------------------
Opening and closing times are wall-clock times ("09:00"), and a wall time can
be missing (clocks jump forward) or happen twice (clocks go back). One rule
covers both: **a day's opening is the first instant at which the local clock
of that date reads the opening time or later; its closing likewise.** It
follows that

* a wall time that does not exist moves forward to the first valid instant
  after the gap (02:30 on a spring-forward night becomes 03:00), and
* a wall time that exists twice takes its first occurrence (``fold=0``).

:func:`resolve_wall_time` applies the rule and says what it changed in
:attr:`WallTime.adjustment`; the planner passes that sentence on to the user
in the action's ``note``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from followthrough import geo
from followthrough.culture import Period, Profile
from followthrough.errors import BadInput, Problem
from followthrough.holiday_calendars import country_holidays
from followthrough.plan.rules import SLOW_SEASON

DEFAULT_WEEKEND: tuple[int, ...] = (5, 6)
SEARCH_LIMIT_DAYS = 3 * 366
"""No profile may leave more than three years without a business day."""
SEASON_JOIN_DAYS = 14
"""Matching holidays this close together make one movable season (Rosh Hashanah to
Simchat Torah; Chinese New Year and its observed day)."""
EDGE_SEARCH_DAYS = 12
"""How far around a day the slow seasons whose edge it may be are looked for."""


@dataclass(frozen=True)
class Season:
    """One dated slow stretch or closure: its name and its first and last days."""

    name: str
    first: date
    last: date
    closed: bool = False
    """A customary closure (nobody works), not just a slow stretch."""
    wish: str | None = None
    """The wishes a note sends in the weeks after it (a festival's)."""
    wish_ahead: str | None = None
    """The wishes a note sends in the days before its festival."""
    festival: date | None = None
    """The festival's own first day, inside the stretch (which starts before it)."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def _on(year: int, month_day: tuple[int, int]) -> date:
    month, day = month_day
    if (month, day) == (2, 29) and not _leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _dated(period: Period, year: int, *, closed: bool) -> Season:
    """The stretch of ``period`` that starts in ``year`` (it may end in the next)."""
    end_year = year if period.start <= period.end else year + 1
    return Season(period.name, _on(year, period.start), _on(end_year, period.end), closed)


@dataclass(frozen=True)
class WallTime:
    """A wall-clock time on a date, resolved to one instant by the module's rule."""

    instant: datetime
    """The instant in the calendar's zone, for output."""
    utc: datetime
    """The same instant in UTC, for arithmetic and comparison."""
    adjustment: str | None = None
    """Plain words for what the DST rule changed, or ``None`` when nothing did."""


@dataclass(frozen=True)
class Window:
    """One business day's opening hours as absolute instants (close excluded)."""

    day: date
    open: WallTime
    close: WallTime

    def __contains__(self, instant: object) -> bool:
        if not isinstance(instant, datetime):
            return False
        return self.open.utc <= instant.astimezone(UTC) < self.close.utc


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    back = local.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def _first_instant_after_gap(naive: datetime, zone: ZoneInfo) -> datetime:
    """The transition instant ending the gap that swallowed ``naive``.

    Inside a gap ``fold=1`` maps to an instant before the transition and
    ``fold=0`` to one after it; bisect to the first second whose wall clock
    reads ``naive`` or later.
    """
    low = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) // 2
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.astimezone(zone)


def _clock_text(value: datetime | time) -> str:
    return value.strftime("%H:%M")


def resolve_wall_time(day: date, wall: time, zone: ZoneInfo) -> WallTime:
    """``wall`` on ``day`` in ``zone`` as one instant, by the module's DST rule."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0)
    if _exists(first, zone):
        if first.replace(fold=1).utcoffset() == first.utcoffset():
            return WallTime(first, first.astimezone(UTC))
        return WallTime(first, first.astimezone(UTC), (
            f"{_clock_text(wall)} happens twice on {day.isoformat()} in {zone.key} because the "
            f"clocks go back; the first {_clock_text(wall)} ({first.tzname()}) is used."
        ))
    moved = _first_instant_after_gap(naive, zone)
    return WallTime(moved, moved.astimezone(UTC), (
        f"{_clock_text(wall)} does not exist on {day.isoformat()} in {zone.key} because the "
        f"clocks go forward; {_clock_text(moved)}, the first time after the change, is used."
    ))


@lru_cache(maxsize=4096)
def holidays_of(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """Public holidays of one country (and subdivision) in one year, date -> name.

    Some lunar-calendar holidays (India's Diwali, ...) are known for 2001-2035 only;
    outside that, ``holidays`` warns and leaves them out, and so do we: the movable
    slow seasons are then missing for those years, the fixed ones are not."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Requested Holidays are available only",
                                    category=UserWarning)
            found = country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:
        return MappingProxyType({})
    return MappingProxyType({day: str(name) for day, name in found.items()})


@cache
def weekend_of(country: str | None) -> tuple[int, ...]:
    """The country's weekend days (Monday = 0) as the ``holidays`` package knows them."""
    if not country:
        return DEFAULT_WEEKEND
    try:
        return tuple(sorted(country_holidays(country, years=2026).weekend))
    except NotImplementedError:
        return DEFAULT_WEEKEND


def normalise_subdivision(country: str | None, region: str | None) -> str | None:
    """``US-NY`` or ``NY`` -> ``NY``; checks that the holidays package knows it."""
    if not region or not country:
        return None
    code = region.strip().upper()
    if code.startswith(f"{country}-"):
        code = code[len(country) + 1:]
    if not _country_has_holidays(country):
        return None
    if not _has_subdivision(country, code):
        raise BadInput([Problem(
            "interview.region", f"{region!r} is not a subdivision of {country} that has holidays",
            expected=f"an ISO 3166-2 code of {country}, like {country}-XX")])
    return code


@cache
def _has_subdivision(country: str, code: str) -> bool:
    try:
        country_holidays(country, subdiv=code, years=2026)
    except NotImplementedError:
        return False
    return True


@cache
def _country_has_holidays(country: str) -> bool:
    try:
        country_holidays(country, years=2026)
    except NotImplementedError:
        return False
    return True


@cache
def country_of_zone(zone_name: str) -> str | None:
    """The country whose zone table lists ``zone_name`` (Europe/Berlin -> DE)."""
    for country, zones in geo.zones_by_country().items():
        if zone_name in zones:
            return country
    return None


@dataclass(eq=False)
class Calendar:
    """Business time for one recipient: their zone, culture profile and holidays."""

    zone: ZoneInfo
    profile: Profile
    subdivision: str | None = None
    _days: dict[date, Window | None] = field(default_factory=dict, repr=False)
    _movable: dict[int, tuple[Season, ...]] = field(default_factory=dict, repr=False)

    @property
    def weekend(self) -> tuple[int, ...]:
        if self.profile.weekend is not None:
            return self.profile.weekend
        return weekend_of(self.profile.country)

    def closed_because(self, day: date) -> str | None:
        """Why nobody works on ``day`` (weekend, holiday, closure), or ``None``."""
        if day.weekday() in self.weekend:
            return "weekend"
        if self.profile.country:
            name = holidays_of(self.profile.country, self.subdivision, day.year).get(day)
            if name:
                return name
        for closure in self.profile.closures:
            if day in closure:
                return closure.name
        return None

    def is_business_day(self, day: date) -> bool:
        return self.window(day) is not None

    def is_slow(self, day: date) -> bool:
        """Whether ``day`` is in a slow period, fixed by date or around movable holidays."""
        if any(day in period for period in self.profile.slow_periods):
            return True
        return any(day in season for season in self._movable_seasons(day.year))

    def is_quiet(self, day: date) -> bool:
        """Slow or closed: a day that does not count as waiting for news."""
        return self.is_slow(day) or any(day in closure for closure in self.profile.closures)

    def _movable_seasons(self, year: int) -> tuple[Season, ...]:
        """The slow seasons around movable holidays that touch ``year``, from the
        ``holidays`` package (the years around it too, so a season may cross 1 January)."""
        found = self._movable.get(year)
        if found is not None:
            return found
        seasons: list[Season] = []
        country = self.profile.country
        if country and self.profile.slow_holidays:
            days = {day: name for around in (year - 1, year, year + 1)
                    if date.min.year < around < date.max.year
                    for day, name in holidays_of(country, self.subdivision, around).items()}
            for spec in self.profile.slow_holidays:
                matching = sorted(day for day, name in days.items() if spec.matches(name))
                clusters: list[list[date]] = []
                for day in matching:
                    if clusters and (day - clusters[-1][-1]).days <= SEASON_JOIN_DAYS:
                        clusters[-1].append(day)
                    else:
                        clusters.append([day])
                for cluster in clusters:
                    try:
                        first = cluster[0] - timedelta(days=spec.before)
                        last = cluster[-1] + timedelta(days=spec.after)
                    except OverflowError:
                        continue
                    if first.year <= year <= last.year:
                        seasons.append(Season(spec.name, first, last, wish=spec.wish,
                                              wish_ahead=spec.wish_ahead,
                                              festival=cluster[0]))
        result = tuple(seasons)
        self._movable[year] = result
        return result

    def seasons(self, first: date, last: date) -> list[Season]:
        """Every slow period and closure that touches ``first`` to ``last``, dated, in
        order of their first day."""
        found: dict[tuple[str, date, date], Season] = {}
        for year in range(max(first.year - 1, date.min.year), min(last.year, 9998) + 1):
            dated = [*(_dated(p, year, closed=False) for p in self.profile.slow_periods),
                     *(_dated(p, year, closed=True) for p in self.profile.closures),
                     *self._movable_seasons(year)]
            for season in dated:
                if season.last >= first and season.first <= last:
                    found[(season.name, season.first, season.last)] = season
        return sorted(found.values(), key=lambda season: (season.first, season.last))

    def add_waiting_days(self, day: date, count: int) -> date:
        """The ``count``-th day after ``day`` that counts as waiting: any day but those
        in a slow period or a closure."""
        current, counted = day, 0
        for _ in range(SEARCH_LIMIT_DAYS):
            if counted >= count:
                return current
            current += timedelta(days=1)
            if not self.is_quiet(current):
                counted += 1
        raise self._no_business_day(day)

    def week_start_after(self, day: date) -> date:
        return week_start_after(day, frozenset(self.weekend))

    def window(self, day: date) -> Window | None:
        """The business hours of ``day``, or ``None`` when it is no business day."""
        try:
            return self._days[day]
        except KeyError:
            pass
        found: Window | None = None
        if self.closed_because(day) is None:
            opening = resolve_wall_time(day, self.profile.business_start, self.zone)
            closing = resolve_wall_time(day, self.profile.business_end, self.zone)
            if opening.utc < closing.utc:
                found = Window(day, opening, closing)
        self._days[day] = found
        return found

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def local(self, instant: datetime) -> datetime:
        """An instant in this calendar's zone, for output."""
        return instant.astimezone(self.zone)

    def business_day_on_or_after(self, day: date, *, outside_slow: bool = False,
                                 off_edges: bool = False) -> Window:
        """The first business day on or after ``day``; with ``outside_slow``, outside
        slow seasons; with ``off_edges``, not at the edge of a long one either
        (:meth:`at_season_edge`: the day a message goes out, which still counts as
        waiting)."""
        for offset in range(SEARCH_LIMIT_DAYS):
            candidate = day + timedelta(days=offset)
            window = self.window(candidate)
            if window is None or (outside_slow and self.is_slow(candidate)):
                continue
            if not (off_edges and self.at_season_edge(candidate)):
                return window
        raise self._no_business_day(day)

    def at_season_edge(self, day: date) -> bool:
        """Whether ``day`` is the last business day before a slow season of
        :data:`rules.SLOW_SEASON`'s ``edge_min_days`` or more, or the first one after
        it: a note asking for news then lands on a desk being cleared for the
        holidays, or in the pile of the first day back (23 December in Germany, 4
        January in Britain)."""
        long_season = SLOW_SEASON.value("edge_min_days")
        try:
            seasons = self.seasons(day - timedelta(days=EDGE_SEARCH_DAYS),
                                   day + timedelta(days=EDGE_SEARCH_DAYS))
        except (OverflowError, ValueError):
            return False
        for season in seasons:
            if (season.last - season.first).days + 1 < long_season:
                continue
            day_before = timedelta(days=1)
            if day < season.first and not self.working_days_between(day,
                                                                    season.first - day_before):
                return True
            if day > season.last and not self.working_days_between(season.last,
                                                                   day - day_before):
                return True
        return False

    def working_days_between(self, after: date, through: date) -> int:
        """Business days outside slow seasons after ``after`` up to ``through``."""
        count, day = 0, after
        while day < through:
            day += timedelta(days=1)
            if self.is_business_day(day) and not self.is_slow(day):
                count += 1
        return count

    def add_business_days(self, day: date, count: int, *, outside_slow: bool = False) -> Window:
        """The ``count``-th business day after ``day`` (slow days skipped and not counted
        when ``outside_slow``)."""
        window = None
        current = day
        for _ in range(count):
            window = self.business_day_on_or_after(current + timedelta(days=1),
                                                   outside_slow=outside_slow)
            current = window.day
        if window is None:
            return self.business_day_on_or_after(day, outside_slow=outside_slow)
        return window

    def next_open(self, instant: datetime, *, outside_slow: bool = False) -> datetime:
        """The first business instant at or after ``instant`` (UTC)."""
        return self.window_at_or_after(instant, outside_slow=outside_slow)[1]

    def window_at_or_after(self, instant: datetime, *,
                           outside_slow: bool = False) -> tuple[Window, datetime]:
        """The first window still open at or after ``instant``, and the first business
        instant in it (UTC)."""
        moment = instant.astimezone(UTC)
        start = self.local_day(moment) - timedelta(days=1)
        for offset in range(SEARCH_LIMIT_DAYS):
            day = start + timedelta(days=offset)
            window = self.window(day)
            if window is None or (outside_slow and self.is_slow(day)):
                continue
            if moment < window.close.utc:
                return window, max(moment, window.open.utc)
        raise self._no_business_day(start)

    def next_morning(self, instant: datetime, *, outside_slow: bool = False,
                     off_edges: bool = False) -> Window:
        """The first business day whose opening is at or after ``instant``."""
        moment = instant.astimezone(UTC)
        day = self.local_day(moment)
        while True:
            window = self.business_day_on_or_after(day, outside_slow=outside_slow,
                                                   off_edges=off_edges)
            if window.open.utc >= moment:
                return window
            day = window.day + timedelta(days=1)

    def last_business_instant_before(self, limit: datetime, since: datetime) -> datetime | None:
        """The latest instant in business hours that is at most ``limit`` and not before
        ``since`` (UTC); windows are half-open, so a closing time counts as the end."""
        limit, since = limit.astimezone(UTC), since.astimezone(UTC)
        day = self.local_day(limit) + timedelta(days=1)
        first_day = self.local_day(since) - timedelta(days=1)
        while day >= first_day:
            window = self.window(day)
            if window is not None and window.open.utc < limit and window.close.utc > since:
                return min(limit, window.close.utc)
            day -= timedelta(days=1)
        return None

    def is_business_instant(self, instant: datetime) -> bool:
        window = self.window(self.local_day(instant))
        return window is not None and instant in window

    def _no_business_day(self, day: date) -> BadInput:
        return BadInput([Problem(
            "culture", f"the {self.profile.profile} profile leaves no business day within "
            f"three years of {day.isoformat()}",
            expected="business hours, weekend and closures that leave working days")])


_CALENDARS: dict[tuple[str, Profile, str | None], Calendar] = {}


def calendar_for(zone: ZoneInfo, profile: Profile, subdivision: str | None = None) -> Calendar:
    """A shared calendar per (zone, profile, subdivision), so its day cache is reused."""
    key = (zone.key, profile, subdivision)
    found = _CALENDARS.get(key)
    if found is None:
        if len(_CALENDARS) > 256:
            _CALENDARS.clear()
        found = _CALENDARS[key] = Calendar(zone, profile, subdivision)
    return found


def week_start_after(day: date, weekend: frozenset[int]) -> date:
    """The first day after ``day`` that begins a working week (Monday where the
    weekend is Saturday and Sunday, Sunday where it is Friday and Saturday)."""
    for offset in range(1, 8):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() not in weekend \
                and (candidate - timedelta(days=1)).weekday() in weekend:
            return candidate
    return day + timedelta(days=7 - day.weekday())
