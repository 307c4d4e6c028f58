"""The lower-case words of a text, from its whitespace-separated tokens.

Splitting a text at whitespace is much cheaper than running a regex over it,
and notes share most of their tokens ("Thank", "you", "for", "your", "time.").
So the lower-case words of a token (the ones the spelling rule checks,
:data:`~followthrough.check.spelling.LOWER_WORD`) are worked out the first time
the process meets the token and looked up after that. Such a word cannot reach
across whitespace, so the words of a text are the words of its tokens.
"""

from __future__ import annotations

from followthrough.check.spelling import LOWER_WORD

LIMIT = 100_000
"""Tokens remembered at most; past that the table starts afresh."""

_LOWER: dict[str, tuple[str, ...]] = {}


def lower_words(tokens: set[str]) -> set[str]:
    """The lower-case ASCII words of the text split into ``tokens``."""
    missing = tokens.difference(_LOWER)
    if missing:
        if len(_LOWER) + len(missing) > LIMIT:
            _LOWER.clear()
            missing = tokens
        for token in missing:
            _LOWER[token] = tuple(LOWER_WORD.findall(token))
    return set().union(*map(_LOWER.__getitem__, tokens))
