"""The rule registry: rule files in ``rules/*.toml`` (one per family), loaded once.

A rule file holds ``[[rule]]`` tables. Keys every rule has: ``id``, ``category``,
``severity``, ``matcher``, ``message``, ``suggestion``, ``source`` and
``examples = {pass = [...], fail = [...]}``; optional ``kinds``/``except_kinds``
limit it to message kinds, ``severity_by_kind`` gives its severity in some kinds,
``any_language = true`` runs it on notes that are not English too. Every other
key is a parameter of its matcher kind. An example is a text, or a table
``{text, context, kind, to, hours_after, with, attachments}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from followthrough import __version__
from followthrough.check import matchers
from followthrough.check.matchers import BUILDERS, Matcher
from followthrough.check.model import CATEGORIES, KINDS, SEVERITIES, Example, Rule
from followthrough.check.speed import SPEED
from followthrough.check.speed import cache as derived

_RULE_KEYS = frozenset({"id", "category", "severity", "matcher", "message", "suggestion",
                        "source", "examples", "kinds", "except_kinds", "severity_by_kind",
                        "any_language"})
_EXAMPLE_KEYS = frozenset({"text", "context", "kind", "to", "hours_after", "with",
                           "attachments"})
_PATTERN_KEYS = ("patterns", "only_if")
"""Rule parameters that hold lists of regexes the matchers analyse for trigger keys."""
RULES_FOLDER = Path(__file__).parent / "rules"


class RuleFileError(ValueError):
    """A rule file of the package is malformed: a bug, caught by the tests."""


@cache
def all_rules() -> list[Rule]:
    """Every rule of every family, in file order (families sorted by name)."""
    rules: list[Rule] = []
    for family, data in _families():
        rules += [_rule(raw, family) for raw in data.get("rule", [])]
    ids = [rule.id for rule in rules]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise RuleFileError(f"duplicate rule ids: {duplicates}")
    return rules


def rule_sources(folder: Path = RULES_FOLDER) -> list[tuple[str, str]]:
    """The rule files: (family, TOML text), families sorted by name."""
    entries = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
                     key=lambda entry: entry.name)
    return [(entry.name.removesuffix(".toml"), entry.read_text("utf-8")) for entry in entries]


def cache_name(sources: list[tuple[str, str]]) -> str:
    """The cache file of the parsed rules and their trigger keys: named by the rule
    files, the package version and the code that analysed them (the trigger-key
    code, and the matcher kinds, which decide what patterns they analyse)."""
    parts: list[bytes | str] = [__version__, _triggers_source()]
    for family, text in sources:
        parts += [family, text]
    return f"rules-{derived.digest(*parts)}.marshal"


def _triggers_source() -> bytes:
    try:
        return SPEED.sources() + Path(matchers.__file__).read_bytes()
    except OSError:  # pragma: no cover - installed without sources
        return b""


def _families() -> list[tuple[str, dict[str, Any]]]:
    """The parsed rule files, from the cache when the files are unchanged.

    The cache also holds the trigger keys of every rule pattern, which take as
    long to work out as the files take to parse.
    """
    sources = rule_sources()
    name = cache_name(sources)
    cached = derived.load(name)
    if isinstance(cached, tuple) and len(cached) == 2 and SPEED.restore(cached[1]):
        return list(cached[0])
    import tomllib

    families = [(family, tomllib.loads(text)) for family, text in sources]
    for _, data in families:
        for raw in data.get("rule", []):
            for key in _PATTERN_KEYS:
                patterns = raw.get(key, [])
                for pattern in patterns if isinstance(patterns, list) else ():
                    if isinstance(pattern, str):
                        SPEED.analyse_rule_pattern(pattern)
    _UNSAVED.append((name, families))
    return families


_UNSAVED: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = []
"""Rule files parsed in this process, not yet in the cache."""


def save_cache() -> None:
    """Write the rule cache if this process parsed the rule files: the parsed files,
    the trigger keys, the compiled code of every rule regex and the scanner of
    the trigger keys of all rules."""
    if not _UNSAVED:
        return
    name, families = _UNSAVED.pop()
    from followthrough.check.matchers import REGEXES

    for rule in all_rules():
        matcher_for(rule.id)
    state = SPEED.cache_state((regex.pattern, regex.flags) for regex in REGEXES)
    derived.store(name, (families, state))


@cache
def matcher_for(rule_id: str) -> Matcher:
    """The compiled matcher of a rule, built on first use."""
    rule = rule_by_id()[rule_id]
    return BUILDERS[rule.matcher](rule.params)


@cache
def rule_by_id() -> Mapping[str, Rule]:
    return MappingProxyType({rule.id: rule for rule in all_rules()})


def _rule(raw: Mapping[str, Any], family: str) -> Rule:
    where = f"rules/{family}.toml, rule {raw.get('id', '?')}"
    missing = [key for key in ("id", "category", "severity", "matcher", "message",
                               "suggestion", "source", "examples") if key not in raw]
    if missing:
        raise RuleFileError(f"{where}: missing {missing}")
    if raw["category"] not in CATEGORIES:
        raise RuleFileError(f"{where}: unknown category {raw['category']!r}")
    if raw["severity"] not in SEVERITIES:
        raise RuleFileError(f"{where}: unknown severity {raw['severity']!r}")
    if raw["matcher"] not in BUILDERS:
        raise RuleFileError(f"{where}: unknown matcher kind {raw['matcher']!r}")
    if not str(raw["id"]).startswith(family + "."):
        raise RuleFileError(f"{where}: the id must start with the family name {family!r}")
    kinds = tuple(raw.get("kinds", ()))
    except_kinds = tuple(raw.get("except_kinds", ()))
    unknown = [k for k in kinds + except_kinds if k not in KINDS]
    if unknown:
        raise RuleFileError(f"{where}: unknown message kinds {unknown}")
    by_kind = dict(raw.get("severity_by_kind", {}))
    bad = [f"{k} = {v!r}" for k, v in by_kind.items() if k not in KINDS or v not in SEVERITIES]
    if bad:
        raise RuleFileError(f"{where}: bad severity_by_kind entries {bad}")
    params = {key: value for key, value in raw.items() if key not in _RULE_KEYS}
    return Rule(
        id=raw["id"], category=raw["category"], severity=raw["severity"],
        message=raw["message"].strip(), suggestion=raw["suggestion"].strip(),
        source=raw["source"], matcher=raw["matcher"],
        examples=MappingProxyType({side: tuple(_example(item, where)
                                               for item in raw["examples"].get(side, ()))
                                   for side in ("pass", "fail")}),
        kinds=kinds, except_kinds=except_kinds, kind_severity=MappingProxyType(by_kind),
        any_language=bool(raw.get("any_language", False)), params=MappingProxyType(params),
        family=family)


def _example(item: str | Mapping[str, Any], where: str) -> Example:
    if isinstance(item, str):
        return Example(text=item)
    unknown = set(item) - _EXAMPLE_KEYS
    if unknown or "text" not in item:
        raise RuleFileError(f"{where}: bad example keys {sorted(unknown) or ['text missing']}")
    hours = item.get("hours_after")
    attachments = item.get("attachments")
    return Example(text=item["text"], context=item.get("context"), kind=item.get("kind"),
                   to=item.get("to"), hours_after=float(hours) if hours is not None else None,
                   together_with=tuple(item.get("with", ())),
                   attachments=tuple(attachments) if attachments is not None else None)
