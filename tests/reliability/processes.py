"""Running followthrough as real processes: the CLI, and `serve` with the address
it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CLI = (sys.executable, "-m", "followthrough")
STARTED = re.compile(r"running at (http://\S+/)")
TOKEN = re.compile(r"Access token \(shown only now; every visitor needs it\): (\S+)")


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("FOLLOWTHROUGH_")}
    env.update({"FOLLOWTHROUGH_HOME": str(home), **extra})
    return env


def cli(args: Sequence[str], env: dict[str, str], timeout: float = 120
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    token: str | None
    said: str


@contextmanager
def serving(args: Sequence[str], env: dict[str, str], wait: float = 60) -> Iterator[Server]:
    """`followthrough serve ARGS --no-open`, until its start-up line; stopped after."""
    process = subprocess.Popen([*CLI, "serve", *args, "--no-open"], env=env, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    said = ""
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            said += line
            found = STARTED.search(said)
            if found and ("--access-token" not in args or "Open: " in said):
                token = TOKEN.search(said)
                yield Server(process, found.group(1), token.group(1) if token else None, said)
                return
        raise AssertionError(f"serve did not start: {said}")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
