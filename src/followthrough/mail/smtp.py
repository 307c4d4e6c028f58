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
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from followthrough.mail.accounts import Secret, Server

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


def classify(code: int, text: str, stage: str) -> SendResult:
    """A reply before the data went out (or a refusal after it): 4xx temporary,
    5xx permanent, anything else unexpected and treated as temporary."""
    detail = f"{stage}: {code} {_short(text)}"
    if 500 <= code < 600:
        return SendResult(Outcome.PERMANENT, code, detail)
    return SendResult(Outcome.TEMPORARY, code, detail)


def submit(server: Server, password: Secret | None, sender: str, recipients: Sequence[str],
           payload: bytes, *, confirm: Callable[[], bool] | None = None,
           hook: Hook | None = None) -> SendResult:
    """Submit ``payload`` (CRLF lines) to ``recipients``; never raises for SMTP trouble.

    ``confirm`` is called after the recipients are accepted and before DATA:
    the outbox commits ``submitting`` there, and a False (the claim was lost)
    ends the session without sending anything."""
    hook = hook or _no_hook
    confirm = confirm or _yes
    try:
        connection = _connect(server, password)
    except _Stop as stop:
        return stop.result
    try:
        return _transaction(connection, sender, recipients, payload, confirm, hook)
    finally:
        _quit(connection)


def _connect(server: Server, password: Secret | None) -> smtplib.SMTP:
    context = _tls_context(server)
    try:
        if server.tls == "implicit":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port,
                                                        timeout=server.timeout,
                                                        context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
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
                               f"login refused: {err.smtp_code} {_short(err.smtp_error)}",
                               account_problem=True)) from None
    except (smtplib.SMTPException, OSError) as err:
        raise _Stop(SendResult(Outcome.TEMPORARY, None, f"cannot connect to "
                               f"{server.host}:{server.port}: {type(err).__name__}",
                               account_problem=True)) from None
    return connection


def _tls_context(server: Server) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if server.ca_file:
        context.load_verify_locations(cafile=server.ca_file)
    return context


def _transaction(connection: smtplib.SMTP, sender: str, recipients: Sequence[str],
                 payload: bytes, confirm: Callable[[], bool], hook: Hook) -> SendResult:
    try:
        code, text = connection.mail(sender)
        if code != 250:
            return classify(code, _text(text), "MAIL FROM")
        for recipient in recipients:
            code, text = connection.rcpt(recipient)
            if code not in (250, 251):
                return classify(code, _text(text), "RCPT TO")
        if not confirm():
            connection.rset()
            return SendResult(Outcome.TEMPORARY, None, "not sent: the claim was lost")
        connection.putcmd("data")
        code, text = connection.getreply()
        if code != 354:
            return classify(code, _text(text), "DATA")
    except (smtplib.SMTPException, OSError) as err:
        return SendResult(Outcome.TEMPORARY, None,
                          f"connection lost before the message data: {type(err).__name__}")
    return _send_data(connection, payload, hook)


def _send_data(connection: smtplib.SMTP, payload: bytes, hook: Hook) -> SendResult:
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
        return SendResult(Outcome.SENT, code, f"250 {_short(_text(text))}")
    return classify(code, _text(text), "end of data")


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


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _short(value: bytes | str) -> str:
    return " ".join(_text(value).split())[:200]


def _no_hook(_point: str) -> None:
    return None


def _yes() -> bool:
    return True
