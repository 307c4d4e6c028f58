"""Warnings that never stop a save: an interview dated in the future and a decision
date before the interview. `import`, `new` and `edit` print them on stderr; `import
--format json` adds a "warnings" list beside "imported". The clock is frozen."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.debrief import parse_debrief
from followthrough.debrief.cautions import cautions
from tests.cli.test_new import _answers
from tests.conftest import JP_FIRST_ROUND, Runner

BEFORE = "2026-11-10T09:00:00+09:00"
"""Six days before the Tokyo interview (16 November, 14:00 in Tokyo)."""
AFTER = "2026-11-17T09:00:00+09:00"
TOKYO = JP_FIRST_ROUND.read_text(encoding="utf-8")
EARLY_DECISION = TOKYO.replace("decision_by = 2026-11-30", "decision_by = 2026-11-03")
FUTURE = "the interview is dated in the future (Mon 16 Nov 2026 14:00, Asia/Tokyo)"
EARLY = "the decision date 2026-11-03 is before the interview (2026-11-16)"


@pytest.fixture
def early_file(tmp_path: Path) -> Path:
    path = tmp_path / "early.toml"
    path.write_text(EARLY_DECISION, encoding="utf-8")
    return path


def test_import_warns_on_stderr_and_stores_all_the_same(run: Runner, early_file: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", BEFORE)

    result = run("import", str(early_file))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1"
    lines = result.stderr.splitlines()
    assert f"{early_file}: warning: interview.starts: {FUTURE}" in lines[0]
    assert f"{early_file}: warning: interview.decision_by: {EARLY}" in lines[1]
    assert run("show", "1", "--format", "json").exit_code == 0


def test_import_says_nothing_when_the_dates_are_sound(run: Runner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER)

    result = run("import", str(JP_FIRST_ROUND))

    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_import_json_adds_a_warnings_list_and_keeps_its_shape(
        run: Runner, early_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER)

    document = run("import", str(early_file), "--format", "json").json()

    assert document == {
        "imported": [{"id": 1, "file": str(early_file), "created": True}],
        "warnings": [{"id": 1, "file": str(early_file), "path": "interview.decision_by",
                      "message": EARLY + "; the inquiry is planned as if they decide on the "
                                         "day of the interview, so check the month and "
                                         "year"}]}


def test_a_second_import_of_the_same_file_does_not_warn_again(
        run: Runner, early_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER)
    run("import", str(early_file))

    again = run("import", str(early_file), "--format", "json").json()

    assert again["warnings"] == []  # type: ignore[index]


def test_edit_warns_after_storing_the_edit(run: Runner, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER)
    run("import", str(JP_FIRST_ROUND))
    editor = tmp_path / "editor.py"
    editor.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n"
                      "path.write_text(path.read_text().replace('decision_by = 2026-11-30', "
                      "'decision_by = 2026-11-03'))\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert "Updated #1." in result.stdout
    assert f"#1: warning: interview.decision_by: {EARLY}" in result.stderr
    shown = run("show", "1", "--format", "json").json()
    assert shown["interview"]["debrief"]["interview"]["decision_by"] == "2026-11-03"  # type: ignore[index]


def test_new_warns_about_a_future_interview(run: Runner, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-12-01T09:00:00+01:00")
    target = tmp_path / "kumo.toml"

    result = run("new", "-o", str(target), input="\n".join(
        _answers("2027-01-11 14:00", "within two weeks", "")) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert target.exists()
    assert (f"{target}: warning: interview.starts: the interview is dated in the future "
            "(Mon 11 Jan 2027 14:00") in result.stderr


TOKYO_DEBRIEF = parse_debrief(TOKYO, source="tokyo")
TOKYO_START = TOKYO_DEBRIEF.interview.starts


@given(st.integers(min_value=-30 * 24 * 60, max_value=30 * 24 * 60))
def test_the_future_warning_is_there_exactly_when_the_start_is_after_now(minutes: int) -> None:
    now = (TOKYO_START + timedelta(minutes=minutes)).astimezone(UTC)

    found = [c.path for c in cautions(TOKYO_DEBRIEF, now)]

    assert ("interview.starts" in found) == (now < TOKYO_START)


@given(st.dates(min_value=date(2026, 11, 1), max_value=date(2026, 12, 31)),
       st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_the_decision_warning_compares_days_in_the_interviews_zone(
        decision_by: date, shift: int) -> None:
    """The interview's day is read where it happens (Tokyo), whatever zone the start was
    written in: 16 November 00:30 in Tokyo is 15 November in UTC."""
    starts = datetime(2026, 11, 16, 0, 30, tzinfo=TOKYO_START.tzinfo) + timedelta(minutes=shift)
    interview = TOKYO_DEBRIEF.interview.model_copy(update={"starts": starts.astimezone(UTC),
                                                           "decision_by": decision_by})
    debrief = TOKYO_DEBRIEF.model_copy(update={"interview": interview})

    found = [c.path for c in cautions(debrief, starts + timedelta(days=1))]

    assert ("interview.decision_by" in found) == (decision_by < starts.date())
