"""Calendar export: planned actions as RFC 5545 components, written with ``icalendar``.

Each action becomes one VEVENT (what Google Calendar, Outlook and Apple
Calendar show) of :data:`EVENT_LENGTH` at ``due``, free rather than busy, with a
display alarm at its start while it is pending; its description says by when
it is best done (``latest``). On request (``todo``) each becomes a VTODO
instead, due at ``latest``, for the apps that list tasks. Times keep the
recipient's zone as an explicit TZID with a generated VTIMEZONE.

The UID is the interview's random uid (or, where none is given, its number)
and the action key, so importing a new export updates the existing entries
instead of duplicating them, and a new interview never takes over a deleted
one's entries. ``DTSTAMP`` is the given ``now``, so that the same input always
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

import icalendar

from followthrough.debrief.model import Debrief
from followthrough.errors import BadInput, Problem
from followthrough.plan.planner import Action
from followthrough.vocabulary import action_id

PRODID = "-//followthrough//follow-up planner//EN"
UID_DOMAIN = "followthrough.invalid"
ZONE_MARGIN = timedelta(days=366)
"""VTIMEZONE rules cover the actions plus a year either side."""
EVENT_LENGTH = timedelta(minutes=15)
"""How long an action's calendar event is: a slot to do it in, not a deadline."""
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
    "rejection-reply": "Reply after a no",
    "offer-reply": "Offer reply",
    "withdrawal": "Withdrawal note",
    "next-round-thanks": "Thanks for the next round",
}
"""Each action kind in words: calendar summaries, and the web's headings."""
STATUSES = {"pending": "NEEDS-ACTION", "done": "COMPLETED", "skipped": "CANCELLED",
            "cancelled": "CANCELLED"}
"""A to-do's STATUS for each action status."""
EVENT_STATUSES = {"pending": "CONFIRMED", "done": "CONFIRMED"}
"""An event's STATUS for each action status; any other (skipped, cancelled) cancels it."""
DONE_PREFIX = {"done": "Done: ", "skipped": "Skipped: ", "cancelled": "Cancelled: "}

Item = tuple[int | str, Debrief, Sequence[Action]]
"""One interview: its number, its debrief and its planned actions."""


def uid_for(interview: int | str, action: Action) -> str:
    """The calendar UID of one action: the same on every export. ``interview`` is
    the interview's uid (its number in calendars written before uids existed)."""
    return f"{action_id(interview, action.key)}@{UID_DOMAIN}"


def to_ics(items: Iterable[Item], *, now: datetime, todo: bool = False,
           uids: Mapping[int | str, str] | None = None) -> bytes:
    """One VCALENDAR holding a VEVENT (or with ``todo`` a VTODO) for every action of
    every interview. ``uids`` maps an interview's number to its uid, which the
    calendar UIDs carry; a number it does not map stands for itself."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise BadInput([Problem("now", f"{now.isoformat()} has no UTC offset",
                                expected="an aware date-time")])
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = now.astimezone(UTC)
    instants = [stamp]
    component = _todo if todo else _event
    for interview_id, debrief, actions in items:
        uid = (uids or {}).get(interview_id, interview_id)
        for action in actions:
            calendar.add_component(component(interview_id, uid, debrief, action, stamp))
            instants += [action.due, action.latest]
    calendar.add_missing_timezones(min(instants).date() - ZONE_MARGIN,
                                   max(instants).date() + ZONE_MARGIN)
    return bytes(calendar.to_ical())


def _summary(debrief: Debrief, action: Action) -> str:
    label = LABELS.get(action.kind, action.kind)
    who = f" to {action.to}" if action.to else ""
    return f"{label}{who} ({debrief.interview.company})"


def _details(action: Action, *, by: bool) -> str:
    lines = [action.why]
    if by:
        lines.append(f"Best done by {action.latest:%a %d %b %Y %H:%M} ({_zone(action)}).")
    lines += [f"Channel: {action.channel}.", f"Rule: {action.rule}."]
    if action.note:
        lines.append(action.note)
    return "\n".join(lines)


def _zone(action: Action) -> str:
    return str(getattr(action.latest.tzinfo, "key", action.latest.tzname()))


def _common(component: icalendar.Component, interview_id: int | str, uid: int | str,
            action: Action, stamp: datetime) -> None:
    component.add("uid", uid_for(uid, action))
    component.add("dtstamp", stamp)
    component.add("dtstart", action.due)
    component.add("categories", [action.kind])
    component.add("x-followthrough-id", action_id(interview_id, action.key))
    component.add("x-followthrough-rule", action.rule)


def _alarm(summary: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
    return alarm


def _event(interview_id: int | str, uid: int | str, debrief: Debrief, action: Action,
           stamp: datetime) -> icalendar.Event:
    """A short, free event at ``due``; only a pending one reminds."""
    event = icalendar.Event()
    _common(event, interview_id, uid, action, stamp)
    summary = _summary(debrief, action)
    event.add("dtend", action.due + EVENT_LENGTH)
    event.add("summary", DONE_PREFIX.get(action.status, "") + summary)
    event.add("description", _details(action, by=True))
    event.add("status", EVENT_STATUSES.get(action.status, "CANCELLED"))
    event.add("transp", "TRANSPARENT")
    if action.status == "pending":
        event.add_component(_alarm(summary))
    return event


def _todo(interview_id: int | str, uid: int | str, debrief: Debrief, action: Action,
          stamp: datetime) -> icalendar.Todo:
    """A to-do that starts at ``due`` and is due at ``latest``, reminding at its start."""
    todo = icalendar.Todo()
    _common(todo, interview_id, uid, action, stamp)
    todo.add("due", action.latest)
    todo.add("summary", _summary(debrief, action))
    todo.add("description", _details(action, by=False))
    todo.add("status", STATUSES.get(action.status, "NEEDS-ACTION"))
    todo.add_component(_alarm(_summary(debrief, action)))
    return todo
