"""The words every layer shares, said once: the kinds of action the planner plans,
which of them are messages, the events and outcomes recorded, the states an
interview is in, and the action id (``3.thank-you.hiroshi-sato``), parsed and
printed only here."""

from __future__ import annotations

from typing import Literal, NamedTuple

from followthrough.errors import NotFound

OUTCOME_KINDS: frozenset[str] = frozenset({
    "rejection-reply", "offer-reply", "withdrawal", "next-round-thanks"})
"""The message each outcome calls for."""
MESSAGE_KINDS: frozenset[str] = frozenset({
    "thank-you", "promise", "recruiter-update", "reference-brief", "referee-thanks",
    "linkedin", "status-inquiry", "move-on", *OUTCOME_KINDS,
})
"""Kinds that are messages to someone; the others are notes to the candidate."""
ACTION_KINDS: tuple[str, ...] = (
    "thank-you", "promise", "recruiter-update", "reference-brief", "referee-thanks",
    "linkedin", "status-inquiry", "move-on", "rejection-reply", "offer-reply",
    "withdrawal", "next-round-thanks", "reflection", "next-round-prep",
    "keep-searching", "company-watch",
)
"""Every kind of action the planner plans, messages first."""

EventKind = Literal["done", "skipped", "reply", "outcome", "reference-check", "undo"]
EVENT_KINDS: tuple[EventKind, ...] = ("done", "skipped", "reply", "outcome",
                                      "reference-check", "undo")
Outcome = Literal["offer", "rejected", "next-round", "withdrawn"]
OUTCOMES: tuple[Outcome, ...] = ("offer", "rejected", "next-round", "withdrawn")
STATES: tuple[str, ...] = ("awaiting", "replied", "next-round", "offer", "rejected",
                           "withdrawn", "moved-on")
"""The states of an interview: an outcome, or what the events say short of one."""

OPEN = ("scheduled", "retry_wait")
"""Outbox states waiting to be claimed; a reply or the user may still cancel these."""
IN_FLIGHT = ("claimed", "submitting")
TERMINAL = ("sent", "failed", "cancelled", "expired")
REQUEUABLE = ("cancelled", "failed", "expired")
"""Never handed to SMTP as accepted: approving again may queue them anew."""
OUTBOX_STATES = (*OPEN, *IN_FLIGHT, "uncertain", *TERMINAL)
"""Every state of an approved message."""
NEEDS_YOU = ("uncertain", "failed")
"""Not sent and not going to be without the user: the agenda lists them."""

MAX_ID = 2**31 - 1
"""The largest id a row can have (a PostgreSQL INTEGER key)."""
MAX_ID_DIGITS = len(str(MAX_ID))
"""Longer digit strings name no row (and ``int()`` refuses past 4,300 digits)."""


class ActionId(NamedTuple):
    """One planned action: its interview and its key within that interview's plan
    (a pair, so ``interview, key = ActionId.parse(text)``)."""

    interview: int
    key: str

    def __str__(self) -> str:
        return action_id(self.interview, self.key)

    @classmethod
    def parse(cls, text: str) -> ActionId:
        """``3.thank-you.hiroshi-sato`` as an id; NotFound for text that cannot be one."""
        head, _, key = text.partition(".")
        if not (head.isascii() and head.isdigit()) or len(head) > MAX_ID_DIGITS or not key:
            raise NotFound(f"{text!r} is not an action id; they look like "
                           "3.thank-you.hiroshi-sato (`followthrough plan 3` lists them)")
        return cls(existing_id(int(head)), key)


def action_id(interview: int | str, key: str) -> str:
    """The printed id of action ``key`` of ``interview`` (``file`` for a debrief
    file not stored)."""
    return f"{interview}.{key}"


def existing_id(value: int, what: str = "interview") -> int:
    """``value`` if a row could have it; a larger (or non-positive) id names
    nothing, and is NotFound here rather than a database error on PostgreSQL."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"no {what} #{value}")
    return value
