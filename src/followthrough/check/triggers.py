"""Trigger keys: where a word-anchored pattern can possibly start.

Python's regex engine tries every alternative of a case-insensitive pattern at
every position of the text. Most rule patterns start with ``\\b`` and a literal
word, so they can only match where a word with those first letters begins.
:func:`trigger_keys` reads a pattern's parse tree and lists the first (up to
three) letters of every word it can start with; a document indexes its word
starts by the same keys once, and a matcher then tries its regex only at
those positions. Patterns whose start cannot be listed run as a normal scan.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

KEY_LENGTH = 3
_MAX_PREFIXES = 256
_LETTERS = re.compile(r"[^\W\d_]+")
_Item = tuple[Any, Any]


class _Unbounded(Exception):
    """The pattern's start cannot be listed as literal prefixes."""


def key_of_word(word: str) -> str:
    return word[:KEY_LENGTH].lower()


def trigger_keys(pattern: str) -> frozenset[str] | None:
    """The keys of every word a ``\\b``-anchored pattern can start with, or None."""
    items = list(_parser.parse(pattern, re.IGNORECASE).data)
    if not items or items[0] != (sre.AT, sre.AT_BOUNDARY):
        return None
    try:
        prefixes = _starts(items[1:], "", [0])
    except (_Unbounded, RecursionError):
        return None
    keys = set()
    for prefix in prefixes:
        letters = _LETTERS.match(prefix)
        if letters is None:
            return None
        word = letters.group()
        complete = len(word) < len(prefix)
        if len(word) < KEY_LENGTH and not complete:
            return None
        keys.add(key_of_word(word))
    return frozenset(keys)


def _starts(items: list[_Item], acc: str, budget: list[int]) -> set[str]:
    """Every literal beginning of ``items`` after ``acc``, up to the end of the
    first word or :data:`KEY_LENGTH` letters."""
    budget[0] += 1
    if budget[0] > _MAX_PREFIXES * 8:
        raise _Unbounded
    if len(acc) >= KEY_LENGTH or (acc and not acc[-1].isalpha()):
        return {acc}
    if not items:
        if acc:
            return {acc}
        raise _Unbounded
    op, av = items[0]
    rest = items[1:]
    if op is sre.LITERAL:
        return _starts(rest, acc + chr(av).lower(), budget)
    if op is sre.AT:
        if av == sre.AT_BOUNDARY and acc:
            return {acc + " "}
        return _starts(rest, acc, budget)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _starts(rest, acc, budget)
    if op is sre.SUBPATTERN:
        return _starts(list(av[-1].data) + rest, acc, budget)
    if op is sre.BRANCH:
        return _union([list(alternative.data) + rest for alternative in av[1]], acc, budget)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return _repeat(av, rest, acc, budget)
    if op is sre.IN:
        return _charset(av, rest, acc, budget)
    raise _Unbounded


def _union(alternatives: list[list[_Item]], acc: str, budget: list[int]) -> set[str]:
    result: set[str] = set()
    for alternative in alternatives:
        result |= _starts(alternative, acc, budget)
        if len(result) > _MAX_PREFIXES:
            raise _Unbounded
    return result


def _repeat(av: Any, rest: list[_Item], acc: str, budget: list[int]) -> set[str]:
    low, high, body = av
    once = list(body.data)
    if high == 0:
        return _starts(rest, acc, budget)
    more = [(sre.MAX_REPEAT, (max(low - 1, 0), high - 1 if high != sre.MAXREPEAT else high,
                               body))]
    if not once:
        return _starts(rest, acc, budget)
    with_one = once + more + rest
    if low > 0:
        return _starts(with_one, acc, budget)
    return _union([rest, with_one], acc, budget)


def _charset(av: Any, rest: list[_Item], acc: str, budget: list[int]) -> set[str]:
    members = [value for op, value in av if op is sre.LITERAL]
    if len(members) != len(av) or len(members) > 6:
        raise _Unbounded
    return _union([[(sre.LITERAL, member), *rest] for member in members], acc, budget)
