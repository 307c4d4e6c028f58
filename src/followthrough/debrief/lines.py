"""Find the line of a key path in TOML source.

``tomllib`` returns plain data without positions, so this walks the text once
and remembers where each table, array-of-tables entry and key was written.
It understands what debriefs use (tables, arrays of tables, ``key = value``
with multi-line arrays and strings); for anything fancier it returns ``None``
and the error is reported without a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def key_lines(source: str) -> dict[Path, int]:
    """Map every table, array entry and key path in ``source`` to its 1-based line."""
    found: dict[Path, int] = {}
    counters: dict[str, int] = {}
    table: Path = ()
    in_string: str | None = None
    depth = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth += _bracket_balance(line)
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
            name = key.group(1).strip("\"'")
            found[(*table, name)] = number
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
            depth = max(0, _bracket_balance(rest))
    return found


def line_of(path: Path, lines: Mapping[Path, int]) -> int | None:
    """The line of ``path`` or, failing that, of its closest enclosing key or table."""
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return None


def _bracket_balance(text: str) -> int:
    code = re.sub(r'"[^"]*"|\'[^\']*\'|#.*$', "", text)
    return code.count("[") - code.count("]")
