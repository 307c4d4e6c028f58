"""The debrief record: its model, its parser and its TOML writer.

The names below are imported on first use: the model builds its pydantic
classes at import, which commands that never read a debrief (``--help``,
``check`` without ``--context``) should not pay for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followthrough.lazy import first_use

if TYPE_CHECKING:
    from followthrough.debrief.behaviour import same_person_key
    from followthrough.debrief.model import Debrief, Interviewer
    from followthrough.debrief.parse import parse_debrief, read_debrief, validate_debrief
    from followthrough.debrief.toml_out import to_toml

_HOME = {"Debrief": "model", "Interviewer": "model", "same_person_key": "behaviour",
         "parse_debrief": "parse", "read_debrief": "parse", "validate_debrief": "parse",
         "to_toml": "toml_out"}

__all__ = ["Debrief", "Interviewer", "parse_debrief", "read_debrief", "same_person_key",
           "to_toml", "validate_debrief"]


__getattr__ = first_use(__name__, _HOME, globals())
