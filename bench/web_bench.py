"""Web UI latency at 10k stored interviews: the dashboard and an interview page.

Usage: .venv/bin/python bench/web_bench.py [--interviews N] [--requests N]
                                            [--write docs/bench-web.md]

Stores N synthetic interviews (variations of the Tokyo reference debrief, each
planned) through the store API, starts ``followthrough serve`` in a second
process on 127.0.0.1, and times sequential keep-alive requests from this
process. Reports p50/p95/p99 in milliseconds with the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from machine import describe as describe_machine

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.debrief import read_debrief, validate_debrief
from followthrough.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "debrief-tokyo-payments.toml"
NOW = datetime.fromisoformat("2027-03-01T10:00:00+09:00")
TARGET_P95_MS = 20.0


def populate(db_url: str, count: int) -> int:
    """Store ``count`` planned interviews spread over the months before NOW."""
    base: dict[str, Any] = read_debrief(EXAMPLE).to_document()
    store = open_store(db_url)
    last = 0
    with clock.frozen(NOW):
        for index in range(count):
            document: dict[str, Any] = {**base, "interview": dict(base["interview"])}
            starts = NOW - timedelta(hours=7 * (count - index))
            document["interview"].update(company=f"Company {index:05d} K.K.",
                                         starts=starts.isoformat(),
                                         decision_by=(starts.date() + timedelta(days=14))
                                         .isoformat())
            debrief = validate_debrief(document, from_json=True)
            last, _ = store.add_interview(debrief)
            replan(store, last)
    store.engine.dispose()
    return last


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(db_url: str, home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FOLLOWTHROUGH_HOME": str(home), "FOLLOWTHROUGH_NOW": NOW.isoformat()}
    command = [sys.executable, "-m", "followthrough", "serve", "--db", db_url,
               "--port", str(port), "--no-open"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def timings(client: httpx.Client, url: str, count: int) -> list[float]:
    for _ in range(min(50, count)):
        client.get(url).raise_for_status()
    found = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        found.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return found


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
    return {"p50": statistics.median(ordered), "p95": at(0.95), "p99": at(0.99)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--db", type=Path, help="Keep the database here; reuse it if it "
                        "already holds the interviews (storing 10k takes minutes).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        db_url = f"sqlite:///{args.db or home / 'bench.db'}"
        started = time.perf_counter()
        store = open_store(db_url)
        last = store.count_interviews()
        store.engine.dispose()
        if last < args.interviews:
            last = populate(db_url, args.interviews - last)
        fill_seconds = time.perf_counter() - started
        port = free_port()
        process = serve(db_url, home, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
                pages = {"dashboard `/`": "/", f"interview page `/interviews/{last}`":
                         f"/interviews/{last}", "agenda API `/api/agenda`": "/api/agenda"}
                results = {name: summary(timings(client, url, args.requests))
                           for name, url in pages.items()}
        finally:
            process.terminate()
            process.wait(timeout=10)
    report = render(results, args, fill_seconds)
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")


def render(results: dict[str, dict[str, float]], args: argparse.Namespace,
           fill_seconds: float) -> str:
    lines = [
        "# Web UI benchmark",
        "",
        "Generated by `bench/web_bench.py`: "
        f"{args.interviews:,} stored interviews (synthetic variations of the Tokyo reference "
        f"debrief, each planned; stored beforehand: {fill_seconds:.0f} s this run), "
        "`followthrough serve` in a "
        "second process on 127.0.0.1 (SQLite), "
        f"{args.requests:,} sequential keep-alive requests per page from the benchmark "
        f"process after 50 warm-up requests. Target: p95 under {TARGET_P95_MS:.0f} ms.",
        "",
        f"Machine: {describe_machine()}",
        "",
        "| page | p50 ms | p95 ms | p99 ms | target met |",
        "|---|---|---|---|---|",
    ]
    for name, found in results.items():
        met = "yes" if found["p95"] < TARGET_P95_MS else "no"
        lines.append(f"| {name} | {found['p50']:.1f} | {found['p95']:.1f} | "
                     f"{found['p99']:.1f} | {met} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
