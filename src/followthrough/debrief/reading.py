"""Reading what a user hands us: regular files only, never more than a stated
size, and documents nested no deeper than any real one is.

A named pipe would make a plain ``open`` wait for a writer forever, and a
device such as ``/dev/zero`` never ends, so the kind of file is checked with
:func:`os.stat` before it is opened, and every read stops one byte past its
limit. A document nested thousands of levels deep would exhaust Python's
recursion inside the TOML or JSON parser; it is refused before parsing.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from followthrough.errors import BadInput, Problem

MAX_DEPTH = 32
"""Tables and lists inside one another; a debrief needs five levels."""
HUGE_NUMBER = "a number has thousands of digits; no field needs more than a few"
"""Python refuses to read an integer of over 4,300 digits (a ValueError)."""

_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|'
                     r"#[^\n]*|[\[\]{}]")
"""What the depth scan looks at: strings and comments (skipped whole, so a
bracket inside them does not count), and the brackets that open and close a
list or a table, in TOML as in JSON."""


_ID = re.compile(r"[0-9]{1,16}")


def read_file(path: Path, limit: int, *, what: str = "a debrief") -> bytes:
    """The bytes of the regular file at ``path``, refused when larger than ``limit``."""
    source = str(path)
    try:
        kind = not_regular(os.stat(path).st_mode)
        if kind:
            raise _whole_file(kind, source)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _whole_file("no such file", source) from None
    except PermissionError:
        raise _whole_file("the file cannot be read (permission denied)", source) from None
    except OSError as err:
        raise _whole_file(f"the file cannot be read ({err.strerror or 'error'})",
                          source) from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        kind = not_regular(status.st_mode)
        if kind:  # replaced between the check and the open
            raise _whole_file(kind, source)
        return _bounded(handle, limit, what, source, size=status.st_size)


def read_stdin(limit: int, *, what: str = "a debrief") -> bytes:
    """Standard input, refused when it goes on past ``limit`` bytes."""
    return _bounded(sys.stdin.buffer, limit, what, "<stdin>")


def _bounded(handle: BinaryIO, limit: int, what: str, source: str,
             size: int | None = None) -> bytes:
    """At most ``limit`` bytes of ``handle``. Given the file's ``size``, a small file
    is read without a buffer of ``limit`` bytes (checking 200 notes allocated and
    freed 200 buffers of 200 KB); one that grew since is read on to the limit."""
    first = limit + 1 if size is None else min(size, limit) + 1
    data = handle.read(first)
    if len(data) == first <= limit:
        data += handle.read(limit + 1 - first)
    if len(data) > limit:
        raise _whole_file(f"more than {limit:,} bytes; {what} is at most {limit:,} bytes",
                          source)
    return data


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return ("this is a named pipe, not a file; save the text to a file, or pass it "
                "on standard input as -")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device, not a file"
    return "this is not a regular file"


def typed_id(text: str) -> int | None:
    """A stored record's number as typed (``12``), or None when ``text`` is not
    one: ASCII digits only (``str.isdigit`` also takes ``²``, which ``int``
    refuses) and few of them (``int`` refuses over 4,300 digits)."""
    if not _ID.fullmatch(text):
        return None
    return int(text)


def check_nesting(text: str, source: str, *, limit: int = MAX_DEPTH) -> None:
    """Refuse a document whose lists and tables nest deeper than ``limit``,
    naming the line where it goes too deep."""
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, token.start()) + 1
                raise BadInput([Problem("(file)", f"lists and tables nest more than {limit} "
                                        "levels deep here", line,
                                        "a debrief like the examples, a few levels deep")],
                               source)
        elif bracket in ("]", "}"):
            depth = max(0, depth - 1)


def check_data_depth(data: Any, source: str, *, limit: int = MAX_DEPTH) -> None:
    """The same limit on parsed data (TOML's dotted keys nest without brackets)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise BadInput([Problem("(file)", f"tables nest more than {limit} levels deep",
                                    expected="a debrief like the examples, a few levels "
                                             "deep")], source)
        if isinstance(value, Mapping):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def load_json(text: str | bytes, source: str) -> Any:
    """JSON text as data, with the nesting limit and a plain message when it is
    not JSON (the error's line, never the parser's exception)."""
    try:
        decoded = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    except UnicodeDecodeError as err:
        raise _whole_file(f"the file is not UTF-8 text (byte {err.start})", source) from None
    check_nesting(decoded, source)
    import json

    try:
        return json.loads(decoded)
    except json.JSONDecodeError as err:
        raise BadInput([Problem("(file)", f"not valid JSON: {err.msg}", err.lineno)],
                       source) from None
    except ValueError:  # a number of thousands of digits
        raise _whole_file(HUGE_NUMBER, source) from None


def _whole_file(message: str, source: str) -> BadInput:
    return BadInput([Problem("(file)", message)], source)
