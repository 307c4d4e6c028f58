"""`show` prints how each person is addressed, the strengths linked to topics,
a promise's link, file and what it shows, a reference's role and the recruiter's part."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Runner
from tests.debrief.sample import (
    OTHER_STRENGTH,
    SAMPLE,
    SHOWS,
    SHOWS_SAMPLE,
    STRENGTH,
    write_sample,
)


def test_show_prints_the_new_fields(run: Runner, tmp_path: Path) -> None:
    assert run("import", str(write_sample(tmp_path))).exit_code == 0

    text = run("show", "1").stdout

    assert "recruiter  Lena Hoffmann, Talentbrücke Recruiting, runs the process" in text
    assert "greeting  Dear Ms Hoffmann (family name, as usual in DE)" in text
    assert "greeting  Dear Jonas (first name, as recorded)" in text
    assert "greeting  Dear Dr Demir-Wolf (family name, as usual in DE)" in text
    assert f"- keeping trip data in sync offline (your strength: {STRENGTH})" in text
    assert f"- mentoring in your team (your strength: {OTHER_STRENGTH})" in text
    assert "- your release trains and feature flags\n" in text
    assert "link    https://example.org/sync-note" in text
    assert f"attach  {tmp_path / 'files' / 'note.pdf'}" in text
    assert "Priyanka Das, tech lead at Fieldwise Ltd (current)" in text
    assert "greeting  Dear Ms Das (family name, as recorded)" in text


def test_show_prints_what_a_promise_shows(run: Runner, tmp_path: Path) -> None:
    assert run("import", str(write_sample(tmp_path / "old"))).exit_code == 0
    assert run("import", str(write_sample(tmp_path / "new", SHOWS_SAMPLE))).exit_code == 0

    without, with_shows = run("show", "1").stdout, run("show", "2").stdout

    assert f"attach  {tmp_path / 'new' / 'files' / 'note.pdf'}\n      shows   {SHOWS}\n" in (
        with_shows)
    assert "shows   " not in without


def test_show_says_what_a_greeting_lacks(run: Runner, tmp_path: Path) -> None:
    text = (SAMPLE.replace('honorific = "Ms."\nfirm', 'firm')
            .replace('address = "family-name"\nhonorific = "Ms."\n', 'current = false\n', 1)
            .replace("current = true\n", "")
            .replace('[[interviewers]]\nname = "Aylin Demir"',
                     '[[interviewers]]\nname = "Aylin Demir"\nsalutation = "Liebe Aylin"'))
    assert run("import", str(write_sample(tmp_path, text))).exit_code == 0

    shown = run("show", "1").stdout

    assert ("greeting  Dear Lena (first name: record an honorific to write "
            "'Dear … Hoffmann')") in shown
    assert "greeting  Liebe Aylin (as recorded)" in shown
    assert "Priyanka Das, tech lead at Fieldwise Ltd (former)" in shown
    assert "greeting  Hi Priyanka (first name, as usual with your own colleagues)" in shown
