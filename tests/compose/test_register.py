"""Notes to people the candidate is on easy terms with use contractions; formal
notes and the candidate's own recorded words are left as written."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.compose.conftest import drafts_for

from followthrough.compose.register import contract
from followthrough.debrief import read_debrief

SPELLED_OUT = re.compile(r"\bI (?:am|would|will)\b(?= \w)")


def test_auxiliaries_are_contracted() -> None:
    assert contract("I am glad. I would like that. I did not say. It is close.") == \
        "I'm glad. I'd like that. I didn't say. It's close."


def test_have_is_contracted_only_before_a_participle() -> None:
    assert contract("I have led teams. I have a question.") == \
        "I've led teams. I have a question."


def test_the_candidates_own_words_and_links_are_kept() -> None:
    text = "that I have led two rotations. I am at https://example.org/I%20am/it is"
    assert contract(text, keep=["I have led two rotations"]) == \
        "that I have led two rotations. I'm at https://example.org/I%20am/it is"


@given(st.text(alphabet="Iamwouldhavetis ://.xo", max_size=60))
def test_contracting_twice_changes_nothing_more(text: str) -> None:
    once = contract(text)
    assert contract(once) == once


def test_warm_first_name_notes_contract_and_formal_ones_do_not() -> None:
    warm = formal = 0
    for path in sorted((Path(__file__).parents[2] / "examples").glob("debrief-*.toml")):
        debrief = read_debrief(path)
        for draft in drafts_for(debrief):
            person = debrief.interviewer(draft.to or "") if draft.kind == "thank-you" else None
            if person is None:
                continue
            greeting = draft.body.splitlines()[0]
            if person.rapport == "warm" and not re.search(r"Ms|Mr|Dr|-san", greeting):
                warm += 1
                assert not SPELLED_OUT.search(draft.body), draft.body
            elif person.rapport == "cool":
                formal += 1
                assert not re.search(r"\bI'(?:m|d|ll|ve)\b", draft.body), draft.body
    assert (warm > 0, formal > 0) == (True, True)
