"""A stored debrief read without validation is the record validation gives: equal
models, the same fields set, the same types down to the datetime's zone."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from followthrough.debrief import read_debrief, validate_debrief
from followthrough.debrief.model import Debrief
from followthrough.debrief.stored import trusted_debrief
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, US_PANEL
from tests.debrief.strategies import debriefs

RUNS = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))


def _as_stored(debrief: Debrief) -> dict[str, Any]:
    """The document as the store writes it and the quick reader reads it back."""
    found: dict[str, Any] = json.loads(json.dumps(debrief.to_document()))
    return found


def _shape(value: object) -> object:
    """Every value with its exact type (and a datetime's zone type and offset)."""
    if isinstance(value, BaseModel):
        return (type(value), sorted(value.model_fields_set),
                {name: _shape(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [_shape(each) for each in value]
    if isinstance(value, datetime):
        return (datetime, value.isoformat(), type(value.tzinfo), value.utcoffset())
    return (type(value), value)


def _same(document: dict[str, Any]) -> None:
    trusted = trusted_debrief(document)
    validated = validate_debrief(document, from_json=True)

    assert trusted == validated
    assert _shape(trusted) == _shape(validated)
    assert trusted.to_document() == validated.to_document() == document
    assert trusted.zone_name == validated.zone_name


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("debrief-*.toml")), JP_FIRST_ROUND,
                                  US_PANEL], ids=lambda path: path.name)
def test_every_example_reads_back_as_validated(path: Any) -> None:
    _same(_as_stored(read_debrief(path)))


@settings(max_examples=RUNS, deadline=None)
@given(debriefs())
def test_any_debrief_reads_back_as_validated(data: dict[str, Any]) -> None:
    _same(_as_stored(validate_debrief(data)))


def test_an_unknown_type_is_refused_not_passed_through() -> None:
    class Odd(BaseModel):
        when: date | None = None
        size: float = 0.0

    from followthrough.debrief.stored import _constructed

    assert _constructed(Odd, {"when": "2026-12-01"}).when == date(2026, 12, 1)
    with pytest.raises(TypeError, match="float"):
        _constructed(Odd, {"size": 1.5})
