"""The generated rule reference matches the registry; ``python -m followthrough.check`` works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from followthrough.check import all_rules
from followthrough.check.docs import render_rules_markdown

from .conftest import REPOSITORY_EXAMPLES

ROOT = Path(__file__).parents[2]


def test_committed_rule_reference_is_generated() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == render_rules_markdown(), (
        "docs/rules.md is stale: run python -m followthrough.check.docs > docs/rules.md")


def test_rule_reference_lists_every_rule_with_examples() -> None:
    text = render_rules_markdown()
    for rule in all_rules():
        assert f"### `{rule.id}`" in text
        assert rule.source in text


def test_module_entry_point_prints_results_and_exit_status(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Dear Takahashi-san,\n\nThank you for your time.\n", "utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_text("Dear Takahasi-san,\n\nThank you for [Company].\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "followthrough.check", str(clean), str(broken),
         "--context", str(REPOSITORY_EXAMPLES / "debrief-tokyo-payments.toml"),
         "--to", "Takahashi Kenta"],
        capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr
    document = json.loads(run.stdout)
    assert document["version"] == 1
    files = {entry["file"]: entry["findings"] for entry in document["results"]}
    assert files[str(clean)] == []
    assert {f["rule"] for f in files[str(broken)]} >= {"names.person.misspelt",
                                                        "template.placeholder.bracket"}


def test_module_entry_point_bad_input(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "followthrough.check", str(tmp_path / "no.txt")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2
