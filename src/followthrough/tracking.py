"""What happens after the interview: events (done, skipped, a reply, an
outcome) change the plan; the plan is recomputed and stored as rows so the
agenda is one indexed query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.debrief import same_person_key
from followthrough.errors import BadInput, Problem
from followthrough.plan import Action, Event, plan
from followthrough.settings import Settings, load_settings
from followthrough.store import AgendaRow, PlannedRow, Store, StoredEvent, StoredInterview

OUTCOMES = ("offer", "rejected", "next-round", "withdrawn")
OVERDUE_WINDOW = timedelta(days=30)
"""How far back the agenda looks for overdue actions; older ones are history."""
AHEAD = timedelta(days=7)


def _events(store: Store, interview_id: int) -> list[Event]:
    return [Event(kind=e.kind, at=e.at, action=e.action_key, person=e.person,  # type: ignore[arg-type]
                  outcome=e.outcome)  # type: ignore[arg-type]
            for e in store.events_of(interview_id)]


def zone_name(instant: datetime) -> str:
    """The IANA key of an aware datetime's zone (planner times carry a ZoneInfo)."""
    return instant.tzinfo.key if isinstance(instant.tzinfo, ZoneInfo) else "UTC"


def _row(interview_id: int, action: Action) -> PlannedRow:
    return PlannedRow(interview_id=interview_id, key=action.key, kind=action.kind,
                      recipient=action.to, channel=action.channel, due=action.due,
                      latest=action.latest, zone=zone_name(action.due), why=action.why,
                      rule=action.rule, status=action.status)


def state_of(events: Sequence[Event], actions: Sequence[Action]) -> str:
    outcomes = [event.outcome for event in events if event.kind == "outcome" and event.outcome]
    if outcomes:
        return outcomes[-1]
    if any(a.kind == "move-on" and a.status == "done" for a in actions):
        return "moved-on"
    if any(event.kind == "reply" for event in events):
        return "replied"
    return "awaiting"


def replan(store: Store, interview_id: int, settings: Settings | None = None
           ) -> tuple[StoredInterview, list[Action]]:
    """Recompute the interview's plan from its debrief and events, and store it."""
    settings = settings or load_settings()
    stored = store.get_interview(interview_id)
    events = _events(store, interview_id)
    actions = plan(stored.debrief, events, now=clock.now(), overrides=settings.profiles)
    store.save_plan(interview_id, [_row(interview_id, action) for action in actions])
    store.set_state(interview_id, state_of(events, actions))
    return store.get_interview(interview_id), actions


def mark_action(store: Store, action_id: str, status: str) -> PlannedRow:
    """Record that an action was done or skipped, and replan."""
    row = store.find_action(action_id)
    store.add_event(row.interview_id, StoredEvent(kind=status, at=clock.now(),
                                                  action_key=row.key, person=row.recipient))
    replan(store, row.interview_id)
    return store.find_action(action_id)


def _check_person(store: Store, interview_id: int, person: str | None) -> None:
    """``person`` (case and spacing aside) is someone in the interview's debrief."""
    if person is None:
        return
    known = store.get_interview(interview_id).debrief.people()
    if same_person_key(person) not in {same_person_key(name) for name in known}:
        raise BadInput([Problem("--from", f"{person!r} is not anyone in interview "
                                f"#{interview_id}", expected=" or ".join(known))])


def record_reply(store: Store, interview_id: int, person: str | None) -> None:
    _check_person(store, interview_id, person)
    store.add_event(interview_id, StoredEvent(kind="reply", at=clock.now(), person=person))
    replan(store, interview_id)


def record_outcome(store: Store, interview_id: int, outcome: str,
                   person: str | None = None) -> None:
    """Record an outcome, and who gave the news (the outcome note goes to them)."""
    if outcome not in OUTCOMES:
        raise BadInput([Problem("OUTCOME", f"{outcome!r} is not an outcome",
                                expected=" | ".join(OUTCOMES))])
    _check_person(store, interview_id, person)
    store.add_event(interview_id, StoredEvent(kind="outcome", at=clock.now(), outcome=outcome,
                                              person=person))
    replan(store, interview_id)


@dataclass(frozen=True)
class AgendaItem:
    row: AgendaRow

    def as_dict(self) -> dict[str, Any]:
        action = self.row.action
        theirs = ZoneInfo(action.zone)
        yours = ZoneInfo(self.row.candidate_zone)
        return {
            "id": action.id, "interview": action.interview_id, "company": self.row.company,
            "kind": action.kind, "to": action.recipient, "channel": action.channel,
            "due": action.due.astimezone(theirs).isoformat(),
            "latest": action.latest.astimezone(theirs).isoformat(),
            "due_yours": action.due.astimezone(yours).isoformat(),
            "why": action.why, "rule": action.rule, "status": action.status,
        }


@dataclass(frozen=True)
class Agenda:
    now: datetime
    zone: str
    overdue: list[AgendaItem]
    today: list[AgendaItem]
    upcoming: list[AgendaItem]

    def as_dict(self) -> dict[str, Any]:
        return {"now": self.now.isoformat(), "zone": self.zone,
                "overdue": [item.as_dict() for item in self.overdue],
                "today": [item.as_dict() for item in self.today],
                "upcoming": [item.as_dict() for item in self.upcoming]}


def agenda(store: Store, zone: str | None = None) -> Agenda:
    """Overdue (last 30 days), today and the next 7 days, in the candidate's zone."""
    now = clock.now()
    rows = store.agenda(now, now - OVERDUE_WINDOW, now + AHEAD + timedelta(days=1))
    zone = zone or (rows[0].candidate_zone if rows else "UTC")
    local_now = now.astimezone(ZoneInfo(zone))
    end_of_today = datetime.combine(local_now.date() + timedelta(days=1), time(0),
                                    tzinfo=local_now.tzinfo)
    horizon = end_of_today + AHEAD
    items = [AgendaItem(row) for row in rows]
    return Agenda(
        now=local_now, zone=zone,
        overdue=[i for i in items if i.row.action.due < now],
        today=[i for i in items if now <= i.row.action.due < end_of_today],
        upcoming=[i for i in items if end_of_today <= i.row.action.due < horizon],
    )
