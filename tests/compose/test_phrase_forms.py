"""The phrase forms the thank-you builds from the record: a strength as what the
candidate knows a topic from, and a promised thing by its head words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.compose.facts import _PAST, promise_short, strength_gerund


@pytest.mark.parametrize(("strength", "gerund"), [
    ("ran the model-review board for a team of nine data scientists",
     "running the model-review board for a team of nine data scientists"),
    ("set up a research operations function", "setting up a research operations function"),
    ("cut day-ahead forecast error by 18%", "cutting day-ahead forecast error by 18%"),
    ("moved 40 nightly batch jobs to Kafka Streams.",
     "moving 40 nightly batch jobs to Kafka Streams"),
    ("rebuilt a security operations dashboard", "rebuilding a security operations dashboard"),
])
def test_a_strength_told_as_what_the_candidate_did_becomes_a_gerund(strength: str,
                                                                    gerund: str) -> None:
    assert strength_gerund(strength) == gerund


@pytest.mark.parametrize("strength", ["ten years of Android", "fluent Japanese (JLPT N1)", ""])
def test_a_strength_that_is_not_an_action_has_no_gerund(strength: str) -> None:
    assert strength_gerund(strength) is None


@given(verb=st.sampled_from(sorted(_PAST)),
       rest=st.text(alphabet="abcdefghij ,-", min_size=1, max_size=30))
def test_every_known_past_verb_keeps_the_rest_of_the_strength(verb: str, rest: str) -> None:
    gerund = strength_gerund(f"{verb} x{rest}")
    assert gerund is not None
    first, _, tail = gerund.partition(" ")
    assert first.endswith("ing")
    assert tail == f"x{rest}".strip().rstrip(".")


HEADS = {
    "my write-up of backtesting load forecasts on extreme-heat days": "write-up",
    "the design note on conflict-free sync": "design note",
    "my benchmark notes on virtualised tables": "benchmark notes",
    "a one-page summary of idempotency keys for settlement retries": "one-page summary",
    "my portfolio": "portfolio",
}


def test_a_promised_thing_is_named_by_its_head_words() -> None:
    assert {what: promise_short(what) for what in HEADS} == HEADS


@pytest.mark.parametrize("what", [
    "a quick and very rough sketch of the team plan",  # head of five words
    "everything we talked about when the call ended early",  # no head to cut at
])
def test_a_long_head_gives_no_short_name(what: str) -> None:
    assert promise_short(what) is None
