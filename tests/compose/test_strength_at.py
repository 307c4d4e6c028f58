"""A strength that names where it was done is told with the place first, the way a
person says it ("At Orbit Analytics, I rebuilt the security operations dashboard
..."), not copied from the debrief as a line from a CV (compose/facts.py
strength_at)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import _subject_plural, strength_at
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan


@pytest.mark.parametrize(("strength", "told"), [
    ("rebuilt Orbit Analytics' security operations dashboard, which analysts use through "
     "8-hour shifts",
     "At Orbit Analytics, I rebuilt the security operations dashboard, which analysts use "
     "through 8-hour shifts"),
    ("moved 40 nightly batch jobs at Hafenlicht Logistik to Kafka Streams",
     "At Hafenlicht Logistik, I moved 40 nightly batch jobs to Kafka Streams"),
    ("ran the model-review board for Mesa Valley Power's nine data scientists",
     "At Mesa Valley Power, I ran the model-review board for nine data scientists"),
    ("set up a research operations function at Northway that cut recruiting for studies",
     "At Northway, I set up a research operations function that cut recruiting for studies"),
    ("led the diary study behind Harbour & Finch's claims redesign",
     "At Harbour & Finch, I led the diary study behind the claims redesign"),
])
def test_the_place_comes_first(strength: str, told: str) -> None:
    assert strength_at(strength) == told


@pytest.mark.parametrize("strength", [
    "created an open-source virtual list library for tables of 100,000 rows",
    "cut my last team's cloud bill by 30% in one year",
    "moved a bank's settlement batch to streaming",
    "ten years of Android at Google",          # not what the candidate did
    "passed the JLPT N2",
    "moved 40 jobs to Kafka Streams",          # a product, not a place
])
def test_a_strength_without_a_place_is_left_to_the_sentence_as_written(strength: str) -> None:
    assert strength_at(strength) is None


@given(st.text(max_size=200))
def test_any_strength_gives_a_fronted_sentence_or_none(strength: str) -> None:
    told = strength_at(strength)

    assert told is None or (told.startswith("At ") and ", I " in told)


@pytest.mark.parametrize(("topic", "plural"), [
    ("your summer model reviews", True),
    ("weather ensembles in your forecast", True),
    ("alert triage during incidents", False),
    ("rendering 100,000 alerts", False),
    ("why claims customers drop out", False),
    ("your move to streaming", False),
])
def test_a_topic_as_subject_takes_the_verb_it_agrees_with(topic: str, plural: bool) -> None:
    assert _subject_plural(topic) is plural


def test_a_short_note_recalls_its_second_topic_before_any_stock_line() -> None:
    """Rachel Kim's note is under the rubric's 80 words with its topic and missed
    point alone; round 73 read its three stock closing lines as a template."""
    debrief = read_debrief(EXAMPLES / "debrief-denver-panel.toml")
    drafts = compose(2, debrief, plan(debrief, now=interview_end(debrief)),
                     template_dir=Path("/nonexistent"))
    note = next(d.body for d in drafts if d.kind == "thank-you" and d.to == "Rachel Kim")

    assert "the trade-off between a model your operators trust" in note \
        or "trust versus accuracy in a model" in note  # its short form (round 78)
    assert "I look forward to hearing about the next steps" not in note
