"""What a consultant sees: the interviews candidates shared with them, their
agenda (overdue first), each shared debrief with its plan, and the weekly
summary. Every read goes through :class:`~followthrough.store.team.TeamStore`,
whose queries only return what is shared with this consultant by a candidate
linked to them now.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from followthrough import clock
from followthrough.plan.rules import AHEAD, OVERDUE_WINDOW
from followthrough.store.team import SharedAgendaRow, TeamStore, TeamUser, WeekCounts

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ConsultantAgenda:
    now: datetime
    overdue: list[SharedAgendaRow]
    upcoming: list[SharedAgendaRow]

    def as_dict(self) -> dict[str, Any]:
        return {"now": self.now.isoformat(),
                "overdue": [agenda_row(r) for r in self.overdue],
                "upcoming": [agenda_row(r) for r in self.upcoming]}


def agenda_row(row: SharedAgendaRow) -> dict[str, Any]:
    action = row.item.action
    return {"id": action.id, "interview": action.interview_id, "candidate": row.candidate,
            "candidate_name": row.candidate_name, "company": row.item.company,
            "role": row.item.role, "kind": action.kind, "to": action.recipient,
            "due": action.due.isoformat(), "latest": action.latest.isoformat(),
            "zone": action.zone, "why": action.why}


def consultant_agenda(team: TeamStore, consultant: TeamUser,
                      now: datetime | None = None) -> ConsultantAgenda:
    """Overdue actions (last 30 days, most overdue first) and the next 7 days."""
    now = now or clock.now()
    rows = team.consultant_agenda(consultant.id, now, now - OVERDUE_WINDOW, now + AHEAD)
    return ConsultantAgenda(now=now,
                            overdue=[r for r in rows if r.item.action.due < now],
                            upcoming=[r for r in rows if r.item.action.due >= now])


def shared_document(document: dict[str, Any], include_reflection: bool) -> dict[str, Any]:
    """The debrief as the consultant may read it: the private reflection is
    removed unless the candidate chose to include it."""
    if include_reflection:
        return document
    return {key: value for key, value in document.items() if key != "reflection"}


@dataclass(frozen=True)
class WeekLine:
    candidate: str
    candidate_name: str
    interview_id: int
    company: str
    role: str
    starts: datetime
    state: str
    overdue: int
    due_this_week: int
    done_last_week: int


OPEN_STATES = ("awaiting", "next-round", "replied")
"""States in which an interview stays in the weekly summary however old it is."""


def weekly_summary(team: TeamStore, consultant: TeamUser,
                   now: datetime | None = None) -> list[WeekLine]:
    """One line per shared interview that is still open or happened in the last
    week: what is overdue, what is due in the coming week, what was done."""
    now = now or clock.now()
    return [_week_line(counts) for counts in
            team.week_counts(consultant.id, now, WEEK, OPEN_STATES)]


def _week_line(counts: WeekCounts) -> WeekLine:
    shared = counts.shared
    return WeekLine(
        candidate=shared.candidate, candidate_name=shared.candidate_name,
        interview_id=shared.interview.id, company=shared.interview.company,
        role=shared.interview.role, starts=shared.interview.starts_at,
        state=shared.interview.state, overdue=counts.overdue,
        due_this_week=counts.due_this_week, done_last_week=counts.done_last_week,
    )


SUMMARY_FIELDS = ("candidate", "candidate_name", "interview", "company", "role", "starts",
                  "state", "overdue", "due_this_week", "done_last_week")


def _cells(line: WeekLine) -> list[str]:
    return [line.candidate, line.candidate_name, str(line.interview_id), line.company,
            line.role, line.starts.isoformat(), line.state, str(line.overdue),
            str(line.due_this_week), str(line.done_last_week)]


def summary_csv(lines: list[WeekLine]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SUMMARY_FIELDS)
    for line in lines:
        writer.writerow([_spreadsheet_safe(cell) for cell in _cells(line)])
    return buffer.getvalue()


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def summary_markdown(lines: list[WeekLine], consultant: TeamUser, now: datetime) -> str:
    out = [f"# Weekly summary for {_md(consultant.display_name)}",
           "", f"Week ending {now.date().isoformat()}.", ""]
    if not lines:
        out.append("Nothing shared with you is open or happened this week.")
        return "\n".join(out) + "\n"
    current = None
    for line in lines:
        if line.candidate_name != current:
            current = line.candidate_name
            out += ["", f"## {_md(line.candidate_name)}", "",
                    "| Interview | Date | State | Overdue | Due this week | Done last week |",
                    "|---|---|---|---:|---:|---:|"]
        out.append(f"| {_md(line.company)}, {_md(line.role)} | {line.starts.date().isoformat()} "
                   f"| {line.state} | {line.overdue} | {line.due_this_week} "
                   f"| {line.done_last_week} |")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or heading."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in text)
    return " ".join(escaped.split())
