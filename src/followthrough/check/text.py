"""A message split into the parts rules look at: subject, greeting, body, sign-off.

Everything is located by code-point offsets into the original text; nothing
is rewritten, so every span a rule reports points into what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import compress
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from followthrough.check.speed import SPEED

if TYPE_CHECKING:
    from followthrough.check.speed import Gate

Span = tuple[int, int]

_SUBJECT = re.compile(r"[ \t]*subject[ \t]*:[^\n]*", re.IGNORECASE)


@cache
def _greeting() -> re.Pattern[str]:
    """The greeting regexes, compiled on first use (a note without a greeting rule
    to run never needs them; compiling them is a short process's biggest regex cost)."""
    return re.compile(
        r"[ \t]*(?P<word>dear|hi|hello|hey(?:[ \t]+there)?|hiya|heya|yo|howdy|greetings|"
        r"good[ \t]+(?:morning|afternoon|evening|day))\b[ \t]*"
        r"(?P<names>[^\n,!:;?]{0,60}?)[ \t]*(?P<end>[,!:;]|(?=\n)|\Z)",
        re.IGNORECASE)


@cache
def _name_only_greeting() -> re.Pattern[str]:
    return re.compile(
        r"[ \t]*(?P<names>[^\W\d_][\w.'’-]*(?:[ \t]+[^\W\d_][\w.'’-]*){0,3})[ \t]*,[ \t]*")


@cache
def _sign_off() -> re.Pattern[str]:
    return re.compile(
        r"[ \t]*(?:(?:best|kind|warm|warmest|with)?[ \t]*regards|best(?:[ \t]+wishes)?|"
        r"all the best|sincerely(?:[ \t]+yours)?|yours(?:[ \t]+(?:sincerely|truly|faithfully))?|"
        r"respectfully|cheers|thanks(?:[ \t]+again)?|thank[ \t]+you(?:[ \t]+again)?|"
        r"many[ \t]+thanks|with[ \t]+(?:thanks|gratitude|appreciation)|warmly|later|"
        r"talk[ \t]+soon|catch[ \t]+you[ \t]+later|take[ \t]+care|until[ \t]+soon)"
        r"[ \t]*[,.!]*[ \t]*$",
        re.IGNORECASE)


_WORD = re.compile(r"\S+")
_WORDLIKE = re.compile(r"[\w'’]")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|\Z)|\n")


_T = TypeVar("_T")


class _lazy(Generic[_T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on
    every first access; a document is used by one thread): the value computed on
    first access is kept in the instance's ``__dict__``, where later look-ups find it."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name: str = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _lazy[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _T | _lazy[_T]:
        if instance is None:
            return self
        value: _T = self.func(instance)
        instance.__dict__[self.name] = value
        return value


@dataclass(frozen=True)
class Greeting:
    span: Span
    """The whole greeting, "Dear Mr Sato," included."""
    word: str
    """The greeting word as written ("Dear", "Hi"), empty for a bare "Marcus,"."""
    names: Span
    """What follows the greeting word, usually names ("Mr Sato", "team")."""


class Document:
    """The text of one message and where its parts are."""

    def __init__(self, text: str, *, context: bool = True) -> None:
        self.text = text
        self.context = context
        """Whether the message is checked with a debrief (the prefilter then also
        scans for the regexes of the rules that need one)."""
        self._buckets: list[list[int]] = []
        self._touched: frozenset[int] = frozenset()
        self._buckets_version = -1
        self.plain = SPEED.plain
        """Checked on the plain ``re`` path: no prefilter scan, no trigger-key dispatch."""
        self.subject = self._find_subject()

    @_lazy
    def lines(self) -> list[Span]:
        """Where each line starts and ends (its line break not included)."""
        return list(_line_spans(self.text))

    def _find_subject(self) -> Span | None:
        """A "Subject:" line, when it is the first line with text (found without
        listing every line: most messages need no more than their first)."""
        for start, end in _line_spans(self.text):
            if start != end and not self.text[start:end].isspace():
                return (start, end) if _SUBJECT.fullmatch(self.text, start, end) else None
        return None

    def _first_content_line(self) -> Span | None:
        after = self.subject[1] if self.subject else 0
        for start, end in self.lines:
            if start >= after and self.text[start:end].strip():
                return start, end
        return None

    @_lazy
    def greeting(self) -> Greeting | None:
        """The salutation ("Dear Mr Sato,") on the first line with text after the
        subject, if there is one (found on first use, as the sign-off: most rules
        never look, and a check without a hit for them never asks)."""
        return self._find_greeting()

    @_lazy
    def closing(self) -> Span | None:
        """The sign-off line ("Best regards,") among the last four lines with text."""
        return self._find_closing()

    def _find_greeting(self) -> Greeting | None:
        line = self._first_content_line()
        if line is None:
            return None
        start, end = line
        found = _greeting().match(self.text, start, end)
        if found:
            return Greeting((found.start("word"), found.end()), found.group("word"),
                            found.span("names"))
        bare = _name_only_greeting().fullmatch(self.text, start, end)
        if bare and self.text[bare.start("names")].isupper():
            comma = self.text.index(",", bare.end("names"))
            return Greeting((bare.start("names"), comma + 1), "", bare.span("names"))
        return None

    def _find_closing(self) -> Span | None:
        content: list[Span] = []  # the last four lines with text, last first
        for start, end in reversed(self.lines):
            if start != end and not self.text[start:end].isspace():
                content.append((start, end))
                if len(content) == 4:
                    break
        opening_end = self.greeting.span[1] if self.greeting else 0
        for start, end in content:
            if start < opening_end:
                break
            if _sign_off().match(self.text, start, end):
                stripped = self.text[start:end]
                lead = len(stripped) - len(stripped.lstrip())
                return start + lead, start + len(stripped.rstrip())
        return None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset."""
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)

    @_lazy
    def message_span(self) -> Span:
        """Everything but the subject line."""
        return (self.subject[1] if self.subject else 0), len(self.text)

    @_lazy
    def body(self) -> Span:
        """Between the greeting and the sign-off, without the blank lines before the
        sign-off (so that the body ends cleanly: see :meth:`ends_cleanly`)."""
        start = self.greeting.span[1] if self.greeting else self.message_span[0]
        if not self.closing:
            return start, len(self.text)
        end = len(self.text[:self.closing[0]].rstrip())
        return start, max(start, end)

    @_lazy
    def opening(self) -> Span:
        """Where message-level findings point: the greeting, else the first line."""
        if self.greeting:
            return self.greeting.span
        line = self._first_content_line()
        if line is None:
            return 0, 0
        start, end = line
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        return start + lead, start + len(raw.rstrip())

    def scope(self, name: str) -> Span | None:
        if name == "all":
            return 0, len(self.text)
        if name == "message":
            return self.message_span
        if name == "body":
            return self.body
        if name == "greeting":
            return self.greeting.span if self.greeting else None
        if name == "closing":
            return self.closing
        if name == "subject":
            return self.subject
        raise ValueError(f"unknown scope {name!r}")

    @property
    def buckets(self) -> list[list[int]]:
        """For every keyed pattern slot of the speed layer's dispatch table, where in
        the text a word with one of its trigger keys starts."""
        if self._buckets_version != SPEED.dispatch_version:
            self._index()
        return self._buckets

    @property
    def touched(self) -> frozenset[int]:
        """The slots with at least one position in :attr:`buckets`."""
        if self._buckets_version != SPEED.dispatch_version:
            self._index()
        return self._touched

    def shed(self) -> None:
        """Let go of the word index and the other per-word caches (a message kept
        only to be compared with others)."""
        self._buckets = []
        self._touched = frozenset()
        self._buckets_version = -1
        for name in ("tokens", "words", "lower", "word_spans", "gate"):
            self.__dict__.pop(name, None)

    def _index(self) -> None:
        self._buckets = buckets = SPEED.buckets(self.text)
        self._touched = frozenset(compress(range(len(buckets)), buckets))
        self._buckets_version = SPEED.dispatch_version

    @_lazy
    def gate(self) -> Gate | None:
        """The prefilter scan: where the rule regexes may match (None: no scan, as for
        a text with a scope that does not end cleanly, such as "HELLO,0", whose
        greeting ends before a digit: only the rules' own regexes answer there)."""
        if self.plain or not all(self.ends_cleanly(span[1]) for span in self._scopes()):
            return None
        return SPEED.scan(self.text, self.context)

    def _scopes(self) -> Iterator[Span]:
        for name in ("body", "greeting", "closing", "subject"):
            span = self.scope(name)
            if span is not None:
                yield span

    def ends_cleanly(self, end: int) -> bool:
        """Whether every rule regex matches in a scope ending at ``end`` just as in
        the whole text, so the whole text's prefilter scan answers for the scope.
        At the scope's end a look-ahead sees nothing, and in the whole text it sees
        the next characters: ":)" cut from ":)believe" is a smiley in the scope and
        none in the text. The rules' look-aheads are ``(?!\\w)``, ``(?![\\w'’])`` and
        ``(?! and )`` (a test keeps the list), and they agree when the next
        character is not a word character or an apostrophe and no " and " crosses
        the end; a word boundary then agrees too."""
        text = self.text
        if end >= len(text) or end <= 0:
            return True
        if _WORDLIKE.match(text, end):
            return False
        return " and " not in text[max(0, end - 4):end + 5]

    @_lazy
    def tokens(self) -> set[str]:
        """The whitespace-separated tokens of the text."""
        return set(self.words)

    @_lazy
    def words(self) -> list[str]:
        """The whitespace-separated words of the text, in order."""
        return self.text.split()

    @_lazy
    def lower(self) -> str:
        return self.text.lower()

    @_lazy
    def word_count(self) -> int:
        """The words of :attr:`message_span`: all but those of the subject line (which
        ends at a line break, so that no word runs across where the message starts)."""
        start = self.message_span[0]
        return len(self.words) - (len(self.text[:start].split()) if start else 0)

    @_lazy
    def word_spans(self) -> list[Span]:
        start, end = self.message_span
        return [match.span() for match in _WORD.finditer(self.text, start, end)]

    def sentence_around(self, start: int, end: int) -> Span:
        """The sentence (or line) holding a span."""
        left = 0
        for boundary in _SENTENCE_END.finditer(self.text, max(0, start - 400), start):
            left = boundary.end()
        right_match = _SENTENCE_END.search(self.text, end)
        right = right_match.end() if right_match else len(self.text)
        return left, right


def _line_spans(text: str) -> Iterator[Span]:
    start = 0
    find = text.find
    while (end := find("\n", start)) >= 0:
        yield start, end
        start = end + 1
    yield start, len(text)

