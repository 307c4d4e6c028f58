"""A strength written as what the candidate did is told with the topic it bears on,
in the topic's sentence or the next (or, when it has a clause of its own, in a
"There I ..." sentence after the one naming its place), and a place it names comes
first, the way
people tell it ("At Mesa Valley Power, I ran the model-review board for nine data
scientists, so I was particularly interested in how your models are reviewed
..."): blind reviewers read "I was glad we got to talk about X. I did Y, so I know
these questions from the inside." as a form filled in twice, and a strength
copied from the debrief word for word as a line from a CV."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import _echoes, strength_head, strength_placed
from followthrough.compose.gallery import interview_end
from followthrough.compose.voice import to_company
from followthrough.debrief import Debrief, read_debrief
from followthrough.debrief.model import Topic
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _linked(debrief: Debrief) -> dict[str, tuple[tuple[str, ...], str, bool]]:
    """Each interviewer's first topic with a linked strength: name -> (the topic as
    the note may name it, by its short form where it has one; the strength; told
    before: in the room, or in the note to someone earlier on the panel)."""
    found: dict[str, tuple[tuple[str, ...], str, bool]] = {}
    for person in debrief.interviewers:
        topic = next((t for t in person.topics if isinstance(t, Topic) and t.strength), None)
        if topic is not None and topic.strength is not None:
            retold = any(item[1] == topic.strength for item in found.values())
            names = tuple(to_company(text)[1:] for text in (topic.about, topic.short) if text)
            found[person.name] = (names, topic.strength, topic.told or retold)
    return found


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_strength_follows_its_topic_at_once_and_says_where(interview_id: int) -> None:
    checked = 0
    for path in ALL:
        debrief = read_debrief(path)
        about_of = {p.name: next(t.about for t in p.topics if isinstance(t, Topic) and t.strength)
                    for p in debrief.interviewers
                    if any(isinstance(t, Topic) and t.strength for t in p.topics)}
        drafts = compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                         template_dir=Path("/nonexistent"))
        notes = {d.to: d.body for d in drafts if d.kind == "thank-you"}
        for name, (topic, strength, told) in _linked(debrief).items():
            if _echoes(strength, to_company(about_of[name])):
                continue  # told by what it adds ("much the same change"), after the topic
            sentences = SENTENCE.split(notes[name].replace("\n", " "))
            at_topic = [i for i, s in enumerate(sentences)  # [1:]: it may start one
                        if any(name in s for name in topic)]
            head = strength_head(strength).split(" ", 1)[1]
            placed = strength_placed(strength)
            rest = placed[1] if placed else head
            said = [i for i, s in enumerate(sentences) if head in s or rest[:40] in s]
            assert at_topic, (name, notes[name])
            assert said, (name, notes[name])
            there = said[0] - at_topic[0] == 2 and sentences[said[0]].startswith("There I") \
                and placed is not None and placed[0] in sentences[said[0] - 1]
            assert said[0] - at_topic[0] in (0, 1) or there, (name, notes[name])
            if placed and not told:
                told_where = " ".join(sentences[min(at_topic[0], said[0]):said[0] + 1])
                assert placed[0] in told_where, (name, notes[name])
            checked += 1
    assert checked >= 6
