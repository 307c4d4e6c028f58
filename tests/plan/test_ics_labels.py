"""Every action kind the planner's rules plan has a label of its own: calendar
summaries and the web's headings say "Offer reply to Tom Reyes", not the JSON
name "offer-reply"."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from followthrough.debrief.model import Debrief
from followthrough.plan import Event, plan
from followthrough.plan.ics import LABELS, to_ics
from followthrough.plan.rules import rules

RULE_KINDS = sorted({rule.kind for rule in rules() if rule.kind != "*"})
CLOSING = {"offer": "offer-reply", "rejected": "rejection-reply", "withdrawn": "withdrawal",
           "next-round": "next-round-thanks"}


def test_the_rules_plan_the_kinds_of_the_outcomes() -> None:
    assert set(CLOSING.values()) <= set(RULE_KINDS)


@pytest.mark.parametrize("kind", RULE_KINDS)
def test_every_kind_of_the_rules_has_a_label_in_words(kind: str) -> None:
    label = LABELS.get(kind)

    assert label, f"{kind} has no label"
    assert label != kind
    assert "-" not in label.replace("Thank-you", "")
    assert label[0].isupper()


def test_no_two_kinds_share_a_label() -> None:
    assert len(set(LABELS.values())) == len(LABELS)


@pytest.mark.parametrize("outcome", sorted(CLOSING))
def test_the_calendar_names_the_reply_to_an_outcome_in_words(tokyo: Debrief, outcome: str
                                                             ) -> None:
    end = tokyo.interview.starts + timedelta(minutes=tokyo.interview.minutes)
    recorded = Event("outcome", end + timedelta(days=2), outcome=outcome,  # type: ignore[arg-type]
                     person="Daichi Mori", id=1)
    actions = plan(tokyo, [recorded], now=end + timedelta(days=2, minutes=5))
    replies = [a for a in actions if a.kind == CLOSING[outcome]]
    assert replies, f"no {CLOSING[outcome]} planned after {outcome}"

    data = to_ics([(1, tokyo, replies)], now=end + timedelta(days=2, minutes=5))

    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert summaries == [f"{LABELS[CLOSING[outcome]]} to {a.to} ({tokyo.interview.company})"
                         for a in replies]
    assert not any(CLOSING[outcome] in summary for summary in summaries)
