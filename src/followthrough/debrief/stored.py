"""A stored debrief read back without validating it again.

What the database holds was validated as it came in (:func:`followthrough.debrief.
validate_debrief`) and stored as :meth:`Debrief.to_document` wrote it, so a
command that only reads it (``plan ID`` over :mod:`followthrough.store.quick`)
can build the same record with pydantic's ``model_construct``, field by field
from the model's own annotations, without building the validators (about
70 ms of a command's start-up). The values are those validation gives: ISO
texts become dates and datetimes (with pydantic's own fixed-offset zone),
tables become the nested models, and only the keys given count as set.
``tests/debrief/test_stored.py`` holds the two to equal records."""

from __future__ import annotations

import types
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel
from pydantic_core import TzInfo

from followthrough.debrief.model import Debrief

Model = TypeVar("Model", bound=BaseModel)
PLAIN = (str, int, bool)
"""Types whose JSON value is the value."""


def trusted_debrief(document: Mapping[str, Any]) -> Debrief:
    """The debrief of a stored document (:meth:`Debrief.to_document`), not validated."""
    return _constructed(Debrief, document)


def _constructed(model: type[Model], data: Mapping[str, Any]) -> Model:
    values = {}
    for name, field in model.model_fields.items():
        key = field.alias if field.alias is not None and field.alias in data else name
        if key in data:
            values[key] = _value(field.annotation, data[key])
    return model.model_construct(**values)


def _value(annotation: Any, value: Any) -> Any:
    origin = get_origin(annotation)
    if value is None:
        return None
    if origin is Annotated:
        return _value(get_args(annotation)[0], value)
    if origin is Union or origin is types.UnionType:
        return _value(_arm(get_args(annotation), value), value)
    if origin is list:
        item = get_args(annotation)[0]
        return [_value(item, each) for each in value]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _constructed(annotation, value)
    if annotation in (datetime, AwareDatetime):
        return _instant(value)
    if annotation is date:
        return date.fromisoformat(value)
    if origin is Literal or annotation in PLAIN:
        return value
    raise TypeError(f"no reading of a stored {annotation!r}: add it here")


def _arm(arms: tuple[Any, ...], value: Any) -> Any:
    """The arm of a union that ``value`` was validated as: a model for a table,
    else the first other arm that is not None."""
    models = [arm for arm in arms if isinstance(arm, type) and issubclass(arm, BaseModel)]
    if isinstance(value, Mapping) and models:
        return models[0]
    return next(arm for arm in arms if arm is not type(None) and arm not in models)


def _instant(text: str) -> datetime:
    """An aware datetime as pydantic reads it from JSON: its offset as pydantic's
    own fixed-offset zone."""
    found = datetime.fromisoformat(text)
    offset = found.utcoffset()
    if offset is None:
        raise ValueError(f"{text!r} has no offset")
    return found.replace(tzinfo=TzInfo(int(offset.total_seconds())))
