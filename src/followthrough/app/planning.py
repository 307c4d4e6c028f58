"""What happens after the interview: events (done, skipped, a reply, an
outcome, a reference check, an undo) change the plan; the plan is recomputed and
stored as rows so the agenda is one indexed query.

Events are never deleted: an undo is a compensating event naming the one it takes
back, so the history stays whole and the plan after an event and its undo is the
plan before the event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.app.agenda import is_overdue, pending_reminders
from followthrough.debrief.behaviour import same_person_key
from followthrough.errors import BadInput, Problem
from followthrough.plan import Action, Event, plan
from followthrough.plan.planner import (
    OUTCOMES_AFTER,
    events_in_force,
    is_reference,
    latest_outcome,
)
from followthrough.plan.rules import AHEAD, OVERDUE_WINDOW
from followthrough.plan.timeline import MAX_AHEAD_DAYS, read_timeline
from followthrough.plan.weekly import KEEP_SEARCHING, search_week
from followthrough.settings import Settings, load_settings
from followthrough.store.rows import PlannedRow, Reader, StoredEvent, StoredInterview
from followthrough.vocabulary import MAX_ID_DIGITS, OUTCOMES, existing_id

if TYPE_CHECKING:
    from followthrough.debrief import Debrief
    from followthrough.debrief.model import Reflection
    from followthrough.store import Store

UNDO_PREFIX = "event."
"""An undo stores the event it takes back as ``event.<id>`` in the action column."""


def planner_event(stored: StoredEvent) -> Event:
    """The planner's event for a stored one: an undo names its event in the action
    column (``event.12``), a reply its new decision date in the outcome column."""
    undo = stored.kind == "undo"
    undoes = int(stored.action_key.removeprefix(UNDO_PREFIX)) \
        if undo and stored.action_key else None
    until = date.fromisoformat(stored.outcome) \
        if stored.kind == "reply" and stored.outcome else None
    return Event(kind=stored.kind, at=stored.at,  # type: ignore[arg-type]
                 action=None if undo else stored.action_key, person=stored.person,
                 outcome=stored.outcome if stored.kind == "outcome" else None,  # type: ignore[arg-type]
                 id=stored.id, undoes=undoes, until=until)


def _events(store: Reader, interview_id: int) -> list[Event]:
    return [planner_event(stored) for stored in store.events_of(interview_id)]


def zone_name(instant: datetime) -> str:
    """The IANA key of an aware datetime's zone (planner times carry a ZoneInfo)."""
    return instant.tzinfo.key if isinstance(instant.tzinfo, ZoneInfo) else "UTC"


def as_action(row: PlannedRow) -> Action:
    """A stored row as the planner's action, its times in the recipient's zone."""
    zone = ZoneInfo(row.zone)
    return Action(key=row.key, kind=row.kind, to=row.recipient, channel=row.channel,
                  due=row.due.astimezone(zone), latest=row.latest.astimezone(zone),
                  why=row.why, rule=row.rule, status=row.status)


def _row(interview_id: int, action: Action) -> PlannedRow:
    return PlannedRow(interview_id=interview_id, key=action.key, kind=action.kind,
                      recipient=action.to, channel=action.channel, due=action.due,
                      latest=action.latest, zone=zone_name(action.due), why=action.why,
                      rule=action.rule, status=action.status)


def state_of(events: Sequence[Event], actions: Sequence[Action],
             debrief: Debrief | None = None) -> str:
    """The interview's state; a reply from one of the candidate's references (of
    ``debrief``) is not the company's, so it leaves the interview awaiting."""
    outcome = latest_outcome(events)
    if outcome:
        return outcome
    if any(a.kind == "move-on" and a.status == "done" for a in actions):
        return "moved-on"
    if any(event.kind == "reply" and not (debrief and is_reference(debrief, event.person))
           for event in events_in_force(events)):
        return "replied"
    return "awaiting"


COMPANY_MESSAGES = frozenset({"status-inquiry", "move-on"})
"""The kinds spaced across the interviews at one company."""


def replan(store: Reader, interview_id: int, settings: Settings | None = None
           ) -> tuple[StoredInterview, list[Action]]:
    """Recompute the interview's plan from its debrief and events, and store it; with
    the other interviews at the same company (rounds), each of those too, earliest
    first, as their plans depend on one another (:func:`_replan_round`)."""
    settings = settings or load_settings()
    linked = store.same_company(interview_id)
    if not linked:
        return _replan_round(store, interview_id, settings, [], [])
    stored = store.get_interview(interview_id)
    rounds = sorted([*linked, (interview_id, stored.debrief.interview.starts)],
                    key=lambda item: (item[1].astimezone(UTC), item[0]))
    planned = {each: _replan_round(store, each, settings,
                                   [number for number, _ in rounds[:index]],
                                   [start for _, start in rounds[index + 1:]])
               for index, (each, _) in enumerate(rounds)}
    return planned[interview_id]


def _replan_round(store: Reader, interview_id: int, settings: Settings, earlier: list[int],
                  later: list[datetime]) -> tuple[StoredInterview, list[Action]]:
    """Plan one interview among those at its company: a later one that began after it
    ended is the company's answer (a reply then, which stops the pending inquiries);
    the inquiries and move-on notes of earlier ones are kept a week from, and those of
    earlier ones still waiting alongside it (not yet ended when it began) count
    against the culture's limit of inquiries."""
    stored = store.get_interview(interview_id)
    events = _events(store, interview_id)
    debrief = stored.debrief
    ended = _end_of(debrief)
    answers = [Event("reply", start) for start in later if start > ended][:1]
    busy: list[datetime] = []
    asked = 0
    for number in earlier:
        rows = [row for row in store.plan_of(number)
                if row.kind in COMPANY_MESSAGES and row.status != "skipped"]
        busy += [row.due for row in rows]
        if _end_of(store.get_interview(number).debrief) >= debrief.interview.starts:
            asked += sum(row.kind == "status-inquiry" for row in rows)
    before = {row.key: row.rule for row in store.plan_of(interview_id)}
    actions = plan(debrief, [*events, *answers], now=clock.now(),
                   overrides=settings.profiles, busy=busy, asked_elsewhere=asked,
                   before=before)
    store.save_plan(interview_id, [_row(interview_id, action) for action in actions])
    store.set_state(interview_id, state_of(events, actions, debrief))
    return store.get_interview(interview_id), actions


def _end_of(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)


def same_company_ids(store: Store, interview_id: int) -> list[int]:
    """The other interviews planned together with this one, earliest first."""
    return [number for number, _ in store.same_company(interview_id)]


def rounds_note(store: Store, interview_id: int) -> str | None:
    """What importing ``interview_id`` linked it to: the other interviews at its company."""
    linked = same_company_ids(store, interview_id)
    if not linked:
        return None
    company = store.get_interview(interview_id).debrief.interview.company
    others = ", ".join(f"#{number}" for number in linked)
    return (f"#{interview_id} is at {company} like {others}: planned as rounds of one "
            "process (a later round stops the earlier one's inquiries; inquiries to the "
            "company keep a week apart). `followthrough edit` the company's name if they "
            "are not.")


def mark(store: Store, action_id: str, status: str,
         settings: Settings | None = None) -> tuple[PlannedRow, bool]:
    """Record that an action was done or skipped, and replan; whether anything changed
    (marking an action again with the status it has records nothing). The look and the
    write are one transaction, so two ``done`` at once record one event on SQLite."""
    with store.atomic():
        row = store.find_action(action_id)
        if row.status == status:
            return row, False
        now = clock.now()
        for each in [row, *_same_week_reminders(store, row)]:
            store.add_event(each.interview_id, StoredEvent(
                kind=status, at=now, action_key=each.key, person=each.recipient))
            replan(store, each.interview_id, settings)
        return store.find_action(action_id), True


def _same_week_reminders(store: Store, row: PlannedRow) -> list[PlannedRow]:
    """The other pending keep-searching reminders of ``row``'s week (one
    reminder a week for the candidate: :mod:`followthrough.plan.weekly`)."""
    if row.kind != KEEP_SEARCHING:
        return []
    now = clock.now()
    week = search_week(row.due, row.zone, now)
    return [other.action for other in pending_reminders(store, now)
            if other.action.id != row.id
            and search_week(other.action.due, other.action.zone, now) == week]


def plan_document(stored: StoredInterview, actions: Sequence[Action],
                  settings: Settings) -> dict[str, Any]:
    """``plan --format json`` and the API's plan: the interview (its id None for a
    debrief file), how its decision words read, and every action, overdue or not."""
    from followthrough.plan.decision_words import timing_json

    interview_id = stored.id or None
    now = clock.now()
    interview = {**stored.as_dict(), "id": interview_id,
                 "timing": timing_json(stored.debrief, settings.profiles)}
    return {"interview": interview, "actions": [
        {**action.as_dict(interview_id or "file"), "overdue": is_overdue(action, now)}
        for action in actions]}


def mark_action(store: Store, action_id: str, status: str) -> PlannedRow:
    """Record that an action was done or skipped (once), and replan."""
    return mark(store, action_id, status)[0]


def reflection_written(store: Store, interview_id: int, before: Reflection | None,
                       after: Reflection | None, settings: Settings | None = None) -> None:
    """Writing the reflection (new or changed words in ``[reflection]``) completes the
    reflection step, as `followthrough done ID.reflection` would."""
    if after == before or not _has_words(after):
        return
    for row in store.plan_of(interview_id):
        if row.kind == "reflection" and row.status in ("pending", "skipped"):
            mark(store, row.id, "done", settings)


def _has_words(reflection: Reflection | None) -> bool:
    return reflection is not None and bool(reflection.went_well or reflection.improve
                                           or reflection.learned)


def _check_person(store: Store, interview_id: int, person: str | None) -> None:
    """``person`` (case and spacing aside) is someone in the interview's debrief."""
    if person is None:
        return
    known = store.get_interview(interview_id).debrief.people()
    if same_person_key(person) not in {same_person_key(name) for name in known}:
        raise BadInput([Problem("--from", f"{person!r} is not anyone in interview "
                                f"#{interview_id}", expected=" or ".join(known))])


@dataclass(frozen=True)
class ReplyRecorded:
    from_reference: bool
    """The reply came from one of the candidate's references: the company's inquiries go on."""
    until: date | None
    """The new decision date it gave, if any."""
    said: str | None = None
    """The words the date was read from, when it was read from the reply's text."""


def _local_today(store: Store, interview_id: int) -> date:
    return clock.now().astimezone(store.get_interview(interview_id).debrief.zone).date()


def _new_date(today: date, until: date | None, said: str | None) -> tuple[date | None, str | None]:
    """The decision date a reply gives: ``until``, else read from its words."""
    if until is None and said:
        reading = read_timeline(said, today)
        if reading is None:
            raise BadInput([Problem("--said", f"no date could be read from '{said}'",
                                    expected="words such as 'next week' or 'by 14 December', "
                                             "or give the date with --until YYYY-MM-DD")])
        if reading.alternative is not None:
            return reading.day, (f"{reading.said}; it can also mean "
                                 f"{reading.alternative:%d %B}: give --until to be exact")
        return reading.day, reading.said
    if until is not None and not today <= until <= today + timedelta(days=MAX_AHEAD_DAYS):
        raise BadInput([Problem("--until", f"{until.isoformat()} is not between today "
                                f"({today.isoformat()}) and two years from now",
                                expected="the new decision date they gave, YYYY-MM-DD")])
    return until, None


def record_reply(store: Store, interview_id: int, person: str | None,
                 until: date | None = None, said: str | None = None,
                 settings: Settings | None = None) -> ReplyRecorded:
    """Record a reply; a new decision date (``until``, or read from ``said``) starts the
    inquiries again from it. A reply from one of the candidate's references is theirs,
    not the company's, and gives no decision date."""
    _check_person(store, interview_id, person)
    debrief = store.get_interview(interview_id).debrief
    from_reference = is_reference(debrief, person)
    if from_reference and (until or said):
        raise BadInput([Problem("--until", f"{person} is one of your references, so their "
                                "reply gives no decision date",
                                expected="the company's new date with --from someone there")])
    day, words = _new_date(_local_today(store, interview_id), until, said)
    store.add_event(interview_id, StoredEvent(
        kind="reply", at=clock.now(), person=person,
        outcome=day.isoformat() if day else None))
    replan(store, interview_id, settings)
    return ReplyRecorded(from_reference, day, words)


def _check_outcome(current: str | None, outcome: str, interview_id: int) -> None:
    if outcome not in OUTCOMES:
        raise BadInput([Problem("OUTCOME", f"'{outcome}' is not an outcome",
                                expected=" | ".join(OUTCOMES))])
    allowed = OUTCOMES_AFTER[current]
    if outcome not in allowed:
        can = " or ".join(sorted(allowed)) if allowed else "no other outcome"
        raise BadInput([Problem("OUTCOME", f"interview #{interview_id} is already {current}, "
                                f"so it cannot become {outcome}",
                                expected=f"{can}; or take back the {current} first with "
                                         f"`followthrough undo {interview_id}`")])


def record_outcome(store: Store, interview_id: int, outcome: str,
                   person: str | None = None, settings: Settings | None = None) -> bool:
    """Record an outcome, and who gave the news (the outcome note goes to them); whether
    anything changed (the outcome already in force records nothing, save a next round,
    which is one more round each time). Outcomes follow :data:`OUTCOMES_AFTER`."""
    with store.atomic():
        current = latest_outcome(_events(store, interview_id))
        if outcome == current and outcome != "next-round":
            return False
        _check_outcome(current, outcome, interview_id)
        _check_person(store, interview_id, person)
        store.add_event(interview_id, StoredEvent(kind="outcome", at=clock.now(),
                                                  outcome=outcome, person=person))
        replan(store, interview_id, settings)
        return True


def record_reference_check(store: Store, interview_id: int, person: str | None,
                           settings: Settings | None = None) -> bool:
    """Record that the company contacted a reference (``person``, else every reference);
    referee-thanks follow. Whether anything changed (a check already recorded for them
    records nothing)."""
    debrief = store.get_interview(interview_id).debrief
    names = [reference.name for reference in debrief.references]
    if not names:
        raise BadInput([Problem("references", f"interview #{interview_id} names no reference",
                                expected="add the reference to the debrief first "
                                         "(followthrough edit)")])
    if person is not None and not is_reference(debrief, person):
        raise BadInput([Problem("--from", f"'{person}' is not one of the references of "
                                f"interview #{interview_id}", expected=" or ".join(names))])
    with store.atomic():
        if _already_checked(store, interview_id, names, person):
            return False
        store.add_event(interview_id, StoredEvent(kind="reference-check", at=clock.now(),
                                                  person=person))
        replan(store, interview_id, settings)
        return True


def _already_checked(store: Store, interview_id: int, names: list[str],
                     person: str | None) -> bool:
    """Whether a check in force already covers ``person`` (else every reference)."""
    every = {same_person_key(name) for name in names}
    checked: set[str] = set()
    for event in events_in_force(_events(store, interview_id)):
        if event.kind == "reference-check":
            checked |= {same_person_key(event.person)} if event.person else every
    return ({same_person_key(person)} if person else every) <= checked


def describe(event: Event) -> str:
    """An event in a few words: ``done 3.thank-you.emi-kobayashi``, ``outcome rejected``."""
    detail = {
        "done": event.action, "skipped": event.action, "outcome": event.outcome,
        "undo": f"of event {event.undoes}",
        "reply": " ".join(part for part in (
            f"from {event.person}" if event.person else None,
            f"until {event.until.isoformat()}" if event.until else None) if part),
        "reference-check": f"of {event.person}" if event.person else "of every reference",
    }.get(event.kind)
    return f"{event.kind} {detail}".strip() if detail else event.kind


@dataclass(frozen=True)
class HistoryEntry:
    event: Event
    in_force: bool
    """False once an undo has taken the event back (undo events themselves are never)."""


def history(store: Store, interview_id: int) -> list[HistoryEntry]:
    """Every event of the interview in the order recorded, undos included."""
    events = _events(store, interview_id)
    live = {event.id for event in events_in_force(events)}
    return [HistoryEntry(event, event.kind == "undo" or event.id in live) for event in events]


def _to_undo(store: Store, target: str, event_id: int | None) -> tuple[int, Event]:
    """The interview and the event ``target`` names: an interview id (its latest event in
    force, or ``event_id``) or an action id (the latest mark on that action)."""
    action_key = None
    if target.isdigit() and target.isascii():
        interview_id = existing_id(int(target) if len(target) <= MAX_ID_DIGITS else 0)
    else:
        row = store.find_action(target)
        interview_id, action_key = row.interview_id, row.key
    events = _events(store, interview_id)
    if event_id is not None:
        named = [event for event in events if event.id == event_id]
        if not named:
            raise BadInput([Problem("--event", f"interview #{interview_id} has no event "
                                    f"{event_id}", expected="a number from `followthrough "
                                    f"history {interview_id}`")])
        return interview_id, named[0]
    candidates = [event for event in events_in_force(events)
                  if action_key is None or event.action == action_key]
    if not candidates:
        what = f"action {target}" if action_key else f"interview #{interview_id}"
        raise BadInput([Problem("ID", f"{what} has no event to undo",
                                expected=f"see `followthrough history {interview_id}`")])
    return interview_id, max(candidates, key=lambda event: event.id or 0)


def undo(store: Store, target: str, event_id: int | None = None,
         settings: Settings | None = None) -> tuple[int, Event]:
    """Take back an event by recording a compensating ``undo`` event; the plan is then
    the plan as if the event had never been recorded. Returns the interview and the
    event taken back."""
    with store.atomic():
        interview_id, event = _to_undo(store, target, event_id)
        if event.kind != "undo" and event.id not in {
                live.id for live in events_in_force(_events(store, interview_id))}:
            raise BadInput([Problem("--event", f"event {event.id} ({describe(event)}) is "
                                    "already undone", expected="an event still in force")])
        for each_id, each in [(interview_id, event),
                              *_same_week_marks(store, interview_id, event)]:
            store.add_event(each_id, StoredEvent(kind="undo", at=clock.now(),
                                                 action_key=f"{UNDO_PREFIX}{each.id}"))
            replan(store, each_id, settings)
        return interview_id, event


def _same_week_marks(store: Store, interview_id: int, event: Event) -> list[tuple[int, Event]]:
    """When ``event`` marked a keep-searching reminder, the marks that one Done or Skip
    recorded with it on the same week's reminders of other interviews (the same kind
    at the same instant, still in force): undoing one undoes them all."""
    if event.kind not in ("done", "skipped") or not (event.action or "").startswith(
            f"{KEEP_SEARCHING}."):
        return []
    marked = store.pending_of_kind(KEEP_SEARCHING, event.at - OVERDUE_WINDOW - AHEAD,
                                   event.at + AHEAD + timedelta(days=8), status=event.kind)
    found = []
    for row in marked:
        if (row.action.interview_id, row.action.key) == (interview_id, event.action):
            continue
        found += [(row.action.interview_id, mark) for mark in
                  events_in_force(_events(store, row.action.interview_id))
                  if mark.kind == event.kind and mark.action == row.action.key
                  and mark.at == event.at]
    return found


