"""The user's checker settings (``[checker]`` of settings.toml), validated against
the rules: a setting that names no rule is an error. Apart from
:mod:`followthrough.check.model`, which the rule registry builds on, so that the
two do not import each other."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followthrough.check.model import SEVERITIES, prefix_matches
from followthrough.check.registry import all_rules

if TYPE_CHECKING:
    from followthrough.errors import Problem

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
    from followthrough.errors import Problem

    rules = all_rules()
    return [Problem(f"{path}.{prefix}" if path.endswith("severities") else path,
                    f"{prefix!r} names no checker rule",
                    expected="a rule id, a dotted prefix of one, or a category")
            for prefix in prefixes if not any(prefix_matches(prefix, rule) for rule in rules)]
