"""`edit` with problems reopens the editor with them on top, as `git commit` does;
an empty file abandons the edit, and invalid text saved unchanged stops it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import JP_FIRST_ROUND, Runner

BAD = "path.write_text(text.replace('country = \"JP\"', 'country = \"Japan\"'))"
FIX = "path.write_text(text.replace('country = \"Japan\"', 'country = \"JP\"')" \
      ".replace('minutes = 60', 'minutes = 75'))"


def _editor_rounds(tmp_path: Path, *rounds: str) -> str:
    """An $EDITOR that runs ``rounds[n]`` on its n-th opening and keeps every text it
    was shown in ``shown.json``."""
    script = tmp_path / "editor.py"
    log = tmp_path / "shown.json"
    script.write_text(
        "import json, sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "shown = json.loads(log.read_text()) if log.exists() else []\n"
        "text = path.read_text()\n"
        "shown.append(text)\n"
        "log.write_text(json.dumps(shown))\n"
        f"rounds = {list(rounds)!r}\n"
        "exec(rounds[min(len(shown), len(rounds)) - 1])\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def _shown(tmp_path: Path) -> list[str]:
    return list(json.loads((tmp_path / "shown.json").read_text()))


def _minutes(run: Runner) -> object:
    shown = run("show", "1", "--format", "json").json()
    return shown["interview"]["debrief"]["interview"]["minutes"]  # type: ignore[index]


@pytest.fixture
def stored(run: Runner) -> str:
    run("import", str(JP_FIRST_ROUND))
    return JP_FIRST_ROUND.read_text(encoding="utf-8")


def test_a_problem_reopens_the_editor_and_the_fix_is_stored(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, BAD, FIX))

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert "Updated #1" in result.stdout
    assert _minutes(run) == 75
    first, second = _shown(tmp_path)
    assert first == stored
    header, _, below = second.partition("# ------------------------ >8 -----"
                                        "-------------------\n")
    assert below == stored.replace('country = "JP"', 'country = "Japan"')
    assert all(line.startswith("# ") for line in header.splitlines())
    assert "interview.country" in header


def test_the_problem_names_the_line_of_the_reopened_file(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, BAD, "pass"))

    run("edit", "1")

    reopened = _shown(tmp_path)[1]
    listed = next(line for line in reopened.splitlines() if "interview.country" in line)
    number = int(listed.split("line ", 1)[1].split(":", 1)[0])
    assert 'country = "Japan"' in reopened.splitlines()[number - 1]


def test_saved_unchanged_the_edit_stops_with_the_problems(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = run("show", "1", "--format", "json").json()
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, BAD))

    result = run("edit", "1")

    assert result.exit_code == 2
    assert "interview.country" in result.stderr
    assert "nothing was changed" in result.stderr
    assert len(_shown(tmp_path)) == 2
    assert run("show", "1", "--format", "json").json() == before


def test_an_empty_file_abandons_the_edit(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, BAD, "path.write_text('')"))

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert "No changes to #1" in result.stdout
    assert "abandoned" in result.stderr
    assert _minutes(run) == 60


def test_a_second_different_mistake_reopens_again(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = "path.write_text(text.replace('minutes = 60', 'minutes = \"an hour\"'))"
    fix = ("path.write_text(text.replace('country = \"Japan\"', 'country = \"JP\"')"
           ".replace('minutes = \"an hour\"', 'minutes = 70'))")
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, BAD, other, fix))

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert len(_shown(tmp_path)) == 3
    assert "interview.minutes" in _shown(tmp_path)[2].split(">8")[0]
    assert _minutes(run) == 70


def _reflection_status(run: Runner) -> str:
    plan = run("plan", "1", "--format", "json", "--now", "2026-11-16T18:00:00+09:00").json()
    statuses = {a["kind"]: a["status"] for a in plan["actions"]}  # type: ignore[index]
    return statuses["reflection"]


def test_an_edit_that_writes_the_reflection_completes_its_step(
        run: Runner, stored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As saving the web form does; an edit elsewhere leaves the step as it was."""
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path, FIX))
    assert run("edit", "1").exit_code == 0
    assert _minutes(run) == 75
    assert _reflection_status(run) == "pending"

    write = ("path.write_text(text.replace('went_well = [', "
             "'went_well = [\"asked about the on-call rota\", '))")
    (tmp_path / "again").mkdir()
    monkeypatch.setenv("EDITOR", _editor_rounds(tmp_path / "again", write))
    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert _reflection_status(run) == "done"
    history = run("history", "1", "--format", "json").json()
    assert [e["kind"] for e in history["events"]] == ["done"]  # type: ignore[index]
