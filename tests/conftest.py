"""Fixtures for every test: a private home folder, no stray environment, a CLI
runner, and PostgreSQL databases when a server is available.

Material from outside the repository: CI keeps the project's shared folder
(reference debriefs, checker corpus) beside the clone, at ``../shared``. A
fresh clone has none, so a test that fails only because it reads that absent
folder is reported as skipped, with the folder named, unless ``CI=true``: there
it must run, and fails.
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from followthrough.cli import cli

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
EXAMPLES = PROJECT / "examples"
"""The repository's example debriefs (the README's and docs/input.md's)."""
JP_FIRST_ROUND = PROJECT / "tests" / "data" / "debrief-jp-first-round.toml"
"""A Japanese first round with every part of a debrief: the fixture most tests store."""
US_PANEL = PROJECT / "tests" / "data" / "debrief-us-panel.toml"
"""A US panel of three with no decision timeline, no recruiter and no reference."""
PG_ENV = "FOLLOWTHROUGH_TEST_PG_URL"
NEEDS_SHARED = (f"needs {SHARED}, the shared folder CI keeps beside the clone (reference "
                "debriefs, seed articles, checker corpus); it is absent here. CI=true requires it")


def us_panels_at(folder: Path, companies: dict[str, int]) -> list[Path]:
    """Copies of :data:`US_PANEL` written to ``folder``: one per company, interviewed
    on the given day of November 2026 at 10:00 in New York."""
    text = US_PANEL.read_text(encoding="utf-8")
    files = []
    for company, day in companies.items():
        path = folder / f"{company.replace(' ', '-')}.toml"
        path.write_text(text.replace('company = "Bellhaven Clinics"', f'company = "{company}"')
                        .replace("starts = 2026-12-21T15:30:00-05:00",
                                 f"starts = 2026-11-{day:02d}T10:00:00-05:00"),
                        encoding="utf-8")
        files.append(path)
    return files


def fresh_python(code: str, *args: str) -> str:
    """What ``code`` prints, run by a fresh interpreter in the project folder (what
    it imports is then its own doing)."""
    import subprocess

    return subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT,
                          capture_output=True, text=True, check=True).stdout


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def shared_is_missing() -> bool:
    return not SHARED.is_dir()


def require_shared() -> Path:
    """``../shared``, or skip the test (fail it in CI) when it is absent."""
    if shared_is_missing():
        if in_ci():
            pytest.fail(NEEDS_SHARED)
        pytest.skip(NEEDS_SHARED)
    return SHARED


@cache
def seed_fingerprint() -> SimpleNamespace:
    """``scripts/fingerprint-seeds.py``: the seeds' shingle normaliser and fingerprint."""
    return SimpleNamespace(**runpy.run_path(str(PROJECT / "scripts" / "fingerprint-seeds.py")))


def _inside_shared(value: object) -> bool:
    if isinstance(value, Path):
        return value.resolve().is_relative_to(SHARED)
    if isinstance(value, dict):
        return any(map(_inside_shared, value.values()))
    if isinstance(value, list | tuple):
        return any(map(_inside_shared, value))
    return False


def _module_reads_shared(item: pytest.Item) -> bool:
    """The test's module holds a path into ``../shared`` (``EXAMPLES``, say)."""
    module = getattr(item, "module", None)
    return module is not None and any(map(_inside_shared, vars(module).values()))


def _failed_on_absent_shared(report: pytest.CollectReport | pytest.TestReport,
                             item: pytest.Item | None = None) -> bool:
    """A failure outside CI, with ``../shared`` absent, that names it or comes
    from a test module that reads it."""
    if not (report.failed and shared_is_missing() and not in_ci()):
        return False
    return str(SHARED) in str(report.longrepr) or (item is not None
                                                   and _module_reads_shared(item))


def _as_skipped(report: pytest.CollectReport | pytest.TestReport, path: str,
                line: int) -> None:
    report.outcome = "skipped"
    report.longrepr = (path, line, f"Skipped: {NEEDS_SHARED}")
    report.skipped_without_shared = report.longrepr  # type: ignore[union-attr]


SKIPPED_WITHOUT_SHARED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing setup or call; a failing teardown only after one of those was
    skipped (what the interrupted test left open, a database connection, say)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if call.when == "teardown":
        if report.failed and item.stash.get(SKIPPED_WITHOUT_SHARED, False):
            path, line, _ = item.location
            _as_skipped(report, path, (line or 0) + 1)
    elif _failed_on_absent_shared(report, item):
        path, line, _ = item.location
        _as_skipped(report, path, (line or 0) + 1)
        item.stash[SKIPPED_WITHOUT_SHARED] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """After the fixtures of a test skipped for the absent folder are torn down,
    free what its interrupted run left open (a database connection, say; pytest
    keeps the failure's frames in ``sys.last_*``) without the warnings of their
    collection, which would otherwise fail a later test or the session's end."""
    try:
        return (yield)
    finally:
        if item.stash.get(SKIPPED_WITHOUT_SHARED, False):
            _free_what_was_left_open()


def _free_what_was_left_open() -> None:
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: pytest.Item, call: pytest.CallInfo[None],
                              report: pytest.TestReport) -> None:
    """Keep the skip's reason: a plugin (schemathesis) rewrites the report of an
    exception group here, after the report was made."""
    kept = getattr(report, "skipped_without_shared", None)
    if kept is not None:
        report.longrepr = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if _failed_on_absent_shared(report):
        _as_skipped(report, str(collector.path), 1)


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


THREADS_END_WITHIN = 10.0
"""Seconds the threads the tests started get, after the last teardown, to end."""


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After every fixture is torn down, wait for the threads the tests started and
    fail the run if one is still running: a thread alive while the interpreter
    finalizes can crash it (a SIGSEGV at exit after every test passed)."""
    left = threads_still_running(time.monotonic() + THREADS_END_WITHIN)
    if left:
        names = ", ".join(sorted(thread.name for thread in left))
        sys.stderr.write(f"\nThreads still running {THREADS_END_WITHIN:g} s after the last "
                         f"test: {names}. Stop them in the fixture that started them.\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def threads_still_running(deadline: float) -> list[threading.Thread]:
    """The threads other than this one that have not ended by ``deadline``."""
    others = [thread for thread in threading.enumerate()
              if thread is not threading.current_thread()]
    for thread in others:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    return [thread for thread in others if thread.is_alive()]


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
    without_shared = sum(NEEDS_SHARED in str(report.longrepr)
                         for report in terminalreporter.stats.get("skipped", []))
    if without_shared:
        terminalreporter.write_line(f"{without_shared} tests and modules skipped: {NEEDS_SHARED}")
