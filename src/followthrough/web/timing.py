"""The debrief form's reading of the decision words, and its question when the words
can mean two days (issue 14; 002: the company's own timeline decides when to ask).

Beside "How long did they say the decision takes?" the form says how the words read,
as ``plan`` does. Saving ambiguous words without a decision date shows the form again
with the later day filled in as the decision date and a message beside it: saving
again keeps that day, or the user changes it to the day they meant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followthrough import geo
from followthrough.debrief import Debrief
from followthrough.errors import BadInput
from followthrough.plan.decision_words import Said, decision_reading, named_day, read_decision

if TYPE_CHECKING:
    from followthrough.web.forms import FormState

DECISION = "interview.decision"
DECISION_BY = "interview.decision_by"
CHOOSE_BELOW = "give the day they meant as the decision date below"


def timing_hint(values: Mapping[str, str]) -> str | None:
    """``Timing they gave: "within ten days", read as: by 12 December 2026``, worked out
    from the answers as they stand; ``None`` until the words and the start are known."""
    decision = values.get(DECISION, "").strip()
    zone = _their_zone(values)
    starts = _local_start(values.get("interview.starts", ""), zone) if zone else None
    if not decision or zone is None or starts is None:
        return None
    minutes = values.get("interview.minutes", "").strip()
    country = values.get("interview.country", "").strip().upper() or None
    if country is not None and not geo.is_country(country):
        country = None
    try:
        ends = starts + timedelta(minutes=int(minutes) if re.fullmatch(r"[0-9]{1,4}", minutes)
                                  else 60)
        reading = read_decision(decision, ends=ends, zone=zone, country=country,
                                region=values.get("interview.region", "").strip() or None)
    except (OverflowError, ValueError, BadInput):
        return None
    return Said(decision, reading, _day(values.get(DECISION_BY, ""))).line(CHOOSE_BELOW)


def ask_which_day(state: FormState, debrief: Debrief,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
    """Whether the debrief's words can mean two days and no decision date says which:
    then the later day (so no inquiry comes early) is filled in as the decision date,
    with a message beside it, for the form to be shown again."""
    said = decision_reading(debrief, overrides)
    reading = said.reading if said is not None and said.needs_choice else None
    if reading is None or reading.alternative is None:
        return False
    state.values[DECISION_BY] = reading.day.isoformat()
    state.errors.setdefault(DECISION_BY, []).append(
        f"“{reading.said}” can mean {named_day(reading.day)} or "
        f"{named_day(reading.alternative)}. The later day is filled in here, so no inquiry "
        "comes early: save again to keep it, or change it to the day they meant.")
    return True


def _their_zone(values: Mapping[str, str]) -> ZoneInfo | None:
    """Their zone as the form reads the start: theirs, the country's only one, yours."""
    country = values.get("interview.country", "").strip().upper()
    only = geo.zones_of(country) if geo.is_country(country) else ()
    for name in (values.get("interview.timezone", "").strip(),
                 only[0] if len(only) == 1 else "",
                 values.get("candidate.timezone", "").strip()):
        if name and geo.is_zone(name):
            return ZoneInfo(name)
    return None


def _local_start(raw: str, zone: ZoneInfo) -> datetime | None:
    try:
        local = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return local if local.tzinfo is not None else local.replace(tzinfo=zone)


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None
