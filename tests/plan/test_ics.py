"""Acceptance 6: the calendar export parses back, keeps every action, keeps its UIDs
(as to-dos, `export ics --todo`; tests/plan/test_calendar_events.py holds the events)."""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar

from followthrough.debrief.model import Debrief
from followthrough.plan import Event, plan
from followthrough.plan.ics import to_ics
from tests.plan.conftest import at

NOW = at("2026-11-16T15:05:00+09:00")
US_NOW = at("2026-12-21T17:05:00-05:00")


def todos(data: bytes) -> list[icalendar.Todo]:
    calendar = icalendar.Calendar.from_ical(data)
    return [item for item in calendar.walk("VTODO")]


def test_round_trip_keeps_every_action(tokyo: Debrief, panel_us: Debrief) -> None:
    tokyo_actions, us_actions = plan(tokyo, now=NOW), plan(panel_us, now=US_NOW)
    data = to_ics([(1, tokyo, tokyo_actions), ("us-7", panel_us, us_actions)],
                  now=NOW, todo=True)
    parsed = {str(todo["UID"]): todo for todo in todos(data)}
    expected = {f"1.{a.key}@followthrough.invalid": a for a in tokyo_actions}
    expected |= {f"us-7.{a.key}@followthrough.invalid": a for a in us_actions}
    assert set(parsed) == set(expected)
    for uid, action in expected.items():
        todo = parsed[uid]
        start = todo.decoded("DTSTART")
        # Same instant, and the explicit TZID is the recipient's zone.
        assert start.astimezone(UTC) == action.due.astimezone(UTC)
        assert todo["DTSTART"].params["TZID"] == action.due.tzinfo.key  # type: ignore[union-attr]
        assert todo.decoded("DUE").astimezone(UTC) == action.latest.astimezone(UTC)
        assert todo.decoded("DTSTAMP") == NOW.astimezone(UTC)
        alarms = todo.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == timedelta(0)
        assert str(todo["X-FOLLOWTHROUGH-RULE"]) == action.rule
        assert action.why in str(todo["DESCRIPTION"])
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert {"Asia/Tokyo", "Europe/Berlin", "America/New_York", "America/Chicago"} <= zones


def test_exporting_twice_gives_the_same_uids_and_bytes(tokyo: Debrief) -> None:
    actions = plan(tokyo, now=NOW)
    first = to_ics([(1, tokyo, actions)], now=NOW, todo=True)
    assert first == to_ics([(1, tokyo, actions)], now=NOW, todo=True)
    # A later export after the thank-you was sent updates the same entries.
    later = at("2026-11-17T10:00:00+09:00")
    sent = Event("done", at("2026-11-16T16:30:00+09:00"), action="thank-you.daichi-mori")
    second = to_ics([(1, tokyo, plan(tokyo, [sent], now=later))], now=later, todo=True)
    assert {str(t["UID"]) for t in todos(first)} == {str(t["UID"]) for t in todos(second)}
    status = {str(t["UID"]): str(t["STATUS"]) for t in todos(second)}
    assert status["1.thank-you.daichi-mori@followthrough.invalid"] == "COMPLETED"
    assert status["1.thank-you.rina-ogawa@followthrough.invalid"] == "NEEDS-ACTION"


def test_non_ascii_names_survive(tokyo: Debrief) -> None:
    person = tokyo.interviewers[0].model_copy(update={"name": "佐藤 博"})
    debrief = tokyo.model_copy(update={"interviewers": [person]})
    actions = plan(debrief, now=NOW)
    data = to_ics([(3, debrief, actions)], now=NOW, todo=True)
    summaries = [str(t["SUMMARY"]) for t in todos(data)]
    assert any("佐藤 博" in summary for summary in summaries)
    assert "3.thank-you.佐藤-博@followthrough.invalid" in {str(t["UID"]) for t in todos(data)}
