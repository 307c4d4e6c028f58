"""The question the candidate still has, told as an indirect question (round 108).

Reviewers of rounds 77-107 read every label put before a pasted question ("A
question I still have for you:", "I'd love to know:", "If I may, I would also like
to ask:") as stock; the note now joins the question to its sentence where its shape
allows ("I would also be glad to hear how your release trains handle ..."), and
asks it as written, after a sentence of its own, where it does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.asking import indirect
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan


@pytest.mark.parametrize(("question", "told"), [
    ("How do your release trains handle a fix that cannot wait for the next train?",
     "how your release trains handle a fix that cannot wait for the next train"),
    ("How far along is the move from Angular to React on the analyst console?",
     "how the move from Angular to React on the analyst console is coming along"),
    ("How is the migration going?", "how the migration is going"),
    ("What is your timeline for the launch?", "what your timeline for the launch is"),
    ("What has the team learned from the outage?", "what the team has learned from the outage"),
    ("How would you describe the culture?", "how you would describe the culture"),
    ("When you hire, what do you look for first?", "what you look for first when you hire"),
    ("What happens after this round?", "what happens after this round"),
    ("Who is on the team?", "who is on the team"),
    ("Who is hiring for the role?", "who is hiring for the role"),
])
def test_a_question_of_a_known_shape_is_told_indirectly(question: str, told: str) -> None:
    assert indirect(question) == told


@pytest.mark.parametrize("question", [
    # a leading clause that a pronoun of the question may point back to
    "While the old batch and the new service run side by side, how do you plan to "
    "compare their results?",
    "When you sign off a model before the summer, what convinces you that it will hold "
    "up in a heat wave?",
    "Is there a plan for Taiwan?",                      # not a wh-question
    "What is the biggest risk you see in the migration plan?",  # "is" would trail
    "What timeline do you have in mind for offering settlement in Taiwan?",  # wh + noun
    "How does the team handle on-call?",                # the verb cannot be told for sure
    "How will your team measure success in the first year?",  # "team" or "measure"?
    "Why? And when?",
    "ask about the release trains",
])
def test_a_question_of_another_shape_is_left_as_written(question: str) -> None:
    assert indirect(question) is None


SUBJECTS = ("you", "your team", "the new service", "your release trains", "they")
VERBS = ("handle", "plan", "decide", "review", "compare")
OBJECTS = ("a fix that cannot wait", "the results", "which screens share code", "it")
WH = ("how", "why", "when", "where", "what")
AUX = ("do", "would", "will", "could", "should")


@given(st.sampled_from(WH), st.sampled_from(AUX), st.sampled_from(SUBJECTS),
       st.sampled_from(VERBS), st.sampled_from(OBJECTS),
       st.sampled_from(("", "When the team is busy, ", "Once the launch is over, ")))
def test_a_told_question_keeps_every_word_and_asks_nothing(
        wh: str, aux: str, subject: str, verb: str, obj: str, lead: str) -> None:
    question = f"{lead}{wh.capitalize() if not lead else wh} {aux} {subject} {verb} {obj}?"
    told = indirect(question)
    if told is None:
        return
    assert "?" not in told
    assert told.startswith(wh)
    kept = {word.casefold().strip(",") for word in question.rstrip("?").split()}
    if aux == "do":
        kept.discard("do")
    assert kept == {word.casefold().strip(",") for word in told.split()}
    if aux != "do":
        assert f" {aux} {verb} " in f" {told} "
    if lead and re.search(r"\b(?:it|its|they|their|them)\b", told):
        pytest.fail(f"a pronoun may stand for what the clause after it names: {told}")


@given(st.text(max_size=80))
def test_any_text_is_turned_or_left(text: str) -> None:
    told = indirect(text)
    assert told is None or ("?" not in told and told.strip() == told)


def _thank_yous(path: Path) -> dict[str, str]:
    debrief = read_debrief(path)
    drafts = compose(1, debrief, plan(debrief, now=interview_end(debrief)),
                     template_dir=Path("/nonexistent"))
    return {d.to: d.body for d in drafts if d.kind == "thank-you"}


def test_the_gallery_asks_without_a_label() -> None:
    """No question in the gallery's notes follows one of the labels of rounds 77-107."""
    labels = re.compile(r"(?:A question I still have for you|I would love to know|"
                        r"I'd love to know|If I may, I would also like to ask|if you are "
                        r"free to share it):")
    for path in sorted(EXAMPLES.glob("debrief-*.toml")):
        for body in _thank_yous(path).values():
            assert not labels.search(body), body


def test_the_question_joins_its_sentence_where_it_can() -> None:
    berlin = _thank_yous(EXAMPLES / "debrief-berlin.toml")
    tel_aviv = _thank_yous(EXAMPLES / "debrief-tel-aviv.toml")
    tokyo = _thank_yous(EXAMPLES / "debrief-tokyo-payments.toml")

    assert "how your release trains handle a fix that cannot wait for the next train." \
        in berlin["Aylin Demir"]
    assert "how the move from Angular to React on the analyst console is coming along." \
        in tel_aviv["Yael Cohen"]
    assert "I would value your view on one question: while the old batch and the new " \
        "service run side by side, how do you plan to compare their results?" \
        in tokyo["Takahashi Kenta"]


def test_in_japan_a_question_is_offered_for_later_to_all_but_a_warm_reader() -> None:
    """Round 108: a written question to a Japanese manager of neutral rapport asks
    for a written reply; the culture profile's open_questions = "later" offers it
    for a later conversation instead, told indirectly."""
    tokyo = read_debrief(EXAMPLES / "debrief-tokyo-payments.toml")
    takahashi = tokyo.interviewers[0]
    assert takahashi.rapport == "neutral"
    assert takahashi.question
    asked = "How do you plan to compare the results of the old batch and the new service?"
    told = tokyo.model_copy(update={"interviewers": [
        takahashi.model_copy(update={"question": asked}), *tokyo.interviewers[1:]]})
    drafts = compose(1, told, plan(told, now=interview_end(told)),
                     template_dir=Path("/nonexistent"))
    note = next(d.body for d in drafts if d.kind == "thank-you" and d.to == takahashi.name)
    written = _thank_yous(EXAMPLES / "debrief-tokyo-payments.toml")[takahashi.name]

    assert "If there is an opportunity at a later stage, I would welcome hearing how you " \
        "plan to compare the results of the old batch and the new service." in note
    assert "If we have the chance to speak again, I would value your view on one question: " \
        "while" in written


def test_a_missed_point_on_a_topic_names_that_topic_in_full() -> None:
    """Rounds 108-114 told a long topic by its short form beside a missed point
    ("When we discussed forecast uncertainty in the control room, ..."); rounds
    114-115 read the short form in running text as a clipped label, "I left out
    that" as a confession and rounds 116-117 "I would have liked to mention" as a
    regret: the topic is told in full, and the point after it as a plain fact."""
    debrief = read_debrief(EXAMPLES / "debrief-denver-panel.toml")
    led = 0
    for interview_id in range(1, 7):
        drafts = compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                         template_dir=Path("/nonexistent"))
        note = next(d.body for d in drafts if d.kind == "thank-you" and d.to == "Rachel Kim")
        sentence = next(s for s in re.split(r"(?<=\.)\s+", note) if "40 control-room" in s)
        assert "I left out" not in sentence
        if sentence.startswith("One thing I did not mention"):
            led += 1
            assert sentence.startswith("One thing I did not mention when we discussed how "
                                       "your operators read forecast uncertainty on the "
                                       "control-room dashboard: I trained"), sentence
    assert led
