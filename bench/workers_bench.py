"""Team workers bench: several ``followthrough worker --team`` processes on one
PostgreSQL, every scheduled message delivered once.

Usage:
  FOLLOWTHROUGH_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:55432/postgres \\
  .venv/bin/python bench/workers_bench.py [--sends 10000] [--workers 4] [--owners 20]
                                          [--write docs/bench-workers.md]

A fresh database is made on that server (and dropped afterwards). ``--owners``
team users each get one interview, cloned (by SQL, for speed) until there are
``--sends`` interviews in all, each with its thank-you note due now. Half the
owners have their own SMTP account (password stored encrypted, the host
allowed by ``[team] allow_mail_hosts``); the others go through the server's
relay. Both are aiosmtpd sinks on 127.0.0.1 that count Message-IDs.

1. *Clean run*: N workers at once, ``worker --team --once`` (a pass drains
   what is due); wall time from the first start to the last exit.
2. *Kill run*: the same with fresh messages, one worker SIGKILLed mid-way
   (after its 25th delivery); then a second round of N workers with the clock
   past the lease, which claims the dead worker's rows again and turns its
   one in-flight message to ``uncertain`` (never resent).

Delivered = rows ``sent`` whose Message-ID reached a sink once; duplicates =
extra copies of any Message-ID; lost = rows that are neither sent nor
uncertain at the end, or ``sent`` but never received. Only 127.0.0.1 is
contacted. The fill helpers are reused by tests/mail/test_team_workers.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from bench.outbox_bench import Sink as CountingSink  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from followthrough import clock  # noqa: E402
from followthrough.app.planning import replan  # noqa: E402
from followthrough.debrief import read_debrief  # noqa: E402
from followthrough.store import Store, open_store  # noqa: E402
from followthrough.store.schema import (  # noqa: E402
    actions,
    interview_documents,
    interviews,
    outbox,
)
from followthrough.store.team import TeamStore  # noqa: E402

EXAMPLES = ROOT / "examples"
NOW = "2026-12-11T14:00:00+09:00"
KEY = "thank-you.takahashi-kenta"
PG_ENV = "FOLLOWTHROUGH_TEST_PG_URL"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def smtp_sink(handler: Any, **parameters: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10,
                            **parameters)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


# the data -------------------------------------------------------------------


def fill_team(url: str, owners: int, sends: int, now: datetime, tag: str = "t"
              ) -> dict[str, int]:
    """``owners`` team users (made if missing) and ``sends`` due messages spread
    over them, one interview each (cloned from one imported and planned per
    owner). Returns ``{handle: owner_id}``."""
    store = open_store(url)
    team = TeamStore(store.engine)
    firm = team.ensure_firm("Bench Coaching")
    debrief = read_debrief(EXAMPLES / "debrief-tokyo-payments.toml")
    made: dict[str, int] = {}
    try:
        with clock.frozen(now):
            _fill(store, team, firm, debrief, made, owners, sends, now, tag)
    finally:
        store.engine.dispose()
    return made


def _fill(store: Store, team: TeamStore, firm: int, debrief: Any, made: dict[str, int],
          owners: int, sends: int, now: datetime, tag: str) -> None:
    for n in range(owners):
        handle = f"candidate-{n:03d}"
        user = team.find_user(handle) or team.add_user(
            handle, f"Candidate {n}", "candidate", firm, f"c{n}@example.net", None)
        made[handle] = user.id
        share = sends // owners + (1 if n < sends % owners else 0)
        if share:
            _clone(Store.for_user(store.engine, user.id), debrief, share, now, f"{tag}-{n}")


def _clone(store: Store, debrief: Any, count: int, now: datetime, tag: str) -> None:
    changed = debrief.model_copy(update={"interview": debrief.interview.model_copy(
        update={"role": f"Role {tag}"})})
    template, _ = store.add_interview(changed)
    replan(store, template)
    with store.engine.begin() as connection:
        head = connection.execute(select(interviews).where(interviews.c.id == template)).one()
        document = connection.execute(select(interview_documents).where(
            interview_documents.c.interview_id == template)).one()
        planned = connection.execute(select(actions).where(
            actions.c.interview_id == template)).all()
        rows = []
        for k in range(count):
            values = dict(head._mapping)
            values.pop("id")
            values.pop("uid", None)  # each clone gets its own (the column's default)
            values["digest"] = hashlib.sha256(f"{head.digest}{tag}{k}".encode()).hexdigest()
            # a company of its own: interviews at one company are planned together
            # (rounds), so 300 clones at one company would make every replan read 300
            values["company"] = f"{head.company} {tag}-{k}"
            rows.append(values)
        ids = [int(i) for i in connection.scalars(
            insert(interviews).returning(interviews.c.id, sort_by_parameter_order=True), rows)]
        connection.execute(insert(interview_documents), [
            {"interview_id": i, "debrief": document.debrief, "source": document.source}
            for i in ids])
        copies = []
        for i in ids:
            for action in planned:
                values = dict(action._mapping)
                values.pop("id")
                values["interview_id"] = i
                copies.append(values)
        connection.execute(insert(actions), copies)
        connection.execute(insert(outbox), [{
            "owner_id": store.owner_id, "interview_id": i, "action_key": KEY,
            "kind": "thank-you", "message_id": f"<{uuid.uuid4().hex}.{tag}@ft-bench.example>",
            "from_name": "Ravi Subramanian", "from_addr": "ravi.subramanian@example.net",
            "to_name": "Takahashi Kenta", "to_addr": "k.takahashi@kasumipay.example",
            "subject": f"Thanks ({tag} #{k})", "body": "Thank you.\n",
            "send_at": now - timedelta(minutes=1), "latest_at": now + timedelta(days=1),
            "zone": "Asia/Tokyo", "status": "scheduled", "attempts": 0,
            "created_at": now, "updated_at": now} for k, i in enumerate(ids)])


def outbox_rows(url: str) -> list[tuple[str, str, int]]:
    """``(message_id, status, owner_id)`` of every outbox row."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(select(outbox.c.message_id, outbox.c.status,
                                              outbox.c.owner_id)).all()
    finally:
        engine.dispose()
    return [(str(m), str(s), int(o)) for m, s, o in found]


@dataclass
class Tally:
    rows: int
    statuses: dict[str, int]
    delivered: int
    duplicates: int
    lost: int
    uncertain_received: int = 0
    misrouted: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "statuses": self.statuses, "delivered": self.delivered,
                "duplicates": self.duplicates, "lost": self.lost,
                "uncertain_received": self.uncertain_received, "misrouted": self.misrouted}


def tally(rows: list[tuple[str, str, int]], received: Counter[str],
          own_account_owners: set[int] | None = None,
          at_own: Counter[str] | None = None) -> Tally:
    statuses = Counter(status for _mid, status, _owner in rows)
    delivered = duplicates = lost = uncertain_received = misrouted = 0
    for message_id, status, owner in rows:
        copies = received[message_id]
        duplicates += max(0, copies - 1)
        if status == "sent":
            if copies >= 1:
                delivered += 1
            else:
                lost += 1
        elif status == "uncertain":
            uncertain_received += min(copies, 1)
        else:
            lost += 1
        if (own_account_owners is not None and at_own is not None and copies
                and (owner in own_account_owners) != (at_own[message_id] > 0)):
            misrouted += 1
    return Tally(len(rows), dict(statuses), delivered, duplicates, lost, uncertain_received,
                 misrouted)


# the workers ----------------------------------------------------------------


def worker_home(folder: Path, relay_port: int, allow: list[str]) -> Path:
    """A FOLLOWTHROUGH_HOME whose settings name the relay and the allowed hosts."""
    folder.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{host}"' for host in allow)
    (folder / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {relay_port}\ntls = "none"\ntimeout = 10\n'
        f"\n[team]\nallow_mail_hosts = [{listed}]\n", encoding="utf-8")
    return folder


def start_workers(url: str, home: Path, count: int, now: str, *,
                  crash_first_at: str | None = None) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "FOLLOWTHROUGH_NOW": now, "FOLLOWTHROUGH_HOME": str(home)}
    env.pop("FOLLOWTHROUGH_CRASH_AT", None)
    command = [sys.executable, "-m", "followthrough", "--db", url, "worker", "--team",
               "--once"]
    started = []
    for n in range(count):
        extra = ({"FOLLOWTHROUGH_CRASH_AT": crash_first_at}
                 if crash_first_at is not None and n == 0 else {})
        started.append(subprocess.Popen(command, env={**env, **extra},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    return started


def wait_all(processes: list[subprocess.Popen[bytes]], timeout: float = 1800) -> list[int]:
    codes = []
    for process in processes:
        _out, err = process.communicate(timeout=timeout)
        if process.returncode not in (0, -signal.SIGKILL):
            sys.stderr.write(err.decode("utf-8", "replace")[-3000:])
        codes.append(process.returncode)
    return codes


def later(now: str, minutes: int) -> str:
    return (datetime.fromisoformat(now) + timedelta(minutes=minutes)).isoformat()


def set_own_accounts(url: str, owners: dict[str, int], port: int, password: str,
                     every: int = 2) -> set[int]:
    """Every ``every``-th owner gets their own SMTP account (on ``port``)."""
    from followthrough.mail.team_accounts import set_mail_account

    chosen: set[int] = set()
    engine = create_engine(url)
    try:
        for n, owner_id in enumerate(sorted(owners.values())):
            if n % every:
                continue
            set_mail_account(Store.for_user(engine, owner_id), "smtp", "127.0.0.1", port,
                             f"user{owner_id}", "none", password,
                             allowed_hosts=["127.0.0.1"])
            chosen.add(owner_id)
    finally:
        engine.dispose()
    return chosen


# the bench ------------------------------------------------------------------


class _Auth:
    def __init__(self, password: str) -> None:
        self.password = password.encode()

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        return AuthResult(success=getattr(data, "password", None) == self.password)


def bench(url: str, sends: int, workers: int, owners: int) -> dict[str, Any]:
    password = "bench-" + uuid.uuid4().hex
    relay, own = CountingSink(), CountingSink()
    folder = Path(tempfile.mkdtemp(prefix="ft-workers-bench-"))
    os.environ["FOLLOWTHROUGH_HOME"] = str(folder)  # the key file for the accounts
    results: dict[str, Any] = {}
    with smtp_sink(relay) as relay_port, \
            smtp_sink(own, authenticator=_Auth(password), auth_require_tls=False) as own_port:
        home = worker_home(folder, relay_port, ["127.0.0.1"])
        now = clock.parse_instant(NOW, field="now")
        made = fill_team(url, owners, sends, now, tag="clean")
        with_account = set_own_accounts(url, made, own_port, password)
        start = time.perf_counter()
        codes = wait_all(start_workers(url, home, workers, NOW))
        seconds = time.perf_counter() - start
        received = relay.ids + own.ids
        clean = tally(outbox_rows(url), received, with_account, own.ids)
        results["clean"] = {**clean.as_dict(), "seconds": seconds, "codes": codes,
                            "per_second": clean.delivered / seconds}
        print("clean:", results["clean"], flush=True)

        # the kill run: fresh messages at a later time, one worker dies mid-way
        kill_now = later(NOW, 60)
        before = set(received)
        fill_team(url, owners, sends, clock.parse_instant(kill_now, field="now"), tag="kill")
        start = time.perf_counter()
        first = start_workers(url, home, workers, kill_now, crash_first_at="data-sent:25")
        first_codes = wait_all(first)
        second_codes = wait_all(start_workers(url, home, workers, later(kill_now, 10)))
        seconds = time.perf_counter() - start
        received = relay.ids + own.ids
        rows = [row for row in outbox_rows(url) if row[0] not in before]
        killed = tally(rows, received, with_account, own.ids)
        results["kill"] = {**killed.as_dict(), "seconds": seconds,
                           "codes": first_codes + second_codes,
                           "killed": first_codes.count(-signal.SIGKILL)}
        print("kill:", results["kill"], flush=True)
    results.update(sends=sends, workers=workers, owners=owners,
                   own_accounts=len(with_account))
    return results


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    name = f"ft_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(results: dict[str, Any]) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from machine import describe

    clean, kill = results["clean"], results["kill"]

    def states(found: dict[str, Any]) -> str:
        return ", ".join(f"{k} {v:,}" for k, v in sorted(found["statuses"].items()))

    def row(*cells: Any) -> str:
        return "| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c)
                                 for c in cells) + " |"

    return f"""# Team workers benchmark

Generated by `bench/workers_bench.py --write docs/bench-workers.md`: {results['workers']}
`followthrough worker --team --once` processes on one PostgreSQL 15 database
(127.0.0.1), {results['sends']:,} messages due at once, spread over
{results['owners']} team users; {results['own_accounts']} of them send through their
own SMTP account (password stored encrypted), the others through the server's
relay. Both servers are aiosmtpd sinks on 127.0.0.1 counting Message-IDs.

Machine: {describe()}.

## Clean run

| sends | workers | wall time | messages/s | delivered | duplicates | lost | wrong account |
|---|---|---|---|---|---|---|---|
{row(clean['rows'], results['workers'], f"{clean['seconds']:.1f} s",
     f"{clean['per_second']:.0f}", clean['delivered'], clean['duplicates'], clean['lost'],
     clean['misrouted'])}

## One worker killed mid-way

One of the {results['workers']} workers is SIGKILLed after its 25th delivery
(between the message data and the server's 250: the worst moment). The
others finish what they can claim; the dead worker's rows stay claimed until
their lease runs out. A second round of {results['workers']} workers, with the
clock 10 minutes later (past the 5-minute lease), claims them again and turns
the one message that was in flight into `uncertain` (it reached the server
but was never marked sent; it is not resent, see docs/mail.md §5).

| sends | killed | wall time (both rounds) | final states | delivered | duplicates | lost |
|---|---|---|---|---|---|---|
{row(kill['rows'], kill['killed'], f"{kill['seconds']:.1f} s", states(kill),
     kill['delivered'], kill['duplicates'], kill['lost'])}

The `uncertain` message{'' if kill['uncertain_received'] == 1 else 's'} reached the
server {kill['uncertain_received']} time(s): its worker died before the server's
250 could be recorded.

Delivered: rows `sent` whose Message-ID reached a sink exactly once.
Duplicates: extra copies of any Message-ID. Lost: rows neither `sent` nor
`uncertain` at the end, or `sent` but never received. Wrong account: a
message of a user with their own account that arrived at the relay, or the
other way round.
"""


def main() -> None:
    warnings.filterwarnings("ignore", message=".*login_data.*")
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.environ.get(PG_ENV),
                        help=f"PostgreSQL server URL (default ${PG_ENV})")
    parser.add_argument("--sends", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--owners", type=int, default=20)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    if not args.server:
        raise SystemExit(f"set {PG_ENV} or --server to a PostgreSQL server")
    with fresh_database(args.server) as url:
        results = bench(url, args.sends, args.workers, args.owners)
    if args.write:
        args.write.write_text(report(results), encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
