"""`plan` marks pending steps whose time has passed: "overdue" in the status column
as plain text, in red on a terminal, and "overdue" per action in JSON."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from followthrough import clock
from followthrough.cli import output, render
from followthrough.debrief import read_debrief
from followthrough.plan import Action, plan
from followthrough.store import StoredInterview
from tests.conftest import JP_FIRST_ROUND, Runner

LATER = "2026-11-18T12:00:00+09:00"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def stored(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    assert run("import", str(JP_FIRST_ROUND)).exit_code == 0
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", LATER)


def _actions(run: Runner) -> list[dict[str, object]]:
    document = run("plan", "1", "--format", "json").json()
    return list(document["actions"])  # type: ignore[index]


def test_json_says_which_pending_actions_are_past_due(stored: None, run: Runner) -> None:
    now = datetime.fromisoformat(LATER)

    actions = _actions(run)

    assert {a["overdue"] for a in actions} == {True, False}
    for action in actions:
        past = datetime.fromisoformat(str(action["due"])) < now
        assert action["overdue"] is (past and action["status"] == "pending")


def test_a_done_step_is_no_longer_overdue(stored: None, run: Runner) -> None:
    overdue = next(a for a in _actions(run) if a["overdue"])
    assert run("done", str(overdue["id"])).exit_code == 0

    after = {a["id"]: a for a in _actions(run)}

    assert after[overdue["id"]]["overdue"] is False
    assert after[overdue["id"]]["status"] == "done"


def test_json_keeps_every_key_it_had(stored: None, run: Runner) -> None:
    keys = set(_actions(run)[0])

    assert keys >= {"id", "kind", "to", "channel", "due", "latest", "why", "rule",
                    "status", "note", "overdue"}


def test_plain_text_says_overdue_in_the_status_column(stored: None, run: Runner) -> None:
    actions = {str(a["id"]): a for a in _actions(run)}

    lines = run("plan", "1").stdout.splitlines()

    rows = {line.split()[0]: line.split()[1] for line in lines if line.startswith("1.")}
    assert rows == {key: "overdue" if a["overdue"] else str(a["status"])
                    for key, a in actions.items()}
    assert "\x1b[" not in "\n".join(lines)


def test_nothing_is_overdue_as_the_interview_ends(run: Runner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T15:00:00+09:00")
    run("import", str(JP_FIRST_ROUND))

    assert not any(a["overdue"] for a in _actions(run))
    assert "overdue" not in run("plan", "1").stdout


def test_on_a_terminal_overdue_is_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    now = datetime.fromisoformat(LATER)
    interview, actions = _planned_from_file(now)
    screen = _Terminal()

    render.plan(interview, actions, output.console(screen), now=now)

    drawn = screen.getvalue()
    overdue = sum(render.is_overdue(action, now) for action in actions)
    assert 0 < overdue < len(actions)
    assert drawn.count("\x1b[1;31moverdue") == overdue


def _planned_from_file(now: datetime) -> tuple[StoredInterview, list[Action]]:
    with clock.frozen(datetime.fromisoformat("2026-11-16T16:00:00+09:00")):
        debrief = read_debrief(JP_FIRST_ROUND)
        actions = plan(debrief, now=clock.now())
    interview = StoredInterview(id=1, state="awaiting", debrief=debrief, source=None,
                                created_at=now, updated_at=now)
    return interview, actions
