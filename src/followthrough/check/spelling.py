"""English spelling against pyspellchecker's word-frequency list, loaded once.

Only lower-case words are checked against the dictionary: capitalised words
are mostly names, places and products, and the name rules compare those with
the record instead. British spellings are accepted through their American
forms, and regular plurals and possessives through their stems.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from followthrough.check import cache as derived

_EXTRA = "extra_words.txt"
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"),
            ("ises", "izes"), ("ysing", "yzing"), ("ysed", "yzed"), ("yse", "yze"),
            ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
            ("elled", "eled"), ("elling", "eling"), ("ogue", "og"), ("ence", "ense"))
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "ing", "ly")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LOWER_WORD = re.compile(r"[a-z](?<![\w][a-z])[a-z]*(?:['’][a-z]+)*\b")
"""Lower-case ASCII words: the ones checked against the dictionary. The same as
``\b[a-z]+(?:['’][a-z]+)*\b``, written to start with a letter so that the
regex engine can skip ahead to one (the ``\b`` is the look-behind)."""
_SKIP = re.compile(r"(?<!\S)\S*(?:@|://|www\.|[/\\]|\.(?:pdf|docx?|pptx?|xlsx?|zip|png|jpe?g)\b)\S*",
                   re.IGNORECASE)
_FILE_HINT = re.compile(r"\.(?:pdf|docx?|pptx?|xlsx?|zip|png|jpe?g)\b", re.IGNORECASE)


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """Addresses, links and file names: not prose, not spell-checked."""
    if not ("@" in text or "/" in text or "\\" in text or "www." in text
            or _FILE_HINT.search(text)):
        return []
    return [found.span() for found in _SKIP.finditer(text)]


@cache
def frequencies() -> dict[str, int]:
    """pyspellchecker's English word list plus our extra words: word -> frequency.

    Decoding the gzipped JSON takes a tenth of a second, so the merged table is
    kept in the user's cache folder as a marshal file, named by a digest of
    both sources, and read from there by later processes.
    """
    source = _source()
    extra = (Path(__file__).parent / "data" / _EXTRA).read_text("utf-8")
    stat = source.stat()
    name = "spelling-en-" + derived.digest(str(source), str(stat.st_size),
                                          str(stat.st_mtime_ns), extra) + ".marshal"
    loaded = derived.load(name)
    if isinstance(loaded, dict):
        return loaded
    import gzip
    import json

    table: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    for line in extra.splitlines():
        word = line.split("#", 1)[0].strip().casefold()
        if word:
            table.setdefault(word, 1)
    derived.store(name, table)
    return table


def _source() -> Path:
    """pyspellchecker's English list, found without importing the package."""
    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"


def is_known(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a casefolded word is English (or in ``extra``), allowing inflections."""
    return word in extra or _known(word)


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    table = frequencies()
    if word in table:
        return True
    normal = word.replace("’", "'")
    if normal in table:
        return True
    return any(variant in table for variant in _variants(normal))


def _variants(word: str) -> list[str]:
    forms = [word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e"]
            if suffix in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
            if suffix == "es" and stem.endswith("i"):
                forms.append(stem[:-1] + "y")
    british = []
    for form in forms:
        for uk, us in _BRITISH:
            if form.endswith(uk):
                british.append(form[: -len(uk)] + us)
    return forms[1:] + british


_LETTERS = string.ascii_lowercase


@lru_cache(maxsize=4096)
def suggest(word: str) -> str | None:
    """The most frequent known word one edit away (Norvig's method), else None."""
    table = frequencies()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    found = [(table[edit], edit) for edit in edits if edit in table and table[edit] > 50]
    if not found:
        return None
    return max(found)[1]
