"""The draft command: the JSON document of design.md, text for people, filters."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import JP_FIRST_ROUND, US_PANEL, Runner

AFTER_TOKYO = "2026-11-16T15:05:00+09:00"
DRAFT_KEYS = {"action", "kind", "to", "to_email", "channel", "due", "subject", "body",
              "findings", "source", "attachments"}


@pytest.fixture
def stored(run: Runner, monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER_TOKYO)
    assert run("import", str(JP_FIRST_ROUND)).stdout.strip() == "1"
    return run


def _drafts(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert set(document) == {"drafts"}
    drafts: list[dict[str, Any]] = document["drafts"]
    return drafts


def test_draft_id_json_has_the_documented_shape(stored: Runner) -> None:
    drafts = _drafts(stored("draft", "1", "--format", "json"))

    assert drafts
    for draft in drafts:
        assert set(draft) == DRAFT_KEYS
        assert draft["action"].startswith("1.")
        assert draft["findings"] == []
    thank_yous = {d["action"]: d for d in drafts if d["kind"] == "thank-you"}
    assert set(thank_yous) == {"1.thank-you.daichi-mori", "1.thank-you.rina-ogawa"}
    mori = thank_yous["1.thank-you.daichi-mori"]
    assert mori["to"] == "Daichi Mori"
    assert mori["to_email"] == "d.mori@tsubame.example"
    assert mori["due"] == "2026-11-16T16:00:00+09:00"
    assert mori["body"].startswith("Dear Mori-san,\n")
    assert mori["subject"]


def test_draft_filters_by_kind_and_person(stored: Runner) -> None:
    only = _drafts(stored("draft", "1", "--kind", "promise", "--format", "json"))
    assert [d["kind"] for d in only] == ["promise"]
    assert "a short write-up of the move to incremental models" in only[0]["body"]
    assert "attached" not in only[0]["body"]  # the record names a file but holds none

    rina = _drafts(stored("draft", "1", "--to", "rina ogawa", "--format", "json"))
    assert rina
    assert {d["to"] for d in rina} == {"Rina Ogawa"}


def test_draft_leaves_out_done_actions(stored: Runner) -> None:
    assert stored("done", "1.thank-you.daichi-mori").exit_code == 0

    drafts = _drafts(stored("draft", "1", "--kind", "thank-you", "--format", "json"))

    assert [d["to"] for d in drafts] == ["Rina Ogawa"]


def test_draft_of_a_file_in_text(run: Runner) -> None:
    result = run("draft", str(US_PANEL), "--kind", "thank-you",
                 "--now", "2026-12-21T17:05:00-05:00")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("== file.thank-you.") == 3
    assert "Subject: " in result.stdout
    assert "Dear Grace," in result.stdout or "Hello Grace," in result.stdout


def test_draft_of_a_missing_interview_is_bad_input(run: Runner) -> None:
    result = run("draft", "42", "--format", "json")

    assert result.exit_code == 2


def test_an_outcome_note_is_drafted_by_its_kind(run: Runner,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import PROJECT

    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-12-07T10:00:00+01:00")
    assert run("import", str(PROJECT / "examples" / "debrief-berlin.toml")).exit_code == 0
    assert run("outcome", "1", "rejected", "--from", "Jonas Becker").exit_code == 0

    drafts = _drafts(run("draft", "1", "--kind", "rejection-reply", "--format", "json"))

    assert [(d["kind"], d["to"]) for d in drafts] == [("rejection-reply", "Jonas Becker")]
    assert "feedback" in drafts[0]["body"]
