"""Writing the reflection completes the reflection step (issue 18, item 6): saving
new words in the debrief's [reflection] through the web's form records a done
event through the core `mark`, as `followthrough done ID.reflection` would; an
edit that leaves the reflection as it was does not, so an Undo holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI

from followthrough.app.planning import history
from followthrough.app.records import import_files
from tests.conftest import JP_FIRST_ROUND
from tests.web.conftest import TestClient, form_fields

REFLECTION_SECTION = re.compile(r"(?ms)^\[reflection\]\n.*?\n\n")


@pytest.fixture
def unreflected(app: FastAPI, tmp_path: Path) -> int:
    """The tests' Japanese first round with no [reflection] yet, stored and planned."""
    text, found = REFLECTION_SECTION.subn("", JP_FIRST_ROUND.read_text("utf-8"))
    assert found == 1
    path = tmp_path / "debrief.toml"
    path.write_text(text, encoding="utf-8")
    return import_files(app.state.store, [path])[0].id


def _reflection(app: FastAPI, interview: int) -> str:
    [row] = [row for row in app.state.store.plan_of(interview) if row.kind == "reflection"]
    return str(row.status)


def _done_events(app: FastAPI, interview: int) -> list[int]:
    return [entry.event.id for entry in history(app.state.store, interview)
            if entry.in_force and entry.event.kind == "done"
            and entry.event.action == "reflection" and entry.event.id is not None]


def _save(client: TestClient, url: str, interview: int, **changes: str) -> None:
    fields = form_fields(client.get(f"/interviews/{interview}/edit").text)
    answer = client.post(url, data={**fields, **changes})
    assert answer.status_code == 303, answer.text[:2000]


def test_writing_the_reflection_in_the_form_completes_the_step(
        app: FastAPI, client: TestClient, unreflected: int) -> None:
    assert _reflection(app, unreflected) == "pending"

    _save(client, f"/interviews/{unreflected}/edit", unreflected,
          **{"reflection.improve": "say the result first"})

    assert app.state.store.get_interview(unreflected).debrief.reflection.improve == [
        "say the result first"]
    assert _reflection(app, unreflected) == "done"
    [event] = _done_events(app, unreflected)
    step = client.get(f"/interviews/{unreflected}").text
    step = step[step.index('id="a-reflection"'):]
    assert f'name="event" value="{event}"' in step[:step.index("</li>")]


def test_an_edit_without_a_reflection_leaves_the_step_pending(
        app: FastAPI, client: TestClient, unreflected: int) -> None:
    _save(client, f"/interviews/{unreflected}/edit", unreflected,
          **{"interview.next_steps": "a second round in December"})

    assert app.state.store.get_interview(unreflected).debrief.reflection is None
    assert _reflection(app, unreflected) == "pending"
    assert _done_events(app, unreflected) == []


def test_an_undo_holds_until_the_reflection_changes_again(
        app: FastAPI, client: TestClient, token: str, unreflected: int) -> None:
    url = f"/interviews/{unreflected}/edit"
    _save(client, url, unreflected, **{"reflection.learned": "They decide as a team."})
    [event] = _done_events(app, unreflected)
    client.post(f"/interviews/{unreflected}/undo", data={"csrf_token": token,
                                                         "event": str(event)})
    assert _reflection(app, unreflected) == "pending"

    _save(client, url, unreflected)
    assert _reflection(app, unreflected) == "pending"

    _save(client, url, unreflected, **{"reflection.went_well": "the refunds story"})
    assert _reflection(app, unreflected) == "done"
    assert len(_done_events(app, unreflected)) == 1


def test_a_skipped_reflection_is_done_once_written(
        app: FastAPI, client: TestClient, token: str, unreflected: int) -> None:
    client.post(f"/actions/{unreflected}.reflection/skip", data={"csrf_token": token})
    assert _reflection(app, unreflected) == "skipped"

    _save(client, f"/interviews/{unreflected}/edit", unreflected,
          **{"reflection.improve": "prepare a clearer answer on backfills"})

    assert _reflection(app, unreflected) == "done"


def test_an_interview_recorded_with_its_reflection_has_the_step_done(
        app: FastAPI, client: TestClient, unreflected: int) -> None:
    _save(client, "/interviews/new", unreflected,
          **{"reflection.went_well": "the refunds story, told with numbers"})

    [recorded] = [s.id for s in app.state.store.list_interviews() if s.id != unreflected]
    assert _reflection(app, recorded) == "done"
    assert _reflection(app, unreflected) == "pending"
