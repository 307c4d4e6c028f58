"""What ``export json`` keeps of a stored interview besides its debrief, and how
``import`` restores it: the interview's uid (its calendar entries' ids) and
times, the TOML the user wrote, every event in the order it was recorded, the
approved messages (outbox) with their files, and the incoming mail already
seen. An undo names the event it takes back by its place in that list, so the
same backup restores the same history in any database. A message that had not
gone out comes back cancelled: importing a file never sends anything.

Exports written before events were kept have none of these keys; they still
import, and are planned from the debrief alone, as they always were."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    Base64Bytes,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from followthrough.app.planning import UNDO_PREFIX, replan
from followthrough.debrief.parse import in_words
from followthrough.errors import BadInput, Problem
from followthrough.settings import Settings
from followthrough.store import Restored, Store, StoredEvent, StoredInterview
from followthrough.store.outbox import OutboxFile, OutboxRow, OutboxStore, Seen
from followthrough.vocabulary import MAX_ID, EventKind, Outcome

UID_PATTERN = r"^[0-9a-f]{32}$"
Text = Annotated[str, Field(max_length=200)]
Address = Annotated[str, Field(max_length=320)]
OutboxStatus = Literal["scheduled", "claimed", "submitting", "uncertain", "retry_wait", "sent",
                       "failed", "cancelled", "expired"]


class BackupEvent(BaseModel):
    """One event as a backup writes it; keys a newer version adds are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: EventKind
    at: AwareDatetime
    recorded: AwareDatetime | None = None
    action: Annotated[str, Field(min_length=1, max_length=160)] | None = None
    person: Text | None = None
    outcome: Outcome | None = None
    until: date | None = None
    undoes: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> BackupEvent:
        if (self.kind == "undo") != (self.undoes is not None):
            raise ValueError("'undoes' is for an undo, which needs it: the place of the "
                             "event it takes back in this list, counted from 0")
        if self.kind in ("done", "skipped") and self.action is None:
            raise ValueError(f"a {self.kind} event names its action (its key)")
        if self.kind == "outcome" and self.outcome is None:
            raise ValueError("an outcome event names its outcome")
        return self


class BackupFile(BaseModel):
    """A file an approved message carries, its bytes in base64."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    filename: Annotated[str, Field(min_length=1, max_length=255)]
    content_type: Annotated[str, Field(min_length=1, max_length=255)]
    source: str | None = None
    data: Base64Bytes


class BackupMessage(BaseModel):
    """An approved message and what became of it (the outbox row)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    action: Annotated[str, Field(min_length=1, max_length=160)]
    kind: Annotated[str, Field(min_length=1, max_length=32)]
    message_id: Annotated[str, Field(min_length=1, max_length=255)]
    from_name: Text
    from_addr: Address
    to_name: Text
    to_addr: Address
    subject: str
    body: str
    send_at: AwareDatetime
    latest_at: AwareDatetime
    zone: Annotated[str, Field(min_length=1, max_length=64)]
    status: OutboxStatus
    attempts: Annotated[int, Field(ge=0, le=1000)] = 0
    smtp_code: Annotated[int, Field(ge=0, le=999)] | None = None
    last_error: str | None = None
    created: AwareDatetime
    updated: AwareDatetime
    sent_at: AwareDatetime | None = None
    attachments: list[BackupFile] = []


class BackupSeen(BaseModel):
    """Incoming mail the worker had already recorded for the interview."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: Annotated[str, Field(min_length=1, max_length=255)]
    kind: Literal["reply", "auto-reply", "bounce", "list"]
    sender: Address | None = None
    subject: str | None = None
    received: AwareDatetime


class BackupExtras(BaseModel):
    """The keys of an exported interview that ``import`` restores besides its debrief."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uid: Annotated[str, Field(pattern=UID_PATTERN)] | None = None
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    source: str | None = None
    events: list[BackupEvent] | None = None
    outbox: list[BackupMessage] | None = None
    inbound: list[BackupSeen] | None = None

    id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None

    def restored(self) -> Restored:
        return Restored(uid=self.uid, created_at=self.created, updated_at=self.updated,
                        number=self.id)


def read_extras(item: dict[str, Any], where: str, name: str) -> BackupExtras:
    """The restorable keys of one exported interview (``where`` names it, such as
    ``interviews[2]``), each problem with its path."""
    try:
        extras = BackupExtras.model_validate(item)
    except ValidationError as error:
        raise BadInput([_problem(where, detail) for detail in error.errors()], name) from None
    problems = [Problem(f"{where}.events[{index}].undoes",
                        f"names events[{event.undoes}], which is not before it",
                        expected="the place of an earlier event in this list, counted from 0")
                for index, event in enumerate(extras.events or [])
                if event.undoes is not None and event.undoes >= index]
    if problems:
        raise BadInput(problems, name)
    return extras


def _problem(where: str, detail: Any) -> Problem:
    path = ".".join([where, *(f"[{part}]" if isinstance(part, int) else str(part)
                              for part in detail["loc"])]).replace(".[", "[")
    message = str(detail["msg"]).removeprefix("Value error, ")
    if "input" in detail and not isinstance(detail["input"], dict | list):
        message += f", got {in_words(detail['input'])}"
    return Problem(path, message)


def interview_entries(store: Store, interview_id: int | None) -> list[dict[str, Any]]:
    """Interview ``interview_id`` (or every one, oldest number first) as ``export
    json`` writes it: a few queries in all, however many interviews there are."""
    stored = ([store.get_interview(interview_id)] if interview_id is not None
              else store.all_interviews())
    events = store.events_by_interview(interview_id)
    box = OutboxStore(store)
    messages, seen = box.messages_by_interview(interview_id), box.seen_by_interview(interview_id)
    return [_entry(item, events.get(item.id, []), messages.get(item.id, []),
                   seen.get(item.id, [])) for item in stored]


def _entry(stored: StoredInterview, events: list[StoredEvent],
           messages: list[tuple[OutboxRow, tuple[OutboxFile, ...]]],
           seen: list[Seen]) -> dict[str, Any]:
    places = {event.id: index for index, event in enumerate(events)}
    return stored.as_dict() | {
        "source": stored.source,
        "events": [event_entry(event, places) for event in events],
        "outbox": [_message_entry(row, files) for row, files in messages],
        "inbound": [_seen_entry(item) for item in seen],
    }


def _message_entry(row: OutboxRow, files: tuple[OutboxFile, ...]) -> dict[str, Any]:
    return {
        "action": row.action_key, "kind": row.kind, "message_id": row.message_id,
        "from_name": row.from_name, "from_addr": row.from_addr,
        "to_name": row.to_name, "to_addr": row.to_addr,
        "subject": row.subject, "body": row.body,
        "send_at": row.send_at.isoformat(), "latest_at": row.latest_at.isoformat(),
        "zone": row.zone, "status": row.status, "attempts": row.attempts,
        "smtp_code": row.smtp_code, "last_error": row.last_error,
        "created": row.created_at.isoformat(), "updated": row.updated_at.isoformat(),
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "attachments": [{"filename": item.filename, "content_type": item.content_type,
                         "source": item.source or None,
                         "data": base64.b64encode(item.data).decode("ascii")}
                        for item in files],
    }


def _seen_entry(seen: Seen) -> dict[str, Any]:
    return {"message_id": seen.message_id, "kind": seen.kind, "sender": seen.sender,
            "subject": seen.subject, "received": seen.received_at.isoformat()}


def restore_mail(store: Store, interview_id: int, extras: BackupExtras) -> None:
    """Store the backup's messages and incoming mail for the interview; a message
    that had not gone out must be approved again (:mod:`followthrough.store.outbox`)."""
    messages = [(OutboxRow(
        id=0, interview_id=interview_id, action_key=item.action, kind=item.kind,
        message_id=item.message_id, from_name=item.from_name, from_addr=item.from_addr,
        to_name=item.to_name, to_addr=item.to_addr, subject=item.subject, body=item.body,
        send_at=item.send_at, latest_at=item.latest_at, zone=item.zone, status=item.status,
        attempts=item.attempts, claim_token=None, lease_until=None,
        smtp_code=item.smtp_code, last_error=item.last_error, created_at=item.created,
        updated_at=item.updated, sent_at=item.sent_at),
        [OutboxFile(file.filename, file.content_type, file.data, file.source or "")
         for file in item.attachments]) for item in extras.outbox or []]
    seen = [Seen(item.message_id, item.kind, item.sender, item.subject, item.received)
            for item in extras.inbound or []]
    if messages or seen:
        OutboxStore(store).restore(interview_id, messages, seen)


def event_entry(event: StoredEvent, places: Mapping[int | None, int]) -> dict[str, Any]:
    """``event`` as a backup writes it; ``places`` gives each event id's place in the
    interview's list (an undo names the event it takes back by it)."""
    undo = event.kind == "undo"
    undone = (int(event.action_key.removeprefix(UNDO_PREFIX))
              if undo and event.action_key else None)
    return {
        "kind": event.kind,
        "at": event.at.isoformat(),
        "recorded": event.created_at.isoformat() if event.created_at else None,
        "action": None if undo else event.action_key,
        "person": event.person,
        "outcome": event.outcome if event.kind == "outcome" else None,
        "until": event.outcome if event.kind == "reply" else None,
        "undoes": places.get(undone) if undo else None,
    }


def restore_events(store: Store, interview_id: int, events: list[BackupEvent],
                   settings: Settings | None = None) -> None:
    """Record ``events`` for the interview in their order, each followed by a new
    plan as when it was first recorded (a plan can keep what the one before it
    decided: a promise planned inside a thank-you stays there once that is sent);
    an undo names the new id of the event it takes back."""
    replan(store, interview_id, settings)
    stored_ids: list[int] = []
    for event in events:
        stored_ids.append(store.add_event(interview_id, stored_event(event, stored_ids)))
        replan(store, interview_id, settings)


def stored_event(event: BackupEvent, stored_ids: Sequence[int]) -> StoredEvent:
    """The event to store for ``event``; ``stored_ids`` are the new ids of the events
    before it, in order (an undo names one of them)."""
    undone = stored_ids[event.undoes] if event.undoes is not None else None
    return StoredEvent(
        kind=event.kind, at=event.at,
        action_key=f"{UNDO_PREFIX}{undone}" if undone is not None else event.action,
        person=event.person, outcome=event.until.isoformat() if event.until else event.outcome,
        created_at=event.recorded)
