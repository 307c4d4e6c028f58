"""Start-up of whole `followthrough` processes, side by side with proselint, in one run.

    .venv/bin/python bench/startup_bench.py [--rounds 10] [--write docs/bench-startup.md]

What a person waits for at the command line: `check` of one note, 200 notes
and 1,000 notes against `proselint check` of the same files, and `--help`,
`list`, `agenda` and `plan 1` on a database of one interview and of 10,000.
Every command runs as its own process from compiled bytecode (written into a
temporary PYTHONPYCACHEPREFIX folder by a warm-up run of each, as an installed
package has it), with the user's default data folder (HOME and XDG folders
in a temporary directory: no FOLLOWTHROUGH_HOME) and output to a pipe.

The machine is shared, so the commands are measured interleaved: each round
runs every command once, in an order that alternates from round to round, and
the figures are the medians over the rounds (with the fastest). The load
average is recorded before and after each round. The ratio of a check is
proselint's time over ours in the same round, its median over the rounds.

The notes are the checker corpus (``gen_corpus.py --n 1000 --seed 7``, as in
bench/checker_speed.py) when the shared folder is beside the clone, else the
repository's context cases (tests/check/data/context_cases.toml) in turn,
each numbered in its sign-off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from machine import describe as describe_machine

REPOSITORY = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
FOLLOWTHROUGH = str(VENV_BIN / "followthrough")
PROSELINT = VENV_BIN / "proselint"
EXAMPLE = REPOSITORY / "examples" / "debrief-berlin.toml"
CASES = REPOSITORY / "tests" / "check" / "data" / "context_cases.toml"
LARGE = 10_000
TARGETS_MS = {"--help": 60.0, "list": 150.0, "agenda": 150.0, "plan 1": 150.0}
TARGET_RATIOS = {"1 note": 1.5, "200 notes": 5.0}


@dataclass
class Command:
    name: str
    argv: list[str]
    env: dict[str, str]
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def run(self) -> None:
        began = time.perf_counter()
        process = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        self.walls.append(time.perf_counter() - began)
        self.cpus.append(usage.ru_utime + usage.ru_stime)


def environment(home: Path, bytecode: Path) -> dict[str, str]:
    """A user's environment with ``home`` as their home folder and Python writing
    bytecode into ``bytecode``."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("FOLLOWTHROUGH_")
           and key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_CONFIG_HOME": str(home / ".config"),
            "PYTHONPYCACHEPREFIX": str(bytecode), "COLUMNS": "100"}
    return env


def notes(count: int) -> tuple[list[str], str]:
    """``count`` note texts and where they come from."""
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from checker_quality import corpus

        return [record["text"] for record in corpus(count, 7)], \
            f"checker corpus (gen_corpus.py --n {count} --seed 7)"
    except SystemExit:  # no shared folder beside the clone
        cases = [case["text"] for case in tomllib.loads(CASES.read_text("utf-8"))["case"]]
        return ([f"{cases[i % len(cases)]}\n(note {i + 1})" for i in range(count)],
                f"the {len(cases)} context cases of tests/check/data in turn")


def write_notes(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True)
    for number, text in enumerate(texts):
        (folder / f"note{number:04d}.txt").write_text(text, "utf-8")


def database(home: Path, bytecode: Path, interviews: int) -> None:
    """A default data folder in ``home`` holding the Berlin example (interview 1,
    imported and planned by the CLI) and ``interviews - 1`` synthetic ones."""
    env = environment(home, bytecode)
    subprocess.run([FOLLOWTHROUGH, "import", str(EXAMPLE)], env=env, check=True,
                   capture_output=True)
    if interviews > 1:
        subprocess.run([sys.executable, __file__, "--fill", str(interviews)], env=env,
                       check=True)


def fill(interviews: int) -> None:
    """Add synthetic interviews 2..``interviews`` (3 pending actions each) to the
    default database, as bench/agenda_bench.py loads them."""
    from agenda_bench import _action_rows, _interview_rows
    from sqlalchemy import insert

    from followthrough.store import open_store
    from followthrough.store.schema import actions
    from followthrough.store.schema import interviews as interview_table

    store = open_store(None)
    with store.transaction() as connection:
        for first in range(2, interviews + 1, 5_000):
            last = min(first + 5_000, interviews + 1)
            connection.execute(insert(interview_table), _interview_rows(first, last, interviews))
            connection.execute(insert(actions), _action_rows(first, last, interviews))
    store.engine.dispose()


def commands(root: Path, bytecode: Path) -> tuple[list[Command], str]:
    texts, source = notes(1000)
    write_notes(root / "notes1000", texts)
    write_notes(root / "notes200", texts[:200])
    one = root / "notes200" / "note0000.txt"
    checker_home = root / "home-check"
    checker_home.mkdir()
    check_env = environment(checker_home, bytecode)
    found: list[Command] = []
    for label, target in (("1 note", one), ("200 notes", root / "notes200"),
                          ("1,000 notes", root / "notes1000")):
        found.append(Command(f"check {label}", [FOLLOWTHROUGH, "check", str(target)],
                             check_env))
        if PROSELINT.exists():
            found.append(Command(f"proselint {label}", [str(PROSELINT), "check", str(target)],
                                 check_env))
    for size in (1, LARGE):
        home = root / f"home-{size}"
        home.mkdir()
        database(home, bytecode, size)
        env = environment(home, bytecode)
        for argv in (["--help"], ["list"], ["agenda"], ["plan", "1"]):
            found.append(Command(f"{' '.join(argv)} @ {size:,}", [FOLLOWTHROUGH, *argv], env))
    return found, source


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(found: list[Command], rounds: int) -> list[tuple[str, str]]:
    for command in found:  # bytecode and the checker's caches are written here
        command.run()
        command.walls.clear()
        command.cpus.clear()
    loads = []
    for round_ in range(rounds):
        before = load()
        for command in found if round_ % 2 == 0 else found[::-1]:
            command.run()
        loads.append((before, load()))
    return loads


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:,.0f} ms"


def _timed(command: Command) -> str:
    return (f"{_ms(command.walls)} (fastest {min(command.walls) * 1e3:,.0f}, "
            f"CPU {_ms(command.cpus)})")


def _verdict(walls: list[float], limit_ms: float) -> str:
    """Met by the median of the rounds, by the fastest round only, or not at all."""
    if statistics.median(walls) * 1e3 <= limit_ms:
        return "met"
    if min(walls) * 1e3 <= limit_ms:
        return "met by the fastest round only"
    return "**not met**"


def proselint_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("proselint")
    except PackageNotFoundError:
        return "not installed"


def render(found: list[Command], loads: list[tuple[str, str]], source: str) -> str:
    by_name = {command.name: command for command in found}
    firsts = sorted(float(value.split()[0]) for pair in loads for value in pair)
    lines = [
        "# Start-up", "",
        "<!-- Written by bench/startup_bench.py --write docs/bench-startup.md -->", "",
        f"Whole processes, {len(loads)} interleaved rounds "
        f"({datetime.now(UTC):%Y-%m-%d}); median wall time of the rounds, the fastest "
        "round and the median CPU time (user + system) beside it.", "",
        f"- machine: {describe_machine()}",
        f"- load average (1 min) during the rounds: {firsts[0]:.2f} to {firsts[-1]:.2f}, "
        f"median {statistics.median(firsts):.2f} (2 CPUs: above about 1, other work "
        "shared the machine)",
        f"- notes: {source}",
        f"- proselint: {proselint_version()}", "",
        "## check, against proselint", "",
        "| notes | followthrough check | proselint check | ratio (median of rounds) | "
        "CPU ours / proselint | target |",
        "|---|---:|---:|---:|---:|---|"]
    for label in ("1 note", "200 notes", "1,000 notes"):
        ours, theirs = by_name[f"check {label}"], by_name.get(f"proselint {label}")
        if theirs is None:
            lines.append(f"| {label} | {_ms(ours.walls)} | n/a | n/a | | |")
            continue
        ratios = [b / a for a, b in zip(ours.walls, theirs.walls, strict=True)]
        cpu = statistics.median(theirs.cpus) / statistics.median(ours.cpus)
        target = TARGET_RATIOS.get(label)
        met = "" if target is None else (
            f"{target}x: {'met' if statistics.median(ratios) >= target else '**not met**'}")
        lines.append(
            f"| {label} | {_ms(ours.walls)} (fastest {min(ours.walls) * 1e3:,.0f}) | "
            f"{_ms(theirs.walls)} (fastest {min(theirs.walls) * 1e3:,.0f}) | "
            f"**{statistics.median(ratios):.2f}x** ({min(ratios):.2f}-{max(ratios):.2f}) | "
            f"{cpu:.2f}x | {met} |")
    lines += ["", "## Other commands", "",
              "| command | 1 interview | 10,000 interviews | target (small database) |",
              "|---|---:|---:|---|"]
    for argv, limit in TARGETS_MS.items():
        small, large = by_name[f"{argv} @ 1"], by_name[f"{argv} @ {LARGE:,}"]
        lines.append(
            f"| `{argv}` | {_timed(small)} | {_timed(large)} | {limit:.0f} ms: "
            f"{_verdict(small.walls, limit)} |")
    lines += ["", "Rounds (load average before / after):", ""]
    lines += [f"{number}. {before} / {after}" for number, (before, after)
              in enumerate(loads, 1)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.fill)
        return 0
    root = Path(tempfile.mkdtemp(prefix="ft-startup-"))
    try:
        found, source = commands(root, root / "bytecode")
        loads = measure(found, args.rounds)
        text = render(found, loads, source)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.write:
        args.write.write_text(text, "utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
