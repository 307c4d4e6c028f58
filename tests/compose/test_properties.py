"""Hypothesis: generated debriefs (1 to 6 interviewers, with and without promises,
missed points, resources, a recruiter, references, in many countries) always
compose, and the drafts never carry a fault the templates could have caused.

Generated text is arbitrary Unicode, so the user's own values can trip the
checker legitimately: a topic "[x]" is a placeholder, a company "TODO" a
marker, a made-up word a spelling warning, a random company no company at all.
What is asserted is what the templates control: no unfilled slot, no
duplicate-note, the LinkedIn limit, gratitude where it is required, and no
error-severity finding whose matched text the debrief does not contain.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.debrief.strategies import debriefs, emails, names, text

from followthrough.check import Finding
from followthrough.compose import compose
from followthrough.debrief import Debrief, same_person_key, validate_debrief
from followthrough.interview_zone import region_zones
from followthrough.plan import Event, plan

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "100"))
REAL_NAMES = ["Hiroshi Sato", "Emi Kobayashi", "Marcus Bell", "Sofia Alvarez", "Dr. Kenji Ito",
              "Dean Walker", "Anne-Marie O'Neil", "Lena Hoffmann", "Priya Das", "Yusuf Ali",
              "Björn Åström", "Chen", "Ana María de la Cruz", "Prof. Ada Okonkwo"]
REAL_TOPICS = ["moving nightly batch jobs to streaming", "HIPAA constraints on user research",
               "release trains and feature flags", "the on-call rotation",
               "how design reviews run across three time zones"]
COUNTRIES = ["JP", "US", "DE", "GB", "FR", "IN", "SG", "AE", "IL", "BR"]
ALWAYS_ERRORS = ("missing-gratitude", "duplicate-note")
OURS_AT_ANY_SEVERITY = ("missing-gratitude", "duplicate-note", "missing-interest")
"""Categories only the templates decide: user text can add thanks or interest, never
remove them, and duplicates are about our phrasings."""
_SLOT_CHARACTERS = re.compile(r"[\[\]{}<>]|xx|todo|tbd|fixme|insert|___")
"""What, in the (casefolded) record, can make a placeholder finding together with our text."""


STARTS = st.builds(lambda day, hour, zone: datetime(day.year, day.month, day.day, hour,
                                                     tzinfo=ZoneInfo(zone)),
                   st.dates(date(2024, 1, 1), date(2033, 12, 31)), st.integers(0, 23),
                   st.sampled_from(["Asia/Tokyo", "Europe/Berlin", "America/New_York",
                                    "Asia/Kolkata", "UTC"]))
"""The holiday calendars the planner relies on cover 2001-2035 only."""
person_names = st.one_of(st.sampled_from(REAL_NAMES), names)
topics = st.lists(st.one_of(st.sampled_from(REAL_TOPICS), text), max_size=3)


@st.composite
def rich_debriefs(draw: st.DrawFn) -> dict[str, Any]:
    """The shared strategy, with realistic names mixed in and the parts it leaves out."""
    data = draw(debriefs())
    data["interview"]["starts"] = draw(STARTS)
    data["interview"].pop("decision_by", None)
    if draw(st.booleans()):
        data["interview"]["decision_by"] = data["interview"]["starts"].date() + timedelta(
            days=draw(st.integers(0, 40)))
    data["interview"]["country"] = draw(st.sampled_from(COUNTRIES)
                                        | st.just(data["interview"].get("country", "US")))
    zones = region_zones(data["interview"]["country"], None)
    if len(zones) > 1 and not data["interview"].get("timezone"):
        data["interview"]["timezone"] = zones[0]  # such a country needs the interview's zone
    wanted = draw(st.integers(1, 6))
    people = [p for p in data["interviewers"]][:wanted]
    taken = {same_person_key(p["name"]) for p in people}
    while len(people) < wanted:
        name = draw(person_names)
        if same_person_key(name) not in taken:
            taken.add(same_person_key(name))
            people.append({"name": name, "rapport": draw(st.sampled_from(
                ["warm", "neutral", "cool"])), "topics": draw(topics),
                "linkedin": "https://www.linkedin.com/in/example"})
    data["interviewers"] = people
    names_now = [p["name"] for p in people]
    data["promises"] = [p for p in data.get("promises", []) if p["to"] in names_now]
    strengths = draw(st.lists(text, max_size=3))
    data["candidate"]["strengths"] = strengths
    for person in people:
        person["topics"] = [topic if isinstance(topic, str) or topic.get("strength") in strengths
                            else topic["about"] for topic in person.get("topics", [])]
    if draw(st.booleans()):
        data["missed"] = [{"point": draw(text), "to": draw(st.sampled_from(names_now) | st.none())}
                          for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        data["resources"] = [{"title": draw(text), "to": draw(st.sampled_from(names_now)),
                              "url": "https://example.org/x"}]
    data["references"] = [r for r in data.get("references", [])
                          if same_person_key(r["name"]) not in taken]
    if "recruiter" in data and same_person_key(data["recruiter"]["name"]) in taken:
        del data["recruiter"]
    others = [n for n in REAL_NAMES if same_person_key(n) not in taken]
    if draw(st.booleans()) and others:
        data["recruiter"] = {"name": draw(st.sampled_from(others)), "email": draw(emails)}
    if draw(st.booleans()) and others:
        reference = draw(st.sampled_from(others))
        if "recruiter" not in data or data["recruiter"]["name"] != reference:
            data["references"] = [{"name": reference, "relationship": draw(text),
                                   "emphasise": draw(st.lists(text, max_size=2))}]
    return data


def _record_text(debrief: Debrief) -> str:
    return repr(debrief.to_document()).casefold()


def _unexplained_errors(findings: list[Finding], record: str) -> list[Finding]:
    """Errors the templates must have caused: gratitude and duplicates always; a
    placeholder when the record holds no slot-like characters to combine with ours;
    anything else when the matched text is not in the record."""
    slots_possible = bool(_SLOT_CHARACTERS.search(record))
    return [f for f in findings if f.severity == "error" and (
        f.category in ALWAYS_ERRORS
        or (f.category == "placeholder" and not slots_possible)
        or (f.category != "placeholder" and f.match.strip().casefold() not in record))]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_debriefs(), st.booleans())
def test_generated_debriefs_compose_cleanly(data: dict[str, Any], later: bool) -> None:
    debrief = validate_debrief(data)
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    events = [Event(kind="reference-check", at=end + timedelta(days=1)),
              Event(kind="outcome", at=end + timedelta(days=2), outcome="next-round")] \
        if later else []
    actions = plan(debrief, events, now=end + timedelta(minutes=5))

    drafts = compose(None, debrief, actions)

    record = _record_text(debrief)
    assert len(drafts) == len([a for a in actions if a.status == "pending"])
    for draft in drafts:
        if "{" not in record and "}" not in record:
            assert not re.search(r"[{}]", draft.body), draft.body
        assert not _unexplained_errors(draft.findings, record), (draft.body, draft.findings)
        assert not [f for f in draft.findings if f.category in OURS_AT_ANY_SEVERITY], \
            (draft.body, draft.findings)
        if draft.kind == "linkedin":
            assert len(draft.body.strip()) <= 200
        if draft.to and draft.kind != "linkedin":
            assert draft.body.strip(), draft
    thanked = {same_person_key(d.to or "") for d in drafts if d.kind == "thank-you"}
    assert thanked == {same_person_key(p.name) for p in debrief.interviewers}


@settings(max_examples=EXAMPLES, deadline=None)
@given(rich_debriefs(), st.sampled_from([200, 300]))
def test_linkedin_notes_respect_the_limit(data: dict[str, Any], limit: int) -> None:
    debrief = validate_debrief(data)
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    actions = plan(debrief, now=end + timedelta(minutes=5))

    for draft in compose(None, debrief, actions, kind="linkedin", linkedin_limit=limit):
        assert len(draft.body.strip()) <= limit
