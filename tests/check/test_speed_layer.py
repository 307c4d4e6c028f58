"""The speed layer sits behind one interface, and its plain ``re`` path finds
exactly what the fast path finds."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followthrough.check import all_rules, check, check_many
from followthrough.check.engine import use_plain_re
from followthrough.check.model import Example, Finding
from followthrough.check.speed import PLAIN_RE_ENV, SPEED, plain_from_environment
from followthrough.check.speed import prefilter as prefilter_module
from followthrough.check.speed import triggers as triggers_module
from tests.check.conftest import example_arguments, has_context

CHECK_PACKAGE = Path(__file__).parents[2] / "src" / "followthrough" / "check"
SPEED_PACKAGE = CHECK_PACKAGE / "speed"
INTERFACE = frozenset({"SPEED", "INTERNALS", "PLAIN_RE_ENV", "WORTH_IT", "Analysis", "Gate",
                       "Needs", "SpeedLayer", "cache", "plain_from_environment"})
EXAMPLES = [example for rule in all_rules() for side in ("pass", "fail")
            for example in rule.examples[side] if not example.together_with]


@pytest.fixture
def plain() -> Iterator[None]:
    previous = use_plain_re(True)
    try:
        yield
    finally:
        use_plain_re(previous)


def _findings(example: Example) -> list[dict[str, object]]:
    return [finding.as_dict() for finding in check(example.text, **example_arguments(example))]


def _imports_of(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Every (module, imported names) of a file, inside functions too."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_only_the_speed_package_reaches_its_modules_and_the_re_internals() -> None:
    outside = [path for path in CHECK_PACKAGE.rglob("*.py") if SPEED_PACKAGE not in path.parents]
    assert len(outside) > 10
    for path in outside:
        for module, names in _imports_of(path):
            where = path.relative_to(CHECK_PACKAGE)
            assert not module.startswith("followthrough.check.speed."), (where, module)
            if module == "followthrough.check.speed":
                assert set(names) <= INTERFACE, (where, names)
            assert module not in ("_sre", "re._parser", "re._compiler", "sre_parse",
                                  "sre_compile"), (where, module)
            if module == "re":
                assert not {"_parser", "_compiler", "_constants"} & set(names), (where, names)


def test_the_rule_examples_find_the_same_on_the_plain_re_path() -> None:
    examples = [example for example in EXAMPLES if has_context(example)]
    assert len(examples) > 250
    fast = [_findings(example) for example in examples]
    previous = use_plain_re(True)
    try:
        assert SPEED.plain
        slow = [_findings(example) for example in examples]
    finally:
        use_plain_re(previous)
    assert sum(map(len, fast)) > len(examples) / 2
    for example, one, other in zip(examples, fast, slow, strict=True):
        assert one == other, example.text


VARIANTS = {
    "as written": lambda text: text,
    "curly quotes and dashes": lambda text: text.translate(
        str.maketrans({"'": "’", '"': "”", "-": "–"})),
    "accented letters": lambda text: text.replace("e", "é").replace("a", "à"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_examples_checked_as_one_batch_find_the_same_on_the_plain_re_path(
        variant: str) -> None:
    """Every rule example as one batch of notes without a debrief (near-duplicates
    compared too): as written, and changed in the characters the prefilter maps."""
    change = VARIANTS[variant]
    texts = {f"note-{index}.txt": change(example.text) for index, example in enumerate(EXAMPLES)}
    fast = {name: [f.as_dict() for f in found] for name, found in check_many(texts).items()}
    previous = use_plain_re(True)
    try:
        slow = {name: [f.as_dict() for f in found] for name, found in check_many(texts).items()}
    finally:
        use_plain_re(previous)
    assert fast == slow
    assert sum(map(len, fast.values())) > 100


def test_the_plain_path_uses_no_trigger_dispatch_prefilter_or_cached_engine_code(
        plain: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the plain path reached the speed internals")

    monkeypatch.setattr(triggers_module.DISPATCH, "buckets", refuse)
    monkeypatch.setattr(triggers_module, "compile_regex", refuse)
    monkeypatch.setattr(triggers_module, "may_start", refuse)
    monkeypatch.setattr(prefilter_module.PREFILTER, "scan", refuse)
    found: list[Finding] = []
    for example in EXAMPLES:
        if has_context(example):
            found += check(example.text, **example_arguments(example))
    assert len(found) > 100


@pytest.mark.parametrize(("value", "expected"), [
    ("1", True), ("true", True), (" YES ", True), ("on", True),
    ("0", False), ("", False), ("no", False), ("off", False)])
def test_the_environment_variable_selects_the_plain_path(value: str, expected: bool) -> None:
    assert plain_from_environment({PLAIN_RE_ENV: value}) is expected
    assert plain_from_environment({}) is False


def test_a_process_started_with_the_variable_checks_on_the_plain_path() -> None:
    code = ("from followthrough.check import check\n"
            "from followthrough.check.speed import SPEED\n"
            "found = check('Hey Ann!!\\n\\nThanks for teh chat, gonna send my resume.\\n')\n"
            "print(SPEED.plain, sorted(f.rule for f in found))\n")
    outputs = []
    for value in ("1", "0"):
        environment = {**os.environ, PLAIN_RE_ENV: value}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=environment, check=True, timeout=120)
        outputs.append(result.stdout.split(" ", 1))
    (plain_flag, plain_rules), (fast_flag, fast_rules) = outputs
    assert (plain_flag, fast_flag) == ("True", "False")
    assert plain_rules == fast_rules
    assert "tone.familiar.slang" in fast_rules


def test_the_fast_path_does_use_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Else the comparisons above would compare the plain path with itself."""
    previous = use_plain_re(False)
    calls: list[str] = []
    scan, buckets = prefilter_module.PREFILTER.scan, triggers_module.DISPATCH.buckets
    monkeypatch.setattr(prefilter_module.PREFILTER, "scan",
                        lambda *args: calls.append("scan") or scan(*args))
    monkeypatch.setattr(triggers_module.DISPATCH, "buckets",
                        lambda *args: calls.append("buckets") or buckets(*args))
    try:
        check("Hi Ann,\n\nThank you for your time today. I am very interested in the role.\n",
              kind="thank-you")
        check("Hi Ann,\n\nThank you for your time today, 東京 was great.\n", kind="thank-you")
    finally:
        use_plain_re(previous)
    assert set(calls) == {"scan", "buckets"}


HIDE_INTERNALS = """
import json, re, sys
sys.modules["re._parser"] = None  # as on a Python whose re has no such module
del re._parser
from followthrough.check import check
from followthrough.check.speed import INTERNALS, SPEED
texts = json.loads(sys.stdin.read())
print(json.dumps({"internals": INTERNALS, "plain": SPEED.plain,
                  "found": [[f.as_dict() for f in check(text)] for text in texts]}))
"""


def test_without_the_re_internals_the_checker_takes_the_plain_path() -> None:
    """Each pattern then runs on its own (the trigger keys that group them cannot be
    read), so a rule may also report a match that overlaps another: every finding
    of the fast path is still there."""
    texts = [example.text for example in EXAMPLES if example.context is None]
    result = subprocess.run([sys.executable, "-c", HIDE_INTERNALS], input=json.dumps(texts),
                            capture_output=True, text=True, check=True, timeout=300,
                            env={**os.environ, PLAIN_RE_ENV: "0"})
    answer = json.loads(result.stdout)
    assert (answer["internals"], answer["plain"]) == (False, True)
    fast = [[finding.as_dict() for finding in check(text)] for text in texts]
    assert sum(map(len, fast)) > 100
    for text, ours, theirs in zip(texts, fast, answer["found"], strict=True):
        assert all(finding in theirs for finding in ours), text
