"""Which language a note is written in, offline.

Most notes are English, and a few common English words show it at once; only
a note without them is handed to Lingua (``lingua-language-detector``, its
models ship inside the wheel), loaded on first need in low-accuracy mode, which
is fast and reliable for the length of a note.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

WORDS_FILE = Path(__file__).parent / "data" / "english_common.txt"
ENGLISH_SHARE = 0.2
"""A note with at least this share of common English words is English."""
ASCII_SHARE = 0.8
"""Below this share of ASCII letters, a note is not taken for English without asking."""
QUICK_WORDS = (" the ", " you", " to ", " i ", " and ", "thank", " for ", " of ", " my ",
               " is ", " with ")
QUICK_SAMPLE = 300
QUICK_HITS = 4
"""A note whose first :data:`QUICK_SAMPLE` characters hold this many of
:data:`QUICK_WORDS` is English without a closer look."""
SAMPLE = 600
"""Characters read to tell English (a note's first lines say it)."""
MIN_LETTERS = 20
"""Fewer letters than this: too little to tell; treated as English."""
LANGUAGES = ("ENGLISH", "GERMAN", "FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH",
             "SWEDISH", "DANISH", "BOKMAL", "POLISH", "TURKISH", "HEBREW", "ARABIC", "RUSSIAN",
             "HINDI", "JAPANESE", "CHINESE", "KOREAN", "INDONESIAN", "MALAY", "VIETNAMESE")
"""The languages told apart: those of the culture profiles' countries and their
neighbours (fewer candidates make short notes more reliable)."""
_WORD = re.compile(r"[^\W\d_]+")


def foreign_language(text: str) -> str | None:
    """The note's language by its English name ("German") when it is not English;
    None for English and for a note too short to tell. Only the first
    :data:`SAMPLE` characters are read to decide whether to ask Lingua."""
    sample = text[:SAMPLE]
    if sample.isascii() and _plainly_english(sample[:QUICK_SAMPLE].lower()):
        return None
    words = _WORD.findall(sample.casefold())
    letters = sum(map(len, words))
    if letters < MIN_LETTERS:
        return None
    ascii_letters = sum(len(word) for word in words if word.isascii())
    if ascii_letters >= ASCII_SHARE * letters and _common_share(words) >= ENGLISH_SHARE:
        return None
    found = _detector().detect_language_of(text)
    if found is None or found.name == "ENGLISH":
        return None
    return found.name.title().replace("Bokmal", "Norwegian")


def _plainly_english(lowered: str) -> bool:
    """The quick look: a few of the commonest English words in the first lines."""
    hits = 0
    for word in QUICK_WORDS:
        hits += lowered.count(word)
        if hits >= QUICK_HITS:
            return True
    return False


def _common_share(words: list[str]) -> float:
    """The share of common English words (a word with punctuation glued on does not count)."""
    if not words:
        return 0.0
    return sum(map(english_words().__contains__, words)) / len(words)


@cache
def english_words() -> frozenset[str]:
    """Common English words, one a line (a ``#`` line is a comment)."""
    lines = WORDS_FILE.read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES))
            .with_low_accuracy_mode().build())
