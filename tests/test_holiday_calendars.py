"""A country's calendar built by importing its module alone is the one
``holidays.country_holidays`` builds: the same days, names, weekend and
subdivisions, for every code the package registers and every code we accept."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import holidays
import pytest
from holidays.registry import COUNTRIES
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough import geo
from followthrough.holiday_calendars import country_holidays
from tests.conftest import fresh_python

YEARS = (2024, 2026, 2031)
CODES = sorted({code for _module, (_name, *codes) in COUNTRIES.items() for code in codes
                if len(code) <= 3} | set(geo.countries()) | {"XX", "Germany"})
"""Every code the package registers (alpha-2, alpha-3 and short aliases such as UK),
every country a debrief may name, one code nobody knows and a class name (not a
code: left to the package)."""

PROBE = """
import json, sys
from followthrough.holiday_calendars import country_holidays
first = country_holidays("DE", years=2026)
loaded = sorted(name for name in sys.modules if name.startswith("holidays.countries."))
metadata = "holidays.version" in sys.modules
found = {}
for code in json.loads(sys.argv[1]):
    try:
        calendar = country_holidays(code, years=(2024, 2026, 2031))
    except NotImplementedError:
        found[code] = None
        continue
    divisions = sorted(calendar.subdivisions)
    found[code] = {
        "class": type(calendar).__qualname__,
        "days": sorted([day.isoformat(), name] for day, name in calendar.items()),
        "weekend": sorted(calendar.weekend),
        "subdivisions": divisions,
        "divided": {division: sorted([day.isoformat(), name] for day, name in
                                     country_holidays(code, subdiv=division, years=2026).items())
                    for division in divisions[:1] + divisions[-1:]},
    }
print(json.dumps({"loaded": loaded, "metadata": metadata, "found": found}))
"""


def _theirs(code: str) -> dict[str, Any] | None:
    try:
        calendar = holidays.country_holidays(code, years=YEARS)
    except NotImplementedError:
        return None
    divisions = sorted(calendar.subdivisions)
    return {
        "class": type(calendar).__qualname__,
        "days": sorted([day.isoformat(), name] for day, name in calendar.items()),
        "weekend": sorted(calendar.weekend),
        "subdivisions": divisions,
        "divided": {division: sorted([day.isoformat(), name] for day, name in
                                     holidays.country_holidays(code, subdiv=division,
                                                               years=2026).items())
                    for division in divisions[:1] + divisions[-1:]},
    }


def test_every_country_is_the_packages_own_calendar() -> None:
    """In a fresh interpreter, so that the packages' ``__init__`` really are deferred."""
    ours = json.loads(fresh_python(PROBE, json.dumps(CODES)))

    assert ours["loaded"] == ["holidays.countries.germany"]
    assert ours["metadata"] is False
    assert ours["found"] == {code: _theirs(code) for code in CODES}
    assert sum(found is not None for found in ours["found"].values()) > 200


def test_the_package_works_as_usual_after_one_country() -> None:
    probe = ("from followthrough.holiday_calendars import country_holidays\n"
             "country_holidays('JP', years=2026)\n"
             "import holidays\nimport holidays.countries\n"
             "from holidays.countries import Germany\n"
             "print(holidays.countries.japan.JP is holidays.country_holidays('JP').__class__,"
             " Germany is holidays.Germany.get_entity(), holidays.__version__ is not None)\n")
    assert fresh_python(probe).split() == ["True", "True", "True"]


@pytest.mark.filterwarnings("ignore:Requested Holidays are available only:UserWarning")
@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(geo.countries())), st.integers(1990, 2060), st.data())
def test_any_country_year_and_subdivision(country: str, year: int, data: st.DataObject) -> None:
    try:
        theirs = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return
    division = data.draw(st.none() | st.sampled_from(sorted(theirs.subdivisions) or [None]))
    theirs = holidays.country_holidays(country, subdiv=division, years=year)
    ours = country_holidays(country, subdiv=division, years=year)

    assert type(ours) is type(theirs)
    assert dict(ours.items()) == dict(theirs.items())
    assert all(isinstance(day, date) for day in ours)


def test_threads_that_look_up_the_package_at_once_all_find_it() -> None:
    """The first look-up runs the deferred ``__init__`` once; the others wait for it."""
    probe = ("import threading\n"
             "from followthrough.holiday_calendars import country_holidays\n"
             "country_holidays('DE', years=2026)\n"
             "import holidays\nfound = []\n"
             "def look(code):\n"
             "    from holidays.countries import Japan\n"
             "    found.append(len(holidays.country_holidays(code, years=2026)) > 0"
             " and Japan.__name__ == 'Japan')\n"
             "threads = [threading.Thread(target=look, args=(code,))"
             " for code in ('FR', 'JP', 'US', 'BR', 'IN', 'GB', 'DE', 'IL')]\n"
             "for thread in threads:\n    thread.start()\n"
             "for thread in threads:\n    thread.join()\n"
             "print(found.count(True))\n")

    assert fresh_python(probe).strip() == "8"
