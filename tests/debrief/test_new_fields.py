"""The optional fields of a person's form of address, a topic's linked
strength (and whether it was told in the interview) and its short form, a
promise's link and file and what it shows, a reference's role and the recruiter's part: read,
checked (problems name the field and the line), written back and stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from followthrough.debrief import Debrief, parse_debrief, read_debrief, to_toml, validate_debrief
from followthrough.debrief.lines import key_lines
from followthrough.debrief.model import Topic
from followthrough.errors import BadInput, Problem
from followthrough.store import open_store
from followthrough.store.schema import interview_documents
from tests.conftest import Runner
from tests.debrief.sample import (
    KMP_TOPIC,
    OTHER_STRENGTH,
    SAMPLE,
    SHORT_SAMPLE,
    SHOWS,
    SHOWS_SAMPLE,
    STRENGTH,
    TOLD_SAMPLE,
    line_number,
    write_sample,
)


def _problems(path: Path, text: str) -> list[Problem]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_debrief(path)
    return caught.value.problems


def test_the_sample_reads_with_every_new_field(tmp_path: Path) -> None:
    debrief = read_debrief(write_sample(tmp_path))

    jonas, aylin = debrief.interviewers
    assert (jonas.honorific, jonas.address) == ("Mr.", "first-name")
    assert jonas.topic_texts[0] == "keeping trip data in sync offline"
    assert jonas.strength_for("keeping trip data in sync offline") == STRENGTH
    assert aylin.family_name == "Demir-Wolf"
    assert aylin.strength_for("mentoring in your team") == OTHER_STRENGTH
    assert debrief.recruiter is not None
    assert debrief.recruiter.runs_process is True
    reference = debrief.references[0]
    assert (reference.role, reference.company, reference.current) == (
        "tech lead", "Fieldwise Ltd", True)
    assert debrief.promises[0].url == "https://example.org/sync-note"


def test_a_relative_file_is_read_from_the_debriefs_folder_and_stored_absolute(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_sample(tmp_path / "debriefs")
    monkeypatch.chdir(tmp_path)  # elsewhere: the debrief's folder decides, not this one

    debrief = read_debrief(path)

    stored = Path(debrief.promises[0].file or "")
    assert stored.is_absolute()
    assert stored == tmp_path / "debriefs" / "files" / "note.pdf"
    assert debrief.to_document()["promises"] == [{
        "what": "the design note on conflict-free sync", "to": "Aylin Demir",
        "url": "https://example.org/sync-note", "file": str(stored)}]


def test_a_missing_file_names_the_field_the_line_and_the_resolved_path(tmp_path: Path) -> None:
    path = write_sample(tmp_path)
    text = SAMPLE.replace('file = "files/note.pdf"', 'file = "files/notes.pdf"')

    problems = _problems(path, text)

    assert [(p.path, p.line) for p in problems] == [
        ("promises[0].file", line_number(text, 'file = "files/notes.pdf"'))]
    assert problems[0].message == f"no such file: {tmp_path / 'files' / 'notes.pdf'}"
    assert str(tmp_path) in (problems[0].expected or "")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    path = write_sample(tmp_path)

    problems = _problems(path, SAMPLE.replace('file = "files/note.pdf"', 'file = "files"'))

    assert problems[0].path == "promises[0].file"
    assert problems[0].message == f"this is a folder, not a file: {tmp_path / 'files'}"


def test_text_without_a_file_reads_a_relative_path_from_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_sample(tmp_path)
    monkeypatch.chdir(tmp_path)

    debrief = parse_debrief(SAMPLE, source="<stdin>")

    assert debrief.promises[0].file == str(tmp_path / "files" / "note.pdf")
    monkeypatch.chdir(tmp_path / "files")
    with pytest.raises(BadInput) as caught:
        parse_debrief(SAMPLE, source="<stdin>")
    assert caught.value.problems[0].message == (
        f"no such file: {tmp_path / 'files' / 'files' / 'note.pdf'}")


def test_an_absolute_file_is_checked_the_same_way(tmp_path: Path) -> None:
    write_sample(tmp_path)
    present = tmp_path / "files" / "note.pdf"

    debrief = parse_debrief(SAMPLE.replace('"files/note.pdf"', json.dumps(str(present))))

    assert debrief.promises[0].file == str(present)
    with pytest.raises(BadInput) as caught:
        parse_debrief(SAMPLE.replace('"files/note.pdf"', json.dumps(str(tmp_path / "gone.pdf"))))
    assert caught.value.problems[0].path == "promises[0].file"


def test_validating_stored_data_leaves_the_file_alone(tmp_path: Path) -> None:
    """The store validates what it reads back: a file moved since must not make
    the record unreadable."""
    debrief = read_debrief(write_sample(tmp_path))
    (tmp_path / "files" / "note.pdf").unlink()

    again = validate_debrief(debrief.to_document(), from_json=True)

    assert again == debrief


@pytest.mark.parametrize("text", [SAMPLE, SHOWS_SAMPLE], ids=["sample", "shows"])
def test_a_json_backup_round_trips(run: Runner, tmp_path: Path, text: str) -> None:
    path = write_sample(tmp_path, text)
    assert run("import", str(path)).exit_code == 0
    backup = tmp_path / "backup.json"
    backup.write_text(run("export", "json", "--all").stdout, encoding="utf-8")
    elsewhere = Runner(db=f"sqlite:///{tmp_path / 'other.db'}")

    result = elsewhere("import", str(backup))

    assert result.exit_code == 0, result.stderr
    assert (elsewhere("export", "json", "--all").json()["interviews"][0]["debrief"]  # type: ignore[index]
            == run("export", "json", "--all").json()["interviews"][0]["debrief"])  # type: ignore[index]
    single = tmp_path / "one.json"
    single.write_text(json.dumps(read_debrief(path).to_document()), encoding="utf-8")
    assert read_debrief(single) == read_debrief(path)
    promise = elsewhere("export", "json", "--all").json()["interviews"][0]["debrief"][  # type: ignore[index]
        "promises"][0]
    assert promise.get("shows") == (SHOWS if text == SHOWS_SAMPLE else None)


def test_a_strength_not_in_the_candidates_list_is_named_with_a_hint(tmp_path: Path) -> None:
    path = write_sample(tmp_path)
    wrong = "built the offline mode of a field service app"
    text = SAMPLE.replace(f'strength = "{OTHER_STRENGTH}"', f'strength = "{wrong}"')

    problems = _problems(path, text)

    assert [(p.path, p.line) for p in problems] == [
        ("interviewers[1].topics[1].strength", line_number(text, wrong))]
    assert problems[0].message == (f"{wrong!r} is not one of candidate.strengths; "
                                   f"did you mean {STRENGTH!r}?")
    assert problems[0].expected == "one of candidate.strengths, word for word"


def test_a_strength_with_no_strengths_at_all(tmp_path: Path) -> None:
    text = SAMPLE.replace(f'  "{STRENGTH}",\n  "{OTHER_STRENGTH}",\n', "")

    problems = _problems(write_sample(tmp_path), text)

    assert {p.path for p in problems} == {"interviewers[0].topics[0].strength",
                                          "interviewers[1].topics[1].strength"}
    assert "candidate.strengths, which is empty" in problems[0].message


@pytest.mark.parametrize(("written", "path", "message"), [
    ('{ about = "x", strength = 3 }', "interviewers[0].topics[1].strength",
     "Input should be a valid string, got 3"),
    ('{ about = "x", strenght = "y" }', "interviewers[0].topics[1].strenght",
     "unknown key 'strenght'; did you mean 'strength'?"),
    ('{ strength = "y" }', "interviewers[0].topics[1].about", "required key is missing"),
    ("5", "interviewers[0].topics[1]", "must be text or a table, got 5"),
    ('""', "interviewers[0].topics[1]", "must not be empty"),
])
def test_a_bad_topic_gets_one_problem_in_the_users_terms(
        tmp_path: Path, written: str, path: str, message: str) -> None:
    text = SAMPLE.replace('  "how your team', f'  {written},\n  "how your team')

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.message) for p in problems] == [(path, message)]
    assert problems[0].line == line_number(text, written, after=line_number(text, "topics"))


@pytest.mark.parametrize(("honorific", "message"), [
    ('""', "must not be empty"),
    ('"   "', "must not be empty"),
    ('"Herr Doktor Professor Dr."', "is 25 characters long; at most 20 are allowed"),
])
def test_honorific_problems_read_well(tmp_path: Path, honorific: str, message: str) -> None:
    text = SAMPLE.replace('honorific = "Mr."', f"honorific = {honorific}")

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.message) for p in problems] == [("interviewers[0].honorific", message)]
    assert problems[0].line == line_number(text, f"honorific = {honorific}")
    assert "Ms., Mr., Dr." in (problems[0].expected or "")


def test_a_bad_form_of_address_lists_the_choices(tmp_path: Path) -> None:
    text = SAMPLE.replace('address = "family-name"', 'address = "surname"')

    problems = _problems(write_sample(tmp_path), text)

    assert problems[0].path == "references[0].address"
    assert problems[0].expected == "first-name | family-name"


def test_types_are_described_in_toml_words(tmp_path: Path) -> None:
    text = SAMPLE.replace("runs_process = true", 'runs_process = "yes"').replace(
        'email = "lena.hoffmann@talent.example"', "email = 5")

    problems = {p.path: p for p in _problems(write_sample(tmp_path), text)}

    assert problems["recruiter.runs_process"].expected == "true or false"
    assert problems["recruiter.email"].expected == "text in quotes"


def test_toml_round_trip_keeps_topic_tables_and_every_new_field(tmp_path: Path) -> None:
    debrief = read_debrief(write_sample(tmp_path))

    written = to_toml(debrief)
    again = parse_debrief(written)

    assert again == debrief
    assert again.to_document() == debrief.to_document()
    assert isinstance(again.interviewers[0].topics[0], Topic)
    assert "[[topics]]" not in written
    assert f'{{ about = "keeping trip data in sync offline", strength = "{STRENGTH}" }}' in written


def test_told_is_read_and_written_back(tmp_path: Path) -> None:
    debrief = read_debrief(write_sample(tmp_path, TOLD_SAMPLE))

    jonas, aylin = debrief.interviewers
    assert jonas.strength_told("keeping trip data in sync offline")
    assert not aylin.strength_told("mentoring in your team")  # left out: not told
    written = to_toml(debrief)
    assert (f'{{ about = "keeping trip data in sync offline", strength = "{STRENGTH}", '
            "told = true }") in written
    assert parse_debrief(written) == debrief


def test_told_without_a_strength_is_refused_by_name_and_line(tmp_path: Path) -> None:
    text = SAMPLE.replace('  "your release trains and feature flags",',
                          '  { about = "your release trains and feature flags", told = true },')

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("interviewers[1].topics[0].told", line_number(text, "told = true"))]
    assert "links no strength" in problems[0].message
    assert problems[0].expected is not None
    assert "one of candidate.strengths" in problems[0].expected
    assert "leave the key out" in problems[0].expected


def test_told_false_without_a_strength_is_allowed(tmp_path: Path) -> None:
    text = SAMPLE.replace('  "your release trains and feature flags",',
                          '  { about = "your release trains and feature flags", told = false },')

    debrief = read_debrief(write_sample(tmp_path, text))

    assert not debrief.interviewers[1].strength_told("your release trains and feature flags")


def _stored_with_an_old_one(tmp_path: Path, text: str
                            ) -> tuple[Debrief, dict[str, Any], Debrief]:
    """The sample as ``text`` and the plain sample, stored in SQLite: the first read
    back and as the store keeps it (its JSON), and the plain one read back, each
    checked equal to what went in."""
    store = open_store(f"sqlite:///{tmp_path / 'stored.db'}")
    new = read_debrief(write_sample(tmp_path / "new", text))
    old = read_debrief(write_sample(tmp_path / "old"))
    try:
        new_id, _ = store.add_interview(new)
        old_id, _ = store.add_interview(old)
        again, before = store.get_interview(new_id).debrief, store.get_interview(old_id).debrief
        with store.engine.connect() as connection:
            stored = connection.execute(select(interview_documents.c.debrief).where(
                interview_documents.c.interview_id == new_id)).scalar_one()
    finally:
        store.engine.dispose()
    assert (again, before) == (new, old)
    return again, stored if isinstance(stored, dict) else json.loads(stored), before


def test_the_store_keeps_told_and_reads_a_debrief_without_it(tmp_path: Path) -> None:
    again, document, before = _stored_with_an_old_one(tmp_path, TOLD_SAMPLE)

    assert again.interviewers[0].strength_told("keeping trip data in sync offline")
    assert document["interviewers"][0]["topics"][0]["told"] is True
    assert before.to_document()["interviewers"][0]["topics"][0] == {  # type: ignore[index]
        "about": "keeping trip data in sync offline", "strength": STRENGTH}
    assert not before.interviewers[0].strength_told("keeping trip data in sync offline")


def test_short_is_read_and_written_back_with_or_without_a_strength(tmp_path: Path) -> None:
    debrief = read_debrief(write_sample(tmp_path, SHORT_SAMPLE))

    jonas, aylin = debrief.interviewers
    assert jonas.short_for("keeping trip data in sync offline") == "offline sync"
    assert jonas.strength_for("keeping trip data in sync offline") == STRENGTH
    assert jonas.topics[1] == Topic(about=KMP_TOPIC, short="your Kotlin Multiplatform split")
    assert jonas.strength_for(KMP_TOPIC) is None
    assert aylin.short_for("mentoring in your team") is None  # left out
    written = to_toml(debrief)
    assert (f'{{ about = "keeping trip data in sync offline", strength = "{STRENGTH}", '
            'short = "offline sync" }') in written
    assert f'{{ about = "{KMP_TOPIC}", short = "your Kotlin Multiplatform split" }}' in written
    assert parse_debrief(written) == debrief


@pytest.mark.parametrize("short", ["keeping trip data in sync offline",
                                   "keeping trip data in sync offline, always"])
def test_a_short_form_not_shorter_than_its_topic_is_refused_by_name_and_line(
        tmp_path: Path, short: str) -> None:
    text = SHORT_SAMPLE.replace('short = "offline sync"', f'short = "{short}"')

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("interviewers[0].topics[0].short", line_number(text, f'short = "{short}"'))]
    assert "not shorter than its topic" in problems[0].message
    assert problems[0].expected is not None
    assert "a few words, shorter than the topic" in problems[0].expected
    assert "short" in problems[0].describe()


def test_a_short_form_over_60_characters_is_refused_by_name_and_line(tmp_path: Path) -> None:
    short = "your " + "very " * 11 + "split"
    text = SHORT_SAMPLE.replace('short = "your Kotlin Multiplatform split"', f'short = "{short}"')
    assert 60 < len(short) < len(KMP_TOPIC)

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("interviewers[0].topics[1].short", line_number(text, f'short = "{short}"'))]
    assert "60" in problems[0].message + (problems[0].expected or "")


def test_the_store_keeps_short_and_reads_a_debrief_without_it(tmp_path: Path) -> None:
    again, document, before = _stored_with_an_old_one(tmp_path, SHORT_SAMPLE)

    assert again.interviewers[0].short_for(KMP_TOPIC) == "your Kotlin Multiplatform split"
    assert document["interviewers"][0]["topics"][1] == {
        "about": KMP_TOPIC, "short": "your Kotlin Multiplatform split"}
    assert before.to_document()["interviewers"][0]["topics"][1] == KMP_TOPIC  # type: ignore[index]
    assert before.interviewers[0].short_for("keeping trip data in sync offline") is None


def test_shows_is_read_and_written_back(tmp_path: Path) -> None:
    debrief = read_debrief(write_sample(tmp_path, SHOWS_SAMPLE))

    assert debrief.promises[0].shows == SHOWS
    written = to_toml(debrief)
    assert f'shows = "{SHOWS}"\n' in written
    assert parse_debrief(written) == debrief
    assert read_debrief(write_sample(tmp_path / "old")).promises[0].shows is None


@pytest.mark.parametrize("given", [f"{SHOWS}.", f"{SHOWS}. ", f"  {SHOWS} ."])
def test_a_full_stop_at_the_end_of_shows_is_dropped(tmp_path: Path, given: str) -> None:
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', f'shows = "{given}"')

    debrief = read_debrief(write_sample(tmp_path, text))

    assert debrief.promises[0].shows == given[:given.rindex(".")].rstrip()
    assert parse_debrief(to_toml(debrief)) == debrief


def test_an_ellipsis_at_the_end_of_shows_is_kept(tmp_path: Path) -> None:
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', 'shows = "how it merged edits..."')

    assert read_debrief(write_sample(tmp_path, text)).promises[0].shows == \
        "how it merged edits..."


@pytest.mark.parametrize("given", [f"It shows {SHOWS}", f"This covers {SHOWS}",
                                   f" It {SHOWS}"])
def test_shows_that_starts_a_sentence_of_its_own_is_refused_by_name_and_line(
        tmp_path: Path, given: str) -> None:
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', f'shows = "{given}"')

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("promises[0].shows", line_number(text, f'shows = "{given}"'))]
    word = given.split()[0]
    assert f"starts with '{word}'" in problems[0].message
    assert problems[0].expected is not None
    assert 'a clause that fits after "It shows ..."' in problems[0].expected
    assert "promises[0].shows" in problems[0].describe()


@pytest.mark.parametrize("given", ["this quarter's numbers", "its frame times",
                                   "Italian and English copy side by side"])
def test_shows_may_start_with_a_word_like_it_or_this(tmp_path: Path, given: str) -> None:
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', f'shows = "{given}"')

    assert read_debrief(write_sample(tmp_path, text)).promises[0].shows == given


@pytest.mark.parametrize("given", ["", " .", "how it merged\\nedits"])
def test_empty_or_two_line_shows_is_refused_by_name_and_line(tmp_path: Path,
                                                             given: str) -> None:
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', f'shows = "{given}"')

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("promises[0].shows", line_number(text, f'shows = "{given}"'))]


def test_shows_over_160_characters_is_refused_by_name_and_line(tmp_path: Path) -> None:
    given = "how " + "the app merged edits, " * 8
    text = SHOWS_SAMPLE.replace(f'shows = "{SHOWS}"', f'shows = "{given}"')
    assert len(given) > 160

    problems = _problems(write_sample(tmp_path), text)

    assert [(p.path, p.line) for p in problems] == [
        ("promises[0].shows", line_number(text, f'shows = "{given}"'))]
    assert "160" in problems[0].message + (problems[0].expected or "")


def test_the_store_keeps_shows_and_reads_a_debrief_without_it(tmp_path: Path) -> None:
    again, document, before = _stored_with_an_old_one(tmp_path, SHOWS_SAMPLE)

    assert again.promises[0].shows == SHOWS
    assert document["promises"][0]["shows"] == SHOWS
    assert "shows" not in before.to_document()["promises"][0]  # type: ignore[index]
    assert before.promises[0].shows is None


def test_lines_of_array_items_and_inline_table_keys() -> None:
    text = ('topics = [\n  "a, ]",  # comment ]\n  { about = "b",\n    strength = "c" },\n'
            '  """d\n["""\n]\nnext = { e = [1, 2], f = "g" }\n')

    lines = key_lines(text)

    assert lines[("topics",)] == 1
    assert lines[("topics", 0)] == 2
    assert lines[("topics", 1)] == 3
    assert lines[("topics", 1, "about")] == 3
    assert lines[("topics", 1, "strength")] == 4
    assert lines[("topics", 2)] == 5
    assert lines[("next",)] == 8
    assert lines[("next", "e", 1)] == 8
    assert lines[("next", "f")] == 8


@pytest.mark.parametrize(("old", "new", "path"), [
    ("schema = 1", "schema = 1\nTopic = 1", "Topic"),
    ('rapport = "warm"', 'rapport = "warm"\nTopic = 1', "interviewers[0].Topic"),
    ('  "how your team', '  { about = "x", Topic = "y" },\n  "how your team',
     "interviewers[0].topics[1].Topic"),
])
def test_a_users_key_named_like_a_model_is_an_unknown_key(tmp_path: Path, old: str, new: str,
                                                          path: str) -> None:
    problems = _problems(write_sample(tmp_path), SAMPLE.replace(old, new, 1))

    assert [p.path for p in problems] == [path]
    assert problems[0].message.startswith("unknown key 'Topic'")
