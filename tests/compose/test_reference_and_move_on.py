"""A reference brief says when a call may come only from what the company said,
and a move-on note to one panel member passes thanks to the others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.compose.conftest import drafts_for

from followthrough.compose import Draft
from followthrough.debrief import parse_debrief

DEBRIEF = """schema = 1
[candidate]
name = "Sam Okafor"
email = "sam@example.com"
timezone = "Europe/Berlin"
[interview]
company = "Nordlicht Mobility"
role = "Senior Android Engineer"
starts = 2026-12-02T10:00:00+01:00
minutes = 75
timezone = "Europe/Berlin"
country = "DE"
decision = "we aim to decide within ten days"
decision_by = 2026-12-14
{next_steps}
[[interviewers]]
name = "Jonas Becker"
email = "jonas@nordlicht.example"
rapport = "warm"
topics = ["keeping trip data in sync when riders lose signal"]
[[interviewers]]
name = "Aylin Demir"
honorific = "Ms."
email = "aylin@nordlicht.example"
topics = ["conflict resolution in the offline cache"]
[[references]]
name = "Priyanka Das"
email = "priyanka@example.org"
role = "tech lead"
company = "Fieldwise Ltd"
current = true
"""


def _drafts(next_steps: str) -> list[Draft]:
    text = DEBRIEF.replace("{next_steps}", f'next_steps = "{next_steps}"' if next_steps else "")
    return drafts_for(parse_debrief(text, files_from=Path.cwd()))


def _one(drafts: list[Draft], kind: str) -> Draft:
    found = [draft for draft in drafts if draft.kind == kind]
    assert found, kind
    return found[0]


@pytest.mark.parametrize("next_steps", ["", "a pairing session, then a talk with the CTO"])
def test_a_brief_does_not_guess_when_references_are_checked(next_steps: str) -> None:
    brief = _one(_drafts(next_steps), "reference-brief").body

    assert "reference call would most likely follow" not in brief
    assert re.search(r"They did(?: not|n't) say when they check references\.", brief)
    assert "14 December" in brief  # the decision date, as they gave it


def test_a_brief_says_a_call_may_come_soon_when_references_are_the_next_step() -> None:
    brief = _one(_drafts("reference checks, then a call with the VP"), "reference-brief").body

    assert "The next steps are reference checks, then a call with the VP, so they may be in " \
        "touch with you soon." in " ".join(brief.split())
    assert not re.search(r"did(?: not|n't) say when", brief)


def test_a_move_on_note_passes_thanks_to_the_rest_of_the_panel() -> None:
    move_on = _one(_drafts(""), "move-on")

    assert move_on.to in {"Jonas Becker", "Aylin Demir"}
    assert "Please pass on my thanks to" in move_on.body
    # named as the notes greet them in a first-name note ("Dear Jonas": Ms Demir,
    # as her own notes open), by full name in a formal one
    called = {"Jonas Becker": "Ms Demir", "Aylin Demir": "Jonas Becker"}[move_on.to]
    assert f"thanks to {called} as well" in move_on.body
