"""Every finding of the checker's own test texts, kept in data/findings_snapshot.json,
so that a change made for speed cannot change one unnoticed
(test_findings_snapshot.py compares them). The texts: every rule example (as
test_rule_examples.py checks it), the context cases of data/context_cases.toml
(as bench/checker_quality.py checks them) and those of test_context_cases.py.

After a change meant to change findings, write the file again and read its diff:

    .venv/bin/python -m tests.check.findings_snapshot
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthrough.check import Finding, all_rules, check, check_many

from .conftest import example_arguments, has_context, quality_bench

SNAPSHOT = Path(__file__).parent / "data" / "findings_snapshot.json"


def _example_findings() -> dict[str, list[Finding]]:
    found = {}
    for rule in all_rules():
        for side in ("pass", "fail"):
            for index, example in enumerate(rule.examples[side]):
                if not has_context(example):
                    continue
                arguments = example_arguments(example)
                if example.together_with:
                    texts = {"this": example.text} | {
                        f"other-{i}": text for i, text in enumerate(example.together_with)}
                    findings = check_many(texts, context=arguments["context"],  # type: ignore[arg-type]
                                          kind=example.kind)["this"]
                else:
                    findings = check(example.text, **arguments)  # type: ignore[arg-type]
                found[f"example {rule.id} {side} {index}"] = findings
    return found


def _case_findings() -> dict[str, list[Finding]]:
    from .test_context_cases import CASES, case_findings

    quality = quality_bench()
    records = quality.case_records()
    found: dict[str, list[Finding]] = {
        f"case {record['case']['name']}": findings
        for record, findings in zip(records, quality.run_cases(records).values(), strict=True)}
    found |= {f"context {case.name}": case_findings(case) for case in CASES}
    return found


def collect() -> dict[str, list[dict[str, Any]]]:
    """Text name -> its findings, as the JSON output gives them."""
    found = _example_findings() | _case_findings()
    return {name: [finding.as_dict() for finding in findings]
            for name, findings in sorted(found.items())}


def render(snapshot: dict[str, list[dict[str, Any]]]) -> str:
    """One line a finding, so that a diff shows each change."""
    lines = ["{"]
    for number, (name, findings) in enumerate(snapshot.items()):
        lines.append(f"{json.dumps(name, ensure_ascii=False)}: [")
        lines += [f"  {json.dumps(finding, ensure_ascii=False)}"
                  + ("," if index < len(findings) - 1 else "")
                  for index, finding in enumerate(findings)]
        lines.append("]" + ("," if number < len(snapshot) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


def main() -> None:
    snapshot = collect()
    SNAPSHOT.write_text(render(snapshot), "utf-8")
    total = sum(map(len, snapshot.values()))
    print(f"{len(snapshot)} texts, {total} findings written to {SNAPSHOT}")


if __name__ == "__main__":
    main()
