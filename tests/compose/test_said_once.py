"""What round 85's reviewers read as a template's tell: the note saying again what it
has just said ("at Hafenlicht Logistik" twice in two lines, "100,000" three times),
a stock preface before a question, "I remain" on the day of the interview, two
notes of one panel closing on the same words, and the candidate's verdict on their
own delivery handed to the recruiter."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.answers import SELF_BLAME
from followthrough.compose.facts import (
    phrase_said_once,
    promise_after,
    promise_brief,
    size_said_once,
)
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
GLUE = frozenset({"i", "you", "we", "it", "a", "an", "the", "to", "of", "at", "on", "in",
                  "for", "and", "but", "that", "is", "was", "am", "be", "would", "any",
                  "with", "me", "my", "your", "this", "team", "role", "love", "glad", "happy",
                  "pleased", "interested", "very", "keen", "answer", "questions", "join",
                  "like", "much"})
"""Words any closing line may share, the frame of "I would be glad to answer any
questions": a run of these alone is no one's phrasing ("anything you need" is)."""


def _drafts(path: Path, interview_id: int) -> list:  # type: ignore[type-arg]
    debrief = read_debrief(path)
    return compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                   template_dir=Path("/nonexistent"))


def _thank_yous(path: Path, interview_id: int) -> list[str]:
    return [d.body for d in _drafts(path, interview_id) if d.kind == "thank-you"]


SAID = "moved 40 nightly batch jobs at Hafenlicht Logistik to Kafka Streams"


@pytest.mark.parametrize(("what", "said", "told"), [
    ("a one-page overview of the Kafka migration at Hafenlicht Logistik", SAID,
     "a one-page overview of that migration"),
    ("my notes on the Kafka migrations at Hafenlicht", SAID, "my notes on those migrations"),
    ("the slides from my talk at Kafka Summit", SAID, "the slides from my talk at Kafka Summit"),
    ("the design note on conflict-free sync", SAID, "the design note on conflict-free sync"),
    ("a one-page overview of the Kafka migration", None,
     "a one-page overview of the Kafka migration"),
    ("a summary of the Kafka Streams setup", SAID, "a summary of that setup"),
    ("a summary of the Kafka Streams setup", "moved batch jobs to Kafka",
     "a summary of the Kafka Streams setup"),
])
def test_a_promised_thing_points_back_to_what_the_note_has_named(
        what: str, said: str | None, told: str) -> None:
    assert promise_after(what, said) == told


@given(what=st.text(max_size=60), said=st.text(max_size=60))
def test_a_promised_thing_keeps_its_own_head_words(what: str, said: str) -> None:
    told = promise_after(what, said)

    assert told == what or (told.split()[:2] == what.strip().split()[:2]
                            and told.split()[-2] in ("that", "those"))


@pytest.mark.parametrize(("strength", "topic", "told"), [
    ("created a virtual list library for tables of 100,000 rows and more",
     "rendering 100,000 alerts in your console",
     "created a virtual list library for tables of that size and more"),
    ("built tables of 100,000 rows", "rendering 100,000 alerts", "built tables of that size"),
    ("built tables of 100,000 rows", "rendering 1,100,000 alerts", "built tables of 100,000 rows"),
    ("cut error by 18% for 100,000 users in 2020", "serving 100,000 users",
     "cut error by 18% for 100,000 users in 2020"),
])
def test_a_size_the_topic_gave_is_not_given_again(strength: str, topic: str, told: str) -> None:
    assert size_said_once(strength, topic) == told


@pytest.mark.parametrize(("strength", "topic", "told"), [
    ("cut recruiting for studies from three weeks to four days",
     "recruiting policyholders for studies at short notice",
     "cut recruiting from three weeks to four days"),
    ("cut error for forecasts by 18%", "how you forecast load", "cut error for forecasts by 18%"),
    ("built dashboards for analysts in Tel Aviv", "dashboards for analysts",
     "built dashboards in Tel Aviv"),
    ("built dashboards for analysts", "dashboards for analysts", "built dashboards for analysts"),
])
def test_a_tag_the_topic_gave_is_not_given_again(strength: str, topic: str, told: str) -> None:
    assert phrase_said_once(strength, topic) == told


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_the_london_note_to_marcus_says_for_studies_once(interview_id: int) -> None:
    path = next(p for p in ALL if p.stem == "debrief-london-agency")
    note = next(body for body in _thank_yous(path, interview_id) if "Marcus" in body)
    sentence = next(s for s in re.split(r"(?<=[.?!])\s+", note) if "three weeks" in s)

    assert sentence.count("for studies") <= 1, sentence


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_reference_hears_whose_topic_it_was(interview_id: int) -> None:
    """Round 87: "talked about the move to streaming, as well as the platform costs"
    told a reference, who knows nothing of the interview, nobody's move."""
    path = next(p for p in ALL if p.stem == "debrief-singapore-phone")
    brief = next(d.body for d in _drafts(path, interview_id) if d.kind == "reference-brief")

    assert "Lumen Freight's move to streaming" in brief
    assert "the move to streaming" not in brief


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_the_singapore_note_names_the_old_employer_once(interview_id: int) -> None:
    path = next(p for p in ALL if p.stem == "debrief-singapore-phone")
    (note,) = _thank_yous(path, interview_id)

    assert note.count("Hafenlicht Logistik") == 1, note
    assert "of that migration" in note


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_the_tel_aviv_note_gives_the_table_size_once_before_the_attachment(
        interview_id: int) -> None:
    path = next(p for p in ALL if p.stem == "debrief-tel-aviv")
    note = next(body for body in _thank_yous(path, interview_id) if "benchmark notes" in body)

    paragraph = next(p for p in note.split("\n\n") if "virtual list library" in p)
    before_attachment = paragraph.split("I have attached")[0]
    assert "100,000" in before_attachment
    assert before_attachment.count("100,000") == 1, paragraph


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_no_stock_preface_and_no_remain_on_the_day(path: Path, interview_id: int) -> None:
    for note in _thank_yous(path, interview_id):
        assert "May I ask you a question" not in note
        assert "I remain" not in note, note


def _closing_runs(note: str, company: str) -> set[tuple[str, ...]]:
    paragraphs = [p for p in note.split("\n\n") if p.strip()]
    named = set(re.findall(r"[a-z'’-]+", company.lower()))
    words = re.findall(r"[a-z'’-]+", paragraphs[-2].lower())
    return {run for run in zip(words, words[1:], words[2:], strict=False)
            if not set(run) <= GLUE and not set(run) & named}


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_two_notes_of_one_panel_do_not_close_on_the_same_words(path: Path,
                                                               interview_id: int) -> None:
    """Round 85: "I'm happy to send anything you need" to Carlos and "I am happy to
    help with anything you need from me" to Rachel, in one panel."""
    company = read_debrief(path).interview.company
    closes = [(note.split("\n")[2], _closing_runs(note, company))
              for note in _thank_yous(path, interview_id)]
    for (one, first), (two, second) in itertools.combinations(closes, 2):
        assert not first & second, (one, two, first & second)


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_the_recruiter_is_not_told_how_badly_an_answer_came_across(interview_id: int) -> None:
    path = next(p for p in ALL if p.stem == "debrief-london-agency")
    update = next(d.body for d in _drafts(path, interview_id) if d.kind == "recruiter-update")

    assert "rambled" in path.read_text()
    assert not SELF_BLAME.search(update), update
    assert "gave no number" in update


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_missed_point_that_leads_follows_the_sentence_naming_its_topic(
        interview_id: int) -> None:
    """Rounds 86-89 put the point and its topic in one sentence four ways ("When we
    discussed ..., I did not mention", "On ..., I should have added", ...), and
    Yamamoto-san's note scored 3 with each; round 85's topic sentence followed by the
    point scored 4. The topic is named, then the point is made."""
    path = next(p for p in ALL if p.stem == "debrief-tokyo-payments")
    note = next(body for body in _thank_yous(path, interview_id) if "Yamamoto-san" in body)
    sentences = re.split(r"(?<=[.?!:])\s+", note)
    at = next(i for i, s in enumerate(sentences) if "design reviews" in s)

    assert "work with the compliance office" in " ".join(sentences[at - 2:at]), sentences
    assert "should have added" not in sentences[at]
    assert "On working" not in sentences[at]


@pytest.mark.parametrize(("what", "told"), [
    ("the recording of my talk on research operations at a London UX meetup",
     "the recording of my talk"),
    ("a one-page summary of idempotency keys for settlement retries",
     "a one-page summary of idempotency keys"),
    ("the design note on conflict-free sync", "the design note on conflict-free sync"),
    ("my slides", "my slides"),
])
def test_a_promise_told_in_passing_keeps_the_thing_and_what_it_is_of(what: str,
                                                                     told: str) -> None:
    assert promise_brief(what) == told


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_long_update_still_tells_the_recruiter_every_promise(interview_id: int) -> None:
    """Rounds 85-88: London's update left out the recording promised to Marcus to stay
    under 300 words; told in passing, it fits."""
    path = next(p for p in ALL if p.stem == "debrief-london-agency")
    update = next(d.body for d in _drafts(path, interview_id) if d.kind == "recruiter-update")

    assert "the recording of my talk" in update
    assert len(update.split()) <= 300


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_short_notes_second_topic_is_thanked_for_not_tacked_on(interview_id: int) -> None:
    """Rounds 86-90: Rachel's second topic after her missed point ("... was a
    highlight, too") read as an afterthought, and in the first topic's sentence as
    two topics crammed; it goes in the thanks, and the missed point ends the
    paragraph of the topic it is about."""
    path = next(p for p in ALL if p.stem == "debrief-denver-panel")
    note = next(body for body in _thank_yous(path, interview_id) if "Dear Rachel" in body)
    sentences = re.split(r"(?<=[.?!])\s+", note.split("\n\n", 1)[1])
    thanks = next(s for s in sentences if "the trade-off between" in s)
    holding = next(p for p in note.split("\n\n") if "40 control-room operators" in p)

    assert thanks.startswith(("Thank", "It was", "I wanted", "Many", "I especially")), thanks
    assert holding.rstrip().endswith("to read forecast fan charts.")
    assert ", too." not in note
