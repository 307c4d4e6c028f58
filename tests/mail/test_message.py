"""Hostile names, subjects and addresses never add a header or a recipient,
in the built bytes and at a real SMTP server."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.errors import BadInput
from followthrough.mail.message import (
    HEADER_NAMES,
    MessageError,
    Outgoing,
    build,
    header_text,
    mailto,
    new_message_id,
    to_bytes,
)
from followthrough.mail.smtp import Outcome, submit
from tests.mail.conftest import Sink

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "1000"))
WHEN = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
HOSTILE = st.lists(st.sampled_from(
    ["\r", "\n", "\r\n", "\x00", "\u2028", "\u0085", "\t", " ", ":", "Bcc", "@", "x", "é",
     "=?UTF-8?Q?=0A?=", "=?UTF-8?B?Cg==?=", "=?utf-8?q?=0D=0ABcc:_a@b.c?=", "\"", "<", ">",
     "Subject: x", ",", "evil@attacker.example", "界"]), max_size=60).map("".join) \
    | st.text(max_size=3000)


def _out(name: str = "Hiroshi Sato", subject: str = "Thank you", body: str = "Hi\n") -> Outgoing:
    return Outgoing(from_name="Alex Morgan", from_addr="alex.morgan@example.net", to_name=name,
                    to_addr="h.sato@kumo.example", subject=subject, body=body,
                    message_id=new_message_id("alex.morgan@example.net"))


def _only_our_headers(raw: bytes) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\n" not in head.replace(b"\r\n", b"")
    assert b"\r" not in head.replace(b"\r\n", b"")
    parsed = BytesParser(policy=policy.SMTP).parsebytes(raw, headersonly=True)
    assert sorted(parsed.keys()) == sorted(HEADER_NAMES)
    assert parsed["To"].addresses[0].addr_spec == "h.sato@kumo.example"
    assert len(parsed["To"].addresses) == 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(name=HOSTILE, subject=HOSTILE, body=HOSTILE)
def test_hostile_names_and_subjects_never_add_a_header(name: str, subject: str, body: str
                                                       ) -> None:
    _only_our_headers(to_bytes(build(_out(name, subject, body), WHEN)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=HOSTILE)
def test_header_text_is_one_safe_line(text: str) -> None:
    flat = header_text(text)
    assert not any(c in flat for c in "\r\n\x00\u2028\u0085")
    assert "=?" not in flat


@settings(max_examples=200, deadline=None)
@given(local=HOSTILE)
def test_a_hostile_address_is_refused_not_repaired(local: str) -> None:
    address = f"{local}@kumo.example"
    out = _out()
    hostile = Outgoing(out.from_name, out.from_addr, out.to_name, address, out.subject,
                       out.body, out.message_id)
    try:
        raw = to_bytes(build(hostile, WHEN))
    except (BadInput, MessageError):
        return
    parsed = BytesParser(policy=policy.SMTP).parsebytes(raw, headersonly=True)
    assert sorted(parsed.keys()) == sorted(HEADER_NAMES)
    assert len(parsed["To"].addresses) == 1


def test_cpython_121650_a_reply_subject_with_an_encoded_newline_adds_no_bcc() -> None:
    """The "Re: <their subject>" path: their Subject header carries an encoded
    newline; reusing the parsed header would write a real Bcc line. We only
    take its text, and that text is defused."""
    incoming = message_from_bytes(
        b"From: h.sato@kumo.example\r\nSubject: =?UTF-8?Q?Hello=0ABcc:_evil@attacker.example?="
        b"\r\n\r\nhi\r\n", policy=policy.default)
    assert isinstance(incoming, EmailMessage)
    raw = to_bytes(build(_out(subject="Re: " + str(incoming["Subject"])), WHEN))

    _only_our_headers(raw)
    assert b"\r\nBcc:" not in raw


def test_a_plain_subject_that_looks_encoded_is_defused() -> None:
    raw = to_bytes(build(_out(subject="Hi =?UTF-8?Q?=0ABcc:_evil@x.example?= there"), WHEN))
    _only_our_headers(raw)


@pytest.mark.parametrize("name", ["Evil\r\nBcc: evil@attacker.example",
                                  "=?UTF-8?Q?=0A?=Bcc: evil@attacker.example"])
def test_at_the_smtp_server_only_the_intended_recipient_and_headers_arrive(
        sink: Sink, name: str) -> None:
    raw = to_bytes(build(_out(name=name, subject=name), WHEN))
    result = submit(sink.server(), None, "alex.morgan@example.net", ["h.sato@kumo.example"],
                    raw)

    assert result.outcome is Outcome.SENT
    envelope = sink.handler.received[0]
    assert envelope.rcpt_tos == ["h.sato@kumo.example"]
    _only_our_headers(envelope.content.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def test_mailto_link_keeps_everything_in_the_query() -> None:
    link = mailto(_out(subject="Thanks & more\r\nBcc: x@y", body="Line 1\nLine 2 & ?"))
    assert link.startswith("mailto:h.sato@kumo.example?subject=")
    assert "\n" not in link
    assert "\r" not in link
    assert "&body=" in link


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(max_size=500))
def test_the_body_survives_dot_stuffing(body: str) -> None:
    from followthrough.mail.smtp import _dot_stuffed

    stuffed = _dot_stuffed(b"X: y\r\n\r\n" + body.encode("utf-8", "replace"))
    assert stuffed.endswith(b"\r\n.\r\n")
    assert stuffed.count(b"\r\n.\r\n") == 1
