"""The agenda: what to do now across every interview, and the messages that
need the user. It only reads, so a command can answer it from a quick reader
(:mod:`followthrough.store.quick`) without importing the planner or the
debrief's model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.plan.rules import AHEAD, OVERDUE_WINDOW
from followthrough.plan.weekly import KEEP_SEARCHING, Folded, fold_by_week, still_open
from followthrough.store.rows import AgendaRow, PlannedRow, Reader

if TYPE_CHECKING:
    from followthrough.plan import Action


def pending_reminders(store: Reader, now: datetime) -> list[AgendaRow]:
    """Every pending keep-searching reminder the agenda can show, with a week to spare
    after its end (the rest of that week's reminders)."""
    return store.pending_of_kind(KEEP_SEARCHING, now - OVERDUE_WINDOW,
                                 now + AHEAD + timedelta(days=8))


def is_overdue(action: Action | PlannedRow, now: datetime) -> bool:
    """Still to do, and its due time has passed."""
    return action.status == "pending" and action.due < now


@dataclass(frozen=True)
class AgendaItem:
    row: AgendaRow
    outbox: str | None = None
    """The state of its queued message (``scheduled``, ``uncertain``, ...), if any."""
    zone: str | None = None
    """Your zone (the agenda's), where ``due_yours`` is; else the debrief's candidate's."""
    also: tuple[AgendaRow, ...] = ()
    """The same week's keep-searching reminders of other interviews, folded into this one."""

    @property
    def companies(self) -> list[str]:
        """The company of this item and of those folded into it, each once."""
        return list(dict.fromkeys(row.company for row in (self.row, *self.also)))

    @property
    def why(self) -> str:
        """The action's why; a keep-searching reminder names the companies still open."""
        why = self.row.action.why
        if self.row.action.kind != KEEP_SEARCHING:
            return why
        return f"{why} {still_open(self.companies)}"

    def as_dict(self) -> dict[str, Any]:
        action = self.row.action
        theirs = ZoneInfo(action.zone)
        yours = ZoneInfo(self.zone or self.row.candidate_zone)
        return {
            "id": action.id, "interview": action.interview_id, "company": self.row.company,
            "kind": action.kind, "to": action.recipient, "channel": action.channel,
            "due": action.due.astimezone(theirs).isoformat(),
            "latest": action.latest.astimezone(theirs).isoformat(),
            "due_yours": action.due.astimezone(yours).isoformat(),
            "why": self.why, "rule": action.rule, "status": action.status,
            "outbox": self.outbox, "companies": self.companies,
            "also": [row.action.id for row in self.also],
        }


@dataclass(frozen=True)
class NeedsYou:
    """A message that did not go out, or may not have: the user decides."""

    action_id: str
    interview_id: int
    company: str
    kind: str
    to: str
    to_address: str
    status: str
    notice: str | None

    @property
    def todo(self) -> str:
        if self.status == "uncertain":
            return (f"check your Sent folder, then `followthrough resolve {self.action_id} "
                    "sent` or `not-sent`")
        return (f"fix it and `followthrough approve {self.action_id}` again, or send it "
                f"yourself and `followthrough mark-sent {self.action_id}`")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.action_id, "interview": self.interview_id, "company": self.company,
                "kind": self.kind, "to": self.to, "to_address": self.to_address,
                "status": self.status, "notice": self.notice, "todo": self.todo}


SECTIONS = ("overdue", "today", "upcoming")
AGENDA_LIMITS = {"overdue": 100, "ahead": 300}
"""How many items the agenda shows unless asked for all (``more`` counts the rest)."""


@dataclass(frozen=True)
class Agenda:
    now: datetime
    zone: str
    overdue: list[AgendaItem]
    today: list[AgendaItem]
    upcoming: list[AgendaItem]
    needs_you: tuple[NeedsYou, ...] = ()
    totals: tuple[int, int, int] | None = None
    """How many pending actions each section holds, shown or not."""

    def total(self, section: str) -> int:
        shown = len(getattr(self, section))
        return shown if self.totals is None else max(self.totals[SECTIONS.index(section)],
                                                     shown)

    def more(self, section: str) -> int:
        """How many items of ``section`` are left out (``agenda --all`` shows them)."""
        return self.total(section) - len(getattr(self, section))

    def as_dict(self) -> dict[str, Any]:
        return {"now": self.now.isoformat(), "zone": self.zone,
                "overdue": [item.as_dict() for item in self.overdue],
                "today": [item.as_dict() for item in self.today],
                "upcoming": [item.as_dict() for item in self.upcoming],
                "needs_you": [item.as_dict() for item in self.needs_you],
                "total": {section: self.total(section) for section in SECTIONS},
                "more": {section: self.more(section) for section in SECTIONS}}


def agenda(store: Reader, zone: str | None = None, *, everything: bool = False) -> Agenda:
    """Overdue (last 30 days), today and the next 7 days, in the candidate's zone,
    with the messages that need the user. At most :data:`AGENDA_LIMITS` items
    unless ``everything``; :meth:`Agenda.more` says how many were left out."""
    now = clock.now()
    since, until = now - OVERDUE_WINDOW, now + AHEAD + timedelta(days=1)
    limits = ((store.count_pending(now, until), store.count_pending(since, now))
              if everything else (AGENDA_LIMITS["ahead"], AGENDA_LIMITS["overdue"]))
    rows = [row for row in store.agenda(now, since, until, ahead_limit=limits[0],
                                        overdue_limit=limits[1])
            if row.action.kind != KEEP_SEARCHING]
    weeks = fold_by_week(pending_reminders(store, now),
                         lambda row: (row.action.due, row.action.zone), now)
    zone = zone or (rows[0].candidate_zone if rows else "UTC")
    local_now = now.astimezone(ZoneInfo(zone))
    end_of_today = datetime.combine(local_now.date() + timedelta(days=1), time(0),
                                    tzinfo=local_now.tzinfo)
    horizon = end_of_today + AHEAD
    items = sorted([*_with_outbox(store, rows, zone), *_weekly_items(weeks, zone, until)],
                   key=lambda item: (item.row.action.due, item.row.action.key))
    totals = [store.count_pending(low, high) - _folded_away(weeks, low, high)
              for low, high in ((since, now), (now, end_of_today), (end_of_today, horizon))]
    return Agenda(
        now=local_now, zone=zone,
        overdue=[i for i in items if i.row.action.due < now],
        today=[i for i in items if now <= i.row.action.due < end_of_today],
        upcoming=[i for i in items if end_of_today <= i.row.action.due < horizon],
        needs_you=_needing_you(store),
        totals=(totals[0], totals[1], totals[2]),
    )


def _weekly_items(weeks: Sequence[Folded[AgendaRow]], zone: str, until: datetime
                  ) -> list[AgendaItem]:
    """One agenda item per week of keep-searching reminders, due when its first is."""
    return [AgendaItem(week.first, None, zone, week.others) for week in weeks
            if week.first.action.due < until]


def _folded_away(weeks: Sequence[Folded[AgendaRow]], low: datetime, high: datetime) -> int:
    """How many reminders due in ``[low, high)`` another one of their week stands for."""
    return sum(low <= row.action.due < high for week in weeks for row in week.others)


def _with_outbox(store: Reader, rows: Sequence[AgendaRow], zone: str) -> list[AgendaItem]:
    queued = store.outbox_statuses([row.action.id for row in rows])
    return [AgendaItem(row, queued.get(row.action.id), zone) for row in rows]


def _needing_you(store: Reader) -> tuple[NeedsYou, ...]:
    return tuple(NeedsYou(action_id=row.action_id, interview_id=row.interview_id,
                          company=company, kind=row.kind, to=row.to_name,
                          to_address=row.to_addr, status=row.status, notice=row.last_error)
                 for row, company in store.needing_you())
