"""Where the interviewers work, when the debrief gives no ``interview.timezone``.

A country with one zone has its answer. For a country with several, the zones
of the debrief's ``region`` (``culture/region_zones.toml``), else all of the
country's, are kept when their offset at the interview's start is the offset
the start was written with. Zones that keep the same offsets from the start for
the next :data:`SAME_FOR_DAYS` days plan alike and count as one. Exactly one
left is the answer; none or several is a question for the user: the
candidate's own zone is never used for a named country's hours, since a
thank-you at 04:00 their time is worse than a question. Only a debrief that
names no country at all is planned in the candidate's zone.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from followthrough import geo
from followthrough.errors import BadInput, Problem

SAME_FOR_DAYS = 400
"""A plan spans a year at most: zones alike for this long after the start are alike."""


@cache
def _region_table() -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    text = resources.files("followthrough.culture").joinpath("region_zones.toml") \
        .read_text(encoding="utf-8")
    return {country: {region: tuple(zones) for region, zones in regions.items()}
            for country, regions in tomllib.loads(text).items()}


def region_zones(country: str, region: str | None) -> tuple[str, ...]:
    """The zones of ``region`` (``US-TX`` or ``TX``), else every zone of the country,
    the zones regions mainly keep first (they stand for the zones that plan alike)."""
    regions = _region_table().get(country, {})
    if region:
        listed = regions.get(region.strip().upper().removeprefix(f"{country}-"))
        if listed:
            return listed
    principal = list(dict.fromkeys(zones[0] for zones in regions.values()))
    return tuple(dict.fromkeys([*principal, *geo.zones_of(country)]))


def _alike(first: str, second: str, start: datetime) -> bool:
    one, other = ZoneInfo(first), ZoneInfo(second)
    return all((start + timedelta(days=day)).astimezone(one).utcoffset()
               == (start + timedelta(days=day)).astimezone(other).utcoffset()
               for day in range(SAME_FOR_DAYS))


def fitting_zones(candidates: Sequence[str], start: datetime) -> list[str]:
    """The candidates whose offset at ``start`` is the one it was written with, one per
    group of zones that plan alike (the first listed of each)."""
    offset = start.utcoffset()
    return _distinct([name for name in candidates
                      if start.astimezone(ZoneInfo(name)).utcoffset() == offset], start)


def _distinct(names: Sequence[str], start: datetime) -> list[str]:
    """The first of each group of zones that keep the same offsets for the year."""
    distinct: list[str] = []
    for name in names:
        if not any(_alike(name, kept, start) for kept in distinct):
            distinct.append(name)
    return distinct


def _offset(start: datetime) -> str:
    return start.isoformat()[19:] or "+00:00"


def infer_zone(country: str | None, region: str | None, start: datetime,
               candidate_zone: str) -> str:
    """The company's zone for a debrief without ``interview.timezone``, or
    :class:`BadInput` asking for it."""
    if country is None:
        return candidate_zone
    return _infer(country, region, start.isoformat())


@cache
def _infer(country: str, region: str | None, written: str) -> str:
    """Cached by the start as written: equal instants with other offsets are other
    questions."""
    start = datetime.fromisoformat(written)
    candidates = region_zones(country, region)
    if not candidates:
        raise BadInput([Problem(
            "interview.timezone", f"no time zone is known for the country {country}",
            expected="the interviewers' zone, as an IANA name like Europe/Oslo")])
    alike = _distinct(candidates, start)
    if region is None and len(alike) == 1:
        return alike[0]  # a country with one zone in effect: whatever offset the start has
    fits = fitting_zones(candidates, start)
    if len(fits) == 1:
        return fits[0]
    where = f"{country}-{region.upper().removeprefix(f'{country}-')}" if region else country
    if fits:
        found = f"the start's offset {_offset(start)} fits {', '.join(fits[:4])}" + \
            (f" and {len(fits) - 4} more" if len(fits) > 4 else "")
    else:
        found = f"no zone of {where} has the start's offset {_offset(start)}"
    hint = "" if region else ", or the state or province in interview.region"
    raise BadInput([Problem(
        "interview.timezone", f"{where} has several time zones and {found}",
        expected=f"the interviewers' zone, like {(fits or region_zones(country, region))[0]}"
                 f"{hint}")])


def settled_zone(zone: str | None, country: str | None) -> str | None:
    """The zone of the interview when its record settles it: its own ``timezone``,
    else its country's only zone; None when neither does (then its start, its region
    and the candidate's zone decide: :func:`infer_zone`). The debrief, the web form
    and the guided questions all start from this rule."""
    if zone and geo.is_zone(zone):
        return zone
    zones = geo.zones_of(country) if country else ()
    return zones[0] if len(zones) == 1 else None
