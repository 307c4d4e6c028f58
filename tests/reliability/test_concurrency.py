"""Many processes on one SQLite home: 8 importing, 4 reading the agenda, and a
web server taking reads and new interviews, for FT_SOAK_SECONDS (30 by
default): no command fails ("database is locked" was 3-17% of imports), the
database passes PRAGMA integrity_check, and every interview has its plan.
Processes that open a new database at once migrate it once, in turn."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from followthrough.debrief import read_debrief
from tests.conftest import PROJECT
from tests.reliability.processes import CLI, cli, environment, serving

SECONDS = float(os.environ.get("FT_SOAK_SECONDS", "30"))
IMPORTERS = 8
AGENDA_LOOPS = 4
PER_IMPORT = 3
"""Interviews in each imported file (a backup), stored in one transaction."""
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Tally:
    ok: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, what: str, failure: str | None) -> None:
        with self.lock:
            if failure is None:
                self.ok[what] += 1
            else:
                self.failures.append(f"{what}: {failure}")


_EXAMPLES = sorted((PROJECT / "examples").glob("*.toml"))


def _debrief(company: str, number: int) -> dict[str, Any]:
    document = read_debrief(_EXAMPLES[number % len(_EXAMPLES)]).to_document()
    document = json.loads(json.dumps(document, default=str))
    document["interview"]["company"] = company
    return document


def _until(deadline: float, step: Callable[[int], None]) -> None:
    number = 0
    while time.monotonic() < deadline:
        step(number)
        number += 1


def _importer(worker: int, folder: Path, env: dict[str, str], tally: Tally,
              deadline: float) -> None:
    def step(number: int) -> None:
        path = folder / f"import-{worker}-{number}.json"
        items = [{"debrief": _debrief(f"Soak I{worker} N{number} #{n}", number + n)}
                 for n in range(PER_IMPORT)]
        path.write_text(json.dumps({"version": 1, "interviews": items}), encoding="utf-8")
        done = cli(["import", str(path)], env)
        tally.record("import", None if done.returncode == 0 else done.stderr.strip())

    _until(deadline, step)


def _agenda_loop(env: dict[str, str], tally: Tally, deadline: float) -> None:
    def step(_number: int) -> None:
        done = cli(["agenda", "--format", "json"], env)
        failure = None if done.returncode == 0 and isinstance(json.loads(done.stdout), dict) \
            else done.stderr.strip() or done.stdout[:200]
        tally.record("agenda", failure)

    _until(deadline, step)


def _web_loop(base: str, tally: Tally, deadline: float) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        token = CSRF.search(client.get("/").text)
        assert token is not None

        def step(number: int) -> None:
            for what, response in (
                    ("web page", client.get("/")),
                    ("web agenda", client.get("/api/agenda")),
                    ("web import", client.post(
                        "/api/interviews", json=_debrief(f"Soak W N{number}", number),
                        headers={"X-CSRF-Token": token.group(1)}))):
                tally.record(what, None if response.status_code < 400
                             else f"{response.status_code} {response.text[:200]}")

        _until(deadline, step)


@pytest.mark.slow
def test_importers_agenda_loops_and_the_web_share_one_sqlite_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = environment(home)
    folder = tmp_path / "files"
    folder.mkdir()
    tally = Tally()
    with serving(["--port", "0"], env) as server:
        deadline = time.monotonic() + SECONDS
        with ThreadPoolExecutor(IMPORTERS + AGENDA_LOOPS + 1) as pool:
            running = [pool.submit(_importer, n, folder, env, tally, deadline)
                       for n in range(IMPORTERS)]
            running += [pool.submit(_agenda_loop, env, tally, deadline)
                        for _ in range(AGENDA_LOOPS)]
            running.append(pool.submit(_web_loop, server.url, tally, deadline))
            for job in running:
                job.result()

    print(f"{SECONDS:.0f} s:", dict(tally.ok), "failures:", len(tally.failures))
    assert tally.failures == []
    assert tally.ok["import"] >= IMPORTERS
    assert tally.ok["agenda"] >= AGENDA_LOOPS
    assert tally.ok["web import"] >= 1
    database = sqlite3.connect(home / "followthrough.db")
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = database.execute("SELECT count(*) FROM interviews").fetchone()[0]
        unplanned = database.execute(
            "SELECT count(*) FROM interviews i WHERE NOT EXISTS "
            "(SELECT 1 FROM actions a WHERE a.interview_id = i.id)").fetchone()[0]
    finally:
        database.close()
    assert stored == tally.ok["import"] * PER_IMPORT + tally.ok["web import"]
    assert unplanned == 0


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    env = environment(tmp_path / "home")
    starting = [subprocess.Popen([*CLI, "list", "--format", "json"], env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(6)]
    outcomes = [(*process.communicate(timeout=120), process.returncode)
                for process in starting]

    assert [code for _out, _err, code in outcomes] == [0] * 6, [err for _, err, _ in outcomes]
    database = sqlite3.connect(tmp_path / "home" / "followthrough.db")
    try:
        assert database.execute("SELECT count(*) FROM users").fetchone()[0] == 1
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        database.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_processes_opening_a_new_postgresql_database_at_once_all_succeed(
        tmp_path: Path, pg_url: str) -> None:
    env = environment(tmp_path / "home")
    starting = [subprocess.Popen([*CLI, "list", "--format", "json", "--db", pg_url], env=env,
                                 text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(4)]
    outcomes = [(*process.communicate(timeout=120), process.returncode)
                for process in starting]

    assert [code for _out, _err, code in outcomes] == [0] * 4, [err for _, err, _ in outcomes]
