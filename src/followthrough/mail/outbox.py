"""The outbox state machine: nothing is lost, nothing goes out twice.

::

    approve -> scheduled --claim--> claimed --(before DATA)--> submitting
                  ^  ^                 |                          |
                  |  +-- retry_wait <--+-- 4xx / no connection ---+
                  |                    |                          +--> sent (250)
      resolve not-sent                 +--> expired (past latest) +--> failed (5xx)
                  |                                               +--> uncertain
                  +------------------------- uncertain <----------+  (lost after data)

* The outbox row is the only truth (I1). ``submitting`` is committed *before*
  the DATA command (I2); a worker that dies after it leaves a row that becomes
  ``uncertain`` and is never sent again automatically (I3): the Message-ID,
  made once at approval, is looked for in the Sent folder over IMAP, or the
  user says what happened (``resolve``).
* Claims take the write lock and a lease (I4); every later change is
  conditional on the claim token, so a cancel decided under the same lock
  wins over a send that has not begun (I5).
* Only temporary failures are retried, with backoff, and never after the
  action's ``latest`` time: a late thank-you is ``expired`` and the user told
  (I6). An unparseable or past time is refused, never read as "now".

Late policy (the worker was not running when messages fell due): at start
every ``claimed`` row goes back to ``scheduled`` and every ``submitting`` row
becomes ``uncertain``; due rows are then sent if their ``latest`` time has not
passed, and expired (with a notice) if it has.
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.errors import (
    BadInput,
    ExitStatus,
    FollowthroughError,
    Problem,
    StoreError,
)
from followthrough.mail.message import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    Attachment,
    MessageError,
    Outgoing,
    attachment_limit,
    build,
    header_text,
    new_message_id,
    read_attachments,
    to_bytes,
)
from followthrough.mail.smtp import Hook, Outcome, SendResult
from followthrough.store import Store
from followthrough.store.outbox import (
    NewMessage,
    OutboxFile,
    OutboxRow,
    OutboxStore,
)
from followthrough.vocabulary import OPEN, REQUEUABLE

log = logging.getLogger("followthrough.mail")

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
           timedelta(hours=1), timedelta(hours=4))
SEND_NOW = "now"
"""``--at now``: the user asks for it to go at once (never a default)."""
CRASH_ENV = "FOLLOWTHROUGH_CRASH_AT"
"""``POINT`` or ``POINT:N``: SIGKILL this process the Nth time it reaches POINT
(claimed, submitting, data-sent, replied-250). For crash tests only."""


class OutboxError(FollowthroughError):
    """A state change the outbox refuses (cancel a sent message, ...)."""


class PlanKeeper(Protocol):
    """What the mail code asks of the plan after a send, a reply or the user's
    word. The tracking layer above provides it (:mod:`followthrough.app.mail`);
    mail never imports that layer. The sent action's own status needs no
    keeper: it is written with the sent mark."""

    def replan(self, store: Store, interview_id: int) -> object: ...
    def record_reply(self, store: Store, interview_id: int, person: str | None) -> object: ...
    def mark_done(self, store: Store, action_id: str) -> str: ...


class Transport(Protocol):
    def __call__(self, sender: str, recipients: Sequence[str], payload: bytes,
                 confirm: Callable[[], bool], hook: Hook) -> SendResult: ...


@dataclass(frozen=True)
class Policy:
    lease: timedelta = timedelta(minutes=5)
    backoff: tuple[timedelta, ...] = BACKOFF
    max_attempts: int = 8
    batch: int = 50
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    """What one message's files may weigh together, checked at approval and
    export (``max_attachments_mb``); a queued message goes out as approved."""

    @classmethod
    def from_settings(cls, data: dict[str, Any]) -> Policy:
        problems: list[Problem] = []
        limit = DEFAULT_MAX_ATTACHMENT_BYTES
        try:
            limit = attachment_limit(data)
        except BadInput as error:
            problems.extend(error.problems)
        lease = data.get("lease_seconds", 300)
        backoff = data.get("backoff_seconds", [int(b.total_seconds()) for b in BACKOFF])
        attempts = data.get("max_attempts", 8)
        if not isinstance(lease, int) or lease < 30:
            problems.append(Problem("mail.policy.lease_seconds", "must be at least 30"))
        if (not isinstance(backoff, list) or not backoff
                or not all(isinstance(b, int) and b > 0 for b in backoff)):
            problems.append(Problem("mail.policy.backoff_seconds",
                                    "must be a list of positive seconds", expected="[60, 300]"))
        if not isinstance(attempts, int) or attempts < 1:
            problems.append(Problem("mail.policy.max_attempts", "must be at least 1"))
        if problems:
            raise BadInput(problems)
        return cls(lease=timedelta(seconds=lease),
                   backoff=tuple(timedelta(seconds=b) for b in backoff),
                   max_attempts=attempts, max_attachment_bytes=limit)

    def retry_after(self, attempts: int) -> timedelta:
        return self.backoff[min(max(attempts, 1), len(self.backoff)) - 1]


@dataclass
class Report:
    """What one pass did; ``notices`` are what the user must hear about."""

    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    cannot_connect: bool = False
    """The server could not be reached, or refused the login, or no account is
    set up: due messages are waiting."""

    def note(self, bucket: list[str], row: OutboxRow, notice: str | None = None) -> None:
        bucket.append(row.action_id)
        if notice:
            self.notices.append(f"{row.action_id}: {notice}")
            log.warning("%s: %s", row.action_id, notice)

    def merge(self, other: Report) -> None:
        for name in _BUCKETS:
            getattr(self, name).extend(getattr(other, name))
        self.cannot_connect = self.cannot_connect or other.cannot_connect

    def as_dict(self) -> dict[str, Any]:
        return {**{name: list(getattr(self, name)) for name in _BUCKETS},
                "cannot_connect": self.cannot_connect}

    def exit_status(self) -> ExitStatus:
        """``send`` and ``worker``: 0 every due message went out, 1 some were
        refused, uncertain, expired or wait for a retry, 3 the server could not
        be reached (or no account is set up)."""
        if self.cannot_connect:
            return ExitStatus.FAILURE
        if self.failed or self.uncertain or self.expired or self.retrying:
            return ExitStatus.FINDINGS
        return ExitStatus.OK


_BUCKETS = ("sent", "retrying", "failed", "uncertain", "expired", "cancelled", "notices")


# choosing the send time -------------------------------------------------


def parse_send_time(text: str, zone: str, now: datetime) -> datetime:
    """``--at``: an ISO date-time with offset, a wall time in the recipient's
    zone, or ``now`` (said in so many words). Refused: unparseable, date only, a
    wall time that does not exist (spring forward) or exists twice (fall back),
    and any other time not in the future."""
    field_name = "--at"
    value_text = text.strip()
    if value_text.lower() == SEND_NOW:
        return now
    try:
        value = datetime.fromisoformat(value_text)
    except ValueError:
        raise BadInput([Problem(field_name, f"{text!r} is not a date and time",
                                expected="2026-11-17T10:00 (recipient's time) or "
                                         "2026-11-17T10:00+09:00")]) from None
    if len(value_text) <= 10:
        raise BadInput([Problem(field_name, f"{text!r} has no time of day",
                                expected="2026-11-17T10:00")])
    if value.tzinfo is None:
        value = wall_time(value, zone, field_name)
    if value <= now:
        raise BadInput([Problem(field_name, f"{value.isoformat()} is not in the future "
                                f"(now is {now.astimezone(value.tzinfo).isoformat()}); "
                                "nothing is sent \"now\" by accident",
                                expected="a later time")])
    return value


def wall_time(naive: datetime, zone: str, field_name: str) -> datetime:
    """A local wall time in ``zone``; a skipped or repeated time is refused."""
    tz = ZoneInfo(zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise BadInput([Problem(field_name, f"{naive.isoformat()} does not exist in {zone} "
                                "(the clocks skip it for daylight saving time)",
                                expected="a time outside the skipped hour, or with an offset")])
    if first.utcoffset() != second.utcoffset():
        raise BadInput([Problem(field_name, f"{naive.isoformat()} happens twice in {zone} "
                                "(the clocks go back)",
                                expected=f"the same time with an offset, like "
                                         f"{first.isoformat()} or {second.isoformat()}")])
    return first


# the worker's pass ------------------------------------------------------


def crash_hook_from_env() -> Hook | None:
    """The crash-test hook named by ``FOLLOWTHROUGH_CRASH_AT`` (None without it)."""
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return None
    point, _, nth = spec.partition(":")
    remaining = [int(nth) if nth.isdigit() else 1]

    def hook(reached: str) -> None:
        if reached == point:
            remaining[0] -= 1
            if remaining[0] <= 0:
                os.kill(os.getpid(), signal.SIGKILL)

    return hook


def _no_hook(_point: str) -> None:
    return None


def send_due(store: Store, transport: Transport, policy: Policy | None = None,
             hook: Hook | None = None, heartbeat: Callable[[], None] | None = None,
             plan: PlanKeeper | None = None) -> Report:
    """Claim what is due and hand it to ``transport``, one message at a time
    (``heartbeat`` runs before each: the worker renews its lease there); then
    ``plan`` recomputes the plans the pass touched (later actions may move)."""
    report, touched = _send_pass(OutboxStore(store), lambda _owner: transport, policy, hook,
                                 heartbeat, stop_all=True)
    _replan_after(plan, store, {interview for _owner, interview in touched}, report)
    return report


def send_due_team(store: Store, route: Callable[[int], Transport],
                  policy: Policy | None = None, hook: Hook | None = None,
                  plan: PlanKeeper | None = None) -> Report:
    """Team mode: claim due rows of every owner (one of several workers on
    one PostgreSQL; the claim skips rows another worker holds) and send each
    through ``route(owner_id)``. A broken account stops only its owner's
    messages for this pass."""
    from followthrough.store import Store as OwnerStore

    report, touched = _send_pass(OutboxStore.all_owners(store), route, policy, hook, None,
                                 stop_all=False, renew=True)
    for owner in sorted({owner for owner, _interview in touched}):
        _replan_after(plan, OwnerStore.for_user(store.engine, owner),
                      {interview for who, interview in touched if who == owner}, report)
    return report


def _send_pass(box: OutboxStore, route: Callable[[int], Transport], policy: Policy | None,
               hook: Hook | None, heartbeat: Callable[[], None] | None, *, stop_all: bool,
               renew: bool = False) -> tuple[Report, set[tuple[int, int]]]:
    policy = policy or Policy()
    hook = hook or crash_hook_from_env() or _no_hook
    token = uuid.uuid4().hex
    report = Report()
    claim = box.claim(token, clock.now(), policy.lease, policy.batch)
    if renew:  # no worker-wide lease: keep this batch's leases alive instead
        heartbeat = _lease_keeper(box, token, policy.lease)
    for row in claim.swept_uncertain:
        report.note(report.uncertain, row, "the worker stopped while submitting it; it may "
                    "have gone out. Not resent: check your Sent folder, then "
                    f"`followthrough resolve {row.action_id} sent|not-sent`")
    for row in claim.cancelled:
        report.note(report.cancelled, row)
    if claim.claimed:
        hook("claimed")
    touched: set[tuple[int, int]] = set()
    broken: dict[int, SendResult] = {}
    try:
        for row in claim.claimed:
            if row.owner_id in broken:
                # the owner's account failed: their other messages wait the same
                # way (retry with backoff), not in front of everyone else's
                _apply(box, row, token, broken[row.owner_id], policy, report)
                touched.add((row.owner_id, row.interview_id))
                continue
            if heartbeat is not None:
                heartbeat()
            result = _deliver(box, row, token, route(row.owner_id), policy, hook, report)
            touched.add((row.owner_id, row.interview_id))
            if result is not None and result.account_problem:
                report.cannot_connect = True
                if stop_all:
                    report.notices.append(f"stopped this pass: {result.detail}")
                    break
                report.notices.append(f"user #{row.owner_id}: their messages wait: "
                                      f"{result.detail}")
                broken[row.owner_id] = result
    finally:
        box.release(token, clock.now())  # rows claimed but not attempted go back
    return report, touched


def _lease_keeper(box: OutboxStore, token: str, lease: timedelta) -> Callable[[], None]:
    """Renews the batch's leases once half a lease has passed since the last
    renewal (a slow server must not let other workers take rows still queued
    here; were they taken, the claim token keeps them from going out twice)."""
    renewed = [clock.now()]

    def keep() -> None:
        now = clock.now()
        if now - renewed[0] >= lease / 2:
            box.renew(token, now, lease)
            renewed[0] = now

    return keep


def _deliver(box: OutboxStore, row: OutboxRow, token: str, transport: Transport,
             policy: Policy, hook: Hook, report: Report) -> SendResult | None:
    now = clock.now()
    if now > row.latest_at:
        if box.move(row.id, token, ("claimed",), "expired", now, last_error=_late(row)):
            report.note(report.expired, row, _late(row))
        return None
    try:
        # the files as approved (stored with the row), never read again from disk
        payload = to_bytes(build(outgoing(row, box.attachments(row)), now,
                                 max_attachment_bytes=None))
    except (MessageError, BadInput, StoreError) as err:
        if box.move(row.id, token, ("claimed",), "failed", now, last_error=str(err)):
            report.note(report.failed, row, f"not sent: {err}")
        return None

    def confirm() -> bool:
        moved = box.move(row.id, token, ("claimed",), "submitting", clock.now(),
                         lease_until=clock.now() + policy.lease)
        if moved:
            hook("submitting")
        return moved

    result = transport(row.from_addr, [row.to_addr], payload, confirm, hook)
    _apply(box, row, token, result, policy, report)
    return result


def _apply(box: OutboxStore, row: OutboxRow, token: str, result: SendResult,
           policy: Policy, report: Report) -> None:
    now = clock.now()
    if result.outcome is Outcome.SENT:
        if box.mark_sent(row, token, ("submitting", "uncertain"), now, result.code,
                         result.detail):
            report.note(report.sent, row)
            log.info("%s: sent to the server (%s)", row.action_id, result.detail)
    elif result.outcome is Outcome.UNCERTAIN:
        notice = (f"{result.detail}. Not resent automatically: check your Sent folder, "
                  f"then `followthrough resolve {row.action_id} sent|not-sent`")
        if box.move(row.id, token, ("submitting",), "uncertain", now, last_error=notice):
            report.note(report.uncertain, row, notice)
    elif result.outcome is Outcome.PERMANENT:
        if box.move(row.id, token, ("claimed", "submitting"), "failed", now,
                    smtp_code=result.code, last_error=f"refused: {result.detail}"):
            report.note(report.failed, row, f"the server refused it: {result.detail}")
    else:
        _retry_or_expire(box, row, token, result, policy, report, now)


def _retry_or_expire(box: OutboxStore, row: OutboxRow, token: str, result: SendResult,
                     policy: Policy, report: Report, now: datetime) -> None:
    attempts = row.attempts
    later = now + policy.retry_after(attempts)
    expected = ("claimed", "submitting")
    if later > row.latest_at or attempts >= policy.max_attempts:
        notice = (f"not sent after {attempts} attempt(s) before its latest sensible time "
                  f"{_local(row.latest_at, row.zone)}: {result.detail}")
        if box.move(row.id, token, expected, "expired", now, smtp_code=result.code,
                    last_error=notice, lease_until=None):
            report.note(report.expired, row, notice)
        return
    if box.move(row.id, token, expected, "retry_wait", now, send_at=later,
                smtp_code=result.code, last_error=f"will retry: {result.detail}",
                lease_until=None):
        report.note(report.retrying, row)
        log.info("%s: temporary failure (%s); retry at %s", row.action_id, result.detail,
                 later.isoformat())


def _late(row: OutboxRow) -> str:
    return (f"not sent: it was due {_local(row.send_at, row.zone)} and is now past its "
            f"latest sensible time {_local(row.latest_at, row.zone)}; a late message "
            "would do more harm than none")


def _local(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _replan_after(plan: PlanKeeper | None, store: Store, interview_ids: set[int],
                  report: Report) -> None:
    if plan is None:
        return
    for interview_id in sorted(interview_ids):
        try:
            plan.replan(store, interview_id)
        except FollowthroughError as err:  # the sent marks are stored; the plan catches up
            report.notices.append(f"interview #{interview_id}: the plan was not updated "
                                  f"({err})")


def outgoing(row: OutboxRow, files: Sequence[OutboxFile] = ()) -> Outgoing:
    """The queued message with ``files``, its stored attachments
    (:meth:`OutboxStore.attachments`)."""
    return Outgoing(from_name=row.from_name, from_addr=row.from_addr, to_name=row.to_name,
                    to_addr=row.to_addr, subject=row.subject, body=row.body,
                    message_id=row.message_id,
                    attachments=tuple(Attachment(f.filename, f.content_type, f.data, f.source)
                                      for f in files))


def queued_outgoing(store: Store, row: OutboxRow) -> Outgoing:
    """The queued message exactly as it will go out, with its approved files."""
    return outgoing(row, OutboxStore(store).attachments(row))


def recover(store: Store) -> Report:
    """At worker start (the worker lease held): the late policy's first step."""
    report = Report()
    requeued, uncertain = OutboxStore(store).recover_orphans(clock.now())
    for row in requeued:
        log.info("%s: claimed by a worker that stopped; queued again", row.action_id)
    for row in uncertain:
        report.note(report.uncertain, row, "the worker stopped while submitting it; it may "
                    "have gone out. Not resent: check your Sent folder, then "
                    f"`followthrough resolve {row.action_id} sent|not-sent`")
    return report


def reconcile(store: Store, in_sent: Callable[[str], bool], plan: PlanKeeper | None = None
              ) -> Report:
    """Look for each ``uncertain`` Message-ID in the Sent folder: found means sent."""
    box = OutboxStore(store)
    report = Report()
    for row in box.rows(("uncertain",)):
        if in_sent(row.message_id) and box.mark_sent(row, None, ("uncertain",), clock.now(),
                                                     None, "found in the Sent folder"):
            report.note(report.sent, row, "found in your Sent folder: it did go out")
    _replan_after(plan, store, {row.interview_id for row in box.rows(("sent",))
                          if row.action_id in report.sent}, report)
    return report


# approval -----------------------------------------------------------------


class DraftLike(Protocol):
    """What the composer's ``Draft`` offers (its id is the action id)."""

    @property
    def action(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def to(self) -> str | None: ...
    @property
    def to_email(self) -> str | None: ...
    @property
    def channel(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def body(self) -> str: ...
    @property
    def findings(self) -> Sequence[Any]: ...
    @property
    def attachments(self) -> Sequence[str]: ...


def approve(store: Store, draft: DraftLike, *, at: str | None, from_addr: str | None = None,
            from_name: str | None = None,
            max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES) -> tuple[OutboxRow, bool]:
    """Queue ``draft`` for its planned time (or ``at``); ``(row, created)``.
    Refused: error findings, a channel that is not e-mail, an action that is
    not pending, a time that is past, unparseable or after the action's latest,
    and a file to attach that is missing, unreadable or over the size limit
    (:class:`~followthrough.mail.message.AttachmentError`, naming the file).
    The files are read now and stored with the message: what goes out is what
    was approved, whatever happens to them later."""
    errors = [f for f in draft.findings if getattr(f, "severity", None) == "error"]
    if errors:
        raise BadInput([Problem(f"{draft.action}", f"the checker found an error: "
                                f"{getattr(f, 'message', f)}",
                                expected="fix the draft, then approve it") for f in errors])
    if draft.channel == "self":
        raise BadInput([Problem(draft.action, "this is a note for you, not a message to send",
                                expected=getattr(draft, "note", None)
                                or "the id of a message (`followthrough plan` lists them)")])
    if draft.channel != "email" or not draft.to_email:
        raise BadInput([Problem(draft.action, f"this message goes by {draft.channel}, not "
                                "e-mail (or the person has no e-mail address)",
                                expected="send it yourself; `followthrough mark-sent` then "
                                         "records it")])
    if not draft.subject:
        raise BadInput([Problem(draft.action, "the draft has no subject",
                                expected="a subject line")])
    planned = store.find_action(draft.action)
    if planned.status != "pending":
        raise OutboxError(f"{draft.action} is {planned.status}; only a pending action can be "
                          "queued")
    now = clock.now()
    send_at = _chosen_time(planned.due, planned.zone, at, now)
    if send_at > planned.latest:
        raise BadInput([Problem("--at", f"{send_at.isoformat()} is after the latest sensible "
                                f"time for this message ({_local(planned.latest, planned.zone)})",
                                expected="an earlier time")])
    box = OutboxStore(store)
    existing = box.by_action(draft.action)
    if existing is not None and existing.status not in REQUEUABLE:
        return existing, False  # queued already: its files were read at its approval
    files = read_attachments(draft.attachments, max_bytes=max_attachment_bytes,
                             where=draft.action, interview_id=planned.interview_id)
    candidate = store.get_interview(planned.interview_id).debrief.candidate
    sender = from_addr or candidate.email
    new = NewMessage(
        interview_id=planned.interview_id, action_key=planned.key, kind=draft.kind,
        message_id=new_message_id(sender), from_name=from_name or candidate.name,
        from_addr=sender, to_name=draft.to or "", to_addr=draft.to_email,
        subject=header_text(draft.subject), body=draft.body, send_at=send_at,
        latest_at=planned.latest, zone=planned.zone,
        attachments=tuple(OutboxFile(f.filename, f.content_type, f.data, f.source)
                          for f in files))
    build(Outgoing(new.from_name, new.from_addr, new.to_name, new.to_addr, new.subject,
                   new.body, new.message_id, files), now,
          max_attachment_bytes=max_attachment_bytes)  # refuse now what could not go later
    return box.enqueue(new, now)


def _chosen_time(due: datetime, zone: str, at: str | None, now: datetime) -> datetime:
    if at is not None:
        return parse_send_time(at, zone, now)
    if due <= now:
        raise BadInput([Problem("--at", f"the planned time {_local(due, zone)} has passed; "
                                "nothing is sent \"now\" without you saying so",
                                expected="--at now, or --at with a time in the future")])
    return due


# the user's decisions ---------------------------------------------------


def cancel(store: Store, action_id: str) -> OutboxRow:
    box = OutboxStore(store)
    row = box.get(action_id)
    if not box.move(row.id, None, (*OPEN, "claimed"), "cancelled", clock.now(),
                    last_error="cancelled by you"):
        raise OutboxError(f"{action_id} is {box.get(action_id).status}; only a message that "
                          "has not begun to go out can be cancelled")
    return box.get(action_id)


def resolve(store: Store, action_id: str, verdict: str, plan: PlanKeeper | None = None
            ) -> OutboxRow:
    """The user checked an ``uncertain`` message: ``sent`` or ``not-sent``."""
    box = OutboxStore(store)
    row = box.get(action_id)
    if row.status != "uncertain":
        raise OutboxError(f"{action_id} is {row.status}, not uncertain; nothing to resolve")
    now = clock.now()
    if verdict == "sent":
        box.mark_sent(row, None, ("uncertain",), now, None, "confirmed sent by you")
        _replan_after(plan, store, {row.interview_id}, Report())
    elif verdict == "not-sent":
        if now > row.latest_at:
            box.move(row.id, None, ("uncertain",), "expired", now, last_error=_late(row))
        else:
            box.move(row.id, None, ("uncertain",), "scheduled", now,
                     send_at=max(now, row.send_at), claim_token=None, lease_until=None,
                     last_error="you confirmed it was not sent; queued again")
    else:
        raise BadInput([Problem("VERDICT", f"{verdict!r}", expected="sent | not-sent")])
    return box.get(action_id)


def mark_sent_by_user(store: Store, action_id: str, plan: PlanKeeper) -> str:
    """The user sent it from their own client: the action is done, and a queued
    copy is cancelled so it cannot go out a second time."""
    box = OutboxStore(store)
    row = box.by_action(action_id)
    now = clock.now()
    if row is not None:
        if row.status in ("submitting", "sent"):
            raise OutboxError(f"{action_id} is {row.status} by the worker already")
        if row.status == "uncertain":
            box.mark_sent(row, None, ("uncertain",), now, None, "sent, says the user")
            _replan_after(plan, store, {row.interview_id}, Report())
            return "sent"
        box.move(row.id, None, (*OPEN, "claimed", "failed", "expired", "cancelled"),
                 "cancelled", now, last_error="you sent it from your own mail client")
        if box.get(action_id).status != "cancelled":
            raise OutboxError(f"{action_id} began to go out from the worker just now; "
                              "check `followthrough outbox`")
    return plan.mark_done(store, action_id)
