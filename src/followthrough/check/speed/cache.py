"""Files the checker derives once and keeps in the user's cache folder.

Decoding the spelling list and parsing the rule files cost more than the rest
of a short ``python -m followthrough.check`` run, so their results are kept as
marshal files named by a digest of everything they are derived from: a
changed source gets a new name, and a file that cannot be read or written is
simply rebuilt. Marshal holds only plain values (strings, numbers, tuples,
lists, dicts, sets) and builds no objects with behaviour.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import sha256
    from mmap import mmap
else:
    try:  # the plain module: importing hashlib loads OpenSSL, a few milliseconds
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - CPython always has it
        from hashlib import sha256

FORMAT = 3
"""Bumped when what the cache files hold changes shape."""


def digest(*parts: bytes | str) -> str:
    """A short hex digest of ``parts`` plus the interpreter and the cache format."""
    hasher = sha256(f"{FORMAT}\0{sys.version}\0{marshal.version}".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()[:20]


def folder() -> Path | None:
    try:
        from followthrough import paths

        return paths.home() / "cache"
    except (ImportError, OSError):  # pragma: no cover - no home, no cache
        return None


def load(name: str) -> object | None:
    """The value kept under ``name``, or None when there is none (or it is unreadable)."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / name).read_bytes()
    except OSError:
        return None
    try:
        # Our own cache of plain values; marshal builds no objects with behaviour.
        value: object = marshal.loads(data)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    return value


def mapped(name: str) -> mmap | None:
    """The file kept under ``name``, mapped into memory read-only (its pages are
    read as they are used), or None when there is none."""
    where = folder()
    if where is None:
        return None
    import mmap as memory

    try:
        with (where / name).open("rb") as handle:
            return memory.mmap(handle.fileno(), 0, access=memory.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable or empty
        return None


def store(name: str, value: Any) -> None:
    """Keep ``value`` under ``name``, written atomically; failures are ignored."""
    try:
        data = marshal.dumps(value)
    except ValueError:
        return
    store_bytes(name, data)


def store_bytes(name: str, data: bytes) -> None:
    """Keep ``data`` under ``name``, written atomically; failures are ignored."""
    where = folder()
    if where is None:
        return
    try:
        import tempfile

        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, where / name)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
