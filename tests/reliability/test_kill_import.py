"""kill -9 at random points of a multi-file import: each file is stored entirely
or not at all, and no interview is ever left without its plan (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from followthrough.debrief import read_debrief
from followthrough.store.engine import make_engine
from tests.conftest import PROJECT
from tests.reliability.processes import CLI, cli, environment

FILES = 4
PER_FILE = 25
KILLS = 20
UNPLANNED = text("SELECT count(*) FROM interviews i WHERE NOT EXISTS "
                 "(SELECT 1 FROM actions a WHERE a.interview_id = i.id)")


def _export_files(folder: Path) -> list[Path]:
    """FILES export files of PER_FILE interviews each, the examples under new
    company names ("Kill F<file> N<n>") so that every interview is new."""
    examples = [read_debrief(path).to_document()
                for path in sorted((PROJECT / "examples").glob("*.toml"))]
    written = []
    for number in range(FILES):
        items = []
        for n in range(PER_FILE):
            document = json.loads(json.dumps(examples[n % len(examples)], default=str))
            document["interview"]["company"] = f"Kill F{number} N{n}"
            items.append({"debrief": document})
        path = folder / f"backup-{number}.json"
        path.write_text(json.dumps({"version": 1, "interviews": items}), encoding="utf-8")
        written.append(path)
    return written


def _stored_per_file(url: str) -> tuple[dict[int, int], int]:
    """How many interviews of each file are stored, and how many interviews have
    no planned action, read straight from the database (no followthrough command
    opens it first, so nothing is repaired before it is counted)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not connection.dialect.has_table(connection, "interviews"):
                return {}, 0
            companies = connection.execute(text("SELECT company FROM interviews")).scalars()
            per_file = Counter(int(name.split()[1][1:]) for name in companies)
            unplanned = int(connection.execute(UNPLANNED).scalar() or 0)
    finally:
        engine.dispose()
    return dict(per_file), unplanned


def _kill_at(args: list[str], env: dict[str, str], after: float) -> tuple[int | None, float]:
    """Run, and kill -9 ``after`` seconds unless it ended first: its exit status
    (``None`` when killed) and how long it ran."""
    started = time.monotonic()
    process = subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None, time.monotonic() - started
    return process.returncode, time.monotonic() - started


def _wipe(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM interviews"))
    engine.dispose()


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    finished = cli(args, env)
    assert finished.returncode == 0, finished.stderr
    return time.monotonic() - started


def _kill_imports(tmp_path: Path, url: str) -> Counter[str]:
    """KILLS imports into ``url``, each cut off at a random instant between the
    end of start-up (a `list` takes as long) and the end of a whole import; the
    invariants are checked after each, then the database is emptied. The window
    follows the machine's speed (a run that finished narrows it from above, one
    killed before any file from below). Returns how the runs ended."""
    files = _export_files(tmp_path)
    env = environment(tmp_path / "home")
    importing = ["import", *map(str, files), "--db", url]
    startup = _timed(["list", "--db", url], env)
    _timed(importing, env)  # warms the caches a killed run finds warm too
    assert _stored_per_file(url) == ({n: PER_FILE for n in range(FILES)}, 0)
    _wipe(url)
    duration = _timed(importing, env)

    chance = random.Random(16)
    endings: Counter[str] = Counter()
    low, high = min(startup, duration / 2), duration  # a slow `list` must not close the window
    for run in range(KILLS):
        _wipe(url)
        at = chance.uniform(low, high)
        ended, ran = _kill_at(importing, env, at)
        per_file, unplanned = _stored_per_file(url)
        assert unplanned == 0, f"run {run}: {unplanned} interviews without a plan"
        assert set(per_file.values()) <= {PER_FILE}, f"run {run}: a file half stored: {per_file}"
        complete = sorted(per_file)
        assert complete == list(range(len(complete))), "files are stored in order"
        endings["finished" if ended == 0 else f"killed after {len(complete)} files"] += 1
        if ended == 0:
            high = max(0.05, ran * 0.95)
            low = min(low, high / 2)
        elif not complete:
            low = min((low + at) / 2, high - 0.1)
    return endings


def _assert_spread(endings: Counter[str]) -> None:
    """Most runs were killed, and several after some files but before others."""
    killed = sum(n for what, n in endings.items() if what != "finished")
    between = sum(n for what, n in endings.items()
                  if what not in ("finished", "killed after 0 files",
                                  f"killed after {FILES} files"))
    assert killed >= KILLS // 2
    assert between >= 3


@pytest.mark.slow
def test_killed_sqlite_imports_store_whole_files(tmp_path: Path) -> None:
    endings = _kill_imports(tmp_path, f"sqlite:///{tmp_path / 'kill.db'}")

    print(f"SQLite, {KILLS} kills:", dict(endings))
    _assert_spread(endings)


@pytest.mark.slow
@pytest.mark.postgres
def test_killed_postgresql_imports_store_whole_files(tmp_path: Path, pg_url: str) -> None:
    endings = _kill_imports(tmp_path, pg_url)

    print(f"PostgreSQL, {KILLS} kills:", dict(endings))
    _assert_spread(endings)
