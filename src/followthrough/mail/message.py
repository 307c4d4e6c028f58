"""Outgoing messages, built with the standard ``email`` package from plain strings.

Every header value goes through :func:`header_text` first: control characters
and line separators become a space, and an RFC 2047 encoded word typed into a
name or subject (``=?UTF-8?Q?=0A?=``) is defused, because the ``email``
package decodes such words even in plain strings and would write the decoded
newline into the output (the path of CPython issue 121650). Nothing parsed
from an incoming mail is ever reused as a header object. As a last guard the
serialised bytes are parsed back and must hold exactly the headers we set.

Files (a promise's ``file``) are attached as bytes read once, at approval or
export: the plain-text body stays the first part, unchanged, and each file
follows as an ``attachment`` part whose type comes from its name and whose
name, when it is not ASCII, is written as an RFC 2231 parameter
(``filename*=utf-8''...``). Together they may not exceed a size limit
(``[mail.policy] max_attachments_mb``, 10 MB by default).
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any
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
MIXED_HEADER_NAMES = tuple(name for name in HEADER_NAMES
                           if name != "Content-Transfer-Encoding")
"""The top-level headers of a message with attachments (multipart/mixed)."""
MAX_HEADER_CHARS = 900
_ONE_LINE_ADDRESS = 70
"""A quoted name and address that "From: " or "To: " and 78 columns never fold."""
MAX_FILENAME_CHARS = 200
MEGABYTE = 1_000_000
DEFAULT_MAX_ATTACHMENT_BYTES = 10 * MEGABYTE
"""All of one message's attachments together, before encoding (base64 adds a third)."""
LIMIT_SETTING = "mail.policy.max_attachments_mb"
FALLBACK_TYPE = "application/octet-stream"

_TYPES = mimetypes.MimeTypes()
"""Python's own table only (not the machine's ``/etc/mime.types``), so a file
gets the same type on every computer; completed with documents a candidate
sends that the table lacks."""
for _extension, _type in {
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".odp": "application/vnd.oasis.opendocument.presentation",
        ".pages": "application/vnd.apple.pages", ".key": "application/vnd.apple.keynote",
        ".numbers": "application/vnd.apple.numbers", ".epub": "application/epub+zip",
        ".md": "text/markdown", ".webp": "image/webp", ".heic": "image/heic",
        ".ipynb": "application/x-ipynb+json"}.items():
    _TYPES.add_type(_type, _extension)
_COMPRESSED = {"gzip": "application/gzip", "bzip2": "application/x-bzip2",
               "xz": "application/x-xz", "br": "application/x-brotli",
               "compress": "application/x-compress"}
_NAME_UNSAFE = re.compile(r'[\\/"]+')


class MessageError(FollowthroughError):
    """A message could not be built safely (it is not sent)."""


class AttachmentError(BadInput):
    """A file to attach is missing, unreadable or too large: nothing is queued,
    written or sent, and each problem names the file (exit status 2)."""


@dataclass(frozen=True)
class Attachment:
    """A file as it goes out: the name the recipient sees, its type, its bytes."""

    filename: str
    content_type: str
    data: bytes
    source: str = ""
    """Where it was read from (for messages to the user; never sent)."""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Outgoing:
    """The plain strings (and files) a message is made of."""

    from_name: str
    from_addr: str
    to_name: str
    to_addr: str
    subject: str
    body: str
    message_id: str
    attachments: tuple[Attachment, ...] = ()


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


def build(out: Outgoing, date: datetime, *, unsent: bool = False,
          max_attachment_bytes: int | None = DEFAULT_MAX_ATTACHMENT_BYTES) -> EmailMessage:
    """The message, with ``policy.SMTP`` (CRLF line ends). ``unsent`` adds
    ``X-Unsent: 1`` so a mail client opens an exported ``.eml`` as a draft; an
    unsent draft may have no recipient yet (``to_addr`` empty: no To header).
    With attachments it is ``multipart/mixed``: the text part first, exactly
    as without them, then one part per file; over ``max_attachment_bytes`` in
    all, :class:`AttachmentError` (None: no limit, for a message queued within
    the limit at its approval)."""
    if date.tzinfo is None:
        raise MessageError("the Date of a message needs a time zone")
    if max_attachment_bytes is not None:
        check_attachment_size(out.attachments, max_attachment_bytes)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(out.from_name, out.from_addr, "from")
    addresses = {"From": out.from_addr}
    expected = list(MIXED_HEADER_NAMES if out.attachments else HEADER_NAMES)
    if out.to_addr or not unsent:
        message["To"] = _address(out.to_name, out.to_addr, "to")
        addresses["To"] = out.to_addr
    else:
        expected.remove("To")
    message["Subject"] = header_text(out.subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = check_message_id(out.message_id)
    if unsent:
        message["X-Unsent"] = "1"
        expected.append("X-Unsent")
    body = _body_text(out.body)
    message.set_content(body)
    if out.attachments:
        message.make_mixed()
        for attachment in out.attachments:
            message.attach(_part(attachment))
    _verify(message, tuple(expected), addresses)
    if out.attachments:
        _verify_parts(message, body, out.attachments)
    return message


def to_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=policy.SMTP)


def _address(name: str, addr: str, field: str) -> Address:
    """The From or To header. A name that fits on the header's line keeps its
    own words, quoted where it has address syntax (a comma stays part of the
    name, as ``formataddr`` would write it); a longer one, or one with
    characters beyond ASCII, loses the address syntax instead, because the
    ``email`` package refolds it and can drop the quotes. The address is never
    parsed from text: an encoded word in it would be decoded."""
    local, _, domain = check_address(addr, field).partition("@")
    display = header_text(name, 200)
    if not (display.isascii() and len(formataddr((display, addr))) <= _ONE_LINE_ADDRESS):
        display = " ".join(_NAME_SPECIALS.sub(" ", display).split())
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


def _verify_parts(message: EmailMessage, body: str,
                  attachments: tuple[Attachment, ...]) -> None:
    """Parse the whole message back: the same text, then each file with its
    name, type and bytes (a name the package could not write is caught here)."""
    parsed = BytesParser(policy=policy.default).parsebytes(to_bytes(message))
    text = parsed.get_body(("plain",))
    if text is None or text.get_content().replace("\r\n", "\n") != body:
        raise MessageError("the text would not read back as written; it is not sent")
    found = [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
             for part in parsed.iter_attachments()]
    wanted = [(_safe_filename(a.filename), _part_type(a)[0], a.data) for a in attachments]
    if found != wanted:
        raise MessageError("an attachment would not read back as the file; it is not sent")


# attachments ------------------------------------------------------------


def content_type_for(filename: str) -> str:
    """The MIME type a file name implies; ``application/octet-stream`` when it
    implies none (and for compressed or message types, which need their own
    handling)."""
    found, encoding = _TYPES.guess_type(filename, strict=False)
    if encoding:
        return _COMPRESSED.get(encoding, FALLBACK_TYPE)
    if found is None or found.split("/")[0] in ("message", "multipart"):
        return FALLBACK_TYPE
    return found


def attachment_name(path: str | Path) -> str:
    """The name the recipient sees: the file's own name, in composed Unicode
    (macOS writes names decomposed), on one line, at most 200 characters."""
    return _safe_filename(Path(path).name)


def _safe_filename(name: str) -> str:
    flat = header_text(_NAME_UNSAFE.sub("_", unicodedata.normalize("NFC", name)),
                       limit=10 * MAX_FILENAME_CHARS).strip(" .") or "attachment"
    if len(flat) > MAX_FILENAME_CHARS:
        stem, dot, suffix = flat.rpartition(".")
        if dot and 0 < len(suffix) < 16:
            flat = stem[:MAX_FILENAME_CHARS - len(suffix) - 1] + "." + suffix
        else:
            flat = flat[:MAX_FILENAME_CHARS]
    return flat


def _part_type(attachment: Attachment) -> tuple[str, dict[str, str]]:
    """The part's type and parameters: text is sent as such only if it is UTF-8."""
    maintype, _, subtype = attachment.content_type.partition("/")
    if not subtype or maintype in ("message", "multipart"):
        return FALLBACK_TYPE, {}
    if maintype == "text":
        try:
            attachment.data.decode("utf-8")
        except UnicodeDecodeError:
            return FALLBACK_TYPE, {}
        return attachment.content_type, {"charset": "utf-8"}
    return attachment.content_type, {}


def _part(attachment: Attachment) -> EmailMessage:
    content_type, params = _part_type(attachment)
    maintype, _, subtype = content_type.partition("/")
    part = EmailMessage(policy=policy.SMTP)
    part.set_content(attachment.data, maintype=maintype, subtype=subtype, cte="base64",
                     disposition="attachment", filename=_safe_filename(attachment.filename),
                     params=params)
    del part["MIME-Version"]  # a header of the whole message, not of a part
    return part


def human_size(size: int) -> str:
    """``12.3 MB``, ``840 kB``, ``512 bytes`` (decimal units, as the limit)."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    if size >= 1000:
        return f"{size / 1000:.0f} kB"
    return f"{size} bytes"


def attachment_limit(policy_settings: Mapping[str, Any] | None) -> int:
    """The limit in bytes from ``[mail.policy] max_attachments_mb`` (default 10)."""
    value = (policy_settings or {}).get("max_attachments_mb", DEFAULT_MAX_ATTACHMENT_BYTES
                                        / MEGABYTE)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1000:
        raise BadInput([Problem(LIMIT_SETTING, f"{value!r} is not a size in megabytes",
                                expected="a number above 0 and at most 1000, like 10")])
    return int(value * MEGABYTE)


def check_attachment_size(attachments: Iterable[Attachment], max_bytes: int,
                          where: str = "attachments") -> None:
    """Refuse files that together exceed ``max_bytes``, naming each and its size."""
    files = [(a.source or a.filename, a.size) for a in attachments]
    _check_total(files, max_bytes, where)


def _check_total(files: list[tuple[str, int]], max_bytes: int, where: str) -> None:
    total = sum(size for _, size in files)
    if total <= max_bytes:
        return
    listed = ", ".join(f"{name} ({human_size(size)})" for name, size in files)
    together = f"together {human_size(total)}, " if len(files) > 1 else ""
    raise AttachmentError([Problem(
        where, f"{listed}: {together}over the limit of {human_size(max_bytes)} for the "
        "files of one message",
        expected=f"a smaller file, a link instead (the promise's `url`), or a higher "
                 f"`{LIMIT_SETTING.rpartition('.')[2]}` in [mail.policy]")])


def _fix_hint(path: Path, interview_id: int | None) -> str:
    edit = f"followthrough edit {interview_id}" if interview_id is not None else \
        "followthrough edit ID"
    return (f"a readable file at {path}: put it back there, or point the promise's `file` "
            f"at the right one (`{edit}`)")


def read_attachments(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
                     where: str = "attachments", interview_id: int | None = None
                     ) -> tuple[Attachment, ...]:
    """Read each file once, now: what is queued or exported is these bytes,
    whatever happens to the file later. Every missing or unreadable file is
    reported (by its path) before any size is judged; files over the limit
    are not read at all. ``where`` names the draft in each problem."""
    problems: list[Problem] = []
    found: list[tuple[Path, int]] = []

    def refuse(path: Path, what: str) -> None:
        problems.append(Problem(where, f"{path}: {what}",
                                expected=_fix_hint(path, interview_id)))

    for text in paths:
        path = Path(text)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            refuse(path, "the file to attach is missing")
            continue
        except OSError as error:
            refuse(path, f"the file to attach cannot be read ({error.strerror or error})")
            continue
        if not path.is_file():
            refuse(path, "this is not a file (a folder?); only a file can be attached")
            continue
        found.append((path, size))
    if problems:
        raise AttachmentError(problems)
    _check_total([(str(path), size) for path, size in found], max_bytes, where)
    files: list[Attachment] = []
    for path, _ in found:
        try:
            data = _read_at_most(path, max_bytes + 1)  # a file that grows is not read on
        except OSError as error:
            refuse(path, f"the file to attach cannot be read ({error.strerror or error})")
            continue
        files.append(Attachment(attachment_name(path), content_type_for(path.name), data,
                                str(path)))
    if problems:
        raise AttachmentError(problems)
    check_attachment_size(files, max_bytes, where)  # a file that grew since its stat
    return tuple(files)


def _read_at_most(path: Path, limit: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(limit)


def mailto(out: Outgoing) -> str:
    """A ``mailto:`` link (RFC 6068) with the subject and body filled in."""
    addr = check_address(out.to_addr, "to")
    query = f"subject={quote(header_text(out.subject), safe='')}&body={quote(out.body, safe='')}"
    return f"mailto:{quote(addr, safe='@')}?{query}"
