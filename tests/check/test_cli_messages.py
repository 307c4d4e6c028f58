"""`check` on what a reader gets: an .eml by its MIME parts (the attachment it
mentions is there or not), the send time of `--at`, the LinkedIn account setting."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from followthrough.app.checking import read_message
from followthrough.check import CheckSettings, check
from followthrough.errors import BadInput
from tests.conftest import Runner

from .conftest import REPOSITORY_EXAMPLES, load_context

BERLIN = str(REPOSITORY_EXAMPLES / "debrief-berlin.toml")
PROMISE = ("Dear Ms Demir,\n\nAs promised, I have attached the design note on conflict-free "
           "sync.\n\nKind regards,\nSam Okafor\n")


def _eml(path: Path, body: str, attachment: bytes | None) -> Path:
    message = EmailMessage()
    message["Subject"] = "The design note on conflict-free sync"
    message["To"] = "aylin.demir@nordlicht.example"
    message.set_content(body)
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf",
                               filename="offline-sync-design-note.pdf")
    path.write_bytes(message.as_bytes())
    return path


def _rules(output: str) -> set[str]:
    return {f["rule"] for entry in json.loads(output)["results"] for f in entry["findings"]}


def test_an_eml_that_says_attached_without_an_attachment_is_an_error(run: Runner,
                                                                     tmp_path: Path) -> None:
    eml = _eml(tmp_path / "promise.eml", PROMISE, None)

    result = run("check", str(eml), "--context", BERLIN, "--kind", "promise",
                 "--to", "Aylin Demir", "--format", "json")

    assert result.exit_code == 1
    assert "attachment.claimed.missing" in _rules(result.stdout)


def test_an_eml_with_its_attachment_passes(run: Runner, tmp_path: Path) -> None:
    eml = _eml(tmp_path / "promise.eml", PROMISE, b"%PDF-1.4 note")

    result = run("check", str(eml), "--context", BERLIN, "--kind", "promise",
                 "--to", "Aylin Demir", "--format", "json")

    assert result.exit_code == 0, result.stdout
    assert _rules(result.stdout) == set()


def test_an_eml_is_read_as_its_subject_text_and_attachment_names(tmp_path: Path) -> None:
    eml = _eml(tmp_path / "promise.eml", PROMISE, b"%PDF-1.4 note")

    message = read_message(str(eml), eml.read_bytes())

    assert message.text.startswith("Subject: The design note on conflict-free sync\n\n")
    assert "As promised, I have attached" in message.text
    assert message.attachments == ("offline-sync-design-note.pdf",)
    assert read_message("note.txt", PROMISE.encode()).attachments is None


def test_at_is_the_send_time_that_today_is_read_against(run: Runner, tmp_path: Path) -> None:
    note = tmp_path / "thanks.txt"
    note.write_text("Hi Jonas,\n\nThank you for our conversation today about offline sync "
                    "at Nordlicht. I am very interested in the role.\n\nBest,\nSam\n", "utf-8")
    arguments = ["check", str(note), "--context", BERLIN, "--kind", "thank-you",
                 "--to", "Jonas Becker", "--format", "json"]

    same_day = run(*arguments, "--at", "2026-12-02T18:00:00+01:00")
    two_days_on = run(*arguments, "--at", "2026-12-04T09:00:00+01:00")

    assert "timing.words.today" not in _rules(same_day.stdout)
    assert "timing.words.today" in _rules(two_days_on.stdout)


def test_the_linkedin_limit_follows_the_account_setting() -> None:
    note = ("Hi Jonas, thanks so much for the talk about keeping trip data in sync when riders "
            "lose signal in the U-Bahn and how your team splits work between Kotlin "
            "Multiplatform and native code. Glad to stay in touch. Sam")
    assert 200 < len(note) <= 300
    context = load_context("berlin")

    free = check(note, context=context, kind="linkedin")
    premium = check(note, context=context, kind="linkedin",
                    settings=CheckSettings.from_mapping({"linkedin_account": "premium"}))

    assert [(f.rule, f.severity) for f in free if f.category == "too-long"] == [
        ("length.linkedin.characters", "error")]
    assert not [f for f in premium if f.category == "too-long"]


def test_an_unknown_linkedin_account_names_the_setting() -> None:
    with pytest.raises(BadInput) as refused:
        CheckSettings.from_mapping({"linkedin_account": "gold"})

    assert refused.value.problems[0].path == "check.linkedin_account"
    assert "premium" in (refused.value.problems[0].expected or "")
