"""What rounds 77 and 78's reviewers asked of the sentences around the facts: a
missed point said plainly, not confessed or excused ("When we discussed it, I
meant to mention ..."; three of four in round 78 preferred "I should have
mentioned" to "I did not say"); a subject line that names the role, a topic or
the promised file, not "Thank you for meeting me today"; "where" and "which" not
stacked in one sentence; a recruiter told every interviewer's topics before the
promises they cannot act on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.answers import reported
from followthrough.compose.facts import (
    _POSSESSIVES,
    _pronouns,
    _told_of,
    promise_short,
    short_company,
    where_i,
)
from followthrough.compose.gallery import interview_end
from followthrough.compose.voice import to_company, without_mention
from followthrough.debrief import Debrief, read_debrief
from followthrough.debrief.model import Topic
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
SENTENCE = re.compile(r"(?<=[.?!])\s+")
CONFESSIONS = ("meant to mention", "did not mention it at the time", "never got the chance",
               "forgot to", "no time to add")
GENERIC_SUBJECTS = ("Thank you for meeting me today", "Thank you for your time today",
                    "Thank you for today's conversation")


def _drafts(path: Path, interview_id: int) -> tuple[Debrief, list]:  # type: ignore[type-arg]
    debrief = read_debrief(path)
    return debrief, compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                            template_dir=Path("/nonexistent"))


def _topic_text(topic: str | Topic) -> str:
    return topic if isinstance(topic, str) else topic.about


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_a_missed_point_is_said_not_confessed(path: Path, interview_id: int) -> None:
    _, drafts = _drafts(path, interview_id)
    notes = [d.body for d in drafts if d.kind == "thank-you"]

    assert notes
    for body in notes:
        assert not [phrase for phrase in CONFESSIONS if phrase in body], body


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_a_thank_you_subject_names_the_role_a_topic_or_the_file(path: Path,
                                                                interview_id: int) -> None:
    debrief, drafts = _drafts(path, interview_id)
    role = debrief.interview.role.split(",")[0]
    shorts = [t.short for p in debrief.interviewers for t in p.topics
              if isinstance(t, Topic) and t.short]
    shorts += [short for p in debrief.promises if (short := promise_short(without_mention(p.what)))]
    for draft in (d for d in drafts if d.kind == "thank-you"):
        assert draft.subject not in GENERIC_SUBJECTS
        named = [text for text in [role, *shorts] if to_company(text)[1:] in draft.subject]
        assert named, draft.subject


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_where_and_which_are_not_stacked_in_one_sentence(path: Path, interview_id: int) -> None:
    _, drafts = _drafts(path, interview_id)
    for draft in (d for d in drafts if d.kind == "thank-you"):
        for sentence in SENTENCE.split(draft.body.replace("\n", " ")):
            where = sentence.find(", where I ")
            assert where < 0 or ", which " not in sentence[where:], sentence


def test_a_strength_with_a_clause_of_its_own_gets_a_sentence_of_its_own() -> None:
    assert where_i("moved 40 nightly batch jobs to Kafka Streams") == \
        ", where I moved 40 nightly batch jobs to Kafka Streams"
    assert where_i("led the diary study, which lifted satisfaction by 14 points") == \
        ", where I led the diary study that lifted satisfaction by 14 points"
    assert where_i("built the offline mode, used by 3,000 technicians") == \
        ". There I built the offline mode, used by 3,000 technicians"
    assert where_i("cut costs by 30%, with no outage") == \
        ", where I cut costs by 30%, with no outage"
    assert where_i(None) is None


@given(st.text(alphabet="abc ,", max_size=30))
def test_where_i_keeps_what_was_done_word_for_word(rest: str) -> None:
    said = where_i(rest)

    assert (said is None) == (rest == "")
    assert said is None or said.endswith(rest)


@given(st.text(alphabet="abc ,wich", max_size=40))
def test_where_i_never_stacks_where_and_which(rest: str) -> None:
    said = where_i(rest)

    assert said is None or not (said.startswith(", where I") and ", which " in said)


@pytest.mark.parametrize("interview_id", range(1, 9))
def test_a_recruiter_hears_every_interviewers_topics(interview_id: int) -> None:
    """Round 77: the Tokyo update left out Takahashi-san's partner-bank topic to keep
    under 300 words, while it told the recruiter about a promise they cannot act on."""
    checked = 0
    for path in ALL:
        debrief, drafts = _drafts(path, interview_id)
        update = next((d.body for d in drafts if d.kind == "recruiter-update"), None)
        if update is None:
            continue
        for person in debrief.interviewers:
            pronoun = _pronouns(person.honorific, person.how_it_went)[0] or ""
            first = _told_of(short_company(debrief.interview.company),
                             possessive=_POSSESSIVES.get(pronoun))
            for topic in person.topics[:2]:
                text = first(_topic_text(topic))[1:]
                assert text in update.replace("\n", " "), (person.name, text, update)
                checked += 1
    assert checked >= 10



def test_a_long_update_shortens_promises_before_it_leaves_out_what_was_gathered() -> None:
    """Rounds 78 and 80 read Tokyo's "a short delay would be normal" as telling the
    recruiter about their own client, and it went first; rounds 85 and 87-90 asked
    for it five times. A long update now tells each promise by its thing alone
    first, and leaves out what was gathered only where that is still too long. (Since
    round 104 the update passes on the answer the candidate would give now and asks
    the recruiter to pass it on, and the example has no room left for what was
    gathered: the order is what is tested.)"""
    path = next(p for p in ALL if p.stem == "debrief-tokyo-payments")
    for interview_id in range(1, 9):
        _, drafts = _drafts(path, interview_id)
        update = next(d.body for d in drafts if d.kind == "recruiter-update").replace("\n", " ")

        assert "a one-page summary of idempotency keys" in update
        if "I also gathered" not in update:
            assert "for settlement retries" not in update  # told by its thing alone first
        assert "will not hear back" in update
        assert len(update.split()) <= 300


@pytest.mark.parametrize(("asked", "told"), [
    ("How would you keep settlement exactly-once across two data centres?",
     "how I would keep settlement exactly-once across two data centres"),
    ("What would you change first in your design?", "what I would change first in my design"),
    ("Tell us about a forecast that failed in production.", None),
    ("How did you test it?", None),
])
def test_a_weak_answers_question_is_reported_where_its_shape_allows(asked: str,
                                                                     told: str | None) -> None:
    """Rounds 82 and 83: 'when they asked "How would you keep ...?" my answer was'
    read as pasted notes to three reviewers; reported speech where the question is
    a plain "how would you ..."."""
    assert reported(asked) == told


def test_the_recruiter_hears_the_weak_answer_in_reported_speech() -> None:
    path = next(p for p in ALL if p.stem == "debrief-tokyo-payments")
    _, drafts = _drafts(path, 1)
    update = next(d.body for d in drafts if d.kind == "recruiter-update").replace("\n", " ")

    assert "how I would keep settlement exactly-once" in update
    assert '"How would you keep' not in update


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_third_party_reads_the_first_topic_as_the_companys(interview_id: int) -> None:
    """Rounds 79-84: "Aylin Demir ... conflict resolution in their offline cache" read as
    her own cache, and round 85 read "in Nordlicht Mobility's offline cache" as pasted;
    an interviewer's first topic says "the", and names the company where "the" would
    not say whose."""
    path = next(p for p in ALL if p.stem == "debrief-berlin")
    _, drafts = _drafts(path, interview_id)
    update = next(d.body for d in drafts if d.kind == "recruiter-update").replace("\n", " ")

    assert "conflict resolution in the offline cache" in update
    assert "in their offline cache" not in update
    assert "Nordlicht Mobility's offline cache" not in update
    assert _told_of("Kasumi Payments")("your plans for Taiwan") == \
        "Kasumi Payments' plans for Taiwan"


@given(company=st.text(min_size=1, max_size=30), topic=st.text(max_size=40))
@example(company="A\\1 Co", topic="for Taiwan")
@example(company="Bad \\g<0> Ltd", topic="to expand")
def test_any_company_name_is_kept_as_written_in_a_third_partys_topic(company: str,
                                                                     topic: str) -> None:
    """A company name is text, never a pattern: "A\\1 Co" once raised "invalid group
    reference" (found before CI could)."""
    told = _told_of(company)(f"your plans {topic}")

    assert told.startswith(company)
