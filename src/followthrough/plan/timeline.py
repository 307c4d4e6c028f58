"""What they said about the decision, read into a date.

:func:`read_timeline` turns the words a company used about its timing
("within two weeks", "by the end of next week", "early January", "after the
holidays") into the date they point to: the last day of the window they gave,
counted from the interview day. The planner then waits as it does after a
stated date (002: ask at the start of the week after the window; 001: about a
week after the expected date).

A small grammar, not a general date parser: these phrases are relative to the
interview (not to today) and to the recipient's own holiday seasons, which
general parsers know nothing of, and a phrase it does not know must give no
date rather than a wrong one. Where several phrases give dates, the latest
wins, so a reading never makes the planner more eager than the words allow.

Readings:

* a length: "within ten days", "in about 2 weeks", "one to two weeks", "a week
  or two", "a fortnight", "10 working days", "within a month" (the upper bound
  of a range counts);
* a week: "this week", "by the end of next week", "early next week", "by Friday
  of next week", "next Friday" (the Friday of next week), "by Friday" (the
  coming one), "the week after next";
* a month: "by the end of the month", "next month", "early/mid/late January",
  "in January" (its last day), "by January" (its first), "early next year";
* a date: "14 December", "December 14th, 2026", "2026-12-14", "14.12.2026",
  "on the 14th";
* a season: "after the holidays" (the end of the first working week after the
  next slow season, the year-end one unless another starts within six weeks),
  "after Christmas", "after Golden Week", "before the year-end holidays" (the
  day before the season starts).
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from followthrough.plan.business import Season, week_start_after

MAX_AHEAD_DAYS = 2 * 366
"""A reading further than this from the interview is no reading."""
NEAR_SEASON_DAYS = 45
"""Plain "the holidays" means a season starting this soon, else the year-end one."""
EARLY_DAY, MID_DAY = 10, 20
"""The day of the month "early" and "mid" stand for."""
YEAR_END = Season("Christmas and New Year", date(2000, 12, 24), date(2001, 1, 1))
"""The year-end season to assume when the recipient's profile names none."""

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
}
_MONTHS = {name: number for number, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"))) for name in names}
_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "mon"), ("tuesday", "tues", "tue"), ("wednesday", "wed"),
    ("thursday", "thurs", "thu"), ("friday", "fri"), ("saturday", "sat"),
    ("sunday", "sun"))) for name in names}


def _alternatives(words: Collection[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NUM = rf"(?:\d{{1,4}}|{_alternatives(_NUMBERS)})"
_CUE = (r"(?:(?:within|in|after|over|for|about|around|roughly|approximately|approx\.?|"
        r"up to|the next|next|another|some|of|under|less than|no more than|"
        r"no later than)\s+){0,3}")
_UNIT = r"(?:(?P<business>business|working|work)\s+)?(?P<unit>day|week|month)s?"
_MONTH = rf"(?:{_alternatives(_MONTHS)})\.?"
_WEEKDAY = rf"(?:{_alternatives(_WEEKDAYS)})\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

_LENGTH = re.compile(
    rf"\b{_CUE}(?P<low>{_NUM})(?:\s*(?:-|to|or)\s*(?P<high>{_NUM}))?\s+(?:more\s+)?"
    rf"(?:{_UNIT})(?:\s+or\s+(?P<more>{_NUM}))?\b(?!\s+ago)")
_FORTNIGHT = re.compile(rf"\b{_CUE}(?:a|one)\s+fortnight\b")
_THIS_WEEK = re.compile(r"\b(?:by\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:this|the)\s+week\b"
                        r"(?!\s+after)")
_NEXT_WEEK = re.compile(r"\b(?:(?P<early>early|beginning\s+of|start\s+of)\s+"
                        r"|(?:by\s+)?(?:the\s+)?end\s+of\s+|(?:in\s+|by\s+)?)?"
                        r"(?:the\s+)?(?P<which>next\s+week|following\s+week|"
                        r"week\s+after\s+next)\b")
_WEEKDAY_NEXT = re.compile(rf"\b(?:(?P<wd1>{_WEEKDAY})\s+(?:of\s+|in\s+)?(?:the\s+)?"
                           rf"(?:next|following)\s+week|next\s+week\s*,?\s*(?:on\s+)?"
                           rf"(?P<wd2>{_WEEKDAY})|next\s+(?P<wd3>{_WEEKDAY}))\b")
_WEEKDAY_COMING = re.compile(rf"\b(?:by|on|before|until|till|this|coming)\s+"
                             rf"(?:the\s+)?(?:coming\s+)?(?P<wd>{_WEEKDAY})\b")
_THIS_MONTH = re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+month\b"
                         r"|\bthis\s+month\b|\bwithin\s+the\s+month\b")
_NEXT_MONTH = re.compile(r"\b(?:(?P<part>early|beginning\s+of|start\s+of|mid|middle\s+of|"
                         r"late|end\s+of|the\s+end\s+of)\s+)?(?:the\s+)?next\s+month\b")
_NAMED_MONTH = re.compile(
    rf"\b(?P<cue>(?:by\s+|in\s+|at\s+)?(?:the\s+)?(?:early|beginning\s+of|start\s+of|"
    rf"first\s+half\s+of|mid|middle\s+of|late|end\s+of|second\s+half\s+of)|in|by|during|"
    rf"before|until|till|within)[\s-]+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?\b")
_NEXT_YEAR = re.compile(r"\b(?:(?P<part>early|beginning\s+of|start\s+of)\s+)?"
                        r"(?:(?:in|by|during|at)\s+)?(?:the\s+)?"
                        r"(?<!before the )(?<!before )(?<!after the )(?<!after )"
                        r"(?<!chinese )(?<!lunar )(?:next\s+year|new\s+year)\b(?!'s)")
_DAY_MONTH = re.compile(rf"\b{_ORDINAL}(?:\s+of)?\s+(?P<month>{_MONTH})"
                        rf"(?:,?\s+(?P<year>\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH})\s+{_ORDINAL}\b(?:,?\s+(?P<year>\d{{4}}))?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_THE_NTH = re.compile(r"\b(?:on|by|before|until)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b"
                      r"(?!\s+(?:of\s+)?[a-z])")
_AFTER = re.compile(r"\bafter\s+(?:the\s+)?(?P<what>[a-z][a-z' -]{1,40})")
_BEFORE = re.compile(r"\bbefore\s+(?:the\s+)?(?P<what>[a-z][a-z' -]{1,40})")
_SEASON_WORD = r"(?:holidays?\s+season|holidays?|break|vacations?|period|season)"
_GENERIC_SEASON = re.compile(rf"^(?:(?:christmas|winter|festive|summer|public|school)\s+)?"
                             rf"{_SEASON_WORD}\b")
_YEAR_END_WORDS = re.compile(rf"^(?:year[- ]end|end[- ]of[- ](?:the[- ])?year|christmas|"
                             rf"new[- ]year'?s?|festive|winter)\b(?:\s+{_SEASON_WORD}\b)?")
_SEASON_ALIASES = {"cny": "chinese new year", "lunar new year": "chinese new year"}


@dataclass(frozen=True)
class Timeline:
    """A date read from their words."""

    day: date
    """The last day of the window they gave."""
    said: str
    """The words it was read from, as written."""
    alternative: date | None = None
    """Another day the same words can mean ("next Friday" said on a Wednesday: this
    week's Friday to some, the following week's to others); ``None`` when they are clear."""


@dataclass(frozen=True)
class _Context:
    interview: date
    weekend: frozenset[int]
    seasons: tuple[Season, ...]


def read_timeline(text: str | None, interview_day: date, *,
                  weekend: Collection[int] = (5, 6),
                  seasons: Sequence[Season] = ()) -> Timeline | None:
    """The date ``text`` points to, counted from ``interview_day``, or ``None``.

    ``weekend`` are the recipient's days off (Monday = 0); ``seasons`` their dated slow
    periods and closures around the interview (for "after the holidays"). The date is
    always after the interview day and at most two years after it.
    """
    if not text or not text.strip():
        return None
    folded = _normalise(text)
    # Quote the original words; lower-casing a few letters changes the length, and then
    # the quote is in lower case.
    source = text if len(folded) == len(text) else folded
    context = _Context(interview_day, frozenset(weekend) or frozenset({5, 6}),
                       tuple(sorted(seasons, key=lambda season: season.first)))
    best: Timeline | None = None
    for (start, end), day in _readings(folded, context):
        try:
            days_ahead = (day - interview_day).days
        except OverflowError:  # pragma: no cover - dates never differ by that much
            continue
        if days_ahead > MAX_AHEAD_DAYS or days_ahead < -MAX_AHEAD_DAYS:
            continue
        if days_ahead < 1:
            try:
                day = interview_day + timedelta(days=1)
            except OverflowError:
                continue
        said = " ".join(source[start:end].split())
        if best is None or day > best.day or (day == best.day and len(said) > len(best.said)):
            best = Timeline(day, said, _other_meaning(said, context))
    return best


_BARE_NEXT_WEEKDAY = re.compile(rf"^next\s+(?P<wd>{_WEEKDAY})$")


def _other_meaning(said: str, context: _Context) -> date | None:
    """This week's day for a bare "next <weekday>" said earlier in the same week."""
    match = _BARE_NEXT_WEEKDAY.match(_normalise(said))
    if match is None:
        return None
    interview = context.interview
    ahead = (_WEEKDAYS[match.group("wd").rstrip(".")] - interview.weekday()) % 7
    this_one = interview + timedelta(days=ahead)
    if ahead == 0 or this_one >= week_start_after(interview, context.weekend):
        return None
    return this_one


def _normalise(text: str) -> str:
    """Lower case, one kind of dash and apostrophe; the same length as ``text``."""
    return (text.lower().replace("\u2013", "-").replace("\u2014", "-")
            .replace("\u2019", "'"))


Reading = tuple[tuple[int, int], date]


def _readings(text: str, context: _Context) -> Iterator[Reading]:
    for reader in (_lengths, _weeks, _months, _dates, _seasons):
        try:
            yield from reader(text, context)
        except (OverflowError, ValueError):
            continue


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = " ".join(word.split())
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _lengths(text: str, context: _Context) -> Iterator[Reading]:
    for match in _LENGTH.finditer(text):
        numbers = [_number(match.group(name)) for name in ("low", "high", "more")]
        count = max(number for number in numbers if number is not None)
        business, unit = match.group("business"), match.group("unit")
        if count < 1 or count > 1000:
            continue
        yield match.span(), _after(context, count, unit, business=business is not None)
    for match in _FORTNIGHT.finditer(text):
        yield match.span(), context.interview + timedelta(days=14)


def _after(context: _Context, count: int, unit: str, *, business: bool) -> date:
    start = context.interview
    if unit == "month":
        return _add_months(start, count)
    if unit == "week":
        return start + timedelta(weeks=count)
    if not business:
        return start + timedelta(days=count)
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        if day.weekday() not in context.weekend:
            counted += 1
    return day


def _add_months(day: date, count: int) -> date:
    month_index = day.month - 1 + count
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _week_end_from(start: date, weekend: frozenset[int]) -> date:
    """The last working day of the week that begins on ``start``."""
    day = start
    for _ in range(6):
        following = day + timedelta(days=1)
        if following.weekday() in weekend:
            return day
        day = following
    return day


def _weeks(text: str, context: _Context) -> Iterator[Reading]:
    interview, weekend = context.interview, context.weekend
    next_start = week_start_after(interview, weekend)
    this_end = _week_end_from(next_start - timedelta(days=7), weekend)
    if this_end <= interview:
        this_end = _week_end_from(next_start, weekend)
    for match in _THIS_WEEK.finditer(text):
        yield match.span(), this_end
    for match in _NEXT_WEEK.finditer(text):
        start = next_start
        if match.group("which").startswith("week after"):
            start += timedelta(days=7)
        if match.group("early"):
            yield match.span(), start + timedelta(days=1)
        else:
            yield match.span(), _week_end_from(start, weekend)
    for match in _WEEKDAY_NEXT.finditer(text):
        name = match.group("wd1") or match.group("wd2") or match.group("wd3")
        wanted = _WEEKDAYS[name.rstrip(".")]
        yield match.span(), next_start + timedelta(days=(wanted - next_start.weekday()) % 7)
    for match in _WEEKDAY_COMING.finditer(text):
        wanted = _WEEKDAYS[match.group("wd").rstrip(".")]
        ahead = (wanted - interview.weekday()) % 7 or 7
        yield match.span(), interview + timedelta(days=ahead)


def _months(text: str, context: _Context) -> Iterator[Reading]:
    interview = context.interview
    for match in _THIS_MONTH.finditer(text):
        end = _month_end(interview.year, interview.month)
        if end <= interview:
            following = _add_months(interview.replace(day=1), 1)
            end = _month_end(following.year, following.month)
        yield match.span(), end
    for match in _NEXT_MONTH.finditer(text):
        following = _add_months(interview.replace(day=1), 1)
        yield match.span(), _part_of_month(following.year, following.month,
                                           match.group("part"))
    for match in _NAMED_MONTH.finditer(text):
        month = _MONTHS[match.group("month").rstrip(".")]
        cue = " ".join(match.group("cue").split())
        part = cue.removeprefix("by ").removeprefix("in ").removeprefix("at ") \
            .removeprefix("the ")
        if cue in ("by", "before", "until", "till"):
            part = "first"
        elif cue in ("in", "during", "within"):
            part = "end of"
        year = int(match.group("year")) if match.group("year") else None
        yield match.span(), _month_reading(interview, month, part, year)
    for match in _NEXT_YEAR.finditer(text):
        yield match.span(), _part_of_month(interview.year + 1, 1, match.group("part")
                                           or "early")


def _part_of_month(year: int, month: int, part: str | None) -> date:
    part = " ".join((part or "end of").split())
    if part == "first":
        return date(year, month, 1)
    if part in ("early", "beginning of", "start of", "first half of"):
        return date(year, month, EARLY_DAY)
    if part in ("mid", "middle of"):
        return date(year, month, MID_DAY)
    return _month_end(year, month)


def _month_reading(interview: date, month: int, part: str, year: int | None) -> date:
    if year is not None:
        return _part_of_month(year, month, part)
    year = interview.year if month >= interview.month else interview.year + 1
    day = _part_of_month(year, month, part)
    if day <= interview and month == interview.month:
        end = _month_end(year, month)
        day = end if end > interview else _part_of_month(year + 1, month, part)
    return day


def _dates(text: str, context: _Context) -> Iterator[Reading]:
    interview = context.interview
    for match in _DAY_MONTH.finditer(text):
        yield from _dated(match.span(), interview, int(match.group(1)),
                          _MONTHS[match.group("month").rstrip(".")], match.group("year"))
    for match in _MONTH_DAY.finditer(text):
        yield from _dated(match.span(), interview, int(match.group(2)),
                          _MONTHS[match.group("month").rstrip(".")], match.group("year"))
    for match in _ISO.finditer(text):
        yield from _dated(match.span(), interview, int(match.group(3)), int(match.group(2)),
                          match.group(1))
    for match in _DOTTED.finditer(text):
        yield from _dated(match.span(), interview, int(match.group(1)), int(match.group(2)),
                          match.group(3))
    for match in _THE_NTH.finditer(text):
        wanted = int(match.group(1))
        month = interview.replace(day=1)
        for _ in range(3):
            if wanted <= _calendar.monthrange(month.year, month.month)[1]:
                candidate = month.replace(day=wanted)
                if candidate > interview:
                    yield match.span(), candidate
                    break
            month = _add_months(month, 1)


def _dated(span: tuple[int, int], interview: date, day: int, month: int,
           year: str | None) -> Iterator[Reading]:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return
    years = [int(year)] if year else [interview.year, interview.year + 1]
    for candidate_year in years:
        if not date.min.year <= candidate_year <= date.max.year \
                or day > _calendar.monthrange(candidate_year, month)[1]:
            continue
        candidate = date(candidate_year, month, day)
        if candidate > interview:
            yield span, candidate
            return


def _seasons(text: str, context: _Context) -> Iterator[Reading]:
    for match in _AFTER.finditer(text):
        found = _season_named(match.group("what"), context)
        if found is not None:
            season, used = found
            start = week_start_after(season.last, context.weekend)
            yield (match.start(), match.start("what") + used), \
                _week_end_from(start, context.weekend)
    for match in _BEFORE.finditer(text):
        found = _season_named(match.group("what"), context, starting_after=True)
        if found is not None:
            season, used = found
            yield (match.start(), match.start("what") + used), \
                season.first - timedelta(days=1)


def _season_named(words: str, context: _Context, *,
                  starting_after: bool = False) -> tuple[Season, int] | None:
    """The season ``words`` begin with, the next one to end after the interview (or to
    start after it, for "before"), and how many characters of ``words`` name it."""
    ahead = [season for season in _with_year_end(context)
             if (season.first > context.interview if starting_after
                 else season.last >= context.interview)]
    for season in ahead:
        name = season.name.casefold()
        names = [name, name.removesuffix(" holidays"),
                 *(alias for alias, full in _SEASON_ALIASES.items() if full == name)]
        for candidate in names:
            match = re.match(rf"{re.escape(candidate)}\b(?:\s+{_SEASON_WORD}\b)?", words)
            if match:
                return season, match.end()
    year_end = [season for season in ahead if _is_year_end(season)]
    match = _YEAR_END_WORDS.match(words)
    if match:
        return (year_end[0], match.end()) if year_end else None
    match = _GENERIC_SEASON.match(words)
    if match:
        soon = [season for season in ahead if season.first - context.interview
                <= timedelta(days=NEAR_SEASON_DAYS)]
        chosen = soon[0] if soon else (year_end[0] if year_end else None)
        return (chosen, match.end()) if chosen else None
    return None


def _is_year_end(season: Season) -> bool:
    return season.first.year != season.last.year or (season.first.month, season.first.day) \
        >= (12, 20) or (season.last.month, season.last.day) <= (1, 7)


def _with_year_end(context: _Context) -> list[Season]:
    """The given seasons, joined where they touch, with a generic year-end season for
    the years that have none."""
    seasons = list(context.seasons)
    for year in (context.interview.year - 1, context.interview.year,
                 context.interview.year + 1):
        if not date.min.year < year < date.max.year - 1:
            continue
        if not any(_is_year_end(season) and season.last.year in (year, year + 1)
                   and season.first.year == year for season in seasons):
            seasons.append(Season(YEAR_END.name, YEAR_END.first.replace(year=year),
                                  YEAR_END.last.replace(year=year + 1)))
    seasons.sort(key=lambda season: (season.first, season.last))
    joined: list[Season] = []
    for season in seasons:
        if joined and season.first <= joined[-1].last + timedelta(days=1) \
                and _is_year_end(season) == _is_year_end(joined[-1]):
            last = joined[-1]
            joined[-1] = Season(last.name, last.first, max(last.last, season.last),
                                last.closed and season.closed)
        else:
            joined.append(season)
    return joined
