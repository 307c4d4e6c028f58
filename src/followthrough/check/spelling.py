"""English spelling against pyspellchecker's word-frequency list, loaded once.

Only lower-case words are checked against the dictionary: capitalised words
are mostly names, places and products, and the name rules compare those with
the record instead. British spellings are accepted through their American
forms, and regular plurals and possessives through their stems.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import os
import re
import string
import tempfile
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path

_EXTRA = "extra_words.txt"
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"),
            ("ises", "izes"), ("ysing", "yzing"), ("ysed", "yzed"), ("yse", "yze"),
            ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
            ("elled", "eled"), ("elling", "eling"), ("ogue", "og"), ("ence", "ense"))
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "ing", "ly")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LOWER_WORD = re.compile(r"\b[a-z]+(?:['’][a-z]+)*\b")
"""Lower-case ASCII words: the ones checked against the dictionary."""
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
    kept in the user's cache folder as a marshal file, keyed by the versions of
    both sources, and read from there by later processes.
    """
    source = resources.files("spellchecker") / "resources" / "en.json.gz"
    extra = (resources.files("followthrough.check") / "data" / _EXTRA).read_text("utf-8")
    cached = _cache_file(extra)
    if cached is not None:
        try:
            # Our own cache of plain strings and ints; marshal builds no objects with behaviour.
            loaded = marshal.loads(cached.read_bytes())  # noqa: S302
            if isinstance(loaded, dict):
                return loaded
        except (OSError, EOFError, ValueError, TypeError):
            pass
    table: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    for line in extra.splitlines():
        word = line.split("#", 1)[0].strip().casefold()
        if word:
            table.setdefault(word, 1)
    if cached is not None:
        _store(cached, marshal.dumps(table))
    return table


def _cache_file(extra: str) -> Path | None:
    try:
        from followthrough import paths

        version = metadata.version("pyspellchecker")
    except (ImportError, metadata.PackageNotFoundError, OSError):
        return None
    digest = hashlib.sha256(f"{version}\0{extra}".encode()).hexdigest()[:16]
    return paths.home() / "cache" / f"spelling-en-{digest}.marshal"


def _store(path: Path, data: bytes) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".spelling-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return


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
