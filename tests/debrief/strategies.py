"""Hypothesis strategies that generate valid debriefs (as TOML-shaped data)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from followthrough import geo
from followthrough.debrief import same_person_key

ZONES = ["Asia/Tokyo", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
         "Pacific/Chatham", "Asia/Kathmandu", "America/Santiago", "UTC", "Asia/Kolkata"]

text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")),
               min_size=1, max_size=40).filter(lambda s: bool(s.strip()))
"""Any one-line text a debrief may hold: every character but control characters
and line breaks (refused in a one-line field) and lone surrogates."""
shows = text.map(str.rstrip).filter(
    lambda s: bool(s) and not s.endswith(".") and not s.lstrip().startswith(("It ", "This ")))
"""A promise's ``shows``: a clause after "It shows", as the model keeps it (no full
stop or space at its end)."""
names = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).filter(lambda s: bool(s.strip()))
emails = st.builds(lambda user, host: f"{user}@{host}.example",
                   st.from_regex(r"[a-z][a-z0-9]{0,5}(\.[a-z0-9_]{1,5})?", fullmatch=True),
                   st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?", fullmatch=True))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
honorifics = st.sampled_from(["Ms.", "Mr.", "Dr.", "Mx.", "Prof.", "Herr", "Frau Dr."])
addresses = st.sampled_from(["first-name", "family-name"])
EXISTING_FILE = str(Path(__file__).resolve())
"""A promise's ``file`` must exist when the TOML is read back: this module."""
NOW = datetime(2026, 6, 1, tzinfo=UTC)
"""Freeze the clock here when the generated debriefs are read as input: their
interviews are within five years of it."""
starts = st.builds(lambda when, tz: when.replace(tzinfo=UTC).astimezone(tz),
                   st.datetimes(datetime(2022, 1, 1), datetime(2031, 1, 1)),  # noqa: DTZ001
                   offsets)


def _optional(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value


def _addressed(draw: st.DrawFn, person: dict[str, Any]) -> dict[str, Any]:
    """The optional form-of-address fields every person may have."""
    _optional(person, "honorific", draw(st.none() | honorifics))
    _optional(person, "family_name", draw(st.none() | names))
    _optional(person, "address", draw(st.none() | addresses))
    _optional(person, "salutation", draw(st.none() | text))
    return person


def _shorter_than(about: str) -> st.SearchStrategy[str | None]:
    """A topic's ``short``, left out or in fewer characters than the topic."""
    room = min(60, len(about.strip()) - 1)
    if room < 1:
        return st.none()
    return st.none() | st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                               min_size=1, max_size=room).filter(lambda s: bool(s.strip()))


@st.composite
def _topic(draw: st.DrawFn, strengths: list[str]) -> dict[str, Any]:
    """A topic table; ``told`` (set or left out) only beside a strength, and a
    ``short`` form with or without one."""
    table: dict[str, Any] = {"about": draw(text)}
    strength = draw(st.none() | (st.sampled_from(strengths) if strengths else st.none()))
    if strength is not None:
        table["strength"] = strength
        _optional(table, "told", draw(st.none() | st.booleans()))
    _optional(table, "short", draw(_shorter_than(table["about"])))
    return table


def _topics(draw: st.DrawFn, strengths: list[str]) -> list[Any]:
    """Topics as plain text or as ``{ about, strength, told, short }`` tables."""
    return draw(st.lists(text | _topic(strengths), max_size=3))


@st.composite
def debriefs(draw: st.DrawFn) -> dict[str, Any]:
    when = draw(starts)
    interview: dict[str, Any] = {
        "company": draw(text), "role": draw(text), "starts": when,
    }
    for key, strategy in (
        ("minutes", st.integers(1, 1440)),
        ("timezone", st.sampled_from(ZONES)),
        ("country", st.sampled_from(sorted(geo.countries()))),
        ("round", st.integers(1, 20)),
        ("format", st.sampled_from(["video", "onsite", "phone"])),
        ("channel", st.sampled_from(["email", "phone", "linkedin", "recruiter"])),
        ("decision", text),
        ("decision_by", st.dates(when.date(), when.date() + timedelta(days=730))),
        ("they_will_contact", st.booleans()),
        ("notify_on_rejection", st.booleans()),
        ("next_steps", text),
    ):
        _optional(interview, key, draw(st.none() | strategy))
    several = geo.zones_of(interview.get("country", ""))
    if len(several) > 1 and "timezone" not in interview:
        interview["timezone"] = draw(st.sampled_from(several))  # such a country needs it
    elif interview.get("country") and not several and "timezone" not in interview:
        interview["timezone"] = draw(st.sampled_from(ZONES))  # no zone known there (BV)
    people = draw(st.lists(names, min_size=2, max_size=5, unique_by=same_person_key))
    reference_name = people.pop()
    strengths = draw(st.lists(text, max_size=3))
    interviewers = []
    for name in people:
        person: dict[str, Any] = _addressed(draw, {"name": name})
        _optional(person, "email", draw(st.none() | emails))
        _optional(person, "title", draw(st.none() | text))
        _optional(person, "rapport", draw(st.none() | st.sampled_from(["warm", "neutral",
                                                                        "cool"])))
        if draw(st.booleans()):
            person["topics"] = _topics(draw, strengths)
        interviewers.append(person)
    candidate: dict[str, Any] = {"name": draw(names), "email": draw(emails),
                                 "timezone": draw(st.sampled_from(ZONES))}
    if strengths:
        candidate["strengths"] = strengths
    data: dict[str, Any] = {
        "schema": 1,
        "candidate": candidate,
        "interview": interview,
        "interviewers": interviewers,
    }
    if draw(st.booleans()):
        recruiter = _addressed(draw, {"name": draw(names.filter(
            lambda n: same_person_key(n) not in {same_person_key(p) for p in people}))})
        _optional(recruiter, "runs_process", draw(st.none() | st.booleans()))
        data["recruiter"] = recruiter
    if draw(st.booleans()):
        reference = _addressed(draw, {"name": reference_name})
        for key, strategy in (("role", text), ("company", text), ("relationship", text),
                              ("current", st.booleans())):
            _optional(reference, key, draw(st.none() | strategy))
        data["references"] = [reference]
    if draw(st.booleans()):
        data["promises"] = []
        for _ in range(draw(st.integers(1, 3))):
            promise: dict[str, Any] = {"what": draw(text), "to": draw(st.sampled_from(people))}
            _optional(promise, "url", draw(st.none() | st.just("https://example.org/a?b=c")))
            _optional(promise, "file", draw(st.none() | st.just(EXISTING_FILE)))
            _optional(promise, "attachment", draw(st.none() | text))
            _optional(promise, "shows", draw(st.none() | shows))
            data["promises"].append(promise)
    if draw(st.booleans()):
        data["questions"] = [{"asked": draw(text), "struggled": draw(st.booleans())}]
    if draw(st.booleans()):
        data["reflection"] = {"improve": draw(st.lists(text, max_size=3)),
                              "learned": draw(text)}
    return data
