"""How results reach the user: one JSON document for scripts, tables and colour
only when a person is watching a terminal."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Protocol

from followthrough.errors import BadInput, FollowthroughError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def write_json(document: object, stream: IO[str] | None = None) -> None:
    import json

    stream = stream or sys.stdout
    stream.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


class Printer(Protocol):
    """What the text views print with: rich's console, or :class:`PlainConsole`."""

    @property
    def file(self) -> IO[str]: ...

    @property
    def is_terminal(self) -> bool: ...

    def print(self, text: str = "", *, markup: bool | None = None) -> None: ...


def console(stream: IO[str] | None = None) -> Printer:
    """A console that draws colour and boxes only on a terminal; elsewhere one
    that prints as rich would there, importing rich only for a text it changes."""
    stream = stream or sys.stdout
    if not stream.isatty():
        return PlainConsole(stream)
    return rich_console(stream)


def rich_console(stream: IO[str]) -> Console:
    from rich.console import Console

    on_terminal = stream.isatty()
    return Console(file=stream, no_color=not on_terminal, highlight=False,
                   force_terminal=on_terminal, soft_wrap=not on_terminal)


OWN_TAGS = ("[bold]", "[/bold]")
"""The markup the views write around their own words (colour is for terminals)."""
OWN_TAG = re.compile(r"(\[/?bold\])")
EMOJI_LIKE = re.compile(r":\S*:")
"""Text rich might read as an emoji code (``:smile:``)."""


class PlainConsole:
    """Off a terminal, rich prints a line as it is, less its markup tags, with no
    colour and no wrapping. This prints such lines itself, and hands to rich any
    text rich would change otherwise: other markup (``[``), an emoji code, a tab
    or another character that is not printable. ``tests/cli/test_output.py``
    holds the two to the same output."""

    is_terminal = False

    def __init__(self, stream: IO[str]) -> None:
        self.file = stream

    def print(self, text: str = "", *, markup: bool | None = None) -> None:
        plain = text if markup is False else _without_own_tags(text)
        if plain is None or EMOJI_LIKE.search(plain) or not plain.isprintable():
            rich_console(self.file).print(text, markup=markup)
            return
        self.file.write(plain + "\n")


def _without_own_tags(text: str) -> str | None:
    """``text`` less its bold tags, as rich's markup reads them; None when it holds
    any other markup or a closing tag with nothing to close (rich's to judge)."""
    opened = 0
    for part in OWN_TAG.split(text)[1::2]:
        opened += 1 if part == OWN_TAGS[0] else -1
        if opened < 0:
            return None
    plain = OWN_TAG.sub("", text)
    return None if "[" in plain else plain


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]],
          stream: IO[str] | None = None) -> None:
    stream = stream or sys.stdout
    if not stream.isatty():
        if title:
            stream.write(f"{title}\n")
        _plain_table(columns, rows, stream)
        return
    from rich.table import Table

    out = rich_console(stream)
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
