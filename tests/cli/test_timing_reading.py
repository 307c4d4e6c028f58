"""`plan` and `show` say how the decision words were read (issue 14): the date the
planner waits for, the other day ambiguous words can mean, and a stated date that
disagrees. 002: the company's own timeline decides when to ask for news, so the user
must see which date the plan took from their words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, Runner

BERLIN = PROJECT / "examples" / "debrief-berlin.toml"
"""Wednesday 2 December 2026 in Berlin: "they aim to decide within ten working days",
and 16 December as the date they gave."""
STATED = 'decision = "they aim to decide within ten working days"\ndecision_by = 2026-12-16\n'


def _berlin(tmp_path: Path, process: str) -> Path:
    """The Berlin debrief with ``process`` in place of its decision lines (its promised
    file found beside it, as in examples/)."""
    text = BERLIN.read_text(encoding="utf-8")
    assert STATED in text
    (tmp_path / "files").symlink_to(BERLIN.parent / "files")
    path = tmp_path / "berlin.toml"
    path.write_text(text.replace(STATED, process), encoding="utf-8")
    return path


def _timing(run: Runner, *args: str) -> dict[str, Any]:
    document = run(*args, "--format", "json").json()
    assert isinstance(document, dict)
    timing = document["interview"]["timing"]
    assert isinstance(timing, dict)
    return timing


def test_plan_shows_the_reading_in_text_and_json(run: Runner) -> None:
    """Ten working days from Wednesday 2 December (weekends skipped) is Wednesday 16
    December, the date they gave, so no disagreement is reported."""
    assert run("import", str(BERLIN)).stdout.strip() == "1"

    text = run("plan", "1").stdout
    document = run("plan", "1", "--format", "json").json()

    assert 'Timing they gave: "within ten working days", read as: by 16 December 2026\n' \
        in text
    assert isinstance(document, dict)
    assert set(document) == {"interview", "actions"}, "the contract's shape is kept"
    assert document["interview"]["timing"] == {
        "decision": "they aim to decide within ten working days",
        "said": "within ten working days",
        "read_as": "2026-12-16", "could_also_mean": None, "decision_by": "2026-12-16",
        "disagrees": False,
        "text": 'Timing they gave: "within ten working days", read as: by 16 December 2026'}


def test_an_ambiguous_reading_names_both_days_and_how_to_choose(run: Runner,
                                                                tmp_path: Path) -> None:
    """'next Friday' said on Wednesday 2 December: the 11th to some, the 4th to others.
    The later day is the one planned (the first inquiry's why says so too), and the
    user is told to set decision_by to choose."""
    path = _berlin(tmp_path, 'decision = "they will decide next Friday"\n')

    text = run("plan", str(path)).stdout
    timing = _timing(run, "plan", str(path))
    actions = run("plan", str(path), "--format", "json").json()["actions"]  # type: ignore[index]

    assert ('Timing they gave: "next Friday", read as: Friday 11 December 2026 (it could also '
            "mean Friday 4 December; set decision_by to choose)") in text
    assert (timing["read_as"], timing["could_also_mean"]) == ("2026-12-11", "2026-12-04")
    first = next(a for a in actions if a["kind"] == "status-inquiry")
    assert "about 11 December" in first["why"], "the plan waits for the day shown"


def test_a_decision_date_settles_an_ambiguous_reading(run: Runner, tmp_path: Path) -> None:
    """With decision_by on one of the two days, nothing is left to choose."""
    path = _berlin(tmp_path, 'decision = "they will decide next Friday"\n'
                             "decision_by = 2026-12-04\n")

    timing = _timing(run, "plan", str(path))
    actions = run("plan", str(path), "--format", "json").json()["actions"]  # type: ignore[index]

    assert timing["text"].endswith("(it could also mean Friday 4 December; the decision date "
                                   "you gave, 4 December, settles it)")
    assert timing["disagrees"] is False, "the date is one of the days the words can mean"
    first = next(a for a in actions if a["kind"] == "status-inquiry")
    assert "they would be in touch by 4 December" in first["why"]
    assert "check which they meant" not in first["why"], "the plan agrees it is settled"


def test_words_and_a_date_that_disagree_are_reported(run: Runner, tmp_path: Path) -> None:
    """Ten days (12 December) against a stated 24 December: more than three days apart,
    so the line says which one is used and asks to check (issue 14: reported, not
    silently merged)."""
    path = _berlin(tmp_path, 'decision = "they aim to decide within ten days"\n'
                             "decision_by = 2026-12-24\n")

    timing = _timing(run, "plan", str(path))

    assert timing["disagrees"] is True
    assert timing["text"] == ('Timing they gave: "within ten days", read as: by 12 December '
                              "2026; the decision date you gave, 24 December 2026, is used: "
                              "check which they meant")


@pytest.mark.parametrize(("process", "expected"), [
    ('decision = "they will be in touch"\n',
     'Timing they gave: "they will be in touch", not read as a date: the plan waits the '
     "usual time; set decision_by if they named a day"),
    ("", None),
])
def test_words_without_a_date_and_no_words_at_all(run: Runner, tmp_path: Path,
                                                   process: str, expected: str | None) -> None:
    """Words the grammar does not know give no date (never a wrong one), and the user is
    told so; a debrief without decision words has no timing (null in JSON, no line)."""
    path = _berlin(tmp_path, process)

    document = run("plan", str(path), "--format", "json").json()
    text = run("plan", str(path)).stdout

    timing = document["interview"]["timing"]  # type: ignore[index]
    assert (timing and timing["text"]) == expected
    assert ("Timing they gave" in text) == (expected is not None)


def test_show_prints_the_reading_beside_the_decision(run: Runner) -> None:
    """`show` lists the interview's facts, so the reading stands under the decision."""
    assert run("import", str(BERLIN)).stdout.strip() == "1"

    text = run("show", "1").stdout
    timing = _timing(run, "show", "1")

    assert ("  decision   they aim to decide within ten working days, by 2026-12-16\n"
            '             Timing they gave: "within ten working days", read as: by 16 December'
            ' 2026\n') in text
    assert timing["read_as"] == "2026-12-16"
