"""A promise to an interviewer goes inside the thank-you to them (rule
promise.with-thank-you). On the web its line of the plan is no message of its
own: its draft page says where it goes and links to the thank-you's draft, with
no editor and no Approve; the interview page and the dashboard offer no Write it
for it (Done stays), and approving it is refused, naming the thank-you."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

from followthrough.app.records import import_files
from followthrough.plan import thank_you_key
from followthrough.plan.rules import PROMISE_WITH_THANKS
from followthrough.store.outbox import OutboxStore
from followthrough.web import create_app
from tests.conftest import EXAMPLES
from tests.web.conftest import TestClient

KASUMI = EXAMPLES / "debrief-tokyo-payments.toml"
"""Promise 1 goes to the interviewer Takahashi Kenta, with a file."""
BEFORE = datetime.fromisoformat("2026-12-11T11:45:00+09:00")
"""Before the thank-you notes' planned time: both lines are on today's agenda."""
PROMISE = "1.promise.1"
FILE = "settlement-idempotency-summary.txt"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    app = create_app(f"sqlite:///{tmp_path / 'web.db'}", now=BEFORE)
    import_files(app.state.store, [KASUMI])
    return app


@pytest.fixture
def thanks(app: FastAPI) -> str:
    """The id of the thank-you to Takahashi Kenta, as the planner names it."""
    debrief = app.state.store.get_interview(1).debrief
    return f"1.{thank_you_key(debrief, 'Takahashi Kenta')}"


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start):]
    return part[:part.index(end)]


def test_the_promise_is_planned_inside_the_thank_you(app: FastAPI, thanks: str) -> None:
    row = app.state.store.find_action(PROMISE)

    assert (row.rule, row.channel, row.recipient) == (PROMISE_WITH_THANKS.id, "self",
                                                       "Takahashi Kenta")
    assert thanks == "1.thank-you.takahashi-kenta"


def test_its_draft_page_says_it_goes_inside_and_links_to_the_thank_you(
        client: TestClient, thanks: str) -> None:
    page = client.get(f"/actions/{PROMISE}/draft").text

    carried = _between(page, 'id="carried"', "</section>")
    assert "It goes inside your thank-you to Takahashi Kenta" in carried
    assert f'href="/actions/{thanks}/draft"' in carried
    assert f"The thank-you attaches {FILE}." in carried
    assert "<textarea" not in page
    assert 'id="approve"' not in page
    assert 'formaction="/outbox/' not in page
    assert 'action="/drafts/eml"' not in page
    thank_you = client.get(f"/actions/{thanks}/draft").text
    assert 'id="carried"' not in thank_you
    assert f"Attached: {FILE}" in thank_you


def test_the_interview_page_offers_the_thank_you_not_write_it(client: TestClient,
                                                              thanks: str) -> None:
    page = client.get("/interviews/1").text

    step = _between(page, 'id="a-promise.1"', "</li>")
    assert f'href="/actions/{PROMISE}/draft"' not in step
    assert ">Write it<" not in step
    assert f'href="/actions/{thanks}/draft"' in step
    assert f'action="/actions/{PROMISE}/done"' in step
    own = _between(page, f'id="a-{thanks.removeprefix("1.")}"', "</li>")
    assert f'href="/actions/{thanks}/draft">Write it<' in own


def test_the_dashboard_row_has_done_but_no_write_it(client: TestClient, thanks: str) -> None:
    page = client.get("/").text

    row = _between(page, f'id="t-{PROMISE}"', "</li>")
    assert f'href="/actions/{PROMISE}/draft"' not in row
    assert ">Write it<" not in row
    assert f'action="/actions/{PROMISE}/done"' in row
    assert f'href="/actions/{thanks}/draft"' in _between(page, f'id="t-{thanks}"', "</li>")


def test_approving_it_is_refused_and_names_the_thank_you(app: FastAPI, client: TestClient,
                                                         thanks: str) -> None:
    answer = client.post(f"/outbox/{PROMISE}", data={
        "csrf_token": app.state.csrf_token, "subject": "The summary", "body": "Attached.",
        "when": "planned"})

    assert answer.status_code == 400
    problems = _between(answer.text, 'id="approve-problems"', "</div>")
    assert "goes inside your thank-you to Takahashi Kenta" in problems
    assert f"approve the thank-you, {thanks}" in problems
    assert 'id="carried"' in answer.text
    assert OutboxStore(app.state.store).by_action(PROMISE) is None


def test_done_on_the_thank_you_makes_the_promise_done(app: FastAPI, client: TestClient,
                                                      thanks: str) -> None:
    client.post(f"/actions/{thanks}/done", data={"csrf_token": app.state.csrf_token})

    assert app.state.store.find_action(PROMISE).status == "done"
    page = client.get(f"/actions/{PROMISE}/draft").text
    assert "the thank-you is done, and this with it" in _between(page, 'id="carried"',
                                                                  "</section>")
