"""``export ics`` and ``export csv``: the plans of stored interviews as a calendar
and as spreadsheet rows. Each interview is planned afresh first (as ``plan``
does), so the files say what ``plan`` would.

The CSV columns (docs/export.md describes them) are one row per action, with
its interview's columns repeated so a spreadsheet can filter and sort one
sheet, or with ``rows="interviews"`` one row per interview. Times are ISO 8601
with their offset: ``due`` and ``latest`` in the recipient's zone (as ``plan
--format json``), ``due_yours`` in the candidate's. A text cell that a
spreadsheet would run as a formula (it starts with = + - @ or a tab) is written
with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.errors import BadInput, Problem
from followthrough.plan.ics import to_ics
from followthrough.plan.planner import Action
from followthrough.settings import Settings
from followthrough.store import Store, StoredInterview
from followthrough.vocabulary import action_id

if TYPE_CHECKING:
    from pathlib import Path

    from followthrough.app.core import Core
    from followthrough.compose import Draft
    from followthrough.debrief import Debrief
    from followthrough.mail.message import Outgoing

ACTION_COLUMNS = ("interview", "company", "role", "interview_starts", "state", "action",
                  "kind", "to", "channel", "due", "latest", "zone", "due_yours", "status",
                  "outbox", "why")
INTERVIEW_COLUMNS = ("interview", "company", "role", "starts", "timezone", "state",
                     "actions", "pending", "done", "skipped", "next_action", "next_due",
                     "created", "updated")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Rows = Literal["actions", "interviews"]


@dataclass(frozen=True)
class Planned:
    interview: StoredInterview
    actions: list[Action]


def planned(store: Store, interview_id: int | None,
            settings: Settings | None = None) -> list[Planned]:
    """Interview ``interview_id`` (or every one, oldest number first), planned now."""
    ids = ([interview_id] if interview_id is not None
           else sorted(summary.id for summary in store.list_interviews()))
    return [Planned(*replan(store, each, settings)) for each in ids]


def calendar(items: Sequence[Planned], *, todo: bool = False) -> bytes:
    """The .ics of ``items``: events with alarms, or to-dos with ``todo``; each
    interview's UIDs carry its random uid."""
    return to_ics([(item.interview.id, item.interview.debrief, item.actions) for item in items],
                  now=clock.now(), todo=todo,
                  uids={item.interview.id: item.interview.uid for item in items})


def csv_text(store: Store, items: Sequence[Planned], rows: Rows = "actions") -> str:
    """The CSV of ``items``: one row per action, or per interview."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if rows == "interviews":
        writer.writerow(INTERVIEW_COLUMNS)
        writer.writerows(_interview_row(item) for item in items)
    else:
        writer.writerow(ACTION_COLUMNS)
        queued = _outbox_states(store, items)
        writer.writerows(_action_row(item, action, queued) for item in items
                         for action in item.actions)
    return buffer.getvalue()


def _outbox_states(store: Store, items: Sequence[Planned]) -> dict[str, str]:
    from followthrough.store.outbox import OutboxStore

    ids = [action_id(item.interview.id, action.key) for item in items for action in item.actions]
    return OutboxStore(store).statuses(ids) if ids else {}


def _action_row(item: Planned, action: Action, queued: dict[str, str]) -> list[str]:
    stored = item.interview
    interview = stored.debrief.interview
    yours = ZoneInfo(stored.debrief.candidate.timezone)
    printed = action_id(stored.id, action.key)
    return [str(stored.id), _cell(interview.company), _cell(interview.role),
            interview.starts.isoformat(), stored.state, _cell(printed), action.kind,
            _cell(action.to or ""), action.channel, action.due.isoformat(),
            action.latest.isoformat(), str(getattr(action.due.tzinfo, "key", "UTC")),
            action.due.astimezone(yours).isoformat(), action.status,
            queued.get(printed, ""), _cell(action.why)]


def _interview_row(item: Planned) -> list[str]:
    stored = item.interview
    interview = stored.debrief.interview
    counts = Counter(action.status for action in item.actions)
    pending = [action for action in item.actions if action.status == "pending"]
    upcoming = min(pending, key=lambda action: action.due, default=None)
    return [str(stored.id), _cell(interview.company), _cell(interview.role),
            interview.starts.isoformat(), stored.debrief.zone.key, stored.state,
            str(len(item.actions)), str(counts["pending"]), str(counts["done"]),
            str(counts["skipped"]),
            _cell(action_id(stored.id, upcoming.key)) if upcoming else "",
            upcoming.due.isoformat() if upcoming else "",
            stored.created_at.isoformat(), stored.updated_at.isoformat()]


def _cell(text: str) -> str:
    """``text``, kept from being read as a formula by a spreadsheet."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def outgoing(core: Core, action_id: str, *, files: bool = True) -> Outgoing:
    """The queued message if there is one (same Message-ID, the files as approved),
    else the action's draft with its files read now (``files``: read them)."""
    from followthrough.mail.outbox import outgoing as queued_copy
    from followthrough.mail.outbox import queued_outgoing
    from followthrough.store.outbox import OutboxStore

    row = OutboxStore(core.store).by_action(action_id)
    if row is not None:
        return queued_outgoing(core.store, row) if files else queued_copy(row)
    written = core.draft(action_id)
    if not written.to_email:
        raise BadInput([Problem(action_id, "this person has no e-mail address in the debrief")])
    return message(core, core.store.find_action(action_id).interview_id,
                   to_name=written.to or "", to_addr=written.to_email,
                   subject=written.subject or "", body=written.body,
                   paths=written.attachments if files else (), where=action_id)


def message(core: Core, interview_id: int, *, to_name: str, to_addr: str, subject: str,
            body: str, paths: Sequence[str], where: str) -> Outgoing:
    """A message from the candidate (as the ``[mail]`` settings name them) with the
    files at ``paths`` read now (an error names a missing or too large one)."""
    from followthrough.mail.message import (
        Outgoing,
        attachment_limit,
        new_message_id,
        read_attachments,
    )

    candidate = core.store.get_interview(interview_id).debrief.candidate
    mail = core.mail
    sender = mail.from_addr or candidate.email
    files = read_attachments(paths, max_bytes=attachment_limit(mail.policy), where=where,
                             interview_id=interview_id)
    return Outgoing(from_name=mail.from_name or candidate.name, from_addr=sender,
                    to_name=to_name, to_addr=to_addr, subject=subject, body=body,
                    message_id=new_message_id(sender), attachments=files)


def eml(core: Core, action_id: str) -> bytes:
    """The action's message as an .eml file any mail program opens as an unsent
    draft: the queued copy with the files as approved, else the draft with its
    files as they are now."""
    from followthrough.store.outbox import OutboxStore

    queued = OutboxStore(core.store).by_action(action_id) is not None
    return eml_bytes(core, outgoing(core, action_id), checked=not queued)


def eml_bytes(core: Core, out: Outgoing, *, checked: bool = True) -> bytes:
    """``out`` built by the one message builder, marked unsent; ``checked``: its
    files are held to the ``[mail.policy]`` size limit."""
    from followthrough.mail.message import attachment_limit, build, to_bytes

    limit = attachment_limit(core.mail.policy) if checked else None
    return to_bytes(build(out, clock.now(), unsent=True, max_attachment_bytes=limit))


def write_drafts(core: Core, drafts: Sequence[Draft], folder: Path, debrief: Debrief,
                 force: bool) -> list[Path]:
    """``draft --out``: one .txt per draft and one .eml per e-mail draft in ``folder``,
    from the sender the ``[mail]`` settings name, else the candidate."""
    from followthrough.compose.export import Sender
    from followthrough.compose.export import write_drafts as write
    from followthrough.mail.message import attachment_limit

    mail = core.settings.mail
    name = mail.get("name") if isinstance(mail.get("name"), str) else None
    addr = mail.get("from") if isinstance(mail.get("from"), str) else None
    policy = mail.get("policy") if isinstance(mail.get("policy"), dict) else None
    sender = Sender(name=name or debrief.candidate.name, addr=addr or debrief.candidate.email)
    return write(list(drafts), folder, sender=sender, at=clock.now(), force=force,
                 max_attachment_bytes=attachment_limit(policy))
