"""The debrief's shape as data, for reading a stored debrief without pydantic.

:mod:`followthrough.debrief.view` builds a stored debrief from the generated
``shape.json`` beside this module: each model's fields with the key they are
stored under, what kind of value they hold and their default. This module
derives that shape from the pydantic models themselves; ``python -m
followthrough.debrief.stored`` writes it, and ``tests/debrief/test_view.py``
fails while the written shape differs from the models'."""

from __future__ import annotations

import json
import sys
import types
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel
from pydantic_core import PydanticUndefined

from followthrough.debrief.model import Debrief

SHAPE_FILE = Path(__file__).with_name("shape.json")
PLAIN = (str, int, bool)
"""Types whose JSON value is the value."""
REQUIRED = "required"
NEW_LIST = "new list"
"""The defaults that are not values: a field that must be given, a fresh empty list."""


def shape_of(model: type[BaseModel] = Debrief) -> dict[str, list[list[Any]]]:
    """``{model name: [[field, stored key, kind, default], ...]}`` for ``model`` and
    every model inside it. A kind is ``plain``, ``date``, ``datetime``, a model's
    name, or ``list of`` one of those; ``text or Topic`` for a union of a text
    and a model."""
    found: dict[str, list[list[Any]]] = {}
    waiting = [model]
    while waiting:
        current = waiting.pop(0)
        if current.__name__ in found:
            continue
        rows = []
        for name, field in current.model_fields.items():
            kind = _kind(field.annotation, waiting)
            rows.append([name, field.alias or name, kind, _default(field)])
        found[current.__name__] = rows
    return found


def _default(field: Any) -> Any:
    if field.default_factory is list:
        return NEW_LIST
    if field.default is PydanticUndefined:
        return REQUIRED
    return field.default


def _kind(annotation: Any, models: list[type[BaseModel]]) -> str:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kind(get_args(annotation)[0], models)
    if origin is Union or origin is types.UnionType:
        arms = [_kind(arm, models) for arm in get_args(annotation) if arm is not type(None)]
        return arms[0] if len(arms) == 1 else " or ".join(
            "text" if arm == "plain" else arm for arm in arms)
    if origin is list:
        return f"list of {_kind(get_args(annotation)[0], models)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        models.append(annotation)
        return annotation.__name__
    if annotation in (datetime, AwareDatetime):
        return "datetime"
    if annotation is date:
        return "date"
    if origin is Literal or annotation in PLAIN:
        return "plain"
    raise TypeError(f"no stored form of {annotation!r}: teach followthrough.debrief.stored")


def shape_source() -> str:
    """The text of :data:`SHAPE_FILE`."""
    models = [f"  {json.dumps(name)}: [\n" + ",\n".join(f"    {json.dumps(row)}" for row in rows)
              + "\n  ]" for name, rows in shape_of().items()]
    return "{\n" + ",\n".join(models) + "\n}\n"


if __name__ == "__main__":
    SHAPE_FILE.write_text(shape_source(), "utf-8")
    sys.stdout.write(f"wrote {SHAPE_FILE}\n")
