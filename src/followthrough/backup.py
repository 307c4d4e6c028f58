"""What ``export json`` keeps of a stored interview besides its debrief, and how
``import`` restores it: the interview's uid (its calendar entries' ids) and
times, the TOML the user wrote, and every event in the order it was recorded.
An undo names the event it takes back by its place in that list, so the same
backup restores the same history in any database.

Exports written before events were kept have none of these keys; they still
import, and are planned from the debrief alone, as they always were."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from followthrough.debrief.parse import in_words
from followthrough.errors import BadInput, Problem
from followthrough.plan.planner import EventKind, Outcome
from followthrough.store import Restored, Store, StoredEvent, StoredInterview
from followthrough.tracking import UNDO_PREFIX

UID_PATTERN = r"^[0-9a-f]{32}$"
Text = Annotated[str, Field(max_length=200)]


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


class BackupExtras(BaseModel):
    """The keys of an exported interview that ``import`` restores besides its debrief."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uid: Annotated[str, Field(pattern=UID_PATTERN)] | None = None
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    source: str | None = None
    events: list[BackupEvent] | None = None

    def restored(self) -> Restored | None:
        if self.created is None or self.updated is None:
            return None
        return Restored(uid=self.uid, created_at=self.created, updated_at=self.updated)


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


def interview_entry(store: Store, stored: StoredInterview) -> dict[str, Any]:
    """One interview as ``export json`` writes it."""
    events = store.events_of(stored.id)
    places = {event.id: index for index, event in enumerate(_recorded_order(events))}
    return stored.as_dict() | {
        "source": stored.source,
        "events": [_event_entry(event, places) for event in _recorded_order(events)],
    }


def _recorded_order(events: list[StoredEvent]) -> list[StoredEvent]:
    return sorted(events, key=lambda event: event.id or 0)


def _event_entry(event: StoredEvent, places: dict[int | None, int]) -> dict[str, Any]:
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


def restore_events(store: Store, interview_id: int, events: list[BackupEvent]) -> None:
    """Record ``events`` for the interview in their order; an undo names the new id
    of the event it takes back."""
    stored_ids: list[int] = []
    for event in events:
        undone = stored_ids[event.undoes] if event.undoes is not None else None
        stored_ids.append(store.add_event(interview_id, StoredEvent(
            kind=event.kind, at=event.at,
            action_key=f"{UNDO_PREFIX}{undone}" if undone is not None else event.action,
            person=event.person,
            outcome=event.until.isoformat() if event.until else event.outcome,
            created_at=event.recorded)))
