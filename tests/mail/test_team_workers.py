"""Team mode sending: several ``followthrough worker --team`` processes on one
PostgreSQL deliver every message once (counted by Message-ID at aiosmtpd
sinks on 127.0.0.1), also when one is killed mid-way; each message goes
through its owner's own account (password encrypted at rest) or the server's
relay; a remote server's words are never shown back."""

from __future__ import annotations

import logging
import signal
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from followthrough import clock
from followthrough.app.mail import PLAN
from followthrough.errors import BadInput, StoreError
from followthrough.mail.accounts import MailSettings, Server
from followthrough.mail.hosts import HostGuard
from followthrough.mail.outbox import Policy, send_due_team
from followthrough.mail.smtp import Outcome, submit
from followthrough.mail.team_accounts import (
    TeamRoutes,
    account_of,
    get_mail_account,
    key_file,
    remove_mail_account,
    set_mail_account,
)
from followthrough.mail.worker import Worker
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore
from tests.conftest import PROJECT, Runner
from tests.mail.conftest import LOOPBACK, Sink, SinkHandler, free_port, queue

sys.path.insert(0, str(PROJECT))
from bench.workers_bench import (
    NOW,
    CountingSink,
    Tally,
    fill_team,
    later,
    outbox_rows,
    set_own_accounts,
    smtp_sink,
    start_workers,
    tally,
    wait_all,
    worker_home,
)

CANARY = "canary-Team-Pw-51c9"
MARKER = "INTERNAL-BANNER-7f3a"
ALLOW = ["127.0.0.1"]


class _Auth:
    def __init__(self, password: str) -> None:
        self.password = password.encode()
        self.seen = 0

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 data: Any) -> AuthResult:
        self.seen += 1
        return AuthResult(success=getattr(data, "password", None) == self.password)


# the command line ---------------------------------------------------------------


def test_team_workers_need_postgresql(run: Runner) -> None:
    result = run("worker", "--team", "--once")
    assert result.exit_code == 2
    assert "PostgreSQL" in result.stderr
    assert "--db" in result.stderr


# the all-owners view ---------------------------------------------------------------


def test_the_outbox_is_owner_scoped_unless_all_owners_is_asked_for(store: Store) -> None:
    row = queue(store, "thank-you.daichi-mori")
    assert row.owner_id == store.owner_id
    assert OutboxStore(store).rows()
    assert OutboxStore.all_owners(store).rows()
    with pytest.raises(StoreError):
        OutboxStore.all_owners(store).recover_orphans(clock.now())


# accounts --------------------------------------------------------------------------


def test_an_account_is_saved_with_its_password_encrypted(
        store: Store, db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    saved = set_mail_account(store, "smtp", "127.0.0.1", 2525, "alex", "none", CANARY,
                             allowed_hosts=ALLOW)
    assert saved.has_password
    assert saved.port == 2525
    assert CANARY not in repr(saved)
    assert CANARY not in str(saved.as_dict())
    assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
    found = account_of(store, store.owner_id, "smtp")
    assert found is not None
    server, secret = found
    assert server.host == "127.0.0.1"
    assert secret is not None
    assert secret.reveal() == CANARY
    assert CANARY not in caplog.text
    if db_url.startswith("sqlite"):
        database = Path(db_url.removeprefix("sqlite:///"))
        for file in database.parent.glob(database.name + "*"):
            assert CANARY.encode() not in file.read_bytes(), file
    else:
        from sqlalchemy import text

        with store.engine.connect() as connection:
            dump = str(connection.execute(text("SELECT * FROM mail_accounts")).all())
        assert CANARY not in dump
    assert remove_mail_account(store, "smtp")
    assert get_mail_account(store, "smtp") is None


@pytest.mark.parametrize(("changes", "field"), [
    ({"host": "127.0.0.1", "allowed_hosts": ()}, "host"),
    ({"host": "0x7f000001", "allowed_hosts": ()}, "host"),
    ({"host": "[::ffff:10.0.0.1]", "allowed_hosts": ()}, "host"),
    ({"host": "smtp.example.net/x"}, "host"),
    ({"port": 0}, "port"),
    ({"port": 70000}, "port"),
    ({"tls": "ssl3"}, "tls"),
    ({"kind": "pop3"}, "kind"),
    ({"username": "a\r\nb"}, "username"),
    ({"password": ""}, "password"),
    ({"password": "x\ny"}, "password"),
    ({"sent_folder": "Sent"}, "sent_folder"),
])
def test_a_bad_account_is_refused_naming_the_field(store: Store, changes: dict[str, Any],
                                                   field: str) -> None:
    values: dict[str, Any] = {"kind": "smtp", "host": "127.0.0.1", "port": 2525,
                              "username": "alex", "tls": "starttls", "password": CANARY,
                              "allowed_hosts": ALLOW}
    values.update(changes)
    with pytest.raises(BadInput) as caught:
        set_mail_account(store, **values)
    assert field in [p.path for p in caught.value.problems]
    assert CANARY not in str(caught.value)
    assert get_mail_account(store, values["kind"]) is None


def test_clear_text_logins_only_to_a_host_the_admin_allows(store: Store) -> None:
    with pytest.raises(BadInput) as caught:
        set_mail_account(store, "smtp", "smtp.example.net", 25, "alex", "none", CANARY,
                         resolver=lambda host, port: ["93.184.216.34"])
    assert [p.path for p in caught.value.problems] == ["tls"]


def test_a_public_host_is_accepted_on_save(store: Store) -> None:
    saved = set_mail_account(store, "imap", "imap.example.net", None, "alex", "implicit",
                             CANARY, sent_folder="Sent",
                             resolver=lambda host, port: ["93.184.216.34"])
    assert saved.port == 993
    assert saved.sent_folder == "Sent"


# sending through the owner's account -------------------------------------------------


@pytest.fixture
def marker_server() -> Iterator[int]:
    """A server whose banner and replies carry MARKER, refusing every message."""

    class Refuser:
        async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                              options: Any) -> str:
            envelope.rcpt_tos.append(address)
            return "250 OK " + MARKER

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return f"554 5.7.1 {MARKER} secret internal detail"

    port = free_port()
    controller = Controller(Refuser(), hostname=LOOPBACK, port=port, ident=MARKER,
                            ready_timeout=10)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_a_remote_servers_words_are_not_echoed(store: Store, marker_server: int,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="followthrough")
    set_mail_account(store, "smtp", LOOPBACK, marker_server, None, "none", None,
                     allowed_hosts=ALLOW)
    queue(store, "thank-you.daichi-mori")
    routes = TeamRoutes(store, MailSettings(None, None, None, None, None, {}),
                        HostGuard.from_allowed(ALLOW))
    with clock.frozen(store.find_action("1.thank-you.daichi-mori").due):
        report = send_due_team(store, routes, Policy())
    row = OutboxStore(store).get("1.thank-you.daichi-mori")
    assert row.status == "failed"
    assert row.smtp_code == 554
    assert report.failed == ["1.thank-you.daichi-mori"]
    shown = " ".join([*report.notices, row.last_error or "", caplog.text])
    assert MARKER not in shown
    assert "554" in shown
    # local mode still shows the server's reply (the user's own server, their own eyes)
    local = submit(Server("smtp", LOOPBACK, marker_server, None, "none", 5.0), None,
                   "a@example.net", ["b@example.net"], b"Subject: x\r\n\r\ny\r\n")
    assert local.outcome is Outcome.PERMANENT
    assert MARKER in local.detail


def test_a_host_refused_at_connect_time_sends_nothing(store: Store, sink: Sink) -> None:
    """Saved while the admin allowed it; the allowance is gone when the worker
    connects: the message waits, the server never hears from us."""
    set_mail_account(store, "smtp", LOOPBACK, sink.port, None, "none", None,
                     allowed_hosts=ALLOW)
    queue(store, "thank-you.daichi-mori")
    routes = TeamRoutes(store, sink.settings(), HostGuard())
    with clock.frozen(store.find_action("1.thank-you.daichi-mori").due):
        report = send_due_team(store, routes, Policy())
    assert sink.handler.received == []
    assert OutboxStore(store).get("1.thank-you.daichi-mori").status == "retry_wait"
    assert any("allow_mail_hosts" in notice for notice in report.notices)


@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
def test_the_owners_account_is_used_with_its_decrypted_password(store: Store,
                                                                sink: Sink) -> None:
    auth = _Auth(CANARY)
    own = SinkHandler()
    port = free_port()
    controller = Controller(own, hostname=LOOPBACK, port=port, authenticator=auth,
                            auth_require_tls=False, ready_timeout=10)
    controller.start()
    try:
        set_mail_account(store, "smtp", LOOPBACK, port, "alex", "none", CANARY,
                         allowed_hosts=ALLOW)
        queue(store, "thank-you.daichi-mori")
        worker = Worker(store, sink.settings(), plan=PLAN, team=True,
                        guard=HostGuard.from_allowed(ALLOW))
        with clock.frozen(store.find_action("1.thank-you.daichi-mori").due):
            report = worker.run(once=True)
    finally:
        controller.stop()
    assert report.sent == ["1.thank-you.daichi-mori"]
    assert auth.seen == 1
    assert len(own.received) == 1
    assert sink.handler.received == []  # not the relay


# several worker processes on one PostgreSQL --------------------------------------------


@dataclass
class Team:
    url: str
    home: Path
    relay: CountingSink
    own: CountingSink
    with_account: set[int]

    def workers(self, count: int, now: str, crash_first_at: str | None = None) -> list[int]:
        return wait_all(start_workers(self.url, self.home, count, now,
                                      crash_first_at=crash_first_at), timeout=300)

    def tally(self) -> Tally:
        return tally(outbox_rows(self.url), self.relay.ids + self.own.ids, self.with_account,
                     self.own.ids)


@pytest.fixture
def team(pg_url: str, private_home: Path) -> Iterator[Team]:
    """Six team users with 300 messages due at NOW; every other user has
    their own SMTP account (a sink that checks the password), the rest go
    through the relay (another sink)."""
    relay, own = CountingSink(), CountingSink()
    with smtp_sink(relay) as relay_port, \
            smtp_sink(own, authenticator=_Auth(CANARY), auth_require_tls=False) as own_port:
        home = worker_home(private_home, relay_port, ALLOW)
        owners = fill_team(pg_url, 6, 300, clock.parse_instant(NOW, field="now"))
        yield Team(pg_url, home, relay, own, set_own_accounts(pg_url, owners, own_port, CANARY))


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
def test_four_worker_processes_deliver_every_message_once(team: Team) -> None:
    assert team.workers(4, NOW) == [0, 0, 0, 0]

    result = team.tally()
    assert result.statuses == {"sent": 300}
    assert (result.delivered, result.duplicates, result.lost) == (300, 0, 0)
    assert result.misrouted == 0
    assert sum(team.own.ids.values()) > 0
    assert set((team.relay.ids + team.own.ids).values()) == {1}


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
def test_a_killed_worker_loses_nothing_and_duplicates_nothing(team: Team) -> None:
    first = team.workers(4, NOW, crash_first_at="data-sent:5")
    assert first[0] == -signal.SIGKILL
    assert first[1:] == [0, 0, 0]
    stranded = Counter(status for _m, status, _o in outbox_rows(team.url))
    assert stranded["submitting"] == 1
    assert stranded["claimed"] >= 0
    # its leases still run: a second round at the same time cannot take its rows
    assert team.workers(2, NOW) == [0, 0]
    assert Counter(s for _m, s, _o in outbox_rows(team.url))["submitting"] == 1
    # past the lease: claimed rows are sent by others, the in-flight one is uncertain
    # (the one worker that found the uncertain row exits 1: not everything went out)
    assert sorted(team.workers(4, later(NOW, 10))) == [0, 0, 0, 1]

    received = team.relay.ids + team.own.ids
    result = team.tally()
    assert result.statuses == {"sent": 299, "uncertain": 1}
    assert (result.delivered, result.duplicates, result.lost) == (299, 0, 0)
    assert result.uncertain_received == 1  # it had reached the server: not resent
    assert max(received.values()) == 1


# the command line for accounts -----------------------------------------------------------


def test_account_commands_save_show_and_remove(run: Runner, private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text('[team]\nallow_mail_hosts = ["127.0.0.1"]\n')
    refused = run("account", "mail", "set", "--user", "local", "--host", "10.0.0.5",
                  "--username", "alex", "--tls", "starttls", "--password-stdin",
                  input=CANARY + "\n")
    assert refused.exit_code == 2
    assert "host" in refused.stderr
    saved = run("account", "mail", "set", "--user", "local", "--host", "127.0.0.1",
                "--port", "2525", "--username", "alex", "--tls", "none", "--password-stdin",
                input=CANARY + "\n")
    assert saved.exit_code == 0, saved.stderr
    shown = run("account", "mail", "show", "--user", "local", "--format", "json")
    assert shown.json()["smtp"]["password"] == "set"  # type: ignore[index]  # noqa: S105
    assert CANARY not in shown.stdout + saved.stdout + saved.stderr
    assert run("account", "mail", "remove", "--user", "local").exit_code == 0
    assert "none" in run("account", "mail", "show", "--user", "local").stdout
    assert run("account", "mail", "show", "--user", "nobody").exit_code == 2


def test_a_team_worker_checks_each_owners_own_mailbox(store: Store, sink: Sink,
                                                      mailbox: Any) -> None:
    """The owner's IMAP account (password from the database, decrypted):
    an uncertain message found in their Sent folder is resolved as sent."""
    from followthrough.mail.outbox import send_due
    from followthrough.mail.worker import smtp_transport

    set_mail_account(store, "imap", LOOPBACK, mailbox.port, mailbox.user, "none",
                     mailbox.password, allowed_hosts=ALLOW)
    row = queue(store, "thank-you.daichi-mori")
    sink.handler.script = ["stall"]
    due = store.find_action("1.thank-you.daichi-mori").due
    with clock.frozen(due):
        send_due(store, smtp_transport(sink.settings(timeout=1.0)))
    assert OutboxStore(store).get(row.action_id).status == "uncertain"
    mailbox.append("Sent", sink.handler.received[0].content)
    worker = Worker(store, sink.settings(), plan=PLAN, team=True,
                    guard=HostGuard.from_allowed(ALLOW))
    with clock.frozen(due + timedelta(minutes=2)):
        report = worker.run(once=True)

    assert report.sent == [row.action_id]
    assert OutboxStore(store).get(row.action_id).status == "sent"
    # without the admin's allowance the same mailbox is not even connected to
    refused = Worker(store, sink.settings(), plan=PLAN, team=True).run(once=True)
    assert any("allow_mail_hosts" in notice for notice in refused.notices)


def test_a_slow_batch_keeps_its_leases(store: Store) -> None:
    """No worker-wide lease in team mode: the rows a worker still has queued
    are renewed once half a lease has passed, so others do not take them."""
    from followthrough.mail.outbox import _lease_keeper

    queue(store, "thank-you.daichi-mori")
    box = OutboxStore.all_owners(store)
    start = store.find_action("1.thank-you.daichi-mori").due
    lease = Policy().lease
    claimed = box.claim("tok", start, lease, 10).claimed
    assert [row.lease_until for row in claimed] == [start + lease]
    with clock.frozen(start):
        keep = _lease_keeper(box, "tok", lease)
    with clock.frozen(start + lease / 4):
        keep()  # too early: nothing written
    assert box.rows()[0].lease_until == start + lease
    with clock.frozen(start + lease * 3 / 4):
        keep()
    assert box.rows()[0].lease_until == start + lease * 7 / 4
    assert box.claim("other", start + lease * 3 / 2, lease, 10).claimed == []
