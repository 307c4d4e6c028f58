"""``python -m followthrough.check FILE... [--context DEBRIEF.toml] [--kind K] [--to NAME]``.

Checks text files and prints the JSON results document; exit 0 clean, 1 when a
finding has severity error, 2 on bad input. The product's CLI is
``followthrough check``; this entry point serves benchmarks and scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from followthrough.check.engine import check_many, exit_status, results_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m followthrough.check",
                                     description="Check follow-up messages for etiquette.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--context", type=Path, help="debrief TOML file")
    parser.add_argument("--kind", help="message kind (thank-you, status-inquiry, ...)")
    parser.add_argument("--to", help="the recipient, a name in the debrief")
    args = parser.parse_args(argv)
    try:
        texts = {str(path): path.read_text("utf-8") for path in args.files}
    except (OSError, UnicodeDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    context = None
    if args.context:
        from followthrough.debrief import read_debrief
        from followthrough.errors import BadInput

        try:
            context = read_debrief(args.context)
        except BadInput as err:
            print(str(err), file=sys.stderr)
            return 2
    recipients = dict.fromkeys(texts, args.to) if args.to else None
    results = check_many(texts, context=context, kind=args.kind, to=recipients)
    document = json.dumps(results_document(results), ensure_ascii=False) + "\n"
    sys.stdout.buffer.write(document.encode("utf-8"))
    sys.stdout.flush()
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
