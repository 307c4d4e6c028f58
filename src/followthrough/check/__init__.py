"""The etiquette checker: rules as data, findings with exact spans and suggestions.

Public API::

    check(text, context=..., kind=..., to=..., sent_at=..., settings=...) -> list[Finding]
    check_many(texts, ...) -> dict[name, list[Finding]]   # plus near-duplicate notes
    results_document(results) -> {"version": 1, "results": [...]}
    exit_status(results) -> 0 | 1
    all_rules() -> list[Rule]
"""

from __future__ import annotations

from followthrough.check.engine import (
    RESULTS_VERSION,
    check,
    check_many,
    exit_status,
    results_document,
)
from followthrough.check.model import (
    CATEGORIES,
    FINDING_KEYS,
    Example,
    Finding,
    Rule,
)
from followthrough.check.registry import all_rules
from followthrough.check.settings import CheckSettings

__all__ = ["CATEGORIES", "FINDING_KEYS", "RESULTS_VERSION", "CheckSettings", "Example",
           "Finding", "Rule", "all_rules", "check", "check_many", "exit_status",
           "results_document"]
