"""docs/planner.md is generated from rules(); the file must match the generator."""

from __future__ import annotations

from pathlib import Path

from followthrough.plan import rules
from followthrough.plan.docs import render_rules_markdown

DOC = Path(__file__).parents[2] / "docs" / "planner.md"


def test_docs_match_the_generator() -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(), (
        "regenerate with: python -c 'from followthrough.plan.docs import "
        "render_rules_markdown as r; open(\"docs/planner.md\", \"w\").write(r())'")


def test_every_rule_has_a_unique_id_kind_and_source() -> None:
    found = rules()
    assert len({rule.id for rule in found}) == len(found)
    kinds = {"reflection", "thank-you", "promise", "recruiter-update", "reference-brief",
             "linkedin", "status-inquiry", "move-on", "keep-searching", "company-watch",
             "next-round-prep", "referee-thanks", "rejection-reply", "offer-reply",
             "withdrawal", "next-round-thanks"}
    assert kinds <= {rule.kind for rule in found}
    for rule in found:
        assert rule.id.split(".")[0] in kinds | {"timing", "channel"}
        assert rule.source[:3] in {"000", "001", "002", "003"}
        assert f"`{rule.id}`" in render_rules_markdown()
