"""What both reviewers of round 98 asked for, each a fact of the record rather
than a choice of words: a thanks that also thanks for one moment is not one
sentence of forty words; a brief does not ask a reference for an example of work
it has just named, nor tell a current colleague where they both work; a next step
"in the second round" is not called the next step of the second round. (A link
for a topic already named once said which topic it was for, "With offline sync on
the U-Bahn in mind"; rounds 99 and 101 read that as a stock bridge, and it went.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import heard_already
from followthrough.compose.gallery import interview_end
from followthrough.compose.templating import LONG_THANKS, split_long_thanks
from followthrough.debrief import read_debrief
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
BERLIN = EXAMPLES / "debrief-berlin.toml"
LONDON = EXAMPLES / "debrief-london-agency.toml"
LONG = ("Thank you for taking the time today to talk with me about the Senior Data "
        "Scientist role at Prairie Current Energy, and especially for your thoughts on "
        "the trade-off between a model your operators trust and the one that scores best.")


def _drafts(path: Path, interview_id: int = 1) -> list:  # type: ignore[type-arg]
    debrief = read_debrief(path)
    return compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                   template_dir=Path("/nonexistent"))


def _body(path: Path, kind: str, interview_id: int = 1) -> str:
    return next(d.body for d in _drafts(path, interview_id) if d.kind == kind)


def _variant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    copy = tmp_path / source.name
    copy.write_text(text.replace(old, new), encoding="utf-8")
    for folder in ("files",):
        if (source.parent / folder).is_dir():
            (tmp_path / folder).symlink_to(source.parent / folder)
    return copy


@pytest.mark.parametrize(("sentence", "told"), [
    (LONG, "Thank you for taking the time today to talk with me about the Senior Data "
           "Scientist role at Prairie Current Energy. I especially appreciated your thoughts "
           "on the trade-off between a model your operators trust and the one that scores best."),
    ("Thank you so much for your time today, and especially for the whiteboard session.",
     "Thank you so much for your time today, and especially for the whiteboard session."),
    ("It was a pleasure to meet you today, and thank you especially for your thoughts on "
     "how the research findings of your team reach the underwriting teams at the company "
     "and beyond it.",
     "It was a pleasure to meet you today. Thank you especially for your thoughts on "
     "how the research findings of your team reach the underwriting teams at the company "
     "and beyond it."),
    ("Thank you for meeting me today to talk about the Senior Android Engineer role at "
     "Nordlicht Mobility and about how your team splits work between two codebases now.",
     "Thank you for meeting me today to talk about the Senior Android Engineer role at "
     "Nordlicht Mobility and about how your team splits work between two codebases now."),
])
def test_a_long_thanks_gives_the_moment_its_own_sentence(sentence: str, told: str) -> None:
    assert split_long_thanks(sentence) == told


@given(words=st.lists(st.sampled_from(["time", "today", "your", "thoughts", "on", "the",
                                       "role", "team", "model"]), min_size=1, max_size=40),
       tail=st.lists(st.sampled_from(["the", "trade-off", "of", "scores", "best"]),
                     min_size=1, max_size=20))
def test_splitting_a_thanks_keeps_every_word_of_the_moment(words: list[str],
                                                          tail: list[str]) -> None:
    sentence = "Thank you for " + " ".join(words) + ", and especially for " + " ".join(tail) + "."
    told = split_long_thanks(sentence)

    assert told.endswith(" ".join(tail) + ".")
    assert (told == sentence) == (len(sentence.split()) <= LONG_THANKS)
    assert told.count(".") == (1 if told == sentence else 2)


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_thanks_stacks_a_moment_on_forty_words(path: Path, interview_id: int) -> None:
    for draft in _drafts(path, interview_id):
        if draft.kind != "thank-you":
            continue
        first = re.split(r"(?<=[.?!])\s+", draft.body.split("\n\n", 1)[1].strip())[0]
        assert "especially" not in first or len(first.split()) <= LONG_THANKS, first


def test_a_brief_asks_for_an_example_of_a_bare_skill_only(tmp_path: Path) -> None:
    named = _body(BERLIN, "reference-brief")
    bare = _body(_variant(tmp_path, BERLIN,
                          'emphasise = ["the offline mode we built for the field-service app", '
                          '"how I mentored four junior engineers to their first production '
                          'releases"]',
                          'emphasise = ["offline-first architecture", "mentoring"]'),
                 "reference-brief")

    assert "example" not in named
    assert "offline-first architecture" in bare
    assert "example" in bare


def test_a_current_colleague_is_not_told_where_they_work() -> None:
    brief = _body(BERLIN, "reference-brief")

    assert "keep this between us" in brief
    assert "still at" not in brief
    assert "Fieldwise, please" not in brief


def test_a_next_step_in_a_named_round_is_not_a_next_step_in_it() -> None:
    for kind in ("recruiter-update", "reference-brief"):
        body = _body(LONDON, kind, 3)

        assert "there will be a presentation to the customer leadership team in the second round" \
            in body, kind
        assert not re.search(r"next step[^.]*second round", body), kind


def test_several_next_steps_agree_in_number() -> None:
    assert "The next steps would be a pairing session" in _body(BERLIN, "recruiter-update")


@pytest.mark.parametrize(("strength", "recalled"), [
    ("built the offline mode of Fieldwise's field-service app, used by 3,000 technicians",
     "built the offline mode of Fieldwise's field-service app"),
    ("moved Minato Trust Bank's end-of-day settlement batch to an event-driven service "
     "without a missed settlement",
     "moved Minato Trust Bank's end-of-day settlement batch to an event-driven service "
     "without a missed settlement"),
    ("led Android, used by millions", "led Android, used by millions"),
])
def test_a_strength_told_in_the_room_is_recalled_without_its_figure(
        strength: str, recalled: str) -> None:
    assert heard_already(strength) == recalled


@given(st.text(max_size=80))
def test_a_recalled_strength_is_the_start_of_what_was_told(strength: str) -> None:
    recalled = heard_already(strength)

    assert strength.startswith(recalled) or strength.strip().startswith(recalled)
    assert recalled == strength or len(recalled.split()) >= 4


def test_a_note_does_not_repeat_the_figure_the_interviewer_heard() -> None:
    jonas = next(d.body for d in _drafts(BERLIN)
                 if d.kind == "thank-you" and "Dear Jonas" in d.body)

    assert "offline mode of Fieldwise's field-service app" in jonas
    assert "3,000" not in jonas
