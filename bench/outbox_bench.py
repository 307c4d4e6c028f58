"""Outbox bench: concurrent senders and kill -9 loops against a local SMTP sink.

Usage:
  .venv/bin/python bench/outbox_bench.py [--db URL] [--sends M] [--workers N]
                                          [--kills K] [--write docs/bench-outbox.md]

1. *Concurrent*: M messages due now; N processes each run outbox passes
   (claims under the database lock; the worker lease is bypassed on purpose,
   so the claim itself is what is tested) until nothing is due. The aiosmtpd
   sink on 127.0.0.1 counts Message-IDs: each must arrive exactly once.
2. *Kill loop*: M fresh messages; a ``followthrough worker`` process is
   started and SIGKILLed K times at random moments once it is sending (and
   once at each named crash point), then restarted until nothing is due. Every row must end
   terminal or ``uncertain``; no Message-ID may arrive twice.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.debrief import read_debrief
from followthrough.mail.message import new_message_id
from followthrough.store import Store, open_store
from followthrough.store.outbox import NewMessage, OutboxStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOW = "2026-12-11T14:00:00+09:00"
POINTS = ("claimed:1", "submitting:1", "data-sent:1", "replied-250:1")
_MID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


class Sink:
    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = _MID.search(envelope.content)
        with self.lock:
            self.ids[found.group(1).decode() if found else "?"] += 1
        return "250 OK"


def fill(store: Store, count: int, tag: str) -> None:
    debrief = read_debrief(EXAMPLES / "debrief-tokyo-payments.toml")
    box = OutboxStore(store)
    now = clock.now()
    for n in range(count):
        changed = debrief.model_copy(update={"interview": debrief.interview.model_copy(
            update={"role": f"{tag} role {n}"})})
        interview_id, _ = store.add_interview(changed)
        replan(store, interview_id)
        key = "thank-you.takahashi-kenta"
        box.enqueue(NewMessage(
            interview_id=interview_id, action_key=key, kind="thank-you",
            message_id=new_message_id("ravi.subramanian@example.net"),
            from_name="Ravi Subramanian", from_addr="ravi.subramanian@example.net",
            to_name="Takahashi Kenta", to_addr="k.takahashi@kasumipay.example",
            subject=f"Thanks ({tag} {n})", body="Thank you.\n",
            send_at=now - timedelta(minutes=1), latest_at=now + timedelta(days=1),
            zone="Asia/Tokyo"), now)


def child(db_url: str, port: int) -> None:
    """One concurrent sender: passes until nothing is due."""
    from followthrough.mail.accounts import MailSettings, Server
    from followthrough.mail.outbox import send_due
    from followthrough.mail.worker import smtp_transport

    mail = MailSettings(None, None, Server("smtp", "127.0.0.1", port, None, "none", 10.0),
                        None, None, {})
    store = open_store(db_url)
    while OutboxStore(store).due(clock.now()):
        send_due(store, smtp_transport(mail))


def concurrent(db_url: str, sink: Sink, port: int, sends: int, workers: int) -> dict[str, Any]:
    store = open_store(db_url)
    fill(store, sends, "concurrent")
    env = {**os.environ, "FOLLOWTHROUGH_NOW": NOW}
    start = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, __file__, "--child", db_url, str(port)],
                                  env=env) for _ in range(workers)]
    for process in processes:
        process.wait(timeout=1800)
    seconds = time.perf_counter() - start
    rows = OutboxStore(store).rows(limit=100_000)
    ours = {row.message_id for row in rows if row.subject.startswith("Thanks (concurrent")}
    counts = [sink.ids[mid] for mid in ours]
    store.engine.dispose()
    return {"sends": sends, "workers": workers, "seconds": seconds,
            "per_second": sends / seconds, "delivered": sum(1 for c in counts if c >= 1),
            "duplicates": sum(c - 1 for c in counts if c > 1)}


def kill_loop(db_url: str, sink: Sink, port: int, sends: int, kills: int,
              seed: int = 7) -> dict[str, Any]:
    store = open_store(db_url)
    fill(store, sends, "kill")
    home = Path(tempfile.mkdtemp(prefix="ft-bench-home-"))
    (home / "settings.toml").write_text(
        f'[mail.smtp]\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\ntimeout = 10\n',
        encoding="utf-8")
    env = {**os.environ, "FOLLOWTHROUGH_NOW": NOW, "FOLLOWTHROUGH_HOME": str(home)}
    command = [sys.executable, "-m", "followthrough", "--db", db_url]
    done = 0
    for point in POINTS:
        ended = subprocess.run([*command, "send"],
                               env={**env, "FOLLOWTHROUGH_CRASH_AT": point},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               check=False)
        if ended.returncode != -signal.SIGKILL:
            raise SystemExit(f"no crash at {point}")
        done += 1
    rng = random.Random(seed)
    for _ in range(kills - len(POINTS)):
        if not OutboxStore(store).due(clock.now()):
            break  # everything went out: no more moments to kill at
        before = sum(sink.ids.values())
        process = subprocess.Popen([*command, "worker", "--poll", "0.05", "--ticks", "200"],
                                   env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _until_sending(sink, before, seconds=10)  # not while Python is still starting
        time.sleep(rng.uniform(0.0, 0.1))
        process.send_signal(signal.SIGKILL)
        if process.wait(timeout=60) != -signal.SIGKILL:
            raise SystemExit("the worker ended before it was killed; see its output")
        done += 1
    for _ in range(sends // 50 + 2):
        subprocess.run([*command, "send"], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    rows = [row for row in OutboxStore(store).rows(limit=100_000)
            if row.subject.startswith("Thanks (kill")]
    statuses = Counter(row.status for row in rows)
    counts = {row.message_id: sink.ids[row.message_id] for row in rows}
    store.engine.dispose()
    return {"sends": sends, "kills": done, "statuses": dict(statuses),
            "non_terminal": sum(n for s, n in statuses.items()
                                if s in ("scheduled", "retry_wait", "claimed", "submitting")),
            "at_sink": sum(1 for c in counts.values() if c >= 1),
            "duplicates": sum(c - 1 for c in counts.values() if c > 1)}


def _until_sending(sink: Sink, before: int, seconds: float) -> None:
    """Wait until the worker has delivered something (or ``seconds`` passed)."""
    deadline = time.monotonic() + seconds
    while sum(sink.ids.values()) == before and time.monotonic() < deadline:
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("DB", "PORT"))
    parser.add_argument("--db", default=None)
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    os.environ["FOLLOWTHROUGH_NOW"] = NOW
    folder = Path(tempfile.mkdtemp(prefix="ft-outbox-bench-"))
    db_url = args.db or f"sqlite:///{folder / 'bench.db'}"
    sink = Sink()
    with _socket() as port_probe:
        port = port_probe
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        fast = concurrent(db_url, sink, port, args.sends, args.workers)
        print("concurrent:", fast, flush=True)
        killed = kill_loop(db_url, sink, port, args.sends, args.kills)
        print("kill loop:", killed, flush=True)
    finally:
        controller.stop()
    if args.write:
        args.write.write_text(_report(db_url, fast, killed), encoding="utf-8")


class _socket:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        port: int = self.sock.getsockname()[1]
        return port

    def __exit__(self, *_: object) -> None:
        self.sock.close()


def _report(db_url: str, fast: dict[str, Any], killed: dict[str, Any]) -> str:
    import platform

    backend = db_url.split(":", 1)[0].split("+")[0]
    fast_row = (f"| {fast['sends']} | {fast['workers']} | {fast['seconds']:.1f} | "
                f"{fast['per_second']:.1f} | {fast['delivered']} | {fast['duplicates']} |")
    states = ", ".join(f"{k} {v}" for k, v in sorted(killed["statuses"].items()))
    kill_row = (f"| {killed['sends']} | {killed['kills']} | {states} | "
                f"{killed['non_terminal']} | {killed['at_sink']} | {killed['duplicates']} |")
    return f"""# Outbox benchmark

Generated by `bench/outbox_bench.py` against an aiosmtpd sink on 127.0.0.1
({backend}; {os.cpu_count()} CPUs, Python {platform.python_version()}).

## Concurrent senders (claims under the database lock)

| sends | sender processes | seconds | messages/s | delivered | duplicates |
|---|---|---|---|---|---|
{fast_row}

## kill -9 loop

{killed['kills']} SIGKILLs (one at each named point: after the claim, after
`submitting`, between the final dot and 250, after 250 before the sent mark;
the rest at a random moment 0-100 ms after a running worker delivered its
first message, until nothing was left to send, so kills land mid-send and
not during Python's start), then restarts until nothing was due.

| sends | kills | final states | non-terminal | reached the server | duplicates |
|---|---|---|---|---|---|
{kill_row}

`uncertain` rows are the messages whose worker died between `submitting` and
the sent mark; they are never resent automatically (see docs/mail.md §5).
"""


if __name__ == "__main__":
    main()
