"""Every finding of the checker's own test texts, kept in data/findings_snapshot.json,
so that a change made for speed cannot change one unnoticed
(test_findings_snapshot.py compares them). The texts: every rule example (as
test_rule_examples.py checks it), the context cases of data/context_cases.toml
(as bench/checker_quality.py checks them) and those of test_context_cases.py.

Each text's debrief is named with a digest of its file: a text whose debrief
has changed since is not compared (the test says which; the repository's
examples/ change with the composer). After a change meant to change findings,
or a changed debrief, write the file again and read its diff:

    .venv/bin/python -m tests.check.findings_snapshot
"""

from __future__ import annotations

import json
from hashlib import sha256
from pathlib import Path
from typing import Any

from followthrough.check import Finding, all_rules, check, check_many

from .conftest import CONTEXT_FILES, example_arguments, has_context, quality_bench

SNAPSHOT = Path(__file__).parent / "data" / "findings_snapshot.json"


REPOSITORY = Path(__file__).parents[2]
Found = dict[str, tuple[Path | None, list[Finding]]]
"""Text name -> the debrief it is checked with (None: none) and its findings."""


def _example_findings() -> Found:
    found: Found = {}
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
                debrief = CONTEXT_FILES[example.context] if example.context else None
                found[f"example {rule.id} {side} {index}"] = (debrief, findings)
    return found


def _case_findings() -> Found:
    from .test_context_cases import CASES, case_findings

    quality = quality_bench()
    records = quality.case_records()
    found: Found = {}
    for record, findings in zip(records, quality.run_cases(records).values(), strict=True):
        name = record["case"].get("context")
        debrief = REPOSITORY / "examples" / quality.CASE_DEBRIEFS[name] if name else None
        found[f"case {record['case']['name']}"] = (debrief, findings)
    for case in CASES:
        debrief = CONTEXT_FILES[case.context.removesuffix("-salutation")]
        found[f"context {case.name}"] = (debrief, case_findings(case))
    return found


def collect() -> dict[str, Any]:
    """The debriefs the texts are checked with (path -> digest of the file), and
    per text its debrief and its findings, as the JSON output gives them."""
    found = _example_findings() | _case_findings()
    debriefs = {debrief for debrief, _ in found.values() if debrief is not None}
    return {"debriefs": {_name(path): digest(path) for path in sorted(debriefs)},
            "texts": {name: {"debrief": _name(debrief) if debrief else None,
                             "findings": [finding.as_dict() for finding in findings]}
                      for name, (debrief, findings) in sorted(found.items())}}


def _name(path: Path) -> str:
    return path.resolve().relative_to(REPOSITORY).as_posix()


def digest(path: Path) -> str:
    return sha256(path.read_bytes()).hexdigest()[:16]


def render(snapshot: dict[str, Any]) -> str:
    """One line a finding, so that a diff shows each change."""
    texts = snapshot["texts"]
    lines = ["{", f'"debriefs": {json.dumps(snapshot["debriefs"])},', '"texts": {']
    for number, (name, text) in enumerate(texts.items()):
        findings = text["findings"]
        lines.append(f"{json.dumps(name, ensure_ascii=False)}: "
                     f'{{"debrief": {json.dumps(text["debrief"])}, "findings": [')
        lines += [f"  {json.dumps(finding, ensure_ascii=False)}"
                  + ("," if index < len(findings) - 1 else "")
                  for index, finding in enumerate(findings)]
        lines.append("]}" + ("," if number < len(texts) - 1 else ""))
    return "\n".join([*lines, "}", "}"]) + "\n"


def main() -> None:
    snapshot = collect()
    SNAPSHOT.write_text(render(snapshot), "utf-8")
    total = sum(len(text["findings"]) for text in snapshot["texts"].values())
    print(f"{len(snapshot['texts'])} texts, {total} findings written to {SNAPSHOT}")


if __name__ == "__main__":
    main()
