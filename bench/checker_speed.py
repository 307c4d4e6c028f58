"""Speed of the etiquette checker against proselint 0.16, in one run on one machine.

    .venv/bin/python bench/checker_speed.py [--runs 5] [--repeat 5] [--process-runs 5]
                                            [--write docs/bench-checker.md]

The machine is shared, so its load changes while the benchmark runs. To keep
the comparison fair, the two tools are always measured interleaved: every
message is checked by ours and then by proselint (the order alternating from
round to round), and the whole-process commands alternate too. The load
average is recorded before and after each run, and the figures reported are
the medians over ``--runs`` runs (with their range).

In-process: each corpus message (``gen_corpus.py --n 200 --seed 7``) is checked
``--repeat`` times warm per run; a message's latency is the median of its
repeats, and the table gives the median and p99 over messages, for all
messages and for the notes of 180 words or more. Throughput is messages per
second of time spent in the tool: wall time (``perf_counter`` around each
call), and CPU time (``process_time`` around each message's repeats), which
other work on the machine changes less. The throughput ratio is given as the
median over runs and as the best run of each tool against the best of the
other (the same for both tools). proselint is called through its API as in
``../shared/bench/checker-corpus/lint_api_proselint.py``.

Whole process: 1,000 messages (``--n 1000 --seed 7``) written to files, checked
by one process of each tool (``python -m followthrough.check FILE...`` and
``proselint check DIR``), ``--process-runs`` times each, alternating; plus one
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
Lint = Callable[[dict[str, Any]], object]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ours(record: dict[str, Any]) -> object:
    return check(record["text"], kind=KIND[record["kind"]])


def proselint_lint() -> Lint | None:
    try:
        from proselint.checks import __register__  # type: ignore[import-untyped]
        from proselint.registry import CheckRegistry  # type: ignore[import-untyped]
        from proselint.tools import LintFile  # type: ignore[import-untyped]
    except ImportError:
        return None
    registry = CheckRegistry()
    if not registry.checks:  # a process-wide registry: registering twice runs every check twice
        registry.register_many(__register__)

    def lint(record: dict[str, Any]) -> object:
        return list(LintFile(record["id"], record["text"]).lint())
    return lint


def interleaved(tools: dict[str, Lint], records: list[dict[str, Any]],
                repeat: int) -> dict[str, tuple[list[float], float, float]]:
    """Per tool: the median latency (ms) of each message over ``repeat`` warm calls,
    and messages per second of wall and of CPU time spent in the tool. Each
    message is checked ``repeat`` times in a row by one tool, then by the other
    (which goes first alternates from message to message), so both see the
    same load."""
    names = list(tools)
    for record in records:
        for name in names:
            tools[name](record)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    spent = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)
    for index, record in enumerate(records):
        for name in names if index % 2 == 0 else names[::-1]:
            lint = tools[name]
            samples = []
            cpu_began = time.process_time()
            for _ in range(repeat):
                began = time.perf_counter()
                lint(record)
                samples.append(time.perf_counter() - began)
            cpu[name] += time.process_time() - cpu_began
            spent[name] += sum(samples)
            latencies[name].append(statistics.median(samples) * 1e3)
    checks = len(records) * repeat
    return {name: (latencies[name], checks / spent[name], checks / cpu[name]) for name in names}


def summary(latencies: list[float], rate: float | None,
            cpu_rate: float | None = None) -> dict[str, float | None]:
    return {"median_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99),
            "max_ms": max(latencies), "per_s": rate, "cpu_per_s": cpu_rate}


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    began = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=env)
    return time.perf_counter() - began


def bytecode_env(folder: Path) -> dict[str, str]:
    """The environment of the whole-process commands: Python may write compiled
    bytecode, into ``folder``, so that both tools run from bytecode as installed
    packages do (an installed proselint ships it; without this, a shell with
    PYTHONDONTWRITEBYTECODE would recompile our package in every process)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def whole_process(runs: int) -> list[dict[str, Any]]:
    """``runs`` rounds, each timing ours and proselint on 1,000 files and on one, alternating."""
    records = corpus(1000, 7)
    rounds = []
    with tempfile.TemporaryDirectory() as folder:
        msgs = Path(folder) / "msgs"
        msgs.mkdir()
        files = []
        for record in records:
            path = msgs / f"{record['id']}.txt"
            path.write_text(record["text"], "utf-8")
            files.append(str(path))
        proselint = VENV_BIN / "proselint"
        commands = {
            "ours_1000_s": [sys.executable, "-m", "followthrough.check", *files],
            "ours_one_s": [sys.executable, "-m", "followthrough.check", files[0]],
        }
        if proselint.exists():
            commands["proselint_1000_s"] = [str(proselint), "check", str(msgs)]
            commands["proselint_one_s"] = [str(proselint), "check", files[0]]
        env = bytecode_env(Path(folder) / "bytecode")
        for name in commands:  # the first processes build the caches and the bytecode
            if name.endswith("_one_s"):
                wall(commands[name], env)
        for round_ in range(runs):
            names = list(commands) if round_ % 2 == 0 else list(commands)[::-1]
            found: dict[str, Any] = {"load_before": load()}
            for name in names:
                found[name] = wall(commands[name], env)
            found["load_after"] = load()
            if "proselint_1000_s" in found:
                found["ratio"] = found["proselint_1000_s"] / found["ours_1000_s"]
            rounds.append(found)
    return rounds


def machine() -> dict[str, str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"nproc": str(os.cpu_count()), "cpu": model, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def compared_tools() -> dict[str, Lint]:
    """Our checker, and proselint when it is installed."""
    tools: dict[str, Lint] = {"ours": ours}
    lint = proselint_lint()
    if lint is not None:
        tools["proselint"] = lint
    return tools


def in_process(runs: int, repeat: int) -> list[dict[str, Any]]:
    records = corpus(200, 7)
    long = [i for i, r in enumerate(records) if r["words"] >= 180]
    tools = compared_tools()
    result = []
    for _ in range(runs):
        found: dict[str, Any] = {"load_before": load(), "long_count": len(long)}
        measured = interleaved(tools, records, repeat)
        for name, (latencies, rate, cpu_rate) in measured.items():
            found[name] = summary(latencies, rate, cpu_rate)
            found[f"{name}_long"] = summary([latencies[i] for i in long], None)
        if "proselint" in found:
            found["ratio"] = found["ours"]["per_s"] / found["proselint"]["per_s"]
            found["cpu_ratio"] = found["ours"]["cpu_per_s"] / found["proselint"]["cpu_per_s"]
        found["load_after"] = load()
        result.append(found)
    return result


def batches(runs: int, repeat: int) -> list[dict[str, Any]]:
    """Batch throughput: in each run, each tool checks the 200 messages ``repeat``
    times over, one message after another, and then the other tool does (which
    goes first alternates from run to run); messages per second of wall and of
    CPU time. Unlike :func:`interleaved`, no tool starts a message in the caches
    the other left: how each checks a folder of notes."""
    records = corpus(200, 7)
    tools = compared_tools()
    names = list(tools)
    for record in records:
        for name in names:
            tools[name](record)
    result = []
    for run in range(runs):
        found: dict[str, Any] = {"load_before": load()}
        for name in names if run % 2 == 0 else names[::-1]:
            lint = tools[name]
            wall_began, cpu_began = time.perf_counter(), time.process_time()
            for _ in range(repeat):
                for record in records:
                    lint(record)
            checks = len(records) * repeat
            found[name] = {"per_s": checks / (time.perf_counter() - wall_began),
                           "cpu_per_s": checks / (time.process_time() - cpu_began)}
        if "proselint" in found:
            found["ratio"] = found["ours"]["per_s"] / found["proselint"]["per_s"]
            found["cpu_ratio"] = found["ours"]["cpu_per_s"] / found["proselint"]["cpu_per_s"]
        found["load_after"] = load()
        result.append(found)
    return result


_TYPOGRAPHIC = {ord("'"): "\u2019", ord('"'): "\u201d", ord("-"): "\u2013"}
VARIANTS: dict[str, Callable[[str], str]] = {
    "curly quotes and dashes (prefiltered)": lambda text: text.translate(_TYPOGRAPHIC),
    "signed \u201cJos\u00e9 M\u00fcller\u201d (prefiltered)":
        lambda text: text + "\n\u2014 Jos\u00e9 M\u00fcller\n",
    "signed \u201c\u4f50\u85e4\u201d (Japanese: no prefilter)":
        lambda text: text + "\n\u2014 \u4f50\u85e4\n",
}
"""Variants of the corpus: the corpus is plain ASCII."""


def variants(repeat: int) -> dict[str, dict[str, Any]]:
    """One interleaved run on each variant of the corpus (:data:`VARIANTS`)."""
    records = corpus(200, 7)
    tools = compared_tools()
    result = {}
    for name, change in VARIANTS.items():
        changed = [{**record, "text": change(record["text"])} for record in records]
        found: dict[str, Any] = {"load_before": load()}
        for tool, (latencies, rate, cpu_rate) in interleaved(tools, changed, repeat).items():
            found[tool] = summary(latencies, rate, cpu_rate)
        if "proselint" in found:
            found["ratio"] = found["ours"]["per_s"] / found["proselint"]["per_s"]
            found["cpu_ratio"] = found["ours"]["cpu_per_s"] / found["proselint"]["cpu_per_s"]
        found["load_after"] = load()
        result[name] = found
    return result


def prefilter_state() -> str:
    from followthrough.check.speed.prefilter import PREFILTER

    if not PREFILTER.ids(False):
        return "none (the hyperscan package is not installed): every message on the slower path"
    return (f"Hyperscan (python package hyperscan {_version('hyperscan')}), "
            f"{len(PREFILTER.ids(True))} rule regexes")


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):,.3f}"


def _spread(values: list[float], digits: int = 3) -> str:
    return f"{min(values):,.{digits}f}-{max(values):,.{digits}f}"


def _rates(rows: list[dict[str, Any]], key: str) -> str:
    rates = [row[key] for row in rows if row.get(key) is not None]
    return f"{statistics.median(rates):,.0f} ({_spread(rates, 0)})" if rates else "-"


def best_ratio(runs: list[dict[str, Any]], key: str) -> float:
    """Our best run's throughput over proselint's best run's (best of N for both alike)."""
    return max(r["ours"][key] for r in runs) / max(r["proselint"][key] for r in runs)


def _ratio_line(runs: list[dict[str, Any]], clock: str, key: str, ratio: str) -> str:
    ratios = [r[ratio] for r in runs]
    return (f"- {clock}: median **{statistics.median(ratios):.1f}x** (runs: "
            f"{', '.join(f'{x:.1f}' for x in ratios)}); best of {len(runs)} against best of "
            f"{len(runs)}: **{best_ratio(runs, key):.1f}x**")


def _batch_lines(runs: list[dict[str, Any]], repeat: int) -> list[str]:
    if not runs or "ratio" not in runs[0]:
        return []
    lines = ["", "## In-process, batch throughput", "",
             f"Each tool checks the 200 messages {repeat} times over, one after another, "
             "then the other tool does (the order alternating from run to run): how each "
             "checks a folder of notes, with no message started in the caches the other "
             "tool left (in the interleaved runs above, each of our checks follows 2 to 15 ms "
             "of proselint's work, which leaves little of ours in the processor's caches).", "",
             "| tool | messages/s | messages/CPU-s |", "|---|---:|---:|"]
    for tool, key in (("followthrough", "ours"), ("proselint", "proselint")):
        rows = [run[key] for run in runs]
        lines.append(f"| {tool} | {_rates(rows, 'per_s')} | {_rates(rows, 'cpu_per_s')} |")
    lines += ["", "Throughput ratio (ours / proselint; target at least 30x):", "",
              _ratio_line(runs, "wall time", "per_s", "ratio"),
              _ratio_line(runs, "CPU time", "cpu_per_s", "cpu_ratio"), "",
              "Runs (load average before and after each):", ""]
    for index, run in enumerate(runs, 1):
        lines.append(f"{index}. load {run['load_before']} / {run['load_after']}: ratio "
                     f"{run['ratio']:.1f}x (CPU time {run['cpu_ratio']:.1f}x)")
    return lines


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    runs, whole = results["in_process"], results["whole"]
    loads = [r["load_before"] for r in runs + whole] + [r["load_after"] for r in runs + whole]
    ones = sorted(float(value.split()[0]) for value in loads)
    lines = [
        "# Checker speed", "",
        "<!-- Written by bench/checker_speed.py --write docs/bench-checker.md -->", "",
        f"Our checker and proselint {_version('proselint')} on the same corpus and interpreter, "
        "measured interleaved (every message by one tool and then the other, in turns; the "
        "process runs alternating), so that the changing load of this shared machine falls on "
        "both. "
        f"Figures are medians over {len(runs)} in-process runs and {len(whole)} "
        "whole-process rounds; the range across them follows in brackets.", "",
        f"- machine: {m['nproc']} CPUs ({m['cpu']}), {m['system']}, Python {m['python']}",
        f"- prefilter: {results['prefilter']}",
        f"- load average (1 min) during the runs: {ones[0]:.2f} to {ones[-1]:.2f}, "
        f"median {statistics.median(ones):.2f} on {m['nproc']} CPUs (about 1 is the "
        "benchmark itself; more means other work shared the machine)",
        f"- corpus: gen_corpus.py --n 200 --seed 7 (84-247 words, median 115), each message "
        f"checked {results['repeat']} times warm per run; latency of a message = median of "
        "its repeats", "",
        "## In-process, per message", "",
        "| tool | messages | median | p99 | max | messages/s | messages/CPU-s |",
        "|---|---|---:|---:|---:|---:|---:|"]
    long_count = runs[0]["long_count"]
    for tool, key, which in (("followthrough", "ours", "all 200"),
                             ("proselint", "proselint", "all 200"),
                             ("followthrough", "ours_long", f"{long_count} of 180+ words"),
                             ("proselint", "proselint_long", f"{long_count} of 180+ words")):
        if key not in runs[0]:
            lines.append(f"| {tool} | {which} | n/a | n/a | n/a | n/a | n/a |")
            continue
        rows = [r[key] for r in runs]
        cells = [f"{_median([row[k] for row in rows])} ms ({_spread([row[k] for row in rows])})"
                 for k in ("median_ms", "p99_ms", "max_ms")]
        rates = [_rates(rows, "per_s"), _rates(rows, "cpu_per_s")]
        lines.append(f"| {tool} | {which} | {' | '.join(cells)} | {' | '.join(rates)} |")
    if "ratio" in runs[0]:
        lines += ["", "Throughput ratio (ours / proselint; target at least 30x):", "",
                  _ratio_line(runs, "wall time", "per_s", "ratio"),
                  _ratio_line(runs, "CPU time", "cpu_per_s", "cpu_ratio")]
    lines += ["", "Runs (load average before and after each):", ""]
    for index, run in enumerate(runs, 1):
        ratio = (f", ratio {run['ratio']:.1f}x (CPU time {run['cpu_ratio']:.1f}x)"
                 if "ratio" in run else "")
        lines.append(f"{index}. load {run['load_before']} / {run['load_after']}: ours median "
                     f"{run['ours']['median_ms']:.3f} ms, p99 {run['ours']['p99_ms']:.3f} ms"
                     f"{ratio}")
    lines += _batch_lines(results.get("batches", []), results["repeat"])
    if results.get("variants"):
        lines += ["", f"The corpus is plain ASCII. One more run on each of "
                      f"{len(results['variants'])} variants of it (our checker and proselint "
                      "interleaved as above; a character beyond Latin-1 makes Python hold the "
                      "whole text in two bytes a character, which slows both tools):", "",
                  "| variant | ours median | ours p99 | ours messages/s | ratio (CPU time) |",
                  "|---|---:|---:|---:|---:|"]
        for name, found in results["variants"].items():
            ratio = (f"{found['ratio']:.1f}x ({found['cpu_ratio']:.1f}x)" if "ratio" in found
                     else "n/a")
            lines.append(f"| {name} | {found['ours']['median_ms']:.3f} ms | "
                         f"{found['ours']['p99_ms']:.3f} ms | {found['ours']['per_s']:,.0f} | "
                         f"{ratio} |")
    lines += ["", "## Whole process", "",
              "Wall time of one process per command; median of the rounds (range in brackets).",
              "", "| tool | 1,000 messages | 1 message |", "|---|---:|---:|"]
    for tool, prefix in (("followthrough (`python -m followthrough.check FILE...`)", "ours"),
                         ("proselint (`proselint check DIR`)", "proselint")):
        if f"{prefix}_1000_s" not in whole[0]:
            continue
        cells = []
        for what in ("1000", "one"):
            values = [r[f"{prefix}_{what}_s"] for r in whole]
            cells.append(f"{statistics.median(values):.2f} s ({_spread(values, 2)})")
        lines.append(f"| {tool} | {cells[0]} | {cells[1]} |")
    if "ratio" in whole[0]:
        ratios = [r["ratio"] for r in whole]
        lines += ["", "Whole-process ratio on 1,000 messages: "
                      f"**{statistics.median(ratios):.1f}x** faster (rounds: "
                      f"{', '.join(f'{x:.1f}' for x in ratios)}; target at least 10x)."]
    lines += ["", "Rounds (load average before and after each):", ""]
    for index, round_ in enumerate(whole, 1):
        lines.append(f"{index}. load {round_['load_before']} / {round_['load_after']}: ours "
                     f"{round_['ours_1000_s']:.2f} s"
                     + (f", proselint {round_['proselint_1000_s']:.2f} s"
                        if "proselint_1000_s" in round_ else ""))
    lines += ["", "Our whole-process run also compares every pair of the 1,000 notes for "
                  "near-duplicates (they are checked as one batch); proselint checks each "
                  "file alone. The first process of a machine builds the rule and spelling "
                  "caches and the prefilter databases (in the user's cache folder); the "
                  "rounds above run after it. Both "
                  "tools run from compiled bytecode, as installed packages do: the commands "
                  "may write it (PYTHONDONTWRITEBYTECODE is unset for them, the bytecode goes "
                  "to a temporary PYTHONPYCACHEPREFIX folder), and one warm-up process of "
                  "each writes it before the rounds.", ""]
    return "\n".join(lines) + NOTES


NOTES = """
## This round (issue 13: throughput at least 30x proselint's, with margin)

Counted in instructions with callgrind (200 corpus notes checked twice warm,
less the same process without the loop; instructions, unlike times, do not
depend on the load): 503 thousand a warm note at the start of the round, 454
thousand after it (-10%, both with `PYTHONHASHSEED=0`), with the same
findings. The steps, each measured with a random hash seed (about 1 thousand
either way):

| step | instructions a warm note |
|---|---:|
| start of the round | 500 thousand |
| a finding made by filling its `__dict__` (1) | 483 thousand |
| doubled words: the list against a copy shifted by one, not an `islice` | 478 thousand |
| no report for a regex: no match, at once; no `min`/`max` in the loop | 465 thousand |
| the common required rule (gratitude, interest) in one function (2) | 453 thousand |

(1) `Finding.made`: the frozen dataclass's `__init__` sets each of the 11
fields through `object.__setattr__` (1.1 us a finding); filling the
instance's `__dict__` takes 0.5 us, and a test holds the two equal, equally
hashed and frozen.
(2) A note of most kinds runs three or four such rules; each asked for its
scope, called a lambda and built a list of matches to learn whether one
exists.

In-process interleaved ratio, processes of the old and the new code
alternating, 2 runs each (load average 1.5-1.7): 30.5, 31.9, 31.3x before,
32.6, 33.2, 33.2x after.

Why the interleaved ratio stays below the batch one: a check right after a
proselint lint costs about twice a warm one (115 against 52 us in process
time on the corpus), and a third of the difference is the Hyperscan scan
(about 27 us more than warm). That extra grows with the length of the text
(a cold scan of the first 64 bytes costs 11 us, of the whole note 37), not
with the size of the database: these changes left it as long, and none
helped, each measured by alternating the two versions message by message
after a proselint lint:

- Hyperscan patterns without the upper bounds of their repeats (`{0,60}` to
  `{0,}`): the database 870 to 761 KB, the same reports, the cold scan the
  same (27.0 against 26.8 us, median).
- Each pattern cut after its first 8, 12 or 20 characters (a match still
  starts where its first characters do): the database 323 to 678 KB, but
  more reports (13.5, 8.3, 6.2 a note against 6.2) and a slower scan, cold
  and warm.
- A database per message kind, holding only the regexes of the rules that
  apply to it (608 KB for a thank-you note against 761): the same cold and
  warm check times (115 against 115 us, 52 against 52).
- Leaving out any one pattern: no pattern moves the cold scan by more than
  4 us.

Also tried and dropped: finding doubled words with one regex over the lower-
cased text (`\\s(\\S++)\\s++\\1(?!\\S)`: 7.8 us a note against 6.2 for splitting
and comparing), and telling the language from the whole lower-cased note
the doubled-word test needs anyway (3 thousand instructions more).

## The round before (issue 15: the speed layer behind one interface)

Counted in instructions with callgrind (200 corpus notes checked twice warm,
less the same process without the loop; instructions, unlike times, do not
depend on the load of this shared machine):

| step | instructions a warm note |
|---|---:|
| start of the round | 551 thousand |
| findings' wording remembered (1) | 524 thousand |
| Hyperscan reads the note backwards (2) | 501 thousand |

(1) A finding's message, suggestion and fingerprint are remembered by rule,
matched text and values (`engine._wording`): 939 of the 1,335 findings of
1,000 distinct corpus notes reuse one.
(2) Each rule regex is reversed and the note read backwards, instead of
Hyperscan working out where each match starts (`HS_FLAG_SOM_LEFTMOST`).

The second step matters more than its instructions say. Asked for the
start of each match, Hyperscan needed a 2.13 MB database and 12.3 us a note
(best of 20, process time); reading backwards, a report's end is where a
match can start, and it needs 0.87 MB and 7.0 us, with 6.2 reports a note
instead of 6.6. Python then tries its own match at each reported start and
at the place after it (a one-character look-behind is read as a character),
each place once, which gives exactly `finditer`'s matches: the property
tests over every rule regex hold it, as they held the old reports.

Why the interleaved ratio is lower than the batch one: in the interleaved
runs each of our checks follows 2 to 15 ms of proselint's work, which
leaves little of ours in the processor's caches. Measured in process time on
the corpus, a check right after a proselint lint costs 171-186 us against
70 us warm: the Hyperscan scan 57-65 us against 11, splitting the words and
looking them up among the tokens known to be spelt right 39 against 10, and
making the document 12 against 1.2. proselint pays the same, but its own
work is 40 times ours. The smaller database is why this round's step moved
the interleaved CPU-time ratio from about 26x to about 30x (same runs
alternating between the two versions), and the batch ratio to about 39x.

The plain `re` path (`FOLLOWTHROUGH_CHECK_PLAIN_RE=1`) runs every rule regex
as `finditer` over its scope: the same findings (tested on every rule example,
alone and as one batch), 21 times slower (1.29 ms a corpus note against
0.062 ms); it is the fallback when a Python
release changes the internals the fast path reads (`re._parser`, `_sre`),
which tests run on Python 3.11, 3.12 and 3.13.

Tried and dropped this round, each giving the same findings:

- Finding doubled words without lower-casing and splitting the text a second
  time: comparing only the words with a capital to their neighbours (6.2 to
  11.8 us a note: 20 such words a note, each a Python step), or looking the
  lower case up in a table of words seen before (546 thousand instructions
  instead of 551: the words' hashes cost what the copies did).
- Taking the rarely matching punctuation patterns (`<...>`, `{...}`, `!!`,
  emoticons) out of the Hyperscan database: 0.4 us a note.
- Reports without start offsets, with Python searching back from each end
  by the regex's longest match: a third of the rule regexes are unbounded,
  and any one pattern asking for start offsets costs the whole database them.

## Earlier rounds

A warm corpus note cost 2.27 and 1.83 million instructions two and three
rounds ago, 1.29 million before the prefilter and 0.52 million after it;
issue 13's rules added 6.5% (the variant words and time words are scanned
for only with a debrief, as only then do their rules run). proselint's API
costs 33.3 million instructions a corpus note (measured last round).
Tried and dropped then: cutting a rewritten pattern after its first long or
unbounded repeat (more reports and tries), compiling the checker with mypyc
(a tenth faster, at the cost of a C compiler at install time), one combined
Python regex of all keyed patterns, and a word index without a regex.

In the whole-process run, comparing the 1,000 notes for near-duplicates costs
about 0.23 billion instructions (candidates are the holders of each note's
rarest sentences); start-up is Python itself, the standard modules the
checker imports, the checker's modules, then reading the rule, spelling and
prefilter caches (the first process of a machine compiles the two Hyperscan
databases, 0.68 s of CPU for all 54 regexes, and later ones load them in about
a millisecond).
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="in-process runs")
    parser.add_argument("--repeat", type=int, default=5, help="checks of each message per run")
    parser.add_argument("--process-runs", type=int, default=5, help="whole-process rounds")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    results: dict[str, Any] = {"repeat": args.repeat, "machine": machine()}
    results["in_process"] = in_process(args.runs, args.repeat)
    results["batches"] = batches(args.runs, args.repeat)
    results["prefilter"] = prefilter_state()
    results["variants"] = variants(args.repeat)
    results["whole"] = whole_process(args.process_runs)
    text = render(results)
    print(text)
    if args.write:
        args.write.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
