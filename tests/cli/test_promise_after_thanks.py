"""A promise added by `edit` after the thank-you to that person went cannot ride in it:
the record keeps it as a message of its own (`separate = true`), the plan shows it
pending, and a promise added before the thank-you goes inside it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import JP_FIRST_ROUND, Runner

NEW_PROMISE = ('\n[[promises]]\nwhat = "my notes on Flink state size"\nto = "Rina Ogawa"\n'
               'url = "https://example.org/flink-state"\n')


def _editor(tmp_path: Path, code: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      "text = path.read_text()\n" + code, encoding="utf-8")
    return f"{sys.executable} {script}"


def _rows(run: Runner) -> dict[str, dict[str, str]]:
    plan = run("plan", "1", "--format", "json").json()
    return {row["id"].split(".", 1)[1]: row for row in plan["actions"]}  # type: ignore[index]


@pytest.fixture
def added(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    assert run("import", str(JP_FIRST_ROUND)).exit_code == 0
    monkeypatch.setenv("EDITOR", _editor(tmp_path, f"path.write_text(text + {NEW_PROMISE!r})"))
    return str(len(run("show", "1", "--format", "json").json()["interview"]  # type: ignore[index]
                   ["debrief"]["promises"]) + 1)


def test_a_promise_added_before_the_thank_you_goes_inside_it(run: Runner, added: str) -> None:
    assert run("edit", "1").exit_code == 0

    row = _rows(run)[f"promise.{added}"]
    assert (row["rule"], row["channel"]) == ("promise.with-thank-you", "self")


def test_a_promise_added_after_the_thank_you_went_is_kept_separate(run: Runner,
                                                                  added: str) -> None:
    assert run("done", "1.thank-you.rina-ogawa").exit_code == 0

    edited = run("edit", "1")

    assert edited.exit_code == 0, edited.stderr
    assert "separate = true" in edited.stderr
    row = _rows(run)[f"promise.{added}"]
    assert (row["rule"], row["channel"], row["status"]) == ("promise.one-business-day",
                                                           "email", "pending")
    shown = run("show", "1", "--format", "json").json()
    assert shown["interview"]["debrief"]["promises"][-1]["separate"] is True  # type: ignore[index]
