"""Real servers on 127.0.0.1 for the mail tests: an aiosmtpd sink that counts
Message-IDs and can be told to answer 4xx/5xx or to stall after the data,
and a Dovecot IMAP server with a throwaway mailbox. Nothing leaves loopback."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.debrief import read_debrief
from followthrough.mail.accounts import MailSettings, Server
from followthrough.store import Store, open_store
from followthrough.store.outbox import NewMessage, OutboxRow, OutboxStore
from tests.conftest import JP_FIRST_ROUND

LOOPBACK = "127.0.0.1"
TOKYO_NOW = "2026-11-16T15:00:00+09:00"
"""One hour after the Tokyo interview: the thank-you notes are due at 16:00."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class SinkHandler:
    """Accepts everything unless ``script`` says otherwise for the next DATA:
    a reply line ("451 4.3.0 try later") or "stall" (answer 250 only after the
    client has given up: the RFC 1047 window)."""

    received: list[Any] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    stall_seconds: float = 2.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            step = self.script.pop(0) if self.script else "250"
        if step == "stall":  # the server has the message; its 250 comes too late
            self._keep(envelope)
            await asyncio.sleep(self.stall_seconds)
            return "250 OK (too late for the client)"
        if step != "250":
            return step
        self._keep(envelope)
        return "250 OK"

    def _keep(self, envelope: Any) -> None:
        with self.lock:
            self.received.append(envelope)

    def message_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(str(message_from_bytes(e.content, policy=policy.SMTP)["Message-ID"])
                           for e in self.received)

    def messages(self) -> list[Any]:
        with self.lock:
            return [message_from_bytes(e.content, policy=policy.SMTP) for e in self.received]


@dataclass
class Sink:
    handler: SinkHandler
    port: int

    def server(self, timeout: float = 10.0) -> Server:
        return Server(kind="smtp", host=LOOPBACK, port=self.port, user=None, tls="none",
                      timeout=timeout)

    def settings(self, timeout: float = 10.0) -> MailSettings:
        return MailSettings(from_addr=None, from_name=None, smtp=self.server(timeout),
                            imap=None, password_file=None, policy={})


@pytest.fixture
def sink() -> Iterator[Sink]:
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname=LOOPBACK, port=port, ready_timeout=10)
    controller.start()
    try:
        yield Sink(handler, port)
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring answers nothing here (as on a headless server)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in ("FOLLOWTHROUGH_SMTP_PASSWORD", "FOLLOWTHROUGH_IMAP_PASSWORD",
                 "FOLLOWTHROUGH_CRASH_AT"):
        monkeypatch.delenv(name, raising=False)


# the database -------------------------------------------------------------


@pytest.fixture
def now() -> Iterator[Any]:
    with clock.frozen(clock.parse_instant(TOKYO_NOW, field="now")) as instant:
        yield instant


@pytest.fixture
def store(db_url: str, now: Any) -> Iterator[Store]:
    opened = open_store(db_url)
    debrief = read_debrief(JP_FIRST_ROUND)
    interview_id, _ = opened.add_interview(debrief)
    replan(opened, interview_id)
    try:
        yield opened
    finally:
        opened.engine.dispose()


def queue(store: Store, key: str, *, send_at: Any = None, latest: Any = None,
          to_addr: str | None = None, interview_id: int = 1) -> OutboxRow:
    """Put the planned action ``key`` in the outbox without the composer."""
    from followthrough.mail.message import new_message_id

    planned = store.find_action(f"{interview_id}.{key}")
    row, _ = OutboxStore(store).enqueue(NewMessage(
        interview_id=interview_id, action_key=key, kind=planned.kind,
        message_id=new_message_id("mara.lindholm@example.net"), from_name="Mara Lindholm",
        from_addr="mara.lindholm@example.net", to_name=planned.recipient or "Someone",
        to_addr=to_addr or "d.mori@tsubame.example", subject=f"About {key}",
        body=f"Hello,\n\nthis is {key}.\n\nAlex\n", send_at=send_at or planned.due,
        latest_at=latest or planned.latest, zone=planned.zone), clock.now())
    return row


def queue_many(store: Store, count: int, first: int = 0) -> None:
    """``count`` messages for the thank-you action of ``count`` copies of the
    interview, each at a company of its own (interviews at one company are
    planned together, as rounds: that is not what these tests are about).
    ``first`` numbers a later batch after an earlier one's companies."""
    from followthrough.mail.message import new_message_id

    debrief = read_debrief(JP_FIRST_ROUND)
    box = OutboxStore(store)
    now = clock.now()
    for n in range(first, first + count):
        changed = debrief.model_copy(update={"interview": debrief.interview.model_copy(
            update={"role": f"Role {n}", "company": f"{debrief.interview.company} {n}"})})
        interview_id, _ = store.add_interview(changed)
        replan(store, interview_id)
        planned = store.find_action(f"{interview_id}.thank-you.daichi-mori")
        box.enqueue(NewMessage(
            interview_id=interview_id, action_key=planned.key, kind=planned.kind,
            message_id=new_message_id("mara.lindholm@example.net"), from_name="Mara Lindholm",
            from_addr="mara.lindholm@example.net", to_name="Daichi Mori",
            to_addr="d.mori@tsubame.example", subject=f"Thanks {n}", body="Thank you.\n",
            send_at=now - timedelta(minutes=1), latest_at=now + timedelta(days=1),
            zone="Asia/Tokyo"), now)


def smtp_settings_file(home: Path, sink: Sink) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {sink.port}\ntls = "none"\ntimeout = 5\n',
        encoding="utf-8")


# Dovecot ---------------------------------------------------------------


@dataclass
class Imap:
    root: Path
    port: int
    user: str = "seeker"
    password: str = "imap-canary-pass"  # noqa: S105 - a throwaway test mailbox

    def server(self) -> Server:
        return Server(kind="imap", host=LOOPBACK, port=self.port, user=self.user,
                      tls="none", timeout=10.0)

    def client(self) -> Any:
        from imapclient import IMAPClient

        client = IMAPClient(LOOPBACK, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, folder: str, raw: bytes) -> None:
        client = self.client()
        try:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw)
        finally:
            client.logout()


DOVECOT_CONF = """protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {uid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {root}/users
}}
userdb {{
  driver = passwd-file
  args = {root}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def _dovecot_missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Dovecot is required in CI: {reason}")
    pytest.skip(f"IMAP tests skipped: {reason} (scripts/system-packages.sh installs Dovecot)")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Imap]:
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot"
                                         if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        _dovecot_missing("`dovecot` is not installed")
    assert binary is not None
    if os.geteuid() != 0:
        _dovecot_missing("starting Dovecot with a throwaway mailbox needs root here")
    subprocess.run(["id", "vmail"], capture_output=True, check=False).returncode == 0 or \
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                        "/usr/sbin/nologin", "vmail"], check=True)
    uid = int(subprocess.run(["id", "-u", "vmail"], capture_output=True, text=True,
                             check=True).stdout)
    gid = int(subprocess.run(["id", "-g", "vmail"], capture_output=True, text=True,
                             check=True).stdout)
    # Dovecot's auth process (user dovecot) needs +x on every folder above the
    # users file, which pytest's private 0700 temp folder does not give
    root = Path(tempfile.mkdtemp(prefix="followthrough-dovecot-"))
    root.chmod(0o755)
    (root / "run").mkdir()
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    imap = Imap(root, free_port())
    (root / "users").write_text(
        f"{imap.user}:{{PLAIN}}{imap.password}:{uid}:{gid}::{root}/mail/{imap.user}\n")
    conf = root / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(root=root, uid=uid, port=imap.port))
    subprocess.run([binary, "-c", str(conf)], check=True)
    try:
        _wait_for(imap.port)
        yield imap
    finally:
        subprocess.run([binary, "-c", str(conf), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Dovecot did not listen on {port}")


@pytest.fixture
def mailbox(dovecot: Imap) -> Imap:
    """The test mailbox, emptied before each test."""
    client = dovecot.client()
    try:
        for _flags, _sep, name in client.list_folders():
            client.select_folder(name)
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()
    finally:
        client.logout()
    return dovecot
