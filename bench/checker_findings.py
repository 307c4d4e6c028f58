"""The checker's findings on the development corpus, saved as JSON or compared with a saved run.

    .venv/bin/python bench/checker_findings.py --save /tmp/findings.json [--n 200] [--seed 7]
    .venv/bin/python bench/checker_findings.py --compare /tmp/findings.json

A speed change must not change what the checker finds. This writes, for every
message of ``gen_corpus.py --n N --seed S``, the findings of ``check`` (one
message with its kind, as ``checker_speed.py`` calls it) and of ``check_many``
(one batch per kind, as ``checker_quality.py`` calls it, with near-duplicates),
and compares them with an earlier run: every differing message is listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from checker_quality import KIND, corpus, run_checker

from followthrough.check import check


def findings(n: int, seed: int) -> dict[str, Any]:
    records = corpus(n, seed)
    single = {r["id"]: [f.as_dict() for f in check(r["text"], kind=KIND[r["kind"]])]
              for r in records}
    batch = {name: [f.as_dict() for f in found]
             for name, found in run_checker(records).items()}
    return {"n": n, "seed": seed, "check": single, "check_many": batch}


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    differences = []
    for part in ("check", "check_many"):
        for name in sorted(set(old[part]) | set(new[part])):
            before, after = old[part].get(name), new[part].get(name)
            if before != after:
                differences.append(f"{part} {name}:\n  before {json.dumps(before)}\n"
                                   f"  after  {json.dumps(after)}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path)
    action.add_argument("--compare", type=Path)
    args = parser.parse_args()
    if args.save:
        result = findings(args.n, args.seed)
        args.save.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
        total = sum(len(found) for found in result["check_many"].values())
        print(f"saved {len(result['check'])} messages, {total} findings to {args.save}")
        return 0
    old = json.loads(args.compare.read_text("utf-8"))
    differences = compare(old, findings(old["n"], old["seed"]))
    for difference in differences:
        print(difference)
    print(f"{len(differences)} messages differ from {args.compare}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
