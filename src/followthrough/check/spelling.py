"""English spelling against pyspellchecker's word-frequency list, loaded once.

Only lower-case words are checked against the dictionary: capitalised words
are mostly names, places and products, and the name rules compare those with
the record instead. British spellings are accepted through their American
forms, and regular plurals and possessives through their stems.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache, lru_cache
from itertools import filterfalse
from pathlib import Path
from typing import TYPE_CHECKING

from followthrough.check.speed import cache as derived

if TYPE_CHECKING:
    from mmap import mmap

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


class WordTable:
    """The English word list as shards of one string per first three letters
    (``"word\nword\n..."``), kept as UTF-8 in one buffer (the cache file, mapped
    into memory) with an index of where each shard lies: a process decodes only
    the shards of the words it looks up, a few dozen for a note, instead of the
    whole list's 2.5 MB. A shard is searched as a string for its first
    :attr:`SEARCHES` look-ups and then becomes a set: a process that checks a
    thousand notes looks up some seven hundred words (look-ups are remembered)
    in four hundred shards, which as sets would hold sixty-six thousand words."""

    __slots__ = ("_counts", "_data", "_index", "_searches", "_sets", "_shards")

    SEARCHES = 16

    def __init__(self, index: dict[str, tuple[int, int]], data: bytes | mmap) -> None:
        self._index = index
        self._data = data
        self._shards: dict[str, str] = {}
        self._sets: dict[str, frozenset[str]] = {}
        self._searches: dict[str, int] = {}
        self._counts: dict[str, dict[str, int]] = {}

    def _shard(self, key: str) -> str | None:
        shard = self._shards.get(key)
        if shard is None:
            span = self._index.get(key)
            if span is None:
                return None
            shard = self._shards[key] = self._data[span[0]:span[1]].decode("utf-8")
        return shard

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = word[:3]
        words = self._sets.get(key)
        if words is not None:
            return word in words
        shard = self._shard(key)
        if shard is None:
            return False
        searches = self._searches.get(key, 0) + 1
        if searches > self.SEARCHES or not word or "\n" in word:
            words = self._sets[key] = frozenset(shard.split("\n"))
            return word in words
        self._searches[key] = searches
        # A word of the shard is all of it, its first line, its last or one between.
        if shard.startswith(word) and (len(shard) == len(word) or shard[len(word)] == "\n"):
            return True
        return f"\n{word}\n" in shard or shard.endswith(f"\n{word}")

    def frequency(self, word: str) -> int | None:
        """How often the English list uses ``word``, for the words used more than
        :data:`COMMON` times (the only ones :func:`suggest` proposes), else None.
        Their frequencies are shards too (``"word count\n..."``), read on first use."""
        key = _FREQUENCY + word[:3]
        counts = self._counts.get(key)
        if counts is None:
            shard = self._shard(key) or ""
            counts = self._counts[key] = {
                name: int(count) for name, _, count in
                (line.partition(" ") for line in shard.split("\n") if line)}
        return counts.get(word)


COMMON = 50
"""Words used more often than this in the English list can be suggested."""
_FREQUENCY = "\0"
"""The index key of a shard of frequencies is this (no word holds a NUL) and the
first three letters of its words."""
_HEADER = 8
"""Bytes of the index's length at the start of the table's file."""


@cache
def table() -> WordTable:
    """pyspellchecker's English word list plus our extra words.

    Decoding the gzipped JSON takes a tenth of a second, so the table is kept
    in the user's cache folder (:func:`packed`), named by a digest of both
    sources, and mapped into memory by later processes.
    """
    source = _source()
    extra = (Path(__file__).parent / "data" / _EXTRA).read_text("utf-8")
    stat = source.stat()
    name = "spelling-en-" + derived.digest(str(source), str(stat.st_size),
                                          str(stat.st_mtime_ns), extra, _FREQUENCY) + ".index"
    mapped = derived.mapped(name)
    if mapped is not None:
        found = unpacked(mapped)
        if found is not None:
            return found
        mapped.close()
    data = packed(_shards(source, extra))
    derived.store_bytes(name, data)
    found = unpacked(data)
    assert found is not None  # noqa: S101 - what packed() wrote
    return found


def _shards(source: Path, extra: str) -> dict[str, str]:
    """The word list's shards, and the shards of its common words' frequencies."""
    import gzip
    import json

    counts: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    for line in extra.splitlines():
        word = line.split("#", 1)[0].strip().casefold()
        if word:
            counts.setdefault(word, 1)
    words = [word for word in counts if word and "\n" not in word and "\0" not in word]
    shards: dict[str, list[str]] = {}
    for word in words:
        shards.setdefault(word[:3], []).append(word)
    frequent: dict[str, list[str]] = {}
    for word in words:
        if counts[word] > COMMON and " " not in word:
            frequent.setdefault(_FREQUENCY + word[:3], []).append(f"{word} {int(counts[word])}")
    return {key: "\n".join(found) for key, found in (shards | frequent).items()}


def packed(shards: dict[str, str]) -> bytes:
    """The table's file: the length of the index, the index (marshal: key ->
    (start, end) in the file) and the shards in UTF-8."""
    import marshal

    parts = [(key, shard.encode("utf-8")) for key, shard in shards.items()]
    spans: dict[str, tuple[int, int]] = {}
    offset = 0
    for key, data in parts:
        spans[key] = (offset, offset + len(data))
        offset += len(data)
    # Offsets count from the start of the file, so they depend on the index's own
    # length: grow it until it holds them (offsets are 32-bit: the same length).
    head = 0
    while True:
        index = marshal.dumps({key: (start + _HEADER + head, end + _HEADER + head)
                               for key, (start, end) in spans.items()})
        if len(index) <= head:
            break
        head = len(index)
    index += b"\0" * (head - len(index))
    return b"".join([head.to_bytes(_HEADER, "little"), index, *(data for _, data in parts)])


def unpacked(data: bytes | mmap) -> WordTable | None:
    """The table in a file :func:`packed` wrote; None when it is not one."""
    import marshal

    try:
        head = int.from_bytes(data[:_HEADER], "little")
        # Our own cache of plain values; marshal builds no objects with behaviour.
        index = marshal.loads(data[_HEADER:_HEADER + head])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(index, dict):
        return None
    if max((end for _, end in index.values()), default=0) > len(data):
        return None
    return WordTable(index, data)


def _source() -> Path:
    """pyspellchecker's English list, found without importing the package."""
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"


def is_known(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a casefolded word is English (or in ``extra``), allowing inflections."""
    return word in extra or _known(word)


TOKEN_LIMIT = 100_000
"""Whitespace-separated tokens remembered as clean at most; past that, afresh."""
_CLEAN: dict[int, set[str]] = {}
"""Per minimum length: tokens whose lower-case words are all English."""


def unknown_words(tokens: Collection[str], min_length: int) -> set[str]:
    """The lower-case words (:data:`LOWER_WORD`) of at least ``min_length`` letters
    in the text split into ``tokens`` that are not English.

    Such a word cannot reach across whitespace, so the words of a text are the
    words of its tokens; notes share most tokens ("Thank", "you", "time."), and
    a token found clean once is not looked at again in this process.
    """
    clean = _CLEAN.setdefault(min_length, set())
    found: set[str] = set()
    if clean.issuperset(tokens):
        return found
    for token in set(filterfalse(clean.__contains__, tokens)):
        unknown = [word for word in LOWER_WORD.findall(token)
                   if len(word) >= min_length and not _known(word)]
        if unknown:
            found.update(unknown)
        else:
            if len(clean) >= TOKEN_LIMIT:
                clean.clear()
            clean.add(token)
    return found


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    words = table()
    if word in words:
        return True
    normal = word.replace("’", "'")
    if normal in words:
        return True
    return any(variant in words for variant in _variants(normal))


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


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


LONGEST_SUGGESTED = 45
"""Longer words get no suggestion (no English word is longer): the edits of an
n-letter word are some 54n words of n letters, and a pasted run of 200,000
letters (a message at the size limit) asked for two terabytes."""


@lru_cache(maxsize=4096)
def suggest(word: str) -> str | None:
    """The most frequent known word one edit away (Norvig's method), else None."""
    if len(word) > LONGEST_SUGGESTED:
        return None
    frequency = table().frequency
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    found = [(count, edit) for edit in edits if (count := frequency(edit)) is not None]
    if not found:
        return None
    return max(found)[1]
