"""The company's zone when the debrief gives no ``interview.timezone``.

Messages go out in the recipient's business hours, in their own zone (002, time
zones). For a country with several zones the planner may not guess from the
candidate's zone: a thank-you at 04:00 New York time is worse than a question.
So the zone is inferred from ``region`` and the offset the start was written
with when exactly one zone fits (zones that keep the same offsets for the
plan's year count as one), else ``plan`` and ``import`` exit 2 asking for
``interview.timezone``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough import geo
from followthrough.errors import BadInput
from followthrough.interview_zone import SAME_FOR_DAYS, region_zones
from followthrough.plan import plan
from tests.conftest import Runner
from tests.plan.conftest import debrief_from
from tests.plan.test_outcome_notes import TOML

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
COMPANY_KINDS = frozenset({"thank-you", "promise", "recruiter-update", "linkedin",
                           "status-inquiry", "move-on"})


def document(starts: str, country: str | None = "US", region: str | None = None,
             candidate_zone: str = "Europe/London") -> dict[str, Any]:
    interview: dict[str, Any] = {"company": "Harbor Labs", "role": "Data Engineer",
                                 "starts": datetime.fromisoformat(starts), "minutes": 60}
    if country:
        interview["country"] = country
    if region:
        interview["region"] = region
    return {
        "candidate": {"name": "Ana Costa", "email": "ana@example.com",
                      "timezone": candidate_zone},
        "interview": interview,
        "interviewers": [{"name": "Grace Okafor", "rapport": "warm"}],
    }


@pytest.mark.parametrize(("starts", "region", "zone"), [
    # Winter, -05:00: every US zone at that offset keeps Eastern time all year.
    ("2026-12-02T10:00:00-05:00", None, "America/New_York"),
    ("2026-12-02T10:00:00-05:00", "NY", "America/New_York"),
    # Summer, -05:00 is Central daylight time.
    ("2026-07-07T10:00:00-05:00", None, "America/Chicago"),
    # Summer, -07:00 is both Arizona and Pacific daylight time: the region decides.
    ("2026-07-07T10:00:00-07:00", "AZ", "America/Phoenix"),
    ("2026-07-07T10:00:00-07:00", "US-CA", "America/Los_Angeles"),
    # Texas keeps Central time but El Paso keeps Mountain time: the offset decides.
    ("2026-12-02T10:00:00-07:00", "TX", "America/Denver"),
    ("2026-12-02T10:00:00-06:00", "TX", "America/Chicago"),
])
def test_the_zone_is_inferred_when_exactly_one_fits(starts: str, region: str | None,
                                                     zone: str) -> None:
    debrief = debrief_from(document(starts, region=region))
    assert debrief.zone_name == zone
    actions = plan(debrief, now=debrief.interview.starts + timedelta(hours=1))
    company = [a for a in actions if a.kind in COMPANY_KINDS]
    assert company
    assert {getattr(a.due.tzinfo, "key", None) for a in company} == {zone}


@pytest.mark.parametrize(("starts", "region", "names"), [
    ("2026-07-07T10:00:00-07:00", None, ["America/Phoenix", "America/Los_Angeles"]),
    ("2026-12-02T10:00:00-07:00", None, ["America/Denver", "America/Phoenix"]),
    ("2026-12-02T10:00:00-06:00", "NY", []),
])
def test_no_single_fit_asks_for_the_zone(starts: str, region: str | None,
                                         names: list[str]) -> None:
    """Never the candidate's London: the question names the field and the zones."""
    debrief = debrief_from(document(starts, region=region))
    with pytest.raises(BadInput) as caught:
        plan(debrief, now=debrief.interview.starts)
    (problem,) = caught.value.problems
    assert problem.path == "interview.timezone"
    for name in names:
        assert name in problem.message
    assert "Europe/London" not in str(caught.value)


def test_a_country_without_a_fitting_zone_is_a_question_too() -> None:
    with pytest.raises(BadInput, match="no zone of US-NY has the start's offset -06:00"):
        _ = debrief_from(document("2026-12-02T10:00:00-06:00", region="NY")).zone


WITHOUT_ZONE = TOML.replace('timezone = "America/New_York"\n', "").replace(
    "2026-03-02T10:00:00-05:00", "2026-07-07T10:00:00-07:00")
"""A US interview with no interview zone, on a summer morning at -07:00."""


def test_import_and_plan_ask_before_anything_is_stored(run: Runner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-07-07T12:00:00-07:00")
    path = tmp_path / "debrief.toml"
    path.write_text(WITHOUT_ZONE, encoding="utf-8")
    for command in (("import", str(path)), ("plan", str(path))):
        result = run(*command)
        assert result.exit_code == 2, command
        assert "interview.timezone" in result.stderr
        assert "debrief.toml:11:" in result.stderr  # the line of interview.starts
        assert "Traceback" not in result.stderr
    assert run("list", "--format", "json").json() == {"interviews": []}
    path.write_text(WITHOUT_ZONE.replace('country = "US"', 'country = "US"\nregion = "AZ"'),
                    encoding="utf-8")
    planned = run("plan", str(path), "--format", "json").json()
    assert isinstance(planned, dict)
    thanks = [a for a in planned["actions"] if a["kind"] == "thank-you"]
    assert thanks[0]["due"].endswith("-07:00")


def _alike(first: str, second: str, start: datetime) -> bool:
    """Independent of the module: the two zones' offsets agree every hour of the span."""
    one, other = ZoneInfo(first), ZoneInfo(second)
    hours = (start.astimezone(UTC) + timedelta(hours=n) for n in range(0, SAME_FOR_DAYS * 24, 6))
    return all(h.astimezone(one).utcoffset() == h.astimezone(other).utcoffset() for h in hours)


REGIONS = {"US": ("TX", "AZ", "CA", "NY", "IN", "KY"), "CA": ("ON", "BC", "NL"),
           "AU": ("NSW", "WA", "QLD")}


@st.composite
def placed_interviews(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """An interview really held in ``zone`` (its start written with that zone's offset),
    with or without a region that lists the zone, and a candidate anywhere."""
    country = draw(st.sampled_from(["US", "CA", "AU", "BR", "MX", "RU"]))
    zone = draw(st.sampled_from(geo.zones_of(country)))
    instant = draw(st.datetimes(min_value=datetime(2025, 1, 1),  # noqa: DTZ001
                                max_value=datetime(2030, 6, 30),  # noqa: DTZ001
                                timezones=st.just(UTC)))
    start = instant.replace(second=0, microsecond=0).astimezone(ZoneInfo(zone))
    regions = [None, *(code for code in REGIONS.get(country, ())
                       if zone in region_zones(country, code))]
    region = draw(st.sampled_from(regions))
    doc = document(start.isoformat(), country, region,
                   draw(st.sampled_from(["Europe/London", "America/Chicago", "Asia/Tokyo"])))
    doc["interview"]["starts"] = start
    return doc, zone


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placed_interviews())
def test_company_facing_actions_are_in_the_interviews_zone(case: tuple[dict[str, Any], str]
                                                          ) -> None:
    """Issue 14, acceptance 2: every company-facing action is in the interview's zone,
    never the candidate's: either the inferred zone keeps the true zone's offsets for
    the plan's year, or the planner asks for interview.timezone."""
    doc, true_zone = case
    debrief = debrief_from(doc)
    start = debrief.interview.starts
    try:
        zone = debrief.zone_name
    except BadInput as err:
        asked = [problem.path for problem in err.problems]
    else:
        asked = []
    if asked:
        assert asked == ["interview.timezone"]
        return
    assert _alike(zone, true_zone, start), (zone, true_zone)
    actions = plan(debrief, now=start + timedelta(hours=2))
    for action in actions:
        if action.kind in COMPANY_KINDS:
            assert getattr(action.due.tzinfo, "key", None) == zone, action


def test_a_country_with_one_zone_in_effect_takes_it_whatever_offset_the_start_has() -> None:
    """A London candidate may write a Berlin interview's start in London time
    (10:00+01:00 as 09:00+00:00): Germany keeps one zone (Europe/Busingen plans
    alike), so the company's hours are Berlin's, not a question to ask."""
    from datetime import datetime, timedelta, timezone

    from followthrough.interview_zone import infer_zone

    start = datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(0)))
    assert infer_zone("DE", None, start, "Europe/London") == "Europe/Berlin"


def test_a_country_without_a_known_zone_asks_for_the_interview_zone() -> None:
    """Bouvet Island (BV) has no zone in the IANA table: ask, never crash."""
    from datetime import datetime, timedelta, timezone

    from followthrough.errors import BadInput
    from followthrough.interview_zone import infer_zone

    start = datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(0)))
    with pytest.raises(BadInput) as raised:
        infer_zone("BV", None, start, "Europe/London")
    assert "interview.timezone" in str(raised.value.problems[0].path)
