"""A canary password goes through every path (add, sign-in, failed sign-in,
password change) and is then looked for in the database and in the logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from followthrough import clock
from followthrough.errors import BadInput
from followthrough.store import open_store
from followthrough.store.schema import metadata
from followthrough.store.team import TeamStore
from followthrough.team import admin
from followthrough.team.auth import LoginRefused, LoginThrottled, login, logout, resolve
from tests.conftest import Runner
from tests.team.conftest import START

CANARY = "canary-7f3a9 Zebra Lantern"
CANARY_TOO = "canary-0c41e Copper Whistle"
WRONG = "canary-d29b1 Wrong Guess"


def _exercise(team: TeamStore, handle: str) -> None:
    with clock.frozen(START):
        session = login(team, handle, CANARY, "203.0.113.7")
        assert resolve(team, session.token) is not None
        logout(team, session.token)
        for _ in range(6):
            with pytest.raises((LoginRefused, LoginThrottled)):
                login(team, handle, WRONG, "203.0.113.7")
        with pytest.raises(LoginRefused):
            login(team, "nobody", WRONG, "198.51.100.9")
        admin.set_password(team, handle, CANARY_TOO)
        assert login(team, handle, CANARY_TOO, "198.51.100.3")


def _every_row(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return "\n".join(repr(row) for table in metadata.sorted_tables
                             for row in connection.execute(select(table)))
    finally:
        engine.dispose()


def _assert_absent(text: str | bytes, what: str) -> None:
    for secret in (CANARY, CANARY_TOO, WRONG):
        for fragment in (secret, secret.split()[0], secret.split()[-1]):
            needle = fragment.encode() if isinstance(text, bytes) else fragment
            assert needle not in text, f"{fragment!r} found in {what}"


def test_passwords_reach_neither_database_nor_logs(db_url: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = open_store(db_url)
    try:
        team = TeamStore(store.engine)
        admin.add_user(team, "zoe", "candidate", "Northwind", CANARY, email="zoe@example.com")
        with pytest.raises(BadInput):
            admin.add_user(team, "max", "candidate", "Northwind", "short")
        _exercise(team, "zoe")
    finally:
        store.engine.dispose()
    _assert_absent(caplog.text, "the logs")
    assert "signed in" in caplog.text, "the logs were captured"
    rows = _every_row(db_url)
    assert "zoe@example.com" in rows, "the dump holds the users"
    assert "$argon2id$" in rows
    _assert_absent(rows, "the database rows")
    if db_url.startswith("sqlite:///"):
        _assert_absent_from_files(Path(db_url.removeprefix("sqlite:///")))


def _assert_absent_from_files(database: Path) -> None:
    files = list(database.parent.glob(database.name + "*"))
    assert b"zoe@example.com" in b"".join(path.read_bytes() for path in files)
    for path in files:
        _assert_absent(path.read_bytes(), path.name)


def test_the_cli_neither_echoes_nor_stores_passwords(run: Runner, private_home: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    results = [
        run("user", "add", "zoe", "--role", "candidate", "--firm", "Northwind", "--email",
            "zoe@example.com", "--password-stdin", input=CANARY + "\n"),
        run("user", "add", "max", "--role", "candidate", "--firm", "Northwind", "--name",
            "Max", input=f"{WRONG}\n{CANARY}\n{CANARY_TOO}\n{CANARY_TOO}\n"),
        run("user", "passwd", "zoe", "--password-stdin", input="short\n"),
        run("user", "passwd", "zoe", input=f"{WRONG}\n{WRONG}\n"),
    ]
    assert [result.exit_code for result in results] == [0, 0, 2, 0]
    for result in results:
        _assert_absent(result.stdout + result.stderr, "the CLI's output")
    _assert_absent(caplog.text, "the logs")
    _assert_absent_from_files(next(private_home.rglob("*.db")))
