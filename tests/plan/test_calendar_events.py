"""Issue 18, acceptance 3: `export ics` writes one VEVENT per action with a VALARM
while it is pending (calendars that ignore VTODO show events), parses back with
`icalendar`, keeps its UIDs across exports, and a new interview never reuses the
UIDs (or the number) of a deleted one, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.debrief import read_debrief
from followthrough.plan import plan
from followthrough.plan.ics import EVENT_LENGTH, to_ics
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, Runner

BERLIN = EXAMPLES / "debrief-berlin.toml"
LONDON = EXAMPLES / "debrief-london-agency.toml"
TEL_AVIV = EXAMPLES / "debrief-tel-aviv.toml"
NOW = "2026-12-03T09:00:00+00:00"
LATER = "2026-12-08T09:00:00+00:00"


def _components(path: Path, name: str = "VEVENT") -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = calendar.walk(name)
    uids = [str(component["UID"]) for component in found]
    assert len(uids) == len(set(uids)), "one component per action"
    return dict(zip(uids, found, strict=True))


def _plan(run: Runner, interview: int, now: str = NOW) -> list[dict[str, Any]]:
    document = run("plan", str(interview), "--format", "json", "--now", now).json()
    return document["actions"]  # type: ignore[index,no-any-return]


def _uid(run: Runner, interview: int) -> str:
    shown = run("show", str(interview), "--format", "json").json()
    return str(shown["interview"]["uid"])  # type: ignore[index]


def _by_action_id(components: dict[str, Any]) -> dict[str, str]:
    """``{action id: UID}``: the actions planned at both times keep their UIDs."""
    return {str(component["X-FOLLOWTHROUGH-ID"]): uid for uid, component in components.items()}


def _export(run: Runner, path: Path, *extra: str, now: str = NOW) -> Path:
    answer = run("export", "ics", "--all", "-o", str(path), *extra, "--now", now)
    assert answer.exit_code == 0, answer.stderr
    return path


def test_each_action_is_one_event_reminding_while_pending(run: Runner, tmp_path: Path) -> None:
    assert run("import", str(BERLIN), str(LONDON), "--now", NOW).exit_code == 0
    assert run("done", "1.thank-you.aylin-demir", "--now", NOW).exit_code == 0
    assert run("skip", "1.linkedin.jonas-becker", "--now", NOW).exit_code == 0

    events = _components(_export(run, tmp_path / "plan.ics"))

    assert not _components(tmp_path / "plan.ics", "VTODO")
    expected = {f"{_uid(run, number)}.{action['id'].split('.', 1)[1]}@followthrough.invalid":
                action for number in (1, 2) for action in _plan(run, number)}
    assert set(events) == set(expected)
    for uid, action in expected.items():
        event = events[uid]
        due = datetime.fromisoformat(action["due"])
        assert event.decoded("DTSTART").astimezone(UTC) == due.astimezone(UTC)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == EVENT_LENGTH
        assert str(event["X-FOLLOWTHROUGH-ID"]) == action["id"]
        assert str(event["TRANSP"]) == "TRANSPARENT"
        alarms = event.walk("VALARM")
        if action["status"] == "pending":
            assert [alarm.decoded("TRIGGER") for alarm in alarms] == [timedelta(0)]
            assert str(event["STATUS"]) == "CONFIRMED"
        else:
            assert alarms == []
    by_id = {str(event["X-FOLLOWTHROUGH-ID"]): event for event in events.values()}
    assert str(by_id["1.thank-you.aylin-demir"]["SUMMARY"]).startswith("Done: ")
    assert str(by_id["1.linkedin.jonas-becker"]["STATUS"]) == "CANCELLED"


def test_uids_are_stable_across_exports_and_events(run: Runner, tmp_path: Path) -> None:
    assert run("import", str(BERLIN), str(LONDON), "--now", NOW).exit_code == 0
    first = _components(_export(run, tmp_path / "first.ics"))

    assert run("done", "2.thank-you.helen-forsyth", "--now", LATER).exit_code == 0
    again = _components(_export(run, tmp_path / "again.ics", now=LATER))
    todos = _components(_export(run, tmp_path / "todo.ics", "--todo", now=LATER), "VTODO")

    assert set(again) == set(todos)
    ids_then, ids_now = _by_action_id(first), _by_action_id(again)
    kept = ids_then.keys() & ids_now.keys()
    assert len(kept) >= 12
    assert {key: ids_then[key] for key in kept} == {key: ids_now[key] for key in kept}
    assert not _components(tmp_path / "todo.ics")
    done = [uid for uid, todo in todos.items() if str(todo["STATUS"]) == "COMPLETED"]
    assert done == [f"{_uid(run, 2)}.thank-you.helen-forsyth@followthrough.invalid"]


def test_a_new_interview_never_takes_a_deleted_ones_uids(db_url: str, tmp_path: Path
                                                         ) -> None:
    run = Runner(db_url)
    assert run("import", str(BERLIN), str(LONDON), "--now", NOW).exit_code == 0
    before = set(_components(_export(run, tmp_path / "before.ics")))
    assert run("delete", "2", "--yes").exit_code == 0

    added = run("import", str(TEL_AVIV), str(LONDON), "--now", NOW)

    assert added.exit_code == 0, added.stderr
    assert added.stdout.split() == ["3", "4"]
    after = set(_components(_export(run, tmp_path / "after.ics")))
    berlin = {uid for uid in before if uid.startswith(_uid(run, 1))}
    assert before & after == berlin
    assert len(after - berlin) == len(_plan(run, 3)) + len(_plan(run, 4))


STATUSES = st.sampled_from(["pending", "done", "skipped"])


@settings(max_examples=60, deadline=None)
@given(statuses=st.lists(STATUSES, min_size=20, max_size=20),
       hours=st.integers(min_value=0, max_value=24 * 400))
def test_any_mix_of_statuses_parses_back_one_event_each(statuses: list[str],
                                                        hours: int) -> None:
    debrief = read_debrief(JP_FIRST_ROUND)
    now = debrief.interview.starts + timedelta(hours=hours)
    planned = plan(debrief, now=now)
    actions = [replace(action, status=status)
               for action, status in zip(planned, statuses, strict=False)]
    uid = "0123456789abcdef0123456789abcdef"

    data = to_ics([(7, debrief, actions)], now=now, uids={7: uid})

    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [
        f"{uid}.{action.key}@followthrough.invalid" for action in actions]
    assert [len(event.walk("VALARM")) for event in events] == [
        int(action.status == "pending") for action in actions]
    assert [event.decoded("DTSTART") for event in events] == [a.due for a in actions]
