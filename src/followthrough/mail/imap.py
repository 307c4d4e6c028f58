"""Reading the user's mailbox: replies to our messages, and our messages in Sent.

A reply is found by the server: ``SEARCH HEADER In-Reply-To <id>`` or
``HEADER References <id>`` for each Message-ID we sent, so a reply that only
carries ``References`` (or comes from another address of the company) is
found too. Each hit is classified from its headers: a human ``reply`` records
the reply (pending inquiries stop, queued ones are cancelled); an
``auto-reply`` (out of office) and a ``bounce`` are recorded and told to the
user but stop nothing by themselves; a ``list`` copy is ignored. Header values
are only read as text here; nothing parsed from an incoming mail is ever put
into an outgoing one.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from types import TracebackType
from typing import Any

from followthrough import clock
from followthrough.debrief import Debrief
from followthrough.errors import FollowthroughError
from followthrough.mail.accounts import MailAccountError, Secret, Server
from followthrough.mail.hosts import HostGuard, HostRefused
from followthrough.mail.message import check_message_id
from followthrough.mail.outbox import PlanKeeper, Report
from followthrough.store import Store
from followthrough.store.outbox import OutboxRow, OutboxStore

log = logging.getLogger("followthrough.mail")

WATCH = timedelta(days=90)
"""How long after sending a message replies to it are looked for."""
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent")
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|auto\s*:|"
    r"autoreply|abwesenheit|absence|r[ée]ponse automatique|不在|自動応答|vacation)",
    re.IGNORECASE)
_BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|antw|wg|fwd?|r)\s*(\[\d+\])?\s*:\s*)+",
                           re.IGNORECASE)
FREE_MAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
                       "yahoo.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net",
                       "web.de", "proton.me", "protonmail.com", "yandex.ru", "mail.ru",
                       "qq.com", "163.com", "naver.com", "yahoo.co.jp"})
"""Domains shared by many people: there the whole address must match."""


def subject_core(subject: str) -> str:
    """The subject without reply/forward prefixes, one line, at most 60 characters."""
    flat = " ".join(subject.split())
    return _REPLY_PREFIX.sub("", flat)[:60].strip()


def classify(headers: EmailMessage) -> str:
    """``reply`` | ``auto-reply`` | ``bounce`` | ``list``, from headers alone."""
    content_type = headers.get_content_type()
    report_type = str(headers.get_param("report-type", "") or "").lower()
    sender = parseaddr(str(headers.get("From", "")))[1].lower()
    if ((content_type == "multipart/report" and report_type == "delivery-status")
            or sender.split("@")[0] in _BOUNCE_SENDERS or "X-Failed-Recipients" in headers):
        return "bounce"
    auto = str(headers.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(headers.get("Precedence", "")).strip().lower()
    subject = " ".join(str(headers.get("Subject", "")).split())
    if (auto != "no" or "X-Autoreply" in headers or "X-Autorespond" in headers
            or precedence == "auto_reply" or _AUTO_SUBJECT.match(subject)):
        return "auto-reply"
    if "List-Id" in headers or "List-Unsubscribe" in headers or precedence in ("list", "bulk"):
        return "list"
    return "reply"


@dataclass(frozen=True)
class Found:
    """An incoming message that refers to one of ours."""

    ours: str
    message_id: str
    kind: str
    sender: str
    subject: str


class Mailbox:
    """One IMAP session (``with Mailbox(server, password) as box: ...``)."""

    def __init__(self, server: Server, password: Secret | None,
                 guard: HostGuard | None = None) -> None:
        """``guard`` (team mode): the host is checked and the checked address
        is the one connected to (TLS still verifies the host name)."""
        self.server = server
        self._password = password
        self._guard = guard
        self._client: Any = None

    def __enter__(self) -> Mailbox:
        server = self.server
        context = ssl.create_default_context()
        if server.ca_file:
            context.load_verify_locations(cafile=server.ca_file)
        address = None
        if self._guard is not None:
            try:
                address = self._guard.pin(server.host, server.port)
            except HostRefused as refused:
                raise MailAccountError(str(refused)) from None
        client = None
        try:
            client = _client_class(address)(server.host, port=server.port,
                                            ssl=server.tls == "implicit",
                                            ssl_context=context, timeout=server.timeout)
            if server.tls == "starttls":
                client.starttls(context)
            if server.user and self._password is not None:
                client.login(server.user, self._password.reveal())
        except Exception as err:  # imaplib raises many kinds; none may carry the password
            if client is not None:
                with contextlib.suppress(Exception):
                    client.shutdown()
            raise MailAccountError(f"cannot use {server.describe()}: "
                                   f"{type(err).__name__}") from None
        self._client = client
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with contextlib.suppress(Exception):  # closing; nothing useful to report
            self._client.logout()

    def replies_to(self, watched: Iterable[OutboxRow]) -> list[Found]:
        """Incoming mail that refers to one of ``watched``: by In-Reply-To or
        References first, then (for clients that drop both) from the company's
        domain with our subject, since the day it was sent."""
        client = self._client
        client.select_folder("INBOX", readonly=True)
        found: list[Found] = []
        seen: set[int] = set()
        for row in watched:
            ours = check_message_id(row.message_id)  # only ids we made reach the server
            threaded = set(client.search(["OR", "HEADER", "In-Reply-To", ours,
                                          "HEADER", "References", ours]))
            fresh = sorted((threaded | set(self._by_sender_and_subject(row))) - seen)
            seen.update(fresh)
            for uid, data in client.fetch(fresh, ["BODY.PEEK[HEADER]"]).items():
                hit = self._describe(ours, uid, data)
                if uid in threaded or _same_sender(hit.sender, row.to_addr):
                    found.append(hit)
        return found

    def _by_sender_and_subject(self, row: OutboxRow) -> list[int]:
        core = subject_core(row.subject)
        if len(core) < 8:
            return []  # too short to tell a reply from any other mail
        domain = row.to_addr.rpartition("@")[2].lower()
        sender = row.to_addr if domain in FREE_MAIL else f"@{domain}"
        since = (row.sent_at or row.updated_at).date()
        charset = None if core.isascii() else "UTF-8"
        return list(self._client.search(["FROM", sender, "SUBJECT", core, "SINCE", since],
                                        charset=charset))

    def _describe(self, ours: str, uid: int, data: dict[bytes, Any]) -> Found:
        raw = data.get(b"BODY[HEADER]", b"")
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        assert isinstance(headers, EmailMessage)  # noqa: S101 - policy.default makes one
        their_id = " ".join(str(headers.get("Message-ID", "")).split())
        if not their_id:
            their_id = "sha256:" + hashlib.sha256(raw).hexdigest()
        return Found(ours=ours, message_id=their_id[:255], kind=classify(headers),
                     sender=parseaddr(str(headers.get("From", "")))[1].lower()[:320],
                     subject=" ".join(str(headers.get("Subject", "")).split())[:500])

    def in_sent(self, message_id: str) -> bool:
        client = self._client
        client.select_folder(self._sent_folder(), readonly=True)
        return bool(client.search(["HEADER", "Message-ID", check_message_id(message_id)]))

    def _sent_folder(self) -> str:
        if self.server.sent_folder:
            return self.server.sent_folder
        from imapclient.imapclient import SENT  # type: ignore[import-untyped]

        special = self._client.find_special_folder(SENT)
        if special:
            return str(special)
        names = {str(name) for _flags, _sep, name in self._client.list_folders()}
        for name in SENT_NAMES:
            if name in names:
                return name
        raise MailAccountError("no Sent folder found; name it in [mail.imap] sent_folder")


def _client_class(address: str | None) -> Any:
    """IMAPClient, or one that connects to the checked ``address`` instead of
    resolving the host name again."""
    from imapclient import IMAPClient  # type: ignore[import-untyped]

    if address is None:
        return IMAPClient
    from imapclient import imap4, tls

    class PinnedPlain(imap4.IMAP4WithTimeout):  # type: ignore[misc]
        def _create_socket(self, timeout: float | None = None) -> socket.socket:
            return socket.create_connection(
                (address, self.port), timeout if timeout is not None else self._timeout)

    class PinnedTLS(tls.IMAP4_TLS):  # type: ignore[misc]
        def _create_socket(self, timeout: float | None = None) -> socket.socket:
            sock = socket.create_connection(
                (address, self.port), timeout if timeout is not None else self._timeout)
            return tls.wrap_socket(sock, self.ssl_context, self.host)  # type: ignore[no-any-return]

    class Pinned(IMAPClient):  # type: ignore[misc]
        def _create_IMAP4(self) -> Any:
            timeout = getattr(self._timeout, "connect", None)
            if self.ssl:
                return PinnedTLS(self.host, self.port, self.ssl_context, timeout)
            return PinnedPlain(self.host, self.port, timeout)

    return Pinned


def _same_sender(sender: str, ours: str) -> bool:
    """IMAP's FROM is a substring match: check the domain (or, for shared
    mail providers, the address) exactly."""
    domain = ours.rpartition("@")[2].lower()
    if domain in FREE_MAIL:
        return sender == ours.lower()
    return sender.rpartition("@")[2] == domain


def poll_replies(store: Store, mailbox: Mailbox, plan: PlanKeeper) -> Report:
    """Record every new reply to a message we sent; a human reply stops the
    interview's pending inquiries and cancels those still queued."""
    box = OutboxStore(store)
    report = Report()
    watched = {row.message_id: row for row in box.watched(clock.now() - WATCH)}
    if not watched:
        return report
    for found in mailbox.replies_to(watched.values()):
        row = watched[found.ours]
        if not box.record_inbound(row.interview_id, found.message_id, found.kind,
                                  found.sender, found.subject, clock.now()):
            continue
        _act_on(store, box, row, found, report, plan)
    return report


def _act_on(store: Store, box: OutboxStore, row: OutboxRow, found: Found,
            report: Report, plan: PlanKeeper) -> None:
    if found.kind == "reply":
        stored = store.get_interview(row.interview_id)
        try:
            plan.record_reply(store, row.interview_id, _person(stored.debrief, found.sender))
        except FollowthroughError as err:
            report.notices.append(f"interview #{row.interview_id}: reply not recorded ({err})")
            return
        for gone in box.cancel_unwanted(row.interview_id, clock.now()):
            report.note(report.cancelled, gone)
        report.notices.append(f"interview #{row.interview_id}: {found.sender} replied "
                              f"({found.subject!r}); pending inquiries stopped")
    elif found.kind == "auto-reply":
        report.notices.append(f"{row.action_id}: an automatic reply from {found.sender} "
                              f"({found.subject!r}); nothing was stopped")
    elif found.kind == "bounce":
        report.notices.append(f"{row.action_id}: it bounced ({found.subject!r}); check the "
                              f"address {row.to_addr}")
    log.info("%s: incoming %s from %s", row.action_id, found.kind, found.sender)


def _person(debrief: Debrief, address: str) -> str | None:
    people: list[Any] = [*debrief.interviewers, *debrief.references]
    if debrief.recruiter is not None:
        people.append(debrief.recruiter)
    for person in people:
        if person.email and person.email.lower() == address:
            return str(person.name)
    return None
