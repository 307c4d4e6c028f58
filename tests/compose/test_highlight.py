"""A moment recorded with one interviewer (``highlight``) is recalled in that
person's thank-you only, once, and a debrief without it recalls none."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from followthrough.compose import compose
from followthrough.debrief import Debrief, read_debrief
from followthrough.plan import plan

DENVER = Path(__file__).parents[2] / "examples" / "debrief-denver-panel.toml"
RECALLED = ("had time for", "also enjoyed the whiteboard")


def _thank_yous(debrief: Debrief) -> dict[str, str]:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    return {d.to or "": d.body for d in compose(None, debrief, plan(debrief, now=end))
            if d.kind == "thank-you"}


def test_the_moment_is_recalled_in_that_persons_note_only() -> None:
    debrief = read_debrief(DENVER)
    assert debrief.interviewers[0].highlight == "the whiteboard session"

    notes = _thank_yous(debrief)

    assert notes["Carlos Mendoza"].casefold().count("the whiteboard session") == 1
    assert [name for name, body in notes.items() if "whiteboard" in body] == ["Carlos Mendoza"]


def test_without_a_moment_the_notes_recall_none() -> None:
    debrief = read_debrief(DENVER)
    carlos = debrief.interviewers[0].model_copy(update={"highlight": None})
    debrief = debrief.model_copy(update={"interviewers": [carlos, *debrief.interviewers[1:]]})

    notes = _thank_yous(debrief)

    assert not any(words in body for body in notes.values() for words in RECALLED)
