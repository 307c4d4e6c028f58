"""Events change the plan: done/skipped, replies, outcomes, silence, reference checks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followthrough.debrief.model import Debrief
from followthrough.errors import BadInput
from followthrough.plan import Action, Event, plan
from tests.plan.conftest import at

TOKYO_NOW = at("2026-11-16T15:05:00+09:00")
US_NOW = at("2026-12-21T17:05:00-05:00")
WAITING = {"status-inquiry", "move-on", "keep-searching", "company-watch"}


def by_key(actions: list[Action]) -> dict[str, Action]:
    return {action.key: action for action in actions}


def pending(actions: list[Action], kind: str) -> list[Action]:
    return [a for a in actions if a.kind == kind and a.status == "pending"]


def test_done_and_skipped_mark_the_action(tokyo: Debrief) -> None:
    events = [Event("done", at("2026-11-16T16:10:00+09:00"), action="thank-you.daichi-mori"),
              Event("skipped", at("2026-11-16T16:20:00+09:00"), action="reflection")]
    actions = by_key(plan(tokyo, events, now=TOKYO_NOW))
    assert actions["thank-you.daichi-mori"].status == "done"
    assert actions["reflection"].status == "skipped"
    assert actions["thank-you.rina-ogawa"].status == "pending"


def test_full_action_id_marks_the_action(tokyo: Debrief) -> None:
    events = [Event("done", TOKYO_NOW, action="7.thank-you.rina-ogawa")]
    assert by_key(plan(tokyo, events, now=TOKYO_NOW))["thank-you.rina-ogawa"].status == "done"


def test_reply_stops_pending_inquiries_and_move_on(panel_us: Debrief) -> None:
    before = plan(panel_us, now=US_NOW)
    assert pending(before, "status-inquiry")
    assert pending(before, "move-on")
    reply = Event("reply", at("2026-12-23T10:00:00-05:00"), person="Grace Holloway")
    after = plan(panel_us, [reply], now=US_NOW)
    assert not pending(after, "status-inquiry")
    assert not pending(after, "move-on")
    # The reply is news, not an outcome: keep searching while the decision is pending.
    assert pending(after, "keep-searching")


def test_reply_keeps_inquiries_already_sent(panel_us: Debrief) -> None:
    sent = Event("done", at("2027-01-05T10:00:00-05:00"), action="status-inquiry.1")
    reply = Event("reply", at("2027-01-06T10:00:00-05:00"))
    actions = plan(panel_us, [sent, reply], now=at("2027-01-06T11:00:00-05:00"))
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    assert [(a.key, a.status) for a in inquiries] == [("status-inquiry.1", "done")]


def test_unanswered_inquiry_plans_the_next_a_week_after_it_was_sent(
        panel_us: Debrief) -> None:
    sent_at = at("2027-01-07T16:30:00-05:00")  # two days later than planned
    actions = by_key(plan(panel_us, [Event("done", sent_at, action="status-inquiry.1")],
                          now=at("2027-01-08T09:00:00-05:00")))
    second = actions["status-inquiry.2"]
    assert second.status == "pending"
    assert second.due >= sent_at + timedelta(days=7)
    assert second.due < sent_at + timedelta(days=14)
    assert actions["move-on"].due >= second.due + timedelta(days=7)


def test_no_third_inquiry_beyond_the_profile_maximum(panel_us: Debrief) -> None:
    events = [Event("done", at("2027-01-05T10:00:00-05:00"), action="status-inquiry.1"),
              Event("done", at("2027-01-12T10:00:00-05:00"), action="status-inquiry.2")]
    actions = plan(panel_us, events, now=at("2027-01-13T09:00:00-05:00"))
    assert [a.key for a in actions if a.kind == "status-inquiry"] == [
        "status-inquiry.1", "status-inquiry.2"]
    (move_on,) = [a for a in actions if a.kind == "move-on"]
    assert move_on.due >= at("2027-01-12T10:00:00-05:00") + timedelta(days=7)


@pytest.mark.parametrize("outcome", ["offer", "rejected", "withdrawn"])
def test_outcome_ends_the_waiting(panel_us: Debrief, outcome: str) -> None:
    event = Event("outcome", at("2026-12-23T12:00:00-05:00"), outcome=outcome)  # type: ignore[arg-type]
    actions = plan(panel_us, [event], now=at("2026-12-23T12:05:00-05:00"))
    assert not [a for a in actions if a.kind in WAITING and a.status == "pending"]
    assert not [a for a in actions if a.kind == "next-round-prep"]


def test_next_round_adds_preparation_and_stops_inquiries(tokyo: Debrief) -> None:
    event = Event("outcome", at("2026-11-20T11:00:00+09:00"), outcome="next-round")
    actions = plan(tokyo, [event], now=at("2026-11-20T11:05:00+09:00"))
    (prep,) = [a for a in actions if a.kind == "next-round-prep"]
    assert prep.due >= event.at
    assert not pending(actions, "status-inquiry")
    assert not pending(actions, "move-on")


def test_reference_check_adds_referee_thanks(tokyo: Debrief) -> None:
    event = Event("reference-check", at("2026-11-25T10:00:00+01:00"), person="ilse  marten")
    actions = by_key(plan(tokyo, [event], now=at("2026-11-25T10:05:00+01:00")))
    thanks = actions["referee-thanks.ilse-marten"]
    assert thanks.to == "Ilse Marten"
    assert thanks.due >= event.at


def test_done_move_on_ends_the_weekly_tasks(panel_us: Debrief) -> None:
    event = Event("done", at("2027-01-19T10:00:00-05:00"), action="move-on")
    actions = plan(panel_us, [event], now=at("2027-01-20T10:00:00-05:00"))
    assert not pending(actions, "keep-searching")
    assert not pending(actions, "company-watch")


def test_weekly_tasks_show_the_one_due_and_the_next(tokyo: Debrief) -> None:
    now = at("2026-12-02T12:00:00+01:00")
    weekly = [a for a in plan(tokyo, now=now) if a.kind == "keep-searching"]
    overdue, upcoming = weekly
    assert overdue.due <= now < upcoming.due
    assert upcoming.due - overdue.due <= timedelta(days=9)


def test_naive_times_are_bad_input(tokyo: Debrief) -> None:
    naive = TOKYO_NOW.replace(tzinfo=None)
    with pytest.raises(BadInput):
        plan(tokyo, now=naive)
    with pytest.raises(BadInput, match=r"events\[0\]\.at"):
        plan(tokyo, [Event("reply", naive)], now=TOKYO_NOW)


def test_bad_override_names_the_key(tokyo: Debrief) -> None:
    with pytest.raises(BadInput, match="inquiry_gap_days"):
        plan(tokyo, now=TOKYO_NOW, overrides={"JP": {"inquiry_gap_days": 3}})


def test_override_changes_the_plan(tokyo: Debrief) -> None:
    base = by_key(plan(tokyo, now=TOKYO_NOW))["status-inquiry.1"]
    quicker = by_key(plan(tokyo, now=TOKYO_NOW, overrides={"JP": {"patience_days": 1}}))
    assert quicker["status-inquiry.1"].due < base.due
    # Less patience than the rule's floor changes nothing below it: a week after 30 Nov
    # (and 3 business days), Monday 7 Dec, 09:00 Tokyo; Japan's own 7 business days
    # give Wednesday 9 Dec.
    assert quicker["status-inquiry.1"].due == at("2026-12-07T09:00:00+09:00")
    assert base.due == at("2026-12-09T09:00:00+09:00")


def test_phone_channel_is_kept_and_email_never_becomes_phone(tokyo: Debrief) -> None:
    by_phone = tokyo.model_copy(update={"interview": tokyo.interview.model_copy(
        update={"channel": "phone"})})
    company = {"thank-you", "status-inquiry", "move-on"}
    assert {a.channel for a in plan(by_phone, now=TOKYO_NOW) if a.kind in company} == {"phone"}
    assert "phone" not in {a.channel for a in plan(tokyo, now=TOKYO_NOW)}


def test_unknown_region_is_bad_input_naming_the_field(panel_us: Debrief) -> None:
    interview = panel_us.interview.model_copy(update={"region": "US-ZZ"})
    with pytest.raises(BadInput, match=r"interview\.region"):
        plan(panel_us.model_copy(update={"interview": interview}), now=US_NOW)
