"""The mail commands end to end, with the real composer and a real SMTP sink."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Runner
from tests.mail.conftest import Sink

NOW = "2026-11-16T15:00:00+09:00"
THANKS = "1.thank-you.hiroshi-sato"


@pytest.fixture
def ready(run: Runner, monkeypatch: pytest.MonkeyPatch, private_home: Path) -> Runner:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW)
    assert run("import", str(EXAMPLES / "debrief-tokyo.toml")).exit_code == 0
    assert run("plan", "1").exit_code == 0
    return run


def _smtp(home: Path, sink: Sink) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {sink.port}\ntls = "none"\n', "utf-8")


def test_approve_queues_for_the_planned_time_once(ready: Runner) -> None:
    first = ready("approve", THANKS, "--format", "json")
    second = ready("approve", THANKS)

    assert first.exit_code == 0, first.stderr
    row = first.json()
    assert isinstance(row, dict)
    assert row["status"] == "scheduled"
    assert row["send_at"] == "2026-11-16T16:00:00+09:00"
    assert "already in the outbox" in second.stdout
    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert len(listing["outbox"]) == 1


@pytest.mark.parametrize(("at", "why"), [
    ("tomorrow-ish", "not a date and time"),
    ("2026-11-17", "no time of day"),
    ("2026-11-16T10:00", "not in the future"),
    ("2026-11-16T14:59:59+09:00", "not in the future"),
    ("2026-11-30T10:00", "after the latest"),
])
def test_approve_refuses_unclear_past_and_late_times(ready: Runner, at: str, why: str) -> None:
    result = ready("approve", THANKS, "--at", at)

    assert result.exit_code == 2
    assert why in result.stderr
    assert ready("send", "--dry-run").stdout.startswith("0 message")
    assert ready("outbox", "--format", "json").json() == {"outbox": []}


def test_a_wall_time_skipped_by_daylight_saving_is_refused(ready: Runner, tmp_path: Path
                                                           ) -> None:
    """A New York recipient: 2026-03-08 02:30 does not exist there."""
    from followthrough.clock import parse_instant
    from followthrough.errors import BadInput
    from followthrough.mail.outbox import parse_send_time

    now = parse_instant("2026-03-01T12:00:00+00:00", field="now")
    with pytest.raises(BadInput, match="does not exist"):
        parse_send_time("2026-03-08T02:30", "America/New_York", now)
    with pytest.raises(BadInput, match="happens twice"):
        parse_send_time("2026-11-01T01:30", "America/New_York", now)
    fine = parse_send_time("2026-11-01T01:30-04:00", "America/New_York", now)
    assert fine.utcoffset() is not None


def test_send_delivers_what_is_due_and_the_plan_follows(ready: Runner, sink: Sink,
                                                         private_home: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    _smtp(private_home, sink)
    assert ready("approve", THANKS).exit_code == 0
    assert ready("send").stdout == "Outbox: nothing was due.\n"
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    dry = ready("send", "--dry-run")
    assert THANKS in dry.stdout
    assert sink.handler.received == []

    result = ready("send")

    assert result.exit_code == 0, result.stderr
    assert "1 sent" in result.stdout
    message = sink.handler.messages()[0]
    assert message["To"] == "Hiroshi Sato <h.sato@kumo.example>"
    plan = ready("plan", "1", "--format", "json").json()
    assert isinstance(plan, dict)
    assert {a["id"]: a["status"] for a in plan["actions"]}[THANKS] == "done"
    assert ready("cancel", THANKS).exit_code != 0


def test_eml_export_opens_as_a_draft_and_mark_sent_records_it(ready: Runner, tmp_path: Path
                                                              ) -> None:
    target = tmp_path / "thanks.eml"
    assert ready("export", "eml", THANKS, "-o", str(target)).exit_code == 0
    message = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Hiroshi Sato <h.sato@kumo.example>"
    link = ready("mailto", THANKS).stdout.strip()
    assert link.startswith("mailto:h.sato@kumo.example?subject=")

    assert ready("approve", THANKS).exit_code == 0
    assert ready("mark-sent", THANKS).exit_code == 0

    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert listing["outbox"][0]["status"] == "cancelled"
    plan = ready("plan", "1", "--format", "json").json()
    assert isinstance(plan, dict)
    assert {a["id"]: a["status"] for a in plan["actions"]}[THANKS] == "done"


def test_a_linkedin_message_is_not_queued_for_email(ready: Runner) -> None:
    result = ready("approve", "1.linkedin.hiroshi-sato")
    assert result.exit_code == 2
    assert "not e-mail" in result.stderr


def test_resolve_refuses_a_message_that_is_not_uncertain(ready: Runner) -> None:
    assert ready("approve", THANKS).exit_code == 0
    result = ready("resolve", THANKS, "sent")
    assert result.exit_code == 3
    assert "not uncertain" in result.stderr


def test_send_without_an_account_says_so_and_sends_nothing(ready: Runner,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    assert ready("approve", THANKS).exit_code == 0
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    result = ready("send")

    assert result.exit_code == 0
    assert "no [mail.smtp] account" in result.stderr
    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert listing["outbox"][0]["status"] == "scheduled"
