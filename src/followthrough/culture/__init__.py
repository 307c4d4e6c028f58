"""Culture profiles: how a country's workplaces keep time and tone, as data.

One TOML file per country in ``profiles/`` (``default.toml`` for everywhere
else). A country file lists only what differs from the default; the user's
settings may override any field in :func:`profile_fields`, and a bad value is
reported as :class:`~followthrough.errors.BadInput` naming the key.

The planner reads the timing fields (business hours, weekend, closures, slow
periods fixed by date or found around named public holidays, patience, buffer,
inquiry spacing); the etiquette checker reads ``formality`` and ``salutation``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, time
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from followthrough import geo
from followthrough.errors import BadInput, Problem

Formality = Literal["formal", "neutral"]
FORMALITIES: tuple[str, ...] = ("formal", "neutral")
SALUTATIONS: tuple[str, ...] = ("title-surname", "first-name")
OPEN_QUESTIONS: tuple[str, ...] = ("ask", "later")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_INQUIRY_GAP_DAYS = 7
MAX_INQUIRY_GAP_DAYS = 14


@dataclass(frozen=True)
class Period:
    """A yearly stretch of days, ``start`` to ``end`` inclusive; may wrap the new year."""

    name: str
    start: tuple[int, int]
    end: tuple[int, int]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end

    def describe(self) -> str:
        return f"{self.name} ({_month_day(self.start)} to {_month_day(self.end)})"

    def as_data(self) -> dict[str, str]:
        return {"name": self.name, "from": _month_day(self.start), "to": _month_day(self.end)}


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


@dataclass(frozen=True)
class HolidaySeason:
    """A slow stretch that moves with the calendar: the days of the country's public
    holidays whose names contain one of ``holidays`` (from the ``holidays`` package),
    widened by ``before`` and ``after`` days (Chinese New Year, Diwali)."""

    name: str
    holidays: tuple[str, ...]
    before: int
    after: int
    wish: str | None = None
    """The season's wishes, for the first note to follow it ("I hope you had a good
    Chinese New Year."): a note in the weeks after a festival that ignores it reads
    as written by someone who does not know the place."""
    wish_ahead: str | None = None
    """The season's wishes for a note sent in the days just before the festival ("I
    wish you a happy Chinese New Year.")."""

    def matches(self, holiday_name: str) -> bool:
        folded = holiday_name.casefold()
        return any(part.casefold() in folded for part in self.holidays)

    def describe(self) -> str:
        around = " / ".join(self.holidays)
        return (f"{self.name} ({_days(self.before)} before to {_days(self.after)} after "
                f"{around}, dates from the holidays package)")

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "holidays": list(self.holidays),
                                "before": self.before, "after": self.after}
        if self.wish is not None:
            data["wish"] = self.wish
        if self.wish_ahead is not None:
            data["wish_ahead"] = self.wish_ahead
        return data


@dataclass(frozen=True)
class Profile:
    """Everything the planner and the checker need to know about one country's customs."""

    country: str | None
    """ISO 3166-1 alpha-2 code the profile applies to (``None``: no country known)."""
    profile: str
    """The data file the values come from: the country code, or ``"default"``."""
    name: str
    timezone: str
    business_start: time
    business_end: time
    weekend: tuple[int, ...] | None
    """Weekdays off (Monday = 0); ``None`` takes them from the ``holidays`` package."""
    subdivision: str | None
    """Holiday subdivision used when the debrief gives no ``region`` (GB: England)."""
    closures: tuple[Period, ...]
    """Customary closures: no business at all (Japan's year-end)."""
    slow_periods: tuple[Period, ...]
    """Slow weeks: no status inquiry in them, and their days do not count as waiting."""
    slow_holidays: tuple[HolidaySeason, ...]
    """Slow weeks around movable public holidays; the same as ``slow_periods``."""
    patience_days: int
    """Business days after a stated decision date before the first inquiry (the planner
    never waits fewer than its rule's floor: 3 business days and 7 days)."""
    buffer_days: int
    """Business days after the interview before the first inquiry when no date was stated."""
    inquiry_gap_days: int
    """Calendar days between two inquiries to one company (7 to 14)."""
    max_inquiries: int
    formality: Formality
    salutation: str
    """``title-surname`` ("Dear Mr Sato") or ``first-name`` ("Dear Marcus")."""
    open_questions: str = "ask"
    """How a thank-you puts the question the candidate still has for someone who is not
    warm. A question told as part of a sentence is always offered for a later
    conversation ("If we have the chance to speak again, I would be glad to hear how
    ..."; round 113 read a question put for a reply as giving the reader work); one
    that cannot be told so is asked as written with ``ask``, and with ``later`` is
    offered for later too, where a written question asks a manager for a written
    reply (round 108, Japan)."""

    def as_data(self) -> dict[str, Any]:
        """The profile as plain TOML/JSON-ready values, in the files' own notation."""
        return {
            "country": self.country,
            "profile": self.profile,
            "name": self.name,
            "timezone": self.timezone,
            "business_start": self.business_start.strftime("%H:%M"),
            "business_end": self.business_end.strftime("%H:%M"),
            "weekend": "holidays" if self.weekend is None
            else [WEEKDAYS[day] for day in self.weekend],
            "subdivision": self.subdivision,
            "closures": [period.as_data() for period in self.closures],
            "slow_periods": [period.as_data() for period in self.slow_periods],
            "slow_holidays": [season.as_data() for season in self.slow_holidays],
            "patience_days": self.patience_days,
            "buffer_days": self.buffer_days,
            "inquiry_gap_days": self.inquiry_gap_days,
            "max_inquiries": self.max_inquiries,
            "formality": self.formality,
            "salutation": self.salutation,
            "open_questions": self.open_questions,
        }


class _Invalid(ValueError):
    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.expected = expected


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{value!r} is not a non-empty text", "a text")
    return value


def _zone(value: Any) -> str:
    if not isinstance(value, str) or not geo.is_zone(value):
        raise _Invalid(f"{value!r} is not an IANA time zone", "a zone like Asia/Tokyo")
    return value


def _clock(value: Any) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise _Invalid(f"{value} carries a time zone", "a wall-clock time like 09:00")
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid(f"{value!r} is not a time of day", "a wall-clock time like 09:00")


def _weekend(value: Any) -> tuple[int, ...] | None:
    if value == "holidays":
        return None
    expected = '"holidays" or a list of day names like ["sat", "sun"]'
    if not isinstance(value, list | tuple) or len(value) > 6:
        raise _Invalid(f"{value!r} is not a list of weekdays", expected)
    days: set[int] = set()
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 6:
            days.add(item)
        elif isinstance(item, str) and item.strip().lower()[:3] in WEEKDAYS:
            days.add(WEEKDAYS.index(item.strip().lower()[:3]))
        else:
            raise _Invalid(f"{item!r} is not a weekday", expected)
    if len(days) > 5:
        raise _Invalid("a week needs at least two working days", expected)
    return tuple(sorted(days))


def _subdivision(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return _text(value).upper()


def _month_day(value: tuple[int, int]) -> str:
    return f"{value[0]:02d}-{value[1]:02d}"


def _parse_month_day(value: Any) -> tuple[int, int]:
    expected = "a month-day like 12-29"
    if isinstance(value, str):
        parts = value.strip().split("-")
        if len(parts) == 2 and all(part.isdigit() for part in parts):
            month, day = int(parts[0]), int(parts[1])
            try:
                date(2024, month, day)
            except ValueError:
                pass
            else:
                return month, day
    raise _Invalid(f"{value!r} is not a month and day", expected)


def _periods(value: Any) -> tuple[Period, ...]:
    expected = 'a list of tables like {name = "Obon", from = "08-13", to = "08-16"}'
    if not isinstance(value, list | tuple):
        raise _Invalid(f"{value!r} is not a list of periods", expected)
    periods: list[Period] = []
    for item in value:
        if isinstance(item, Period):
            periods.append(item)
            continue
        if not isinstance(item, Mapping) or set(item) != {"name", "from", "to"}:
            raise _Invalid(f"{item!r} is not a period", expected)
        periods.append(Period(_text(item["name"]), _parse_month_day(item["from"]),
                              _parse_month_day(item["to"])))
    return tuple(periods)


def _seasons(value: Any) -> tuple[HolidaySeason, ...]:
    expected = ('a list of tables like {name = "Chinese New Year", holidays = '
                '["Chinese New Year"], before = 2, after = 3}, with an optional wish = '
                '"I hope you had a good Chinese New Year." and wish_ahead = '
                '"I wish you a happy Chinese New Year."')
    if not isinstance(value, list | tuple):
        raise _Invalid(f"{value!r} is not a list of holiday seasons", expected)
    seasons: list[HolidaySeason] = []
    for item in value:
        if isinstance(item, HolidaySeason):
            seasons.append(item)
            continue
        if not isinstance(item, Mapping) or not (
                {"name", "holidays", "before", "after"} <= set(item)
                <= {"name", "holidays", "before", "after", "wish", "wish_ahead"}):
            raise _Invalid(f"{item!r} is not a holiday season", expected)
        names = item["holidays"]
        if not isinstance(names, list | tuple) or not names:
            raise _Invalid(f"{names!r} is not a list of holiday names", expected)
        days = _count(0, 14)
        wish, ahead = item.get("wish"), item.get("wish_ahead")
        seasons.append(HolidaySeason(_text(item["name"]), tuple(_text(n) for n in names),
                                     days(item["before"]), days(item["after"]),
                                     _text(wish) if wish is not None else None,
                                     _text(ahead) if ahead is not None else None))
    return tuple(seasons)


def _count(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise _Invalid(f"{value!r} is out of range", f"a whole number from {low} to {high}")
    return parse


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value in options:
            return str(value)
        raise _Invalid(f"{value!r} is not allowed", " or ".join(repr(o) for o in options))
    return parse


_PARSERS: Mapping[str, Callable[[Any], Any]] = MappingProxyType({
    "name": _text,
    "timezone": _zone,
    "business_start": _clock,
    "business_end": _clock,
    "weekend": _weekend,
    "subdivision": _subdivision,
    "closures": _periods,
    "slow_periods": _periods,
    "slow_holidays": _seasons,
    "patience_days": _count(1, 15),
    "buffer_days": _count(1, 15),
    "inquiry_gap_days": _count(MIN_INQUIRY_GAP_DAYS, MAX_INQUIRY_GAP_DAYS),
    "max_inquiries": _count(1, 3),
    "formality": _choice(FORMALITIES),
    "salutation": _choice(SALUTATIONS),
    "open_questions": _choice(OPEN_QUESTIONS),
})


def profile_fields() -> list[str]:
    """The profile values a user may override in their settings, in file order."""
    return list(_PARSERS)


def available_profiles() -> list[str]:
    """Country codes that have their own profile file."""
    return sorted(_raw_files())


@cache
def _raw_files() -> Mapping[str, Mapping[str, Any]]:
    folder = resources.files("followthrough.culture").joinpath("profiles")
    files: dict[str, Mapping[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            files[entry.name.removesuffix(".toml").upper()] = tomllib.loads(
                entry.read_text(encoding="utf-8"))
    return MappingProxyType(files)


def _parse_values(values: Mapping[str, Any], where: str) -> tuple[dict[str, Any], list[Problem]]:
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in values.items():
        parser = _PARSERS.get(key)
        if parser is None:
            problems.append(Problem(f"{where}{key}", "is not a culture profile setting",
                                    expected="one of " + ", ".join(_PARSERS)))
            continue
        try:
            parsed[key] = parser(value)
        except _Invalid as err:
            problems.append(Problem(f"{where}{key}", str(err), expected=err.expected))
    return parsed, problems


def _check_consistency(values: Mapping[str, Any], where: str) -> list[Problem]:
    if values["business_start"] >= values["business_end"]:
        return [Problem(f"{where}business_end", "must be later than business_start",
                        expected="a closing time after the opening time")]
    return []


@cache
def _file_profile(code: str) -> Profile:
    files = _raw_files()
    base = {key: value for key, value in files["DEFAULT"].items() if key != "country"}
    own = {key: value for key, value in files.get(code, {}).items() if key != "country"}
    parsed, problems = _parse_values({**base, **own}, f"culture/profiles/{code.lower()}.toml: ")
    problems += _check_consistency(parsed, "")
    if problems:
        raise BadInput(problems, source=f"culture profile {code}")
    return Profile(country=None if code == "DEFAULT" else code,
                   profile="default" if code == "DEFAULT" else code, **parsed)


def profile_for(country: str | None, overrides: Mapping[str, Any] | None = None) -> Profile:
    """The culture profile of ``country`` with the user's ``overrides`` merged over it.

    ``None`` or a country without its own file gets the default profile (with
    ``country`` still set, so its public holidays apply). A bad override raises
    :class:`BadInput` with one problem per bad key.
    """
    code = country.strip().upper() if country else None
    profile = _file_profile(code if code in _raw_files() else "DEFAULT")
    if code is not None and profile.country != code:
        profile = replace(profile, country=code)
    if not overrides:
        return profile
    parsed, problems = _parse_values(overrides, "")
    if not problems:
        problems = _check_consistency({**_as_fields(profile), **parsed}, "")
    if problems:
        raise BadInput(problems, source="culture settings")
    return replace(profile, **parsed)


def _as_fields(profile: Profile) -> dict[str, Any]:
    return {field.name: getattr(profile, field.name) for field in fields(profile)}
