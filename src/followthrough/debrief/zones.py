"""Which time-zone names a user may give: IANA places, the same on every computer.

``localtime`` (and ``posixrules``) name whatever zone the machine is set to,
so a plan made with them would change from one laptop to the next;
``Factory`` is no place at all. A name that is not a zone gets the closest
IANA names as a suggestion.
"""

from __future__ import annotations

import difflib
import zoneinfo
from functools import cache

from followthrough import geo

MACHINE_ZONES = frozenset({"localtime", "posixrules"})
NOT_PLACES = frozenset({"Factory"})
_MACHINE_FOLDERS = ("posix/", "right/", "SystemV/")
EXAMPLE = "Europe/Berlin or America/New_York"


@cache
def known_zones() -> tuple[str, ...]:
    """The IANA names a debrief may use, sorted."""
    return tuple(sorted(name for name in zoneinfo.available_timezones()
                        if name not in MACHINE_ZONES | NOT_PLACES
                        and not name.startswith(_MACHINE_FOLDERS)))


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in known_zones()}


def zone_problem(name: str) -> str | None:
    """Why ``name`` cannot be used as a time zone, in the user's words, or None."""
    if name in MACHINE_ZONES or name.startswith(_MACHINE_FOLDERS):
        return (f"'{name}' means whatever zone this computer is set to, so plans would "
                f"differ between computers; give the zone by name, like {EXAMPLE}")
    if name in NOT_PLACES:
        return f"'{name}' is not a place; give the zone by name, like {EXAMPLE}"
    if name in known_zones() and geo.is_zone(name):
        return None
    message = f"'{name}' is not a time zone"
    hint = suggest_zone(name)
    if hint:
        return f"{message}; did you mean '{hint}'?"
    return f"{message} (an IANA name like {EXAMPLE})"


def suggest_zone(name: str) -> str | None:
    """The IANA name closest to ``name``, compared without regard to case,
    spaces for underscores, or the part after the last slash alone."""
    folded = name.strip().replace(" ", "_").casefold()
    zones = _by_folded_name()
    if folded in zones:
        return zones[folded]
    found = difflib.get_close_matches(folded, list(zones), n=1, cutoff=0.6)
    if found:
        return zones[found[0]]
    cities = {key.rsplit("/", 1)[-1]: key for key in zones}
    found = difflib.get_close_matches(folded.rsplit("/", 1)[-1], list(cities), n=1,
                                      cutoff=0.75)
    return zones[cities[found[0]]] if found else None
