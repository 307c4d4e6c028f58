"""Warnings about a valid debrief: answers that are allowed but often typed by
mistake. They never stop a save; the form shows them beside their fields and
the CLI prints them on stderr.

- An interview dated after now: recording one ahead of time is allowed, but
  a wrong year or month is the likelier cause.
- A decision date before the interview: the planner then waits as if they
  decided on the interview's day, so a date typed in the wrong month plans the
  inquiry too early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followthrough.debrief.model import Debrief


@dataclass(frozen=True)
class Caution:
    """One warning: the debrief field it is about, and what to check."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}

    def describe(self) -> str:
        return f"warning: {self.path}: {self.message}"


def cautions(debrief: Debrief, now: datetime) -> list[Caution]:
    """The warnings for ``debrief`` as of ``now`` (an aware instant), in field order."""
    found = [_future_interview(debrief, now), _decision_before_interview(debrief)]
    return [caution for caution in found if caution is not None]


def _future_interview(debrief: Debrief, now: datetime) -> Caution | None:
    starts = debrief.interview.starts
    if starts <= now:
        return None
    shown = starts.astimezone(debrief.zone).strftime("%a %d %b %Y %H:%M")
    return Caution("interview.starts",
                   f"the interview is dated in the future ({shown}, {debrief.zone_name}); "
                   "the follow-ups are planned from that time. If it has already happened, "
                   "check the date")


def _decision_before_interview(debrief: Debrief) -> Caution | None:
    decision_by = debrief.interview.decision_by
    interview_day = debrief.interview.starts.astimezone(debrief.zone).date()
    if decision_by is None or decision_by >= interview_day:
        return None
    return Caution("interview.decision_by",
                   f"the decision date {decision_by.isoformat()} is before the interview "
                   f"({interview_day.isoformat()}); the inquiry is planned as if they decide on "
                   "the day of the interview, so check the month and year")
