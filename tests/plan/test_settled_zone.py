"""One rule for the interview's zone, read by the debrief, the web form and the
guided questions: its own zone, else its country's only zone, else undecided."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followthrough import geo
from followthrough.interview_zone import settled_zone
from followthrough.web.forms import _zone_for

COUNTRIES = sorted(geo.countries())
ZONES = sorted({zone for zones in geo.zones_by_country().values() for zone in zones})


@given(st.sampled_from(COUNTRIES))
def test_a_country_with_one_zone_settles_it(country: str) -> None:
    zones = geo.zones_of(country)
    assert settled_zone(None, country) == (zones[0] if len(zones) == 1 else None)


@given(st.sampled_from(ZONES), st.sampled_from([None, *COUNTRIES]))
def test_the_interview_s_own_zone_wins(zone: str, country: str | None) -> None:
    assert settled_zone(zone, country) == zone


@given(st.sampled_from([None, "Mars/Olympus", "+09:00", *ZONES[:40]]),
       st.sampled_from([None, "XX", *COUNTRIES]), st.sampled_from(ZONES))
def test_the_web_form_falls_back_to_the_candidate(zone: str | None, country: str | None,
                                                  mine: str) -> None:
    data = {"interview": {"timezone": zone, "country": country},
            "candidate": {"timezone": mine}}
    assert _zone_for(data) == (settled_zone(zone, country) or mine)
