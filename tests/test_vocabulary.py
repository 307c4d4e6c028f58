"""The shared words: every layer's list of kinds, outcomes and events is the
vocabulary's, and an action id prints and parses back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.check.model import KINDS as CHECKER_KINDS
from followthrough.compose import composer, llm
from followthrough.debrief import read_debrief
from followthrough.errors import NotFound
from followthrough.plan import plan
from followthrough.vocabulary import (
    ACTION_KINDS,
    MAX_ID,
    MESSAGE_KINDS,
    OUTCOME_KINDS,
    ActionId,
    action_id,
)
from tests.conftest import JP_FIRST_ROUND, US_PANEL


def test_the_planner_plans_only_kinds_the_vocabulary_names() -> None:
    debriefs = [read_debrief(path) for path in (JP_FIRST_ROUND, US_PANEL)]
    planned = {action.kind for debrief in debriefs
               for action in plan(debrief, now=debrief.interview.starts)}
    assert planned <= set(ACTION_KINDS)
    assert set(ACTION_KINDS) >= MESSAGE_KINDS


def test_the_composer_and_the_checker_use_the_same_kinds() -> None:
    assert composer.MESSAGE_KINDS is MESSAGE_KINDS, "compose keeps its own copy of the kinds"
    assert llm.OUTCOME_KINDS is OUTCOME_KINDS, "compose keeps its own copy of the outcomes"
    assert set(CHECKER_KINDS) == {*ACTION_KINDS, "second-inquiry"}


keys = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z0-9-]{1,20}){0,2}", fullmatch=True)


@given(st.integers(1, MAX_ID), keys)
def test_an_action_id_parses_back_to_itself(interview: int, key: str) -> None:
    printed = str(ActionId(interview, key))
    assert printed == action_id(interview, key)
    assert ActionId.parse(printed) == (interview, key)


@pytest.mark.parametrize("text", ["", "3", "3.", ".thank-you", "x.thank-you", "0.thank-you",
                                  f"{MAX_ID + 1}.thank-you", "٣.thank-you", "9" * 5000 + ".a"])
def test_what_is_not_an_action_id_is_not_found(text: str) -> None:
    with pytest.raises(NotFound):
        ActionId.parse(text)
