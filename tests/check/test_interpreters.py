"""The speed layer reads ``re._parser`` and hands code to ``_sre``: CPython
internals that change between versions. Every Python the project supports
that this machine has runs :mod:`tests.check.speed_probe` on every rule regex,
and must answer what this interpreter answers (the code handed to ``_sre``
is checked against ``re.compile`` on each interpreter itself, as it differs
between versions). A missing interpreter is skipped, saying where it was looked
for, in CI too: CI runs on a machine of the same kind, which may lack one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from followthrough.check import all_rules
from followthrough.check.matchers import REGEXES
from followthrough.check.registry import matcher_for
from tests.check.speed_probe import probe

SUPPORTED = ("3.11", "3.12", "3.13")
SRC = Path(__file__).parents[2] / "src"
PROBE = Path(__file__).with_name("speed_probe.py")


def _pyenv_root() -> Path:
    return Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")


def candidates(version: str) -> list[Path]:
    """Where an interpreter of ``version`` may be: pyenv's versions, PATH (less pyenv's
    shims, which run only the versions pyenv was told to), /usr/local and /usr."""
    name = f"python{version}"
    found = sorted(_pyenv_root().glob(f"versions/{version}.*/bin/{name}"), reverse=True)
    found += [Path(path) for path in [shutil.which(name)] if path and "shims" not in path]
    found += [Path("/usr/local/bin") / name, Path("/usr/bin") / name]
    return found


def interpreter(version: str) -> Path | None:
    return next((path for path in candidates(version) if os.access(path, os.X_OK)), None)


@cache
def request() -> dict[str, Any]:
    """Every rule regex as the matchers build them, and texts to find words in."""
    for rule in all_rules():
        matcher_for(rule.id)
    patterns = sorted({(regex.pattern, regex.flags) for regex in REGEXES})
    texts = [example.text for rule in all_rules() for side in ("pass", "fail")
             for example in rule.examples[side]][:200]
    texts += ["I am interested — I’m thrilled, for you; José Müller x2 _TODO", "東京 thank you"]
    return {"patterns": patterns, "texts": texts}


@cache
def expected() -> dict[str, Any]:
    return json.loads(json.dumps(probe(SRC, *request().values())))


def test_this_interpreter_answers_the_probe_itself() -> None:
    answers = expected()
    assert len(answers["patterns"]) > 50
    assert all(answer["same_code"] for answer in answers["patterns"])
    assert sum(answer["keys"] is not None for answer in answers["patterns"]) > 20
    assert sum(not answer["hyperscan"].startswith("refused") for answer in answers["patterns"]) > 40
    assert any(map(any, answers["buckets"]))


@pytest.mark.parametrize("version", SUPPORTED)
def test_the_speed_internals_answer_the_same_on(version: str) -> None:
    python = interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine (looked for "
                    f"{', '.join(map(str, candidates(version)))})")
    environment = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([str(python), str(PROBE), str(SRC)], input=json.dumps(request()),
                            capture_output=True, text=True, env=environment, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    answers = json.loads(result.stdout)
    assert answers["python"] == [int(part) for part in version.split(".")]
    mine = expected()
    for pattern, theirs, ours in zip(request()["patterns"], answers["patterns"],
                                     mine["patterns"], strict=True):
        assert theirs["same_code"], (version, pattern)
        assert {**theirs, "same_code": True} == ours, (version, pattern)
    assert answers["scanner"] == mine["scanner"]
    assert answers["buckets"] == mine["buckets"]
    assert sys.version_info[:2] >= (3, 11)
