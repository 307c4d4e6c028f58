"""Typed errors and the exit codes they map to, in one place.

Library code raises these; only :func:`followthrough.cli.main` turns them into
exit codes and messages. Nothing else calls ``sys.exit``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    FAILURE = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and what was expected."""

    path: str
    message: str
    line: int | None = None
    expected: str | None = None
    source: str | None = None

    def describe(self, source: str | None = None) -> str:
        where = self.source or source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        head = f"{where}: {self.path}" if where else self.path
        text = f"{head}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "path": self.path, "line": self.line,
                "message": self.message, "expected": self.expected}


class FollowthroughError(Exception):
    """Base of every error the product reports to a user."""

    exit_status = ExitStatus.FAILURE


class BadInput(FollowthroughError):
    """The user's input is wrong; each problem names the field at fault."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = [p if p.source or not source else replace(p, source=source)
                         for p in problems]
        self.source = source
        super().__init__("\n".join(p.describe(source) for p in problems))


class NotFound(FollowthroughError):
    """An id that names nothing the current user owns."""

    exit_status = ExitStatus.BAD_INPUT


class StoreError(FollowthroughError):
    """The database cannot be opened or is in a state we cannot use."""

    exit_status = ExitStatus.FAILURE


class NewerSchema(StoreError):
    """The database was written by a newer followthrough than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"this database was written by a newer followthrough (schema "
                         f"{revision}); upgrade followthrough")
        self.revision = revision
