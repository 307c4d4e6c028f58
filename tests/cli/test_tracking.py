"""The plan through the CLI: stored rows, events that change it, the agenda, .ics."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import JP_FIRST_ROUND, Runner

TOKYO = str(JP_FIRST_ROUND)
AFTER_TOKYO = "2026-11-16T15:05:00+09:00"


@pytest.fixture
def tokyo(run: Runner, monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER_TOKYO)
    assert run("import", TOKYO).stdout.strip() == "1"
    return run


def _plan(run: Runner) -> dict[str, Any]:
    result = run("plan", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    return document


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {action["id"]: action for action in document["actions"]}


def test_plan_json_has_the_documented_shape(tokyo: Runner) -> None:
    document = _plan(tokyo)

    assert set(document) == {"interview", "actions"}
    assert document["interview"]["id"] == 1
    assert document["interview"]["company"] == "Tsubame Data K.K."
    for action in document["actions"]:
        assert {"id", "kind", "to", "channel", "due", "latest", "why", "rule"} <= set(action)
        assert action["id"].startswith("1.")
        assert datetime.fromisoformat(action["due"]).utcoffset() is not None


def test_plan_of_a_file_stores_nothing(run: Runner) -> None:
    result = run("plan", TOKYO, "--now", AFTER_TOKYO, "--format", "json")

    assert result.exit_code == 0
    document = result.json()
    assert document["interview"]["id"] is None  # type: ignore[index]
    thank_yous = [a for a in document["actions"] if a["kind"] == "thank-you"]  # type: ignore[index]
    assert len(thank_yous) == 2
    assert run("list", "--format", "json").json() == {"interviews": []}


def test_plan_is_reproducible_with_now(tokyo: Runner) -> None:
    assert _plan(tokyo) == _plan(tokyo)


def test_done_marks_the_action_and_is_kept(tokyo: Runner) -> None:
    result = tokyo("done", "1.thank-you.daichi-mori")

    assert result.exit_code == 0, result.stderr
    actions = _by_id(_plan(tokyo))
    assert actions["1.thank-you.daichi-mori"]["status"] == "done"
    assert actions["1.thank-you.rina-ogawa"]["status"] == "pending"


def test_skip_and_unknown_action(tokyo: Runner) -> None:
    assert tokyo("skip", "1.linkedin.daichi-mori").exit_code == 0
    assert _by_id(_plan(tokyo))["1.linkedin.daichi-mori"]["status"] == "skipped"

    missing = tokyo("done", "1.thank-you.nobody")
    assert missing.exit_code == 2
    assert "no action '1.thank-you.nobody'" in missing.stderr
    assert tokyo("done", "nonsense").exit_code == 2


def test_a_reply_stops_pending_inquiries(tokyo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    before = [a for a in _plan(tokyo)["actions"] if a["kind"] in ("status-inquiry", "move-on")]
    assert before, "the Tokyo plan has a status inquiry to stop"
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-20T10:00:00+09:00")

    result = tokyo("reply", "1", "--from", "Rina Ogawa")

    assert result.exit_code == 0, result.stderr
    after = [a for a in _plan(tokyo)["actions"]
             if a["kind"] in ("status-inquiry", "move-on") and a["status"] == "pending"]
    assert after == []
    assert tokyo("show", "1", "--format", "json").json()["interview"]["state"] == "replied"  # type: ignore[index]


def test_reply_from_a_stranger_is_refused(tokyo: Runner) -> None:
    result = tokyo("reply", "1", "--from", "Someone Else")

    assert result.exit_code == 2
    assert "Daichi Mori" in result.stderr


def test_next_round_outcome_plans_preparation(tokyo: Runner) -> None:
    result = tokyo("outcome", "1", "next-round")

    assert result.exit_code == 0
    kinds = {a["kind"] for a in _plan(tokyo)["actions"] if a["status"] == "pending"}
    assert "next-round-prep" in kinds
    assert "status-inquiry" not in kinds
    assert tokyo("list", "--format", "json").json()["interviews"][0]["state"] == "next-round"  # type: ignore[index]


def test_agenda_buckets_in_the_candidates_zone(tokyo: Runner) -> None:
    result = tokyo("agenda", "--format", "json")

    assert result.exit_code == 0, result.stderr
    agenda = result.json()
    assert isinstance(agenda, dict)
    assert agenda["zone"] == "Europe/Berlin"
    now = datetime.fromisoformat(agenda["now"])
    for item in agenda["overdue"]:
        assert datetime.fromisoformat(item["due"]) < now
    today = [item["id"] for item in agenda["today"]]
    assert "1.thank-you.daichi-mori" in today
    for item in agenda["today"] + agenda["upcoming"]:
        due = datetime.fromisoformat(item["due"])
        assert now <= due < now + timedelta(days=9)
        assert datetime.fromisoformat(item["due_yours"]) == due
        assert datetime.fromisoformat(item["due_yours"]).utcoffset() == timedelta(hours=1)
    everything = agenda["overdue"] + agenda["today"] + agenda["upcoming"]
    assert all(item["status"] == "pending" for item in everything)


def test_agenda_text_shows_their_local_time(tokyo: Runner) -> None:
    text = tokyo("agenda").stdout

    assert "Today (your time, Europe/Berlin)" in text
    assert "16:00 Asia/Tokyo" in text


def test_done_actions_leave_the_agenda(tokyo: Runner) -> None:
    tokyo("done", "1.thank-you.daichi-mori")

    ids = [i["id"] for i in tokyo("agenda", "--format", "json").json()["today"]]  # type: ignore[index]

    assert "1.thank-you.daichi-mori" not in ids
    assert "1.thank-you.rina-ogawa" in ids


def test_export_ics_round_trips_with_stable_uids(tokyo: Runner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"

    assert tokyo("export", "ics", "1", "-o", str(first)).exit_code == 0
    assert tokyo("export", "ics", "--all", "-o", str(second)).exit_code == 0

    def uids(path: Path) -> list[str]:
        calendar = Calendar.from_ical(path.read_bytes())
        return sorted(str(c["UID"]) for c in calendar.walk() if c.name in ("VTODO", "VEVENT"))

    assert uids(first) == uids(second)
    assert len(uids(first)) == len(_plan(tokyo)["actions"])


def test_rules_lists_timing_rules_with_sources(run: Runner) -> None:
    document = run("rules", "--format", "json").json()

    timing = document["timing"]  # type: ignore[index]
    assert {"thank-you", "status-inquiry", "move-on"} <= {rule["kind"] for rule in timing}
    assert all(rule["source"] for rule in timing)
    checker = document["checker"]  # type: ignore[index]
    assert {"placeholder", "familiar-tone", "late"} <= {rule["category"] for rule in checker}
    assert all(rule["source"] for rule in checker)


def test_profile_overrides_from_settings_move_the_plan(tokyo: Runner, private_home: Path) -> None:
    before = _by_id(_plan(tokyo))["1.thank-you.daichi-mori"]
    assert datetime.fromisoformat(before["due"]).hour == 16
    (private_home / "settings.toml").write_text(
        '[profiles.JP]\nbusiness_start = "09:00"\nbusiness_end = "15:30"\n', encoding="utf-8")

    after = _by_id(_plan(tokyo))["1.thank-you.daichi-mori"]

    due = datetime.fromisoformat(after["due"])
    assert due.utcoffset() == timedelta(hours=9)
    assert (due.hour, due.minute) >= (9, 0)
    assert (due.hour, due.minute) < (15, 30)
    assert due.date().isoformat() == "2026-11-17"


def test_a_bad_profile_override_names_the_key(tokyo: Runner, private_home: Path) -> None:
    (private_home / "settings.toml").write_text("[profiles.JP]\nbuffer_dayz = 3\n",
                                                encoding="utf-8")

    result = tokyo("plan", "1")

    assert result.exit_code == 2
    assert "buffer_dayz" in result.stderr
