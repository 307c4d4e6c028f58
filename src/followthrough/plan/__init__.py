"""The follow-up planner: dated actions in the recipient's business hours.

Public API: :func:`plan`, :class:`Event`, :class:`Action`, :func:`rules`,
:class:`Rule`; calendar export in :mod:`followthrough.plan.ics`.
"""

from __future__ import annotations

from followthrough.plan.planner import Action, Event, plan, thank_you_key
from followthrough.plan.rules import Rule, rules

__all__ = ["Action", "Event", "Rule", "plan", "rules", "thank_you_key"]
