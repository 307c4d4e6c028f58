"""Off a terminal the plain console prints what rich prints there, byte for byte,
and only imports rich for a text rich would change."""

from __future__ import annotations

import io
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.errors import MarkupError

from followthrough.cli import output
from tests.conftest import fresh_python

TRICKY = st.sampled_from(["[bold]", "[/bold]", "[bold red]", "[red]", "[/]", "\\[", "[", "]",
                          ":smile:", ":", "::", ":x:", "\t", "\r", "\x1b", "é", "東京", "🙂",
                          "  ", " "])
texts = st.lists(st.text(max_size=8) | TRICKY, max_size=8).map("".join)


def _printed(console: Callable[[io.StringIO], output.Printer], text: str,
             markup: bool | None) -> str:
    stream = io.StringIO()
    try:
        console(stream).print(text, markup=markup)
    except MarkupError as error:
        return f"MarkupError: {error}"
    return stream.getvalue()


def _both(text: str, markup: bool | None) -> tuple[str, str]:
    return (_printed(output.PlainConsole, text, markup),
            _printed(output.rich_console, text, markup))


@settings(max_examples=500)
@given(texts, st.sampled_from([None, True, False]))
def test_any_line_prints_as_rich_prints_it(text: str, markup: bool | None) -> None:
    ours, theirs = _both(text, markup)

    assert ours == theirs


def test_the_views_own_lines() -> None:
    for text in ("[bold]#1 Example GmbH[/bold]: Senior Engineer, Wed 02 Dec 2026 10:00 "
                 "Europe/Berlin", 'Timing they gave: "within ten days", read as: by 12 '
                 "December 2026", "Nothing left to plan.", ""):
        ours, theirs = _both(text, None)
        assert ours == theirs


def test_off_a_terminal_the_console_is_the_plain_one() -> None:
    probe = ("import io, sys\nfrom followthrough.cli import output\n"
             "out = output.console(io.StringIO())\n"
             "out.print('[bold]#1 Example[/bold]: a role, Wed 02 Dec 2026 10:00 UTC')\n"
             "print(type(out).__name__, out.file.getvalue().strip(), 'rich' in sys.modules,"
             " sep='|')\n")
    assert fresh_python(probe).strip() == ("PlainConsole|#1 Example: a role, Wed 02 Dec 2026 10:00 "
                                    "UTC|False")
