"""A corpus of incoming mails (raw RFC 822 bytes, as IMAP returns them) and
the kind each must be classified as: human replies in many shapes, automatic
replies from several systems, bounces and list copies."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from followthrough.mail.imap import classify, subject_core

OURS = "<179530774715.19737.6668509863035707797@example.net>"


def raw(*lines: str, body: str = "Thanks!") -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode("utf-8")


HUMAN = [
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"References: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"In-Reply-To: {OURS}",
        f"References: <a@b.example> {OURS}"),
    raw("From: hr@kumo.example", "Subject: RE: Thank you", f"References: {OURS}"),
    raw("From: Emi <e.kobayashi@kumo.example>", "Subject: AW: Danke", f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: RE : Thank you", f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Fwd: Thank you", f"References: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: =?UTF-8?B?UmU6IOOBguOCiuOBjOOBqOOBhg==?=",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: =?UTF-8?Q?Thanks=0ABcc:_x@y.example?=",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"In-Reply-To: {OURS}",
        "Auto-Submitted: no"),
    raw("From: ceo@kumo.example", "Subject: Next steps", f"References: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"In-Reply-To: {OURS}",
        "X-Auto-Response-Suppress: All"),
    raw("From: h.sato@kumo.example", "Subject: Re: Out of curiosity", f"References: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", f"In-Reply-To: {OURS}",
        "Content-Type: text/html; charset=utf-8", body="<p>Thanks</p>"),
    raw("From: recruiter@search.example", "Subject: SV: Thank you", f"References: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Re: Re: Thank you",
        f"In-Reply-To: {OURS}"),
]

AUTO = [
    raw("From: h.sato@kumo.example", "Subject: Out of Office", "Auto-Submitted: auto-replied",
        f"In-Reply-To: {OURS}"),  # Gmail vacation responder
    raw("From: h.sato@kumo.example", "Subject: Automatic reply: Thank you",
        "Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All",
        f"In-Reply-To: {OURS}"),  # Microsoft 365 OOF
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", "X-Autoreply: yes",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", "X-Autorespond: yes",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Re: Thank you", "Precedence: auto_reply",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Out of office until 30 November",
        f"References: {OURS}"),  # a client rule without any auto header
    raw("From: h.sato@kumo.example", "Subject: Automatic reply: Thank you",
        f"In-Reply-To: {OURS}"),  # Outlook rule: no auto headers, the usual subject
    raw("From: h.sato@kumo.example", "Subject: Abwesenheitsnotiz: Danke",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: =?UTF-8?B?5LiN5Zyo44Gu44GK55+l44KJ44Gb?=",
        f"In-Reply-To: {OURS}"),  # 不在のお知らせ
    raw("From: h.sato@kumo.example", "Subject: Réponse automatique : Merci",
        f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Auto: Thank you", f"In-Reply-To: {OURS}"),
    raw("From: h.sato@kumo.example", "Subject: Autoreply: Thank you",
        "Auto-Submitted: auto-replied (vacation)", f"In-Reply-To: {OURS}"),
]

BOUNCES = [
    raw("From: MAILER-DAEMON@mx.kumo.example", "Subject: Undelivered Mail Returned to Sender",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b",
        body="--b\r\n\r\nfailed\r\n--b--"),
    raw("From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "Subject: Delivery Status Notification (Failure)"),
    raw("From: postmaster@kumo.example", "Subject: Undeliverable: Thank you"),
    raw("From: mail-system@kumo.example", "Subject: Returned mail",
        "X-Failed-Recipients: h.sato@kumo.example"),
    raw("From: Microsoft Outlook <MicrosoftExchange@kumo.example>",
        "Subject: Undeliverable: Thank you",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=z",
        body="--z\r\n\r\nx\r\n--z--"),
    raw("From: postmaster@outlook.com", "Subject: Delivery has failed"),
]

LISTS = [
    raw("From: team@kumo.example", "Subject: Re: Thank you", "List-Id: <team.kumo.example>",
        f"References: {OURS}"),
    raw("From: news@kumo.example", "Subject: Weekly digest", "Precedence: bulk"),
    raw("From: group@kumo.example", "Subject: Re: Thank you",
        "List-Unsubscribe: <mailto:leave@kumo.example>", f"In-Reply-To: {OURS}"),
    raw("From: all@kumo.example", "Subject: Re: Thank you", "Precedence: list",
        f"References: {OURS}"),
    raw("From: careers@kumo.example", "Subject: Open roles", "List-Id: careers.kumo.example"),
    raw("From: hiring@kumo.example", "Subject: Re: Thank you",
        "List-Id: <hiring.kumo.example>", "Auto-Submitted: no", f"In-Reply-To: {OURS}"),
]

CORPUS = ([(m, "reply") for m in HUMAN] + [(m, "auto-reply") for m in AUTO]
          + [(m, "bounce") for m in BOUNCES] + [(m, "list") for m in LISTS])


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize(("message", "kind"), CORPUS,
                         ids=[f"{kind}-{n}" for n, (_, kind) in enumerate(CORPUS)])
def test_each_mail_is_classified_correctly(message: bytes, kind: str) -> None:
    headers = BytesParser(policy=policy.default).parsebytes(message, headersonly=True)
    assert isinstance(headers, EmailMessage)
    assert classify(headers) == kind


@pytest.mark.parametrize(("subject", "core"), [
    ("Re: Thank you for your time", "Thank you for your time"),
    ("AW: RE: Fwd: Thank you", "Thank you"),
    ("Re[2]: Thank you", "Thank you"),
    ("  re :  Thank\r\n you", "Thank you"),
])
def test_reply_prefixes_are_taken_off_the_subject(subject: str, core: str) -> None:
    assert subject_core(subject) == core
