"""Calendar export: planned actions as RFC 5545 to-dos, written with ``icalendar``.

Each action becomes one VTODO that starts at ``due``, is due at ``latest`` and
carries a display alarm at its start. Times keep the recipient's zone as an
explicit TZID with a generated VTIMEZONE. The UID is derived from the
interview id and the action key only, so importing a new export updates the
existing entries instead of duplicating them, and ``DTSTAMP`` is the given
``now`` so that the same input always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import icalendar

from followthrough.debrief.model import Debrief
from followthrough.errors import BadInput, Problem
from followthrough.plan.planner import Action

PRODID = "-//followthrough//follow-up planner//EN"
UID_DOMAIN = "followthrough.invalid"
ZONE_MARGIN = timedelta(days=366)
"""VTIMEZONE rules cover the actions plus a year either side."""
LABELS = {
    "reflection": "Reflect on the interview",
    "thank-you": "Thank-you note",
    "promise": "Keep a promise",
    "recruiter-update": "Update the recruiter",
    "reference-brief": "Brief a reference",
    "linkedin": "LinkedIn invitation",
    "status-inquiry": "Ask for news",
    "move-on": "Closing note, then move on",
    "keep-searching": "Keep searching",
    "company-watch": "Company news",
    "next-round-prep": "Prepare the next round",
    "referee-thanks": "Thank a reference",
}
STATUSES = {"pending": "NEEDS-ACTION", "done": "COMPLETED", "skipped": "CANCELLED"}


def uid_for(interview_id: int | str, action: Action) -> str:
    """The stable calendar UID of one action: the same on every export."""
    return f"{interview_id}.{action.key}@{UID_DOMAIN}"


def to_ics(items: Iterable[tuple[int | str, Debrief, Sequence[Action]]], *,
           now: datetime) -> bytes:
    """One VCALENDAR holding a VTODO with a VALARM for every action of every interview."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise BadInput([Problem("now", f"{now.isoformat()} has no UTC offset",
                                expected="an aware date-time")])
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = now.astimezone(UTC)
    instants = [stamp]
    for interview_id, debrief, actions in items:
        for action in actions:
            calendar.add_component(_todo(interview_id, debrief, action, stamp))
            instants += [action.due, action.latest]
    calendar.add_missing_timezones(min(instants).date() - ZONE_MARGIN,
                                   max(instants).date() + ZONE_MARGIN)
    return bytes(calendar.to_ical())


def _summary(debrief: Debrief, action: Action) -> str:
    label = LABELS.get(action.kind, action.kind)
    who = f" to {action.to}" if action.to else ""
    return f"{label}{who} ({debrief.interview.company})"


def _todo(interview_id: int | str, debrief: Debrief, action: Action,
          stamp: datetime) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("uid", uid_for(interview_id, action))
    todo.add("dtstamp", stamp)
    todo.add("dtstart", action.due)
    todo.add("due", action.latest)
    todo.add("summary", _summary(debrief, action))
    details = [action.why, f"Channel: {action.channel}.", f"Rule: {action.rule}."]
    if action.note:
        details.append(action.note)
    todo.add("description", "\n".join(details))
    todo.add("categories", [action.kind])
    todo.add("status", STATUSES.get(action.status, "NEEDS-ACTION"))
    todo.add("x-followthrough-id", f"{interview_id}.{action.key}")
    todo.add("x-followthrough-rule", action.rule)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _summary(debrief, action))
    alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
    todo.add_component(alarm)
    return todo
