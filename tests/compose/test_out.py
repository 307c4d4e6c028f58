"""``draft --out DIR``: one .txt per draft, one .eml per e-mail draft, safe names,
nothing overwritten without --force; the .eml reads back with our headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from tests.compose.conftest import interview_end
from tests.conftest import JP_FIRST_ROUND, Runner

from followthrough.compose import compose
from followthrough.compose.export import Sender, planned_files, slug, write_drafts
from followthrough.debrief import read_debrief
from followthrough.errors import BadInput
from followthrough.plan import plan

AFTER_TOKYO = "2026-11-16T15:05:00+09:00"


def _draft_out(run: Runner, out: Path, *extra: str) -> Any:
    return run("draft", str(JP_FIRST_ROUND), "--now", AFTER_TOKYO, "--out", str(out),
               *extra)


def _json_drafts(run: Runner) -> list[dict[str, Any]]:
    result = run("draft", str(JP_FIRST_ROUND), "--now", AFTER_TOKYO, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    drafts: list[dict[str, Any]] = document["drafts"]
    return drafts


def _parse(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def test_out_writes_a_text_per_draft_and_an_eml_per_email(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    drafts = _json_drafts(run)

    result = _draft_out(run, out)

    assert result.exit_code == 0, result.stderr
    emails = [d for d in drafts if d["channel"] == "email" and d["to_email"]]
    expected = {f"{slug(d['action'])}.txt" for d in drafts} | \
        {f"{slug(d['action'])}.eml" for d in emails}
    assert {path.name for path in out.iterdir()} == expected
    assert sorted(result.stdout.split()) == sorted(str(out / name) for name in expected)
    assert "file-thank-you-daichi-mori.eml" in expected
    assert "file-linkedin-daichi-mori.txt" in expected
    assert "file-linkedin-daichi-mori.eml" not in expected
    assert "file-reflection.txt" in expected
    assert "file-reflection.eml" not in expected


def test_the_eml_parses_back_with_the_right_headers_and_body(run: Runner,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    drafts = {d["action"]: d for d in _json_drafts(run)}
    assert _draft_out(run, out).exit_code == 0

    for action in ("file.thank-you.daichi-mori", "file.thank-you.rina-ogawa",
                   "file.recruiter-update"):  # the promises go inside the thank-yous
        draft = drafts[action]
        message = _parse(out / f"{slug(action)}.eml")
        assert message["To"].addresses[0].addr_spec == draft["to_email"]
        assert message["To"].addresses[0].display_name == draft["to"]
        assert str(message["Subject"]) == draft["subject"]
        assert message["From"].addresses[0].addr_spec == "mara.lindholm@example.net"
        assert message["From"].addresses[0].display_name == "Mara Lindholm"
        assert message["X-Unsent"] == "1"
        assert message["Date"].datetime.tzinfo is not None
        assert message["Message-ID"].endswith("@example.net>")
        body = message.get_body(("plain",))
        assert body is not None
        assert body.get_content().replace("\r\n", "\n") == draft["body"]  # CRLF on the wire


def test_the_text_file_holds_subject_and_body(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    drafts = {d["action"]: d for d in _json_drafts(run)}
    assert _draft_out(run, out).exit_code == 0

    mori = drafts["file.thank-you.daichi-mori"]
    text = (out / "file-thank-you-daichi-mori.txt").read_text(encoding="utf-8")
    assert text == f"Subject: {mori['subject']}\n\n{mori['body']}"
    linkedin = drafts["file.linkedin.daichi-mori"]
    assert (out / "file-linkedin-daichi-mori.txt").read_text(encoding="utf-8") == \
        linkedin["body"]


def test_the_text_file_checks_clean(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    assert _draft_out(run, out, "--kind", "thank-you").exit_code == 0

    result = run("check", str(out / "file-thank-you-daichi-mori.txt"), "--context",
                 str(JP_FIRST_ROUND), "--to", "Daichi Mori", "--kind", "thank-you")

    assert result.exit_code == 0, result.stdout + result.stderr


def test_existing_files_are_not_overwritten_without_force(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    mine = out / "file-thank-you-daichi-mori.txt"
    mine.write_text("my own edit\n", encoding="utf-8")

    refused = _draft_out(run, out)

    assert refused.exit_code == 2
    assert "file-thank-you-daichi-mori.txt exists; use --force" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "my own edit\n"
    assert [path.name for path in out.iterdir()] == [mine.name]  # nothing else written

    forced = _draft_out(run, out, "--force")

    assert forced.exit_code == 0, forced.stderr
    assert mine.read_text(encoding="utf-8").startswith("Subject: ")
    assert (out / "file-thank-you-daichi-mori.eml").exists()


def test_a_second_run_is_refused_and_forced(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    assert _draft_out(run, out, "--kind", "recruiter-update").exit_code == 0
    before = (out / "file-recruiter-update.eml").read_bytes()

    assert _draft_out(run, out, "--kind", "recruiter-update").exit_code == 2
    assert (out / "file-recruiter-update.eml").read_bytes() == before
    assert _draft_out(run, out, "--kind", "recruiter-update", "--force").exit_code == 0


def test_json_lists_the_written_files(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "drafts"

    result = _draft_out(run, out, "--kind", "thank-you", "--format", "json")

    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    assert set(document) == {"drafts", "written"}
    assert sorted(Path(p).name for p in document["written"]) == [
        "file-thank-you-daichi-mori.eml", "file-thank-you-daichi-mori.txt",
        "file-thank-you-rina-ogawa.eml", "file-thank-you-rina-ogawa.txt"]


def test_the_sender_comes_from_the_mail_settings(run: Runner, tmp_path: Path,
                                                 private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(
        '[mail]\nfrom = "alex@mail.example"\nname = "Alex M."\n', encoding="utf-8")
    out = tmp_path / "drafts"

    assert _draft_out(run, out, "--kind", "thank-you").exit_code == 0

    sender = _parse(out / "file-thank-you-daichi-mori.eml")["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Alex M.", "alex@mail.example")


def test_stored_interview_files_are_named_by_id(run: Runner, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", AFTER_TOKYO)
    assert run("import", str(JP_FIRST_ROUND)).stdout.strip() == "1"
    out = tmp_path / "drafts"

    assert run("draft", "1", "--kind", "thank-you", "--out", str(out)).exit_code == 0

    assert (out / "1-thank-you-daichi-mori.eml").exists()


@pytest.mark.parametrize(("action", "expected"), [
    ("1.thank-you.daichi-mori", "1-thank-you-daichi-mori"),
    ("file.thank-you.josé-müller", "file-thank-you-jose-muller"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "draft"),
    ("a/b\\c:d", "a-b-c-d"),
    ("佐藤", "draft"),
])
def test_slugs_are_safe_file_names(action: str, expected: str) -> None:
    assert slug(action) == expected


def test_colliding_slugs_get_numbers(tmp_path: Path) -> None:
    debrief = read_debrief(JP_FIRST_ROUND)
    drafts = compose(None, debrief, plan(debrief, now=interview_end(debrief)
                                         + timedelta(minutes=5)), kind="thank-you")
    twins = [drafts[0], drafts[0]]

    names = [path.name for path, _, _ in planned_files(twins, tmp_path)]

    assert len(set(names)) == len(names) == 4


def test_write_drafts_refuses_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    debrief = read_debrief(JP_FIRST_ROUND)
    drafts = compose(None, debrief, plan(debrief, now=interview_end(debrief)
                                         + timedelta(minutes=5)), kind="move-on")
    target = tmp_path / "not-a-folder"
    target.write_text("", encoding="utf-8")
    sender = Sender("Mara Lindholm", "mara.lindholm@example.net")

    with pytest.raises(BadInput, match="is not a folder"):
        write_drafts(drafts, target, sender=sender, at=datetime(2026, 12, 1, tzinfo=UTC),
                     force=True)
