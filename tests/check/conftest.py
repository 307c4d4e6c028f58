"""Fixtures of the checker tests: the two reference debriefs of ../shared/examples,
the situations the rules' examples are written for (``context = "tokyo"``). A
fresh clone has no ../shared: tests that read them are then skipped
(tests/conftest.py), and :func:`has_context` lets a test keep the examples
that need no debrief."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followthrough.check.model import Example
from followthrough.debrief import read_debrief
from followthrough.debrief.model import Debrief

SHARED = Path(__file__).parents[3] / "shared"
EXAMPLES = SHARED / "examples"
CONTEXT_FILES = {"tokyo": "debrief-tokyo.toml", "panel-us": "debrief-panel-us.toml"}


def has_context(example: Example) -> bool:
    """The example needs no debrief, or its reference debrief is beside the clone."""
    return example.context is None or (EXAMPLES / CONTEXT_FILES[example.context]).is_file()


def load_context(name: str) -> Debrief:
    return read_debrief(EXAMPLES / CONTEXT_FILES[name])


def sent_at(debrief: Debrief, hours_after: float) -> datetime:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    return end + timedelta(hours=hours_after)


def example_arguments(example: Example) -> dict[str, object]:
    """Keyword arguments of ``check`` for a rule example."""
    context = load_context(example.context) if example.context else None
    when = sent_at(context, example.hours_after) if context and example.hours_after is not None \
        else None
    return {"context": context, "kind": example.kind, "to": example.to, "sent_at": when}


@pytest.fixture(scope="session")
def tokyo() -> Debrief:
    return load_context("tokyo")


@pytest.fixture(scope="session")
def panel() -> Debrief:
    return load_context("panel-us")
