"""`followthrough check` reads files, folders and standard input (`-`), in one run."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Runner

CASUAL = "Hey Daichi!!\n\nThanks for the chat. I'm looking forward to starting my role.\n"
CLEAN = ("Dear Ms Ito,\n\nThank you for the conversation about the settlement service. "
         "I remain very interested in the role.\n\nKind regards,\nMara Lindholm\n")


def _files(result: object) -> list[str]:
    document = result.json()  # type: ignore[attr-defined]
    return [entry["file"] for entry in document["results"]]


def _folder(tmp_path: Path) -> Path:
    drafts = tmp_path / "drafts"
    (drafts / "round-2").mkdir(parents=True)
    (drafts / ".hidden").mkdir()
    (drafts / "b.txt").write_text(CASUAL, "utf-8")
    (drafts / "a.md").write_text(CLEAN, "utf-8")
    (drafts / "round-2" / "c.txt").write_text(CASUAL, "utf-8")
    (drafts / "notes.toml").write_text("not = 'a message'\n", "utf-8")
    (drafts / ".draft.txt.swp").write_text(CASUAL, "utf-8")
    (drafts / ".hidden" / "d.txt").write_text(CASUAL, "utf-8")
    return drafts


def test_a_folder_is_its_message_files_in_name_order(run: Runner, tmp_path: Path) -> None:
    drafts = _folder(tmp_path)

    result = run("check", str(drafts), "--format", "json")

    assert _files(result) == [str(drafts / "a.md"), str(drafts / "b.txt"),
                              str(drafts / "round-2" / "c.txt")]
    findings = {entry["file"]: {f["rule"] for f in entry["findings"]}
                for entry in result.json()["results"]}  # type: ignore[index]
    assert "tone.familiar.greeting" in findings[str(drafts / "b.txt")]
    assert "tone.familiar.greeting" not in findings[str(drafts / "a.md")]


def test_folders_files_and_stdin_together(run: Runner, tmp_path: Path) -> None:
    drafts = _folder(tmp_path)
    single = tmp_path / "single.txt"
    single.write_text(CLEAN, "utf-8")

    result = run("check", str(single), "-", str(drafts / "round-2"), "--format", "json",
                 input=CASUAL)

    assert _files(result) == [str(single), "<stdin>", str(drafts / "round-2" / "c.txt")]
    stdin = result.json()["results"][1]  # type: ignore[index]
    hey = next(f for f in stdin["findings"] if f["rule"] == "tone.familiar.greeting")
    assert CASUAL[hey["start"]:hey["end"]] == "Hey"


def test_stdin_as_text(run: Runner) -> None:
    result = run("check", "-", input=CASUAL)

    assert "<stdin>:1:1: " in result.stdout
    assert "(tone.familiar.greeting)" in result.stdout


def test_a_folder_without_messages_is_bad_input(run: Runner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "debrief.toml").write_text("x = 1\n", "utf-8")

    result = run("check", str(empty), "--format", "json")

    assert result.exit_code == 2
    [problem] = result.json()["error"]["problems"]  # type: ignore[index]
    assert problem["source"] == str(empty)
    assert problem["message"] == "this folder holds no message file"
    assert ".txt" in problem["expected"]


def test_a_bad_file_in_a_folder_is_named(run: Runner, tmp_path: Path) -> None:
    drafts = _folder(tmp_path)
    (drafts / "latin1.txt").write_bytes("Dear Ms Müller".encode("latin-1"))

    result = run("check", str(drafts), "--format", "json")

    assert result.exit_code == 2
    [problem] = result.json()["error"]["problems"]  # type: ignore[index]
    assert problem["source"] == str(drafts / "latin1.txt")
    assert "UTF-8" in problem["message"]


def test_a_linked_folder_is_not_followed(run: Runner, tmp_path: Path) -> None:
    drafts = _folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "e.txt").write_text(CASUAL, "utf-8")
    (drafts / "link").symlink_to(elsewhere, target_is_directory=True)

    result = run("check", str(drafts), "--format", "json")

    assert str(drafts / "link" / "e.txt") not in _files(result)


def test_text_output_matches_the_json(run: Runner, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(CASUAL, "utf-8")

    text = run("check", str(note)).stdout
    findings = run("check", str(note), "--format", "json").json()["results"][0]["findings"]  # type: ignore[index]

    lines = text.splitlines()
    assert len(lines) == 2 * len(findings)
    for finding, line in zip(findings, lines[::2], strict=True):
        assert line == (f"{note}:{finding['line']}:{finding['column']}: {finding['severity']} "
                        f"{finding['message']} ({finding['rule']})")


def test_a_message_at_the_limit_is_read_and_one_past_it_refused(run: Runner,
                                                                  tmp_path: Path) -> None:
    from followthrough.cli.checking import MAX_TEXT

    at_limit = tmp_path / "at.txt"
    at_limit.write_text(CLEAN + "x" * (MAX_TEXT - len(CLEAN.encode())), "utf-8")
    past = tmp_path / "past.txt"
    past.write_text(CLEAN + "x" * (MAX_TEXT + 1 - len(CLEAN.encode())), "utf-8")

    read = run("check", str(at_limit), "--format", "json")
    refused = run("check", str(past), "--format", "json")

    assert read.exit_code != 2
    assert refused.exit_code == 2
    [problem] = refused.json()["error"]["problems"]  # type: ignore[index]
    assert problem["source"] == str(past)
    assert f"{MAX_TEXT:,} bytes" in problem["message"]
