"""Speed of the etiquette checker against proselint 0.16, in one run on one machine.

    .venv/bin/python bench/checker_speed.py [--repeat 7] [--runs 3] [--write docs/bench-checker.md]

In-process: each corpus message (``gen_corpus.py --n 200 --seed 7``) is checked
``--repeat`` times warm; a message's latency is the median of its repeats, and
the table gives the median and p99 over messages, for all messages and for
the notes of 180 words or more. Throughput is messages per second over whole
passes. proselint is called through its API as in
``../shared/bench/checker-corpus/lint_api_proselint.py``.

Whole process: 1,000 messages (``--n 1000 --seed 7``) written to files, checked
by one process of each tool (``python -m followthrough.check FILE...`` and
``proselint check DIR``), median wall time of ``--runs`` runs; plus one
message per process (start-up cost).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from checker_quality import KIND, corpus

from followthrough.check import check

VENV_BIN = Path(sys.executable).parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def per_message(fn: Callable[[dict[str, Any]], object], records: list[dict[str, Any]],
                repeat: int) -> tuple[list[float], float]:
    """Median latency (ms) of each message over ``repeat`` warm calls, and messages/s."""
    for record in records:
        fn(record)
    latencies = []
    start = time.perf_counter()
    for record in records:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            fn(record)
            times.append((time.perf_counter() - began) * 1e3)
        latencies.append(statistics.median(times))
    elapsed = time.perf_counter() - start
    return latencies, len(records) * repeat / elapsed


def ours(record: dict[str, Any]) -> object:
    return check(record["text"], kind=KIND[record["kind"]])


def proselint_lint() -> Callable[[dict[str, Any]], object] | None:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)

    def lint(record: dict[str, Any]) -> object:
        return list(LintFile(record["id"], record["text"]).lint())
    return lint


def summary(latencies: list[float], rate: float | None) -> dict[str, float | None]:
    return {"median_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99),
            "max_ms": max(latencies), "per_s": rate}


def timed_run(command: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - began)
    return statistics.median(walls)


def whole_process(runs: int) -> dict[str, float | None]:
    records = corpus(1000, 7)
    with tempfile.TemporaryDirectory() as folder:
        msgs = Path(folder) / "msgs"
        msgs.mkdir()
        files = []
        for record in records:
            path = msgs / f"{record['id']}.txt"
            path.write_text(record["text"], "utf-8")
            files.append(str(path))
        ours_cmd = [sys.executable, "-m", "followthrough.check", *files]
        result: dict[str, float | None] = {
            "ours_1000_s": timed_run(ours_cmd, runs),
            "ours_one_s": timed_run([sys.executable, "-m", "followthrough.check", files[0]],
                                    runs)}
        proselint = VENV_BIN / "proselint"
        if proselint.exists():
            result["proselint_1000_s"] = timed_run([str(proselint), "check", str(msgs)], runs)
            result["proselint_one_s"] = timed_run([str(proselint), "check", files[0]], runs)
        else:
            result["proselint_1000_s"] = result["proselint_one_s"] = None
    return result


def machine() -> dict[str, str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": model, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "load": load}


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    mine, theirs = results["ours"], results["proselint"]
    long_mine, long_theirs = results["ours_long"], results["proselint_long"]
    whole = results["whole"]
    lines = [
        "# Checker speed", "",
        "<!-- Written by bench/checker_speed.py --write docs/bench-checker.md -->", "",
        "One run, one machine: our checker and proselint "
        f"{_version('proselint')} on the same corpus, same interpreter.", "",
        f"- machine: {m['nproc']} CPUs ({m['cpu']}), {m['system']}, Python {m['python']}",
        f"- load average when the run began: {results['load_before']}; when it ended: "
        f"{m['load']} (a shared machine: absolute figures are noisy, ratios less so)",
        f"- corpus: gen_corpus.py --n 200 --seed 7 (84-247 words, median 115), each "
        f"message {results['repeat']} times warm; latency of a message = median of its "
        "repeats", "",
        "## In-process, per message", "",
        "| tool | messages | median | p99 | max | messages/s |", "|---|---|---:|---:|---:|---:|"]
    rows = [("followthrough", "all 200", mine), ("proselint", "all 200", theirs),
            ("followthrough", f"{results['long_count']} of 180+ words", long_mine),
            ("proselint", f"{results['long_count']} of 180+ words", long_theirs)]
    for tool, which, row in rows:
        if row is None:
            lines.append(f"| {tool} | {which} | n/a | n/a | n/a | n/a |")
            continue
        rate = "-" if row["per_s"] is None else f"{row['per_s']:,.0f}"
        lines.append(f"| {tool} | {which} | {row['median_ms']:.3f} ms | {row['p99_ms']:.3f} ms "
                     f"| {row['max_ms']:.3f} ms | {rate} |")
    if theirs:
        lines += ["", f"Throughput ratio (ours / proselint): "
                      f"**{mine['per_s'] / theirs['per_s']:.0f}x** (target at least 30x)."]
    lines += ["", "## Whole process", "",
              f"Median wall time of {results['runs']} runs, one process per run.", "",
              "| tool | 1,000 messages | 1 message |", "|---|---:|---:|",
              f"| followthrough (`python -m followthrough.check FILE...`) | "
              f"{whole['ours_1000_s']:.2f} s | {whole['ours_one_s']:.2f} s |"]
    if whole.get("proselint_1000_s") is not None:
        lines.append(f"| proselint (`proselint check DIR`) | {whole['proselint_1000_s']:.2f} s | "
                     f"{whole['proselint_one_s']:.2f} s |")
        ratio = whole["proselint_1000_s"] / whole["ours_1000_s"]
        lines += ["", f"Whole-process ratio on 1,000 messages: **{ratio:.1f}x** faster "
                      "(target at least 10x)."]
    lines += ["", "Our whole-process run also compares every pair of the 1,000 notes for "
                  "near-duplicates (they are checked as one batch); proselint checks each "
                  "file alone.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    records = corpus(200, 7)
    long_ids = {r["id"] for r in records if r["words"] >= 180}
    results: dict[str, Any] = {"repeat": args.repeat, "runs": args.runs,
                               "load_before": load_before, "long_count": len(long_ids)}
    latencies, rate = per_message(ours, records, args.repeat)
    results["ours"] = summary(latencies, rate)
    results["ours_long"] = summary(
        [lat for lat, r in zip(latencies, records, strict=True) if r["id"] in long_ids], None)
    lint = proselint_lint()
    if lint is None:
        results["proselint"] = results["proselint_long"] = None
    else:
        theirs, their_rate = per_message(lint, records, args.repeat)
        results["proselint"] = summary(theirs, their_rate)
        results["proselint_long"] = summary(
            [lat for lat, r in zip(theirs, records, strict=True) if r["id"] in long_ids],
            None)
    results["whole"] = whole_process(args.runs)
    results["machine"] = machine()
    text = render(results)
    print(text)
    if args.write:
        args.write.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
