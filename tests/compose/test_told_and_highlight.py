"""A strength the candidate already told an interviewer in the room (``told``) is
recalled in their thank-you, never told as news; a strength not marked told is
never said to have been mentioned. A recorded moment (``highlight``) is thanked
for in the one opening sentence of thanks, not in a second one."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from followthrough.compose import compose
from followthrough.debrief import Debrief, read_debrief
from followthrough.debrief.model import Topic
from followthrough.plan import plan

EXAMPLES = Path(__file__).parents[2] / "examples"
ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
RECALLED = re.compile(r"\bAs (?:I (?:mentioned|said|told you)|we discussed)\b"
                      r"|\btelling you (?:about|how)\b|\bwalking you through\b"
                      r"|\byour interest in\b|\b(?:could|glad to|able to) tell you about\b"
                      r"|\bwhat I shared about\b|\bYou may remember\b")


def _thank_yous(debrief: Debrief, interview_id: int | None = None) -> dict[str, str]:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    return {d.to or "": d.body for d in compose(interview_id, debrief, plan(debrief, now=end))
            if d.kind == "thank-you"}


def _told_everywhere(debrief: Debrief, told: bool) -> Debrief:
    people = []
    for person in debrief.interviewers:
        topics = [topic.model_copy(update={"told": told}) if isinstance(topic, Topic)
                  and topic.strength else topic for topic in person.topics]
        people.append(person.model_copy(update={"topics": topics}))
    return debrief.model_copy(update={"interviewers": people})


def _first_with_strength(debrief: Debrief) -> str:
    return next(person.name for person in debrief.interviewers
                if any(isinstance(t, Topic) and t.strength for t in person.topics))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
@pytest.mark.parametrize("interview_id", [1, 2, 3])
def test_a_strength_told_in_the_room_is_recalled(path: Path, interview_id: int) -> None:
    debrief = _told_everywhere(read_debrief(path), True)
    name = _first_with_strength(debrief)

    note = _thank_yous(debrief, interview_id)[name]

    assert RECALLED.search(note), note


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
@pytest.mark.parametrize("interview_id", [1, 2, 3])
def test_a_strength_not_told_is_never_said_to_have_been_mentioned(
        path: Path, interview_id: int) -> None:
    debrief = _told_everywhere(read_debrief(path), False)

    for name, note in _thank_yous(debrief, interview_id).items():
        assert not RECALLED.search(note), (name, note)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
@pytest.mark.parametrize("interview_id", range(1, 7))
def test_the_opening_thanks_once_and_names_the_highlight_in_it(
        path: Path, interview_id: int) -> None:
    debrief = read_debrief(path)
    highlights = {p.name: p.highlight for p in debrief.interviewers if p.highlight}

    for name, note in _thank_yous(debrief, interview_id).items():
        opening = note.split("\n\n")[1]
        first, _, rest = opening.partition(". ")
        second = rest.partition(". ")[0]
        assert not re.search(r"\bThank(?:s| you)\b", rest), note
        if name in highlights:
            assert highlights[name].casefold() in f"{first}. {second}".casefold(), note
