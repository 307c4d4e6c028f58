"""A strength that repeats its topic is told by what it adds (whose work it was, how
it went), not pasted after the topic (compose/facts.py same_work_before)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.compose.facts import same_work_before


@pytest.mark.parametrize(("strength", "told"), [
    ("moved a bank's end-of-day settlement batch to an event-driven service without a "
     "missed settlement",
     "I made much the same change for a bank, without a missed settlement"),
    ("moved our team's nightly batch to streaming across three data centres",
     "I made much the same change for our team, across three data centres"),
    ("moved Minato Trust Bank's end-of-day settlement batch to an event-driven service "
     "without a missed settlement",
     "I made much the same change at Minato Trust Bank, without a missed settlement"),
    ("moved Orbit Analytics' alert pipeline to streaming in under a month",
     "I made much the same change at Orbit Analytics, in under a month"),
    ("replaced a nightly reporting batch with incremental dbt models with no downtime",
     "I have made much the same change before, with no downtime"),
])
def test_the_sentence_keeps_only_what_the_strength_adds(strength: str, told: str) -> None:
    assert same_work_before(strength) == told


@pytest.mark.parametrize("strength", [
    "cut day-ahead forecast error by 18% by adding weather-ensemble features",
    "cut Mesa Valley Power's day-ahead forecast error by 18% with weather-ensemble features",
    "moved 40 nightly batch jobs to Kafka Streams, with results ready within two minutes",
])
def test_a_strength_that_adds_neither_is_left_as_written(strength: str) -> None:
    assert same_work_before(strength) is None


@given(st.text(max_size=200))
def test_any_strength_gives_a_sentence_or_none(strength: str) -> None:
    told = same_work_before(strength)

    assert told is None or told.startswith(("I made much the same change for ",
                                            "I made much the same change at ",
                                            "I have made much the same change before"))
    assert told is None or len(told) <= len("I have made much the same change before, ") \
        + len(strength)
