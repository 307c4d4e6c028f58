"""The morning digest (issue 18): `agenda --digest` prints one plain-text message
with what is due today and overdue; the worker e-mails the same text to the
candidate once each morning at the chosen time, through the SMTP transport and
:func:`followthrough.mail.message.build`, never twice the same day."""

from __future__ import annotations

from pathlib import Path

import pytest

from followthrough import clock
from followthrough.app.digest import digest_settings, digest_text, morning_digest
from followthrough.app.mail import PLAN
from followthrough.app.profile import checked_profile
from followthrough.errors import BadInput
from followthrough.mail.accounts import MailSettings
from followthrough.mail.digest import MorningDigest
from followthrough.mail.worker import Worker
from followthrough.settings import Settings
from followthrough.store import Store
from followthrough.store.digests import DigestDays
from tests.conftest import JP_FIRST_ROUND, Runner
from tests.mail.conftest import Sink

MINE = "mara.lindholm@example.net"
PROFILE = {"name": "Mara Lindholm", "email": MINE, "timezone": "Europe/Berlin"}
"""The JP first round's candidate, who lives in Berlin: the digest follows her clock."""


def _morning(store: Store, sink: Sink, at: str = "07:30") -> MorningDigest:
    mail = MailSettings(from_addr=None, from_name=None, smtp=sink.server(), imap=None,
                        password_file=None, policy={})
    morning, why_not = morning_digest(store, Settings(digest={"time": at}), mail,
                                      checked_profile(PROFILE))
    assert why_not is None
    assert morning is not None
    return morning


def _tick(store: Store, sink: Sink, morning: MorningDigest, instant: str) -> int:
    """One worker tick at ``instant``; how many digests the server has received."""
    with clock.frozen(clock.parse_instant(instant, field="now")):
        Worker(store, sink.settings(), plan=PLAN, morning=morning).tick()
    return sum(1 for message in sink.handler.messages()
               if str(message["Subject"]).startswith("Follow-ups for"))


def test_one_digest_a_morning_at_the_chosen_time(store: Store, sink: Sink) -> None:
    morning = _morning(store, sink)

    assert _tick(store, sink, morning, "2026-11-17T07:29:00+01:00") == 0
    assert _tick(store, sink, morning, "2026-11-17T07:31:00+01:00") == 1
    assert _tick(store, sink, morning, "2026-11-17T12:00:00+01:00") == 1
    assert _tick(store, sink, morning, "2026-11-17T23:59:00+01:00") == 1
    assert _tick(store, sink, morning, "2026-11-18T07:29:00+01:00") == 1
    assert _tick(store, sink, morning, "2026-11-18T07:30:00+01:00") == 2

    assert DigestDays(store).last_sent() == "2026-11-18"
    first = sink.handler.messages()[0]
    assert first["To"].addresses[0].addr_spec == MINE
    assert first["From"].addresses[0].addr_spec == MINE
    assert first["Subject"].startswith("Follow-ups for Tue 17 Nov:")


def test_the_mail_is_the_text_agenda_digest_prints(store: Store, sink: Sink) -> None:
    morning = _morning(store, sink)
    _tick(store, sink, morning, "2026-11-17T07:45:00+01:00")

    with clock.frozen(clock.parse_instant("2026-11-17T07:45:00+01:00", field="now")):
        printed = digest_text(store, "Europe/Berlin")
    [message] = sink.handler.messages()
    assert message["Subject"] == printed.subject
    assert message.get_content().replace("\r\n", "\n").strip() == printed.body.strip()
    assert "1.thank-you.daichi-mori" in printed.body
    assert "followthrough approve 1.thank-you.daichi-mori" in printed.body
    assert "http://127.0.0.1:8765/actions/1.thank-you.daichi-mori/draft" in printed.body


def test_a_refused_send_is_tried_again_the_same_day_and_then_once(store: Store,
                                                                  sink: Sink) -> None:
    morning = _morning(store, sink)
    sink.handler.script.append("451 4.3.0 try later")

    assert _tick(store, sink, morning, "2026-11-17T07:31:00+01:00") == 0
    assert DigestDays(store).get("2026-11-17").status == "failed"  # type: ignore[union-attr]
    assert _tick(store, sink, morning, "2026-11-17T07:32:00+01:00") == 1
    assert _tick(store, sink, morning, "2026-11-17T07:33:00+01:00") == 1


def test_a_day_claimed_by_a_send_that_never_finished_is_not_sent_again(
        store: Store, sink: Sink) -> None:
    morning = _morning(store, sink)
    with clock.frozen(clock.parse_instant("2026-11-17T07:31:00+01:00", field="now")) as now:
        assert DigestDays(store).claim("2026-11-17", "sending", now, "<x@example.net>")

    assert _tick(store, sink, morning, "2026-11-17T07:40:00+01:00") == 0
    assert _tick(store, sink, morning, "2026-11-18T07:40:00+01:00") == 1


def test_nothing_due_sends_nothing(store: Store, sink: Sink) -> None:
    store.save_plan(1, [])
    morning = _morning(store, sink)

    assert _tick(store, sink, morning, "2026-11-17T07:31:00+01:00") == 0
    assert DigestDays(store).get("2026-11-17").status == "empty"  # type: ignore[union-attr]


def test_off_without_digest_settings_or_without_a_mail_account(store: Store,
                                                               sink: Sink) -> None:
    account = sink.settings()
    none = MailSettings(from_addr=MINE, from_name=None, smtp=None, imap=None,
                        password_file=None, policy={})
    profile = checked_profile(PROFILE)

    assert morning_digest(store, Settings(), account, profile) == (None, None)
    morning, why_not = morning_digest(store, Settings(digest={"time": "07:30"}), none, profile)
    assert morning is None
    assert why_not is not None
    assert "[mail.smtp]" in why_not


@pytest.mark.parametrize(("values", "field"), [
    ({"time": "7:30"}, "digest.time"), ({"time": "24:00"}, "digest.time"),
    ({"time": 730}, "digest.time"), ({}, None), ({"url": "ftp://x"}, "digest.time"),
    ({"time": "07:30", "at": "08:00"}, "digest.at"),
    ({"time": "07:30", "url": "localhost:8765"}, "digest.url"),
])
def test_bad_digest_settings_name_the_field(values: dict[str, object], field: str | None
                                            ) -> None:
    if field is None:
        assert digest_settings(Settings(digest=values)) is None
        return
    with pytest.raises(BadInput) as raised:
        digest_settings(Settings(digest=values))
    assert field in [problem.path for problem in raised.value.problems]


def _settings_file(home: Path, sink: Sink, digest: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {sink.port}\ntls = "none"\ntimeout = 5\n'
        f"\n{digest}", encoding="utf-8")


def test_the_worker_command_sends_it_once(run: Runner, sink: Sink, private_home: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-17T08:00:00+01:00")
    _settings_file(private_home, sink, '[digest]\ntime = "07:30"\n')
    assert run("import", str(JP_FIRST_ROUND)).exit_code == 0
    assert run("profile", "--name", PROFILE["name"], "--email", MINE,
               "--timezone", PROFILE["timezone"]).exit_code == 0

    printed = run("agenda", "--digest")
    assert run("worker", "--once").exit_code in (0, 1)
    assert run("worker", "--once").exit_code in (0, 1)

    digests = [m for m in sink.handler.messages()
               if str(m["Subject"]).startswith("Follow-ups for")]
    assert len(digests) == 1
    assert printed.stdout.startswith(f"Subject: {digests[0]['Subject']}\n\n")
    assert "Overdue (" in printed.stdout
    assert "followthrough done 1.reflection" in printed.stdout


def test_a_digest_without_a_mail_account_says_so_on_stderr(
        run: Runner, private_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-17T08:00:00+01:00")
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text('[digest]\ntime = "07:30"\n',
                                                encoding="utf-8")
    result = run("worker", "--once")
    assert "no morning digest: [digest] is set but no [mail.smtp] account" in result.stderr
