"""What the user is shown of how their decision words were read.

The planner reads ``interview.decision`` in the company's calendar
(:mod:`.timeline`); :func:`decision_reading` reads it the same way for a
debrief, or for the answers of a form or the guided questions before there is
one, so that ``plan``, ``show``, ``new`` and the web pages say the date the
planner uses. :func:`reading_line` puts it in words, with the other day an
ambiguous phrase can mean and the decision date that settles it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followthrough.culture import profile_for
from followthrough.plan.business import calendar_for, normalise_subdivision
from followthrough.plan.rules import INQUIRY_WORDS
from followthrough.plan.timeline import Timeline, read_timeline

if TYPE_CHECKING:
    from followthrough.debrief.model import Debrief

SEASONS_BEFORE = timedelta(days=62)
SEASONS_AFTER = timedelta(days=2 * 366 + 31)
"""The stretch around the interview whose slow seasons the words may name (as the planner)."""


@dataclass(frozen=True)
class Said:
    """Their words about the decision, the date read from them, and the stated date."""

    decision: str
    reading: Timeline | None
    decision_by: date | None = None

    @property
    def ambiguous(self) -> bool:
        return self.reading is not None and self.reading.alternative is not None

    @property
    def needs_choice(self) -> bool:
        """Ambiguous words and no decision date to say which day they meant."""
        return self.ambiguous and self.decision_by is None

    @property
    def disagrees(self) -> bool:
        """A stated date further than the planner lets pass from every day the words
        can mean (one of the two days of ambiguous words is a choice, not a quarrel)."""
        if self.reading is None or self.decision_by is None:
            return False
        meant = [day for day in (self.reading.day, self.reading.alternative) if day]
        return min(abs((day - self.decision_by).days) for day in meant) \
            > INQUIRY_WORDS.value("disagree_days")

    def line(self, how_to_choose: str = "set decision_by to choose") -> str:
        """``Timing they gave: "within ten days", read as: by 12 December 2026``;
        ``how_to_choose`` ends an ambiguous reading that no decision date settles."""
        if self.reading is None:
            return (f'Timing they gave: "{self.decision}", not read as a date'
                    + ("" if self.decision_by else
                       ": the plan waits the usual time; set decision_by if they named a day"))
        reading = self.reading
        if reading.alternative is None:
            text = f'Timing they gave: "{reading.said}", read as: by {long_day(reading.day)}'
        else:
            text = (f'Timing they gave: "{reading.said}", read as: {named_day(reading.day)} '
                    f"(it could also mean {named_day(reading.alternative, year=False)}; "
                    + (f"{how_to_choose})" if self.decision_by is None else
                       f"the decision date you gave, {day_month(self.decision_by)}, "
                       "settles it)"))
        if self.disagrees and self.decision_by is not None:
            text += (f"; the decision date you gave, {long_day(self.decision_by)}, is used: "
                     "check which they meant")
        return text

    def as_dict(self) -> dict[str, Any]:
        reading = self.reading
        return {
            "decision": self.decision,
            "said": reading.said if reading else None,
            "read_as": reading.day.isoformat() if reading else None,
            "could_also_mean": (reading.alternative.isoformat()
                                if reading and reading.alternative else None),
            "decision_by": self.decision_by.isoformat() if self.decision_by else None,
            "disagrees": self.disagrees,
            "text": self.line(),
        }


def day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def long_day(day: date) -> str:
    return f"{day_month(day)} {day.year}"


def named_day(day: date, *, year: bool = True) -> str:
    """``Friday 18 December 2026``."""
    return f"{day:%A} {long_day(day) if year else day_month(day)}"


def read_decision(decision: str | None, *, ends: datetime, zone: ZoneInfo,
                  country: str | None, region: str | None = None,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Timeline | None:
    """``decision`` read in the company's calendar, counted from the day the interview
    ``ends`` there: the reading the planner plans from."""
    if not decision or not decision.strip():
        return None
    merged = {**(overrides or {}).get("*", {}), **(overrides or {}).get((country or "").upper(),
                                                                        {})}
    profile = profile_for(country, merged)
    subdivision = normalise_subdivision(country, region) or profile.subdivision
    calendar = calendar_for(zone, profile, subdivision)
    day = calendar.local_day(ends)
    try:
        seasons = calendar.seasons(day - SEASONS_BEFORE, day + SEASONS_AFTER)
    except (OverflowError, ValueError):
        seasons = []
    return read_timeline(decision, day, weekend=calendar.weekend, seasons=seasons)


def decision_reading(debrief: Debrief,
                     overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Said | None:
    """How the debrief's decision words read, or ``None`` when it records none."""
    interview = debrief.interview
    if not interview.decision or not interview.decision.strip():
        return None
    ends = interview.starts + timedelta(minutes=interview.minutes)
    reading = read_decision(interview.decision, ends=ends, zone=debrief.zone,
                            country=interview.country, region=interview.region,
                            overrides=overrides)
    return Said(interview.decision.strip(), reading, interview.decision_by)


def timing_json(debrief: Debrief,
                overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any] | None:
    """The reading as JSON gives it (``interview.timing``), ``None`` without words."""
    said = decision_reading(debrief, overrides)
    return said.as_dict() if said is not None else None
