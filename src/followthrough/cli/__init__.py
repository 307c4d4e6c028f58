"""The command line: a thin face over the library. Each command parses its
arguments, calls one library function and prints the result. One module per
area registers its commands on the root group in :mod:`followthrough.cli.app`.
"""

from __future__ import annotations

import sys

from followthrough.cli import checking, drafting, mail, planning, records, users, web
from followthrough.cli.app import cli

__all__ = ["checking", "cli", "drafting", "mail", "main", "planning", "records", "users", "web"]


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="followthrough")
