"""Fixtures of the checker tests: the two reference debriefs of ../shared/examples."""

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
