"""The only module that talks SMTP.

:func:`submit` hands one message to the user's server and says what happened,
in four classes that decide what the outbox may do next:

* ``sent``: the server answered 250 to the final dot.
* ``temporary``: a 4xx reply, or a connection/TLS/login error *before* the
  message data went out. Safe to retry: the server cannot have accepted it.
* ``permanent``: a 5xx reply. Retrying would fail the same way.
* ``uncertain``: the data was sent and then the connection broke or timed out
  before a reply. The server may have accepted it (RFC 1047), so it is never
  retried automatically.

The DATA phase is written out here (not ``smtplib.SMTP.data``) so the point
where the payload starts to leave is exact.

Team mode passes a :class:`~followthrough.mail.hosts.HostGuard` (a user's own
host is resolved once, checked, and that very address is connected to, while
TLS still verifies the host name) and ``quiet=True``: then no text the remote
server sent (its banner, a reply line) reaches a result, a notice or a log
line, only the SMTP code and a generic description.
"""

from __future__ import annotations

import functools
import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from followthrough.mail.accounts import Secret, Server
from followthrough.mail.hosts import HostGuard, HostRefused

log = logging.getLogger("followthrough.mail")

Hook = Callable[[str], None]
"""Called at named points (``data-sent``, ``replied-250``); tests crash there."""


class Outcome(StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    code: int | None
    detail: str
    account_problem: bool = False
    """The server or the login failed: every other message would fail too."""


class _Stop(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.detail)
        self.result = result


def classify(code: int, text: str, stage: str, quiet: bool = False) -> SendResult:
    """A reply before the data went out (or a refusal after it): 4xx temporary,
    5xx permanent, anything else unexpected and treated as temporary. ``quiet``
    leaves the server's words out (team mode)."""
    detail = _said(stage, code, text, quiet)
    if 500 <= code < 600:
        return SendResult(Outcome.PERMANENT, code, detail)
    return SendResult(Outcome.TEMPORARY, code, detail)


def submit(server: Server, password: Secret | None, sender: str, recipients: Sequence[str],
           payload: bytes, *, confirm: Callable[[], bool] | None = None,
           hook: Hook | None = None, guard: HostGuard | None = None,
           quiet: bool = False) -> SendResult:
    """Submit ``payload`` (CRLF lines) to ``recipients``; never raises for SMTP trouble.

    ``confirm`` is called after the recipients are accepted and before DATA:
    the outbox commits ``submitting`` there, and a False (the claim was lost)
    ends the session without sending anything. ``guard`` checks the host and
    pins the address connected to; ``quiet`` keeps the server's words out of
    the result (both for team mode)."""
    hook = hook or _no_hook
    confirm = confirm or _yes
    try:
        address = guard.pin(server.host, server.port) if guard is not None else None
    except HostRefused as refused:
        return SendResult(Outcome.TEMPORARY, None, str(refused), account_problem=True)
    try:
        connection = _connect(server, password, address, quiet)
    except _Stop as stop:
        return stop.result
    try:
        return _transaction(connection, sender, recipients, payload, confirm, hook, quiet)
    finally:
        _quit(connection)


class _Pinned:
    """Connects to ``pinned`` (already checked) while ``_host``, which TLS
    verifies (SNI and certificate), stays the host name."""

    pinned: str | None = None
    _host: str

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        opened: socket.socket = super()._get_socket(  # type: ignore[misc]
            self.pinned or host, port, timeout)
        return opened


class _PinnedSMTP(_Pinned, smtplib.SMTP):
    pass


class _PinnedSMTPSSL(_Pinned, smtplib.SMTP_SSL):
    pass


def _open(server: Server, context: ssl.SSLContext, address: str | None) -> smtplib.SMTP:
    connection: _PinnedSMTP | _PinnedSMTPSSL
    if server.tls == "implicit":
        connection = _PinnedSMTPSSL(timeout=server.timeout, context=context)
    else:
        connection = _PinnedSMTP(timeout=server.timeout)
    connection.pinned = address
    connection._host = server.host  # the name TLS verifies (smtplib sets it only in __init__)
    try:
        code, _banner = connection.connect(server.host, server.port)
    except BaseException:
        connection.close()
        raise
    if code != 220:
        connection.close()
        raise smtplib.SMTPConnectError(code, b"")
    return connection


def _connect(server: Server, password: Secret | None, address: str | None = None,
             quiet: bool = False) -> smtplib.SMTP:
    context = _tls_context(server)
    try:
        connection = _open(server, context, address)
        connection.ehlo()
        if server.tls == "starttls":
            if not connection.has_extn("starttls"):
                _quit(connection)
                raise _Stop(SendResult(Outcome.TEMPORARY, None, "the server does not offer "
                                       "STARTTLS; refusing to log in without TLS",
                                       account_problem=True))
            connection.starttls(context=context)
            connection.ehlo()
        if password is not None and server.user:
            connection.login(server.user, password.reveal())
    except smtplib.SMTPAuthenticationError as err:
        raise _Stop(SendResult(Outcome.TEMPORARY, err.smtp_code,
                               _said("login refused", err.smtp_code, _text(err.smtp_error),
                                     quiet),
                               account_problem=True)) from None
    except (smtplib.SMTPException, OSError) as err:
        if quiet:
            log.warning("SMTP %s:%s: cannot connect (%s)", server.host, server.port,
                        type(err).__name__)
            detail = f"cannot connect to the mail server {server.host}:{server.port}"
        else:
            detail = (f"cannot connect to {server.host}:{server.port}: "
                      f"{type(err).__name__}")
        raise _Stop(SendResult(Outcome.TEMPORARY, None, detail,
                               account_problem=True)) from None
    return connection


def _tls_context(server: Server) -> ssl.SSLContext:
    return _context_for(server.ca_file)


@functools.lru_cache(maxsize=16)
def _context_for(ca_file: str | None) -> ssl.SSLContext:
    """One context per extra CA file, made once: loading the system's
    certificates takes tens of milliseconds, too long to repeat per message."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def _transaction(connection: smtplib.SMTP, sender: str, recipients: Sequence[str],
                 payload: bytes, confirm: Callable[[], bool], hook: Hook,
                 quiet: bool = False) -> SendResult:
    try:
        code, text = connection.mail(sender)
        if code != 250:
            return classify(code, _text(text), "MAIL FROM", quiet)
        for recipient in recipients:
            code, text = connection.rcpt(recipient)
            if code not in (250, 251):
                return classify(code, _text(text), "RCPT TO", quiet)
        if not confirm():
            connection.rset()
            return SendResult(Outcome.TEMPORARY, None, "not sent: the claim was lost")
        connection.putcmd("data")
        code, text = connection.getreply()
        if code != 354:
            return classify(code, _text(text), "DATA", quiet)
    except (smtplib.SMTPException, OSError) as err:
        return SendResult(Outcome.TEMPORARY, None,
                          f"connection lost before the message data: {type(err).__name__}")
    return _send_data(connection, payload, hook, quiet)


def _send_data(connection: smtplib.SMTP, payload: bytes, hook: Hook,
               quiet: bool = False) -> SendResult:
    """From the first byte of data on, a lost connection is ``uncertain``."""
    try:
        connection.send(_dot_stuffed(payload))
        hook("data-sent")
        code, text = connection.getreply()
    except (smtplib.SMTPException, OSError) as err:
        return SendResult(Outcome.UNCERTAIN, None, "the connection broke after the message "
                          f"data was sent ({type(err).__name__}); the server may have "
                          "accepted it")
    if code == 250:
        hook("replied-250")
        return SendResult(Outcome.SENT, code, "250" if quiet else f"250 {_short(_text(text))}")
    return classify(code, _text(text), "end of data", quiet)


def _dot_stuffed(payload: bytes) -> bytes:
    body = payload.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")
    body = re.sub(rb"(?m)^\.", b"..", body)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def _quit(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _said(stage: str, code: int, text: str, quiet: bool) -> str:
    """What the server answered, for a notice; quiet: its code only (the words
    of a server a team user chose are never shown back, nor logged)."""
    if not quiet:
        return f"{stage}: {code} {_short(text)}"
    log.warning("SMTP %s answered %s (reply text withheld in team mode)", stage, code)
    kind = "refused" if 500 <= code < 600 else "answered with an error"
    return f"{stage}: the mail server {kind} (SMTP code {code})"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _short(value: bytes | str) -> str:
    return " ".join(_text(value).split())[:200]


def _no_hook(_point: str) -> None:
    return None


def _yes() -> bool:
    return True
