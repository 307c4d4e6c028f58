"""Reply detection and the Sent-folder check against a real Dovecot on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from email import policy
from email.message import EmailMessage

import pytest

from followthrough import clock
from followthrough.app.mail import PLAN
from followthrough.mail.accounts import MailSettings
from followthrough.mail.imap import classify
from followthrough.mail.outbox import send_due
from followthrough.mail.worker import Worker, smtp_transport
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore
from tests.mail.conftest import Imap, Sink, queue

THANKS = "thank-you.daichi-mori"
INQUIRY = "status-inquiry.1"


def _reply(to_id: str, *, header: str = "In-Reply-To", sender: str = "d.mori@tsubame.example",
           subject: str = "Re: About thank-you", extra: dict[str, str] | None = None,
           own_id: str = "<reply-1@tsubame.example>") -> bytes:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = "mara.lindholm@example.net"
    message["Subject"] = subject
    message["Message-ID"] = own_id
    message[header] = to_id
    for name, value in (extra or {}).items():
        message[name] = value
    message.set_content("Thanks Alex, we will be in touch next week.\n")
    return message.as_bytes()


def _settings(sink: Sink, imap: Imap) -> MailSettings:
    return MailSettings(None, None, sink.server(), imap.server(), None, {})


@pytest.fixture
def imap_password(monkeypatch: pytest.MonkeyPatch, mailbox: Imap) -> Imap:
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", mailbox.password)
    return mailbox


@pytest.mark.parametrize("trial", range(10))
@pytest.mark.parametrize("header", ["In-Reply-To", "References"])
def test_a_reply_stops_the_pending_inquiries_within_one_poll(
        store: Store, sink: Sink, imap_password: Imap, header: str, trial: int) -> None:
    """Acceptance 4: 20 trials end to end through Dovecot, each within one poll."""
    thanks = queue(store, THANKS)
    queue(store, INQUIRY, to_addr="r.ogawa@tsubame.example")
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings()))
        imap_password.append("INBOX", _reply(thanks.message_id, header=header))
        report = Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert f"1.{INQUIRY}" in report.cancelled
    assert OutboxStore(store).get(f"1.{INQUIRY}").status == "cancelled"
    assert all(a.status != "pending" for a in store.plan_of(1) if a.kind == "status-inquiry")
    assert store.get_interview(1).state == "replied"
    assert len(sink.handler.received) == 1


def test_a_reply_without_thread_headers_from_another_address_of_the_company_is_found(
        store: Store, sink: Sink, imap_password: Imap) -> None:
    """A client that dropped In-Reply-To and References; HR answered instead."""
    thanks = queue(store, THANKS)
    queue(store, INQUIRY, to_addr="r.ogawa@tsubame.example")
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings()))
        imap_password.append("INBOX", _reply("<unrelated@tsubame.example>", header="X-Other",
                                             sender="hr@tsubame.example",
                                             subject=f"AW: RE: {thanks.subject}"))
        imap_password.append("INBOX", _reply("<x@y.example>", header="X-Other",
                                             sender="someone@tsubame.example.evil.example",
                                             subject=f"Re: {thanks.subject}",
                                             own_id="<evil@evil.example>"))
        report = Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert f"1.{INQUIRY}" in report.cancelled
    assert [kind for kind, sender, _ in OutboxStore(store).inbound_of(1)] == ["reply"]


def test_the_same_subject_from_elsewhere_is_not_a_reply(store: Store, sink: Sink,
                                                        imap_password: Imap) -> None:
    thanks = queue(store, THANKS)
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings()))
        imap_password.append("INBOX", _reply("<x@y.example>", header="X-Other",
                                             sender="news@other.example",
                                             subject=f"Re: {thanks.subject}"))
        Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert OutboxStore(store).inbound_of(1) == []
    assert store.get_interview(1).state == "awaiting"


def test_the_same_reply_is_acted_on_once(store: Store, sink: Sink, imap_password: Imap) -> None:
    thanks = queue(store, THANKS)
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings()))
        imap_password.append("INBOX", _reply(thanks.message_id))
        Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)
        Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert [e.kind for e in store.events_of(1)].count("reply") == 1


def test_an_out_of_office_reply_stops_nothing(store: Store, sink: Sink,
                                              imap_password: Imap) -> None:
    thanks = queue(store, THANKS)
    queue(store, INQUIRY, to_addr="r.ogawa@tsubame.example")
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings()))
        imap_password.append("INBOX", _reply(thanks.message_id, subject="Out of Office",
                                             extra={"Auto-Submitted": "auto-replied"}))
        report = Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert OutboxStore(store).get(f"1.{INQUIRY}").status == "scheduled"
    assert any("automatic reply" in notice for notice in report.notices)


def test_an_uncertain_message_found_in_sent_is_resolved_as_sent(
        store: Store, sink: Sink, imap_password: Imap) -> None:
    row = queue(store, THANKS)
    sink.handler.script = ["stall"]
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings(timeout=1.0)))
    assert OutboxStore(store).get(f"1.{THANKS}").status == "uncertain"
    imap_password.append("Sent", sink.handler.received[0].content)  # the provider's copy
    with clock.frozen(store.find_action(f"1.{THANKS}").due + timedelta(minutes=2)):
        report = Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert report.sent == [f"1.{THANKS}"]
    assert OutboxStore(store).get(f"1.{THANKS}").status == "sent"
    assert sink.handler.message_ids() == {row.message_id: 1}


def test_an_uncertain_message_missing_from_sent_stays_uncertain(
        store: Store, sink: Sink, imap_password: Imap) -> None:
    sink.handler.script = ["stall"]
    queue(store, THANKS)
    imap_password.append("Sent", _reply("<unrelated@x.example>"))
    with clock.frozen(store.find_action(f"1.{THANKS}").due):
        send_due(store, smtp_transport(sink.settings(timeout=1.0)))
        Worker(store, _settings(sink, imap_password), plan=PLAN).run(once=True)

    assert OutboxStore(store).get(f"1.{THANKS}").status == "uncertain"


def test_a_wrong_imap_password_is_a_notice_not_a_crash(
        store: Store, sink: Sink, mailbox: Imap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", "wrong-canary-9f3a")
    report = Worker(store, _settings(sink, mailbox), plan=PLAN).run(once=True)

    assert any("mailbox not checked" in notice for notice in report.notices)
    assert not any("wrong-canary-9f3a" in notice for notice in report.notices)


def _headers(**values: str) -> EmailMessage:
    message = EmailMessage(policy=policy.default)
    for name, value in values.items():
        message[name.replace("_", "-")] = value
    return message


@pytest.mark.parametrize(("headers", "kind"), [
    ({"From": "d.mori@tsubame.example", "Subject": "Re: Thank you"}, "reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "AW: Danke"}, "reply"),
    ({"From": "hr@tsubame.example", "Subject": "RE : Interview"}, "reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "Out of Office: Thank you",
      "Auto_Submitted": "auto-replied"}, "auto-reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "Automatic reply: Thank you",
      "Auto_Submitted": "auto-generated", "X_Auto_Response_Suppress": "All"}, "auto-reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "Re: Thanks", "X_Autoreply": "yes"},
     "auto-reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "Re: Thanks", "X_Autorespond": "yes"},
     "auto-reply"),
    ({"From": "d.mori@tsubame.example", "Subject": "Out of office until Monday"}, "auto-reply"),
    ({"From": "MAILER-DAEMON@mx.tsubame.example", "Subject": "Undelivered Mail"}, "bounce"),
    ({"From": "postmaster@tsubame.example", "Subject": "Delivery Status Notification"},
     "bounce"),
    ({"From": "team@tsubame.example", "Subject": "Re: Thanks",
      "List_Id": "<team.tsubame.example>"}, "list"),
    ({"From": "news@tsubame.example", "Subject": "Weekly", "Precedence": "bulk"}, "list"),
    ({"From": "d.mori@tsubame.example", "Subject": "Re: =?UTF-8?Q?Thanks=0ABcc:_x@y?="},
     "reply"),
])
def test_classification_from_headers(headers: dict[str, str], kind: str) -> None:
    assert classify(_headers(**headers)) == kind


def test_a_delivery_status_report_is_a_bounce() -> None:
    message = EmailMessage(policy=policy.default)
    message["From"] = "mail-system@tsubame.example"
    message["Subject"] = "Returned mail"
    message.set_type("multipart/report")
    message.set_param("report-type", "delivery-status")
    assert classify(message) == "bounce"
