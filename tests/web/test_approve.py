"""Approving a draft from the editor queues the edited text in the outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from followthrough.store.outbox import OutboxStore

ACTION = "thank-you.daichi-mori"

SMTP = '[mail.smtp]\nhost = "127.0.0.1"\nport = 2525\ntls = "none"\n'
"""A sending account (never reached: these tests only queue): approving needs one."""


@pytest.fixture(autouse=True)
def mail_account(private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(SMTP, encoding="utf-8")


def test_the_editor_offers_approval_for_an_email_draft(client: TestClient, tokyo: int) -> None:
    page = client.get(f"/actions/{tokyo}.{ACTION}/draft").text

    assert f'formaction="/outbox/{tokyo}.{ACTION}"' in page


def test_approving_queues_the_edited_text_once(client: TestClient, app: FastAPI, token: str,
                                              tokyo: int) -> None:
    page = client.get(f"/actions/{tokyo}.{ACTION}/draft").text
    assert "Dear Mori-san" in page
    body = ("Dear Mori-san,\n\nThank you for our conversation today about refreshing sales "
            "dashboards every few minutes at Tsubame Data K.K. Having replaced a nightly "
            "reporting batch with incremental dbt models, I would enjoy bringing that experience "
            "to the Senior Analytics Engineer role. I remain very interested in joining your "
            "team.\n\n"
            "Kind regards,\nMara Lindholm\n")
    form = {"csrf_token": token, "subject": "Thank you", "body": body}

    first = client.post(f"/outbox/{tokyo}.{ACTION}", data=form)
    again = client.post(f"/outbox/{tokyo}.{ACTION}", data=form)

    assert first.status_code == 303
    assert again.status_code == 303
    rows = OutboxStore(app.state.store).rows()
    assert [(row.action_id, row.status) for row in rows] == [(f"{tokyo}.{ACTION}",
                                                               "scheduled")]
    assert rows[0].body.startswith("Dear Mori-san,\n\nThank you for our conversation")
    assert rows[0].to_addr == "d.mori@tsubame.example"


def test_an_error_in_the_edited_text_is_refused(client: TestClient, app: FastAPI, token: str,
                                               tokyo: int) -> None:
    form = {"csrf_token": token, "subject": "Thanks",
            "body": "Dear [Name],\n\nThank you for your time at {company}.\n"}

    response = client.post(f"/outbox/{tokyo}.{ACTION}", data=form)

    assert response.status_code == 400
    assert OutboxStore(app.state.store).rows() == []


def test_approval_needs_the_csrf_token(client: TestClient, app: FastAPI, tokyo: int) -> None:
    response = client.post(f"/outbox/{tokyo}.{ACTION}", data={"body": "Hello"})

    assert response.status_code == 403
    assert OutboxStore(app.state.store).rows() == []
