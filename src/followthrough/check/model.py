"""The checker's values: findings, rules and rule examples (the user's settings,
which are checked against the rules, are :mod:`followthrough.check.settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

CATEGORIES: tuple[str, ...] = (
    "placeholder", "familiar-tone", "assumes-outcome", "negative", "pushy",
    "unrequested-attachment", "generic", "duplicate-note", "wrong-name",
    "missing-gratitude", "missing-interest", "too-long", "spelling", "late", "formality",
    "missing-attachment", "language",
)
"""The stable category vocabulary of design.md, in its order (extended: ``missing-attachment``,
an attachment or link the note claims but does not have; ``language``, a note
the etiquette rules cannot read)."""

KINDS: tuple[str, ...] = (
    "thank-you", "promise", "recruiter-update", "reference-brief", "linkedin",
    "status-inquiry", "move-on", "referee-thanks", "reflection", "keep-searching",
    "company-watch", "next-round-prep", "rejection-reply", "offer-reply", "withdrawal",
    "next-round-thanks", "second-inquiry",
)
"""The planner's action kinds: the message kinds a rule may be limited to. A second
(or later) status inquiry is ``second-inquiry``: ``--kind status-inquiry.2``, the
planner's action key, names it too."""

FINDING_KEYS: tuple[str, ...] = (
    "rule", "category", "severity", "message", "suggestion",
    "start", "end", "line", "column", "match", "fingerprint",
)


@dataclass(frozen=True)
class Finding:
    """One problem in a message.

    ``start``/``end`` are 0-based code-point offsets into the checked text (end
    exclusive); ``line``/``column`` are 1-based and count code points too.
    ``fingerprint`` identifies the finding across edits of the text (rule id
    plus the normalised match), so a user can ignore it once.
    """

    rule: str
    category: str
    severity: Severity
    message: str
    suggestion: str
    start: int
    end: int
    line: int
    column: int
    match: str
    fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINDING_KEYS}

    @classmethod
    def made(cls, rule: str, category: str, severity: Severity, message: str, suggestion: str,
             start: int, end: int, line: int, column: int, match: str,
             fingerprint: str) -> Finding:
        """The same finding as ``Finding(...)``, made for the checker's inner loop: the
        frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
        (1.1 us a finding), filling the instance's ``__dict__`` takes 0.5 us."""
        finding = object.__new__(cls)
        finding.__dict__.update(rule=rule, category=category, severity=severity,
                                message=message, suggestion=suggestion, start=start, end=end,
                                line=line, column=column, match=match, fingerprint=fingerprint)
        return finding


@dataclass(frozen=True)
class Example:
    """A rule's example message, with the situation it is checked in.

    ``context`` names one of the repository's example debriefs (``tokyo-payments``
    for ``examples/debrief-tokyo-payments.toml``, ``denver`` for
    ``examples/debrief-denver-panel.toml``);
    ``hours_after`` is when the message is sent, counted from the interview's end.
    """

    text: str
    context: str | None = None
    kind: str | None = None
    to: str | None = None
    hours_after: float | None = None
    together_with: tuple[str, ...] = ()
    """Other notes of the same interview, checked with this one (cross-message rules)."""
    attachments: tuple[str, ...] | None = None
    """The files sent with it (an .eml's parts); None: not known, as for a plain text."""

    def situation(self) -> str:
        parts = []
        if self.kind:
            parts.append(f"kind {self.kind}")
        if self.context:
            parts.append(f"debrief {self.context}")
        if self.to:
            parts.append(f"to {self.to}")
        if self.hours_after is not None:
            parts.append(f"sent {self.hours_after:g} h after the interview")
        if self.together_with:
            parts.append("checked together with another note")
        if self.attachments is not None:
            parts.append("attached: " + (", ".join(self.attachments) or "nothing"))
        return ", ".join(parts)


@dataclass(frozen=True)
class Rule:
    """A checker rule: data from a rule file plus the name of the matcher kind that runs it."""

    id: str
    category: str
    severity: Severity
    message: str
    suggestion: str
    source: str
    matcher: str
    examples: Mapping[str, tuple[Example, ...]]
    kinds: tuple[str, ...] = ()
    """Message kinds the rule applies to; empty: every message, with or without a kind."""
    except_kinds: tuple[str, ...] = ()
    kind_severity: Mapping[str, Severity] = field(
        default_factory=lambda: MappingProxyType({}))
    """Message kind -> the rule's severity in it, where it differs from ``severity``."""
    any_language: bool = False
    """The rule does not depend on the note's language: it also runs on a note that is
    not English (placeholders, names, length, duplicates)."""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    family: str = ""
    """The rule file it comes from (``tone`` for ``rules/tone.toml``)."""

    def severity_in(self, kind: str | None) -> Severity:
        return self.kind_severity.get(kind or "", self.severity)

    def applies_to(self, kind: str | None) -> bool:
        if kind in self.except_kinds:
            return False
        return not self.kinds or kind in self.kinds


def prefix_matches(prefix: str, rule: Rule) -> bool:
    """A setting key names a rule by its id, a dotted prefix of it, or its category."""
    return rule.id == prefix or rule.id.startswith(prefix + ".") or rule.category == prefix
