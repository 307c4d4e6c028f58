"""The machine line every benchmark prints beside its figures."""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path


def describe() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs (nproc), {model}; Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.release()}")


def store_options(description: str, interviews: list[int], runs: int) -> argparse.Namespace:
    """The options of a benchmark over stored interviews: how many to store (a table
    row each), a PostgreSQL URL in place of a temporary SQLite, and the timed runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--interviews", type=int, nargs="+", default=interviews)
    parser.add_argument("--db", default=None, help="PostgreSQL URL (default: a temp SQLite)")
    parser.add_argument("--runs", type=int, default=runs)
    return parser.parse_args()
