"""The command line: a thin face over the library. Each command parses its
arguments, calls one library function and prints the result. One module per
area registers its commands on the root group in :mod:`followthrough.cli.app`,
which imports a module when one of its commands is called (start-up time).
"""

from __future__ import annotations

import sys

from followthrough.cli.app import cli

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="followthrough")
