"""A stored debrief read without pydantic.

What the database holds was validated as it came in and stored as
:meth:`Debrief.to_document` wrote it, so a command that only reads it (``plan
ID`` over :mod:`followthrough.store.quick`) can take it as it is: importing
pydantic and building the models' validators is about 60 ms of a command's
start-up. :func:`stored_view` builds plain, read-only records from the
document, field by field as the generated ``shape.json`` says (ISO texts to
dates and datetimes, tables to records, defaults for the keys not given), with
the same behaviour as the models
(:mod:`followthrough.debrief.behaviour`); :meth:`DebriefView.to_document` is
the document itself. ``tests/debrief/test_view.py`` holds a view to the
validated model, field by field, for every example and any generated
debrief; a datetime's zone is a :class:`datetime.timezone` of the same
offset where pydantic has its own fixed-offset class."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from followthrough.debrief.behaviour import DebriefBehaviour, InterviewerBehaviour

if TYPE_CHECKING:
    from followthrough.debrief.model import Debrief

SHAPE: dict[str, list[list[Any]]] = json.loads(
    Path(__file__).with_name("shape.json").read_text("utf-8"))
"""Each model's fields as ``[field, stored key, kind, default]``
(:mod:`followthrough.debrief.stored` writes it from the models)."""
REQUIRED = "required"
NEW_LIST = "new list"
LIST_OF = "list of "


class Record:
    """A stored record's fields as read-only attributes."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a stored {type(self).__name__} is read-only")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({shown})"


class InterviewerView(InterviewerBehaviour, Record):
    pass


class DebriefView(DebriefBehaviour, Record):
    def __init__(self, values: Mapping[str, Any], document: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.__dict__["_document"] = document

    def to_document(self) -> dict[str, object]:
        """The stored document (a copy): what the model's would be."""
        found: dict[str, object] = copy.deepcopy(self.__dict__["_document"])
        return found


RECORDS: dict[str, type[Record]] = {
    "Interviewer": InterviewerView,
    **{name: type(name, (Record,), {"__doc__": f"A stored {name} (read-only)."})
       for name in SHAPE if name not in ("Interviewer", "Debrief")},
}


def stored_view(document: Mapping[str, Any]) -> Debrief:
    """The debrief of a stored document, as a view that answers as the model does."""
    return cast("Debrief", DebriefView(_values("Debrief", document), document))


def is_view(debrief: object) -> bool:
    """Whether ``debrief`` is a view (not the validated model)."""
    return isinstance(debrief, DebriefView)


def _record(model: str, data: Mapping[str, Any]) -> Record:
    return RECORDS[model](_values(model, data))


def _values(model: str, data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, key, kind, default in SHAPE[model]:
        if key in data:
            values[name] = _value(kind, data[key])
        elif default == NEW_LIST:
            values[name] = []
        elif default == REQUIRED:
            raise ValueError(f"a stored {model} lacks {key!r}")
        else:
            values[name] = default
    return values


def _value(kind: str, value: Any) -> Any:
    if value is None or kind == "plain":
        return value
    if kind.startswith(LIST_OF):
        return [_value(kind.removeprefix(LIST_OF), each) for each in value]
    if kind == "datetime":
        found = datetime.fromisoformat(value)
        offset = found.utcoffset()
        return found.replace(tzinfo=timezone(offset)) if offset is not None else found
    if kind == "date":
        return date.fromisoformat(value)
    if " or " in kind:
        _text, model = kind.split(" or ")
        return value if isinstance(value, str) else _value(model, value)
    return _record(kind, value)
