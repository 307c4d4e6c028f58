"""Trigger keys: where a word-anchored pattern can possibly start.

Python's regex engine tries every alternative of a case-insensitive pattern at
every position of the text. Most rule patterns start with ``\\b`` and a literal
word, so they can only match where a word with those first letters begins.
:func:`trigger_keys` reads a pattern's parse tree and lists the first (up to
five) letters of every word it can start with; a document lists its word
starts with the same keys once, and a matcher then tries its regex only at
those positions. Patterns whose start cannot be listed run as a normal scan.

Short words ("I", "my", "for", "you") begin far too many positions to be useful
keys on their own, so a word of at most :data:`SHORT` letters followed by one
space is also keyed together with the first letters of the next word
(``"i am"``, ``"my new"``, ``"for you"``). A document keys such a position both
ways; a pattern uses the pair key where its text fixes the next word, else
the one-word key, so that every position where it can match carries one of
its keys.

Keys are registered in one :class:`Dispatch` table shared by all rules: a
document's word starts are looked up there once, and each registered pattern
gets the sorted positions of its keys (:meth:`Dispatch.buckets`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from itertools import accumulate, compress
from operator import itemgetter
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

KEY_LENGTH = 5
SHORT = 4
"""Words of at most this many letters are also keyed with the next word."""
SEPARATORS = " '’"
"""What may join a short word to the next in a pair key ("I am", "I've")."""
_MAX_PREFIXES = 256
_LETTERS = re.compile(r"[^\W\d_]*")
_END = "\x00"
"""Marks a prefix whose first word is known to end there (a ``\\b`` in the pattern)."""
_Item = tuple[Any, Any]
WORD_KEY = re.compile(rf"\b([^\W\d_]{{1,{KEY_LENGTH}}})")
"""A word start and its first (up to :data:`KEY_LENGTH`) letters."""


class _Unbounded(Exception):
    """The pattern's start cannot be listed as literal prefixes."""


def key_of_word(word: str) -> str:
    return word[:KEY_LENGTH].lower()


def trigger_keys(pattern: str) -> frozenset[str] | None:
    """The keys of every word a ``\\b``-anchored pattern can start with, or None.

    Pair keys are used where the pattern allows it; a pattern whose two-word
    beginnings are too many to list falls back to one-word keys.
    """
    items = list(_parser.parse(pattern, re.IGNORECASE).data)
    if not items or items[0] != (sre.AT, sre.AT_BOUNDARY):
        return None
    for pairs in (True, False):
        try:
            prefixes = _starts(items[1:], "", [0], pairs)
        except (_Unbounded, RecursionError):
            continue
        keys = set()
        for prefix in prefixes:
            key = _key_of_prefix(prefix)
            if key is None:
                return None
            keys.add(key)
        return frozenset(keys)
    return None


def _key_of_prefix(prefix: str) -> str | None:
    """The document key of every text that starts with ``prefix`` (lower-case
    literal text, ``_END`` where a word must end), or None when it depends on
    letters the prefix does not fix."""
    first = _LETTERS.match(prefix)
    word = first.group() if first else ""
    if not word:
        return None
    if len(word) >= KEY_LENGTH:
        return key_of_word(word)
    rest = prefix[len(word):]
    if not rest:
        return None
    if rest[0] not in SEPARATORS or len(word) > SHORT:
        return word
    second = _LETTERS.match(rest, 1)
    after = second.group() if second else ""
    if len(after) >= KEY_LENGTH or (after and len(rest) > 1 + len(after)):
        return f"{word}{rest[0]}{after[:KEY_LENGTH]}"
    return word


def _done(acc: str, pairs: bool) -> bool:
    """Whether ``acc`` fixes its key: :data:`KEY_LENGTH` letters, or a word that ended (and,
    for a short word followed by a space, the next word's first letters)."""
    first = _LETTERS.match(acc)
    length = first.end() if first else 0
    if length >= KEY_LENGTH or length == len(acc):
        return length >= KEY_LENGTH
    if not pairs or acc[length] not in SEPARATORS or length > SHORT:
        return True
    second = _LETTERS.match(acc, length + 1)
    after = (second.end() if second else length + 1) - length - 1
    return after >= KEY_LENGTH or length + 1 + after < len(acc)


def _second_word(acc: str) -> bool:
    """Past a complete short first word: whatever follows can only refine the key."""
    first = _LETTERS.match(acc)
    return first is not None and 0 < first.end() < len(acc)


def _starts(items: list[_Item], acc: str, budget: list[int], pairs: bool) -> set[str]:
    """Every literal beginning of ``items`` after ``acc``, up to where its key is fixed."""
    if not pairs or not _second_word(acc):
        return _starts_in(items, acc, budget, pairs)
    try:
        return _starts_in(items, acc, budget, pairs)
    except (_Unbounded, RecursionError):
        return {acc}


def _starts_in(items: list[_Item], acc: str, budget: list[int], pairs: bool) -> set[str]:
    budget[0] += 1
    if budget[0] > _MAX_PREFIXES * 8:
        raise _Unbounded
    if _done(acc, pairs):
        return {acc}
    if not items:
        if acc:
            return {acc}
        raise _Unbounded
    op, av = items[0]
    rest = items[1:]
    if op is sre.LITERAL:
        return _starts(rest, acc + chr(av).lower(), budget, pairs)
    if op is sre.AT:
        if av == sre.AT_BOUNDARY and acc and acc[-1].isalpha():
            return {acc + _END}
        return _starts(rest, acc, budget, pairs)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _starts(rest, acc, budget, pairs)
    if op is sre.SUBPATTERN:
        return _starts(list(av[-1].data) + rest, acc, budget, pairs)
    if op is sre.BRANCH:
        return _union([list(alternative.data) + rest for alternative in av[1]], acc, budget,
                      pairs)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return _repeat(av, rest, acc, budget, pairs)
    if op is sre.IN:
        return _charset(av, rest, acc, budget, pairs)
    raise _Unbounded


def _union(alternatives: list[list[_Item]], acc: str, budget: list[int],
           pairs: bool) -> set[str]:
    result: set[str] = set()
    for alternative in alternatives:
        result |= _starts(alternative, acc, budget, pairs)
        if len(result) > _MAX_PREFIXES:
            raise _Unbounded
    return result


def _repeat(av: Any, rest: list[_Item], acc: str, budget: list[int], pairs: bool) -> set[str]:
    low, high, body = av
    once = list(body.data)
    if high == 0:
        return _starts(rest, acc, budget, pairs)
    more = [(sre.MAX_REPEAT, (max(low - 1, 0), high - 1 if high != sre.MAXREPEAT else high,
                               body))]
    if not once:
        return _starts(rest, acc, budget, pairs)
    with_one = once + more + rest
    if low > 0:
        return _starts(with_one, acc, budget, pairs)
    return _union([rest, with_one], acc, budget, pairs)


def _charset(av: Any, rest: list[_Item], acc: str, budget: list[int], pairs: bool) -> set[str]:
    members = [value for op, value in av if op is sre.LITERAL]
    if len(members) != len(av) or len(members) > 6:
        raise _Unbounded
    return _union([[(sre.LITERAL, member), *rest] for member in members], acc, budget, pairs)


def word_starts(text: str) -> tuple[list[str], list[str], list[int]]:
    """The key (first up to five letters, lower-cased), those letters as written,
    and the offset of every word start of ``text``, in order."""
    keys, written, starts, _ = _split_words(text)
    return keys, written, starts


def _split_words(text: str) -> tuple[list[str], list[str], list[int], list[str]]:
    """:func:`word_starts`, and what follows each word start's letters, up to the
    next word start (for a short word: the separator, if one, before the next)."""
    if text.isascii():
        return _split_ascii(text.lower())
    parts = WORD_KEY.split(text)
    ends = list(accumulate(map(len, parts)))
    written = parts[1::2]
    keys = [key_of_word(word) for word in written]
    return keys, written, ends[0:-1:2], parts[2::2]


_RUNS = re.compile(r"([a-z]+)")
_GLUED = re.compile(r"[0-9_][a-z]")
_HEAD = itemgetter(slice(None, KEY_LENGTH))
_WORD_BEFORE = frozenset("0123456789_")
_ASCII_WORD = re.compile(rf"[a-z]{{1,{KEY_LENGTH}}}")
_ASCII_SINGLE = re.compile(r"[a-z]+")
_ASCII_PAIR = re.compile(rf"([a-z]{{1,{SHORT}}})([ '])([a-z]+)")


Scanner = tuple[str, dict[str, tuple[int, ...]], dict[str, tuple[int, str]]]
_SCANNERS: dict[str, Scanner] = {}
"""Scanners built (or read from the rule cache), by their key tables."""
_BEFORE = " '\x01"
"""What can come before a word in the text the scanner reads: a space, an apostrophe
(the separators of pair keys) or, for anything else, this control character."""
_TO_BEFORE = str.maketrans({code: "\x01" for code in range(128)
                            if not (chr(code).isalnum() or chr(code) in "_ '")})


def _ascii_scanner(single: dict[str, tuple[int, ...]],
                   pair: dict[str, tuple[int, ...]]) -> Scanner:
    """:func:`_build_scanner`, remembered by the key tables (and kept in the rule cache:
    building the trie is most of a short process's first check)."""
    tables = repr((sorted(single.items()), sorted(pair.items())))
    found = _SCANNERS.get(tables)
    if found is None:
        found = _SCANNERS[tables] = _build_scanner(single, pair)
    return found


def scanners() -> dict[str, Scanner]:
    return _SCANNERS


def remember_scanners(found: dict[str, Scanner]) -> None:
    _SCANNERS.update(found)


def _build_scanner(single: dict[str, tuple[int, ...]],
                   pair: dict[str, tuple[int, ...]]) -> Scanner:
    """One regex that splits off every word start with a registered key from
    lower-cased ASCII text (with a space put before it, and every character but
    a letter, digit, underscore, space or apostrophe made ``\\x01``); the slots
    of each split-off part; and what follows for a pair key.

    A word start is a letter after anything but a letter, digit or underscore.
    The regex matches that character and then the key, so that the regex engine
    skips ahead to the characters that can come before a word rather than trying
    every letter; its one group is both: a key of five letters matches any word
    it starts, a shorter one only the whole word, and a pair key its short word,
    the separator and the next word's key. The alternatives form a trie of
    literal letters, a pair before the short word alone.

    The slots of a pair key are the pair's and the short word's own. Its next
    word was split off with it: :meth:`Dispatch._fill_ascii` adds that word's
    own slots and, if it is a short word, those of a pair key it begins (the
    slots of ``"\\x00" + key`` are a pair's own): for a pair key, the offset of
    the next word and its key.
    """
    slots: dict[str, tuple[int, ...]] = {}
    after: dict[str, tuple[int, str]] = {}
    ends: dict[str, str] = {}
    for key, found in single.items():
        if _ASCII_SINGLE.fullmatch(key):
            ends[key] = _word_end(key)
            for before in _BEFORE:
                slots[before + key] = found
    for key, found in pair.items():
        parts = _ASCII_PAIR.fullmatch(key)
        if parts is None:
            continue
        first, _, second = parts.groups()
        ends[key] = _word_end(second)
        own = single.get(first, ()) if _ASCII_SINGLE.fullmatch(first) else ()
        slots["\x00" + key] = found
        for before in _BEFORE:
            slots[before + key] = own + found
            after[before + key] = (len(first) + 1, second)
    if not ends:
        return "", {}, {}
    return f"([ '\\x01](?:{_trie(ends)}))", slots, after


def _word_end(word: str) -> str:
    return "" if len(word) >= KEY_LENGTH else "(?![a-z])"


def _trie(ends: dict[str, str]) -> str:
    """A regex of the literal words of ``ends``, each followed by its own ending,
    as a trie (a longer word before the end of its prefix)."""
    def node(words: list[str], depth: int) -> str:
        branches: dict[str, list[str]] = {}
        complete = None
        for word in words:
            if len(word) == depth:
                complete = word
            else:
                branches.setdefault(word[depth], []).append(word)
        alternatives = [re.escape(char) + node(branches[char], depth + 1)
                        for char in sorted(branches)]
        if complete is not None:
            alternatives.append(ends[complete])
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"
    return node(sorted(ends), 0)


def _split_ascii(lower: str) -> tuple[list[str], list[str], list[int], list[str]]:
    """:func:`_split_words` for lower-cased ASCII text: every run of letters, less
    the runs glued to a digit or underscore before them (no word starts there:
    ``\\b`` needs a non-word character before the letter)."""
    parts = _RUNS.split(lower)
    starts = list(accumulate(map(len, parts)))[0:-1:2]
    keys = list(map(_HEAD, parts[1::2]))
    gaps = parts[2::2]
    if _GLUED.search(lower):
        keep = [not before or before[-1] not in _WORD_BEFORE for before in parts[0:-1:2]]
        keys = list(compress(keys, keep))
        starts = list(compress(starts, keep))
        gaps = list(compress(gaps, keep))
    return keys, keys, starts, gaps


def _is_pair(key: str) -> bool:
    return any(separator in key for separator in SEPARATORS)


def _first_word(key: str) -> str:
    first = _LETTERS.match(key)
    return first.group() if first else key


class Dispatch:
    """The trigger keys of every keyed pattern, as one table: key -> pattern slots."""

    def __init__(self) -> None:
        self.version = 0
        self._keys: list[frozenset[str]] = []
        self._single: dict[str, tuple[int, ...]] = {}
        self._pair: dict[str, tuple[int, ...]] = {}
        self._short: frozenset[str] = frozenset()
        self._scanner: re.Pattern[str] | None = None
        self._ascii_slots: dict[str, tuple[int, ...]] = {}
        self._ascii_after: dict[str, tuple[int, str]] = {}
        self._built = 0

    def register(self, keys: frozenset[str]) -> int:
        """A new pattern slot for ``keys``; its positions come from :meth:`buckets`."""
        self._keys.append(keys)
        self.version += 1
        return len(self._keys) - 1

    def _build(self) -> None:
        single: dict[str, list[int]] = {}
        pair: dict[str, list[int]] = {}
        for index, pattern_keys in enumerate(self._keys):
            for key in pattern_keys:
                (pair if _is_pair(key) else single).setdefault(key, []).append(index)
        self._single = {key: tuple(slots) for key, slots in single.items()}
        # A position keyed both ways must reach a pattern once: pair keys only
        # list the patterns that do not also hold the first word's own key.
        self._pair = {}
        for key, slots in pair.items():
            own = set(single.get(_first_word(key), ()))
            rest = tuple(slot for slot in slots if slot not in own)
            if rest:
                self._pair[key] = rest
        self._short = frozenset(_first_word(key) for key in self._pair)
        pattern, self._ascii_slots, self._ascii_after = _ascii_scanner(self._single, self._pair)
        self._scanner = compile_regex(pattern) if pattern else None
        self._built = self.version

    def scanner_pattern(self) -> str | None:
        """The regex that finds the registered keys in ASCII text (for the rule cache)."""
        return _ascii_scanner(*self._tables())[0] or None

    def _tables(self) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        if self._built != self.version:
            self._build()
        return self._single, self._pair

    def buckets(self, text: str) -> list[list[int]]:
        """For every slot, the sorted offsets in ``text`` where a word with one of
        its keys starts."""
        if self._built != self.version:
            self._build()
        buckets: list[list[int]] = [[] for _ in self._keys]
        scanner = self._scanner
        if scanner is not None and text.isascii():
            self._fill_ascii(scanner, text.lower(), buckets)
        else:
            self._fill(text, buckets)
        return buckets

    def _fill(self, text: str, buckets: list[list[int]]) -> None:
        """:meth:`buckets` for any text, from its word starts."""
        keys, _, starts, gaps = _split_words(text)
        single, pair = self._single, self._pair
        # Only the words with a registered key need a look.
        for position, slots in zip(compress(starts, map(single.__contains__, keys)),
                                   map(single.__getitem__, filter(single.__contains__, keys)),
                                   strict=True):
            for slot in slots:
                buckets[slot].append(position)
        if pair:
            # A key, the text up to the next key and that key is a registered pair
            # key only where a short word, one separator and the next word meet.
            joined = list(map("".join, zip(keys[:-1], gaps[:-1], keys[1:], strict=True)))
            paired: set[int] = set()
            for index in compress(range(len(joined)), map(pair.__contains__, joined)):
                found = pair[joined[index]]
                position = starts[index]
                for slot in found:
                    buckets[slot].append(position)
                paired.update(found)
            for slot in paired:  # pair positions came after the single ones
                buckets[slot].sort()

    def _fill_ascii(self, scanner: re.Pattern[str], lower: str,
                    buckets: list[list[int]]) -> None:
        """:meth:`buckets` for lower-cased ASCII text: one split by the scanner regex
        (see :func:`_build_scanner`)."""
        spaced = " " + lower.translate(_TO_BEFORE)
        parts = scanner.split(spaced)
        if len(parts) == 1:
            return
        table = self._ascii_slots
        after = self._ascii_after
        # A part split off starts with the character before its word, one place
        # later in the spaced text than in the text: where the word starts.
        for position, key in zip(list(accumulate(map(len, parts)))[0:-1:2], parts[1::2],
                                 strict=True):
            for slot in table[key]:
                buckets[slot].append(position)
            if key in after:
                offset, second = after[key]
                self._after_pair(spaced, position + offset, second, buckets)

    def _after_pair(self, spaced: str, at: int, second: str,
                    buckets: list[list[int]]) -> None:
        """The next word of a pair key the scanner split off, at ``at``: its own
        slots, and the pair slots of a pair key it begins (the scanner went on
        after it)."""
        table = self._ascii_slots
        found = table.get(" " + second)
        if found is not None:
            for slot in found:
                buckets[slot].append(at)
        if len(second) > SHORT or second not in self._short:
            return
        end = at + len(second) + 1  # in the spaced text
        separator = spaced[end:end + 1]
        if separator != " " and separator != "'":
            return
        following = _ASCII_WORD.match(spaced, end + 1)
        if following is None:
            return
        found = table.get("\x00" + second + separator + following.group())
        if found is not None:
            for slot in found:
                buckets[slot].append(at)


DISPATCH = Dispatch()


Needs = tuple[str, bool]
"""What a scanned pattern's first character can be: some ASCII characters, and
whether also characters outside ASCII; a text with none of them cannot match."""
_MAX_NEEDED = 16
_FOLDS_TO_ASCII_END = 0x2200
"""Below this, some characters match an ASCII letter when case is ignored (Kelvin sign, long s)."""


def first_characters(pattern: str, flags: int = 0) -> Needs | None:
    """The characters a match of ``pattern`` must start with, when they are few
    and not letters (so that case does not matter), else None."""
    try:
        items = list(_parser.parse(pattern, flags).data)
    except (re.error, RecursionError):
        return None
    while items and items[0][0] is sre.SUBPATTERN:
        items = list(items[0][1][-1].data) + items[1:]
    if not items:
        return None
    op, av = items[0]
    if op is sre.LITERAL:
        members: list[tuple[Any, Any]] = [(op, av)]
    elif op is sre.IN:
        members = list(av)
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] > 0 and len(av[2].data) == 1:
        first = av[2].data[0]
        if first[0] is sre.LITERAL:
            members = [first]
        elif first[0] is sre.IN:
            members = list(first[1])
        else:
            return None
    else:
        return None
    chars: set[str] = set()
    other = False
    for member_op, value in members:
        if member_op is sre.LITERAL:
            low, high = value, value
        elif member_op is sre.RANGE:
            low, high = value
        else:
            return None
        if high >= 128:
            if flags & re.IGNORECASE and low < _FOLDS_TO_ASCII_END:
                return None
            other = True
            high = min(high, 127)
        for code in range(low, high + 1):
            char = chr(code)
            if char.lower() != char.upper():
                return None
            chars.add(char)
        if len(chars) > _MAX_NEEDED:
            return None
    return "".join(sorted(chars)), other


def may_start(text: str, needs: Needs) -> bool:
    """Whether ``text`` holds a character a match must start with."""
    chars, other = needs
    if other and not text.isascii():
        return True
    return any(map(text.__contains__, chars))


Analysis = tuple[frozenset[str] | None, Needs | None]
_ANALYSED: dict[tuple[str, int], Analysis] = {}


def analyse(pattern: str, flags: int = 0) -> Analysis:
    """The trigger keys of a pattern and, for a pattern without keys, what its
    first character must be; remembered (and kept in the rule cache)."""
    flags = int(flags)
    found = _ANALYSED.get((pattern, flags))
    if found is None:
        keys = trigger_keys(pattern)
        found = keys, (first_characters(pattern, flags) if keys is None else None)
        _ANALYSED[(pattern, flags)] = found
    return found


def analysed() -> dict[tuple[str, int], Analysis]:
    return _ANALYSED


def remember(analyses: dict[tuple[str, int], Analysis]) -> None:
    _ANALYSED.update(analyses)


CodeArgs = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_CODES: dict[tuple[str, int], CodeArgs] = {}


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, from the engine code kept in the rule cache when there is some.

    Python compiles a regex in Python code; for the large alternations of the
    rules that is most of a short process's start-up. The cache keeps what
    the compiler produces (for this very interpreter version: the cache is
    named by it) and hands it to the regex engine directly.
    """
    flags = int(flags)
    args = _CODES.get((pattern, flags))
    if args is not None:
        try:
            regex: re.Pattern[str] = _sre.compile(pattern, *args)
        except (TypeError, ValueError, RuntimeError):
            _CODES.pop((pattern, flags), None)
        else:
            return regex
    return re.compile(pattern, flags)


def code_args(pattern: str, flags: int = 0) -> CodeArgs:
    """What ``re.compile`` hands the regex engine for ``pattern`` (see ``re._compiler.compile``)."""
    flags = int(flags)
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup))


def codes() -> dict[tuple[str, int], CodeArgs]:
    return _CODES


def remember_codes(found: dict[tuple[str, int], CodeArgs]) -> None:
    _CODES.update(found)
