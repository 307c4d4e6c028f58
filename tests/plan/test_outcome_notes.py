"""An outcome plans one note in reply: who gets it, when, and what stops with it.

rejected -> ``rejection-reply``, offer -> ``offer-reply``, withdrawn -> ``withdrawal``,
next-round -> ``next-round-thanks``. The note goes to the person who gave the news
(the event's person), else to the recruiter when they run the process (or the
company asked to go through them), else to the first interviewer; it is due at
that person's next business hour at or after the outcome was recorded, at the
latest by the close of their next business day. A rejection or a withdrawal
stops every other pending action but the reflection.

The debriefs are written out here (tests never read ``shared/``); expected times
come from the oracles in ``conftest``, not from the planner's calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.debrief.model import Debrief, same_person_key
from followthrough.plan import Action, Event, plan, rules
from followthrough.plan.planner import OUTCOMES
from tests.conftest import Runner
from tests.plan.conftest import at, debrief_from, first_business_instant, is_working_day
from tests.plan.test_properties import (
    SETTINGS,
    assert_in_business_time,
    company_side,
    debriefs,
    end_of,
    personal_side,
)

NOTE_OF = {"rejected": "rejection-reply", "offer": "offer-reply", "withdrawn": "withdrawal",
           "next-round": "next-round-thanks"}
NOTE_KINDS = frozenset(NOTE_OF.values())
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def document(**changes: Any) -> dict[str, Any]:
    """A New York interview on Monday 2 March 2026, 10:00-11:00, with a recruiter who
    does not run the process, two interviewers, a promise and a reference."""
    base: dict[str, Any] = {
        "candidate": {"name": "Ana Costa", "email": "ana@example.com",
                      "timezone": "Europe/Lisbon"},
        "interview": {"company": "Harbor Labs", "role": "Data Engineer",
                      "starts": datetime(2026, 3, 2, 10, 0, tzinfo=NEW_YORK), "minutes": 60,
                      "timezone": "America/New_York", "country": "US", "channel": "email"},
        "recruiter": {"name": "Priya Nair", "email": "priya@search.example"},
        "interviewers": [
            {"name": "Grace Okafor", "email": "grace@harbor.example", "rapport": "warm",
             "linkedin": "https://www.linkedin.com/in/example-grace"},
            {"name": "Tom Reyes", "email": "tom@harbor.example"}],
        "promises": [{"what": "a writing sample", "to": "Tom Reyes"}],
        "references": [{"name": "Lena Fischer", "email": "lena@example.org"}],
    }
    for section, values in changes.items():
        if values is None:
            base.pop(section, None)
        elif isinstance(values, dict) and isinstance(base.get(section), dict):
            base[section] = {**base[section], **values}
        else:
            base[section] = values
    return base


def outcome(result: str, when: str, person: str | None = None) -> Event:
    return Event("outcome", at(when), person=person, outcome=result)  # type: ignore[arg-type]


def notes(actions: list[Action]) -> list[Action]:
    return [action for action in actions if action.kind in NOTE_KINDS]


def pending_kinds(actions: list[Action]) -> set[str]:
    return {action.kind for action in actions if action.status == "pending"}


def by_key(actions: list[Action]) -> dict[str, Action]:
    return {action.key: action for action in actions}


# Recorded on Friday 6 March 2026 at 18:30 in New York (23:30 in Lisbon), after hours;
# the clocks go forward in New York on Sunday 8 March.
FRIDAY_EVENING = "2026-03-06T23:30:00+00:00"


@pytest.mark.parametrize("result", OUTCOMES)
def test_each_outcome_plans_exactly_its_note(result: str) -> None:
    debrief = debrief_from(document())
    event = outcome(result, FRIDAY_EVENING)
    actions = plan(debrief, [event], now=event.at)
    (note,) = notes(actions)
    rule = {found.id: found for found in rules()}[note.rule]
    assert (note.kind, note.key, note.status) == (NOTE_OF[result], NOTE_OF[result], "pending")
    assert rule.kind == note.kind
    assert rule.source[:3] in {"000", "001", "002", "003"}
    assert (note.to, note.channel) == ("Grace Okafor", "email")
    # The next business hour in New York (after the change to EDT), latest a business
    # day later.
    assert note.due.isoformat() == "2026-03-09T09:00:00-04:00"
    assert note.latest.isoformat() == "2026-03-10T18:00:00-04:00"
    assert note.why.startswith(("Reply to Grace Okafor: thank them", "Write to Grace Okafor: "
                                                                      "thank them"))
    assert note.why.endswith(".")
    assert note.why.count(".") == 1


def test_a_note_inside_business_hours_is_due_at_once_and_closures_count() -> None:
    """Tokyo, Monday 28 December 2026 at 17:30: due then; the next business day after
    the year-end closure (29 Dec - 3 Jan) is Monday 4 January."""
    debrief = debrief_from(document(
        interview={"starts": datetime(2026, 12, 21, 14, 0, tzinfo=TOKYO),
                   "timezone": "Asia/Tokyo", "country": "JP"}))
    event = outcome("rejected", "2026-12-28T09:30:00+01:00", person="Tom Reyes")
    (note,) = notes(plan(debrief, [event], now=event.at))
    assert note.due.isoformat() == "2026-12-28T17:30:00+09:00"
    assert note.latest.isoformat() == "2027-01-04T18:00:00+09:00"


@pytest.mark.parametrize(("changes", "person", "expected"), [
    ({"recruiter": {"runs_process": True}}, "  tom   REYES ", "Tom Reyes"),
    ({}, "priya nair", "Priya Nair"),
    ({"recruiter": {"runs_process": True}}, None, "Priya Nair"),
    ({"interview": {"channel": "recruiter"}}, None, "Priya Nair"),
    ({}, None, "Grace Okafor"),
    ({"recruiter": {"runs_process": False}}, None, "Grace Okafor"),
    ({"recruiter": None, "interview": {"channel": "recruiter"}}, None, "Grace Okafor"),
], ids=["the-person-who-told-you", "the-recruiter-who-told-you", "recruiter-runs-process",
        "company-asked-for-the-recruiter", "first-interviewer", "recruiter-not-running",
        "no-recruiter"])
def test_the_note_goes_to_whoever_gave_the_news(changes: dict[str, Any], person: str | None,
                                               expected: str) -> None:
    debrief = debrief_from(document(**changes))
    for result in OUTCOMES:
        (note,) = notes(plan(debrief, [outcome(result, FRIDAY_EVENING, person)],
                             now=at(FRIDAY_EVENING)))
        assert note.to == expected, result
        assert note.why.split(":")[0].endswith(expected)


@pytest.mark.parametrize(("recruiter", "channel"), [
    ({"runs_process": True}, "email"),
    ({"email": None, "phone": "+1 212 555 0100", "runs_process": True}, "phone"),
])
def test_a_note_to_the_recruiter_uses_their_channel(recruiter: dict[str, Any],
                                                   channel: str) -> None:
    debrief = debrief_from(document(recruiter=recruiter))
    actions = plan(debrief, [outcome("offer", FRIDAY_EVENING)], now=at(FRIDAY_EVENING))
    (note,) = notes(actions)
    (update,) = [a for a in actions if a.kind == "recruiter-update"]
    assert (note.to, note.channel) == ("Priya Nair", channel)
    assert note.channel == update.channel


def test_a_note_to_an_interviewer_uses_the_channel_the_company_asked_for() -> None:
    debrief = debrief_from(document(interview={"channel": "phone"}))
    (note,) = notes(plan(debrief, [outcome("next-round", FRIDAY_EVENING, "Tom Reyes")],
                         now=at(FRIDAY_EVENING)))
    assert (note.to, note.channel) == ("Tom Reyes", "phone")


# The thank-yous are due on Monday 2 March at noon; the outcome comes before them.
EARLY = "2026-03-02T11:30:00-05:00"


@pytest.mark.parametrize("result", ["withdrawn", "rejected"])
def test_withdrawal_and_rejection_stop_everything_pending_but_the_reflection(
        result: str) -> None:
    debrief = debrief_from(document(recruiter={"runs_process": True}))
    before = plan(debrief, now=at(EARLY))
    assert {"thank-you", "promise", "linkedin", "status-inquiry", "move-on",
            "keep-searching", "recruiter-update", "reference-brief"} <= pending_kinds(before)
    sent = Event("done", at("2026-03-02T11:20:00-05:00"), action="thank-you.grace-okafor")
    actions = plan(debrief, [sent, outcome(result, EARLY)], now=at(EARLY))
    assert pending_kinds(actions) == {NOTE_OF[result], "reflection"}
    found = by_key(actions)
    assert found["thank-you.grace-okafor"].status == "done"
    assert "thank-you.tom-reyes" not in found
    # A reflection already written stays marked; then only the note is pending.
    written = Event("done", at("2026-03-02T11:25:00-05:00"), action="reflection")
    actions = plan(debrief, [sent, written, outcome(result, EARLY)], now=at(EARLY))
    assert pending_kinds(actions) == {NOTE_OF[result]}
    assert by_key(actions)["reflection"].status == "done"


def test_withdrawal_stops_pending_thank_yous_even_when_overdue() -> None:
    debrief = debrief_from(document())
    later = "2026-03-04T10:00:00-05:00"
    assert [a.key for a in plan(debrief, now=at(later)) if a.kind == "thank-you"] == [
        "thank-you.grace-okafor", "thank-you.tom-reyes"]
    actions = plan(debrief, [outcome("withdrawn", later)], now=at(later))
    assert not [a for a in actions if a.kind in {"thank-you", "promise", "linkedin"}]
    assert [a.key for a in notes(actions)] == ["withdrawal"]


def test_offer_stops_the_inquiries_and_move_on_only() -> None:
    debrief = debrief_from(document())
    actions = plan(debrief, [outcome("offer", EARLY)], now=at(EARLY))
    kinds = pending_kinds(actions)
    assert "offer-reply" in kinds
    assert not kinds & {"status-inquiry", "move-on"}
    assert {"thank-you", "promise", "reflection"} <= kinds


def test_next_round_thanks_comes_with_the_preparation() -> None:
    debrief = debrief_from(document())
    event = outcome("next-round", FRIDAY_EVENING)
    kinds = pending_kinds(plan(debrief, [event], now=event.at))
    assert {"next-round-thanks", "next-round-prep"} <= kinds
    assert not kinds & {"status-inquiry", "move-on"}


@pytest.mark.parametrize("mark", ["done", "skipped"])
@pytest.mark.parametrize("action", ["rejection-reply", "3.rejection-reply"])
def test_the_note_is_marked_like_any_action(mark: str, action: str) -> None:
    debrief = debrief_from(document())
    event = outcome("rejected", FRIDAY_EVENING)
    marked = Event(mark, at("2026-03-09T10:00:00-04:00"), action=action)  # type: ignore[arg-type]
    (note,) = notes(plan(debrief, [event, marked], now=marked.at))
    assert (note.key, note.status) == ("rejection-reply", mark)


def test_a_later_outcome_answers_for_an_earlier_unsent_note() -> None:
    debrief = debrief_from(document())
    offer = outcome("offer", "2026-03-05T10:00:00-05:00")
    withdrawn = outcome("withdrawn", "2026-03-06T10:00:00-05:00", "Tom Reyes")
    actions = plan(debrief, [offer, withdrawn], now=withdrawn.at)
    assert [(a.key, a.to, a.status) for a in notes(actions)] == [
        ("withdrawal", "Tom Reyes", "pending")]
    answered = Event("done", at("2026-03-05T11:00:00-05:00"), action="offer-reply")
    actions = plan(debrief, [offer, answered, withdrawn], now=withdrawn.at)
    assert [(a.key, a.status) for a in notes(actions)] == [
        ("offer-reply", "done"), ("withdrawal", "pending")]


def test_the_same_outcome_twice_is_one_note() -> None:
    debrief = debrief_from(document())
    first = outcome("rejected", "2026-03-05T10:00:00-05:00")
    again = outcome("rejected", "2026-03-06T10:00:00-05:00")
    (note,) = notes(plan(debrief, [first, again], now=again.at))
    assert note.key == "rejection-reply"
    assert note.due == at("2026-03-05T10:00:00-05:00")


def test_each_next_round_has_its_own_key() -> None:
    debrief = debrief_from(document())
    second = outcome("next-round", "2026-03-05T10:00:00-05:00")
    thanked = Event("done", at("2026-03-05T11:00:00-05:00"), action="next-round-thanks")
    third = outcome("next-round", "2026-03-12T10:00:00-04:00")
    actions = plan(debrief, [second, thanked, third], now=third.at)
    assert [(a.key, a.status) for a in notes(actions)] == [
        ("next-round-thanks", "done"), ("next-round-thanks.2", "pending")]


def test_after_a_rejection_only_later_events_add_actions() -> None:
    debrief = debrief_from(document())
    check = Event("reference-check", at("2026-03-04T10:00:00-05:00"), person="Lena Fischer")
    rejected = outcome("rejected", "2026-03-05T10:00:00-05:00")
    actions = plan(debrief, [check, rejected], now=rejected.at)
    assert pending_kinds(actions) == {"rejection-reply", "reflection"}
    # They change their mind: a next round after the rejection is planned in full.
    again = outcome("next-round", "2026-03-09T10:00:00-04:00", "Grace Okafor")
    actions = plan(debrief, [check, rejected, again], now=again.at)
    assert pending_kinds(actions) == {"next-round-thanks", "next-round-prep", "reflection"}


def test_outcome_from_names_the_recipient_through_the_cli(run: Runner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = tmp_path / "debrief.toml"
    path.write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-05T10:00:00-05:00")
    assert run("import", str(path)).stdout.strip() == "1"

    refused = run("outcome", "1", "rejected", "--from", "Nobody Known")
    assert refused.exit_code == 2
    assert "Grace Okafor" in refused.stderr
    assert run("outcome", "1", "rejected", "--from", "tom  reyes").exit_code == 0

    document = run("plan", "1", "--format", "json").json()
    assert isinstance(document, dict)
    assert set(document) == {"interview", "actions"}
    found = {action["id"]: action for action in document["actions"]}
    note = found["1.rejection-reply"]
    assert {"kind", "to", "channel", "due", "latest", "why", "rule"} <= set(note)
    assert (note["kind"], note["to"], note["rule"]) == (
        "rejection-reply", "Tom Reyes", "rejection-reply.after-rejection")
    assert note["due"] == "2026-03-05T10:00:00-05:00"
    assert not [a for a in document["actions"] if a["kind"] == "thank-you"]

    assert run("done", "1.rejection-reply").exit_code == 0
    document = run("plan", "1", "--format", "json").json()
    assert isinstance(document, dict)
    assert {a["id"]: a["status"] for a in document["actions"]}["1.rejection-reply"] == "done"


TOML = """\
schema = 1

[candidate]
name = "Ana Costa"
email = "ana@example.com"
timezone = "Europe/Lisbon"

[interview]
company = "Harbor Labs"
role = "Data Engineer"
starts = 2026-03-02T10:00:00-05:00
minutes = 60
timezone = "America/New_York"
country = "US"
channel = "email"

[[interviewers]]
name = "Grace Okafor"
email = "grace@harbor.example"

[[interviewers]]
name = "Tom Reyes"
email = "tom@harbor.example"
"""


@st.composite
def outcome_cases(draw: st.DrawFn) -> tuple[Debrief, Event]:
    """A random interview (recruiter running the process or not, reachable by e-mail or
    by phone only), a random outcome at a random time within 60 days, told by nobody
    in particular or by anyone in the record (name written in another case)."""
    debrief = draw(debriefs())
    recruiter = debrief.recruiter
    if recruiter is not None:
        update: dict[str, Any] = {"runs_process": draw(st.sampled_from([None, False, True]))}
        if draw(st.booleans()):
            update |= {"email": None, "phone": "+1 212 555 0100"}
        debrief = debrief.model_copy(update={"recruiter": recruiter.model_copy(update=update)})
    minutes = draw(st.integers(0, 60 * 24 * 60))
    when = (end_of(debrief) + timedelta(minutes=minutes)).astimezone(debrief.candidate_zone)
    person = draw(st.one_of(st.none(), st.sampled_from(debrief.people())))
    if person is not None:
        person = draw(st.sampled_from([person, person.upper(), f" {person.lower()}  "]))
    result = draw(st.sampled_from(OUTCOMES))
    return debrief, Event("outcome", when, person=person, outcome=result)  # type: ignore[arg-type]


def expected_recipient(debrief: Debrief, person: str | None) -> tuple[str, str]:
    """Name and channel, worked out from the record without the planner."""
    recruiter = debrief.recruiter
    name: str | None = None
    if person is not None:
        (name,) = [n for n in debrief.people() if same_person_key(n) == same_person_key(person)]
    elif recruiter is not None and (recruiter.runs_process
                                    or debrief.interview.channel == "recruiter"):
        name = recruiter.name
    else:
        name = debrief.interviewers[0].name
    if recruiter is not None and name == recruiter.name:
        return name, "email" if recruiter.email or not recruiter.phone else "phone"
    if name in {reference.name for reference in debrief.references}:
        return name, "email"
    return name, debrief.interview.channel


def next_closing(instant: datetime, debrief: Debrief, personal: bool) -> datetime:
    zone, profile, subdivision = personal_side(debrief) if personal else company_side(debrief)
    day: date = instant.astimezone(zone).date() + timedelta(days=1)
    while not is_working_day(day, profile, subdivision):
        day += timedelta(days=1)
    return datetime.combine(day, profile.business_end, tzinfo=zone)


@SETTINGS
@given(outcome_cases())
def test_outcome_notes_fall_in_the_recipients_business_hours(
        case: tuple[Debrief, Event]) -> None:
    debrief, event = case
    actions = plan(debrief, [event], now=event.at)
    assert event.outcome is not None
    (note,) = notes(actions)
    name, channel = expected_recipient(debrief, event.person)
    assert (note.kind, note.key, note.to, note.channel) == (
        NOTE_OF[event.outcome], NOTE_OF[event.outcome], name, channel)
    assert_in_business_time(debrief, note)
    personal = name in {reference.name for reference in debrief.references}
    zone, profile, subdivision = personal_side(debrief) if personal else company_side(debrief)
    due = first_business_instant(event.at, zone, profile, subdivision)
    assert note.due.astimezone(UTC) == due.astimezone(UTC)
    assert note.latest.astimezone(UTC) == next_closing(due, debrief, personal).astimezone(UTC)
    assert note.why.split(":")[0].endswith(name)
    kinds = pending_kinds(actions)
    if event.outcome in {"withdrawn", "rejected"}:
        assert kinds <= {note.kind, "reflection"}
    else:
        assert not kinds & {"status-inquiry", "move-on"}
