"""The outbox page (issue 18): every approved message with its state in words
and the CLI's name for it; Cancel, Retry and Resolve make the same calls as
`followthrough cancel`, `approve` and `resolve`, and a decision that comes too
late says so on the page (409), never as a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.store.outbox import OutboxStore
from tests.mail.conftest import SinkHandler
from tests.web.test_send_now import AFTER, NOTE, draft_form, mail_account, started
from tests.web.test_send_now import no_keyring as no_keyring
from tests.web.test_send_now import sink as sink

ACTION = f"1.{NOTE}"
LATER = {"when": "at", "send_at": "2026-12-11T17:00"}


@pytest.fixture
def queued(tmp_path: Path, private_home: Path, sink: tuple[SinkHandler, int]
           ) -> tuple[FastAPI, TestClient, str]:
    """The Kasumi debrief with Yamamoto-san's thank-you queued for 17:00."""
    mail_account(private_home, sink[1])
    app, client, token = started(tmp_path, AFTER)
    answer = client.post(f"/outbox/{ACTION}", data={**draft_form(client, token, ACTION),
                                                    **LATER})
    assert answer.status_code == 303
    return app, client, token


def status(app: FastAPI) -> str:
    return OutboxStore(app.state.store).get(ACTION).status


def test_the_outbox_lists_a_queued_message_with_its_state_and_cancel(
        queued: tuple[FastAPI, TestClient, str]) -> None:
    _app, client, _token = queued

    page = client.get("/outbox").text

    assert 'data-testid="state">Queued</span> <code class="quiet">scheduled</code>' in page
    assert "To a.yamamoto@kasumipay.example" in page
    assert f'action="/outbox/{ACTION}/cancel"' in page
    assert "/retry" not in page
    assert "Resolve" not in page


def test_cancel_takes_it_out_and_retry_sends_it_now(
        queued: tuple[FastAPI, TestClient, str], sink: tuple[SinkHandler, int]) -> None:
    app, client, token = queued

    cancelled = client.post(f"/outbox/{ACTION}/cancel", data={"csrf_token": token})

    assert cancelled.status_code == 303
    assert status(app) == "cancelled"
    page = client.get(cancelled.headers["location"]).text
    assert f"{ACTION}: Cancelled" in page
    assert f'action="/outbox/{ACTION}/retry"' in page
    assert f'action="/outbox/{ACTION}/cancel"' not in page
    timeline = client.get("/interviews/1").text
    assert ">Done<" in timeline[timeline.index(f'id="a-{NOTE}"'):]

    retried = client.post(f"/outbox/{ACTION}/retry", data={"csrf_token": token, "when": "now"})

    assert retried.status_code == 303
    assert status(app) == "sent"
    assert len(sink[0].messages()) == 1
    assert f"{ACTION}: Sent" in client.get(retried.headers["location"]).text


def test_a_sent_message_cannot_be_cancelled_and_the_page_says_why(
        queued: tuple[FastAPI, TestClient, str]) -> None:
    app, client, token = queued
    client.post(f"/outbox/{ACTION}/cancel", data={"csrf_token": token})
    client.post(f"/outbox/{ACTION}/retry", data={"csrf_token": token, "when": "now"})

    again = client.post(f"/outbox/{ACTION}/cancel", data={"csrf_token": token})
    retry = client.post(f"/outbox/{ACTION}/retry", data={"csrf_token": token, "when": "now"})

    assert again.status_code == 409
    assert "only a message that has not begun to go out can be cancelled" in again.text
    assert retry.status_code == 409
    assert "can be queued again" in retry.text
    assert status(app) == "sent"


@pytest.mark.parametrize(("verdict", "after", "plan_status"), [
    ("sent", "sent", "done"), ("not-sent", "scheduled", "pending")])
def test_resolve_says_what_happened_to_an_uncertain_message(
        queued: tuple[FastAPI, TestClient, str], verdict: str, after: str,
        plan_status: str) -> None:
    app, client, token = queued
    box = OutboxStore(app.state.store)
    row = box.get(ACTION)
    assert box.move(row.id, None, ("scheduled",), "uncertain", AFTER,
                    last_error="the server went quiet after the message")
    page = client.get("/outbox").text
    assert "Uncertain: check your Sent folder" in page
    assert "Resolve: it was sent" in page
    assert "Resolve: it was not sent" in page
    assert f'action="/outbox/{ACTION}/cancel"' not in page

    answer = client.post(f"/outbox/{ACTION}/resolve",
                         data={"csrf_token": token, "verdict": verdict})

    assert answer.status_code == 303
    assert status(app) == after
    [planned] = [r for r in app.state.store.plan_of(1) if r.key == NOTE]
    assert planned.status == plan_status


def test_resolve_needs_a_verdict(queued: tuple[FastAPI, TestClient, str]) -> None:
    app, client, token = queued

    answer = client.post(f"/outbox/{ACTION}/resolve", data={"csrf_token": token,
                                                            "verdict": "maybe"})

    assert answer.status_code == 400
    assert "It was sent | It was not sent" in answer.text
    assert status(app) == "scheduled"


def test_an_empty_outbox_says_how_to_fill_it_and_links_to_sending_setup(
        tmp_path: Path) -> None:
    _app, client, _token = started(tmp_path, AFTER)

    page = client.get("/outbox").text

    assert "Nothing approved yet." in page
    assert 'href="/settings#mail">Set up sending</a>' in page
    assert '<a href="/outbox">Outbox</a>' in page


def test_the_dashboard_shows_a_queued_message_as_queued_and_an_uncertain_one_as_needing_you(
        queued: tuple[FastAPI, TestClient, str]) -> None:
    app, client, _token = queued
    row = next(line for line in client.get("/").text.splitlines()
               if "Thank-you note for Yamamoto Aiko" in line)
    assert "pending" not in row

    page = client.get("/").text
    task = page[page.index("Thank-you note for Yamamoto Aiko"):]
    assert task.split("</li>")[0].count('href="/outbox">queued</a>') == 1
    assert 'id="needs-you"' not in page

    box = OutboxStore(app.state.store)
    assert box.move(box.get(ACTION).id, None, ("scheduled",), "uncertain", AFTER,
                    last_error="the server went quiet after the message")
    page = client.get("/").text
    assert 'id="needs-you"' in page
    assert "uncertain: check your sent folder" in page
    assert '<a href="/outbox">Decide in the outbox</a>' in page
