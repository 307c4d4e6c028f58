"""The checker's values: findings, rules, rule examples and the user's settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from followthrough.errors import Problem

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


@dataclass(frozen=True)
class Example:
    """A rule's example message, with the situation it is checked in.

    ``context`` names one of the reference debriefs (``tokyo`` for
    ``debrief-tokyo.toml``, ``panel-us`` for ``debrief-panel-us.toml``);
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


_SETTINGS_KEYS = ("disabled", "severities", "allow_words", "ignored", "linkedin_account")
LINKEDIN_ACCOUNTS = ("free", "premium")


@dataclass
class CheckSettings:
    """The user's checker settings, kept outside the message text."""

    disabled: list[str] = field(default_factory=list)
    """Rule ids, dotted prefixes (``tone``, ``tone.familiar``) or categories to switch off."""
    severities: dict[str, str] = field(default_factory=dict)
    """Rule id, prefix or category -> severity; the most specific key wins."""
    allow_words: list[str] = field(default_factory=list)
    """Words the spelling and name checks accept."""
    ignored: set[str] = field(default_factory=set)
    """Fingerprints of findings the user chose to ignore."""
    linkedin_account: str = "free"
    """The sender's LinkedIn account: a connection note holds 200 characters on a free
    account, 300 on a premium one (``length.linkedin.characters``)."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, path: str = "check") -> CheckSettings:
        """Validate settings data (a TOML table); raise :class:`BadInput` naming each bad key."""
        from followthrough.errors import BadInput, Problem

        if not isinstance(data, Mapping):
            raise BadInput([Problem(path, "must be a table", expected="a table of settings")])
        problems: list[Problem] = []
        for key in data:
            if key not in _SETTINGS_KEYS:
                problems.append(Problem(f"{path}.{key}", "unknown setting",
                                        expected="one of " + ", ".join(_SETTINGS_KEYS)))
        disabled = _strings(data.get("disabled", []), f"{path}.disabled", problems)
        problems += _unknown_prefixes(disabled, f"{path}.disabled")
        severities = _severities(data.get("severities", {}), f"{path}.severities", problems)
        allow = _strings(data.get("allow_words", []), f"{path}.allow_words", problems)
        ignored = _strings(data.get("ignored", []), f"{path}.ignored", problems)
        account = data.get("linkedin_account", "free")
        if account not in LINKEDIN_ACCOUNTS:
            problems.append(Problem(f"{path}.linkedin_account", f"{account!r} is not an account",
                                    expected=" | ".join(LINKEDIN_ACCOUNTS)))
        if problems:
            raise BadInput(problems, source="checker settings")
        return cls(disabled=disabled, severities=severities, allow_words=allow,
                   ignored=set(ignored), linkedin_account=str(account))

    def cache_key(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        return tuple(self.disabled), tuple(sorted(self.severities.items()))


def _strings(value: object, path: str, problems: list[Problem]) -> list[str]:
    from followthrough.errors import Problem

    if not isinstance(value, list | tuple | set | frozenset) or not all(
            isinstance(item, str) and item.strip() for item in value):
        problems.append(Problem(path, f"{value!r} is not a list of texts",
                                expected="a list of non-empty texts"))
        return []
    return [item.strip() for item in value]


def _severities(value: object, path: str, problems: list[Problem]) -> dict[str, str]:
    from followthrough.errors import Problem

    if not isinstance(value, Mapping):
        problems.append(Problem(path, f"{value!r} is not a table", expected="rule = severity"))
        return {}
    result: dict[str, str] = {}
    for key, severity in value.items():
        if severity not in SEVERITIES:
            problems.append(Problem(f"{path}.{key}", f"{severity!r} is not a severity",
                                    expected=" | ".join(SEVERITIES)))
            continue
        result[str(key)] = str(severity)
    problems += _unknown_prefixes(list(result), path)
    return result


def _unknown_prefixes(prefixes: list[str], path: str) -> list[Problem]:
    from followthrough.check.registry import all_rules
    from followthrough.errors import Problem

    rules = all_rules()
    return [Problem(f"{path}.{prefix}" if path.endswith("severities") else path,
                    f"{prefix!r} names no checker rule",
                    expected="a rule id, a dotted prefix of one, or a category")
            for prefix in prefixes if not any(prefix_matches(prefix, rule) for rule in rules)]
