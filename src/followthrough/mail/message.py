"""Outgoing messages, built with the standard ``email`` package from plain strings.

Every header value goes through :func:`header_text` first: control characters
and line separators become a space, and an RFC 2047 encoded word typed into a
name or subject (``=?UTF-8?Q?=0A?=``) is defused, because the ``email``
package decodes such words even in plain strings and would write the decoded
newline into the output (the path of CPython issue 121650). Nothing parsed
from an incoming mail is ever reused as a header object. As a last guard the
serialised bytes are parsed back and must hold exactly the headers we set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from followthrough.errors import BadInput, FollowthroughError, Problem

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_ENCODED_WORD = re.compile(r"=\?")
_NAME_SPECIALS = re.compile(r'[()<>\[\]:;@\\,"]+')
"""Address syntax in a display name: a person's name needs none of it, and the
``email`` package's folding can drop the quotes around it (seen with
Hypothesis), turning part of a name into an address."""
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+")
_MESSAGE_ID = re.compile(r"^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9.\-]+>$")
HEADER_NAMES = ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding")
MAX_HEADER_CHARS = 900


class MessageError(FollowthroughError):
    """A message could not be built safely (it is not sent)."""


@dataclass(frozen=True)
class Outgoing:
    """The plain strings a message is made of."""

    from_name: str
    from_addr: str
    to_name: str
    to_addr: str
    subject: str
    body: str
    message_id: str


def header_text(value: str, limit: int = MAX_HEADER_CHARS) -> str:
    """One safe line: no control characters, no encoded words, at most ``limit``."""
    flat = _UNSAFE.sub(" ", value)
    flat = _ENCODED_WORD.sub("= ?", flat)
    return " ".join(flat.split())[:limit]


def check_address(value: str, field: str) -> str:
    """A bare ``local@domain`` address; anything else is refused, never repaired."""
    if not _ADDRESS.fullmatch(value) or len(value) > 254:
        raise BadInput([Problem(field, f"{value!r} is not a plain e-mail address",
                                expected="name@example.com")])
    return value


def new_message_id(from_addr: str) -> str:
    """A fresh Message-ID in the sender's domain, made once at approval."""
    domain = check_address(from_addr, "from").rpartition("@")[2]
    return make_msgid(domain=domain)


def check_message_id(value: str) -> str:
    if not _MESSAGE_ID.fullmatch(value):
        raise MessageError(f"{value!r} is not a Message-ID we made")
    return value


def build(out: Outgoing, date: datetime, *, unsent: bool = False) -> EmailMessage:
    """The message, with ``policy.SMTP`` (CRLF line ends). ``unsent`` adds
    ``X-Unsent: 1`` so a mail client opens an exported ``.eml`` as a draft."""
    if date.tzinfo is None:
        raise MessageError("the Date of a message needs a time zone")
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(out.from_name, out.from_addr, "from")
    message["To"] = _address(out.to_name, out.to_addr, "to")
    message["Subject"] = header_text(out.subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = check_message_id(out.message_id)
    if unsent:
        message["X-Unsent"] = "1"
    message.set_content(_body_text(out.body))
    _verify(message, HEADER_NAMES + (("X-Unsent",) if unsent else ()),
            {"From": out.from_addr, "To": out.to_addr})
    return message


def to_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=policy.SMTP)


def _address(name: str, addr: str, field: str) -> Address:
    local, _, domain = check_address(addr, field).partition("@")
    display = " ".join(_NAME_SPECIALS.sub(" ", header_text(name, 200)).split())
    return Address(display_name=display, username=local, domain=domain)


def _body_text(body: str) -> str:
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text if text.endswith("\n") else text + "\n"


def _verify(message: EmailMessage, expected: tuple[str, ...],
            addresses: dict[str, str]) -> None:
    """Parse the serialised bytes back: exactly our headers, each on its own."""
    raw = to_bytes(message)
    head = raw.split(b"\r\n\r\n", 1)[0]
    if b"\n" in head.replace(b"\r\n", b"") or b"\r" in head.replace(b"\r\n", b""):
        raise MessageError("a header holds a bare line break; the message is not sent")
    parsed = BytesParser(policy=policy.SMTP).parsebytes(raw, headersonly=True)
    if sorted(parsed.keys()) != sorted(expected):
        raise MessageError("the message would carry unexpected headers; it is not sent")
    for name, addr in addresses.items():
        found = [a.addr_spec for a in getattr(parsed[name], "addresses", ())]
        if found != [addr]:
            raise MessageError(f"the {name} header would not read back as {addr}; "
                               "it is not sent")


def mailto(out: Outgoing) -> str:
    """A ``mailto:`` link (RFC 6068) with the subject and body filled in."""
    addr = check_address(out.to_addr, "to")
    query = f"subject={quote(header_text(out.subject), safe='')}&body={quote(out.body, safe='')}"
    return f"mailto:{quote(addr, safe='@')}?{query}"
