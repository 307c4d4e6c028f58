"""Fixtures of the checker tests: the debriefs the rules' examples and the context
cases are checked with (``context = "tokyo-payments"``): the repository's
examples/ and the tests' own two debriefs of tests/data."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from followthrough.check.model import Example
from followthrough.debrief import read_debrief
from followthrough.debrief.model import Debrief
from tests.conftest import JP_FIRST_ROUND, US_PANEL

REPOSITORY_EXAMPLES = Path(__file__).parents[2] / "examples"
CONTEXT_FILES = {
    "jp-first-round": JP_FIRST_ROUND,
    "us-panel": US_PANEL,
    "berlin": REPOSITORY_EXAMPLES / "debrief-berlin.toml",
    "denver": REPOSITORY_EXAMPLES / "debrief-denver-panel.toml",
    "london": REPOSITORY_EXAMPLES / "debrief-london-agency.toml",
    "singapore": REPOSITORY_EXAMPLES / "debrief-singapore-phone.toml",
    "tel-aviv": REPOSITORY_EXAMPLES / "debrief-tel-aviv.toml",
    "tokyo-payments": REPOSITORY_EXAMPLES / "debrief-tokyo-payments.toml",
}


def has_context(example: Example) -> bool:
    """The example needs no debrief, or names one of :data:`CONTEXT_FILES`."""
    return example.context is None or CONTEXT_FILES[example.context].is_file()


def load_context(name: str) -> Debrief:
    return read_debrief(CONTEXT_FILES[name])


def sent_at(debrief: Debrief, hours_after: float) -> datetime:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    return end + timedelta(hours=hours_after)


def example_arguments(example: Example) -> dict[str, object]:
    """Keyword arguments of ``check`` for a rule example."""
    context = load_context(example.context) if example.context else None
    when = sent_at(context, example.hours_after) if context and example.hours_after is not None \
        else None
    return {"context": context, "kind": example.kind, "to": example.to, "sent_at": when,
            "attachments": example.attachments}


@pytest.fixture(scope="session")
def tokyo() -> Debrief:
    return load_context("jp-first-round")


@pytest.fixture(scope="session")
def panel() -> Debrief:
    return load_context("us-panel")


QUALITY_BENCH = Path(__file__).resolve().parents[2] / "bench" / "checker_quality.py"


def quality_bench() -> ModuleType:
    """bench/checker_quality.py, loaded as a module: its scoring is what the tests hold."""
    spec = importlib.util.spec_from_file_location("checker_quality", QUALITY_BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
