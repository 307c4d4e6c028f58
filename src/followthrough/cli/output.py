"""How results reach the user: one JSON document for scripts, tables and colour
only when a person is watching a terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from followthrough.errors import BadInput, FollowthroughError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def write_json(document: object, stream: IO[str] | None = None) -> None:
    import json

    stream = stream or sys.stdout
    stream.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def console(stream: IO[str] | None = None) -> Console:
    """A console that draws colour and boxes only on a terminal."""
    from rich.console import Console

    stream = stream or sys.stdout
    on_terminal = stream.isatty()
    return Console(file=stream, no_color=not on_terminal, highlight=False,
                   force_terminal=on_terminal, soft_wrap=not on_terminal)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]],
          stream: IO[str] | None = None) -> None:
    stream = stream or sys.stdout
    if not stream.isatty():
        if title:
            stream.write(f"{title}\n")
        _plain_table(columns, rows, stream)
        return
    from rich.table import Table

    out = console(stream)
    grid = Table(title=title, title_justify="left")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(_cell(cell) for cell in row))
    out.print(grid)


def _cell(cell: object) -> RenderableType:
    """A cell as rich draws it: styled text (rich's ``Text``) as it is, the rest as text."""
    from rich.console import ConsoleRenderable

    if isinstance(cell, ConsoleRenderable):
        return cell
    return "" if cell is None else str(cell)


def _plain_table(columns: Sequence[str], rows: Sequence[Sequence[object]],
                 stream: IO[str]) -> None:
    cells = [[str(c) for c in columns]] + [["" if c is None else str(c) for c in row]
                                           for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    for row in cells:
        stream.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                     .rstrip() + "\n")


def error_document(error: FollowthroughError) -> dict[str, object]:
    if isinstance(error, BadInput):
        return {"error": {"kind": "bad-input", "source": error.source,
                          "problems": [problem.as_dict() for problem in error.problems]}}
    return {"error": {"kind": type(error).__name__, "message": str(error)}}


def report_error(error: FollowthroughError, stream: IO[str] | None = None) -> None:
    stream = stream or sys.stderr
    if isinstance(error, BadInput):
        count = len(error.problems)
        stream.write(f"error: {count} problem{'s' if count != 1 else ''}; nothing was changed\n")
        for problem in error.problems:
            stream.write(f"  {problem.describe()}\n")
        return
    stream.write(f"error: {error}\n")
