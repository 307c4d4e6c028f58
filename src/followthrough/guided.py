"""The guided debrief: questions at the terminal that build a valid record.

Each answer is checked as it is given (a time zone, an e-mail address, a
date), so a mistake is asked again at once instead of failing at the end.
The "know the process" questions come from article 003 §1: how long the
decision takes, whether unsuccessful candidates hear back, further rounds,
how they want to be contacted, and every interviewer's contact details.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from followthrough import geo
from followthrough.debrief import Debrief, validate_debrief
from followthrough.debrief.model import check_email

Prompt = Callable[..., Any]
"""``click.prompt`` or a stand-in with the same keywords."""


def _checked(check: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(value: str) -> Any:
        try:
            return check(value.strip())
        except ValueError as err:
            raise click.BadParameter(str(err)) from None

    return convert


def _optional(check: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(value: str) -> Any:
        return None if not value.strip() else check(value.strip())

    return convert


def _zone(value: str) -> str:
    if not geo.is_zone(value):
        raise ValueError(f"{value!r} is not a time zone; try e.g. Europe/Berlin, Asia/Tokyo")
    return value


def _country(value: str) -> str:
    code = value.upper()
    if not geo.is_country(code):
        raise ValueError(f"{value!r} is not a two-letter country code (JP, US, DE ...)")
    return code


def _local_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise ValueError("write it as YYYY-MM-DD HH:MM, e.g. 2026-11-16 14:00") from None
    return parsed


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("write it as YYYY-MM-DD, e.g. 2026-11-30") from None


def _yes_no_unknown(value: str) -> bool | None:
    answer = value.strip().casefold()
    if answer in {"y", "yes"}:
        return True
    if answer in {"n", "no"}:
        return False
    if answer in {"", "?", "unknown", "u"}:
        return None
    raise ValueError("answer y, n, or ? if they did not say")


def _choice(options: list[str]) -> Callable[[str], str]:
    def pick(value: str) -> str:
        if value not in options:
            raise ValueError(f"choose one of: {', '.join(options)}")
        return value

    return pick


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


def ask_debrief(prompt: Prompt, say: Callable[[str], None]) -> Debrief:
    """Ask for a whole debrief; returns it validated."""
    say("Let's record the interview while it is fresh. Press Enter to skip optional questions.")
    say("\nAbout you")
    candidate = {
        "name": prompt("  Your name"),
        "email": prompt("  Your e-mail", value_proc=_checked(check_email)),
        "timezone": prompt("  Your time zone", value_proc=_checked(_zone)),
    }
    strengths = prompt("  Strengths worth repeating (separate with ;)", default="",
                       show_default=False)
    if _items(strengths):
        candidate["strengths"] = _items(strengths)

    say("\nThe interview")
    interview: dict[str, Any] = {
        "company": prompt("  Company"),
        "role": prompt("  Role"),
    }
    country = prompt("  Country where the interviewers work (two letters, e.g. JP)", default="",
                     show_default=False, value_proc=_checked(_optional(_country)))
    zones = geo.zones_of(country) if country else ()
    zone_default = zones[0] if len(zones) == 1 else candidate["timezone"]
    zone = prompt("  Their time zone", default=zone_default, value_proc=_checked(_zone))
    local = prompt("  When did it start, their local time (YYYY-MM-DD HH:MM)",
                   value_proc=_checked(_local_time))
    interview["starts"] = local.replace(tzinfo=ZoneInfo(zone)) if local.tzinfo is None else local
    interview["minutes"] = prompt("  How many minutes", default=60, type=click.IntRange(1, 1440))
    interview["timezone"] = zone
    if country:
        interview["country"] = country
    interview["round"] = prompt("  Which round", default=1, type=click.IntRange(1, 20))
    interview["format"] = prompt("  Format (video, onsite, phone)", default="video",
                                 value_proc=_checked(_choice(["video", "onsite", "phone"])))

    say("\nKnow the process (what they told you)")
    decision = prompt("  How long did they say the decision takes", default="",
                      show_default=False)
    if decision.strip():
        interview["decision"] = decision.strip()
    decision_by = prompt("  A decision date, if they gave one (YYYY-MM-DD)", default="",
                         show_default=False, value_proc=_checked(_optional(_day)))
    if decision_by:
        interview["decision_by"] = decision_by
    for key, question in (
        ("they_will_contact", "  Will they contact you first? (y/n/?)"),
        ("notify_on_rejection", "  Are unsuccessful candidates told? (y/n/?)"),
    ):
        answer = prompt(question, default="?", value_proc=_checked(_yes_no_unknown))
        if answer is not None:
            interview[key] = answer
    next_steps = prompt("  Further rounds or next steps", default="", show_default=False)
    if next_steps.strip():
        interview["next_steps"] = next_steps.strip()
    interview["channel"] = prompt(
        "  How do they prefer to be contacted (email, phone, linkedin, recruiter)",
        default="email", value_proc=_checked(_choice(["email", "phone", "linkedin", "recruiter"])))

    data: dict[str, Any] = {"schema": 1, "candidate": candidate, "interview": interview}
    data["interviewers"] = _ask_interviewers(prompt, say)
    recruiter = _ask_recruiter(prompt, say)
    if recruiter:
        data["recruiter"] = recruiter
    people = [p["name"] for p in data["interviewers"]] + ([recruiter["name"]] if recruiter else [])
    for key, fields in (
        ("promises", ("what", "  What did you promise to send or do")),
        ("missed", ("point", "  A point you wish you had made")),
    ):
        items = _ask_addressed(prompt, say, fields, people)
        if items:
            data[key] = items
    return validate_debrief(data, source="your answers")


def _ask_interviewers(prompt: Prompt, say: Callable[[str], None]) -> list[dict[str, Any]]:
    say("\nInterviewers (their contact details let you thank each one)")
    people: list[dict[str, Any]] = []
    while True:
        name = prompt(f"  Interviewer {len(people) + 1} name" +
                      (" (Enter when done)" if people else ""),
                      default="" if people else None, show_default=False)
        if not name.strip():
            return people
        person: dict[str, Any] = {"name": name.strip()}
        for key, question, check in (
            ("title", "    Title", None),
            ("email", "    E-mail", check_email),
            ("linkedin", "    LinkedIn URL", None),
        ):
            value = prompt(question, default="", show_default=False,
                           value_proc=_checked(_optional(check)) if check else None)
            if value:
                person[key] = value.strip() if isinstance(value, str) else value
        person["rapport"] = prompt("    Rapport (warm, neutral, cool)", default="neutral",
                                   value_proc=_checked(_choice(["warm", "neutral", "cool"])))
        topics = prompt("    Topics you discussed with them (separate with ;)", default="",
                        show_default=False)
        if _items(topics):
            person["topics"] = _items(topics)
        people.append(person)


def _ask_recruiter(prompt: Prompt, say: Callable[[str], None]) -> dict[str, Any] | None:
    say("\nRecruiter or search consultant")
    name = prompt("  Name (Enter if none)", default="", show_default=False)
    if not name.strip():
        return None
    recruiter: dict[str, Any] = {"name": name.strip()}
    firm = prompt("  Firm", default="", show_default=False)
    if firm.strip():
        recruiter["firm"] = firm.strip()
    email = prompt("  E-mail", default="", show_default=False,
                   value_proc=_checked(_optional(check_email)))
    if email:
        recruiter["email"] = email
    return recruiter


def _ask_addressed(prompt: Prompt, say: Callable[[str], None], fields: tuple[str, str],
                   people: list[str]) -> list[dict[str, Any]]:
    key, question = fields
    items: list[dict[str, Any]] = []
    while True:
        text = prompt(f"{question} (Enter when done)", default="", show_default=False)
        if not text.strip():
            return items
        to = prompt(f"    To whom ({', '.join(people)})", default=people[0],
                    value_proc=_checked(_choice(people)))
        items.append({key: text.strip(), "to": to})
