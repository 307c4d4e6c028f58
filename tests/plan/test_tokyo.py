"""Acceptance 1: a Tokyo first round, planned just after the interview.

The debrief is the tests' own (tests/data/debrief-japan-patience.toml). The
interview runs Monday 16 Nov 2026 14:00-15:00 in Tokyo; the company said
it would decide by 30 Nov, would contact the candidate itself, and that
unsuccessful candidates hear nothing. 23 Nov 2026 is Labour Thanksgiving Day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief
from followthrough.plan import Action, plan
from followthrough.plan.business import holidays_of
from tests.conftest import PROJECT, seed_fingerprint
from tests.plan.conftest import at

NOW = at("2026-11-16T15:05:00+09:00")
END = at("2026-11-16T15:00:00+09:00")
DEBRIEF = PROJECT / "tests" / "data" / "debrief-japan-patience.toml"


@pytest.fixture(scope="module")
def tokyo() -> Debrief:
    return read_debrief(DEBRIEF)


@pytest.fixture(scope="module")
def actions(tokyo: Debrief) -> list[Action]:
    return plan(tokyo, now=NOW)


def of_kind(actions: list[Action], kind: str) -> list[Action]:
    return [action for action in actions if action.kind == kind]


def tokyo_time(instant: datetime) -> datetime:
    assert instant.tzinfo is not None
    return instant


def test_one_thank_you_per_interviewer(actions: list[Action]) -> None:
    # 000 §1 / 003 §2: every interviewer gets their own note, nobody twice.
    assert sorted(a.to for a in of_kind(actions, "thank-you")) == [
        "Aya Fujimoto", "Kenji Morita"]


def test_thank_yous_same_tokyo_afternoon_or_next_morning(actions: list[Action]) -> None:
    for action in of_kind(actions, "thank-you"):
        local = action.due.astimezone(END.tzinfo)
        # Within 24 hours of the end, but not before the interview is over.
        assert END <= action.due < END + timedelta(hours=24)
        # Inside Tokyo business hours on a working day: Monday afternoon or Tuesday morning.
        assert 9 <= local.hour < 18
        assert (local.date(), local.hour >= 12) in {(date(2026, 11, 16), True),
                                                    (date(2026, 11, 17), False)}
        # The recipient's zone is carried on the value itself (ISO output shows +09:00).
        assert action.as_dict(1)["due"].endswith("+09:00")
        assert action.rule == "thank-you.within-24h"
        # Never later than the 24-hour promise the rule makes.
        assert action.latest <= END + timedelta(hours=24)


def test_promise_within_one_business_day(actions: list[Action]) -> None:
    (promise,) = of_kind(actions, "promise")
    assert promise.to == "Kenji Morita"
    # Tuesday 17 Nov is the next business day; the promise is kept by its close.
    assert promise.due >= END
    assert promise.latest <= at("2026-11-17T18:00:00+09:00")


def test_recruiter_update_same_day(actions: list[Action]) -> None:
    (update,) = of_kind(actions, "recruiter-update")
    assert update.to == "Haruka Ueda"
    # 000 §4: the consultant hears the same day; 15:00 is still inside business hours.
    assert update.due.astimezone(END.tzinfo).date() == date(2026, 11, 16)
    assert update.latest.astimezone(END.tzinfo).date() == date(2026, 11, 16)


def test_reference_brief_to_the_reference(actions: list[Action]) -> None:
    (brief,) = of_kind(actions, "reference-brief")
    assert brief.to == "Tomás Herrera"
    assert brief.due >= END


def test_linkedin_only_to_the_warm_interviewer_after_the_thank_you(actions: list[Action]) -> None:
    # Only Kenji Morita is "warm" (and has a profile); Aya Fujimoto is "neutral".
    (invite,) = of_kind(actions, "linkedin")
    assert invite.to == "Kenji Morita"
    assert invite.channel == "linkedin"
    (thanks,) = [a for a in of_kind(actions, "thank-you") if a.to == "Kenji Morita"]
    assert invite.due > thanks.due


def test_first_inquiry_after_the_stated_decision_date(actions: list[Action]) -> None:
    inquiries = of_kind(actions, "status-inquiry")
    # They said they would contact the candidate by 30 Nov: nothing before 1 Dec (Tokyo).
    assert inquiries
    assert min(a.due for a in inquiries).astimezone(END.tzinfo).date() > date(2026, 11, 30)
    # Japan's patience: not on the very first business morning after the date either.
    assert inquiries[0].due.astimezone(END.tzinfo).date() > date(2026, 12, 1)
    assert inquiries[0].rule == "status-inquiry.they-will-contact"


def test_move_on_after_the_only_unanswered_inquiry(actions: list[Action]) -> None:
    inquiries = of_kind(actions, "status-inquiry")
    (move_on,) = of_kind(actions, "move-on")
    # "Unsuccessful candidates hear nothing": one inquiry is all, then a closing note.
    assert len(inquiries) == 1
    assert move_on.due >= inquiries[-1].due + timedelta(days=7)
    assert move_on is actions[-1] or all(a.due <= move_on.due for a in actions)


def test_nothing_on_the_holiday_or_a_weekend(actions: list[Action]) -> None:
    assert "Thanksgiving" in holidays_of("JP", None, 2026)[date(2026, 11, 23)]
    for action in actions:
        for instant in (action.due, action.latest):
            local = instant.astimezone(instant.tzinfo)
            assert local.date() != date(2026, 11, 23), action.key
            assert local.weekday() < 5, action.key


def test_company_messages_use_the_channel_they_asked_for(actions: list[Action]) -> None:
    company = [a for a in actions if a.kind in {"thank-you", "promise", "status-inquiry",
                                                "move-on"}
               and a.rule != "promise.with-thank-you"]  # inside a thank-you: a note to you
    assert company
    assert {a.channel for a in company} == {"email"}


def test_sorted_by_due_with_unique_keys(actions: list[Action]) -> None:
    assert [a.due for a in actions] == sorted(a.due for a in actions)
    assert len({a.key for a in actions}) == len(actions)


def test_why_is_one_plain_sentence_in_our_own_words(tokyo: Debrief,
                                                    actions: list[Action]) -> None:
    fingerprint = seed_fingerprint()
    seeds = fingerprint.read_fingerprint()
    for action in actions:
        assert action.why.endswith(".")
        # One sentence: no full stop inside, once the company's "K.K." is set aside.
        assert action.why.replace(tokyo.interview.company, "X").count(". ") == 0, action.why
        copied = [run for run in fingerprint.shingles(action.why)
                  if fingerprint.digest(run) in seeds]
        assert not copied, (action.key, copied)


def test_as_dict_shape(actions: list[Action]) -> None:
    row = actions[0].as_dict(42)
    assert str(row["id"]).startswith("42.")
    assert set(row) == {"id", "kind", "to", "channel", "due", "latest", "why", "rule",
                        "status", "note"}
    assert datetime.fromisoformat(str(row["due"])) == actions[0].due
