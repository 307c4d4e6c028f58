"""What the speed layer's use of CPython internals makes of the rule patterns,
on whichever interpreter runs this file.

    python speed_probe.py SRC < patterns.json > answers.json

It needs only the standard library: the speed modules are loaded from ``SRC``
without the checker packages' ``__init__`` files (which import pydantic and
the rest), so an interpreter without the project's packages can run it.
``tests/check/test_interpreters.py`` runs it under Python 3.11, 3.12 and 3.13
and compares the answers with the test's own interpreter.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

PACKAGES = ("followthrough", "followthrough.check", "followthrough.check.speed")


def speed_modules(src: Path) -> tuple[Any, Any]:
    """The triggers and prefilter modules (stand-in packages unless already imported)."""
    for name in PACKAGES:
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = [str(src.joinpath(*name.split(".")))]
            sys.modules[name] = package
    return (importlib.import_module("followthrough.check.speed.triggers"),
            importlib.import_module("followthrough.check.speed.prefilter"))


def probe(src: Path, patterns: list[tuple[str, int]], texts: list[str]) -> dict[str, Any]:
    """For every pattern: its trigger keys, the characters it must start with, its
    Hyperscan rewriting, and whether the engine code handed to ``_sre`` compiles
    to the very regex ``re.compile`` makes; the dispatch table of the keyed
    patterns and the positions it finds in ``texts``."""
    triggers, prefilter = speed_modules(src)
    answers = []
    dispatch = triggers.Dispatch()
    for pattern, flags in patterns:
        keys, needs = triggers.analyse(pattern, flags)
        try:
            rewritten = prefilter.hyperscan_pattern(pattern, flags)
        except (prefilter.Unsupported, re.error, RecursionError) as refused:
            rewritten = f"refused: {type(refused).__name__}"
        code = triggers.code_args(pattern, flags)
        triggers.remember_codes({(pattern, flags): code})
        same_code = triggers.compile_regex(pattern, flags) == re.compile(pattern, flags)
        if keys is not None:
            dispatch.register(keys)
        answers.append({"keys": sorted(keys) if keys is not None else None,
                        "needs": list(needs) if needs is not None else None,
                        "hyperscan": rewritten, "same_code": same_code})
    return {"python": list(sys.version_info[:2]), "patterns": answers,
            "scanner": dispatch.scanner_pattern(),
            "buckets": [dispatch.buckets(text) for text in texts]}


def main() -> int:
    request = json.load(sys.stdin)
    answers = probe(Path(sys.argv[1]), [(pattern, flags) for pattern, flags in request["patterns"]],
                    request["texts"])
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
