"""The journal across interviews: ``journal search`` and ``journal questions``
in the CLI, and the core both faces call, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.app.records import import_files
from followthrough.debrief.model import Question
from followthrough.debrief.parse import read_debrief
from followthrough.errors import BadInput, StoreError
from followthrough.journal import (
    JournalView,
    found_in,
    journal_texts,
    question_bank,
    search_journal,
)
from followthrough.store import open_store
from tests.conftest import JP_FIRST_ROUND, US_PANEL, Runner

TOKYO_REF = {"id": 1, "company": "Tsubame Data K.K.",
             "role": "Senior Analytics Engineer", "date": "2026-11-16"}


@pytest.fixture
def both(run: Runner) -> Runner:
    """Tokyo (#1, 16 November) and the US panel (#2, 21 December) stored."""
    assert run("import", str(JP_FIRST_ROUND), str(US_PANEL)).exit_code == 0
    return run


def test_search_names_the_interview_and_the_field(both: Runner) -> None:
    result = both("journal", "search", "REFRESH", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: Any = result.json()
    assert document["query"] == "REFRESH"
    fields = [(hit["interview"]["id"], hit["field"], hit["label"]) for hit in document["results"]]
    assert fields == [
        (1, "questions[1].answer", "Your answer"),
        (1, "interviewers[0].topics[0]", "Topic discussed"),
    ]
    assert document["results"][0]["interview"] == TOKYO_REF
    assert document["count"] == 2


def test_search_covers_every_journal_field_newest_interview_first(both: Runner) -> None:
    document: Any = both("journal", "search", "the", "--format", "json").json()
    labels = {hit["label"] for hit in document["results"]}
    assert labels == {"Question you were asked", "Your answer", "What went well",
                      "What to improve", "What you learned about them", "Topic discussed"}
    ids = [hit["interview"]["id"] for hit in document["results"]]
    assert ids == sorted(ids, reverse=True)
    assert set(ids) == {1, 2}


def test_search_reads_as_a_table_for_people(both: Runner) -> None:
    result = both("journal", "search", "backfills")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["interview", "company", "role", "date", "field", "text"]
    assert "Tsubame Data K.K." in lines[1]
    assert "What to improve" in lines[1]
    assert "prepare a clearer answer on backfills" in lines[1]


def test_nothing_found_says_so_and_succeeds(both: Runner) -> None:
    result = both("journal", "search", "kubernetes")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "Nothing in the journal mentions 'kubernetes'" in result.stderr


@pytest.mark.parametrize("text", ["", "   ", "x" * 201])
def test_an_empty_or_long_search_says_what_to_type(both: Runner, text: str) -> None:
    result = both("journal", "search", text, "--format", "json")
    assert result.exit_code == 2
    problem = result.json()["error"]["problems"][0]  # type: ignore[index]
    assert problem["path"] == "TEXT"
    assert "word or phrase" in problem["expected"]
    assert "Traceback" not in result.stderr


def test_the_question_bank_is_newest_first(both: Runner) -> None:
    document: Any = both("journal", "questions", "--format", "json").json()
    asked = [(q["interview"]["id"], q["asked"][:30], q["struggled"])
             for q in document["questions"]]
    assert asked == [
        (2, "Tell us about a finding that t", False),
        (1, "Tell us about a number on a da", False),
        (1, "How would you rebuild a model ", True),
    ]
    assert document["questions"][2]["answer"].startswith("Snapshots and a full refresh")
    assert document["count"] == 3


def test_the_question_bank_filters_by_struggled_and_company(both: Runner) -> None:
    hard: Any = both("journal", "questions", "--struggled", "--format", "json").json()
    assert [q["interview"]["id"] for q in hard["questions"]] == [1]
    by_company: Any = both("journal", "questions", "--company", "BELLHAVEN",
                           "--format", "json").json()
    assert [q["interview"]["company"] for q in by_company["questions"]] == ["Bellhaven Clinics"]
    none = both("journal", "questions", "--struggled", "--company", "bellhaven")
    assert (none.exit_code, none.stdout) == (0, "")
    assert "No questions recorded that match." in none.stderr


def test_the_question_bank_reads_as_a_table(both: Runner) -> None:
    lines = both("journal", "questions", "--struggled").stdout.splitlines()
    assert lines[0].split() == ["interview", "company", "date", "asked", "struggled", "answer"]
    assert "How would you rebuild a model" in lines[1]
    assert " yes " in lines[1]


def test_help_has_examples(run: Runner) -> None:
    for command in ("search", "questions"):
        text = run("journal", command, "--help").stdout
        assert "Examples:" in text
        assert f"followthrough journal {command}" in text


def test_the_core_on_both_databases(db_url: str) -> None:
    store = open_store(db_url)
    try:
        import_files(store, [JP_FIRST_ROUND, US_PANEL])
        hits = search_journal(store, "nursing")
        assert [(h.interview.company, h.field) for h in hits] == [
            ("Bellhaven Clinics", "reflection.learned")]
        assert [q.asked[:11] for q in question_bank(store, company="tsubame", struggled=True)
                ] == ["How would y"]
        with pytest.raises(BadInput):
            search_journal(store, " ")
    finally:
        store.engine.dispose()


def test_another_owner_sees_nothing(db_url: str) -> None:
    from followthrough.store import Store
    from followthrough.store.team import TeamStore

    store = open_store(db_url)
    try:
        import_files(store, [JP_FIRST_ROUND])
        other = TeamStore(store.engine).add_user("bea", "Bea", "candidate", None, None, None)
        stranger = Store.for_user(store.engine, other.id)
        assert search_journal(stranger, "refresh") == []
        assert question_bank(stranger) == []
    finally:
        store.engine.dispose()


TOKYO = read_debrief(Path(JP_FIRST_ROUND))
cases = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(answer=cases, start=st.integers(0, 40), length=st.integers(1, 40),
       swap=st.booleans())
def test_any_part_of_an_answer_finds_it_in_any_case(answer: str, start: int, length: int,
                                                    swap: bool) -> None:
    debrief = JournalView.model_validate(TOKYO.model_copy(
        update={"questions": [Question(asked="Why?", answer=answer)]}).to_document())
    part = answer[start % len(answer):][:length]
    wanted = part.swapcase() if swap and part.swapcase().casefold() == part.casefold() else part
    if not wanted.strip():
        return
    assert ("questions[0].answer", "answer", answer) in found_in(debrief, wanted)


def test_the_view_reads_every_journal_field_of_a_debrief() -> None:
    view = JournalView.model_validate(TOKYO.to_document())
    paths = [path for path, _kind, _text in journal_texts(view)]
    assert paths == [
        "questions[0].asked", "questions[0].answer", "questions[1].asked", "questions[1].answer",
        "reflection.went_well[0]", "reflection.improve[0]", "reflection.improve[1]",
        "reflection.learned", "interviewers[0].topics[0]", "interviewers[0].topics[1]",
        "interviewers[1].topics[0]", "interviewers[1].topics[1]"]
    assert view.interview.starts == TOKYO.interview.starts


def test_a_stored_document_that_cannot_be_read_is_a_store_error(db_url: str) -> None:
    from sqlalchemy import update

    from followthrough.store.schema import interview_documents

    store = open_store(db_url)
    try:
        import_files(store, [JP_FIRST_ROUND])
        with store.transaction() as connection:
            connection.execute(update(interview_documents).values(
                debrief={"interview": {"starts": "soon"}}))
        with pytest.raises(StoreError, match=r"stored interview #1 cannot be read"):
            search_journal(store, "refresh")
    finally:
        store.engine.dispose()


@settings(max_examples=100, deadline=None)
@given(text=cases)
def test_a_search_finds_only_pieces_that_hold_it(text: str) -> None:
    view = JournalView.model_validate(TOKYO.to_document())
    everything = list(journal_texts(view))
    found = found_in(view, text)
    assert all(text.casefold() in piece.casefold() for _path, _kind, piece in found)
    assert [piece for piece in everything if piece in found] == found


def test_letters_beyond_ascii_are_found_in_any_case(db_url: str) -> None:
    store = open_store(db_url)
    try:
        question = Question(asked="ストリーミング処理への移行は？", answer="Erst mit Frau MÜLLER "
                            "besprochen; \"Straße\" als Beispiel")
        store.add_interview(TOKYO.model_copy(update={"questions": [question]}))
        assert [h.field for h in search_journal(store, "ストリーミング")] == ["questions[0].asked"]
        assert [h.field for h in search_journal(store, "müller")] == ["questions[0].answer"]
        assert [h.field for h in search_journal(store, '"strasse"')] == ["questions[0].answer"]
    finally:
        store.engine.dispose()
