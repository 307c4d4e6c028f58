"""The follow-up planner: a debrief and its events in, dated actions out.

:func:`plan` is a pure function of the debrief, the events recorded so far, the
current instant and the user's culture overrides. Messages to the company,
its interviewers and the recruiter are timed in the company's calendar (the
debrief's zone, the country's culture profile and public holidays); the
candidate's own tasks and messages to their references follow the candidate's
calendar (their zone and the country that zone belongs to).

Event semantics: ``done``/``skipped`` mark one action; a ``reply`` from the
company cancels every pending status inquiry and the move-on note (one from the
candidate's own reference changes nothing), and when it gives a new decision
date (``until``) the inquiries start again from that date; an ``outcome`` plans
a note in reply to it (:data:`OUTCOME_NOTES`) and stops the pending inquiries
and move-on note; ``offer``, ``rejected`` and ``withdrawn`` also end the weekly
tasks, and ``next-round`` adds ``next-round-prep``; a ``reference-check`` adds
a ``referee-thanks``; an ``undo`` takes back the event it names, so the plan is
as if that event had never been recorded (:func:`events_in_force`). An inquiry
marked done without a reply plans the next one from the moment it was sent.
Which outcome may follow which is :data:`OUTCOMES_AFTER`; the planner itself
accepts any sequence, and the recording side enforces it.

Interviews at the same company are planned together by the caller: ``busy``
(their chasers' times, which this plan's keep a week from) and
``asked_elsewhere`` (their inquiries, which count against the culture's limit).

Status inquiries wait for a stated decision date, or for the date their words
point to (:mod:`followthrough.plan.timeline`), plus the culture's patience;
they and the move-on note skip slow seasons, whose days do not count as
waiting, and go to the recruiter when the recruiter runs the process.

A rejection or a withdrawal closes the process: from then on only its note,
the reflection, actions already marked done or skipped, and what later events
add (a later outcome's note, a later round's preparation, a later reference
check's thanks) stay in the plan; every other pending action is dropped. Only
the latest outcome's note is pending (an earlier one stays only when marked),
and the same outcome recorded twice in a row is one outcome.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from followthrough.culture import Profile, profile_for
from followthrough.debrief.behaviour import same_person_key
from followthrough.errors import BadInput, Problem
from followthrough.plan import rule_book as r
from followthrough.plan.business import (
    Calendar,
    Window,
    calendar_for,
    country_of_zone,
    normalise_subdivision,
    resolve_wall_time,
)
from followthrough.plan.timeline import Timeline, read_timeline
from followthrough.vocabulary import EVENT_KINDS, OUTCOMES, action_id
from followthrough.vocabulary import EventKind as EventKind
from followthrough.vocabulary import Outcome as Outcome

if TYPE_CHECKING:
    from followthrough.debrief.model import Debrief, Interviewer, Promise

OUTCOMES_AFTER: Mapping[str | None, frozenset[str]] = {
    None: frozenset(OUTCOMES),
    "next-round": frozenset(OUTCOMES),
    "offer": frozenset({"withdrawn", "rejected"}),
    "rejected": frozenset(),
    "withdrawn": frozenset(),
}
"""The outcomes that may follow the latest one (``None``: no outcome yet). An offer can
still be declined (withdrawn) or taken back (rejected); a rejection or a withdrawal
ends the process, and only an undo reopens it."""
OUTCOME_NOTES: Mapping[str, str] = {
    "rejected": "rejection-reply", "offer": "offer-reply", "withdrawn": "withdrawal",
    "next-round": "next-round-thanks"}
"""The message each outcome calls for (its action kind, and its key when it is the first)."""
OUTCOME_RULES: Mapping[str, r.Rule] = {
    "rejection-reply": r.REJECTION_REPLY, "offer-reply": r.OFFER_REPLY,
    "withdrawal": r.WITHDRAWAL, "next-round-thanks": r.NEXT_ROUND_THANKS}
CLOSING_OUTCOMES = frozenset({"rejected", "withdrawn"})
"""Outcomes after which nothing but their note and the reflection stays pending."""

HR_WORDS = re.compile(r"\b(hr|human resources|recruit\w*|talent|people)\b", re.IGNORECASE)
SEASONS_BEFORE = timedelta(days=62)
SEASONS_AFTER = timedelta(days=2 * 366 + 31)
"""The stretch around the interview whose slow seasons a timeline in words may name."""


@dataclass(frozen=True)
class Event:
    """Something that happened after the interview and changes the plan."""

    kind: EventKind
    at: datetime
    action: str | None = None
    """The action's key (``thank-you.hiroshi-sato``) or full id (``7.thank-you.hiroshi-sato``)."""
    person: str | None = None
    outcome: Outcome | None = None
    id: int | None = None
    """The event's number in the store, which an ``undo`` names."""
    undoes: int | None = None
    """For an ``undo``: the id of the event it takes back."""
    until: date | None = None
    """For a ``reply``: the new decision date it gave."""


def events_in_force(events: Sequence[Event]) -> list[Event]:
    """The events an undo has not taken back, without the undo events themselves. The
    latest undo is weighed first, so undoing an undo restores the event it undid."""
    undone: set[int] = set()
    undos = sorted((event for event in events if event.kind == "undo"),
                   key=lambda event: event.id or 0, reverse=True)
    for event in undos:
        if event.id not in undone and event.undoes is not None:
            undone.add(event.undoes)
    return [event for event in events
            if event.kind != "undo" and (event.id is None or event.id not in undone)]


def is_reference(debrief: Debrief, person: str | None) -> bool:
    """Whether ``person`` is one of the candidate's own references."""
    wanted = same_person_key(person) if person else None
    return any(same_person_key(reference.name) == wanted for reference in debrief.references)


def latest_outcome(events: Sequence[Event]) -> str | None:
    in_force = sorted(events_in_force(events), key=lambda event: (_utc(event.at), event.id or 0))
    outcomes = [event.outcome for event in in_force if event.kind == "outcome" and event.outcome]
    return outcomes[-1] if outcomes else None


@dataclass(frozen=True)
class Action:
    """One dated thing to do; ``due``/``latest`` are aware in the recipient's zone."""

    key: str
    kind: str
    to: str | None
    channel: str
    due: datetime
    latest: datetime
    why: str
    rule: str
    status: str = "pending"
    note: str | None = None
    """What the daylight-saving rule changed for this action, in plain words."""

    def as_dict(self, interview_id: int | str) -> dict[str, str | None]:
        return {
            "id": action_id(interview_id, self.key),
            "kind": self.kind,
            "to": self.to,
            "channel": self.channel,
            "due": self.due.isoformat(),
            "latest": self.latest.isoformat(),
            "why": self.why,
            "rule": self.rule,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class _Contact:
    """Whom the status inquiries and the move-on note go to, and why them."""

    name: str
    channel: str
    calendar: Calendar
    who: str
    """The name as the why sentences use it, with the reason when it is the recruiter."""


@dataclass
class _Marks:
    """The latest done/skipped event per action, found by key or by full action id
    (``<interview id>.<key>``)."""

    by_action: dict[str, Event] = field(default_factory=dict)

    def get(self, key: str) -> Event | None:
        found = self.by_action.get(key)
        if found is not None:
            return found
        suffix = f".{key}"
        matches = [event for action, event in self.by_action.items() if action.endswith(suffix)]
        return max(matches, key=lambda event: event.at) if matches else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


@dataclass
class _Context:
    debrief: Debrief
    now: datetime
    company: Calendar
    personal: Calendar
    marks: _Marks
    replies: list[Event]
    outcomes: list[Event]
    checks: list[Event]
    busy: Sequence[datetime] = ()
    """When the company's inquiries and move-on notes of its other interviews are due
    or were sent: this plan keeps :data:`rules.ACROSS_ROUNDS`' spacing from each."""
    asked_elsewhere: int = 0
    """Inquiries to the company for its other interviews still waiting alongside this
    one: they count against the culture's limit."""
    before: dict[str, str] = field(default_factory=dict)
    """The rule of each action in the plan stored before, by key."""
    end: datetime = field(init=False)

    def __post_init__(self) -> None:
        interview = self.debrief.interview
        self.end = interview.starts.astimezone(UTC) + timedelta(minutes=interview.minutes)
        self.now = self.now.astimezone(UTC)

    @property
    def profile(self) -> Profile:
        return self.company.profile

    @property
    def company_name(self) -> str:
        return self.debrief.interview.company

    def news_received(self) -> bool:
        return bool(self.replies or self.outcomes)

    def new_date(self) -> Event | None:
        """The company's latest reply when it gave a new decision date: the inquiries
        start again from that date (the earlier pending ones stop)."""
        latest = self.replies[-1] if self.replies else None
        return latest if latest is not None and latest.until is not None else None

    def news_since(self, instant: datetime) -> bool:
        return any(_utc(event.at) > _utc(instant) for event in [*self.replies, *self.outcomes])

    def waiting_ended_at(self) -> datetime | None:
        ends = [_utc(event.at) for event in self.outcomes if event.outcome != "next-round"]
        move_on = self.marks.get("move-on")
        if move_on is not None:
            ends.append(_utc(move_on.at))
        return min(ends) if ends else None

    def company_channel(self) -> str:
        return self.debrief.interview.channel

    @property
    def outcome_news(self) -> list[Event]:
        """The outcomes in order, a repeat of the outcome just before left out (recording
        a rejection twice is one rejection); a next round each time is another round."""
        news: list[Event] = []
        for event in self.outcomes:
            repeat = bool(news) and news[-1].outcome == event.outcome \
                and event.outcome != "next-round"
            if not repeat:
                news.append(event)
        return news

    @property
    def closed_at(self) -> datetime | None:
        """When the last rejection or withdrawal was recorded, if any (UTC)."""
        closing = [_utc(event.at) for event in self.outcome_news
                   if event.outcome in CLOSING_OUTCOMES]
        return closing[-1] if closing else None

    def still_open(self, key: str, since: datetime) -> bool:
        """Whether an action an event added at ``since`` stays: nothing has closed the
        process since then, or the action is already marked."""
        closed = self.closed_at
        return closed is None or _utc(since) >= closed or key in self.marks


def plan(debrief: Debrief, events: Sequence[Event] = (), *, now: datetime,
         overrides: Mapping[str, Mapping[str, Any]] | None = None,
         busy: Sequence[datetime] = (), asked_elsewhere: int = 0,
         before: Mapping[str, str] | None = None) -> list[Action]:
    """Every action for one interview, sorted by due time.

    ``overrides`` maps a country code (or ``"*"`` for every country) to culture
    profile values from the user's settings. ``busy``: when the company's inquiries
    and move-on notes for the candidate's other interviews there are due or were
    sent (earlier rounds); the pending ones planned here keep a week from each.
    ``asked_elsewhere``: how many of those are inquiries for interviews still waiting
    alongside this one; the company gets no more inquiries in all than the culture's
    limit. ``before``: the rule of each action in the plan stored before (key -> rule
    id), so that a promise keeps being delivered the way it was planned: inside the
    thank-you, or as a message of its own (:data:`rules.PROMISE_WITH_THANKS`).
    """
    _require_aware(now, "now")
    for index, event in enumerate(events):
        _check_event(event, index)
    for index, instant in enumerate(busy):
        _require_aware(instant, f"busy[{index}]")
    context = _context(debrief, events, now, overrides or {})
    context.busy = [_utc(instant) for instant in busy]
    context.asked_elsewhere = max(0, asked_elsewhere)
    context.before = dict(before or {})
    actions = [*_reflection(context), *_thank_yous(context), *_promises(context),
               *_recruiter_update(context), *_reference_briefs(context), *_linkedin(context),
               *_inquiries_and_move_on(context)]
    actions += _weekly(context, actions)
    actions = _stop_when_closed(context, actions)
    actions += [*_outcome_notes(context), *_next_round_prep(context), *_referee_thanks(context)]
    return sorted(_with_status(context, actions),
                  key=lambda action: (_utc(action.due), action.key))


def _profile(country: str | None, overrides: Mapping[str, Mapping[str, Any]]) -> Profile:
    merged = {**overrides.get("*", {}), **overrides.get((country or "").upper(), {})}
    return profile_for(country, merged)


def _context(debrief: Debrief, events: Sequence[Event], now: datetime,
             overrides: Mapping[str, Mapping[str, Any]]) -> _Context:
    country = debrief.interview.country
    profile = _profile(country, overrides)
    region = normalise_subdivision(country, debrief.interview.region)
    company = calendar_for(debrief.zone, profile, region or profile.subdivision)
    home_country = country_of_zone(debrief.candidate.timezone)
    home_profile = _profile(home_country, overrides)
    personal = calendar_for(debrief.candidate_zone, home_profile, home_profile.subdivision)
    events = events_in_force(events)
    marks = _Marks()
    for event in sorted(events, key=lambda item: item.at):
        if event.kind in ("done", "skipped") and event.action:
            marks.by_action[event.action] = event
    return _Context(
        debrief=debrief, now=now, company=company, personal=personal, marks=marks,
        replies=sorted((event for event in events if event.kind == "reply"
                        and not is_reference(debrief, event.person)),
                       key=lambda item: item.at),
        outcomes=sorted((event for event in events if event.kind == "outcome"),
                        key=lambda item: item.at),
        checks=sorted((event for event in events if event.kind == "reference-check"),
                      key=lambda item: item.at),
    )


def _require_aware(value: datetime, path: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadInput([Problem(path, f"{value.isoformat()} has no UTC offset",
                                expected="an aware date-time")])


def _check_event(event: Event, index: int) -> None:
    path = f"events[{index}]"
    _require_aware(event.at, f"{path}.at")
    problems = []
    if event.kind not in EVENT_KINDS:
        problems.append(Problem(f"{path}.kind", f"{event.kind!r} is not an event kind",
                                expected=", ".join(EVENT_KINDS)))
    if event.kind in ("done", "skipped") and not event.action:
        problems.append(Problem(f"{path}.action", "names no action",
                                expected="an action key like thank-you.hiroshi-sato"))
    if event.kind == "undo" and event.undoes is None:
        problems.append(Problem(f"{path}.undoes", "names no event to undo",
                                expected="the number of an earlier event"))
    if event.kind == "outcome" and event.outcome not in OUTCOMES:
        problems.append(Problem(f"{path}.outcome", f"{event.outcome!r} is not an outcome",
                                expected=", ".join(OUTCOMES)))
    if problems:
        raise BadInput(problems)


def slug(name: str) -> str:
    """A key-safe form of a name: ``Dr. Kenji Ito`` -> ``dr-kenji-ito``."""
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-") or "person"


def _unique_slugs(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = slug(name)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def _note(*adjustments: str | None) -> str | None:
    unique = list(dict.fromkeys(item for item in adjustments if item))
    return " ".join(unique) or None


def _utc(instant: datetime) -> datetime:
    """Compare and add in UTC: same-zone datetimes compare by wall clock, which is wrong
    inside a repeated hour."""
    return instant.astimezone(UTC)


def _opening_note(window: Window, instant: datetime) -> str | None:
    return window.open.adjustment if _utc(instant) == window.open.utc else None


def _closing_note(window: Window, instant: datetime) -> str | None:
    return window.close.adjustment if _utc(instant) == window.close.utc else None


def _due_by_close(calendar: Calendar, window: Window, due: datetime, rule: r.Rule, *,
                  key: str, kind: str, to: str | None, channel: str, why: str) -> Action:
    """An action due at ``due`` in ``window``, late after the close of the rule's
    ``latest_business_days`` business days more."""
    last_day = calendar.add_business_days(window.day, rule.value("latest_business_days"))
    return Action(key=key, kind=kind, to=to, channel=channel, due=calendar.local(due),
                  latest=last_day.close.instant, why=why, rule=rule.id,
                  note=_note(_opening_note(window, due), last_day.close.adjustment))


def _thank_you_window() -> timedelta:
    return timedelta(hours=r.THANK_YOU.value("within_hours"))


def _settle() -> timedelta:
    """Time to reflect before the thank-you, used whenever its window allows it."""
    return timedelta(minutes=r.THANK_YOU.value("settle_minutes"))


def _in_words(count: int, unit: str) -> str:
    """``a business day``, ``2 business days``."""
    return f"a {unit}" if count == 1 else f"{count} {unit}s"


def _day_phrase(calendar: Calendar, reference: datetime, instant: datetime) -> str:
    days = (calendar.local_day(instant) - calendar.local_day(reference)).days
    if days == 0:
        return "later the same day"
    if days == 1:
        return "the next morning" if instant.astimezone(calendar.zone).hour < 12 \
            else "the next day"
    return f"on {instant.astimezone(calendar.zone):%A %d %B}"


def _reflection(context: _Context) -> list[Action]:
    zone = context.personal.zone
    due = context.end
    until = time(r.REFLECTION.value("until_hour"), 0)
    evening = resolve_wall_time(due.astimezone(zone).date(), until, zone)
    latest = max(evening.utc, due + timedelta(hours=r.REFLECTION.value("at_least_hours")))
    return [Action(
        key="reflection", kind="reflection", to=None, channel="self",
        due=due.astimezone(zone), latest=latest.astimezone(zone),
        why="Write down how the interview went while it is fresh: what worked, what to "
            "improve, what you learned.",
        rule=r.REFLECTION.id,
        note=evening.adjustment if latest == evening.utc else None)]


def _thank_you_time(calendar: Calendar, end: datetime) -> tuple[Window, datetime, bool]:
    """When to thank: an hour after the end if that is still within 24 hours, else at
    once within 24 hours, else the first business instant after them."""
    deadline = end + _thank_you_window()
    for start in (end + _settle(), end):
        window, instant = calendar.window_at_or_after(start)
        if instant < deadline:
            return window, instant, True
    window, instant = calendar.window_at_or_after(deadline)
    return window, instant, False


def _thank_you_latest(calendar: Calendar, window: Window, due: datetime, end: datetime,
                      in_time: bool) -> datetime:
    if in_time:
        latest = calendar.last_business_instant_before(end + _thank_you_window(), due)
        return latest if latest is not None else window.close.utc
    ceiling = end + timedelta(hours=r.THANK_YOU_LATE.value("ceiling_hours"))
    if due < ceiling:
        return min(window.close.utc, ceiling)
    return window.close.utc


def _thank_yous(context: _Context) -> Iterator[Action]:
    calendar = context.company
    window, due, in_time = _thank_you_time(calendar, context.end)
    latest = _thank_you_latest(calendar, window, due, context.end, in_time)
    note = _note(_opening_note(window, due), _closing_note(window, latest))
    keys = _thank_you_keys(context.debrief)
    hours = r.THANK_YOU.value("within_hours")
    for person in context.debrief.interviewers:
        key = keys[same_person_key(person.name)]
        if in_time:
            why = (f"Thank {person.name} {_day_phrase(calendar, context.end, due)}: a "
                   f"personal note within {hours} hours keeps you fresh in their mind.")
        else:
            within = "a day" if hours == 24 else f"{hours} hours"
            why = (f"Thank {person.name} at their first business hour: none of their "
                   f"working hours falls within {within} of the interview.")
        yield Action(
            key=key, kind="thank-you", to=person.name,
            channel=context.company_channel(), due=calendar.local(due),
            latest=calendar.local(latest), why=why,
            rule=(r.THANK_YOU if in_time else r.THANK_YOU_LATE).id, note=note)


def _person_channel(email: str | None, phone: str | None) -> str:
    if email or not phone:
        return "email"
    return "phone"


def _recipient(context: _Context, name: str | None) -> tuple[str, Calendar, str]:
    """Name, calendar and channel for a message to anyone in the record."""
    debrief = context.debrief
    wanted = same_person_key(name) if name else None
    for reference in debrief.references:
        if same_person_key(reference.name) == wanted:
            return reference.name, context.personal, _person_channel(reference.email,
                                                                      reference.phone)
    recruiter = debrief.recruiter
    if recruiter is not None and same_person_key(recruiter.name) == wanted:
        return recruiter.name, context.company, _person_channel(recruiter.email,
                                                                recruiter.phone)
    if name:
        person = debrief.interviewer(name)
        return (person.name if person else name), context.company, context.company_channel()
    contact = _company_contact(context)
    return contact.name, contact.calendar, contact.channel


def _company_contact(context: _Context) -> _Contact:
    """Whom to ask for news: the recruiter when the company asked to go through them
    (by the recruiter channel) or when the recruiter runs the process (000 §4: the
    consultant follows up for you), in the recruiter's calendar; else an HR
    interviewer, else the first interviewer."""
    debrief = context.debrief
    recruiter = debrief.recruiter
    company = context.company_name
    if recruiter is not None and (debrief.interview.channel == "recruiter"
                                  or recruiter.runs_process):
        name, calendar, channel = _recipient(context, recruiter.name)
        of_firm = f" of {recruiter.firm}" if recruiter.firm else ""
        if recruiter.runs_process:
            who = f"{name}{of_firm}, who runs the process for {company} and follows up for you,"
        else:
            who = f"{name}{of_firm}, as {company} asked to be reached through the recruiter,"
        if debrief.interview.channel == "recruiter":
            channel = "recruiter"
        return _Contact(name, channel, calendar, who)
    people: list[Interviewer] = list(debrief.interviewers)
    for person in people:
        if person.title and HR_WORDS.search(person.title):
            return _Contact(person.name, context.company_channel(), context.company,
                            person.name)
    return _Contact(people[0].name, context.company_channel(), context.company,
                    people[0].name)


def _promises(context: _Context) -> Iterator[Action]:
    thank_you_keys = _thank_you_keys(context.debrief)
    for number, promise in enumerate(context.debrief.promises, start=1):
        key = f"promise.{number}"
        name, calendar, channel = _recipient(context, promise.to)
        window, due, _ = _thank_you_time(calendar, context.end)
        thanks = thank_you_keys.get(same_person_key(name))
        if thanks is not None and _goes_with_thanks(context, promise, key, thanks):
            yield _promise_with_thanks(context, key, name, promise.what, thanks)
            continue
        days = _in_words(r.PROMISE.value("latest_business_days"), "business day")
        yield _due_by_close(
            calendar, window, due, r.PROMISE, key=key, kind="promise", to=name,
            channel=channel, why=f"Send {name} {promise.what}: you promised it, and "
                                 f"delivering within {days} shows you follow through.")


def thank_you_key(debrief: Debrief, name: str) -> str | None:
    """The key of the thank-you to ``name`` (``thank-you.aylin-demir``), if they are an
    interviewer."""
    return _thank_you_keys(debrief).get(same_person_key(name))


def _thank_you_keys(debrief: Debrief) -> dict[str, str]:
    """The key of each interviewer's thank-you, by the person."""
    names = [person.name for person in debrief.interviewers]
    return {same_person_key(name): f"thank-you.{slug_}"
            for name, slug_ in zip(names, _unique_slugs(names), strict=True)}


def _goes_with_thanks(context: _Context, promise: Promise, key: str, thanks: str) -> bool:
    """Whether promise ``key`` goes inside the thank-you ``thanks`` (one message, 002:
    don't overwhelm): not when the record asks for a message of its own (``separate``,
    which an edit sets on a promise added after the thank-you went), once the promise
    has its own mark, when the thank-you was skipped, or when a stored plan had it as
    a message of its own."""
    thanks_mark = context.marks.get(thanks)
    if promise.separate or context.marks.get(key) is not None or (
            thanks_mark is not None and thanks_mark.kind == "skipped"):
        return False
    return context.before.get(key, r.PROMISE_WITH_THANKS.id) == r.PROMISE_WITH_THANKS.id


def _promise_with_thanks(context: _Context, key: str, name: str, what: str,
                         thanks: str) -> Action:
    """The promise as a line of the plan that goes, and is done, with its thank-you."""
    calendar = context.company
    window, due, in_time = _thank_you_time(calendar, context.end)
    latest = _thank_you_latest(calendar, window, due, context.end, in_time)
    mark = context.marks.get(thanks)
    return Action(
        key=key, kind="promise", to=name, channel="self", due=calendar.local(due),
        latest=calendar.local(latest),
        why=f"{what[:1].upper()}{what[1:]} goes inside your thank-you to {name}, so they "
            "get one message: approve or send that thank-you, and this is done with it.",
        rule=r.PROMISE_WITH_THANKS.id, status=mark.kind if mark is not None else "pending")


def _recruiter_update(context: _Context) -> Iterator[Action]:
    recruiter = context.debrief.recruiter
    if recruiter is None:
        return
    calendar = context.company
    window, due = calendar.window_at_or_after(context.end)
    yield Action(
        key="recruiter-update", kind="recruiter-update", to=recruiter.name,
        channel=_person_channel(recruiter.email, recruiter.phone), due=calendar.local(due),
        latest=window.close.instant,
        why=f"Tell {recruiter.name} the same day how the interview went and how the "
            "interviewers came across, so they can speak for you.",
        rule=r.RECRUITER.id,
        note=_note(_opening_note(window, due), window.close.adjustment))


def _reference_briefs(context: _Context) -> Iterator[Action]:
    calendar = context.personal
    references = context.debrief.references
    for reference, key in zip(references, _unique_slugs([ref.name for ref in references]),
                              strict=True):
        window, due = calendar.window_at_or_after(context.end + _settle())
        yield _due_by_close(
            calendar, window, due, r.REFERENCE, key=f"reference-brief.{key}",
            kind="reference-brief", to=reference.name,
            channel=_person_channel(reference.email, reference.phone),
            why=f"Brief {reference.name} on the role and what to stress, so they are ready "
                f"if {context.company_name} calls.")


def _linkedin(context: _Context) -> Iterator[Action]:
    calendar = context.company
    _, thank_due, _ = _thank_you_time(calendar, context.end)
    people = context.debrief.interviewers
    for person, key in zip(people, _unique_slugs([p.name for p in people]), strict=True):
        if person.rapport != "warm":
            continue
        thanked = context.marks.get(f"thank-you.{key}")
        after = max(thank_due, _utc(thanked.at)) if thanked and thanked.kind == "done" \
            else thank_due
        window = calendar.add_business_days(calendar.local_day(after),
                                            r.LINKEDIN.value("after_business_days"))
        last_day = calendar.add_business_days(window.day,
                                              r.LINKEDIN.value("open_business_days"))
        yield Action(
            key=f"linkedin.{key}", kind="linkedin", to=person.name, channel="linkedin",
            due=window.open.instant, latest=last_day.close.instant,
            why=f"Invite {person.name} to connect on LinkedIn with a short note: the rapport "
                "was warm and your thank-you has gone first.",
            rule=r.LINKEDIN.id,
            note=_note(window.open.adjustment, last_day.close.adjustment))


def _inquiry_limit(context: _Context) -> int:
    """The culture's limit (one when they said only successful candidates hear back),
    less the inquiries already asked for the company's other waiting interviews."""
    limit = r.MOVE_ON.value("silent_limit") if context.debrief.interview.notify_on_rejection \
        is False else context.profile.max_inquiries
    return max(0, limit - context.asked_elsewhere)


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _read_words(context: _Context, calendar: Calendar) -> Timeline | None:
    """What they said about the decision, read into a date (:mod:`.timeline`)."""
    decision = context.debrief.interview.decision
    if not decision:
        return None
    day = calendar.local_day(context.end)
    try:
        seasons = calendar.seasons(day - SEASONS_BEFORE, day + SEASONS_AFTER)
    except (OverflowError, ValueError):
        seasons = []
    return read_timeline(decision, day, weekend=calendar.weekend, seasons=seasons)


def _after_stated(calendar: Calendar, profile: Profile, stated: date, *,
                  next_week: bool) -> Window:
    """The first inquiry's day after a date they gave: at least the rule's floor of
    business days and waiting days after it, and the culture's patience in business
    days (slow days and closures skipped and not counted); in the week after the date
    at the earliest when it was read from words (002)."""
    business = max(r.INQUIRY_DATE.value("min_business_days"), profile.patience_days)
    day = max(calendar.add_business_days(stated, business, outside_slow=True).day,
              calendar.add_waiting_days(stated, r.INQUIRY_DATE.value("min_days")))
    if next_week:
        day = max(day, calendar.week_start_after(stated))
    return calendar.business_day_on_or_after(day, outside_slow=True, off_edges=True)


def _slow_clause(calendar: Calendar, after: date, through: date) -> str:
    """Words for the slow seasons and closures that fell between two days, if any."""
    try:
        seasons = calendar.seasons(after + timedelta(days=1), through)
    except (OverflowError, ValueError):
        return ""
    names = list(dict.fromkeys(
        (f"the {season.name}" if season.name[:1].islower() else season.name)
        for season in seasons if season.first <= through and season.last > after))
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"; the days of {listed} are not counted as waiting"


def _disagreement(context: _Context, calendar: Calendar, stated: date) -> str:
    """Words for a decision text that points elsewhere than the date they gave (a date
    on either day ambiguous words can mean settles them, and is no disagreement)."""
    words = _read_words(context, calendar)
    if words is None or min(abs((day - stated).days) for day in (words.day, words.alternative)
                            if day is not None) <= r.INQUIRY_WORDS.value("disagree_days"):
        return ""
    return (f" (though '{words.said}' reads as about {_day_month(words.day)}: the date is "
            "used; check which they meant)")


def _first_inquiry(context: _Context, contact: _Contact) -> tuple[Window, r.Rule, str]:
    calendar, interview = contact.calendar, context.debrief.interview
    end_day = calendar.local_day(context.end)
    profile = calendar.profile
    ask = f"Ask {contact.who} politely for news"
    reading = None if interview.decision_by is not None else _read_words(context, calendar)
    stated: date | None = None
    if interview.decision_by is not None:
        stated = max(interview.decision_by, end_day)
        when = _day_month(interview.decision_by)
        if interview.they_will_contact:
            rule, said = r.INQUIRY_THEY_CALL, f"they said they would be in touch by {when}"
        else:
            rule, said = r.INQUIRY_DATE, f"the decision date they gave was {when}"
        said += _disagreement(context, calendar, interview.decision_by)
    elif reading is not None:
        stated = max(reading.day, end_day)
        rule = r.INQUIRY_WORDS
        said = f"they said '{reading.said}', so about {_day_month(reading.day)}"
        if reading.alternative is not None:
            said += (f" (it can also mean {_day_month(reading.alternative)}; the later day "
                     "is used, so the inquiry is never early)")
    if stated is not None:
        window = _after_stated(calendar, profile, stated, next_week=reading is not None)
        waited = calendar.working_days_between(stated, window.day)
        return window, rule, (
            f"{ask}: {said}, and {waited} business days have passed since then, the "
            f"customary grace{_slow_clause(calendar, stated, window.day)}.")
    counted = calendar.add_business_days(end_day, profile.buffer_days, outside_slow=True)
    window = calendar.business_day_on_or_after(counted.day, outside_slow=True, off_edges=True)
    return window, r.INQUIRY_BUFFER, (
        f"{ask}: {profile.buffer_days} business days have passed since the interview, "
        f"enough time for them to compare candidates{_slow_clause(calendar, end_day, window.day)}.")


def _after_silence(calendar: Calendar, anchor: datetime, gap_days: int) -> Window:
    """The first business morning outside slow seasons at least ``gap_days`` after
    ``anchor``, counting only days that count as waiting (not slow, not closed)."""
    day = calendar.add_waiting_days(calendar.local_day(anchor), gap_days)
    midnight = resolve_wall_time(day, time(0), calendar.zone).utc
    return calendar.next_morning(max(anchor + timedelta(days=gap_days), midnight),
                                 outside_slow=True, off_edges=True)


def _inquiries_and_move_on(context: _Context) -> list[Action]:
    """The inquiries and the move-on note; after a reply with a new decision date, the
    inquiries already sent, then a new series waiting from that date."""
    contact = _company_contact(context)
    resumed = context.new_date()
    if resumed is None:
        return _inquiry_series(context, contact, 1, context.news_received(),
                               lambda: _first_inquiry(context, contact))
    sent = [action for action in _inquiry_series(
        context, contact, 1, True, lambda: _first_inquiry(context, contact))
        if action.kind == "status-inquiry"]
    return sent + _inquiry_series(context, contact, len(sent) + 1,
                                  context.news_since(resumed.at),
                                  lambda: _after_new_date(context, contact, resumed))


def _after_new_date(context: _Context, contact: _Contact,
                    reply: Event) -> tuple[Window, r.Rule, str]:
    calendar = contact.calendar
    replied = calendar.local_day(reply.at)
    stated = max(reply.until or replied, replied)
    window = _after_stated(calendar, calendar.profile, stated, next_week=False)
    waited = calendar.working_days_between(stated, window.day)
    return window, r.INQUIRY_NEW_DATE, (
        f"Ask {contact.who} politely for news: on {_day_month(replied)} they gave "
        f"{_day_month(stated)} as the new date, and {waited} business days have passed "
        f"since then, the customary grace{_slow_clause(calendar, stated, window.day)}.")


def _inquiry_series(context: _Context, contact: _Contact, first: int, news: bool,
                    opening: Callable[[], tuple[Window, r.Rule, str]]) -> list[Action]:
    """Inquiries numbered from ``first``, each after the last one's silence, and the
    move-on note; with ``news``, only the ones already marked."""
    calendar, profile = contact.calendar, contact.calendar.profile
    gap_days = profile.inquiry_gap_days
    limit = _inquiry_limit(context)
    actions: list[Action] = []
    anchor: datetime | None = None
    for number in range(first, first + limit):
        key = f"status-inquiry.{number}"
        if anchor is None:
            window, rule, why = opening()
        else:
            window = _after_silence(calendar, anchor, gap_days)
            rule = r.INQUIRY_AGAIN
            why = (f"Ask {contact.who} once more for news: your last inquiry has gone "
                   f"unanswered for {gap_days} days or more"
                   f"{_slow_clause(calendar, calendar.local_day(anchor), window.day)}.")
        mark = context.marks.get(key)
        if mark is None and news:
            return actions
        if mark is None:
            window, why = _clear_of_other_rounds(context, calendar, window, why)
        actions.append(_morning_action(calendar, key, "status-inquiry", contact.name,
                                       contact.channel, window, why, rule))
        anchor = _utc(mark.at) if mark is not None else max(window.open.utc, context.now)
    if anchor is None or (context.marks.get("move-on") is None and news):
        return actions
    window = _after_silence(calendar, anchor, gap_days)
    unanswered = "your inquiry has" if limit == 1 else f"{limit} inquiries have"
    reason = ("they said only successful candidates hear back, and "
              if context.debrief.interview.notify_on_rejection is False else "")
    why = (f"Send {contact.who} a gracious closing note and put your energy into other "
           f"openings: {reason}{unanswered} gone unanswered"
           f"{_slow_clause(calendar, calendar.local_day(anchor), window.day)}.")
    if context.marks.get("move-on") is None:
        window, why = _clear_of_other_rounds(context, calendar, window, why)
    actions.append(_morning_action(calendar, "move-on", "move-on", contact.name,
                                   contact.channel, window, why, r.MOVE_ON))
    return actions


def _clear_of_other_rounds(context: _Context, calendar: Calendar, window: Window,
                           why: str) -> tuple[Window, str]:
    """The first business morning at least a week from every inquiry and move-on note
    for the candidate's other interviews at the company, and the why saying so."""
    days = r.ACROSS_ROUNDS.value("spacing_days")
    moved = window
    while True:
        near = [instant for instant in context.busy
                if abs(moved.open.utc - instant) < timedelta(days=days)]
        if not near:
            break
        moved = _after_silence(calendar, max(near), days)
    if moved is window:
        return window, why
    clear = "a week" if days == 7 else f"{days} days"
    return moved, (f"{why[:-1]}; {clear} clear of your messages to {context.company_name} "
                   "about your other interview there.")


def _morning_action(calendar: Calendar, key: str, kind: str, to: str, channel: str,
                    window: Window, why: str, rule: r.Rule) -> Action:
    last_day = calendar.add_business_days(window.day,
                                          r.CHASER_WINDOW.value("open_business_days"))
    return Action(key=key, kind=kind, to=to, channel=channel, due=window.open.instant,
                  latest=last_day.close.instant, why=why, rule=rule.id,
                  note=_note(window.open.adjustment, last_day.close.adjustment))


def _weekly(context: _Context, planned: Sequence[Action]) -> list[Action]:
    move_on = next((a for a in planned if a.kind == "move-on"), None)
    horizon = _utc(move_on.due) if move_on is not None and move_on.key not in context.marks \
        else None
    company = context.company_name
    return [
        *_weekly_series(context, "keep-searching", horizon,
                        "Keep applying elsewhere this week: nothing is settled until an "
                        "offer is in writing.", r.KEEP_SEARCHING),
        *_weekly_series(context, "company-watch", horizon,
                        f"Look at {company}'s news and website this week: it keeps you "
                        "informed and gives you something current to mention.",
                        r.COMPANY_WATCH),
    ]


def _weekly_series(context: _Context, kind: str, horizon: datetime | None,
                   why: str, rule: r.Rule) -> list[Action]:
    """Marked occurrences, the latest one already due after the last marked one, and
    the next one to come (an occurrence before a marked one is past, done or not)."""
    calendar = context.personal
    ended = context.waiting_ended_at()
    first_day = calendar.local_day(context.end) + timedelta(days=rule.value("first_after_days"))
    every = timedelta(days=rule.value("every_days"))
    open_days = rule.value("open_business_days")

    def open_for_planning(due: datetime) -> bool:
        return ended is None and (horizon is None or due <= horizon)

    actions: list[Action] = []
    overdue: Action | None = None
    for number in range(1, rule.value("at_most") + 1):
        window = calendar.business_day_on_or_after(first_day + every * (number - 1))
        key = f"{kind}.{number}"
        last_day = calendar.add_business_days(window.day, open_days)
        action = Action(key=key, kind=kind, to=None, channel="self", due=window.open.instant,
                        latest=last_day.close.instant, why=why, rule=rule.id,
                        note=_note(window.open.adjustment, last_day.close.adjustment))
        if key in context.marks:
            actions.append(action)
            overdue = None
        elif window.open.utc > context.now:
            if open_for_planning(window.open.utc):
                actions.append(action)
            break
        elif open_for_planning(window.open.utc):
            overdue = action
        if ended is not None and window.open.utc > max(ended, context.now):
            break
    if overdue is not None:
        actions.append(overdue)
    return actions


def _stop_when_closed(context: _Context, actions: Sequence[Action]) -> list[Action]:
    """After a rejection or withdrawal the interview's own pending actions stop; the
    reflection and what is already marked stay."""
    if context.closed_at is None:
        return list(actions)
    return [action for action in actions
            if action.kind == "reflection" or action.key in context.marks]


def _outcome_recipient(context: _Context, event: Event) -> tuple[str, Calendar, str]:
    """Who gets the outcome note: the person who gave the news, if the event names them;
    else the recruiter when they run the process or the company asked to go through
    them; else the first interviewer."""
    if event.person:
        return _recipient(context, event.person)
    debrief = context.debrief
    recruiter = debrief.recruiter
    if recruiter is not None and (recruiter.runs_process
                                  or debrief.interview.channel == "recruiter"):
        return _recipient(context, recruiter.name)
    return _recipient(context, debrief.interviewers[0].name)


def _outcome_why(kind: str, person: str, company: str) -> str:
    if kind == "rejection-reply":
        return (f"Reply to {person}: thank them for letting you know, ask for brief feedback "
                f"on your interview at {company} and say you would be glad to hear of future "
                "openings there.")
    if kind == "offer-reply":
        return (f"Reply to {person}: thank them for the offer from {company}, ask to have it "
                "in writing and agree on when you will give your answer.")
    if kind == "withdrawal":
        return (f"Write to {person}: thank them for their time at {company} and say plainly "
                "that you are withdrawing your application.")
    return (f"Reply to {person}: thank them for inviting you to the next round at {company} "
            "and confirm that you will take part.")


def _outcome_notes(context: _Context) -> Iterator[Action]:
    """A note for the latest outcome (earlier ones only when already marked), at the
    recipient's first business hour after it was recorded, at the latest by the close
    of their next business day. Keys: the kind, then ``<kind>.2`` for a second one."""
    news = context.outcome_news
    counts: dict[str, int] = {}
    for number, event in enumerate(news, start=1):
        kind = OUTCOME_NOTES[event.outcome or ""]
        counts[kind] = counts.get(kind, 0) + 1
        key = kind if counts[kind] == 1 else f"{kind}.{counts[kind]}"
        if number < len(news) and key not in context.marks:
            continue  # a later outcome answers for it
        person, calendar, channel = _outcome_recipient(context, event)
        window, due = calendar.window_at_or_after(event.at)
        yield _due_by_close(calendar, window, due, OUTCOME_RULES[kind], key=key, kind=kind,
                            to=person, channel=channel,
                            why=_outcome_why(kind, person, context.company_name))


def _next_round_prep(context: _Context) -> Iterator[Action]:
    rounds = [event for event in context.outcomes if event.outcome == "next-round"]
    if not rounds or not context.still_open("next-round-prep", rounds[-1].at):
        return
    calendar = context.personal
    window, due = calendar.window_at_or_after(rounds[-1].at)
    yield _due_by_close(
        calendar, window, due, r.NEXT_ROUND, key="next-round-prep", kind="next-round-prep",
        to=None, channel="self",
        why=f"Prepare for the next round at {context.company_name} from your notes: the "
            "questions, your answers and what you meant to improve.")


def _referee_thanks(context: _Context) -> Iterator[Action]:
    names: dict[str, datetime] = {}
    for event in context.checks:
        checked = [event.person] if event.person else \
            [reference.name for reference in context.debrief.references]
        for name in checked:
            names.setdefault(name, event.at)
    seen: set[str] = set()
    for name, at in names.items():
        person, calendar, channel = _recipient(context, name)
        key = slug(person)
        if key in seen:
            continue
        seen.add(key)
        if not context.still_open(f"referee-thanks.{key}", at):
            continue
        window, due = calendar.window_at_or_after(at)
        yield _due_by_close(
            calendar, window, due, r.REFEREE_THANKS, key=f"referee-thanks.{key}",
            kind="referee-thanks", to=person, channel=channel,
            why=f"Thank {person} for speaking to {context.company_name}: a reference's time "
                "deserves a prompt thank-you.")


def _with_status(context: _Context, actions: Sequence[Action]) -> list[Action]:
    marked = []
    for action in actions:
        mark = context.marks.get(action.key)
        if mark is None:
            marked.append(action)
        else:
            marked.append(Action(**{**action.__dict__, "status": mark.kind}))
    return marked
