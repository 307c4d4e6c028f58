"""The command line: a thin face over the library. Each command parses its
arguments, calls one library function and prints the result. One module per
area registers its commands on the root group in :mod:`followthrough.cli.app`,
which imports a module when one of its commands is called (start-up time).
A plain ``followthrough check FILE...`` (nothing else on the line) is run
without importing click at all (:mod:`followthrough.cli.messages`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from followthrough.lazy import first_use

if TYPE_CHECKING:
    from followthrough.cli.app import cli

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    from followthrough.cli.messages import is_plain_check, plain_check

    if is_plain_check(args):
        sys.exit(plain_check(args[1:]))
    from followthrough.cli.app import cli

    cli.main(args=args, prog_name="followthrough")


__getattr__ = first_use(__name__, {"cli": "app"}, globals())
