"""The Berlin debrief the attachment tests (mail and web) store: one interviewer,
and promises of a file that go as messages of their own."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

NAME = "Entwurf-Synchronisierung-Übersicht.pdf"
"""A file name outside ASCII, as a German candidate would name it."""
HEAD = """schema = 1

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.net"
timezone = "Europe/Berlin"

[interview]
company = "Nordlicht Logistik GmbH"
role = "Senior Data Engineer"
starts = 2026-11-16T10:00:00+01:00
minutes = 60
country = "DE"
channel = "email"

[[interviewers]]
name = "Jonas Becker"
email = "j.becker@nordlicht.example"
topics = ["syncing warehouse data between sites"]
"""
"""The debrief without its promises: an interview in Berlin on 16 November 2026, 10:00."""
PROMISE = """
[[promises]]
what = "{what}"
to = "Jonas Becker"
file = {file}
separate = true
"""
"""A promise as a message of its own; without ``separate`` it goes inside the
thank-you (test_the_thank_you_carries_the_promised_file_over_smtp)."""


def with_promises(*promises: tuple[str, Path]) -> str:
    """The debrief with a promise of each (what, file)."""
    return HEAD + "".join(PROMISE.format(what=what, file=json.dumps(str(path),
                                                                    ensure_ascii=False))
                          for what, path in promises)


def pdf_bytes(size: int = 20_000) -> bytes:
    """A PDF-looking file with every byte value in it (CR, LF, NUL, 0xFF ...)."""
    body = bytes(range(256)) * (size // 256 + 1)
    return b"%PDF-1.4\n" + body[:size] + b"\n%%EOF\n"


def parse(raw: bytes) -> EmailMessage:
    """An .eml file's bytes as a message."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def files_of(message: EmailMessage) -> list[tuple[str | None, str, bytes]]:
    """Each attached file: its name, type and bytes."""
    return [(part.get_filename(), part.get_content_type(), part.get_content())
            for part in message.iter_attachments()]
