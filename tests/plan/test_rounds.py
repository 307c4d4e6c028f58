"""Interviews at the same company are rounds of one process.

- A later round is the company's answer: the earlier round's pending inquiries and
  move-on stop (002, handling silence: a reply of any kind ends the chasing).
- Inquiries and move-on notes to one company keep a week apart across all the
  interviews there, so nobody there gets two chasers on consecutive days (002,
  avoid daily follow-ups: never two inquiries to one company within 7 days), and
  interviews waiting side by side share the culture's limit of inquiries.
- Importing a second interview at a company says it was linked to the first.
"""

from __future__ import annotations

import itertools
import os
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, plan
from tests.conftest import Runner
from tests.plan.conftest import at, debrief_from
from tests.plan.test_outcome_notes import TOML, document
from tests.plan.test_properties import debriefs, end_of

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
CHASERS = frozenset({"status-inquiry", "move-on"})
WEEK = timedelta(days=7)


def chasers(actions: list[Action], status: str | None = "pending") -> list[Action]:
    return [a for a in actions if a.kind in CHASERS and (status is None or a.status == status)]


def test_an_inquiry_keeps_a_week_from_another_interviews_inquiry() -> None:
    harbor = debrief_from(document())
    alone = plan(harbor, now=at("2026-03-02T12:00:00-05:00"))
    first = chasers(alone)[0]
    other = first.due - timedelta(days=2)
    spaced = plan(harbor, now=at("2026-03-02T12:00:00-05:00"), busy=[other])
    moved = chasers(spaced)[0]
    assert moved.due - other >= WEEK
    assert "a week clear of your messages to Harbor Labs" in moved.why
    for action in chasers(spaced):
        assert abs(action.due - other) >= WEEK


def round_toml(starts: str, company: str = "Harbor Labs", role: str = "Data Engineer") -> str:
    return TOML.replace("2026-03-02T10:00:00-05:00", starts) \
        .replace('company = "Harbor Labs"', f'company = "{company}"') \
        .replace('role = "Data Engineer"', f'role = "{role}"')


def stored_plan(run: Runner, number: int) -> list[dict[str, Any]]:
    document = run("plan", str(number), "--format", "json").json()
    assert isinstance(document, dict)
    return list(document["actions"])


def test_a_later_round_is_linked_and_answers_the_first(run: Runner, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-10T12:00:00-04:00")
    first, second = tmp_path / "round-1.toml", tmp_path / "round-2.toml"
    first.write_text(round_toml("2026-03-02T10:00:00-05:00"), encoding="utf-8")
    second.write_text(round_toml("2026-03-10T10:00:00-04:00", "harbor labs"), encoding="utf-8")
    assert run("import", str(first)).stdout.strip() == "1"
    before = [a for a in stored_plan(run, 1) if a["kind"] in CHASERS]
    assert before, "round 1 waits for news with inquiries"
    imported = run("import", str(second))
    assert imported.stdout.strip() == "2"
    assert "#2 is at harbor labs like #1" in imported.stderr
    # Round 2 began after round 1 ended: that was the company's answer.
    assert not [a for a in stored_plan(run, 1) if a["kind"] in CHASERS]
    assert [a for a in stored_plan(run, 2) if a["kind"] in CHASERS]


@pytest.mark.parametrize(("second_starts", "first_chases", "second_chases"), [
    # Overlapping (a panel for two roles at once): the first's inquiries (the US
    # limit, 2) ask about both, so the second plans none of its own (caps per company).
    ("2026-03-02T10:30:00-05:00", True, False),
    # After the first ended, the same afternoon: a second conversation is the
    # company's answer to the first, so only the second waits and asks.
    ("2026-03-02T14:00:00-05:00", False, True),
])
def test_two_interviews_at_once_share_the_companys_inquiries(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second_starts: str,
        first_chases: bool, second_chases: bool) -> None:
    """Two roles at one company interviewed the same day: no two chasers to the
    company within a week, and no more inquiries in all than the culture's limit."""
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-02T16:00:00-05:00")
    for number, (role, starts) in enumerate((("Data Engineer", "2026-03-02T10:00:00-05:00"),
                                             ("Analytics Engineer", second_starts)), start=1):
        path = tmp_path / f"{number}.toml"
        path.write_text(round_toml(starts, role=role), encoding="utf-8")
        assert run("import", str(path)).stdout.strip() == str(number)
    plans = {number: stored_plan(run, number) for number in (1, 2)}
    dues = sorted((at(a["due"]).astimezone(UTC), number) for number, actions in plans.items()
                  for a in actions if a["kind"] in CHASERS)
    for (earlier, _), (later, _) in itertools.pairwise(dues):
        assert later - earlier >= WEEK
    inquiries = [a for actions in plans.values() for a in actions
                 if a["kind"] == "status-inquiry"]
    assert len(inquiries) <= profile_for("US").max_inquiries
    assert bool([a for a in plans[1] if a["kind"] in CHASERS]) is first_chases
    assert bool([a for a in plans[2] if a["kind"] in CHASERS]) is second_chases


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(debriefs(), st.integers(0, 30 * 24 * 60))
def test_spacing_holds_per_person_across_interviews(debrief: Debrief, later_by: int) -> None:
    """Issue 14, acceptance 2: a second interview at the company, up to 30 days
    later, planned with the first's chasers as busy: no pending chaser of the second
    is within 7 days of any of the first's, to that person or anyone there."""
    now = end_of(debrief)
    first = plan(debrief, now=now)
    busy = [a.due for a in chasers(first, None)]
    starts = debrief.interview.starts + timedelta(minutes=later_by)
    second_debrief = debrief.model_copy(update={
        "interview": debrief.interview.model_copy(update={"starts": starts})})
    second = plan(second_debrief, now=end_of(second_debrief), busy=busy)
    for action in chasers(second):
        for other in busy:
            assert abs(action.due.astimezone(UTC) - other.astimezone(UTC)) >= WEEK, (
                action, other)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(debriefs(), st.integers(0, 3))
def test_the_company_gets_no_more_inquiries_than_the_limit(debrief: Debrief,
                                                           asked: int) -> None:
    """Caps count per company: with ``asked`` inquiries already planned for another
    interview waiting alongside, this one plans at most the rest of the limit (002)."""
    limit = 1 if debrief.interview.notify_on_rejection is False \
        else profile_for(debrief.interview.country).max_inquiries
    actions = plan(debrief, now=end_of(debrief), asked_elsewhere=asked)
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    assert len(inquiries) == max(0, limit - asked)
    assert bool([a for a in actions if a.kind == "move-on"]) is bool(inquiries)
