"""The debrief record: its model, its parser and its TOML writer."""

from followthrough.debrief.model import Debrief, Interviewer, same_person_key
from followthrough.debrief.parse import parse_debrief, read_debrief, validate_debrief
from followthrough.debrief.toml_out import to_toml

__all__ = ["Debrief", "Interviewer", "parse_debrief", "read_debrief", "same_person_key",
           "to_toml", "validate_debrief"]
