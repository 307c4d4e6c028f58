"""``followthrough worker``: the one process that sends, per database.

It holds a lease row (``worker_lease``) renewed before every message and on
every tick; a second worker on the same database refuses to start while the
lease is live (or takes over at once when the holder is a process on this
machine that no longer exists). At start it applies the late policy
(:func:`followthrough.mail.outbox.recover`), then each tick: sends what is
due, resolves ``uncertain`` messages found in the Sent folder, and looks for
replies. Every loop is bounded: a tick handles at most ``batch`` messages,
and the run ends after ``--once``, ``max_ticks`` or a stop request.
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
from followthrough.errors import FollowthroughError
from followthrough.mail.accounts import MailAccountError, MailSettings, password_for
from followthrough.mail.outbox import Policy, Report, Transport, reconcile, recover, send_due
from followthrough.mail.smtp import Hook, SendResult, submit
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore

log = logging.getLogger("followthrough.mail")


class WorkerBusy(FollowthroughError):
    """Another worker holds this database's lease."""


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

    def run(self, *, once: bool = False, max_ticks: int | None = None) -> Report:
        self.heartbeat()
        total = Report()
        try:
            total.merge(recover(self.store))
            ticks = 0
            while True:
                total.merge(self.tick())
                ticks += 1
                if once or (max_ticks is not None and ticks >= max_ticks):
                    break
                if self.stop.wait(self.poll.total_seconds()):
                    break
                self.heartbeat()
        finally:
            OutboxStore(self.store).release_lease(self.holder, clock.now())
        return total

    def tick(self) -> Report:
        report = Report()
        transport = self.transport
        if transport is None and self.mail.smtp is not None:
            transport = smtp_transport(self.mail)
        if transport is not None:
            report.merge(send_due(self.store, transport, self.policy, self.hook,
                                  heartbeat=self.heartbeat))
        elif OutboxStore(self.store).due(clock.now(), limit=1):
            report.notices.append("messages are due but no [mail.smtp] account is set up; "
                                  "nothing was sent (docs/mail.md)")
        if self.mail.imap is not None:
            report.merge(self._mailbox_pass())
        return report

    def _mailbox_pass(self) -> Report:
        from followthrough.mail.imap import Mailbox, poll_replies

        server = self.mail.imap
        assert server is not None  # noqa: S101 - checked by the caller
        report = Report()
        try:
            with Mailbox(server, password_for(server, self.mail)) as mailbox:
                report.merge(reconcile(self.store, mailbox.in_sent))
                report.merge(poll_replies(self.store, mailbox))
        except (MailAccountError, imaplib.IMAP4.error, OSError) as err:
            report.notices.append(f"mailbox not checked: {err}")
            log.warning("mailbox not checked: %s", err)
        return report
