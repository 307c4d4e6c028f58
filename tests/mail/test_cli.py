"""The mail commands end to end, with the real composer and a real SMTP sink."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.conftest import JP_FIRST_ROUND, Runner
from tests.mail.conftest import Sink, free_port

NOW = "2026-11-16T15:00:00+09:00"
THANKS = "1.thank-you.daichi-mori"


@pytest.fixture
def ready(run: Runner, monkeypatch: pytest.MonkeyPatch, private_home: Path) -> Runner:
    """Tokyo stored and planned, with an SMTP account (on a port nothing listens on:
    approving needs an account, sending is each test's own business)."""
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW)
    _smtp_at(private_home, free_port(), timeout=1)
    assert run("import", str(JP_FIRST_ROUND)).exit_code == 0
    assert run("plan", "1").exit_code == 0
    return run


def _smtp(home: Path, sink: Sink) -> None:
    _smtp_at(home, sink.port, timeout=10)


def test_approve_without_a_mail_account_says_what_to_set_up(ready: Runner,
                                                            private_home: Path) -> None:
    (private_home / "settings.toml").unlink()

    result = ready("approve", THANKS, "--format", "json")

    assert result.exit_code == 2
    problem = result.json()["error"]["problems"][0]  # type: ignore[index]
    assert problem["path"] == "approve"
    assert problem["message"].startswith("no mail account is set up")
    assert f"[mail.smtp] section in {private_home / 'settings.toml'}" in problem["expected"]
    assert f"followthrough export eml {THANKS} -o note.eml" in problem["expected"]
    assert f"followthrough mark-sent {THANKS}" in problem["expected"]
    assert "Traceback" not in result.stderr
    assert ready("outbox", "--format", "json").json() == {"outbox": []}
    assert ready("export", "eml", THANKS, "-o", str(private_home / "n.eml")).exit_code == 0
    assert ready("mark-sent", THANKS).exit_code == 0


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
    assert message["To"] == "Daichi Mori <d.mori@tsubame.example>"
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
    assert message["To"] == "Daichi Mori <d.mori@tsubame.example>"
    link = ready("mailto", THANKS).stdout.strip()
    assert link.startswith("mailto:d.mori@tsubame.example?subject=")

    assert ready("approve", THANKS).exit_code == 0
    assert ready("mark-sent", THANKS).exit_code == 0

    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert listing["outbox"][0]["status"] == "cancelled"
    plan = ready("plan", "1", "--format", "json").json()
    assert isinstance(plan, dict)
    assert {a["id"]: a["status"] for a in plan["actions"]}[THANKS] == "done"


def test_a_linkedin_message_is_not_queued_for_email(ready: Runner) -> None:
    result = ready("approve", "1.linkedin.daichi-mori")
    assert result.exit_code == 2
    assert "not e-mail" in result.stderr


def test_resolve_refuses_a_message_that_is_not_uncertain(ready: Runner) -> None:
    assert ready("approve", THANKS).exit_code == 0
    result = ready("resolve", THANKS, "sent")
    assert result.exit_code == 3
    assert "not uncertain" in result.stderr


def test_send_without_an_account_says_so_and_sends_nothing(ready: Runner, private_home: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    assert ready("approve", THANKS).exit_code == 0
    (private_home / "settings.toml").unlink()
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    result = ready("send")

    assert result.exit_code == 3  # cannot send: nothing is set up to connect to
    assert "no [mail.smtp] account" in result.stderr
    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert listing["outbox"][0]["status"] == "scheduled"


OTHER_THANKS = "1.thank-you.rina-ogawa"


def _smtp_at(home: Path, port: int, timeout: float) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\ntimeout = {timeout}\n',
        "utf-8")


@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
@pytest.mark.parametrize("command", [("send",), ("worker", "--once")])
@pytest.mark.parametrize(("script", "reachable", "status", "needs_you"), [
    ([], True, 0, set()),
    (["550 5.1.1 no such mailbox"], True, 1, {"failed"}),
    (["stall"], True, 1, {"uncertain"}),
    ([], False, 3, set()),
])
def test_send_and_worker_exit_codes_say_what_went_out(
        ready: Runner, sink: Sink, private_home: Path, monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...], script: list[str], reachable: bool, status: int,
        needs_you: set[str]) -> None:
    """0 every due message went out, 1 one was refused (5xx) or is uncertain,
    3 the server cannot be reached; what did not go out is on the agenda."""
    _smtp_at(private_home, sink.port if reachable else free_port(), timeout=1)
    sink.handler.script = list(script)
    assert ready("approve", THANKS).exit_code == 0
    assert ready("approve", OTHER_THANKS).exit_code == 0
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")

    result = ready(*command, "--format", "json")

    assert result.exit_code == status, result.stderr
    report = result.json()
    assert isinstance(report, dict)
    assert report["cannot_connect"] is (status == 3)
    assert len(report["sent"]) == (0 if status == 3 else 2 - len(needs_you))
    found = ready("agenda", "--all", "--format", "json").json()
    assert isinstance(found, dict)
    assert {item["status"] for item in found["needs_you"]} == needs_you
    for item in found["needs_you"]:
        assert item["id"] in (THANKS, OTHER_THANKS)
        assert f"followthrough {'resolve' if needs_you == {'uncertain'} else 'approve'} " \
            f"{item['id']}" in item["todo"]
    pending = {item["id"]: item["outbox"] for item in found["today"] + found["overdue"]}
    if status == 0:
        assert THANKS not in pending
        assert OTHER_THANKS not in pending
    if status == 3:
        # the first waits to be retried; the pass stopped before the second
        assert {pending[THANKS], pending[OTHER_THANKS]} == {"retry_wait", "scheduled"}


def test_exit_codes_are_in_the_help(run: Runner) -> None:
    for command in ("send", "worker"):
        shown = run(command, "--help").stdout
        assert "Exit codes:" in shown
        assert "0  every due message went out" in shown
        assert "3  the mail server could not be reached" in shown


def test_a_long_agenda_says_how_many_more_and_all_shows_them(
        ready: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.app import agenda as tracking

    monkeypatch.setitem(tracking.AGENDA_LIMITS, "overdue", 2)
    monkeypatch.setitem(tracking.AGENDA_LIMITS, "ahead", 1)
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-17T12:00:00+09:00")
    capped, everything = (ready("agenda", *extra, "--format", "json").json()
                          for extra in ((), ("--all",)))
    assert isinstance(capped, dict)
    assert isinstance(everything, dict)

    assert len(capped["overdue"]) == 2
    assert capped["total"] == everything["total"]
    for section in ("overdue", "today", "upcoming"):
        assert len(everything[section]) == everything["total"][section]
        assert everything["more"][section] == 0
        assert capped["more"][section] == capped["total"][section] - len(capped[section])
    assert capped["more"]["overdue"] == everything["total"]["overdue"] - 2 > 0
    assert len(capped["today"]) + len(capped["upcoming"]) == 1
    assert capped["more"]["today"] + capped["more"]["upcoming"] == 1
    human = ready("agenda").stdout
    assert f"Overdue: and {capped['more']['overdue']} more (`followthrough agenda --all` " \
        "shows them)." in human
    assert "more" not in ready("agenda", "--all").stdout
