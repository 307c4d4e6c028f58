"""The morning digest: one plain-text message with what is due today and what is
overdue, each with its id and the command (or page) to act on it.

``followthrough agenda --digest`` prints it; the mail worker sends the same text
once each morning to the candidate's own address, at the time set in
settings.toml (in the profile's zone), when mail is set up:

    [digest]
    time = "07:30"                       # HH:MM, your time; no [digest]: no e-mail
    url = "http://127.0.0.1:8765"        # optional: where your web UI answers
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from followthrough.errors import BadInput, Problem
from followthrough.plan.ics import LABELS
from followthrough.plan.weekly import still_open

if TYPE_CHECKING:
    from followthrough.app.agenda import Agenda, AgendaItem, NeedsYou
    from followthrough.debrief.model import Candidate
    from followthrough.mail.accounts import MailSettings
    from followthrough.mail.digest import MorningDigest
    from followthrough.settings import Settings
    from followthrough.store import Store

WEB = "http://127.0.0.1:8765"
"""Where ``followthrough serve`` answers by default."""
DIGEST_KEYS = ("time", "url")
ROWS = 25
"""Items listed per section; the rest are counted, and `agenda` lists them."""
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
DONE_OUTBOX = ("scheduled", "claimed", "submitting", "sent")
"""Outbox states in which a message needs nothing more from you."""


@dataclass(frozen=True)
class DigestSettings:
    at: time
    """When it goes out each day, in your zone."""
    url: str = WEB


def digest_settings(settings: Settings) -> DigestSettings | None:
    """The ``[digest]`` section, checked (every problem at once); None without one."""
    data = settings.digest
    if not data:
        return None
    problems = [Problem(f"digest.{key}", "unknown key", expected=", ".join(DIGEST_KEYS))
                for key in data if key not in DIGEST_KEYS]
    at = data.get("time")
    if not (isinstance(at, str) and _CLOCK.fullmatch(at)):
        problems.append(Problem("digest.time", f"'{at}' is not a time of day" if at is not None
                                else "required", expected='"07:30" (HH:MM, your time)'))
    url = data.get("url", WEB)
    if not (isinstance(url, str) and re.fullmatch(r"https?://[^\s/]+(/\S*)?", url)):
        problems.append(Problem("digest.url", "not a web address",
                                expected=f'"{WEB}" (where `followthrough serve` answers)'))
    if problems:
        raise BadInput(problems, settings.source)
    return DigestSettings(time.fromisoformat(str(at)), str(url).rstrip("/"))


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str
    items: int
    """How many things it lists (due today, overdue, messages that need you)."""
    zone: str
    """The zone its times are in."""


def digest(found: Agenda, url: str = WEB) -> Digest:
    """The digest of ``found`` (an agenda): overdue, due today, messages that need you."""
    day = found.now
    counts = [f"{found.total('today')} due today", f"{found.total('overdue')} overdue"]
    if found.needs_you:
        counts.append(f"{len(found.needs_you)} not sent")
    lines = [f"Good morning. Your follow-ups for {day:%A %d %B %Y} "
             f"(times are yours, {found.zone}): {', '.join(counts)}.", ""]
    lines += _section("Overdue", found.overdue, found.total("overdue"), found.zone, url)
    lines += _section("Due today", found.today, found.total("today"), found.zone, url)
    lines += _needing_you(found.needs_you, url)
    if not (found.overdue or found.today or found.needs_you):
        lines += ["Nothing is due today or overdue.", ""]
    lines += [f"Everything, the next 7 days too: followthrough agenda, or {url}/", ""]
    items = found.total("overdue") + found.total("today") + len(found.needs_you)
    subject = f"Follow-ups for {day:%a %d %b}: {', '.join(counts)}"
    return Digest(subject, "\n".join(lines), items, found.zone)


def _section(title: str, items: Sequence[AgendaItem], total: int, zone: str, url: str
             ) -> list[str]:
    if not items:
        return []
    lines = [f"{title} ({total})", ""]
    for item in items[:ROWS]:
        lines += _item(item, zone, url)
    if total > min(len(items), ROWS):
        lines += [f"... and {total - min(len(items), ROWS)} more: followthrough agenda --all", ""]
    return lines


def _item(item: AgendaItem, zone: str, url: str) -> list[str]:
    from zoneinfo import ZoneInfo

    action = item.row.action
    when = action.due.astimezone(ZoneInfo(zone))
    label = LABELS.get(action.kind, action.kind)
    what = f"{label} for {action.recipient}" if action.recipient else label
    where = "Every open interview" if item.also else item.row.company
    lines = [f"* {when:%a %d %b %H:%M}  {where}: {what}  [{action.id}]"]
    if item.also:
        lines.append(f"  {still_open(item.companies)}")
    lines += [f"  {line}" for line in _to_act(item, url)]
    return [*lines, ""]


def _to_act(item: AgendaItem, url: str) -> list[str]:
    action = item.row.action
    if item.outbox in DONE_OUTBOX:
        return [f"queued in the outbox ({item.outbox}): nothing to do"]
    if action.channel == "self":
        return [f"when done: followthrough done {action.id}",
                f"       or: Done at {url}/interviews/{action.interview_id}#a-{action.key}"]
    command = f"followthrough draft {action.interview_id} --kind {action.kind}"
    if action.recipient:
        command += f" --to {shlex.quote(action.recipient)}"
    then = (f"then followthrough approve {action.id}" if action.channel == "email"
            else f"send it yourself, then followthrough done {action.id}")
    return [f"write it: {url}/actions/{action.id}/draft", f"      or: {command}",
            f"          {then}"]


def _needing_you(needs: Sequence[NeedsYou], url: str) -> list[str]:
    if not needs:
        return []
    lines = [f"Messages not sent, or perhaps not ({len(needs)})", ""]
    for need in needs:
        lines += [f"* {need.company}: {LABELS.get(need.kind, need.kind)} to {need.to}, "
                  f"{need.status}  [{need.action_id}]", f"  {need.todo}",
                  f"  or decide at {url}/outbox", ""]
    return lines


def digest_text(store: Store, zone: str | None, url: str = WEB) -> Digest:
    """Today's digest for the store's owner, times in ``zone`` (else the agenda's)."""
    from followthrough.app.agenda import agenda

    return digest(agenda(store, zone), url)


def morning_digest(store: Store, settings: Settings, mail: MailSettings,
                   profile: Candidate | None) -> tuple[MorningDigest | None, str | None]:
    """What the worker sends each morning, or None and why not: no ``[digest]``, no
    ``[mail.smtp]`` account, or no address of your own to send it to."""
    from followthrough.mail.digest import MorningDigest

    chosen = digest_settings(settings)
    if chosen is None:
        return None, None
    if mail.smtp is None:
        return None, "no morning digest: [digest] is set but no [mail.smtp] account"
    own = (profile.email if profile is not None else None) or mail.from_addr
    if not own:
        return None, ("no morning digest: no address of yours to send it to (save one "
                      "with `followthrough profile --email`, or set [mail] from)")
    zone = profile.timezone if profile is not None else None
    zone = zone or digest_text(store, None).zone
    name = (profile.name if profile is not None else None) or mail.from_name or own

    def text(owner: Store) -> tuple[str, str] | None:
        made = digest_text(owner, zone, chosen.url)
        return (made.subject, made.body) if made.items else None

    return MorningDigest(at=chosen.at, zone=zone, to_name=name, to_addr=own,
                         from_name=mail.from_name or name, from_addr=mail.from_addr or own,
                         text=text), None
