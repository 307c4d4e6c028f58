"""The password: looked up in the keyring, the environment or a private file;
never in the database file, a log line or an error message."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from followthrough import clock
from followthrough.errors import BadInput
from followthrough.mail.accounts import (
    MailAccountError,
    Secret,
    Server,
    mail_settings,
    password_for,
)
from followthrough.mail.outbox import send_due
from followthrough.mail.worker import smtp_transport
from followthrough.settings import Settings
from followthrough.store import Store
from tests.mail.conftest import LOOPBACK, SinkHandler, free_port, queue

CANARY = "canary-Pw-7d1e0c"


def _settings(**mail: object) -> Settings:
    return Settings(mail=dict(mail))


def test_the_environment_gives_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", CANARY)
    mail = mail_settings(_settings(smtp={"host": "smtp.example.net", "user": "alex"}))
    assert mail.smtp is not None
    secret = password_for(mail.smtp, mail)
    assert secret is not None
    assert secret.reveal() == CANARY
    assert CANARY not in repr(secret)
    assert CANARY not in str(secret)
    assert CANARY not in repr(mail)


def test_a_private_file_gives_the_password(tmp_path: Path) -> None:
    file = tmp_path / "pw"
    file.write_text(CANARY + "\n")
    file.chmod(0o600)
    mail = mail_settings(_settings(password_file=str(file),
                                   smtp={"host": "smtp.example.net", "user": "alex"}))
    assert mail.smtp is not None
    found = password_for(mail.smtp, mail)
    assert found is not None
    assert found.reveal() == CANARY


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_a_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    file = tmp_path / "pw"
    file.write_text(CANARY)
    file.chmod(mode)
    mail = mail_settings(_settings(password_file=str(file),
                                   smtp={"host": "smtp.example.net", "user": "alex"}))
    assert mail.smtp is not None
    with pytest.raises(MailAccountError, match="other users") as caught:
        password_for(mail.smtp, mail)
    assert CANARY not in str(caught.value)


def test_no_password_anywhere_is_a_clear_error_not_a_fallback() -> None:
    mail = mail_settings(_settings(smtp={"host": "smtp.example.net", "user": "alex"}))
    assert mail.smtp is not None
    with pytest.raises(MailAccountError, match="keyring"):
        password_for(mail.smtp, mail)


@pytest.mark.parametrize(("smtp", "field"), [
    ({"host": "smtp.example.net", "tls": "none"}, "mail.smtp.tls"),
    ({"host": "smtp.example.net", "tls": "ssl3"}, "mail.smtp.tls"),
    ({"host": "smtp.example.net", "port": 0}, "mail.smtp.port"),
    ({"host": "smtp.example.net\r\nX: y"}, "mail.smtp.host"),
    ({"host": "smtp.example.net", "passwd": CANARY}, "mail.smtp.passwd"),
])
def test_bad_account_settings_are_refused(smtp: dict[str, object], field: str) -> None:
    with pytest.raises(BadInput) as caught:
        mail_settings(_settings(smtp=smtp))
    assert field in [p.path for p in caught.value.problems]


def test_the_secret_never_prints() -> None:
    assert "hunter2" not in f"{Secret('hunter2')!r} {Secret('hunter2')}"


class _Login:
    def __init__(self) -> None:
        self.seen: list[bytes] = []

    def __call__(self, server: object, session: object, envelope: object, mechanism: str,
                 data: object) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.seen.append(data.password)
        return AuthResult(success=data.password == CANARY.encode())


@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
@pytest.mark.parametrize("right", [True, False])
def test_the_password_is_in_no_database_byte_log_line_or_notice(
        store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, right: bool) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the database file is checked byte by byte on SQLite")
    login = _Login()
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname=LOOPBACK, port=port, authenticator=login,
                            auth_require_tls=False, ready_timeout=10)
    controller.start()
    try:
        monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", CANARY if right else "x" + CANARY)
        mail = mail_settings(_settings(smtp={"host": LOOPBACK, "port": port, "tls": "none",
                                             "user": "alex", "timeout": 2}))
        queue(store, "thank-you.daichi-mori")
        caplog.set_level(logging.DEBUG)
        with clock.frozen(store.find_action("1.thank-you.daichi-mori").due):
            report = send_due(store, smtp_transport(mail))
    finally:
        controller.stop()
    store.engine.dispose()

    assert login.seen  # the server did ask
    assert (report.sent != []) is right
    database = Path(db_url.removeprefix("sqlite:///"))
    for file in database.parent.glob(database.name + "*"):
        assert CANARY.encode() not in file.read_bytes(), file
    assert CANARY not in caplog.text
    assert not any(CANARY in notice for notice in report.notices)


def test_a_server_without_starttls_is_never_logged_into_in_clear(
        sink: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.mail.smtp import Outcome, submit
    from tests.mail.conftest import Sink

    assert isinstance(sink, Sink)
    server = Server("smtp", LOOPBACK, sink.port, "alex", "starttls", 5.0)
    result = submit(server, Secret(CANARY), "a@example.net", ["b@example.net"], b"X: y\r\n\r\nz")

    assert result.outcome is Outcome.TEMPORARY
    assert "STARTTLS" in result.detail
    assert sink.handler.received == []
