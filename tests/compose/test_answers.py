"""A weak answer told to the recruiter: what was proposed and, in the first person,
what fell short (compose/answers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.compose.answers import (
    first_person_gap,
    proposal,
    weak_answer,
    without_self_blame,
)


@pytest.mark.parametrize(("answer", "said", "gap"), [
    ("Inject a fake clock and replay recorded sessions; I got there slowly.",
     "my answer was to inject a fake clock and replay recorded sessions", "I got there slowly"),
    ("Idempotency keys and an outbox; I could not say how to fail over the key store.",
     "my answer was idempotency keys and an outbox",
     "I could not say how to fail over the key store"),
    ("A backfill job with quotas; unsure how to order it against live events.",
     "my answer was a backfill job with quotas",
     "I was unsure how to order it against live events"),
    ("Watermarks and keyed state, but I was vague about how large the state gets.",
     "my answer was watermarks and keyed state", "I was vague about how large the state gets"),
    ("Tie studies to decisions; rambled and gave no number.",
     "my answer was to tie studies to decisions", "I gave no number"),
    ("SQL window functions; never got to the indexes.",
     "my answer was SQL window functions", "I never got to the indexes"),
    ("Kafka Streams with a state store", "my answer was Kafka Streams with a state store", None),
])
def test_an_answer_splits_into_what_was_proposed_and_what_fell_short(
        answer: str, said: str, gap: str | None) -> None:
    weak = weak_answer("How?", answer)

    assert (weak.proposal, weak.gap) == (said, gap)


def test_a_gap_whose_form_is_unclear_is_left_out_rather_than_garbled() -> None:
    assert first_person_gap("the cache invalidation part") is None
    assert weak_answer("How?", "Caching; the cache invalidation part").gap is None


def test_no_answer_keeps_only_the_question() -> None:
    weak = weak_answer(" How would you shard it? ", None)

    assert (weak.asked, weak.proposal, weak.gap) == ("How would you shard it?", None, None)


def test_names_and_acronyms_keep_their_capitals() -> None:
    assert proposal("PostgreSQL logical replication") \
        == "my answer was PostgreSQL logical replication"
    assert proposal("CRDTs on the device") == "my answer was CRDTs on the device"


@given(st.text(max_size=80), st.text(max_size=120))
def test_every_part_is_a_first_person_clause_or_absent(asked: str, answer: str) -> None:
    weak = weak_answer(asked, answer)

    assert weak.proposal is None or weak.proposal.startswith("my answer was ")
    assert weak.gap is None or weak.gap.startswith(("I ", "I'", "I’", "My ", "my ", "We ", "we "))


@pytest.mark.parametrize(("gap", "told"), [
    ("I rambled and gave no number", "I gave no number"),
    ("I froze, and forgot the indexes", "I forgot the indexes"),
    ("I was nervous and rambled", None),
    ("I waffled", None),
    ("I got there slowly", "I got there slowly"),
    ("I could not say how to fail over the key store",
     "I could not say how to fail over the key store"),
    (None, None),
])
def test_a_recruiter_is_not_handed_the_candidates_verdict_on_their_delivery(
        gap: str | None, told: str | None) -> None:
    """Round 85: "but I rambled and gave no number" went to the recruiter who sells
    the candidate; what the answer lacked stays, how it came across goes."""
    assert without_self_blame(gap) == told


def test_an_answer_with_only_self_blame_falls_back_to_the_plain_gap_sentence() -> None:
    assert weak_answer("How?", "Tie studies to decisions; I rambled.").gap is None
