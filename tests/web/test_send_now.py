"""Sending from the web (issue 18): an overdue draft offers "send now" and a
time picker, "send now" goes out at once through the mail account (a real
SMTP server on 127.0.0.1), the interview page says what became of it, and with
no mail account nothing is queued and the page links to where one is set up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough import clock
from followthrough.app.records import import_files
from followthrough.errors import BadInput
from followthrough.mail.outbox import parse_send_time
from followthrough.store.outbox import OutboxStore
from followthrough.web import create_app
from tests.conftest import PROJECT
from tests.mail.conftest import SinkHandler, free_port
from tests.web.conftest import BASE

KASUMI = PROJECT / "examples" / "debrief-tokyo-payments.toml"
AFTER = datetime.fromisoformat("2026-12-11T15:00:00+09:00")
"""Five hours after the Kasumi interview: the thank-you notes (planned 12:30,
latest 18:00 Tokyo time) are overdue but not too late."""
BEFORE = datetime.fromisoformat("2026-12-11T11:45:00+09:00")
"""Before the thank-you notes' planned time."""
NOTE = "thank-you.yamamoto-aiko"


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)


@pytest.fixture
def sink() -> Iterator[tuple[SinkHandler, int]]:
    handler, port = SinkHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def mail_account(home: Path, port: int) -> None:
    """``[mail.smtp]`` in the private home's settings: the loopback sink, no login."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\ntimeout = 10\n',
        encoding="utf-8")


def started(tmp_path: Path, now: datetime) -> tuple[FastAPI, TestClient, str]:
    app = create_app(f"sqlite:///{tmp_path / 'web.db'}", now=now)
    import_files(app.state.store, [KASUMI])
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    return app, client, app.state.csrf_token


def draft_form(client: TestClient, token: str, action: str) -> dict[str, str]:
    page = client.get(f"/actions/{action}/draft").text
    subject = re.search(r'id="subject" name="subject" value="([^"]*)"', page)
    body = re.search(r'<textarea id="body" name="body"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert subject
    assert body
    import html

    return {"csrf_token": token, "subject": html.unescape(subject.group(1)),
            "body": html.unescape(body.group(1))}


@pytest.mark.parametrize(("now", "offered", "not_offered", "picker"), [
    (AFTER, ["The planned time, Fri 11 Dec 12:30 your time, has passed.", "Approve: send now",
             'name="when" value="now"'], "Approve: send at the planned time", "2026-12-11T15:15"),
    (BEFORE, ["Approve: send at the planned time", 'name="when" value="planned"'],
     "has passed", "2026-12-11T12:30"),
])
def test_an_overdue_draft_offers_send_now_and_a_time_picker(
        tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int], now: datetime,
        offered: list[str], not_offered: str, picker: str) -> None:
    mail_account(private_home, sink[1])
    _app, client, _token = started(tmp_path, now)

    page = client.get(f"/actions/1.{NOTE}/draft").text

    for words in offered:
        assert words in page
    assert not_offered not in page
    assert f'type="datetime-local" id="send-at" name="send_at" value="{picker}"' in page


def test_send_now_sends_at_once_and_the_page_says_sent(
        tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int]) -> None:
    mail_account(private_home, sink[1])
    app, client, token = started(tmp_path, AFTER)
    form = draft_form(client, token, f"1.{NOTE}")

    answer = client.post(f"/outbox/1.{NOTE}", data={**form, "when": "now"})

    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"/interviews/1?queued=1.{NOTE}")
    [message] = sink[0].messages()
    assert message["To"].addresses[0].addr_spec == "a.yamamoto@kasumipay.example"
    assert message["Subject"] == form["subject"]
    row = OutboxStore(app.state.store).get(f"1.{NOTE}")
    assert row.status == "sent"
    page = client.get(answer.headers["location"]).text
    assert "Sent: the thank-you note to Yamamoto Aiko went out Fri 11 Dec 15:00" in page
    step = page[page.index(f'id="a-{NOTE}"'):]
    step = step[:step.index("</li>")]
    assert 'badge sent">sent<' in step
    assert "pending" not in step
    assert ">Done<" not in step


def test_a_picked_time_in_your_zone_queues_it_then(
        tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int]) -> None:
    mail_account(private_home, sink[1])
    app, client, token = started(tmp_path, AFTER)
    form = draft_form(client, token, f"1.{NOTE}")

    answer = client.post(f"/outbox/1.{NOTE}",
                         data={**form, "when": "at", "send_at": "2026-12-11T16:40"})

    assert answer.status_code == 303
    row = OutboxStore(app.state.store).get(f"1.{NOTE}")
    assert (row.status, row.send_at) == ("scheduled",
                                         datetime.fromisoformat("2026-12-11T16:40+09:00"))
    assert sink[0].messages() == []
    page = client.get(answer.headers["location"]).text
    assert "is queued and goes out Fri 11 Dec 16:40 your time" in page
    assert "Queued: goes out Fri 11 Dec 16:40 your time" in page


@pytest.mark.parametrize(("picked", "said"), [
    ("2026-12-11T14:00", "is not in the future"),
    ("2026-12-11T19:00", "is after the latest sensible time"),
    ("", "no time was chosen"),
    ("tomorrow", "is not a date and time"),
])
def test_a_bad_time_keeps_the_text_and_names_the_field(
        tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int], picked: str,
        said: str) -> None:
    mail_account(private_home, sink[1])
    app, client, token = started(tmp_path, AFTER)
    form = draft_form(client, token, f"1.{NOTE}")
    edited = form["body"] + "\nP.S. My own words."

    answer = client.post(f"/outbox/1.{NOTE}",
                         data={**form, "body": edited, "when": "at", "send_at": picked})

    assert answer.status_code == 400
    assert said in answer.text
    assert "<strong>Send at</strong>" in answer.text
    assert "--at" not in answer.text
    assert "P.S. My own words." in answer.text
    assert OutboxStore(app.state.store).rows() == []


def test_without_a_mail_account_nothing_is_queued_and_the_page_links_to_setup(
        tmp_path: Path) -> None:
    app, client, token = started(tmp_path, AFTER)

    editor = client.get(f"/actions/1.{NOTE}/draft").text
    assert 'href="/settings#mail">Set up sending</a>' in editor
    assert "Approve: send now" not in editor
    form = draft_form(client, token, f"1.{NOTE}")
    answer = client.post(f"/outbox/1.{NOTE}", data={**form, "when": "now"})

    assert answer.status_code == 400
    assert "no mail account is set up" in answer.text
    assert 'href="/settings#mail"' in answer.text
    assert OutboxStore(app.state.store).rows() == []
    settings = client.get("/settings").text
    assert 'id="mail"' in settings
    assert "[mail.smtp]" in settings


def test_at_now_is_the_only_way_to_send_at_once() -> None:
    with clock.frozen(AFTER) as now:
        assert parse_send_time("now", "Asia/Tokyo", now) == now
        assert parse_send_time(" NOW ", "Asia/Tokyo", now) == now
        for text in ("", "nowish", "right now", "2026-12-11T15:00"):
            with pytest.raises(BadInput):
                parse_send_time(text, "Asia/Tokyo", now)


def test_approving_a_step_already_done_says_so_on_the_editor(
        tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int]) -> None:
    mail_account(private_home, sink[1])
    app, client, token = started(tmp_path, AFTER)
    form = draft_form(client, token, f"1.{NOTE}")
    client.post(f"/actions/1.{NOTE}/done", data={"csrf_token": token})

    answer = client.post(f"/outbox/1.{NOTE}", data={**form, "when": "now"})

    assert answer.status_code == 409
    assert "is done; only a pending action can be queued" in answer.text
    assert OutboxStore(app.state.store).rows() == []
    assert sink[0].messages() == []


def test_send_now_with_the_server_down_says_it_waits_in_the_outbox(
        tmp_path: Path, private_home: Path) -> None:
    from tests.mail.conftest import free_port as closed_port

    mail_account(private_home, closed_port())
    app, client, token = started(tmp_path, AFTER)
    form = draft_form(client, token, f"1.{NOTE}")

    answer = client.post(f"/outbox/1.{NOTE}", data={**form, "when": "now"})

    assert answer.status_code == 303
    assert OutboxStore(app.state.store).get(f"1.{NOTE}").status == "retry_wait"
    page = client.get(answer.headers["location"]).text
    assert "It could not go out just now (will retry:" in page
    assert "it waits in the outbox" in page


def test_the_pages_say_nothing_a_link_puts_in_their_address(tmp_path: Path) -> None:
    _app, client, _token = started(tmp_path, AFTER)
    planted = "Your account is locked: call +1 555 0100"

    outbox = client.get("/outbox", params={"done": planted}).text
    interview = client.get("/interviews/1", params={"queued": planted, "notice": planted}).text

    assert "call +1 555 0100" not in outbox
    assert "call +1 555 0100" not in interview
