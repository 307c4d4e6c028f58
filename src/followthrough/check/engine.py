"""Checking messages: run the enabled rules, apply the user's settings, make findings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain
from math import ceil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import sha1
else:
    try:  # the plain module: importing hashlib loads OpenSSL, a few milliseconds
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - CPython always has it
        from hashlib import sha1

from followthrough.check import language
from followthrough.check.context import GROUP_WORDS, Person, Prepared, name_tokens, prepared
from followthrough.check.matchers import (
    CONTEXT_ONLY,
    GATES,
    PREFILTER_GATES,
    Hit,
    Matcher,
    Situation,
)
from followthrough.check.model import Finding, Rule, Severity, prefix_matches
from followthrough.check.precedence import one_per_mistake
from followthrough.check.registry import all_rules, matcher_for, save_cache
from followthrough.check.settings import CheckSettings
from followthrough.check.speed import SPEED, WORTH_IT
from followthrough.check.text import Document

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.debrief.model import Debrief

RESULTS_VERSION = 1
_SPAN_KINDS = frozenset({"pattern", "substitution", "spelling", "names", "conditional"})
"""Matcher kinds whose findings are merged when two rules of a category flag one span."""
_DEFAULT_SETTINGS = CheckSettings()
_DEFAULT_KEY = _DEFAULT_SETTINGS.cache_key()


@lru_cache(maxsize=64)
def _active(key: tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
            ) -> tuple[tuple[Rule, Severity, Matcher], ...]:
    """The enabled rules with their effective severity, for one settings key."""
    disabled, severities = key
    active = []
    # Every matcher is built now, so that the prefilter database, compiled on the
    # first scan, holds the regexes of every rule whatever the settings enable.
    for rule in all_rules():
        matcher_for(rule.id)
    for rule in all_rules():
        if any(prefix_matches(prefix, rule) for prefix in disabled):
            continue
        active.append((rule, _severity(rule, dict(severities)), matcher_for(rule.id)))
    save_cache()
    return tuple(active)


Step = tuple[Rule, Severity, Matcher, bool, frozenset[int] | None, frozenset[int] | None]
"""A rule to run: the rule, its severity, its matcher, whether its findings merge
with others on one span, the dispatch slots without which it cannot hit, and
the prefiltered regexes without a match of which it cannot hit."""


_CHOSEN_LIMIT = 1024
"""Sets of flagged regexes whose steps a plan remembers at most."""


class Plan:
    """The steps for one settings key, message kind and context, and for a message
    with a prefilter scan, which steps each flagged regex calls for."""

    __slots__ = ("_chosen", "always", "by_regex", "scanned", "steps")

    def __init__(self, steps: tuple[Step, ...], scanned: frozenset[int]) -> None:
        self.steps = steps
        self.scanned = scanned
        """The regexes a prefilter scan looks for (the step gates hold only these)."""
        self.always = frozenset(number for number, step in enumerate(steps) if step[5] is None)
        """The steps that run whatever the scan flags (their own gates aside)."""
        calls: dict[int, set[int]] = {}
        for number, step in enumerate(steps):
            for regex in step[5] or ():
                calls.setdefault(regex, set()).add(number)
        self.by_regex = {regex: frozenset(numbers) for regex, numbers in calls.items()}
        self._chosen: dict[frozenset[int], tuple[Step, ...]] = {}

    def for_scan(self, flagged: Set[int]) -> tuple[Step, ...]:
        """The steps to run on a message whose prefilter scan flags these regexes
        (remembered: many messages flag the same few)."""
        key = frozenset(flagged)
        steps = self._chosen.get(key)
        if steps is None:
            if len(self._chosen) >= _CHOSEN_LIMIT:
                self._chosen.clear()
            steps = self._chosen[key] = self._choose(key)
        return steps

    def _choose(self, flagged: frozenset[int]) -> tuple[Step, ...]:
        chosen = set(self.always)
        by_regex = self.by_regex
        for regex in flagged:
            numbers = by_regex.get(regex)
            if numbers is not None:
                chosen |= numbers
        steps = self.steps
        return tuple(steps[number] for number in sorted(chosen))


@lru_cache(maxsize=256)
def _plan(key: tuple[tuple[str, ...], tuple[tuple[str, str], ...]],
          kind: str | None, with_context: bool, english: bool = True,
          plain: bool = False) -> Plan:
    """The enabled rules that apply to one message kind, for one settings key
    (without a debrief, only the rules that can hit without one; for a note that
    is not English, only the rules that do not depend on the language; the rules
    that compare messages run in :func:`check_many`, after the messages' own),
    each with its severity in that kind unless the user set one. On the plain
    ``re`` path no rule is skipped for want of a trigger word."""
    active = _active(key)
    overridden = dict(key[1])
    scanned = frozenset() if plain else SPEED.prefiltered_ids(with_context)
    return Plan(tuple((rule, _kind_severity(rule, severity, kind, overridden), matcher,
                       rule.matcher in _SPAN_KINDS, None if plain else GATES.get(matcher),
                       _prefiltered(matcher, scanned))
                      for rule, severity, matcher in active
                      if rule.applies_to(kind) and rule.matcher != "cross-message"
                      and (with_context or matcher not in CONTEXT_ONLY)
                      and (rule.any_language if not english else rule.matcher != "language")),
                scanned)


def _kind_severity(rule: Rule, severity: Severity, kind: str | None,
                   overridden: Mapping[str, str]) -> Severity:
    """The rule's severity in this message kind; a severity the user set wins."""
    if any(prefix_matches(prefix, rule) for prefix in overridden):
        return severity
    return rule.severity_in(kind)


def _prefiltered(matcher: Matcher, scanned: frozenset[int]) -> frozenset[int] | None:
    indexes = PREFILTER_GATES.get(matcher)
    return indexes if indexes is not None and indexes <= scanned else None


@lru_cache(maxsize=64)
def _yielding(key: tuple[tuple[str, ...], tuple[tuple[str, str], ...]]) -> frozenset[str]:
    return frozenset(rule.id for rule, _, _ in _active(key) if rule.params.get("yield"))


def _severity(rule: Rule, overrides: Mapping[str, str]) -> Severity:
    """The most specific override wins: the full id over a shorter prefix over the category."""
    best: tuple[int, str] | None = None
    for prefix, severity in overrides.items():
        if not prefix_matches(prefix, rule):
            continue
        rank = len(prefix) + 1 if rule.id == prefix or rule.id.startswith(prefix + ".") else 0
        if best is None or rank > best[0]:
            best = (rank, severity)
    if best is None:
        return rule.severity
    value = best[1]
    if value == "error":
        return "error"
    if value == "warning":
        return "warning"
    return "info"


@lru_cache(maxsize=64)
def normal_kind(kind: str | None) -> str | None:
    """The kind as rules name it; an action key names a later inquiry
    (``status-inquiry.2`` is a ``second-inquiry``, ``status-inquiry.1`` the first)."""
    if not kind:
        return None
    name = kind.strip().lower().replace("_", "-")
    base, _, number = name.partition(".")
    if base == "status-inquiry" and number.isdigit():
        return "second-inquiry" if int(number) > 1 else base
    return name


def check(text: str, *, context: Debrief | None = None, kind: str | None = None,
          to: str | None = None, sent_at: datetime | None = None,
          settings: CheckSettings | None = None,
          attachments: Sequence[str] | None = None) -> list[Finding]:
    """Check one message; findings are sorted by position.

    ``context`` (the debrief) sharpens the checks: names, topics, promises,
    formality, timing. ``kind`` is the planner's message kind; ``to`` names
    the recipient (else the greeting is used to infer them); ``sent_at`` is
    when the message is (or was) sent; ``attachments`` names the files that go
    with it (None: unknown, as for a plain text).
    """
    if settings is None:
        settings, key = _DEFAULT_SETTINGS, _DEFAULT_KEY
    else:
        key = settings.cache_key()
    situation = _situation(text, context, kind, to, sent_at, settings, attachments)
    return _findings(situation, settings, key)


def use_prefilter(on: bool) -> bool:
    """Check with the Hyperscan prefilter (True, the default when the ``hyperscan``
    package is installed) or on the plain ``re`` path (False): the findings are
    the same, the time is not. Returns the previous choice."""
    previous = SPEED.use_prefilter(on)
    if previous != on:
        _plan.cache_clear()
    return previous


def use_plain_re(on: bool) -> bool:
    """Check on the plain ``re`` path (True) or the fast one (False, the default
    unless ``FOLLOWTHROUGH_CHECK_PLAIN_RE=1`` is set): the findings are the same,
    the time is not. Returns the previous choice."""
    return SPEED.use_plain_re(on)


@contextmanager
def prefilter_if_worth_it(messages: int) -> Iterator[None]:
    """Within the block, check without the prefilter when this process checks
    fewer than ``prefilter.WORTH_IT`` messages: loading it costs a short
    process more than it saves (the choice before comes back afterwards)."""
    previous = use_prefilter(SPEED.prefilter_on and messages >= WORTH_IT)
    try:
        yield
    finally:
        use_prefilter(previous)


def _situation(text: str, context: Debrief | None, kind: str | None, to: str | None,
               sent_at: datetime | None, settings: CheckSettings,
               attachments: Sequence[str] | None = None) -> Situation:
    doc = Document(text, context=context is not None)
    ready = prepared(context) if context is not None else None
    allow = _allowed(tuple(settings.allow_words)) if settings.allow_words else frozenset()
    recipient = _recipient(doc, ready, to)
    return Situation(doc=doc, kind=normal_kind(kind), context=ready, recipient=recipient, to=to,
                     sent_at=sent_at, allow=allow,
                     attachments=tuple(attachments) if attachments is not None else None,
                     linkedin_account=settings.linkedin_account)


@lru_cache(maxsize=64)
def _allowed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.casefold() for word in words)


def _recipient(doc: Document, context: Prepared | None, to: str | None) -> Person | None:
    if context is None:
        return None
    if to:
        return context.person(to)
    greeting = doc.greeting
    if greeting is None:
        return None
    tokens = [t for t in name_tokens(doc.text[greeting.names[0]:greeting.names[1]])
              if t not in GROUP_WORDS]
    named = context.people_named(tokens)
    if len(named) > 1:
        named = [p for p in named if all(t in p.tokens for t in tokens)] or named[:0]
    return named[0] if len(named) == 1 else None


def _findings(situation: Situation, settings: CheckSettings,
              key: tuple[tuple[str, ...], tuple[tuple[str, str], ...]]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    doc = situation.doc
    ignored = settings.ignored
    situation.language = language.foreign_language(doc.text)
    # builds the matchers, registering their trigger keys
    plan = _plan(key, situation.kind, situation.context is not None, situation.language is None,
                 doc.plain)
    scan = doc.gate
    if scan is not None and scan.ids is not plan.scanned:
        scan = None  # a document scanned for other regexes than the plan's: no shortcuts
    steps = plan.for_scan(scan.flagged) if scan is not None else plan.steps
    for rule, severity, matcher, merge, slots, indexes in steps:
        if (slots is not None and (scan is None or indexes is None)
                and slots.isdisjoint(doc.touched)):
            continue
        for hit in matcher(situation):
            if merge:
                span = (rule.category, hit.start, hit.end)
                if span in seen:
                    continue
                seen.add(span)
            finding = make_finding(doc, rule, severity, hit)
            if finding.fingerprint not in ignored:
                findings.append(finding)
    if len(findings) > 1:
        findings = one_per_mistake(_without_yielding(findings, _yielding(key)))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def _without_yielding(findings: list[Finding], yielding: frozenset[str]) -> list[Finding]:
    """Drop findings of rules marked ``yield = true`` where another rule already flags
    the same text (an unknown word that is slang is reported as slang only)."""
    if not yielding or not any(f.rule in yielding for f in findings):
        return findings
    others = [(f.start, f.end) for f in findings if f.rule not in yielding]
    return [f for f in findings if f.rule not in yielding
            or not any(start <= f.start and f.end <= end for start, end in others)]


def make_finding(doc: Document, rule: Rule, severity: Severity, hit: Hit) -> Finding:
    match = doc.text[hit.start:hit.end]
    message, suggestion, print_ = _wording(rule.id, rule.message, rule.suggestion, match,
                                           tuple(hit.vars.items()) if hit.vars else ())
    line, column = doc.position(hit.start)
    return Finding.made(rule.id, rule.category, severity, message, suggestion,
                        hit.start, hit.end, line, column, match, print_)


@lru_cache(maxsize=4096)
def _wording(rule_id: str, message: str, suggestion: str, match: str,
             variables: tuple[tuple[str, str], ...]) -> tuple[str, str, str]:
    """A finding's message, suggestion and fingerprint, which depend only on its rule,
    the text it flags and the values the rule found (many notes share a mistake)."""
    values = {"match": match.strip(), **dict(variables)}
    return (_filled(message, values), _filled(suggestion, values),
            fingerprint(rule_id, match))


def _filled(template: str, values: Mapping[str, str]) -> str:
    if "{" in template or "}" in template:
        return template.format_map(values)
    return template


def fingerprint(rule_id: str, match: str) -> str:
    """Stable across edits elsewhere in the text: the rule and the normalised match
    (its words joined by single spaces, case-folded)."""
    normal = " ".join(match.split()).casefold()
    return sha1(f"{rule_id}\x00{normal}".encode(), usedforsecurity=False).hexdigest()[:16]


def check_many(texts: Mapping[str, str], *, context: Debrief | None = None,
               kind: str | None = None, to: Mapping[str, str | None] | None = None,
               sent_at: datetime | None = None,
               settings: CheckSettings | None = None,
               attachments: Mapping[str, Sequence[str] | None] | None = None
               ) -> dict[str, list[Finding]]:
    """Check several messages of one interview, plus the rules that compare them
    (near-duplicate notes to different people)."""
    settings = settings or _DEFAULT_SETTINGS
    recipients = to or {}
    key = settings.cache_key()
    active = _active(key)
    situations: dict[str, Situation] = {}
    results: dict[str, list[Finding]] = {}
    for name, text in texts.items():
        # Each message is checked as soon as it is read, and its word index let go:
        # only its parts and sentences matter to the comparison that follows.
        situation = _situation(text, context, kind, recipients.get(name), sent_at, settings,
                               (attachments or {}).get(name))
        results[name] = _findings(situation, settings, key)
        situation.doc.shed()
        situations[name] = situation
    for rule, severity, _ in active:
        if rule.matcher == "cross-message":
            _add_duplicates(rule, severity, situations, results, settings)
    return results


_SENTENCE = re.compile(r"[^.!?\n]+")


def _sentences(situation: Situation, min_words: int) -> frozenset[str]:
    """The note's sentences, normalised, with every name blanked out: what a
    copy-and-paste note shares with its twin."""
    doc = situation.doc
    start, end = doc.body
    names = set(situation.context.name_tokens) if situation.context else set()
    if doc.greeting:
        names |= set(name_tokens(doc.text[doc.greeting.names[0]:doc.greeting.names[1]]))
    result = set()
    # Case-folding keeps the sentence ends (no character folds to . ! ? or a newline).
    for sentence in _SENTENCE.findall(doc.text[start:end].casefold()):
        words = sentence.split()
        if len(words) < min_words:
            continue
        joined = " ".join(words)
        if names and any(map(joined.__contains__, names)):
            joined = " ".join([("@" if word.strip(",;:'’\"()") in names else word)
                               for word in words])
        result.add(joined)
    return frozenset(result)


def _who(situation: Situation) -> str:
    if situation.recipient:
        return situation.recipient.name
    if situation.to:
        return situation.to
    greeting = situation.doc.greeting
    if greeting is None:
        return ""
    return " ".join(name_tokens(situation.doc.text[greeting.names[0]:greeting.names[1]]))


def _add_duplicates(rule: Rule, severity: Severity, situations: Mapping[str, Situation],
                    results: dict[str, list[Finding]], settings: CheckSettings) -> None:
    """Two notes are near copies when most of their sentences are the same (Dice
    coefficient over normalised sentences at least ``threshold``)."""
    names = [name for name, s in situations.items() if rule.applies_to(s.kind)]
    threshold = float(rule.params.get("threshold", 0.7))
    min_sentences = int(rule.params.get("min_sentences", 3))
    sentences = [_sentences(situations[name], int(rule.params.get("min_words", 4)))
                 for name in names]
    holders: dict[str, list[int]] = {}
    for index, found in enumerate(sentences):
        for sentence in found:
            holders.setdefault(sentence, []).append(index)
    counts = {sentence: len(found) for sentence, found in holders.items()}
    for i, name in enumerate(names):
        mine = sentences[i]
        if len(mine) < min_sentences:
            continue
        # 2c / (len_i + len_j) reaches the threshold only if c >= t len_i / (2 - t),
        # as len_j >= c: only the notes sharing that many sentences can qualify.
        least = threshold * len(mine) / (2 - threshold) - 1e-9
        need = max(1, ceil(least))
        if need > len(mine):
            continue
        # A note sharing ``need`` of the sentences holds one of any len - need + 1 of
        # them: the candidates are the holders of the rarest ones (prefix filtering).
        rare = sorted(mine, key=counts.__getitem__)[:len(mine) - need + 1]
        candidates = set(chain.from_iterable(map(holders.__getitem__, rare)))
        candidates.discard(i)
        qualifying = []
        for j in candidates:
            count = len(mine & sentences[j])
            if count < least:
                continue
            score = 2 * count / (len(mine) + len(sentences[j]))
            if score >= threshold:
                qualifying.append((j, score))
        for j, score in sorted(qualifying):
            other = names[j]
            first, second = _who(situations[name]), _who(situations[other])
            if first and first == second:
                continue
            _add_duplicate(rule, severity, situations[name], results[name], settings,
                           {"other": other, "person": second or "someone else",
                            "percent": f"{score * 100:.0f}"})
            break


def _add_duplicate(rule: Rule, severity: Severity, situation: Situation, findings: list[Finding],
                   settings: CheckSettings, values: dict[str, Any]) -> None:
    start, end = situation.doc.body
    text = situation.doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    finding = make_finding(situation.doc, rule, severity, Hit(start, end, values))
    if finding.fingerprint not in settings.ignored:
        findings.append(finding)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))


def results_document(results: Mapping[str, Sequence[Finding]]) -> dict[str, Any]:
    """The versioned JSON document of ``check``: one entry per file, in the given order."""
    return {"version": RESULTS_VERSION,
            "results": [{"file": name, "findings": [f.as_dict() for f in findings]}
                        for name, findings in results.items()]}


def exit_status(results: Mapping[str, Sequence[Finding]] | Sequence[Finding]) -> int:
    """0 when no finding has severity error, else 1."""
    groups = results.values() if isinstance(results, Mapping) else [results]
    return 1 if any(f.severity == "error" for group in groups for f in group) else 0
