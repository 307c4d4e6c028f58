"""The matcher kinds that run rules.

A rule file says which kind runs a rule and gives its parameters; a kind is a
builder that compiles those parameters once into a function from a
:class:`Situation` (the message and what is known about it) to :class:`Hit`
values. The engine turns hits into findings with the rule's wording.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from followthrough.check import spelling
from followthrough.check.context import (
    COMPANY_SUFFIXES,
    GROUP_WORDS,
    HONORIFICS,
    Person,
    Prepared,
    hours_after_interview,
    keywords,
    name_tokens,
)
from followthrough.check.speed import SPEED
from followthrough.check.text import Document, Span

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.check.speed import Needs


class Hit(NamedTuple):
    """Where a rule hits, and the values its message and suggestion mention."""

    start: int
    end: int
    vars: Mapping[str, str] = MappingProxyType({})


@dataclass(slots=True)
class Situation:
    """One message and everything known about it (matchers only read it)."""

    doc: Document
    kind: str | None
    context: Prepared | None
    recipient: Person | None
    to: str | None
    sent_at: datetime | None
    allow: frozenset[str]
    attachments: tuple[str, ...] | None = None
    """The files that go with the message; None when unknown (a plain text)."""
    linkedin_account: str = "free"
    language: str | None = None
    """The note's language when it is not English (``German``), else None."""

    @property
    def recipient_name(self) -> str:
        if self.recipient:
            return self.recipient.name
        return self.to or "this person"

    def greeting_tokens(self) -> list[str]:
        greeting = self.doc.greeting
        if greeting is None:
            return []
        text = self.doc.text[greeting.names[0]:greeting.names[1]]
        return [token for token in name_tokens(text) if token not in GROUP_WORDS]


Matcher = Callable[[Situation], Iterable[Hit]]
Builder = Callable[[Mapping[str, Any]], Matcher]
BUILDERS: dict[str, Builder] = {}
CONTEXT_ONLY: set[Matcher] = set()
"""Matchers that never hit without a debrief: the engine skips them then."""


def _context_only(run: Matcher) -> Matcher:
    CONTEXT_ONLY.add(run)
    return run


GATES: dict[Matcher, frozenset[int]] = {}
"""Matchers that cannot hit unless a document has a position in one of these
dispatch slots (all their regexes are keyed): the engine skips them otherwise."""
PREFILTER_GATES: dict[Matcher, frozenset[int]] = {}
"""Matchers that cannot hit unless one of these regexes (by registration number)
matches: with a prefilter scan of the document, the engine skips them when the
scan flags none of them."""


def _gated(run: Matcher, regexes: list[Compiled]) -> Matcher:
    slots = [regex.slot for regex in regexes]
    if slots and all(slot is not None for slot in slots):
        GATES[run] = frozenset(slot for slot in slots if slot is not None)
    if regexes:
        PREFILTER_GATES[run] = frozenset(regex.index for regex in regexes)
    return run


def kind(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        BUILDERS[name] = builder
        return builder
    return register


_NO_MATCHES: tuple[re.Match[str], ...] = ()
REGEXES: list[LazyRegex] = []
"""Every rule regex built so far (their compiled code goes into the rule cache)."""


class LazyRegex:
    """A regex compiled on first use: most processes never need most rule patterns."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = int(flags)
        self._compiled: re.Pattern[str] | None = None
        REGEXES.append(self)

    @property
    def regex(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = SPEED.compile(self.pattern, self.flags)
        return compiled

    def search(self, text: str, start: int, end: int) -> re.Match[str] | None:
        return self.regex.search(text, start, end)


class Compiled(LazyRegex):
    """A regex with the trigger keys of the words it can start with (None: scan).

    Where the document has a prefilter scan (:attr:`Document.gate`) that looked
    for this regex, its matches come from there. Otherwise a keyed regex is
    tried only where the document has a word with one of its keys
    (:attr:`Document.buckets`), each position at most once and never inside an
    earlier match; a scanned one runs as a normal ``finditer``, skipped when
    the text lacks every character it can start with (``needs``). On the plain
    path (:attr:`Document.plain`) every regex runs as a normal ``finditer``.
    """

    __slots__ = ("index", "keys", "needs", "slot")

    def __init__(self, pattern: str, flags: int, keys: frozenset[str] | None,
                 needs: Needs | None = None, *, context_only: bool = False) -> None:
        super().__init__(pattern, flags)
        self.keys = keys
        self.needs = needs
        self.slot, self.index = SPEED.register(pattern, flags, keys, context_only=context_only)

    def matches(self, doc: Document, start: int, end: int,
                first: bool = False) -> Iterable[re.Match[str]]:
        """The matches in ``doc.text[start:end]``, in order (only the first if ``first``)."""
        gate = doc.gate
        if gate is not None and self.index in gate.ids and doc.ends_cleanly(end):
            return gate.matches(self._compiled or self.regex, self.index, doc.text, start, end,
                                first)
        slot = self.slot
        if slot is None or doc.plain:
            if self.needs is not None and not doc.plain and not SPEED.may_start(doc.text,
                                                                                self.needs):
                return _NO_MATCHES
            scan = (self._compiled or self.regex).finditer(doc.text, start, end)
            return islice(scan, 1) if first else scan
        positions = doc.buckets[slot]
        if not positions:
            return _NO_MATCHES
        text = doc.text
        match = (self._compiled or self.regex).match
        result: list[re.Match[str]] = []
        last = start - 1
        for position in positions:
            if position < last or position >= end:
                continue
            found = match(text, position, end)
            if found and found.end() > found.start():
                if first:
                    return (found,)
                last = found.end()
                result.append(found)
        return result


def _compile(patterns: list[str], *, case_sensitive: bool = False,
             context_only: bool = False) -> list[Compiled]:
    """Patterns with trigger keys share one regex run at their words; the others
    scan one by one, so that the regex engine can skip ahead to their first
    character; patterns with groups of their own stay apart."""
    flags = 0 if case_sensitive else re.IGNORECASE
    apart = [p for p in patterns if re.search(r"\\\d|\(\?P<", p)]
    keyed: list[str] = []
    keys: set[str] = set()
    scanned: list[str] = []
    for pattern in patterns:
        if pattern in apart:
            continue
        pattern_keys, _ = SPEED.analyse(pattern, flags)
        if pattern_keys is None:
            scanned.append(pattern)
        else:
            keyed.append(pattern)
            keys |= pattern_keys
    compiled = [Compiled(p, flags, *SPEED.analyse(p, flags), context_only=context_only)
                for p in apart]
    if keyed:
        compiled.append(Compiled(_joined(keyed), flags, frozenset(keys),
                                 context_only=context_only))
    compiled += [Compiled(p, flags, None, SPEED.analyse(p, flags)[1], context_only=context_only)
                 for p in scanned]
    return compiled


def _joined(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@kind("pattern")
def pattern_kind(params: Mapping[str, Any]) -> Matcher:
    """Existence: any of ``patterns`` in ``scope``; ``unless`` vetoes by sentence;
    ``min_count`` makes the rule fire only when the phrases pile up;
    ``requires_any`` skips texts that hold none of some plain substrings, and
    ``requires_repeated_word`` texts without two equal words in a row."""
    regexes = _compile(list(params["patterns"]), case_sensitive=params.get("case_sensitive", False))
    scope = params.get("scope", "all")
    unless = LazyRegex(params["unless"], re.IGNORECASE) if "unless" in params else None
    min_count = int(params.get("min_count", 1))
    requires = tuple(params.get("requires_any", ()))
    needs_repeat = bool(params.get("requires_repeated_word", False))
    allowed = frozenset(word.casefold() for word in params.get("allow", ()))
    if (len(regexes) == 1 and regexes[0].slot is not None and scope == "all"
            and unless is None and min_count == 1 and not requires and not needs_repeat
            and not allowed):
        return _gated(_keyed_run(regexes[0]), regexes)
    possible = _possible(regexes)

    def run(situation: Situation) -> Iterable[Hit]:
        doc = situation.doc
        text = doc.text
        if possible is not None and not possible(doc):
            return _NO_HITS
        if requires and not any(needle in text for needle in requires):
            return _NO_HITS
        if needs_repeat and not _has_repeated_word(doc):
            return _NO_HITS
        span = doc.scope(scope)
        if span is None:
            return _NO_HITS
        hits = []
        for regex in regexes:
            for found in regex.matches(doc, *span):
                start, end = found.span()
                if start == end or (allowed and found.group().casefold() in allowed):
                    continue
                if unless and unless.search(text, *doc.sentence_around(start, end)):
                    continue
                hits.append(Hit(start, end))
        if len(hits) >= min_count:
            return hits
        return _NO_HITS
    return _gated(run, regexes)


_NO_HITS: tuple[Hit, ...] = ()


def _possible(regexes: list[Compiled]) -> Callable[[Document], bool] | None:
    """One check of whether any of ``regexes`` can match a document (a keyed one
    needs a position of its slot, a scanned one a character it can start with),
    when each of them has such a condition; else None."""
    indexes = frozenset(regex.index for regex in regexes)
    scanned = [regex.needs for regex in regexes if regex.slot is None]
    if any(needs is None for needs in scanned):
        return lambda doc: _prefiltered(doc, indexes) is not False
    slots = frozenset(regex.slot for regex in regexes if regex.slot is not None)
    chars = "".join(sorted({char for needs in scanned if needs for char in needs[0]}))
    other = any(needs[1] for needs in scanned if needs)

    def possible(doc: Document) -> bool:
        if doc.plain:
            return True
        flagged = _prefiltered(doc, indexes)
        if flagged is not None:
            return flagged
        if slots and not slots.isdisjoint(doc.touched):
            return True
        text = doc.text
        if other and not text.isascii():
            return True
        return any(map(text.__contains__, chars))
    return possible


def _prefiltered(doc: Document, indexes: frozenset[int]) -> bool | None:
    """Whether the prefilter scan flags one of ``indexes``; None when it has no answer."""
    gate = doc.gate
    if gate is None or not indexes <= gate.ids:
        return None
    return not indexes.isdisjoint(gate.flagged)


def _keyed_run(regex: Compiled) -> Matcher:
    """The common pattern rule, one keyed regex over the whole text, without the
    options: what :func:`pattern_kind`'s general matcher does, in one loop."""
    slot = regex.slot if regex.slot is not None else -1
    index = regex.index

    def run(situation: Situation) -> Iterable[Hit]:
        doc = situation.doc
        gate = doc.gate
        if (gate is not None and index in gate.ids) or doc.plain:
            return [Hit(*found.span()) for found in regex.matches(doc, 0, len(doc.text))]
        positions = doc.buckets[slot]
        if not positions:
            return _NO_HITS
        text = doc.text
        end = len(text)
        match = (regex._compiled or regex.regex).match
        hits = []
        last = -1
        for position in positions:
            if position < last:
                continue
            found = match(text, position, end)
            if found:
                start, last = found.span()
                if last > start:
                    hits.append(Hit(start, last))
        return hits
    return run


def _has_repeated_word(doc: Document) -> bool:
    words = doc.lower.split()
    return any(map(operator.eq, words, words[1:]))


@kind("substitution")
def substitution_kind(params: Mapping[str, Any]) -> Matcher:
    """A word or phrase with a better replacement: ``swap = {bad = "good"}``."""
    swap = {bad.casefold(): good for bad, good in params["swap"].items()}
    alternatives = "|".join(re.escape(bad) for bad in sorted(swap, key=len, reverse=True))
    regex = Compiled(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])", re.IGNORECASE,
                     frozenset(key for bad in swap for key in _phrase_keys(bad)))
    scope = params.get("scope", "all")

    def run(situation: Situation) -> Iterable[Hit]:
        span = situation.doc.scope(scope)
        if span is None:
            return _NO_HITS
        return [Hit(found.start(), found.end(), {"replacement": swap[found.group().casefold()]})
                for found in regex.matches(situation.doc, *span)]
    return _gated(run, [regex])


def _phrase_keys(phrase: str) -> frozenset[str]:
    """The trigger keys of a phrase matched where no word character comes before it:
    a short first word keyed with the next ("for all"), else the first word's."""
    keys, _ = SPEED.analyse(rf"\b{re.escape(phrase)}(?![\w'’])", re.IGNORECASE)
    return keys if keys is not None else frozenset({SPEED.key_of_word(phrase.split()[0])})


@kind("metric")
def metric_kind(params: Mapping[str, Any]) -> Matcher:
    """A count over a limit: ``measure`` is words, characters or exclamations;
    ``limits`` maps a message kind (or ``default``) to the most allowed;
    ``account_limits`` maps the user's LinkedIn account (free, premium) to it instead."""
    measure = params["measure"]
    limits: Mapping[str, int] = params.get("limits", {})
    accounts: Mapping[str, int] = params.get("account_limits", {})
    counters = {"words": _over_words, "characters": _over_characters,
                "exclamations": _over_exclamations}
    counter = counters[measure]

    def run(situation: Situation) -> Iterable[Hit]:
        limit = accounts.get(situation.linkedin_account) if accounts else limits.get(
            situation.kind or "", limits.get("default"))
        if limit is None:
            return _NO_HITS
        return counter(situation.doc, int(limit))
    return run


def _over_words(doc: Document, limit: int) -> Sequence[Hit]:
    count = doc.word_count
    if count <= limit:
        return _NO_HITS
    start, end = doc.message_span
    text = doc.text[start:end]
    # From the first word over the limit (what is left after splitting off
    # ``limit`` words) to the end of the last word.
    rest = text.split(None, limit)[-1]
    return (Hit(end - len(rest), start + len(text.rstrip()),
                {"count": str(count), "limit": str(limit)}),)


def _over_characters(doc: Document, limit: int) -> Sequence[Hit]:
    start, end = doc.message_span
    text = doc.text[start:end]
    lead = len(text) - len(text.lstrip())
    size = len(text.strip())
    if size <= limit:
        return _NO_HITS
    return (Hit(start + lead + limit, start + lead + size,
                {"count": str(size), "limit": str(limit)}),)


def _over_exclamations(doc: Document, limit: int) -> Sequence[Hit]:
    if doc.text.count("!") <= limit:
        return _NO_HITS
    marks = [index for index, char in enumerate(doc.text) if char == "!"]
    return (Hit(marks[limit], marks[limit] + 1, {"count": str(len(marks)), "limit": str(limit)}),)


@kind("required")
def required_kind(params: Mapping[str, Any]) -> Matcher:
    """Something a message of this kind must contain: any of ``patterns`` (checked
    only when one of ``only_if`` is present, if given), or with
    ``of = "recipient-topics"`` a topic discussed with the recipient, or with
    ``of = "company-or-role"`` the company or the role."""
    of = params.get("of", "patterns")
    scope = params.get("scope", "message")
    regexes = _compile(list(params.get("patterns", ())))
    only_if = _compile(list(params["only_if"])) if "only_if" in params else []
    if of == "patterns":
        return _required_patterns(regexes, only_if, scope)
    checks: dict[str, Callable[[Situation], Mapping[str, str] | None]] = {
        "recipient-topics": _missing_topic,
        "company-or-role": _missing_company_or_role,
    }
    check = checks[of]

    def run(situation: Situation) -> Iterable[Hit]:
        doc = situation.doc
        if not doc.text or doc.text.isspace():
            return _NO_HITS
        if only_if and _missing_patterns(situation, only_if, scope) is not None:
            return _NO_HITS
        missing = check(situation)
        if missing is None:
            return _NO_HITS
        return (Hit(*doc.opening, missing),)
    return _context_only(run)


def _required_patterns(regexes: list[Compiled], only_if: list[Compiled], scope: str) -> Matcher:
    """The common required rule, a pattern that must match (a note of most kinds runs
    three or four): :func:`required_kind`'s matcher in one function."""

    def run(situation: Situation) -> Iterable[Hit]:
        doc = situation.doc
        text = doc.text
        if not text or text.isspace():
            return _NO_HITS
        span = doc.scope(scope)
        if span is None:
            return _NO_HITS if only_if else (Hit(*doc.opening, {}),)
        start, end = span
        if only_if and not _matched(doc, only_if, start, end):
            return _NO_HITS
        if _matched(doc, regexes, start, end):
            return _NO_HITS
        return (Hit(*doc.opening, {}),)
    return run


def _matched(doc: Document, regexes: list[Compiled], start: int, end: int) -> bool:
    for regex in regexes:
        for _ in regex.matches(doc, start, end, True):
            return True
    return False


def _missing_patterns(situation: Situation, regexes: list[Compiled],
                      scope: str) -> Mapping[str, str] | None:
    span = situation.doc.scope(scope)
    if span is None:
        return {}
    for regex in regexes:
        for _ in regex.matches(situation.doc, *span, first=True):
            return None
    return {}


def _stems_of(text: str) -> frozenset[str]:
    return keywords(text)


def _mentions(text_stems: frozenset[str], topic: frozenset[str]) -> bool:
    need = 1 if len(topic) <= 2 else 2
    return len(text_stems & topic) >= need


def _missing_topic(situation: Situation) -> Mapping[str, str] | None:
    person = situation.recipient
    if situation.context is None or person is None or not person.topics:
        return None
    start, end = situation.doc.message_span
    text_stems = _stems_of(situation.doc.text[start:end])
    if any(_mentions(text_stems, topic) for topic in person.topic_keywords):
        return None
    others = [other.name for other in situation.context.people if other is not person
              and any(_mentions(text_stems, t) for t in other.topic_keywords)]
    note = (f" It mentions what you discussed with {', '.join(others)} instead."
            if others else "")
    return {"recipient": person.name, "topics": "; ".join(person.topics), "note": note}


def _missing_company_or_role(situation: Situation) -> Mapping[str, str] | None:
    context = situation.context
    if context is None:
        return None
    start, end = situation.doc.message_span
    text = situation.doc.text[start:end]
    words = {token.casefold() for token in spelling.WORD.findall(text)}
    if any(word in words for word in context.company_core) or any(
            _misspelt_core(word, context.company_core) for word in words):
        return None
    if len(_stems_of(text) & context.role_keywords) >= min(2, len(context.role_keywords)):
        return None
    return {"company": context.company, "role": context.role}


@kind("conditional")
def conditional_kind(params: Mapping[str, Any]) -> Matcher:
    """An attachment mentioned (``patterns``) is fine only when it was promised to
    this recipient, asked for (``unless`` in the sentence), or the message kind
    is one that carries promised material (``allow_kinds``)."""
    regexes = _compile(list(params["patterns"]))
    unless = LazyRegex(params["unless"], re.IGNORECASE) if "unless" in params else None
    allow_kinds = frozenset(params.get("allow_kinds", ()))

    def run(situation: Situation) -> Iterator[Hit]:
        doc = situation.doc
        for regex in regexes:
            for found in regex.matches(doc, *doc.message_span):
                sentence = doc.sentence_around(*found.span())
                if unless and unless.search(doc.text, *sentence):
                    continue
                verdict = _attachment_verdict(situation, doc.text[sentence[0]:sentence[1]],
                                              allow_kinds)
                if verdict is not None:
                    yield Hit(found.start(), found.end(), verdict)
    return _gated(run, regexes)


def _attachment_verdict(situation: Situation, sentence: str,
                        allow_kinds: frozenset[str]) -> Mapping[str, str] | None:
    """None when the attachment is allowed, else the message variables."""
    context = situation.context
    if context is None:
        return None if situation.kind in allow_kinds else {"note": ""}
    sentence_stems = keywords(sentence)
    recipient = situation.recipient
    for promise in context.promises:
        overlaps = bool(sentence_stems & promise.keywords)
        to_recipient = (recipient is None or promise.to is None
                        or tuple(name_tokens(promise.to)) == tuple(name_tokens(recipient.name)))
        if to_recipient and (overlaps or situation.kind in allow_kinds):
            return None
        if overlaps and not to_recipient:
            return {"note": f" You promised {promise.what} to {promise.to}, "
                            f"not to {situation.recipient_name}."}
    return {"note": ""}


@kind("names")
def names_kind(params: Mapping[str, Any]) -> Matcher:
    """People and companies named in the text, against the record."""
    check = params["check"]
    if check == "other-company":
        regexes = _compile(list(params["patterns"]), case_sensitive=True, context_only=True)
        return _context_only(lambda situation: _other_company(situation, regexes))
    checks: dict[str, Matcher] = {
        "greeting-other-person": _greeting_other_person,
        "greeting-unknown": _greeting_unknown,
        "misspelt": _misspelt_names,
        "full-name-greeting": _full_name_greeting,
    }
    return _context_only(checks[check])


def _greeting_other_person(situation: Situation) -> Iterator[Hit]:
    context, recipient = situation.context, situation.recipient
    greeting = situation.doc.greeting
    if context is None or recipient is None or greeting is None:
        return
    tokens = situation.greeting_tokens()
    if not tokens or any(token in recipient.tokens for token in tokens):
        return
    named = [person for person in context.people_named(tokens) if person is not recipient]
    if named:
        yield Hit(*greeting.names, {"found": named[0].name, "recipient": recipient.name})


def _close_token(token: str, candidates: Mapping[str, str]) -> str | None:
    """The record token a word is probably a misspelling of."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    if len(token) < 3:
        return None
    limit = 1 if len(token) <= 5 else 2
    best = process.extractOne(token, list(candidates), scorer=Levenshtein.distance,
                              score_cutoff=limit)
    if best is None or best[1] == 0:
        return None
    return candidates[best[0]]


def _greeting_unknown(situation: Situation) -> Iterator[Hit]:
    context = situation.context
    greeting = situation.doc.greeting
    if context is None or greeting is None:
        return
    tokens = [t for t in situation.greeting_tokens() if t.casefold() not in situation.allow]
    if not tokens or context.people_named(tokens):
        return
    if any(_close_token(token, context.name_tokens) for token in tokens):
        return
    found = situation.doc.text[greeting.names[0]:greeting.names[1]]
    yield Hit(*greeting.names, {"found": found, "recipient": situation.recipient_name})


def _full_name_greeting(situation: Situation) -> Iterator[Hit]:
    """A salutation with someone's given and family name ("Dear Hiroshi Sato,"),
    unless that is the greeting recorded for them."""
    context, greeting = situation.context, situation.doc.greeting
    if context is None or greeting is None:
        return
    tokens = situation.greeting_tokens()
    if len(tokens) < 2:
        return
    for person in context.people_named(tokens):
        names = set(name_tokens(person.name))
        if len(names) < 2 or not names <= set(tokens):
            continue
        if person.salutation and set(name_tokens(person.salutation)) - _GREETING_WORDS \
                >= set(tokens):
            return
        yield Hit(*greeting.names, {"formal": _addressed(person, situation)})
        return


def _addressed(person: Person, situation: Situation) -> str:
    """How to greet them: as the record says, else as the culture expects."""
    if person.salutation:
        return person.salutation if _has_greeting_word(person.salutation) \
            else f"Dear {person.salutation}"
    if person.first_name_asked:
        return f"Dear {person.name.split()[0]}"
    if situation.context is not None and situation.context.formality != "formal" \
            and person.role == "reference":
        return f"Dear {person.name.split()[0]}"
    return person.formal_greeting


_GREETING_WORDS = frozenset({"dear", "hi", "hello", "good", "morning", "afternoon"})


def _has_greeting_word(salutation: str) -> bool:
    first = salutation.split()[0].casefold() if salutation.split() else ""
    return first in _GREETING_WORDS


_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][^\W\d_]+(?=(?:['’]s)?(?![\w]))")


def _misspelt_names(situation: Situation) -> Iterator[Hit]:
    context = situation.context
    if context is None:
        return
    doc = situation.doc
    # The names of the greeting, not its word: "Dear" is no misspelt "Dean".
    greeting = doc.greeting.names if doc.greeting else (0, 0)
    for found in _CAPITALISED.finditer(doc.text):
        token = found.group().casefold()
        if token in context.name_tokens or token in situation.allow or token in HONORIFICS:
            continue
        in_greeting = greeting[0] <= found.start() < greeting[1]
        if not in_greeting and spelling.is_known(token):
            continue
        right = _close_token(token, context.name_tokens)
        if right is not None:
            yield Hit(found.start(), found.end(), {"replacement": right})


def _other_company(situation: Situation, regexes: list[Compiled]) -> Iterator[Hit]:
    context = situation.context
    if context is None:
        return
    doc = situation.doc
    for regex in regexes:
        for found in regex.matches(doc, *doc.message_span):
            org = re.sub(r"['’]s$", "", found.group("org").rstrip("."))
            if _starts_with_company(org, context.company):
                continue
            words = [w for w in name_tokens(org) if w.replace(".", "") not in COMPANY_SUFFIXES]
            if not words or (context.company_core and context.company_core[0] in words):
                continue
            if all(word in context.name_tokens or word in situation.allow for word in words):
                continue
            if _similar(" ".join(words), " ".join(context.company_core)) or _misspelt_core(
                    words[0], context.company_core):
                continue
            start = found.start("org")
            yield Hit(start, start + len(org), {"found": org, "company": context.company})


def _starts_with_company(org: str, company: str) -> bool:
    """The record's own company, perhaps followed by the next sentence's first
    word when the name ends in a full stop ("... at Acme Inc. Your team")."""
    return org.casefold().startswith(company.casefold().rstrip(". "))


def _misspelt_core(word: str, core: tuple[str, ...]) -> bool:
    """The company's own first word, misspelt ("Nordlict"): a misspelling, not another company."""
    from rapidfuzz.distance import Levenshtein

    return bool(core) and len(word) > 4 and Levenshtein.distance(word, core[0]) <= 2


def _similar(first: str, second: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(first, second) >= 75


@kind("formality")
def formality_kind(params: Mapping[str, Any]) -> Matcher:
    """Salutation and register against the culture profile of the interview's country."""
    check = params["check"]
    when = params.get("when", "formal")
    casual_words = frozenset(word.casefold() for word in params.get("casual_words", ()))
    closing = LazyRegex(params["closing"], re.IGNORECASE) if "closing" in params else None

    def run(situation: Situation) -> Iterator[Hit]:
        context = situation.context
        if context is None or context.formality != when:
            return
        if situation.recipient is not None and situation.recipient.role == "reference":
            return  # the candidate's own colleague: their register, not the company's
        if check == "casual-greeting":
            yield from _casual_greeting(situation, casual_words)
        elif check == "first-name":
            yield from _first_name(situation)
        elif check == "casual-closing" and closing and situation.doc.closing:
            span = situation.doc.closing
            if closing.regex.fullmatch(situation.doc.text, *span):
                yield Hit(*span, {"formal": _formal_greeting(situation)})
    return _context_only(run)


def _formal_greeting(situation: Situation) -> str:
    if situation.recipient:
        return situation.recipient.formal_greeting
    return "Dear Mr or Ms <family name>"


def _casual_greeting(situation: Situation, casual_words: frozenset[str]) -> Iterator[Hit]:
    greeting = situation.doc.greeting
    if greeting is None or (situation.recipient and situation.recipient.first_name_asked):
        return
    word = " ".join(greeting.word.split()).casefold()
    if word in casual_words:
        start = greeting.span[0]
        yield Hit(start, start + len(greeting.word), {"formal": _formal_greeting(situation)})


def _first_name(situation: Situation) -> Iterator[Hit]:
    greeting, context = situation.doc.greeting, situation.context
    if greeting is None or context is None:
        return
    text = situation.doc.text[greeting.span[0]:greeting.span[1]]
    raw_tokens = [token.casefold() for token in spelling.WORD.findall(text)]
    if any(token in HONORIFICS for token in raw_tokens):
        return
    tokens = situation.greeting_tokens()
    people = [situation.recipient] if situation.recipient else context.people_named(tokens)
    for person in people:
        if person.salutation and _same_words(person.salutation, text):
            return
        if person.given in tokens and (not person.family or person.family not in tokens):
            yield Hit(*greeting.names, {"formal": person.formal_greeting})
            return


def _same_words(salutation: str, greeting: str) -> bool:
    wanted = [w.casefold() for w in spelling.WORD.findall(salutation)]
    have = [w.casefold() for w in spelling.WORD.findall(greeting)]
    return bool(wanted) and all(word in have for word in wanted)


@kind("timing")
def timing_kind(params: Mapping[str, Any]) -> Matcher:
    """When the message is sent, against the interview's end: over ``after_hours``
    (and, if given, at most ``until_hours``)."""
    after = float(params["after_hours"])
    until = float(params["until_hours"]) if "until_hours" in params else None

    def run(situation: Situation) -> Iterator[Hit]:
        if situation.context is None or situation.sent_at is None:
            return
        hours = hours_after_interview(situation.context, situation.sent_at)
        if hours > after and (until is None or hours <= until):
            yield Hit(*situation.doc.opening, {"hours": f"{hours:.0f}"})
    return _context_only(run)


@kind("time-words")
def time_words_kind(params: Mapping[str, Any]) -> Matcher:
    """Words that place the interview in time ("today", "yesterday"), against the
    days between the interview and the send time, in the interview's zone:
    ``days`` maps each phrase list (``patterns``) to the day they are right on."""
    regexes = _compile(list(params["patterns"]), context_only=True)
    days = int(params["days"])

    def run(situation: Situation) -> Iterator[Hit]:
        context, sent_at = situation.context, situation.sent_at
        if context is None or sent_at is None:
            return
        zone = context.zone or context.interview_end.tzinfo
        gap = (sent_at.astimezone(zone).date() - context.interview_end.astimezone(zone).date()).days
        if gap == days or gap < 0:
            return
        doc = situation.doc
        for regex in regexes:
            for found in regex.matches(doc, *doc.message_span):
                yield Hit(found.start(), found.end(), {"days": _days(gap)})
    return _context_only(_gated(run, regexes))


def _days(gap: int) -> str:
    if gap == 0:
        return "on the day of the interview"
    return "the day after the interview" if gap == 1 else f"{gap} days after the interview"


@kind("variant")
def variant_kind(params: Mapping[str, Any]) -> Matcher:
    """English as the recipient's country writes it: ``words`` maps a US spelling
    to the British one, ``american``/``british`` list the countries of each; with
    ``dates = true``, numeric dates that cannot be read in the country's order
    (day/month or month/day)."""
    american = frozenset(params.get("american", ()))
    british = frozenset(params.get("british", ()))
    to_british = {us.casefold(): uk for us, uk in params.get("words", {}).items()}
    to_american = {uk.casefold(): us for us, uk in params.get("words", {}).items()}
    every = sorted({*to_british, *to_american}, key=lambda word: (-len(word), word))
    # Scanned for only with a debrief, the one case the rule runs in: the variant
    # words are a fifth of the prefilter's database, and every note without one paid.
    words = Compiled(rf"\b(?:{'|'.join(map(re.escape, every))})\b", re.IGNORECASE,
                     frozenset(SPEED.key_of_word(word) for word in every),
                     context_only=True) if every else None
    dates = bool(params.get("dates", False))

    def run(situation: Situation) -> Iterator[Hit]:
        context = situation.context
        if context is None:
            return
        country = context.country
        if country in american:
            wrong, name, order = to_american, "American", "month/day"
        elif country in british:
            wrong, name, order = to_british, "British", "day/month"
        else:
            return
        doc = situation.doc
        if dates:
            yield from _misread_dates(doc, order, name)
            return
        if words is None:
            return
        for found in words.matches(doc, *doc.message_span):
            word = found.group().casefold()
            if word in wrong:
                yield Hit(found.start(), found.end(), {"variant": name,
                                                       "replacement": wrong[word]})
    return _context_only(run)


_NUMERIC_DATE = re.compile(
    r"(?<![\d/.])(\d{1,2})(?:/(\d{1,2})(?:/(\d{2}|\d{4}))?|\.(\d{1,2})\.(\d{2}|\d{4}))"
    r"(?![\d/]|[.]\d)")


def _misread_dates(doc: Document, order: str, name: str) -> Iterator[Hit]:
    if "/" not in doc.text and "." not in doc.text:
        return
    for found in _NUMERIC_DATE.finditer(doc.text):
        first, second = int(found.group(1)), int(found.group(2) or found.group(4))
        if not (1 <= first <= 31 and 1 <= second <= 31):
            continue
        month_first = first <= 12 < second
        day_first = second <= 12 < first
        if (order == "month/day" and day_first) or (order == "day/month" and month_first):
            yield Hit(found.start(), found.end(), {"variant": name, "order": order})


@kind("claim")
def claim_kind(params: Mapping[str, Any]) -> Matcher:
    """Something the note says is there: an attachment (``of = "attachment"``), known
    to be missing when the message's files are known and there are none; a link
    (``of = "link"``) when the text holds no web address."""
    regexes = _compile(list(params["patterns"]))
    of = params["of"]

    def run(situation: Situation) -> Iterable[Hit]:
        doc = situation.doc
        if of == "attachment":
            if situation.attachments is None or situation.attachments:
                return _NO_HITS
        elif _URL.search(doc.text):
            return _NO_HITS
        return [Hit(*found.span()) for regex in regexes
                for found in regex.matches(doc, *doc.message_span)]
    return _gated(run, regexes)


_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|io|dev|co|de|uk|jp)/", re.IGNORECASE)


@kind("language")
def language_kind(params: Mapping[str, Any]) -> Matcher:
    """Once per note that is not English: its language (see :mod:`.language`)."""
    del params

    def run(situation: Situation) -> Iterable[Hit]:
        if situation.language is None:
            return _NO_HITS
        return (Hit(*situation.doc.opening, {"language": situation.language}),)
    return run


@kind("spelling")
def spelling_kind(params: Mapping[str, Any]) -> Matcher:
    """Lower-case words unknown to the English list, the record and the allow-list."""
    min_length = int(params.get("min_length", 3))

    def run(situation: Situation) -> Iterable[Hit]:
        text = situation.doc.text
        unknown = spelling.unknown_words(situation.doc.words, min_length)
        if not unknown:
            return _NO_HITS
        extra = situation.allow | (situation.context.known_words if situation.context
                                   else frozenset())
        unknown.difference_update(extra)
        if not unknown:
            return _NO_HITS
        skipped = spelling.skipped_spans(text)
        hits = []
        for found in spelling.LOWER_WORD.finditer(text):
            word = found.group()
            if word not in unknown or _inside(found.start(), skipped):
                continue
            right = spelling.suggest(word)
            fix = f"Did you mean '{right}'?" if right else "Check the spelling."
            hits.append(Hit(found.start(), found.end(), {"fix": fix}))
        return hits
    return run


def _inside(offset: int, spans: list[Span]) -> bool:
    return any(start <= offset < end for start, end in spans)


@kind("cross-message")
def cross_message_kind(params: Mapping[str, Any]) -> Matcher:
    """Runs in :func:`followthrough.check.check_many` only, over several messages."""
    del params

    def run(situation: Situation) -> Iterator[Hit]:
        del situation
        return iter(())
    return run

