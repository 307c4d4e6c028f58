"""How phrasings spread over one user's interviews: the reviewers of the drafts
gallery read every example side by side, as a candidate rereads a month of their
own notes, and the same tie in every note reads as a template."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followthrough.compose.templating import INTERVIEW_SEED, seed_offset


@given(number=st.integers(min_value=1, max_value=10_000), count=st.integers(2, 12),
       part=st.sampled_from(["thank-you/opening", "thank-you/close", "linkedin", "x"]))
def test_consecutive_interviews_start_on_different_phrasings(number: int, count: int,
                                                             part: str) -> None:
    this = seed_offset(f"{INTERVIEW_SEED}{number}", part, count) % count
    following = seed_offset(f"{INTERVIEW_SEED}{number + 1}", part, count) % count
    assert this != following


@given(number=st.integers(min_value=1, max_value=10_000), count=st.integers(7, 12))
def test_two_panels_of_three_in_a_row_share_no_phrasing(number: int, count: int) -> None:
    def used(interview: int) -> set[int]:
        start = seed_offset(f"{INTERVIEW_SEED}{interview}", "thank-you/close", count)
        return {(start + rank) % count for rank in range(3)}

    assert len(used(number)) == 3
    assert not used(number) & used(number + 1)


@given(count=st.integers(2, 12))
def test_a_users_interviews_use_every_phrasing(count: int) -> None:
    starts = {seed_offset(f"{INTERVIEW_SEED}{number}", "move-on", count) % count
              for number in range(1, count + 1)}
    assert starts == set(range(count))


def test_an_unstored_debrief_keeps_its_hash() -> None:
    seed = "Nordlicht Mobility GmbH\x00Senior Android Engineer\x002026-12-02T10:00:00+01:00"
    assert seed_offset(seed, "linkedin", 4) == seed_offset(seed, "linkedin", 7)
    assert seed_offset(seed, "linkedin", 4) != seed_offset(seed, "move-on", 4)
