"""A recruiter update is written from the same facts in every interview: who each
interviewer was, what they talked about, the promise, the missed point, the weak
answer. Its sentences for those facts are drawn per interview (``vary()`` and
the recruiter parts), so a recruiter who places a candidate twice, or a reader of
the gallery, does not read one skeleton with the names changed."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from jinja2.runtime import Context
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.gallery import interview_end
from followthrough.compose.templating import SEED_VARIABLE, _vary, sentence_case
from followthrough.debrief import read_debrief
from followthrough.plan import plan

SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _update_sentences(path: Path, interview_id: int) -> set[str]:
    debrief = read_debrief(path)
    drafts = compose(interview_id, debrief, plan(debrief, now=interview_end(debrief)),
                     template_dir=Path("/nonexistent"))
    update = next(draft for draft in drafts if draft.kind == "recruiter-update")
    body = update.body.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]  # no greeting, no closing
    return {sentence.strip() for sentence in SENTENCE.split(body.replace("\n", " "))}


WITH_RECRUITER = [path for path in sorted(EXAMPLES.glob("*.toml"))
                  if "\n[recruiter]" in path.read_text(encoding="utf-8")]


def test_the_examples_hold_several_recruiters() -> None:
    assert len(WITH_RECRUITER) >= 3


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(WITH_RECRUITER, 2)),
                         ids=lambda path: path.stem)
def test_two_interviews_recruiter_updates_share_no_sentence(first: Path,
                                                            second: Path) -> None:
    sentences = [_update_sentences(path, number)
                 for number, path in enumerate((first, second), start=1)]

    assert not sentences[0] & sentences[1]


def _context(seed: str) -> Context:
    return Environment(autoescape=True).from_string("").new_context({SEED_VARIABLE: seed})


@given(options=st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=8, unique=True),
       interview=st.integers(min_value=1, max_value=10_000))
def test_the_turns_of_one_interview_take_every_option_once(options: list[str],
                                                           interview: int) -> None:
    context = _context(f"interview {interview}")

    chosen = [_vary(context, options, "key", turn) for turn in range(len(options))]

    assert sorted(chosen) == sorted(options)


@given(count=st.integers(min_value=2, max_value=8))
def test_successive_interviews_start_on_every_option(count: int) -> None:
    options = [str(number) for number in range(count)]

    starts = {_vary(_context(f"interview {number}"), options, "key")
              for number in range(1, count + 1)}

    assert starts == set(options)


def test_no_options_is_an_error_naming_the_list() -> None:
    with pytest.raises(ValueError, match="recruiter-also"):
        _vary(_context("interview 1"), [], "recruiter-also")


@pytest.mark.parametrize("path", WITH_RECRUITER, ids=lambda path: path.stem)
def test_an_update_stays_in_length_whichever_phrasings_it_draws(path: Path) -> None:
    """Phrasings differ in length, so an update that fits as one interview may not
    as the next: the promises go before the note runs past the checker's limit."""
    debrief = read_debrief(path)
    actions = plan(debrief, now=interview_end(debrief))
    for interview_id in range(1, 9):
        update = next(draft for draft in compose(interview_id, debrief, actions,
                                                 template_dir=Path("/nonexistent"))
                      if draft.kind == "recruiter-update")

        assert not [f for f in update.findings if f.category == "too-long"], \
            (interview_id, update.body)


@given(st.text(max_size=20))
def test_a_sentence_start_never_changes_a_letter_into_another(text: str) -> None:
    """Hypothesis found "ıaa-san" (a dotless i) written "Iaa-san" at the start of a
    recruiter update's sentence, which the checker rightly read as a misspelt name."""
    started = sentence_case(text)

    assert started[1:] == text[1:]
    assert started[:1].lower() == text[:1].lower()
    assert sentence_case("ıaa-san") == "ıaa-san"
    assert sentence_case("jonas") == "Jonas"


@pytest.mark.parametrize("path", WITH_RECRUITER, ids=lambda path: path.stem)
def test_an_interviewers_two_topics_share_one_sentence(path: Path) -> None:
    """Round 75: "X talked about A. We also talked about B." reads as a form, and
    round 77: "X talked about A, and also about B" stacks them, and round 78: "X
    talked about two things: A and B" reads as a form; the update says what they
    cared about most and what else came up ("X cared most about A; we also touched
    on B"), unless a strength links B."""
    for interview_id in range(1, 5):
        sentences = _update_sentences(path, interview_id)

        assert not [s for s in sentences if s.startswith(("We also", "The conversation also",
                                                          "Later we"))], sentences
        assert not [s for s in sentences if ", and also" in s], sentences
        assert [s for s in sentences if "we also" in s], sentences
