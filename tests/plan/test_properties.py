"""Acceptance 3: the invariants of design.md on random interviews, 2025-2030.

Examples per property: ``FT_HYPOTHESIS_EXAMPLES`` (default 200; CI sets 2000).
Every expectation is checked against the oracles in ``conftest`` (the
``holidays`` package, ``zoneinfo`` and the profile values), not against the
planner's calendar.
"""

from __future__ import annotations

import itertools
import os
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough import geo
from followthrough.culture import Profile, profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, Event, plan
from followthrough.plan.business import country_of_zone
from tests.plan.conftest import (
    PERSONAL_KINDS,
    SELF_KINDS,
    debrief_from,
    first_business_instant,
    in_hours,
    in_period,
    is_working_day,
    offset_changes,
)

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
COUNTRIES = ["JP", "US", "GB", "DE", "FR", "IN", "SG", "AE", "IL", "AU", "NZ", "CL", "NP",
             "BR", "KR", "CA", "ZA", None]
ZONES = ["Asia/Tokyo", "America/New_York", "America/Chicago", "America/Los_Angeles",
         "Europe/London", "Europe/Berlin", "Europe/Paris", "Asia/Kolkata", "Asia/Singapore",
         "Asia/Dubai", "Asia/Jerusalem", "Australia/Sydney", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/Santiago", "Asia/Kathmandu", "America/Sao_Paulo",
         "Africa/Johannesburg", "UTC"]
COMPANY_KINDS = frozenset({"thank-you", "promise", "recruiter-update", "linkedin",
                           "status-inquiry", "move-on"})
START = datetime(2025, 1, 1, tzinfo=UTC)
END = datetime(2030, 12, 31, tzinfo=UTC)


def clock_changes(zone_name: str) -> tuple[datetime, ...]:
    """Offset changes 2025-2030, found with a 6-hour walk (the exact minute is not needed)."""
    return offset_changes(zone_name, START, END, timedelta(hours=6))


@st.composite
def interview_starts(draw: st.DrawFn, zone_name: str) -> datetime:
    """Uniform over 2025-2030, or within three days of one of the zone's clock changes."""
    changes = clock_changes(zone_name)
    if changes and draw(st.booleans()):
        centre = draw(st.sampled_from(changes))
        minutes = draw(st.integers(-3 * 24 * 60, 3 * 24 * 60))
        instant = centre + timedelta(minutes=minutes)
    else:
        instant = draw(st.datetimes(min_value=START.replace(tzinfo=None),
                                    max_value=END.replace(tzinfo=None) - timedelta(days=60),
                                    timezones=st.just(UTC)))
    return instant.replace(second=0, microsecond=0).astimezone(ZoneInfo(zone_name))


def people(prefix: str, count: int) -> list[str]:
    return [f"{prefix} Person{n}" for n in range(count)]


@st.composite
def debriefs(draw: st.DrawFn) -> Debrief:
    country = draw(st.sampled_from(COUNTRIES))
    own_zones = list(geo.zones_of(country)) if country else []
    zone_name = draw(st.sampled_from(own_zones[:4] + ZONES))
    starts = draw(interview_starts(zone_name))
    decided = draw(st.one_of(st.none(), st.integers(-2, 45)))
    interviewers = [
        {"name": name, "rapport": draw(st.sampled_from(["warm", "neutral", "cool", None])),
         "linkedin": draw(st.sampled_from([None, "https://www.linkedin.com/in/x"])),
         "title": draw(st.sampled_from(["CTO", "HR Manager", None]))}
        for name in people("Interviewer", draw(st.integers(1, 3)))]
    document: dict[str, Any] = {
        "candidate": {"name": "Candidate", "email": "c@example.com",
                      "timezone": draw(st.sampled_from(ZONES))},
        "interview": {
            "company": "Company", "role": "Role", "starts": starts,
            "minutes": draw(st.integers(15, 240)), "timezone": zone_name,
            "country": country,
            "channel": draw(st.sampled_from(["email", "phone", "linkedin", "recruiter"])),
            "decision_by": None if decided is None
            else starts.date() + timedelta(days=decided),
            "they_will_contact": draw(st.sampled_from([True, False, None])),
            "notify_on_rejection": draw(st.sampled_from([True, False, None])),
        },
        "interviewers": [{k: v for k, v in person.items() if v is not None}
                         for person in interviewers],
        "promises": [{"what": "a document", "to": draw(st.sampled_from(
            [p["name"] for p in interviewers]))} for _ in range(draw(st.integers(0, 2)))],
        "references": [{"name": name, "email": "r@example.org"}
                       for name in people("Reference", draw(st.integers(0, 2)))],
    }
    if draw(st.booleans()):
        document["recruiter"] = {"name": "Recruiter Person", "email": "x@example.com"}
    if country is None:
        document["interview"].pop("country")
    return debrief_from(document)


def end_of(debrief: Debrief) -> datetime:
    return debrief.interview.starts.astimezone(UTC) + timedelta(minutes=debrief.interview.minutes)


def company_side(debrief: Debrief) -> tuple[ZoneInfo, Profile, str | None]:
    profile = profile_for(debrief.interview.country)
    return debrief.zone, profile, profile.subdivision


def personal_side(debrief: Debrief) -> tuple[ZoneInfo, Profile, str | None]:
    profile = profile_for(country_of_zone(debrief.candidate.timezone))
    return debrief.candidate_zone, profile, profile.subdivision


def side_of(debrief: Debrief, action: Action) -> tuple[ZoneInfo, Profile, str | None]:
    references = {reference.name for reference in debrief.references}
    if action.kind in SELF_KINDS or action.kind in PERSONAL_KINDS or action.to in references:
        return personal_side(debrief)
    return company_side(debrief)


def assert_in_business_time(debrief: Debrief, action: Action) -> None:
    zone, profile, subdivision = side_of(debrief, action)
    assert getattr(action.due.tzinfo, "key", None) == zone.key, action
    for instant, closing_included in ((action.due, False), (action.latest, True)):
        local = instant.astimezone(zone)
        assert is_working_day(local.date(), profile, subdivision), (action.key, local)
        assert in_hours(instant, zone, profile, closing_included=closing_included), \
            (action.key, local)
    assert action.due.astimezone(UTC) <= action.latest.astimezone(UTC), action
    if action.kind in {"status-inquiry", "move-on"}:
        day = action.due.astimezone(zone).date()
        assert not any(in_period(day, period) for period in profile.slow_periods), action
        assert not in_movable_season(day, profile, subdivision), action


def in_movable_season(day: date, profile: Profile, subdivision: str | None) -> bool:
    """Within ``before``/``after`` days of a public holiday a slow season is named after
    (Chinese New Year, Diwali, Rosh Hashanah), read straight from the holidays package."""
    if not profile.country or not profile.slow_holidays:
        return False
    named = movable_holidays(profile.country, subdivision, day.year)
    for season in profile.slow_holidays:
        for holiday, name in named:
            if season.matches(name) and \
                    holiday - timedelta(days=season.before) <= day \
                    <= holiday + timedelta(days=season.after):
                return True
    return False


@cache
def movable_holidays(country: str, subdivision: str | None,
                     year: int) -> tuple[tuple[date, str], ...]:
    try:
        found = holidays.country_holidays(country, subdiv=subdivision,
                                          years=(year - 1, year, year + 1))
    except NotImplementedError:
        return ()
    return tuple((day, name) for day, names in found.items() for name in names.split("; "))


def assert_thank_you_timing(debrief: Debrief, thanks: list[Action]) -> None:
    zone, profile, subdivision = company_side(debrief)
    end = end_of(debrief)
    deadline = end + timedelta(hours=24)
    first = first_business_instant(end, zone, profile, subdivision).astimezone(UTC)
    settled = first_business_instant(end + timedelta(hours=1), zone, profile,
                                     subdivision).astimezone(UTC)
    if settled < deadline:
        expected = settled
    elif first < deadline:
        expected = first
    else:
        expected = first_business_instant(deadline, zone, profile, subdivision).astimezone(UTC)
    assert len(thanks) == len(debrief.interviewers)
    for action in thanks:
        due = action.due.astimezone(UTC)
        assert due == expected, (action, expected)
        if first < deadline:
            # A business hour exists within 24 hours: the note is due inside them.
            assert end <= due < deadline
        else:
            assert due >= deadline
            assert action.rule == "thank-you.first-business-hour"


def assert_inquiry_rules(debrief: Debrief, actions: list[Action]) -> None:
    interview = debrief.interview
    profile = profile_for(interview.country)
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    limit = 1 if interview.notify_on_rejection is False else profile.max_inquiries
    assert 1 <= len(inquiries) <= limit
    dues = sorted(a.due.astimezone(UTC) for a in inquiries)
    for earlier, later in itertools.pairwise(dues):
        assert later - earlier >= timedelta(days=7)
    moves = [a for a in actions if a.kind == "move-on"]
    assert len(moves) == 1
    assert moves[0].due.astimezone(UTC) - dues[-1] >= timedelta(days=7)
    if interview.decision_by is not None:
        # 001 §2: wait about a week after the date they gave, and never fewer than
        # 3 business days (the issue 14 floor).
        first_day = dues[0].astimezone(debrief.zone).date()
        stated = max(interview.decision_by, end_of(debrief).astimezone(debrief.zone).date())
        assert (first_day - stated).days >= 7, (first_day, stated)
        _, company, subdivision = company_side(debrief)
        business = sum(is_working_day(stated + timedelta(days=n), company, subdivision)
                       for n in range(1, (first_day - stated).days))
        assert business >= 3, (first_day, stated)
    assert dues[0] > end_of(debrief)


def assert_channels(debrief: Debrief, actions: list[Action]) -> None:
    asked = debrief.interview.channel
    for action in actions:
        if action.kind in {"thank-you", "status-inquiry", "move-on"} and asked != "recruiter":
            assert action.channel == asked, action
        if asked == "email" and action.kind in COMPANY_KINDS:
            assert action.channel != "phone", action


@SETTINGS
@given(debriefs(), st.integers(0, 6 * 60))
def test_invariants_hold_for_random_interviews(debrief: Debrief, minutes_after: int) -> None:
    now = end_of(debrief) + timedelta(minutes=minutes_after)
    actions = plan(debrief, now=now)
    assert len({a.key for a in actions}) == len(actions)
    assert [a.due.astimezone(UTC) for a in actions] == sorted(
        a.due.astimezone(UTC) for a in actions)
    for action in actions:
        if action.kind != "reflection":
            assert_in_business_time(debrief, action)
    assert_thank_you_timing(debrief, [a for a in actions if a.kind == "thank-you"])
    assert_inquiry_rules(debrief, actions)
    assert_channels(debrief, actions)
    # LinkedIn follows warm rapport, with or without a profile address: a person can be
    # found by name (000 §6, 001 §3; design.md).
    warm = {p.name for p in debrief.interviewers if p.rapport == "warm"}
    assert {a.to for a in actions if a.kind == "linkedin"} == warm


@SETTINGS
@given(debriefs(), st.lists(st.integers(0, 20 * 24 * 60), min_size=1, max_size=3))
def test_sent_inquiries_keep_a_week_apart(debrief: Debrief, delays: list[int]) -> None:
    """Mark inquiries sent late by random delays: the next is still a week or more after
    the actual sending, and never more than the profile allows."""
    now = end_of(debrief)
    events: list[Event] = []
    for delay in delays:
        actions = plan(debrief, events, now=now)
        waiting = [a for a in actions if a.kind == "status-inquiry" and a.status == "pending"]
        if not waiting:
            break
        sent = waiting[0].due + timedelta(minutes=delay)
        events.append(Event("done", sent, action=waiting[0].key))
        now = sent
    actions = plan(debrief, events, now=now)
    sent_at = sorted(event.at.astimezone(UTC) for event in events)
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    limit = 1 if debrief.interview.notify_on_rejection is False \
        else profile_for(debrief.interview.country).max_inquiries
    assert len(inquiries) <= limit
    for action in inquiries:
        if action.status == "pending":
            assert_in_business_time(debrief, action)
            assert all(action.due.astimezone(UTC) - moment >= timedelta(days=7)
                       for moment in sent_at)
    for action in actions:
        if action.kind == "move-on":
            assert all(action.due.astimezone(UTC) - moment >= timedelta(days=7)
                       for moment in sent_at)


@SETTINGS
@given(debriefs(), st.sampled_from(["withdrawn", "rejected"]), st.integers(0, 20 * 24 * 60),
       st.integers(0, 10 * 24 * 60))
def test_no_thank_you_stays_pending_after_withdrawn_or_rejected(
        debrief: Debrief, result: str, minutes: int, later: int) -> None:
    """Issue 14: after withdrawing or a rejection nothing pending may still say 'my
    interest has only grown' or chase the company (002: knowing when to move on)."""
    news = Event("outcome", end_of(debrief) + timedelta(minutes=minutes), id=1,
                 outcome=result)  # type: ignore[arg-type]
    actions = plan(debrief, [news], now=news.at + timedelta(minutes=later))
    pending = {a.kind for a in actions if a.status == "pending"}
    assert not pending & {"thank-you", "promise", "linkedin", "status-inquiry", "move-on",
                          "keep-searching", "company-watch", "recruiter-update"}


EVENT_KINDS = ["done", "skipped", "reply", "reply-until", "outcome", "reference-check"]


@SETTINGS
@given(debriefs(), st.sampled_from(EVENT_KINDS), st.sampled_from(
    ["offer", "rejected", "next-round", "withdrawn"]), st.integers(0, 20 * 24 * 60),
    st.integers(0, 40), st.integers(0, 30 * 24 * 60))
def test_an_event_and_its_undo_change_nothing(debrief: Debrief, kind: str, result: str,
                                              minutes: int, pick: int, later: int) -> None:
    """Issue 14, acceptance 4, on random interviews: the plan after any event and its
    undo is the plan before the event."""
    when = end_of(debrief) + timedelta(minutes=minutes)
    now = when + timedelta(minutes=later)
    before = plan(debrief, now=now)
    action = before[pick % len(before)].key
    event = {
        "done": Event("done", when, id=1, action=action),
        "skipped": Event("skipped", when, id=1, action=action),
        "reply": Event("reply", when, id=1),
        "reply-until": Event("reply", when, id=1, until=when.date() + timedelta(days=pick)),
        "outcome": Event("outcome", when, id=1, outcome=result),  # type: ignore[arg-type]
        "reference-check": Event("reference-check", when, id=1),
    }[kind]
    undo = Event("undo", when + timedelta(minutes=1), id=2, undoes=1)
    assert plan(debrief, [event, undo], now=now) == before


@SETTINGS
@given(debriefs(), st.integers(0, 30 * 24 * 60))
def test_a_reply_cancels_every_pending_inquiry(debrief: Debrief, minutes: int) -> None:
    reply = Event("reply", end_of(debrief) + timedelta(minutes=minutes))
    actions = plan(debrief, [reply], now=reply.at)
    assert not [a for a in actions if a.kind in {"status-inquiry", "move-on"}]


def test_the_strategy_reaches_clock_changes() -> None:
    """The DST half of the strategy has material to draw from in every DST zone."""
    for zone in ("America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
                 "Pacific/Chatham", "America/Santiago"):
        assert len(clock_changes(zone)) >= 10, zone
    assert clock_changes("Asia/Tokyo") == ()
    assert date(2025, 1, 1) < END.date()
