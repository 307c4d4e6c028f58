#!/usr/bin/env python3
"""Regenerate tests/data/seed-shingles.txt, the fingerprint of the seed articles.

Source: the four articles in ../shared/seeds/*.txt, beside the clone (they are
not in the repository and must never be copied into it). The fingerprint keeps
no text: one line per distinct normalised 8-word run (shingle) of the articles,
the first 16 hex digits of its SHA-256, sorted. The tests hash the runs of our
templates, rules and profiles the same way and require no common line, so no
sentence of the articles is copied into our own text.

    .venv/bin/python scripts/fingerprint-seeds.py [--seeds DIR] [--out FILE]

The tests import :func:`shingles` and :func:`digest` from this file, so the
normalisation lives in one place.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "tests" / "data" / "seed-shingles.txt"
RUN = 8
BREAK = "\x00"
"""Separates pieces of text that must not form one run (a template slot, say)."""
_NON_WORD = re.compile(r"[^0-9a-z']+")
HEADER = (f"# sha256[:16] of every normalised {RUN}-word run of ../shared/seeds/*.txt; "
          "regenerate with scripts/fingerprint-seeds.py\n")


def shingles(text: str) -> set[str]:
    """Every run of ``RUN`` words: case-folded, curly apostrophes made straight,
    words split at anything but a letter, digit or apostrophe, no run across
    a ``BREAK``."""
    runs: set[str] = set()
    for piece in text.replace("\u2019", "'").casefold().split(BREAK):
        words = [w.strip("'") for w in _NON_WORD.split(piece) if w.strip("'")]
        runs |= {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    return runs


def digest(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def fingerprint(texts: Iterable[str]) -> list[str]:
    return sorted({digest(run) for text in texts for run in shingles(text)})


def read_fingerprint(path: Path = OUT) -> frozenset[str]:
    lines = path.read_text("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    articles = sorted(args.seeds.glob("*.txt"))
    if not articles:
        print(f"no seed articles in {args.seeds}: this script needs the shared folder "
              "beside the clone (../shared/seeds/*.txt)", file=sys.stderr)
        return 2
    lines = fingerprint(path.read_text("utf-8") for path in articles)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} shingles of {len(articles)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
