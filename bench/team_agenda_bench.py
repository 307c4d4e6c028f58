"""Consultant agenda latency on PostgreSQL: 1,000 linked candidates, 1M interviews in all.

    .venv/bin/python bench/team_agenda_bench.py [--server URL] [--database ft_team_bench]
        [--runs 500] [--keep] [--reuse] [--wait-load 1.5] [--write docs/bench-team.md]

One firm; ``--consultants`` consultants (10) with ``--per-consultant`` linked
candidates each (1,000), every candidate owning ``--per-candidate`` interviews
(100): 10,000 candidates and 1,000,000 interviews, of which the measured
consultant's candidates own 100,000. Each interview has 3 planned actions,
all pending (the worst case), spread over ten years around a fixed "now"
(interview i starts at now - 5 years + 10 years * i / N). Candidates own
interviews round-robin and are linked to consultants round-robin, so every
candidate's interviews, and every consultant's, are spread evenly over the
ten years (no cluster of one consultant's rows around "now").
Every interview is shared with its candidate's consultant, and
``shared_agenda`` holds exactly the rows ``store.sharing.fill_shared_agenda``
makes (the same SELECT over all interviews at once; one interview is
re-filled through the function itself and compared).

Rows are bulk-loaded (COPY for users, interviews and actions; INSERT ... SELECT
for shares and the shared agenda) at nice 19, the client and its PostgreSQL
backend both, then VACUUM ANALYZE. The planner is not what is measured.

Measured, after a warm-up, each ``--runs`` times:

* ``team.views.consultant_agenda`` - the Python call the consultant's page
  makes (the SQL statement, building the rows, bucketing overdue/upcoming);
* the raw statement alone - the SQL that call sends, with its parameters,
  run on a plain psycopg cursor and fetched (no row objects);
* both again with 10% of the consultant's links ended (``ends_at`` in the
  past, shares and shared-agenda rows left in place, as for a link that ran
  out by its date): the link-in-force check has to drop those rows.

The database (``--database``, created on the server) is dropped at the end
unless ``--keep``; ``--reuse`` measures an existing loaded database again.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from machine import describe as describe_machine
from sqlalchemy import Engine, create_engine, event, insert, select, text

from followthrough.store import open_store
from followthrough.store.schema import actions, shared_agenda, shares
from followthrough.store.sharing import fill_shared_agenda
from followthrough.store.team import TeamStore, TeamUser
from followthrough.team import views
from followthrough.team.auth import SESSION_COOKIE, token_hash

SERVER = "postgresql+psycopg://postgres@127.0.0.1:55432/postgres"
NOW = datetime(2026, 11, 16, 6, 5, tzinfo=UTC)
SPAN = timedelta(days=3650)
KINDS = ("thank-you", "status-inquiry", "move-on")
BATCH = 50_000
FIRM_ID = 1
FIRST_CONSULTANT = 101
FIRST_CANDIDATE = 1001
MEASURED = "consultant-1"


# loading ----------------------------------------------------------------


def _start_of(index: int, count: int) -> datetime:
    return NOW - SPAN / 2 + SPAN * (index / count)


def _owner(interview: int, candidates: int) -> int:
    """Round-robin: interview i belongs to candidate (i - 1) mod C."""
    return FIRST_CANDIDATE + (interview - 1) % candidates


@contextmanager
def niced(raw: Any) -> Iterator[None]:
    """Run the load at nice 19: this process and its PostgreSQL backend."""
    backend = raw.cursor().execute("SELECT pg_backend_pid()").fetchone()[0]
    targets = [os.getpid(), int(backend)]
    before = [os.getpriority(os.PRIO_PROCESS, pid) for pid in targets]
    for pid in targets:
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, 19)
    try:
        yield
    finally:
        for pid, priority in zip(targets, before, strict=True):
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, priority)


def _copy(cursor: Any, table: str, columns: tuple[str, ...],
          rows: Iterator[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _users(args: argparse.Namespace) -> Iterator[tuple[Any, ...]]:
    for n in range(args.consultants):
        yield (FIRST_CONSULTANT + n, f"consultant-{n + 1}", f"Consultant {n + 1:02d}", NOW,
               "consultant", FIRM_ID, f"consultant-{n + 1}@firm.example", True)
    for n in range(args.consultants * args.per_consultant):
        yield (FIRST_CANDIDATE + n, f"candidate-{n + 1}", f"Candidate {n + 1:05d}", NOW,
               "candidate", FIRM_ID, f"candidate-{n + 1}@mail.example", True)


def _interviews(first: int, last: int, count: int, candidates: int
                ) -> Iterator[tuple[Any, ...]]:
    for i in range(first, last):
        yield (i, _owner(i, candidates), f"Company {i}", "Engineer", _start_of(i, count),
               "awaiting", f"{i:064d}", NOW, NOW, "Europe/Berlin", f"{i:032x}")


def _actions(first: int, last: int, count: int, candidates: int
             ) -> Iterator[tuple[Any, ...]]:
    for i in range(first, last):
        start = _start_of(i, count)
        owner = _owner(i, candidates)
        for step, kind in enumerate(KINDS):
            due = start + timedelta(days=1 + 10 * step)
            yield (i, owner, f"{kind}.x", kind, "Someone", "email", due,
                   due + timedelta(days=1), "Asia/Tokyo", "Synthetic action.", "bench",
                   "pending")


def load(engine: Engine, args: argparse.Namespace) -> dict[str, float]:
    candidates = args.consultants * args.per_consultant
    count = candidates * args.per_candidate
    seconds: dict[str, float] = {}
    raw = engine.raw_connection()
    try:
        with niced(raw):
            cursor = raw.cursor()
            started = time.perf_counter()
            cursor.execute("INSERT INTO firms (id, name, created_at) VALUES (%s, %s, %s)",
                           (FIRM_ID, "Bench Search Partners", NOW))
            _copy(cursor, "users", ("id", "handle", "display_name", "created_at", "role",
                                    "firm_id", "email", "active"), _users(args))
            cursor.execute(
                "INSERT INTO consultant_links (consultant_id, candidate_id, starts_at, "
                "ends_at, created_at) SELECT %s + (u.id - %s) %% %s, u.id, %s, NULL, %s "
                "FROM users u WHERE u.role = 'candidate' AND u.firm_id = %s ORDER BY u.id",
                (FIRST_CONSULTANT, FIRST_CANDIDATE, args.consultants,
                 NOW - SPAN, NOW - SPAN, FIRM_ID))
            seconds["users and links"] = time.perf_counter() - started
            started = time.perf_counter()
            for first in range(1, count + 1, BATCH):
                last = min(first + BATCH, count + 1)
                _copy(cursor, "interviews", ("id", "owner_id", "company", "role", "starts_at",
                                             "state", "digest", "created_at", "updated_at",
                                             "candidate_zone", "uid"),
                      _interviews(first, last, count, candidates))
                _copy(cursor, "actions", ("interview_id", "owner_id", "key", "kind",
                                          "recipient", "channel", "due_at", "latest_at",
                                          "zone", "why", "rule", "status"),
                      _actions(first, last, count, candidates))
            for table in ("users", "interviews", "firms"):
                cursor.execute(f"SELECT setval('{table}_id_seq', "  # noqa: S608 - fixed names
                               f"(SELECT max(id) FROM {table}))")
            raw.commit()
            seconds["interviews and actions (COPY)"] = time.perf_counter() - started
            started = time.perf_counter()
            # every interview shared with its candidate's consultant
            cursor.execute(
                "INSERT INTO shares (interview_id, consultant_id, include_reflection, "
                "created_at, candidate_id, state, starts_at) SELECT i.id, l.consultant_id, "
                "false, %s, i.owner_id, i.state, i.starts_at FROM interviews i "
                "JOIN consultant_links l ON l.candidate_id = i.owner_id", (NOW,))
            # the shared agenda: fill_shared_agenda's SELECT, over every interview at once
            source = (select(shares.c.consultant_id, actions.c.id, actions.c.owner_id,
                             actions.c.due_at)
                      .join(shares, shares.c.interview_id == actions.c.interview_id)
                      .where(actions.c.status == "pending"))
            compiled = insert(shared_agenda).from_select(
                ["consultant_id", "action_id", "candidate_id", "due_at"], source
            ).compile(engine, compile_kwargs={"literal_binds": True})
            cursor.execute(str(compiled))
            raw.commit()
            seconds["shares and shared agenda"] = time.perf_counter() - started
            started = time.perf_counter()
            driver = raw.driver_connection
            driver.autocommit = True
            driver.execute("VACUUM ANALYZE")
            driver.autocommit = False
            seconds["VACUUM ANALYZE"] = time.perf_counter() - started
    finally:
        raw.close()
    _check_fill(engine, count)
    return seconds


def _check_fill(engine: Engine, count: int) -> None:
    """Re-fill one interview's shared agenda through fill_shared_agenda itself
    and compare with the bulk-loaded rows (rolled back either way)."""
    interview = count // 2 + 1
    columns = (shared_agenda.c.consultant_id, shared_agenda.c.action_id,
               shared_agenda.c.candidate_id, shared_agenda.c.due_at)
    of_interview = shared_agenda.c.action_id.in_(
        select(actions.c.id).where(actions.c.interview_id == interview))
    with engine.connect() as connection:
        bulk = set(connection.execute(select(*columns).where(of_interview)).all())
        connection.execute(shared_agenda.delete().where(of_interview))
        fill_shared_agenda(connection, interview)
        again = set(connection.execute(select(*columns).where(of_interview)).all())
        connection.rollback()
    if not bulk or bulk != again:
        raise SystemExit(f"shared_agenda differs from fill_shared_agenda for #{interview}: "
                         f"{sorted(bulk)} != {sorted(again)}")


def row_counts(engine: Engine) -> dict[str, int]:
    tables = ("users", "consultant_links", "interviews", "actions", "shares", "shared_agenda")
    with engine.connect() as connection:
        found = {t: int(connection.scalar(text(f"SELECT count(*) FROM {t}")) or 0)  # noqa: S608
                 for t in tables}
        consultant = connection.scalar(text("SELECT id FROM users WHERE handle = :h"),
                                       {"h": MEASURED})
        found["measured: linked candidates"] = int(connection.scalar(text(
            "SELECT count(*) FROM consultant_links WHERE consultant_id = :c"),
            {"c": consultant}) or 0)
        found["measured: interviews"] = int(connection.scalar(text(
            "SELECT count(*) FROM shares WHERE consultant_id = :c"), {"c": consultant}) or 0)
        found["measured: shared-agenda rows"] = int(connection.scalar(text(
            "SELECT count(*) FROM shared_agenda WHERE consultant_id = :c"),
            {"c": consultant}) or 0)
    return found


# measuring ----------------------------------------------------------------


def wait_for_load(limit: float, patience: float) -> None:
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] >= limit and time.monotonic() < deadline:
        print(f"  load {os.getloadavg()[0]:.2f} >= {limit}, waiting...", flush=True)
        time.sleep(15)


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return {"median": statistics.median(ordered), "p95": at(0.95), "p99": at(0.99),
            "max": ordered[-1]}


def timed(call: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def captured_statement(engine: Engine, call: Callable[[], object]) -> tuple[str, Any]:
    """The SQL (and parameters) ``call`` sends; it must send exactly one."""
    seen: list[tuple[str, Any]] = []

    def listener(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> None:
        if not statement.lstrip().upper().startswith("SELECT 1"):  # pool_pre_ping
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    if len(seen) != 1:
        raise SystemExit(f"expected one statement, saw {len(seen)}")
    return seen[0]


def explain(engine: Engine, statement: str, parameters: Any) -> str:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        lines = [row[0] for row in cursor.fetchall()]
        raw.rollback()
    finally:
        raw.close()
    return "\n".join(lines)


def measure(engine: Engine, team: TeamStore, consultant: TeamUser, runs: int,
            label: str, ended: set[int]) -> dict[str, Any]:
    def view() -> views.ConsultantAgenda:
        return views.consultant_agenda(team, consultant, NOW)

    for _ in range(20):
        result = view()
    seen = {r.candidate for r in result.overdue + result.upcoming}
    ended_handles = {f"candidate-{c - FIRST_CANDIDATE + 1}" for c in ended}
    if seen & ended_handles:
        raise SystemExit(f"{label}: rows of ended links are shown: {sorted(seen & ended_handles)}")
    statement, parameters = captured_statement(engine, view)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()

        def raw_query() -> object:
            cursor.execute(statement, parameters)
            return cursor.fetchall()

        for _ in range(20):
            raw_query()
        load_before = os.getloadavg()[0]
        view_ms = timed(view, runs)
        raw_ms = timed(raw_query, runs)
        load_after = os.getloadavg()[0]
        raw.rollback()
    finally:
        raw.close()
    plan = explain(engine, statement, parameters)
    return {"label": label, "overdue": len(result.overdue), "upcoming": len(result.upcoming),
            "candidates shown": len(seen), "view": summary(view_ms), "raw": summary(raw_ms),
            "load": (load_before, load_after), "plan": plan, "statement": statement,
            "parameters": parameters}


def measure_page(team: TeamStore, consultant: TeamUser, runs: int) -> list[dict[str, Any]]:
    """The other calls of the consultant's pages: counts by state, a page of the
    shared interviews (the first and the hundredth), the linked candidates,
    and the weekly summary (fewer runs: it returns one line per open interview)."""
    calls: list[tuple[str, Callable[[], Any], int]] = [
        ("`shared_counts` (counts by state)",
         lambda: team.shared_counts(consultant.id, NOW), runs),
        ("`shared_interviews`, page 1 of 50",
         lambda: team.shared_interviews(consultant.id, NOW, limit=50), runs),
        ("`shared_interviews`, page 100 of 50",
         lambda: team.shared_interviews(consultant.id, NOW, limit=50, offset=4950), runs),
        ("`shared_interviews`, page 1 in one state",
         lambda: team.shared_interviews(consultant.id, NOW, state="awaiting", limit=50), runs),
        ("`linked_candidates`", lambda: team.linked_candidates(consultant.id, NOW), runs),
        ("`views.weekly_summary`", lambda: views.weekly_summary(team, consultant, NOW),
         max(3, runs // 100)),
    ]
    found = []
    for name, call, count in calls:
        for _ in range(3):
            result = call()
        load_before = os.getloadavg()[0]
        timings = timed(call, count)
        found.append({"name": name, "items": len(result), "runs": count,
                      "figures": summary(timings), "load": (load_before, os.getloadavg()[0])})
    return found


def measure_http(url: str, team: TeamStore, consultant: TeamUser,
                 runs: int) -> list[dict[str, Any]]:
    """The agenda as a browser or a script gets it: a real ``followthrough serve
    --team`` process (clock pinned to NOW), a signed-in consultant's GETs over
    one keep-alive connection on 127.0.0.1 from this process. Includes the
    session check, FastAPI, JSON or the page's HTML, and uvicorn."""
    token = secrets.token_urlsafe(32)
    team.create_session(token_hash(token), consultant.id, secrets.token_urlsafe(16), NOW,
                        NOW + timedelta(hours=12))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = tempfile.mkdtemp(prefix="ft-bench-home-")
    env = {**os.environ, "FOLLOWTHROUGH_NOW": NOW.isoformat(), "FOLLOWTHROUGH_HOME": home}
    server = subprocess.Popen(
        [sys.executable, "-m", "followthrough", "serve", "--team", "--db", url,
         "--port", str(port), "--no-open"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = []
    try:
        connection = _connect(port, server)
        headers = {"Cookie": f"{SESSION_COOKIE}={token}", "Host": "127.0.0.1"}

        def get(path: str) -> bytes:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"GET {path}: HTTP {response.status}")
            return body

        for path, label in (("/api/team/agenda", "`GET /api/team/agenda` (JSON)"),
                            ("/team", "`GET /team` (the consultant's home page)")):
            for _ in range(20):
                body = get(path)
            load_before = os.getloadavg()[0]
            timings = timed(lambda path=path: get(path), runs)
            found.append({"name": label, "bytes": len(body), "runs": runs,
                          "figures": summary(timings),
                          "load": (load_before, os.getloadavg()[0])})
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return found


def _connect(port: int, server: subprocess.Popen[bytes]) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("followthrough serve --team ended before answering")
        with suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.connect()
            return connection
        time.sleep(0.2)
    raise SystemExit("followthrough serve --team did not start within 60 s")


def end_links(engine: Engine, consultant: TeamUser, share: float) -> set[int]:
    """End every 1/share-th link of the consultant yesterday (rows stay shared)."""
    step = round(1 / share)
    with engine.begin() as connection:
        ended = connection.execute(text(
            "UPDATE consultant_links SET ends_at = :at WHERE id IN (SELECT id FROM "
            "(SELECT id, row_number() OVER (ORDER BY candidate_id) AS n FROM consultant_links "
            "WHERE consultant_id = :c) AS numbered WHERE n % :step = 0) "
            "RETURNING candidate_id"),
            {"at": NOW - timedelta(days=1), "c": consultant.id, "step": step}).scalars().all()
    with engine.connect() as connection:
        connection.execute(text("ANALYZE consultant_links"))
        connection.commit()
    return {int(c) for c in ended}


def restore_links(engine: Engine, consultant: TeamUser) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE consultant_links SET ends_at = NULL "
                                "WHERE consultant_id = :c"), {"c": consultant.id})
        connection.execute(text("ANALYZE consultant_links"))


# the report -----------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.2f}"


def render(args: argparse.Namespace, counts: dict[str, int], seconds: dict[str, float],
           results: list[dict[str, Any]], target: float,
           page: list[dict[str, Any]] | None = None,
           served: list[dict[str, Any]] | None = None) -> str:
    lines = [
        "# Team agenda benchmark",
        "",
        "Generated by `bench/team_agenda_bench.py` on PostgreSQL "
        f"(`--runs {args.runs}`): one firm, {args.consultants} consultants with "
        f"{args.per_consultant:,} linked candidates each, {args.per_candidate} interviews per "
        "candidate, 3 pending actions per interview spread over ten years around a fixed "
        "now, every interview shared with the candidate's consultant; `shared_agenda` "
        "filled as `fill_shared_agenda` fills it (checked on one interview). The measured "
        f"consultant (`{MEASURED}`) has {args.per_consultant:,} candidates. "
        f"Target (issue 8, acceptance 4): under {target:.0f} ms.",
        "",
        f"Machine: {describe_machine()}; PostgreSQL on 127.0.0.1 "
        f"({results[0]['server']}).",
        "",
        "## Rows",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {name} | {value:,} |" for name, value in counts.items()],
        "",
    ]
    if seconds:
        lines += ["Load (nice 19): " + ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items())
                  + ".", ""]
    else:
        lines += ["The database was loaded by an earlier run of this script (`--keep`) and "
                  "measured again with `--reuse`.", ""]
    lines += [
        "## Latency",
        "",
        "`views.consultant_agenda` is the call the consultant's agenda page makes (overdue "
        "in the last 30 days, most overdue first, at most 100; the next 7 days, at most "
        "300): one SQL statement, the row objects, the bucketing. *Raw statement* is the SQL "
        "that call sends, with its parameters, on a plain psycopg cursor with `fetchall()`. "
        f"{args.runs} calls each after 20 warm-up calls; the load average is the 1-minute "
        "figure before and after the timed calls.",
        "",
        "| case | items (overdue + upcoming) | candidates shown | measured | median ms "
        "| p95 ms | p99 ms | max ms | load | under target (p99) |",
        "|---|---|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for result in results:
        for name, key in (("`views.consultant_agenda`", "view"), ("raw statement", "raw")):
            figures = result[key]
            lines.append(
                f"| {result['label']} | {result['overdue']} + {result['upcoming']} "
                f"| {result['candidates shown']} | {name} | {_ms(figures['median'])} "
                f"| {_ms(figures['p95'])} | {_ms(figures['p99'])} | {_ms(figures['max'])} "
                f"| {result['load'][0]:.2f} / {result['load'][1]:.2f} "
                f"| {'yes' if figures['p99'] < target else 'no'} |")
    if served:
        lines += [
            "", "## Over HTTP", "",
            "A real `followthrough serve --team` process on 127.0.0.1 (its clock pinned to "
            "the benchmark's now), the consultant's session cookie, one keep-alive "
            "connection from the benchmark process; time from sending the request to the "
            "last byte of the answer.", "",
            "| request | bytes | runs | median ms | p95 ms | p99 ms | max ms | load |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            *[f"| {row['name']} | {row['bytes']:,} | {row['runs']} "
              f"| {_ms(row['figures']['median'])} | {_ms(row['figures']['p95'])} "
              f"| {_ms(row['figures']['p99'])} | {_ms(row['figures']['max'])} "
              f"| {row['load'][0]:.2f} / {row['load'][1]:.2f} |" for row in served]]
    if page:
        lines += [
            "", "## The rest of the consultant's pages", "",
            "The consultant's home page also counts the shared interviews by state and "
            "lists them 50 a page; the weekly summary has one line per open interview "
            "(here every interview is open: 100,000 lines). Library calls, as above.", "",
            "| call | items | runs | median ms | p95 ms | max ms | load |",
            "|---|---:|---:|---:|---:|---:|---|",
            *[f"| {row['name']} | {row['items']:,} | {row['runs']} "
              f"| {_ms(row['figures']['median'])} | {_ms(row['figures']['p95'])} "
              f"| {_ms(row['figures']['max'])} | {row['load'][0]:.2f} / {row['load'][1]:.2f} |"
              for row in page]]
    lines += ["", "## The statement", "", "```sql", results[0]["statement"].strip(), "```", "",
              f"Parameters: `{results[0]['parameters']}`", ""]
    for result in results:
        lines += [f"## EXPLAIN (ANALYZE, BUFFERS): {result['label']}", "", "```",
                  result["plan"], "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("FOLLOWTHROUGH_TEST_PG_URL", SERVER),
                        help="a PostgreSQL URL on the server to use (its database is not used)")
    parser.add_argument("--database", default="ft_team_bench")
    parser.add_argument("--consultants", type=int, default=10)
    parser.add_argument("--per-consultant", type=int, default=1000)
    parser.add_argument("--per-candidate", type=int, default=100)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--target", type=float, default=20.0, help="ms")
    parser.add_argument("--ended", type=float, default=0.10,
                        help="share of the consultant's links ended in the second case")
    parser.add_argument("--wait-load", type=float, default=1.5,
                        help="wait (up to --patience s) for the 1-min load to drop below this")
    parser.add_argument("--patience", type=float, default=600)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database as it is (loaded by an earlier --keep run)")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()

    base = args.server.rpartition("/")[0]
    url = f"{base}/{args.database}"
    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    if not args.reuse:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{args.database}"'))
    print(f"machine: {describe_machine()}", flush=True)
    try:
        store = open_store(url)
        engine = store.engine
        seconds: dict[str, float] = {}
        if not args.reuse:
            print("loading...", flush=True)
            seconds = load(engine, args)
            print("  " + ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items()), flush=True)
        counts = row_counts(engine)
        print(counts, flush=True)
        team = TeamStore(engine)
        consultant = team.user(MEASURED)
        with engine.connect() as connection:
            server = str(connection.scalar(text("SHOW server_version")))
        results = []
        wait_for_load(args.wait_load, args.patience)
        restore_links(engine, consultant)
        results.append(measure(engine, team, consultant, args.runs, "all links in force",
                               set()))
        wait_for_load(args.wait_load, args.patience)
        ended = end_links(engine, consultant, args.ended)
        try:
            results.append(measure(engine, team, consultant, args.runs,
                                   f"{len(ended)} of the links ended", ended))
        finally:
            restore_links(engine, consultant)
        for result in results:
            result["server"] = f"PostgreSQL {server}"
            print(f"{result['label']}: {result['overdue']} + {result['upcoming']} items, "
                  f"load {result['load'][0]:.2f}/{result['load'][1]:.2f}", flush=True)
            for key in ("view", "raw"):
                figures = result[key]
                print(f"  {key:5} median {_ms(figures['median'])} ms, p95 "
                      f"{_ms(figures['p95'])} ms, p99 {_ms(figures['p99'])} ms, "
                      f"max {_ms(figures['max'])} ms", flush=True)
        wait_for_load(args.wait_load, args.patience)
        page = measure_page(team, consultant, args.runs)
        for row in page:
            print(f"{row['name']}: {row['items']} items, median "
                  f"{_ms(row['figures']['median'])} ms, p95 {_ms(row['figures']['p95'])} ms",
                  flush=True)
        wait_for_load(args.wait_load, args.patience)
        served = measure_http(url, team, consultant, args.runs)
        for row in served:
            print(f"{row['name']}: {row['bytes']} bytes, median {_ms(row['figures']['median'])}"
                  f" ms, p95 {_ms(row['figures']['p95'])} ms, p99 "
                  f"{_ms(row['figures']['p99'])} ms", flush=True)
        report = render(args, counts, seconds, results, args.target, page, served)
        print(results[0]["plan"])
        if args.write:
            args.write.write_text(report, encoding="utf-8")
            print(f"wrote {args.write}")
        engine.dispose()
    finally:
        if not args.keep:
            with admin.connect() as connection:
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
