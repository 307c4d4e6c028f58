"""Issue 18, acceptance 2: `export json --all` is an exact backup. Four interviews
with done, skip, reply, outcome and undo events are exported, imported into a fresh
database (SQLite and PostgreSQL) and exported again: the two exports are the same
bytes, and every plan, status, state and history is the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, JP_FIRST_ROUND, Runner

FILES = [EXAMPLES / "debrief-london-agency.toml", EXAMPLES / "debrief-berlin.toml",
         EXAMPLES / "debrief-tokyo-payments.toml", JP_FIRST_ROUND]
STORED = "2026-11-16T14:00:00+00:00"
NOW = "2026-12-14T09:00:00+00:00"
EVENTS = [
    ("2026-11-23T18:00:00+00:00", "done", "1.thank-you.helen-forsyth"),
    ("2026-11-24T09:00:00+00:00", "skip", "1.linkedin.marcus-adeyemi"),
    ("2026-11-30T10:00:00+00:00", "reply", "1", "--from", "Olivia Grant"),
    ("2026-12-01T10:00:00+00:00", "outcome", "1", "next-round"),
    ("2026-12-02T15:00:00+00:00", "done", "2.thank-you.aylin-demir"),
    ("2026-12-03T09:00:00+00:00", "skip", "2.reference-brief.priyanka-das"),
    ("2026-12-10T10:00:00+00:00", "outcome", "2", "offer"),
    ("2026-12-12T10:00:00+09:00", "reply", "3", "--until", "2026-12-21"),
    ("2026-11-17T10:00:00+09:00", "done", "4.thank-you.rina-ogawa"),
    ("2026-12-01T10:00:00+09:00", "outcome", "4", "rejected"),
    ("2026-12-01T11:00:00+09:00", "undo", "4"),
    ("2026-12-02T10:00:00+09:00", "outcome", "4", "withdrawn"),
]


def _snapshot(run: Runner) -> dict[str, Any]:
    """Everything a user sees of the interviews: list, plans with statuses, histories."""
    listed = run("list", "--format", "json", "--now", NOW).json()
    ids = [item["id"] for item in listed["interviews"]]  # type: ignore[index]
    return {"list": listed,
            "plans": [run("plan", str(i), "--format", "json", "--now", NOW).json() for i in ids],
            "history": [run("history", str(i), "--format", "json").json() for i in ids]}


def _export(run: Runner, target: Path) -> bytes:
    assert run("export", "json", "--all", "-o", str(target), "--now", NOW).exit_code == 0
    return target.read_bytes()


@pytest.fixture
def original(run: Runner) -> Runner:
    assert run("import", *map(str, FILES), "--now", STORED).exit_code == 0
    for now, *command in EVENTS:
        answer = run(*command, "--now", now)
        assert answer.exit_code == 0, (command, answer.stderr)
    return run


def test_export_import_export_is_exact(original: Runner, db_url: str, tmp_path: Path) -> None:
    first = _export(original, tmp_path / "first.json")
    before = _snapshot(original)
    restored = Runner(db_url)

    imported = restored("import", str(tmp_path / "first.json"), "--now", NOW)

    assert imported.exit_code == 0, imported.stderr
    assert _export(restored, tmp_path / "second.json") == first
    assert _snapshot(restored) == before
    states = {item["company"]: item["state"] for item in before["list"]["interviews"]}
    assert states == {"Harbour & Finch Insurance": "next-round",
                      "Nordlicht Mobility GmbH": "offer",
                      "Kasumi Payments K.K.": "replied", "Tsubame Data K.K.": "withdrawn"}
    statuses = [action["status"] for plan in before["plans"] for action in plan["actions"]]
    assert statuses.count("done") >= 3
    assert statuses.count("skipped") >= 2


def test_the_export_holds_events_uid_and_source(original: Runner, tmp_path: Path) -> None:
    document = json.loads(_export(original, tmp_path / "backup.json"))

    items = {item["id"]: item for item in document["interviews"]}
    assert [event["kind"] for event in items[4]["events"]] == [
        "done", "outcome", "undo", "outcome"]
    assert items[4]["events"][2]["undoes"] == 1
    assert items[3]["events"][0]["until"] == "2026-12-21"
    assert items[2]["source"] == FILES[1].read_text(encoding="utf-8")
    assert len({item["uid"] for item in document["interviews"]}) == 4


def test_an_export_without_events_still_imports_as_before(original: Runner, run: Runner,
                                                          tmp_path: Path) -> None:
    document = json.loads(_export(original, tmp_path / "new.json"))
    for item in document["interviews"]:
        for key in ("uid", "source", "events"):
            del item[key]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    restored = Runner(f"sqlite:///{tmp_path / 'old.db'}")

    assert restored("import", str(old), "--now", NOW).exit_code == 0

    listed = restored("list", "--format", "json").json()["interviews"]  # type: ignore[index]
    assert {item["state"] for item in listed} == {"awaiting"}


@pytest.mark.parametrize(("change", "where"), [
    (lambda events: events[2].update(undoes=3), "interviews[3].events[2].undoes"),
    (lambda events: events[0].update(at="2026-12-01T10:00:00"),
     "interviews[3].events[0].at"),
    (lambda events: events[1].update(kind="teleport"), "interviews[3].events[1].kind"),
])
def test_a_damaged_event_is_refused_with_its_path(original: Runner, tmp_path: Path,
                                                  change: Any, where: str) -> None:
    document = json.loads(_export(original, tmp_path / "backup.json"))
    change(document["interviews"][3]["events"])
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(document), encoding="utf-8")
    restored = Runner(f"sqlite:///{tmp_path / 'damaged.db'}")

    answer = restored("import", str(damaged))

    assert answer.exit_code == 2
    assert f": {where}: " in answer.stderr
    assert "Traceback" not in answer.stderr
    assert "{'" not in answer.stderr
    assert restored("list", "--format", "json").json()["interviews"] == []  # type: ignore[index]
