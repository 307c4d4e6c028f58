"""Issue 14 on the repository's example debriefs (``examples/*.toml``).

Each expectation with its reason and the article it comes from:

- LinkedIn goes to every warm interviewer, profile URL or not (000 §6, 001 §3;
  people are found by name): Singapore's warm interviewer has no URL.
- Every company-facing action is in the interview's zone (002, time zones), and an
  example without its zone but with its country, region and start is placed in the
  same zone (the Denver panel: US, CO, -07:00).
- The first inquiry after a stated date waits at least 3 business days and 7 days
  (001 §2: about a week after the expected date).
- After withdrawing or a rejection nothing pending still thanks or chases (002).
- For each event kind, the plan after the event and its undo is the plan before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief, validate_debrief
from followthrough.errors import BadInput
from followthrough.plan import Event, plan
from tests.plan.conftest import is_working_day

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(path.name for path in EXAMPLES.glob("debrief-*.toml"))
COMPANY_KINDS = frozenset({"thank-you", "promise", "recruiter-update", "linkedin",
                           "status-inquiry", "move-on"})


def example(name: str) -> Debrief:
    return read_debrief(EXAMPLES / name)


def after(debrief: Debrief, hours: float = 1) -> datetime:
    interview = debrief.interview
    return interview.starts + timedelta(minutes=interview.minutes) + timedelta(hours=hours)


def test_there_are_examples() -> None:
    assert len(NAMES) >= 6


@pytest.mark.parametrize("name", NAMES)
def test_linkedin_for_every_warm_interviewer(name: str) -> None:
    debrief = example(name)
    actions = plan(debrief, now=after(debrief))
    warm = {person.name for person in debrief.interviewers if person.rapport == "warm"}
    assert {a.to for a in actions if a.kind == "linkedin"} == warm


def test_a_warm_interviewer_without_a_profile_url_is_invited() -> None:
    debrief = example("debrief-singapore-phone.toml")
    warm = [p for p in debrief.interviewers if p.rapport == "warm"]
    assert warm
    assert not any(p.linkedin for p in warm)
    actions = plan(debrief, now=after(debrief))
    assert {a.to for a in actions if a.kind == "linkedin"} == {p.name for p in warm}


@pytest.mark.parametrize("name", NAMES)
def test_company_facing_actions_are_in_the_interviews_zone(name: str) -> None:
    debrief = example(name)
    assert debrief.interview.timezone is not None
    actions = plan(debrief, now=after(debrief))
    zones = {getattr(a.due.tzinfo, "key", None) for a in actions if a.kind in COMPANY_KINDS}
    assert zones == {debrief.interview.timezone}


def test_the_denver_panel_without_its_zone_is_placed_in_denver() -> None:
    document = example("debrief-denver-panel.toml").to_document()
    interview = dict(cast(dict[str, Any], document["interview"]))
    del interview["timezone"]
    debrief = validate_debrief({**document, "interview": interview}, from_json=True)
    assert debrief.zone_name == "America/Denver"
    without_region = validate_debrief(
        {**document, "interview": {k: v for k, v in interview.items() if k != "region"}},
        from_json=True)
    # Without the region, -07:00 in January is Mountain time or Arizona's: ask.
    with pytest.raises(BadInput, match=r"interview\.timezone"):
        _ = without_region.zone_name


@pytest.mark.parametrize("name", [n for n in NAMES if example(n).interview.decision_by])
def test_first_inquiry_waits_after_a_stated_date(name: str) -> None:
    debrief = example(name)
    stated = debrief.interview.decision_by
    assert stated is not None
    actions = plan(debrief, now=after(debrief))
    first = next(a for a in actions if a.kind == "status-inquiry")
    day = first.due.date()
    assert (day - stated).days >= 7
    profile = profile_for(debrief.interview.country)
    region = debrief.interview.region or profile.subdivision
    business = sum(is_working_day(stated + timedelta(days=n), profile, region)
                   for n in range(1, (day - stated).days))
    assert business >= 3


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("result", ["withdrawn", "rejected"])
def test_nothing_thanks_or_chases_after_a_closing_outcome(name: str, result: str) -> None:
    debrief = example(name)
    news = Event("outcome", after(debrief, 0.5), id=1, outcome=result)  # type: ignore[arg-type]
    actions = plan(debrief, [news], now=after(debrief, 0.6))
    pending = {a.kind for a in actions if a.status == "pending"}
    assert not pending & {"thank-you", "promise", "linkedin", "status-inquiry", "move-on"}


def events_for(debrief: Debrief) -> list[Event]:
    when = after(debrief, 2)
    first_key = f"thank-you.{debrief.interviewers[0].name.casefold().replace(' ', '-')}"
    events = [Event("done", when, id=1, action=first_key),
              Event("skipped", when, id=1, action="reflection"),
              Event("reply", when, id=1),
              Event("reference-check", when, id=1)]
    events += [Event("outcome", when, id=1, outcome=result)
               for result in ("offer", "rejected", "next-round", "withdrawn")]
    return events


@pytest.mark.parametrize("name", NAMES)
def test_each_event_and_its_undo_leave_the_plan_as_before(name: str) -> None:
    debrief = example(name)
    now = after(debrief, 3)
    before = plan(debrief, now=now)
    for event in events_for(debrief):
        undo = Event("undo", after(debrief, 2.5), id=2, undoes=1)
        assert plan(debrief, [event, undo], now=now) == before, event
