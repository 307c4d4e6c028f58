"""Hypothesis strategies that generate valid debriefs (as TOML-shaped data)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from followthrough import geo
from followthrough.debrief import same_person_key

ZONES = ["Asia/Tokyo", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
         "Pacific/Chatham", "Asia/Kathmandu", "America/Santiago", "UTC", "Asia/Kolkata"]

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               min_size=1, max_size=40).filter(lambda s: bool(s.strip()))
"""Any text a debrief may hold: every character but NUL (refused, as PostgreSQL
cannot store it) and lone surrogates."""
names = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).filter(lambda s: bool(s.strip()))
emails = st.builds(lambda user, host: f"{user}@{host}.example",
                   st.from_regex(r"[a-z][a-z0-9]{0,5}(\.[a-z0-9_]{1,5})?", fullmatch=True),
                   st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?", fullmatch=True))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
starts = st.builds(lambda when, tz: when.replace(tzinfo=UTC).astimezone(tz),
                   st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1)),  # noqa: DTZ001
                   offsets)


def _optional(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value


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
        ("decision_by", st.dates(when.date(), date(2100, 1, 1))),
        ("they_will_contact", st.booleans()),
        ("notify_on_rejection", st.booleans()),
        ("next_steps", text),
    ):
        _optional(interview, key, draw(st.none() | strategy))
    people = draw(st.lists(names, min_size=1, max_size=4, unique_by=same_person_key))
    interviewers = []
    for name in people:
        person: dict[str, Any] = {"name": name}
        _optional(person, "email", draw(st.none() | emails))
        _optional(person, "title", draw(st.none() | text))
        _optional(person, "rapport", draw(st.none() | st.sampled_from(["warm", "neutral",
                                                                        "cool"])))
        _optional(person, "topics", draw(st.none() | st.lists(text, max_size=3)))
        interviewers.append(person)
    data: dict[str, Any] = {
        "schema": 1,
        "candidate": {"name": draw(names), "email": draw(emails),
                      "timezone": draw(st.sampled_from(ZONES))},
        "interview": interview,
        "interviewers": interviewers,
    }
    if draw(st.booleans()):
        data["promises"] = [{"what": draw(text), "to": draw(st.sampled_from(people))}
                            for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        data["questions"] = [{"asked": draw(text), "struggled": draw(st.booleans())}]
    if draw(st.booleans()):
        data["reflection"] = {"improve": draw(st.lists(text, max_size=3)),
                              "learned": draw(text)}
    return data
