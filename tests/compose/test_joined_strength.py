"""A strength written as what the candidate did is told in the same sentence as
the topic it bears on ("I ran the model-review board ..., so I was particularly
interested in how your models are reviewed ..."), not in a stock sentence after
the topic's: blind reviewers read "I was glad we got to talk about X. I did Y, so
I know these questions from the inside." as a form filled in twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import _echoes, strength_head
from followthrough.compose.gallery import interview_end
from followthrough.compose.voice import to_company
from followthrough.debrief import Debrief, read_debrief
from followthrough.debrief.model import Topic
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _linked(debrief: Debrief) -> dict[str, tuple[str, str]]:
    """Each interviewer's first topic with a linked strength: name -> (topic, strength)."""
    found = {}
    for person in debrief.interviewers:
        topic = next((t for t in person.topics if isinstance(t, Topic) and t.strength), None)
        if topic is not None and topic.strength is not None:
            found[person.name] = (to_company(topic.about), topic.strength)
    return found


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_strength_shares_a_sentence_with_its_topic(interview_id: int) -> None:
    checked = 0
    for path in ALL:
        debrief = read_debrief(path)
        drafts = compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                         template_dir=Path("/nonexistent"))
        notes = {d.to: d.body for d in drafts if d.kind == "thank-you"}
        for name, (topic, strength) in _linked(debrief).items():
            if _echoes(strength, topic):
                continue  # told by what it adds ("much the same change"), after the topic
            sentences = SENTENCE.split(notes[name].replace("\n", " "))
            with_topic = {s for s in sentences if topic in s}
            head = strength_head(strength).split(" ", 1)[1]
            with_strength = {s for s in sentences if head in s}
            assert with_topic, (name, notes[name])
            assert with_topic & with_strength, (name, notes[name])
            checked += 1
    assert checked >= 6
