"""What the reviewers of rounds 108 and 109 asked of the recruiter update and the
thank-you, each checked over several interviews' phrasings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan

BERLIN = EXAMPLES / "debrief-berlin.toml"


def _drafts(path: Path, interview_id: int) -> list:  # type: ignore[type-arg]
    debrief = read_debrief(path)
    return compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                   template_dir=Path("/nonexistent"))


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_the_better_answer_reaches_the_recruiter_in_sentences_with_one_name_form(
        interview_id: int) -> None:
    """Round 108: "...cannot reorder edits; the design note I am sending Aylin Demir
    shows how we tested that" pasted the record's clause, joined by a semicolon; round
    110: an interviewer is named one way throughout the update."""
    recorded = read_debrief(BERLIN).questions[0].better
    assert recorded
    assert "; the design note I am sending Aylin Demir" in recorded
    update = next(d.body for d in _drafts(BERLIN, interview_id)
                  if d.kind == "recruiter-update")

    assert "cannot reorder edits. The design note I am sending Aylin Demir shows" in update
    assert "Ms Demir" not in update


@pytest.mark.parametrize("interview_id", [1, 2, 3, 4])
def test_a_better_answer_told_as_spoken_is_not_doubled_after_a_label(
        interview_id: int) -> None:
    """Round 108: "The answer I would give now: I would stamp ..." said "I would" twice
    around a colon."""
    for path in sorted(EXAMPLES.glob("debrief-*.toml")):
        for draft in _drafts(path, interview_id):
            if draft.kind == "recruiter-update":
                assert not re.search(r"(?:would give now|would say now): I would",
                                     draft.body), draft.body


@pytest.mark.parametrize("interview_id", range(1, 7))
def test_a_highlight_is_not_thanked_for_as_if_it_were_a_gift(interview_id: int) -> None:
    """Rounds 107-109: "and especially for the short pairing exercise on your alert
    table" thanked someone for a test, and "..., and I especially enjoyed ..." joined
    two thoughts in the first line."""
    for path in sorted(EXAMPLES.glob("debrief-*.toml")):
        for draft in _drafts(path, interview_id):
            if draft.kind == "thank-you":
                assert ", and I especially enjoyed" not in draft.body, draft.body
