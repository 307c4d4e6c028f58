"""Agenda latency at scale: N synthetic interviews with 3 planned actions each.

    .venv/bin/python bench/agenda_bench.py --interviews 100000 1000000
    .venv/bin/python bench/agenda_bench.py --db postgresql+psycopg://... --interviews 100000

Rows are bulk-loaded straight into the tables (the planner is not the thing
measured here), spread over ten years around a fixed "now", all pending, all
owned by the local user: the worst case for the (owner, status, due) index.
Then ``tracking.agenda`` (the query plus bucketing) runs repeatedly and the
median and p95 are printed as a Markdown row.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from machine import describe as describe_machine
from machine import store_options
from sqlalchemy import insert, text

from followthrough import clock
from followthrough.app.agenda import agenda
from followthrough.store import Store, open_store
from followthrough.store.schema import actions, interviews

NOW = datetime(2026, 11, 16, 6, 5, tzinfo=UTC)
SPAN = timedelta(days=3650)
KINDS = ("thank-you", "status-inquiry", "move-on")
BATCH = 20_000


def _start_of(index: int, count: int) -> datetime:
    return NOW - SPAN / 2 + SPAN * (index / count)


def _interview_rows(first: int, last: int, count: int) -> list[dict[str, object]]:
    return [{"id": i, "owner_id": 1, "company": f"Company {i}", "role": "Engineer",
             "starts_at": _start_of(i, count), "state": "awaiting",
             "digest": f"{i:064d}", "created_at": NOW, "updated_at": NOW,
             "candidate_zone": "Europe/Berlin", "uid": f"{i:032x}"} for i in range(first, last)]


def _action_rows(first: int, last: int, count: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(first, last):
        start = _start_of(i, count)
        for step, kind in enumerate(KINDS):
            due = start + timedelta(days=1 + 10 * step)
            rows.append({"interview_id": i, "owner_id": 1, "key": f"{kind}.x", "kind": kind,
                         "recipient": "Someone", "channel": "email", "due_at": due,
                         "latest_at": due + timedelta(days=1), "zone": "Asia/Tokyo",
                         "why": "Synthetic action.", "rule": "bench", "status": "pending"})
    return rows


def load_sqlite(store: Store, count: int) -> None:
    with store.transaction() as connection:
        for first in range(1, count + 1, BATCH):
            last = min(first + BATCH, count + 1)
            connection.execute(insert(interviews), _interview_rows(first, last, count))
            connection.execute(insert(actions), _action_rows(first, last, count))


def _copy(cursor: object, table: str, columns: list[str], rows: list[dict[str, object]]
          ) -> None:
    buffer = io.StringIO()
    for row in rows:
        values = []
        for column in columns:
            value = row[column]
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, dict):
                value = "{}"
            values.append(str(value))
        buffer.write("\t".join(values) + "\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        copy.write(buffer.getvalue())


def load_postgres(store: Store, count: int) -> None:
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(1, count + 1, BATCH):
            last = min(first + BATCH, count + 1)
            interview_rows = _interview_rows(first, last, count)
            _copy(cursor, "interviews", list(interview_rows[0]), interview_rows)
            action_rows = _action_rows(first, last, count)
            _copy(cursor, "actions", list(action_rows[0]), action_rows)
        cursor.execute("SELECT setval('interviews_id_seq', %s)", (count,))
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def measure(store: Store, runs: int) -> tuple[float, float, int]:
    timings = []
    found = 0
    with clock.frozen(NOW):
        agenda(store)
        for _ in range(runs):
            started = time.perf_counter()
            result = agenda(store)
            timings.append((time.perf_counter() - started) * 1000)
            found = len(result.overdue) + len(result.today) + len(result.upcoming)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], found


def load(store: Store, count: int) -> None:
    """``count`` interviews and their actions in ``store``, in place of what it held."""
    if store.engine.dialect.name == "postgresql":
        with store.transaction() as connection:
            connection.execute(text("TRUNCATE interviews RESTART IDENTITY CASCADE"))
        load_postgres(store, count)
    else:
        load_sqlite(store, count)


def run_one(url: str, count: int, runs: int) -> str:
    store = open_store(url)
    started = time.perf_counter()
    load(store, count)
    loaded = time.perf_counter() - started
    median, p95, found = measure(store, runs)
    store.engine.dispose()
    name = store.engine.dialect.name
    return (f"| {name} | {count:,} | {count * len(KINDS):,} | {loaded:.0f} s | {found} | "
            f"{median:.2f} ms | {p95:.2f} ms |")


def main() -> None:
    args = store_options(__doc__.splitlines()[0], [100_000, 1_000_000], 200)
    print(f"machine: {describe_machine()}")
    print("| database | interviews | actions | load | agenda items | median | p95 |")
    print("|---|---|---|---|---|---|---|")
    for count in args.interviews:
        if args.db:
            url = args.db
        else:
            folder = tempfile.mkdtemp(prefix="ft-bench-")
            url = f"sqlite:///{folder}/bench.db"
        print(run_one(url, count, args.runs), flush=True)


if __name__ == "__main__":
    main()
