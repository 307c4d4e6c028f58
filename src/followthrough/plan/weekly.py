"""One keep-searching reminder a week for the candidate, however many interviews wait.

The planner gives each interview its own weekly ``keep-searching`` series (``plan ID``
shows it), timed from that interview. Across interviews they are one reminder a
week: every pending one that counts for the same week folds into one, which names
the companies still open. A reminder counts for the ISO week (Monday to Sunday) of
its due time in its own zone, the candidate's; an overdue one counts for the current
week, since "keep searching this week" is about now, not the week it missed. Marking
the folded reminder marks every reminder of its week.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

KEEP_SEARCHING = "keep-searching"
Week = tuple[int, int]
"""An ISO year and week number."""
Item = TypeVar("Item")


def iso_week(instant: datetime, zone: str) -> Week:
    year, week, _ = instant.astimezone(ZoneInfo(zone)).isocalendar()
    return year, week


def search_week(due: datetime, zone: str, now: datetime) -> Week:
    """The week a keep-searching reminder due at ``due`` (aware) counts for: its own
    week in ``zone``, or the current one when it is overdue."""
    return max(iso_week(due, zone), iso_week(now, zone))


@dataclass(frozen=True)
class Folded(Generic[Item]):
    """The reminders of one week: ``first`` (the earliest due) stands for them all."""

    week: Week
    first: Item
    others: tuple[Item, ...]

    @property
    def members(self) -> tuple[Item, ...]:
        return (self.first, *self.others)


def fold_by_week(items: Sequence[Item], due_of: Callable[[Item], tuple[datetime, str]],
                 now: datetime) -> list[Folded[Item]]:
    """``items`` (keep-searching reminders) grouped by the week they count for, each
    group led by its earliest due; the groups in order of their first reminder."""
    weeks: dict[Week, list[Item]] = {}
    for item in sorted(items, key=lambda each: due_of(each)[0]):
        due, zone = due_of(item)
        weeks.setdefault(search_week(due, zone, now), []).append(item)
    return [Folded(week, members[0], tuple(members[1:])) for week, members in weeks.items()]


def still_open(companies: Sequence[str]) -> str:
    """``Still open: A, B and C.``: each company once, in the order given, with one
    full stop even after a name that ends with one (``Kasumi Payments K.K.``)."""
    unique = list(dict.fromkeys(companies))
    named = unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"
    return f"Still open: {named}" + ("" if named.endswith(".") else ".")
