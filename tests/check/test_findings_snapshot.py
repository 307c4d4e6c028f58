"""The checker finds in its own test texts exactly what data/findings_snapshot.json
holds: a change made for speed must not move, add, drop or reword a finding
(see findings_snapshot.py to write the file again after a change meant to)."""

from __future__ import annotations

import json

import pytest

from .findings_snapshot import SNAPSHOT, collect, render


def test_every_finding_of_the_test_texts_is_as_kept() -> None:
    kept = json.loads(SNAPSHOT.read_text("utf-8"))

    found = collect()

    moved = {name for name, sha in kept["debriefs"].items()
             if found["debriefs"].get(name) != sha}
    compared = {name for name, text in kept["texts"].items() if text["debrief"] not in moved}
    changed = [f"{name}:\n  kept  {json.dumps(kept['texts'][name]['findings'])}\n"
               f"  found {json.dumps(found['texts'].get(name, {}).get('findings'))}"
               for name in sorted(compared)
               if kept["texts"][name] != found["texts"].get(name)]
    assert not changed, f"{len(changed)} texts changed:\n" + "\n".join(changed[:10])
    assert len(compared) >= 100


def test_the_debriefs_are_those_the_findings_were_kept_with() -> None:
    kept = json.loads(SNAPSHOT.read_text("utf-8"))["debriefs"]

    found = collect()["debriefs"]

    moved = sorted(name for name, sha in kept.items() if found.get(name) != sha)
    if moved:
        pytest.skip(f"{', '.join(moved)} changed since {SNAPSHOT.name} was written, and the "
                    "texts checked with them are not compared (python -m "
                    "tests.check.findings_snapshot writes it again)")


def test_the_kept_file_is_as_written() -> None:
    text = SNAPSHOT.read_text("utf-8")

    assert render(json.loads(text)) == text
