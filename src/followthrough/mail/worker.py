"""``followthrough worker``: the one process that sends, per database.

It holds a lease row (``worker_lease``) renewed before every message and on
every tick; a second worker on the same database refuses to start while the
lease is live (or takes over at once when the holder is a process on this
machine that no longer exists). At start it applies the late policy
(:func:`followthrough.mail.outbox.recover`), then each tick: sends what is
due (and the morning digest, once a day, when one is set up), resolves
``uncertain`` messages found in the Sent folder, and looks for replies. Every
loop is bounded: a tick handles at most ``batch`` messages, and the run ends
after ``--once``, ``max_ticks`` or a stop request.

Team mode (``worker --team``, PostgreSQL only) is different: there is no
single-holder lease and no start-up recovery, so any number of workers share
the work. Each claims due rows of every owner (``FOR UPDATE SKIP LOCKED``: a
row another worker holds is skipped, never waited for), with a lease per
row: a ``claimed`` row whose worker died is claimed again once its lease
ran out, a ``submitting`` one becomes ``uncertain`` (never resent). A tick
drains what is due (at most ``drain_passes`` claims), each message through
its owner's own account or the server's relay, then checks each owner's
IMAP account for replies and for ``uncertain`` messages in their Sent folder.
"""

from __future__ import annotations

import imaplib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from followthrough import clock
from followthrough.errors import BadInput, FollowthroughError, Problem
from followthrough.mail.accounts import MailAccountError, MailSettings, password_for
from followthrough.mail.digest import MorningDigest, send_morning_digest
from followthrough.mail.hosts import HostGuard
from followthrough.mail.outbox import (
    PlanKeeper,
    Policy,
    Report,
    Transport,
    reconcile,
    recover,
    send_due,
    send_due_team,
)
from followthrough.mail.smtp import Hook, SendResult, submit
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore

log = logging.getLogger("followthrough.mail")


class WorkerBusy(FollowthroughError):
    """Another worker holds this database's lease."""


def team_ready(url: str) -> None:
    """Team workers need PostgreSQL (row locks with SKIP LOCKED); BadInput otherwise."""
    if not url.startswith(("postgresql:", "postgresql+", "postgres:")):
        raise BadInput([Problem("--db", "team mode needs a PostgreSQL database (several "
                                "workers share it with row locks)",
                                expected="postgresql+psycopg://user@host/db")])


def smtp_transport(mail: MailSettings) -> Transport:
    """Sending through the ``[mail.smtp]`` account (the password looked up once)."""
    server = mail.smtp
    if server is None:
        raise MailAccountError("no [mail.smtp] account in the settings; see docs/mail.md")
    password = password_for(server, mail)

    def send(sender: str, recipients: Sequence[str], payload: bytes,
             confirm: Callable[[], bool], hook: Hook) -> SendResult:
        return submit(server, password, sender, recipients, payload, confirm=confirm,
                      hook=hook)

    return send


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def is_dead(holder: str) -> bool:
    """A holder on this machine whose process is gone (a crash, a kill -9)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class Worker:
    store: Store
    mail: MailSettings
    plan: PlanKeeper = field(kw_only=True)
    """Updates the plan after sends and replies (``followthrough.app.mail.PLAN``)."""
    transport: Transport | None = None
    policy: Policy = field(default_factory=Policy)
    poll: timedelta = timedelta(seconds=60)
    hook: Hook | None = None
    holder: str = field(default_factory=holder_id)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def lease_ttl(self) -> timedelta:
        return self.policy.lease + self.poll

    def heartbeat(self) -> None:
        current = OutboxStore(self.store).acquire_lease(
            self.holder, clock.now(), self.lease_ttl, is_dead=is_dead)
        if current is not None:
            raise WorkerBusy(f"another worker ({current}) is running on this database; "
                             "only one may send")

    team: bool = False
    """Several workers on one PostgreSQL, every owner's rows (see the module)."""
    guard: HostGuard = field(default_factory=HostGuard)
    """Team mode: which user-supplied mail hosts may be reached."""
    drain_passes: int = 1000
    morning: MorningDigest | None = None
    """The morning digest to send once a day (local mode with a mail account)."""

    def run(self, *, once: bool = False, max_ticks: int | None = None) -> Report:
        if self.team:
            return self._loop(once, max_ticks)
        self.heartbeat()
        total = Report()
        try:
            total.merge(recover(self.store))
            total.merge(self._loop(once, max_ticks, heartbeat=True))
        finally:
            OutboxStore(self.store).release_lease(self.holder, clock.now())
        return total

    def _loop(self, once: bool, max_ticks: int | None, heartbeat: bool = False) -> Report:
        total = Report()
        ticks = 0
        while True:
            total.merge(self.tick())
            ticks += 1
            if once or (max_ticks is not None and ticks >= max_ticks):
                break
            if self.stop.wait(self.poll.total_seconds()):
                break
            if heartbeat:
                self.heartbeat()
        return total

    def tick(self) -> Report:
        if self.team:
            return self._team_tick()
        report = Report()
        transport = self.transport
        if transport is None and self.mail.smtp is not None:
            transport = smtp_transport(self.mail)
        if transport is not None:
            report.merge(send_due(self.store, transport, self.policy, self.hook,
                                  heartbeat=self.heartbeat, plan=self.plan))
            if self.morning is not None:
                report.merge(send_morning_digest(self.store, self.morning, transport,
                                                 self.hook))
        elif OutboxStore(self.store).due(clock.now(), limit=1):
            report.notices.append("messages are due but no [mail.smtp] account is set up; "
                                  "nothing was sent (docs/mail.md)")
            report.cannot_connect = True
        if self.mail.imap is not None:
            report.merge(self._mailbox_pass())
        return report

    def _team_tick(self) -> Report:
        from followthrough.mail.team_accounts import TeamRoutes

        report = Report()
        fixed = self.transport
        routes: Callable[[int], Transport] = (
            (lambda _owner: fixed) if fixed is not None
            else TeamRoutes(self.store, self.mail, self.guard))
        for _ in range(self.drain_passes):
            passed = send_due_team(self.store, routes, self.policy, self.hook, plan=self.plan)
            report.merge(passed)
            if self.stop.is_set() or not any(
                    (passed.sent, passed.retrying, passed.failed, passed.uncertain,
                     passed.expired, passed.cancelled)):
                break
        report.merge(self._team_mailboxes())
        return report

    def _team_mailboxes(self) -> Report:
        """Each owner's own IMAP account: replies, and uncertain rows in Sent."""
        from followthrough.mail.imap import Mailbox, poll_replies
        from followthrough.mail.team_accounts import account_of, server_key_exists
        from followthrough.store.mail_accounts import owners_with_account

        report = Report()
        owners = owners_with_account(self.store, "imap")
        if not owners or not server_key_exists():
            return report
        for owner_id, handle in owners:
            if self.stop.is_set():
                break
            own = Store.for_user(self.store.engine, owner_id)
            try:
                found = account_of(self.store, owner_id, "imap")
                if found is None:
                    continue
                server, password = found
                with Mailbox(server, password, guard=self.guard) as mailbox:
                    report.merge(reconcile(own, mailbox.in_sent, self.plan))
                    report.merge(poll_replies(own, mailbox, self.plan))
            except (MailAccountError, imaplib.IMAP4.error, OSError) as err:
                # the server's words are not repeated (team mode): the kind only
                detail = str(err) if isinstance(err, MailAccountError) else type(err).__name__
                report.notices.append(f"{handle}: mailbox not checked: {detail}")
                log.warning("user #%s: mailbox not checked: %s", owner_id, detail)
        return report

    def _mailbox_pass(self) -> Report:
        from followthrough.mail.imap import Mailbox, poll_replies

        server = self.mail.imap
        assert server is not None  # noqa: S101 - checked by the caller
        report = Report()
        try:
            with Mailbox(server, password_for(server, self.mail)) as mailbox:
                report.merge(reconcile(self.store, mailbox.in_sent, self.plan))
                report.merge(poll_replies(self.store, mailbox, self.plan))
        except (MailAccountError, imaplib.IMAP4.error, OSError) as err:
            report.notices.append(f"mailbox not checked: {err}")
            log.warning("mailbox not checked: %s", err)
        return report
