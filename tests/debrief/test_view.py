"""A stored debrief read without pydantic answers as the validated model does:
the same fields with the same values and types (a datetime's zone aside: the
same offset in :class:`datetime.timezone`), the same behaviour, the same
document; and the shape it is read by is the models' own."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from followthrough.debrief import read_debrief, validate_debrief
from followthrough.debrief.model import Debrief
from followthrough.debrief.stored import SHAPE_FILE, shape_of, shape_source
from followthrough.debrief.view import SHAPE, Record, stored_view
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, US_PANEL, fresh_python
from tests.debrief.strategies import debriefs

RUNS = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
FILES = [*sorted(EXAMPLES.glob("debrief-*.toml")), JP_FIRST_ROUND, US_PANEL]


def _as_stored(debrief: Debrief) -> dict[str, Any]:
    """The document as the store writes it and the quick reader reads it back."""
    found: dict[str, Any] = json.loads(json.dumps(debrief.to_document()))
    return found


def _shape(value: object) -> object:
    """Every field's value with its type, a record's class by name."""
    if isinstance(value, BaseModel | Record):
        model = type(value).__name__.removesuffix("View")
        return (model, {name: _shape(getattr(value, name)) for name, *_ in SHAPE[model]})
    if isinstance(value, list):
        return [_shape(each) for each in value]
    if isinstance(value, datetime):
        return (datetime, value.isoformat(), value.utcoffset(), value.tzname() is not None)
    return (type(value), value)


def _same(document: dict[str, Any]) -> None:
    view = stored_view(document)
    model = validate_debrief(document, from_json=True)

    assert _shape(view) == _shape(model)
    assert view.to_document() == model.to_document() == document
    assert (view.zone, view.zone_name, view.candidate_zone, view.people()) == \
        (model.zone, model.zone_name, model.candidate_zone, model.people())
    for mine, theirs in zip(view.interviewers, model.interviewers, strict=True):
        assert mine.topic_texts == theirs.topic_texts
        assert [mine.strength_for(t) for t in mine.topic_texts] == \
            [theirs.strength_for(t) for t in theirs.topic_texts]
        assert [mine.short_for(t) for t in mine.topic_texts] == \
            [theirs.short_for(t) for t in theirs.topic_texts]
        assert view.interviewer(f" {mine.name} ") is mine


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_example_reads_as_validated(path: Path) -> None:
    _same(_as_stored(read_debrief(path)))


@settings(max_examples=RUNS, deadline=None)
@given(debriefs())
def test_any_debrief_reads_as_validated(data: dict[str, Any]) -> None:
    _same(_as_stored(validate_debrief(data)))


def test_the_shape_is_the_models() -> None:
    regenerate = "run: .venv/bin/python -m followthrough.debrief.stored"
    assert shape_of() == SHAPE, regenerate
    assert SHAPE_FILE.read_text("utf-8") == shape_source(), regenerate


def test_a_view_is_read_only_and_its_document_a_copy() -> None:
    view = stored_view(_as_stored(read_debrief(JP_FIRST_ROUND)))

    with pytest.raises(AttributeError, match="read-only"):
        view.interview.company = "Other"  # type: ignore[misc]
    view.to_document()["interview"]["company"] = "Other"  # type: ignore[index]
    assert view.to_document()["interview"]["company"] == view.interview.company  # type: ignore[index]


def test_an_instant_keeps_its_offset() -> None:
    document = _as_stored(read_debrief(JP_FIRST_ROUND))
    document["interview"]["starts"] = "2026-12-01T10:00:00Z"
    assert stored_view(document).interview.starts.tzinfo == UTC
    document["interview"]["starts"] = "2026-12-01T10:00:00-03:30"
    assert stored_view(document).interview.starts.utcoffset() == timedelta(hours=-3.5)


def test_reading_a_view_imports_no_pydantic() -> None:
    probe = ("import json, sys\nfrom followthrough.debrief.view import stored_view\n"
             "view = stored_view(json.loads(sys.argv[1]))\n"
             "print(view.zone_name, any(name.startswith('pydantic') for name in sys.modules))\n")
    document = json.dumps(_as_stored(read_debrief(JP_FIRST_ROUND)))

    assert fresh_python(probe, document).split() == ["Asia/Tokyo", "False"]
