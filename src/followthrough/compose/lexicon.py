"""What the composer asks of an English lexicon: a word's forms, from
``lemminflect``'s tables (loaded on first use, offline: the data is in the wheel)."""

from __future__ import annotations

import re
from functools import lru_cache

HEAD_ENDS = re.compile(r"\s(?:on|of|for|about|from|with|at|in|to|that|which)\s", re.IGNORECASE)
"""Where a noun phrase's head ends: "my benchmark notes| on virtualised tables"."""


@lru_cache(maxsize=4096)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The lemmas of ``word`` by part of speech (``{"VERB": ("tie",), ...}``)."""
    from lemminflect import getAllLemmas

    found: dict[str, tuple[str, ...]] = getAllLemmas(word.lower())
    return found


def is_base_verb(word: str) -> bool:
    """``word`` is a verb in its base form ("handle", not "handles" or "handled")."""
    return word.lower() in lemmas(word).get("VERB", ())


def is_plural(phrase: str) -> bool:
    """Whether a noun phrase is plural, read from its head noun ("my benchmark notes on
    virtualised tables" is, "a summary of idempotency keys" is not)."""
    head = HEAD_ENDS.split(f" {phrase.strip()} ", maxsplit=1)[0].split()
    if not head:
        return False
    word = head[-1].strip(",.;:").lower()
    nouns = lemmas(word).get("NOUN", ())
    return bool(nouns) and word not in nouns


def verb_form(past: str, tag: str) -> str | None:
    """Another form of a verb given in the past tense: ``verb_form("ran", "VBG")`` is
    "running", ``verb_form("ran", "VBN")`` is "run". None when ``past`` is not a verb."""
    from lemminflect import getInflection

    verbs = lemmas(past).get("VERB", ())
    if not verbs:
        return None
    forms: tuple[str, ...] = getInflection(verbs[0], tag)
    return forms[0] if forms else None
