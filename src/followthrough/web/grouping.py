"""The dashboard's agenda, grouped: each section by day (your day), each day by
interview, and inside an interview the messages that go out first, with the
reminders to yourself (reflection, preparation, keep searching, company news)
folded under them. The weekly keep-searching reminder, which stands for every
open interview, is a group of its own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from zoneinfo import ZoneInfo

from followthrough.app.agenda import AgendaItem

SELF = "self"
"""The channel of a reminder to yourself."""
ROW_ID = re.compile(r"[0-9]{1,10}\.[a-z0-9][a-z0-9.-]{0,200}")
"""An action id as a dashboard row names it (``t-<id>``)."""


@dataclass
class InterviewGroup:
    interview_id: int | None
    """None: the group of reminders that stand for every open interview."""
    company: str
    messages: list[AgendaItem] = field(default_factory=list)
    reminders: list[AgendaItem] = field(default_factory=list)

    @property
    def rows(self) -> list[AgendaItem]:
        """In the order shown: the messages, then the reminders."""
        return [*self.messages, *self.reminders]


@dataclass
class Day:
    day: date
    groups: list[InterviewGroup] = field(default_factory=list)


def by_day(items: Iterable[AgendaItem], zone: str) -> list[Day]:
    """``items`` (in agenda order) grouped by their day in ``zone``, then by
    interview in the order each first appears that day; the group for every open
    interview comes last."""
    days: dict[date, Day] = {}
    groups: dict[tuple[date, int | None], InterviewGroup] = {}
    for item in items:
        action = item.row.action
        day = action.due.astimezone(ZoneInfo(zone)).date()
        interview = None if item.also else action.interview_id
        group = groups.get((day, interview))
        if group is None:
            group = InterviewGroup(interview, item.row.company)
            groups[day, interview] = group
            days.setdefault(day, Day(day)).groups.append(group)
        (group.reminders if action.channel == SELF else group.messages).append(item)
    for each in days.values():
        each.groups.sort(key=lambda group: group.interview_id is None)
    return list(days.values())


def next_rows(sections: Sequence[Sequence[Day]]) -> dict[str, str]:
    """Each shown row's action id -> the id of the row shown after it (where the
    keyboard goes once the row is done)."""
    order = [item.row.action.id for days in sections for day in days
             for group in day.groups for item in group.rows]
    return dict(pairwise(order))


def dashboard_after(next_row: str | None) -> str:
    """Where Done on the dashboard goes back to: the row after the one done (the
    page focuses it), else the agenda's heading."""
    if next_row and ROW_ID.fullmatch(next_row):
        return f"/#t-{next_row}"
    return "/#agenda-h"
