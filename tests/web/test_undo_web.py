"""Undo in the web (issue 18): Done, Skip, a reply and an outcome each get an
Undo button that records the core's compensating event (`followthrough undo
ID --event N`), so the plan is as if it had never been recorded; the outcome
list has no default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.app.planning import history
from tests.web.test_send_now import AFTER, NOTE, started


@pytest.fixture
def kasumi(tmp_path: Path) -> tuple[FastAPI, TestClient, str]:
    return started(tmp_path, AFTER)


def statuses(app: FastAPI) -> dict[str, str]:
    return {row.key: row.status for row in app.state.store.plan_of(1)}


def undo_event(page: str, label: str) -> str:
    """The event number the Undo button labelled ``label`` posts."""
    found = re.search(r'name="event" value="(\d+)">\s*<button type="submit" class="secondary" '
                      rf'aria-label="{re.escape(label)}">Undo</button>', page)
    assert found, label
    return found.group(1)


@pytest.mark.parametrize("mark", ["done", "skip"])
def test_undo_done_or_skip_makes_the_step_pending_again(
        kasumi: tuple[FastAPI, TestClient, str], mark: str) -> None:
    app, client, token = kasumi
    before = statuses(app)
    client.post(f"/actions/1.{NOTE}/{mark}", data={"csrf_token": token})
    page = client.get("/interviews/1").text
    word = {"done": "done", "skip": "skipped"}[mark]
    event = undo_event(page, f"Undo {word}: Thank-you note for Yamamoto Aiko")

    answer = client.post("/interviews/1/undo", data={"csrf_token": token, "event": event},
                         headers={"X-Partial": "1"})

    assert answer.status_code == 200
    assert statuses(app) == before
    step = answer.text[answer.text.index(f'id="a-{NOTE}"'):]
    step = step[:step.index("</li>")]
    assert "Mark done: Thank-you note for Yamamoto Aiko" in step
    assert ">Undo<" not in step
    kinds = [(entry.event.kind, entry.in_force) for entry in history(app.state.store, 1)]
    assert kinds == [(word, False), ("undo", True)]


def test_undo_an_outcome_brings_back_waiting_and_the_plan(
        kasumi: tuple[FastAPI, TestClient, str]) -> None:
    app, client, token = kasumi
    before = statuses(app)
    client.post("/interviews/1/outcome", data={"csrf_token": token, "outcome": "rejected"})
    page = client.get("/interviews/1").text
    assert "Not this time" in page
    assert statuses(app) != before

    event = undo_event(page, "Undo: The outcome: Not this time")
    client.post("/interviews/1/undo", data={"csrf_token": token, "event": event})

    page = client.get("/interviews/1").text
    assert 'class="state-awaiting">Waiting to hear back' in page
    assert statuses(app) == before
    assert "What happened since" not in page


def test_undo_a_reply_brings_back_the_inquiries(kasumi: tuple[FastAPI, TestClient, str]
                                               ) -> None:
    app, client, token = kasumi
    client.post("/interviews/1/reply", data={"csrf_token": token,
                                             "person": "Takahashi Kenta"})
    assert "status-inquiry.1" not in statuses(app)
    page = client.get("/interviews/1").text

    event = undo_event(page, "Undo: They replied (Takahashi Kenta)")
    client.post("/interviews/1/undo", data={"csrf_token": token, "event": event})

    assert statuses(app)["status-inquiry.1"] == "pending"


@pytest.mark.parametrize("event", ["", "x", "99", "²", "9" * 40])
def test_undo_of_no_such_event_is_refused_in_the_forms_words(
        kasumi: tuple[FastAPI, TestClient, str], event: str) -> None:
    app, client, token = kasumi
    before = statuses(app)

    answer = client.post("/interviews/1/undo", data={"csrf_token": token, "event": event})

    assert answer.status_code == 400
    assert "--event" not in answer.text
    assert statuses(app) == before


def test_an_event_undone_twice_is_refused(kasumi: tuple[FastAPI, TestClient, str]) -> None:
    _app, client, token = kasumi
    client.post(f"/actions/1.{NOTE}/done", data={"csrf_token": token})
    event = undo_event(client.get("/interviews/1").text,
                       "Undo done: Thank-you note for Yamamoto Aiko")
    client.post("/interviews/1/undo", data={"csrf_token": token, "event": event})

    again = client.post("/interviews/1/undo", data={"csrf_token": token, "event": event})

    assert again.status_code == 400
    assert "is already undone" in again.text


def test_the_outcome_list_has_no_default(kasumi: tuple[FastAPI, TestClient, str]) -> None:
    app, client, token = kasumi
    page = client.get("/interviews/1").text

    assert '<select id="outcome" name="outcome" required>' in page
    assert '<option value="" selected>Choose what happened</option>' in page
    answer = client.post("/interviews/1/outcome", data={"csrf_token": token, "outcome": ""})
    assert answer.status_code == 400
    assert app.state.store.get_interview(1).state == "awaiting"


def test_overdue_steps_are_marked_and_future_ones_are_not(
        kasumi: tuple[FastAPI, TestClient, str]) -> None:
    _app, client, token = kasumi
    page = client.get("/interviews/1").text
    overdue = set(re.findall(r'class="step status-pending overdue" id="a-([^"]+)"', page))
    assert overdue == {"recruiter-update", "reflection", "promise.1",
                       "reference-brief.nakamura-daisuke", "thank-you.takahashi-kenta",
                       "thank-you.yamamoto-aiko"}
    assert page.count('<span class="badge overdue">overdue</span>') == len(overdue)

    client.post(f"/actions/1.{NOTE}/done", data={"csrf_token": token})

    page = client.get("/interviews/1").text
    assert f'class="step status-done" id="a-{NOTE}"' in page
