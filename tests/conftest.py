"""Fixtures for every test: a private home folder, no stray environment, a CLI
runner, and PostgreSQL databases when a server is available."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from followthrough.cli import cli

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "examples"
PROJECT = Path(__file__).resolve().parents[1]
PG_ENV = "FOLLOWTHROUGH_TEST_PG_URL"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(home))
    for name in ("FOLLOWTHROUGH_DB", "FOLLOWTHROUGH_NOW", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    return home


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@dataclass
class Runner:
    db: str | None = None

    def __call__(self, *args: str, input: str | None = None) -> Result:
        argv = list(args)
        if self.db:
            argv += ["--db", self.db]
        outcome = CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.stdout, outcome.stderr)


@pytest.fixture
def run() -> Runner:
    """Run the CLI in-process against the private SQLite home."""
    return Runner()


def _pg_server_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("FOLLOWTHROUGH_REQUIRE_PG"):
        pytest.fail(f"{PG_ENV} is not set but FOLLOWTHROUGH_REQUIRE_PG is: "
                    "the PostgreSQL tests must run here")
    pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV} (scripts/test starts a server)")
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    server = _pg_server_url()
    assert server is not None
    name = f"ft_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = server.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly how the PostgreSQL tests went, so a CI log shows they ran."""
    counts: dict[str, int] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if "[postgresql" in getattr(report, "nodeid", "") and report.when in ("call",
                                                                                   "setup"):
                if outcome == "passed" and report.when != "call":
                    continue
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"PostgreSQL-backed tests: {summary}")
