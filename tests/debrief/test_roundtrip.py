"""Hypothesis: any valid debrief survives TOML and the store unchanged."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from followthrough import clock
from followthrough.debrief import parse_debrief, to_toml, validate_debrief
from followthrough.store import Store, open_store
from tests.debrief.strategies import NOW, debriefs

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))


@settings(max_examples=EXAMPLES, deadline=None)
@given(debriefs())
def test_toml_round_trip(data: dict[str, Any]) -> None:
    debrief = validate_debrief(data)

    with clock.frozen(NOW):
        again = parse_debrief(to_toml(debrief))

    assert again == debrief
    assert again.to_document() == debrief.to_document()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One database for all examples: migrating a new one per example is slow."""
    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('rt') / 'roundtrip.db'}")
    yield opened
    opened.engine.dispose()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=debriefs())
def test_store_round_trip(store: Store, data: dict[str, Any]) -> None:
    debrief = validate_debrief(data)

    interview_id, _ = store.add_interview(debrief)
    stored = store.get_interview(interview_id)

    assert stored.debrief == debrief
    assert stored.debrief.to_document() == debrief.to_document()
