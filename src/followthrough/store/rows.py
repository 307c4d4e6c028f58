"""What the store gives back: plain records, importable without SQLAlchemy or
pydantic, so that a command that only reads (:mod:`followthrough.store.quick`)
pays for neither."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from followthrough.vocabulary import ActionId

if TYPE_CHECKING:
    from followthrough.debrief import Debrief

LOCAL_USER = "local"
"""The single owner of every row in local mode; team mode adds more users."""


@dataclass(frozen=True)
class StoredInterview:
    id: int
    state: str
    debrief: Debrief
    source: str | None
    created_at: datetime
    updated_at: datetime
    uid: str = ""
    """Random and never reused: calendar UIDs carry it, so they outlive the number."""

    def as_dict(self) -> dict[str, Any]:
        interview = self.debrief.interview
        return {
            "id": self.id,
            "uid": self.uid,
            "company": interview.company,
            "role": interview.role,
            "starts": interview.starts.isoformat(),
            "state": self.state,
            "created": self.created_at.isoformat(),
            "updated": self.updated_at.isoformat(),
            "debrief": self.debrief.to_document(),
        }


def stored_interview(row: Any) -> StoredInterview:
    """The stored interview of a row of ``interviews`` joined with its document
    (the debrief as JSON, validated again as it is read)."""
    from followthrough.debrief import validate_debrief

    return StoredInterview(
        id=row["id"], state=row["state"],
        debrief=validate_debrief(row["debrief"], source=f"stored interview #{row['id']}",
                                 from_json=True),
        source=row["source"], created_at=row["created_at"], updated_at=row["updated_at"],
        uid=row["uid"],
    )


@dataclass(frozen=True)
class InterviewSummary:
    id: int
    company: str
    role: str
    starts_at: datetime
    state: str
    candidate_zone: str = "UTC"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "company": self.company, "role": self.role,
                "starts": self.starts_at.isoformat(), "state": self.state}


@dataclass(frozen=True)
class StoredEvent:
    kind: str
    at: datetime
    action_key: str | None = None
    person: str | None = None
    outcome: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    """When it was recorded (``at`` is when it happened); now, unless restored."""


@dataclass(frozen=True)
class Restored:
    """What a backup keeps of a stored interview besides its debrief."""

    uid: str | None
    created_at: datetime | None
    updated_at: datetime | None
    number: int | None = None
    """The interview's number in the backup: kept if this database never gave it out."""


@dataclass(frozen=True)
class PlannedRow:
    """One planned action as stored; ``due``/``latest`` are UTC instants."""

    interview_id: int
    key: str
    kind: str
    recipient: str | None
    channel: str
    due: datetime
    latest: datetime
    zone: str
    why: str
    rule: str
    status: str

    @property
    def id(self) -> str:
        return str(ActionId(self.interview_id, self.key))


@dataclass(frozen=True)
class AgendaRow:
    action: PlannedRow
    company: str
    role: str
    candidate_zone: str


@dataclass(frozen=True)
class OutboxRow:
    id: int
    interview_id: int
    action_key: str
    kind: str
    message_id: str
    from_name: str
    from_addr: str
    to_name: str
    to_addr: str
    subject: str
    body: str
    send_at: datetime
    latest_at: datetime
    zone: str
    status: str
    attempts: int
    claim_token: str | None
    lease_until: datetime | None
    smtp_code: int | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    owner_id: int = 0
    """The user whose message this is (the team worker sends for every owner)."""

    @property
    def action_id(self) -> str:
        return str(ActionId(self.interview_id, self.action_key))


class Reader(Protocol):
    """What ``list``, ``agenda`` and ``plan ID`` use of a store. The store has it
    all; so has the quick reader (:mod:`followthrough.store.quick`), whose
    :meth:`save_plan` and :meth:`set_state` only confirm that nothing changes."""

    owner_id: int

    def list_interviews(self, state: str | None = None, limit: int | None = None,
                        offset: int = 0) -> list[InterviewSummary]: ...

    def get_interview(self, interview_id: int) -> StoredInterview: ...

    def same_company(self, interview_id: int) -> list[tuple[int, datetime]]: ...

    def events_of(self, interview_id: int) -> list[StoredEvent]: ...

    def plan_of(self, interview_id: int) -> list[PlannedRow]: ...

    def save_plan(self, interview_id: int, planned: list[PlannedRow]) -> None: ...

    def set_state(self, interview_id: int, state: str) -> None: ...

    def agenda(self, now: datetime, since: datetime, until: datetime,
               ahead_limit: int = 300, overdue_limit: int = 100) -> list[AgendaRow]: ...

    def pending_of_kind(self, kind: str, low: datetime, high: datetime,
                        status: str = "pending") -> list[AgendaRow]: ...

    def count_pending(self, low: datetime, high: datetime) -> int: ...

    def outbox_statuses(self, action_ids: list[str]) -> dict[str, str]: ...

    def needing_you(self) -> list[tuple[OutboxRow, str]]: ...
