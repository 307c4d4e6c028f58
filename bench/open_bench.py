"""What every command pays to open the store at scale: `open_store` (the data
folder made private, the schema checked) and the look for interviews stored
without a plan (all of them after a migration, the newest on every command),
over N synthetic interviews with 3 actions each.

    .venv/bin/python bench/open_bench.py --interviews 10000 100000
    .venv/bin/python bench/open_bench.py --db postgresql+psycopg://... --interviews 100000

Rows are bulk-loaded as in agenda_bench.py; the median and p95 of each part are
printed as a Markdown row.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable

from agenda_bench import load
from machine import describe as describe_machine
from machine import store_options

from followthrough.app.records import RECENT
from followthrough.store import open_store


def _timed(step: Callable[[], object], runs: int) -> tuple[float, float]:
    step()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def run_one(url: str, count: int, runs: int) -> str:
    store = open_store(url)
    load(store, count)

    def reopen() -> None:
        open_store(url).engine.dispose()

    opening = _timed(reopen, runs)
    everything = _timed(store.unplanned_interviews, runs)
    recent = _timed(lambda: store.unplanned_interviews(RECENT), runs)
    assert store.unplanned_interviews() == []  # every row has actions
    store.engine.dispose()
    return (f"| {store.engine.dialect.name} | {count:,} | {opening[0]:.1f} ms | "
            f"{opening[1]:.1f} ms | {everything[0]:.1f} ms | {everything[1]:.1f} ms | "
            f"{recent[0]:.2f} ms | {recent[1]:.2f} ms |")


def main() -> None:
    args = store_options(__doc__.splitlines()[0], [10_000, 100_000], 50)
    print(f"machine: {describe_machine()}")
    print("| database | interviews | open_store median | p95 | look at all (after a "
          "migration) median | p95 | look at the newest (every command) median | p95 |")
    print("|---|---|---|---|---|---|---|---|")
    for count in args.interviews:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["FOLLOWTHROUGH_HOME"] = folder
            url = args.db or f"sqlite:///{folder}/open.db"
            print(run_one(url, count, args.runs), flush=True)


if __name__ == "__main__":
    main()
