"""The checker finds in its own test texts exactly what data/findings_snapshot.json
holds: a change made for speed must not move, add, drop or reword a finding
(see findings_snapshot.py to write the file again after a change meant to)."""

from __future__ import annotations

import json

from .findings_snapshot import SNAPSHOT, collect, render


def test_every_finding_of_the_test_texts_is_as_kept() -> None:
    kept = json.loads(SNAPSHOT.read_text("utf-8"))

    found = collect()

    changed = [f"{name}:\n  kept  {json.dumps(kept.get(name))}\n"
               f"  found {json.dumps(found.get(name))}"
               for name in sorted(set(kept) | set(found)) if kept.get(name) != found.get(name)]
    assert not changed, f"{len(changed)} texts changed:\n" + "\n".join(changed[:10])


def test_the_kept_file_is_as_written() -> None:
    text = SNAPSHOT.read_text("utf-8")

    assert render(json.loads(text)) == text
