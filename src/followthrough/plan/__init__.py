"""The follow-up planner: dated actions in the recipient's business hours.

Public API: :func:`plan`, :class:`Event`, :class:`Action`, :func:`rules`,
:class:`Rule`; calendar export in :mod:`followthrough.plan.ics`. The planner's
names are imported on first use: it imports the debrief's model, which the
agenda (:mod:`followthrough.plan.weekly`, :mod:`followthrough.plan.rules`) does
not need. ``rules`` here is the function; the module of the rules is
``rule_book`` (the planner's ``r``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followthrough.lazy import first_use
from followthrough.plan import rules as rule_book
from followthrough.plan.rules import Rule, rules

if TYPE_CHECKING:
    from followthrough.plan.planner import Action, Event, plan, thank_you_key

_HOME = {"Action": "planner", "Event": "planner", "plan": "planner",
         "thank_you_key": "planner"}

__all__ = ["Action", "Event", "Rule", "plan", "rule_book", "rules", "thank_you_key"]


__getattr__ = first_use(__name__, _HOME, globals())
