"""What rounds 99 and 100 asked for: a point missed on a topic is made in that
topic's sentence, but a cool reader hears the topic first; an update never tells
the recruiter of a clearer answer "being worked on" that the record does not hold;
a promise of one is conditional."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.answers import weak_answer
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))
SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _drafts(path: Path, interview_id: int) -> list:  # type: ignore[type-arg]
    debrief = read_debrief(path)
    return compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                   template_dir=Path("/nonexistent"))


def _note(stem: str, greeting: str, interview_id: int) -> str:
    return next(d.body for d in _drafts(EXAMPLES / f"{stem}.toml", interview_id)
                if d.kind == "thank-you" and greeting in d.body)


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_missed_point_is_made_in_its_topics_sentence(interview_id: int) -> None:
    note = _note("debrief-denver-panel", "Dear Rachel", interview_id)
    sentence = next(s for s in SENTENCE.split(note) if "40 control-room operators" in s)

    assert re.search(r"how your operators read forecast uncertainty|"
                     r"forecast uncertainty in the control room", sentence), sentence


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_cool_reader_hears_the_topic_before_the_missed_point(interview_id: int) -> None:
    note = _note("debrief-tokyo-payments", "Dear Yamamoto-san", interview_id)
    sentences = SENTENCE.split(note)
    point = next(i for i, s in enumerate(sentences) if "design reviews in Japanese" in s)

    assert "compliance office" not in sentences[point]
    assert "compliance office" in sentences[point - 1]
    assert "did not" not in sentences[point]


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_an_update_claims_no_repair_the_record_does_not_hold(path: Path,
                                                            interview_id: int) -> None:
    for draft in _drafts(path, interview_id):
        if draft.kind != "recruiter-update":
            continue
        assert not re.search(r"\bI am (?:working on|putting|preparing|writing)\b", draft.body), \
            draft.body


def _update(path: Path) -> str:
    return next(d.body for d in _drafts(path, 1) if d.kind == "recruiter-update")


def test_an_update_passes_on_the_answer_the_candidate_would_give_now(tmp_path: Path) -> None:
    """Rounds 98-101: every reviewer asked for the repair itself, not an offer to
    write one; the record now holds it (`questions[].better`)."""
    london = EXAMPLES / "debrief-london-agency.toml"
    text = london.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("better = "))
    without = tmp_path / london.name
    without.write_text(text.replace(line + "\n", ""), encoding="utf-8")

    told = _update(london)
    offered = _update(without)

    assert "the 14-point rise in satisfaction after the claims journey redesign" in told
    assert "clearer answer" not in told
    assert "14-point" not in offered
    assert "clearer answer" in offered or "better answer" in offered or "fuller answer" in offered


@pytest.mark.parametrize(("better", "kept"), [
    ("I would fence the old primary.", "I would fence the old primary"),
    ("  I would fence the old primary  ", "I would fence the old primary"),
    ("   ", None),
    (None, None),
])
def test_the_answer_for_now_is_kept_as_written(better: str | None, kept: str | None) -> None:
    assert weak_answer("How would you fail over?", "An outbox; I was unsure", better).better \
        == kept


TOKYO = EXAMPLES / "debrief-tokyo-payments.toml"
TAIWAN = 'question_about = "your plans to offer settlement to merchants in Taiwan"'


def test_a_cool_formal_reader_is_not_asked_in_writing(tmp_path: Path) -> None:
    """Rounds 97-103: reviewers of every B round marked Yamamoto-san's written
    question down (a cool General Manager asked for a business timeline); with the
    question's topic recorded, the note says the candidate would welcome hearing
    more about it later, and asks nothing."""
    text = TOKYO.read_text(encoding="utf-8")
    assert TAIWAN in text
    bare = tmp_path / TOKYO.name
    bare.write_text(text.replace(TAIWAN, ""), encoding="utf-8")
    (tmp_path / "files").symlink_to(TOKYO.parent / "files")

    later = _note("debrief-tokyo-payments", "Dear Yamamoto-san", 1)
    asked = next(d.body for d in _drafts(bare, 1)
                 if d.kind == "thank-you" and "Dear Yamamoto-san" in d.body)

    assert "at a later stage" in later
    assert "your plans for Taiwan" in later
    assert "?" not in later
    assert "what timeline do you have in mind" in asked.casefold()


def test_a_question_topic_must_be_one_of_the_persons_topics(tmp_path: Path) -> None:
    from followthrough.debrief import parse_debrief
    from followthrough.errors import BadInput

    text = TOKYO.read_text(encoding="utf-8").replace(
        TAIWAN, 'question_about = "your plans for Taiwan merchants"')

    with pytest.raises(BadInput) as raised:
        parse_debrief(text, source="debrief.toml", files_from=TOKYO.parent)

    problem = raised.value.problems[0]
    assert problem.path == "interviewers[1].question_about"
    assert problem.line is not None
    assert "did you mean 'your plans to offer settlement to merchants in Taiwan'" \
        in problem.message


def test_the_answer_for_now_comes_with_an_ask() -> None:
    """Rounds 103-104: the answer passed on with nothing asked of the recruiter read
    as a confession; the paragraph ends by saying what becomes of it: a request to
    pass it on, or (round 114, where the interviewer who asked is recorded) that the
    thank-you note to them gives it too."""
    for path in (TOKYO, EXAMPLES / "debrief-berlin.toml", EXAMPLES / "debrief-london-agency.toml"):
        for interview_id in range(1, 9):
            update = next(d.body for d in _drafts(path, interview_id)
                          if d.kind == "recruiter-update")
            paragraph = next(p for p in update.split("\n\n")
                             if re.search(r"fence the old primary|hybrid logical clock|"
                                          r"14-point rise", p))
            ends = re.search(r"(?:pass|share) this answer (?:on|with)|include this answer in "
                             r"my thank-you note to (?:him|Takahashi-san)", paragraph)
            assert ends, paragraph


def test_the_interviewer_who_asked_hears_the_answer_for_now_too() -> None:
    """Rounds 102, 105 and 106: the better answer reached only the recruiter, while
    the interviewer who asked, whose attached summary covers that very subject,
    never heard it (`questions[].asked_by`)."""
    drafts = _drafts(TOKYO, 1)
    notes = {d.to: d.body for d in drafts if d.kind == "thank-you"}
    update = next(d.body for d in drafts if d.kind == "recruiter-update")
    answer = "I would replicate the key store synchronously and fence the old primary"

    assert answer in notes["Takahashi Kenta"]
    assert "On your question about how I would keep settlement exactly-once across two " \
        "data centers, I should have added that I would replicate" in notes["Takahashi Kenta"]
    assert answer not in notes["Yamamoto Aiko"]
    assert answer in update
    berlin = [d.body for d in _drafts(EXAMPLES / "debrief-berlin.toml", 1)
              if d.kind == "thank-you"]
    assert not [body for body in berlin if "hybrid logical clock" in body]  # no asked_by


def test_the_one_who_asked_must_be_an_interviewer() -> None:
    from followthrough.debrief import parse_debrief
    from followthrough.errors import BadInput

    text = TOKYO.read_text(encoding="utf-8").replace(
        'asked_by = "Takahashi Kenta"', 'asked_by = "Takahashi Kento"')

    with pytest.raises(BadInput) as raised:
        parse_debrief(text, source="debrief.toml", files_from=TOKYO.parent)

    problem = raised.value.problems[0]
    assert problem.path == "questions[0].asked_by"
    assert "did you mean 'Takahashi Kenta'" in problem.message


def test_the_update_names_who_asked_the_weak_question() -> None:
    """Rounds 107: "when they asked" kept from the recruiter who could repair the
    answer with whom; the record says who asked."""
    for interview_id in range(1, 5):
        update = next(d.body for d in _drafts(TOKYO, interview_id)
                      if d.kind == "recruiter-update")

        assert re.search(r"Takahashi-san asked,? how I would keep settlement exactly-once",
                         update), update
        assert "they asked how I would keep" not in update
