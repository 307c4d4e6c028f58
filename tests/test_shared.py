"""The project's shared reference debriefs (``../shared/examples``), which CI
keeps beside the clone: every one imports through the CLI, plans and drafts a
thank-you note to each interviewer. Where the folder is absent (a fresh clone)
the test is skipped with that reason; with ``CI=true`` it is required."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from followthrough.debrief import read_debrief
from tests.conftest import Runner, require_shared


def _just_after(path: Path) -> str:
    interview = read_debrief(path).interview
    return (interview.starts + timedelta(minutes=interview.minutes + 5)).isoformat()


def test_every_shared_reference_debrief_imports_plans_and_drafts(
        run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    references = sorted((require_shared() / "examples").glob("*.toml"))
    assert references, "../shared/examples holds no debrief"
    for number, path in enumerate(references, start=1):
        monkeypatch.setenv("FOLLOWTHROUGH_NOW", _just_after(path))
        imported = run("import", str(path))
        assert imported.exit_code == 0, (path.name, imported.stderr)
        assert imported.stdout.strip() == str(number)

        planned = run("plan", str(number), "--format", "json")
        assert planned.exit_code == 0, (path.name, planned.stderr)
        actions = planned.json()["actions"]  # type: ignore[index]
        interviewers = {person.name for person in read_debrief(path).interviewers}
        assert {a["to"] for a in actions if a["kind"] == "thank-you"} == interviewers

        drafted = run("draft", str(number), "--kind", "thank-you", "--format", "json")
        assert drafted.exit_code == 0, (path.name, drafted.stderr)
        drafts = drafted.json()["drafts"]  # type: ignore[index]
        assert {d["to"] for d in drafts} == interviewers
        assert all(d["body"].strip() for d in drafts)
