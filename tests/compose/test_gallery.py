"""The drafts gallery (docs/drafts.md) and the example debriefs it is made from.

The page is generated from examples/ by ``python -m followthrough.compose.gallery``;
these tests keep it from drifting, check that it shows every kind of message the
planner writes for the examples, and that every example imports and plans. They
read only files in this repository.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Runner

from followthrough.compose.gallery import (
    BLIND_REVIEW,
    COMMAND,
    OUTCOME_KINDS,
    Example,
    collect,
    generated_part,
    interview_end,
    merge,
    render_gallery,
)
from followthrough.debrief import read_debrief
from followthrough.plan import plan, rules

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLES = PROJECT / "examples"
GALLERY = PROJECT / "docs" / "drafts.md"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))
MESSAGE_KINDS = {"thank-you", "promise", "recruiter-update", "reference-brief", "linkedin",
                 "status-inquiry", "move-on"}
EMAIL_DOMAINS = re.compile(r"@(?:[a-z0-9-]+\.)*(?:example|example\.(?:com|org|net))$")
URLS = re.compile(r"^https://(?:example\.org/|www\.linkedin\.com/in/example-)")


@pytest.fixture(scope="module")
def gallery() -> list[Example]:
    return collect(EXAMPLES)


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def test_the_gallery_is_the_fresh_render_of_the_examples() -> None:
    assert GALLERY.exists(), f"docs/drafts.md is missing: run `{COMMAND}` from the project root"
    kept = generated_part(GALLERY.read_text(encoding="utf-8"))
    fresh = generated_part(render_gallery(EXAMPLES))

    if kept != fresh:
        diff = "\n".join(list(difflib.unified_diff(
            kept.splitlines(), fresh.splitlines(), "docs/drafts.md", "fresh render",
            lineterm=""))[:60])
        pytest.fail(f"docs/drafts.md is out of date: run `{COMMAND}` from the project "
                    f"root and commit the result.\n{diff}")


def test_the_gallery_ends_with_the_blind_review_section_that_regenerating_keeps() -> None:
    text = GALLERY.read_text(encoding="utf-8")

    assert re.search(rf"^{re.escape(BLIND_REVIEW)}$", text, re.MULTILINE)
    assert merge(render_gallery(EXAMPLES), text) == text


def test_merge_keeps_the_reviewers_text_and_replaces_the_rest() -> None:
    fresh = f"# New\n\nnew drafts\n{BLIND_REVIEW}\n\n(to be filled in)\n"
    reviewed = f"# Old\n\nold drafts\n{BLIND_REVIEW}\n\nMean score 4.2; see below.\n"

    assert merge(fresh, reviewed) == f"# New\n\nnew drafts\n{BLIND_REVIEW}\n\nMean score 4.2; " \
                                     "see below.\n"
    assert merge(fresh, None) == fresh
    assert merge(fresh, "# A page without the section\n") == fresh
    assert generated_part(fresh) == "# New\n\nnew drafts\n"


def test_there_are_at_least_six_examples_each_saying_what_it_shows() -> None:
    assert len(EXAMPLE_FILES) >= 6
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{path.name} has no header comment"
        assert "What it shows" in text.split("schema = ")[0], path.name


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_imports_and_plans(path: Path, run: Runner) -> None:
    debrief = read_debrief(path)
    end = interview_end(debrief).isoformat()

    imported = run("import", str(path))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.strip().isdigit()
    planned = run("plan", str(path), "--now", end, "--format", "json")
    assert planned.exit_code == 0, planned.stderr
    actions = json.loads(planned.stdout)["actions"]
    thanked = {action["to"] for action in actions if action["kind"] == "thank-you"}
    assert thanked == {person.name for person in debrief.interviewers}
    assert {action["kind"] for action in actions} >= {"reflection", "status-inquiry",
                                                      "move-on"}


def test_the_gallery_shows_every_draft_the_plan_gives(gallery: list[Example]) -> None:
    assert [example.path.name for example in gallery] == [p.name for p in EXAMPLE_FILES]
    for number, example in enumerate(gallery, start=1):
        actions = plan(example.debrief, now=example.now)
        assert [draft.action for draft in example.drafts] == \
            [f"{number}.{action.key}" for action in actions]


def test_the_gallery_covers_every_message_kind(gallery: list[Example]) -> None:
    kinds = {draft.kind for example in gallery for draft in example.drafts}
    assert kinds >= MESSAGE_KINDS, f"missing {MESSAGE_KINDS - kinds}"
    assert any(sum(draft.kind == "status-inquiry" for draft in example.drafts) >= 2
               for example in gallery), "no example has a second status inquiry"
    assert any(sum(draft.kind == "status-inquiry" for draft in example.drafts) == 1
               and any(draft.kind == "move-on" for draft in example.drafts)
               for example in gallery), "no example moves on after a single inquiry"


def test_the_gallery_covers_every_outcome_note_the_planner_plans(
        gallery: list[Example]) -> None:
    planned = {rule.kind for rule in rules()} & set(OUTCOME_KINDS.values())
    if not planned:
        pytest.skip("the planner plans no outcome notes yet")
    shown = {draft.kind for example in gallery if example.outcome
             for draft in example.outcome.drafts}

    assert shown == set(OUTCOME_KINDS.values())
    for example in gallery:
        assert example.outcome is not None, example.path
        assert example.outcome.drafts, example.path
        assert {d.kind for d in example.outcome.drafts} == {OUTCOME_KINDS[example.outcome.result]}
        assert example.outcome.at > example.now + timedelta(days=2)


def test_the_examples_cover_what_the_gallery_is_for() -> None:
    debriefs = [read_debrief(path) for path in EXAMPLE_FILES]
    countries = {d.interview.country for d in debriefs}
    promises = [(path, promise) for path, d in zip(EXAMPLE_FILES, debriefs, strict=True)
                for promise in d.promises]

    assert countries >= {"DE", "US", "GB", "JP", "IL"}
    assert any(len(d.interviewers) >= 3 for d in debriefs)
    assert any(d.recruiter and d.recruiter.runs_process for d in debriefs)
    assert any(ref.current is False for d in debriefs for ref in d.references)
    assert any(ref.current is True for d in debriefs for ref in d.references)
    assert any(promise.url for _, promise in promises)
    assert any(promise.file and not promise.file.isascii() for _, promise in promises)
    assert any(d.interview.decision_by for d in debriefs)
    assert any(d.interview.decision and not d.interview.decision_by for d in debriefs)
    assert all(d.reflection for d in debriefs)
    assert any(q.struggled for d in debriefs for q in d.questions)
    assert sum(bool(d.missed) for d in debriefs) >= 3


def test_attached_files_exist_and_are_small_valid_files() -> None:
    for path in EXAMPLE_FILES:
        for promise in read_debrief(path).promises:
            if not promise.file:
                continue
            attached = path.parent / promise.file
            assert attached.is_file(), f"{path.name}: {promise.file} does not exist"
            data = attached.read_bytes()
            assert 0 < len(data) < 4096
            if attached.suffix == ".pdf":
                assert data.startswith(b"%PDF-1.")
                assert data.rstrip().endswith(b"%%EOF")
                start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
                assert data[start:start + 4] == b"xref"
            else:
                data.decode("utf-8")


def test_linked_strengths_are_the_candidates_own_words() -> None:
    for path in EXAMPLE_FILES:
        debrief = read_debrief(path)
        for person in debrief.interviewers:
            for topic in person.topics:
                strength = getattr(topic, "strength", None)
                if strength is not None:
                    assert strength in debrief.candidate.strengths, (path.name, strength)
                about = topic if isinstance(topic, str) else topic.about
                assert not re.search(r"\b(their|our|we)\b", about, re.IGNORECASE), about


def test_examples_use_only_reserved_addresses_and_links() -> None:
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        for address in re.findall(r'email = "([^"]+)"', text):
            assert EMAIL_DOMAINS.search(address), f"{path.name}: {address}"
        for url in re.findall(r'(?:url|linkedin) = "([^"]+)"', text):
            assert URLS.match(url), f"{path.name}: {url}"
        data = _toml(path)
        assert data["candidate"]["email"].split("@")[1] in ("example.com", "example.org",
                                                            "example.net")
