"""Find the line of a key path in TOML source.

``tomllib`` returns plain data without positions, so this walks the text once
and remembers where each table, array-of-tables entry and key was written,
and inside a value where each array item and inline-table key starts
(``topics[1].strength`` in ``topics = [..., { about = "...", strength = "..." }]``).
It understands what debriefs use (tables, arrays of tables, ``key = value``
with multi-line arrays, inline tables and strings); for anything fancier it
returns ``None`` and the error is reported without a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")
_INLINE_KEY = re.compile(r"""("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=\s*""")
_SCALAR_END = re.compile(r"[,\]}\s#]")


def key_lines(source: str) -> dict[Path, int]:
    """Map every table, array entry and key path in ``source`` to its 1-based line."""
    found: dict[Path, int] = {}
    counters: dict[str, int] = {}
    table: Path = ()
    value: _Value | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        if value is not None:
            value.feed(line, number)
            if value.done:
                value = None
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip().strip("\"'")
            if header.group(1):
                index = counters.get(name, 0)
                counters[name] = index + 1
                table = (name, index)
                found.setdefault((name,), number)
            else:
                table = tuple(name.split("."))
            found[table] = number
            continue
        key = _KEY.match(line)
        if key:
            path = (*table, key.group(1).strip("\"'"))
            found[path] = number
            scanner = _Value(found, path)
            scanner.feed(line[key.end():], number)
            value = None if scanner.done else scanner
    return found


def line_of(path: Path, lines: Mapping[Path, int]) -> int | None:
    """The line of ``path`` or, failing that, of its closest enclosing key or table."""
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return None


@dataclass
class _Frame:
    """An array or inline table being read."""

    path: Path
    array: bool
    index: int = 0
    """Arrays: the item being read."""
    key: str | None = None
    """Inline tables: the key whose value is being read (``None``: between keys)."""


@dataclass
class _Value:
    """Reads one value (which may span lines) and records where its parts start."""

    found: dict[Path, int]
    path: Path
    stack: list[_Frame] = field(default_factory=list)
    quote: str | None = None
    """The delimiter of the string being read (``"``, ``'``, ``\"\"\"``, ``'''``)."""
    done: bool = False

    def feed(self, text: str, number: int) -> None:
        at = 0
        while at < len(text) and not self.done:
            at = self._step(text, at, number)

    def _step(self, text: str, at: int, number: int) -> int:
        if self.quote is not None:
            return self._in_string(text, at)
        char = text[at]
        if char.isspace():
            return at + 1
        if char == "#":
            return len(text)
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            return self._start_value(self.path, text, at, number)
        if frame.array:
            if char == ",":
                frame.index += 1
                return at + 1
            if char == "]":
                self._close()
                return at + 1
            return self._start_value((*frame.path, frame.index), text, at, number)
        if frame.key is not None:
            return self._start_value((*frame.path, frame.key), text, at, number)
        if char == "}":
            self._close()
            return at + 1
        if char == ",":
            return at + 1
        key = _INLINE_KEY.match(text, at)
        if key is None:  # not what debriefs use: stop recording this value
            self.done = True
            return len(text)
        frame.key = key.group(1).strip("\"'")
        self.found.setdefault((*frame.path, frame.key), number)
        return key.end()

    def _start_value(self, path: Path, text: str, at: int, number: int) -> int:
        self.found.setdefault(path, number)
        char = text[at]
        if char in "[{":
            self.stack.append(_Frame(path, array=char == "["))
            return at + 1
        for quote in ('"""', "'''", '"', "'"):
            if text.startswith(quote, at):
                self.quote = quote
                return at + len(quote)
        end = _SCALAR_END.search(text, at + 1)
        self._ended()
        return end.start() if end else len(text)

    def _in_string(self, text: str, at: int) -> int:
        quote = self.quote or ""
        while at < len(text):
            if text[at] == "\\" and quote.startswith('"'):
                at += 2
            elif text.startswith(quote, at):
                self.quote = None
                self._ended()
                return at + len(quote)
            else:
                at += 1
        return at

    def _close(self) -> None:
        self.stack.pop()
        self._ended()

    def _ended(self) -> None:
        """A value is complete: its table waits for the next key, or the whole value is read."""
        if not self.stack:
            self.done = True
        elif not self.stack[-1].array:
            self.stack[-1].key = None
