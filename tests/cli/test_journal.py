"""The journal across interviews: ``journal search``, ``journal questions`` and
``journal export`` in the CLI, and the core both faces call, on SQLite (FTS5)
and PostgreSQL (full-text search)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.app.journal import (
    JournalView,
    count_found,
    found_spans,
    question_bank,
    search_journal,
    snippet_of,
)
from followthrough.app.records import import_files
from followthrough.debrief.model import Question
from followthrough.debrief.parse import read_debrief
from followthrough.errors import BadInput, StoreError
from followthrough.store import open_store
from followthrough.store.journal import journal_texts
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
    answer = document["results"][0]
    assert answer["snippet"] == answer["text"]
    assert [answer["snippet"][start:end] for start, end in answer["highlights"]] == [
        "refresh", "refresh"]
    topic = document["results"][1]
    assert [topic["snippet"][start:end] for start, end in topic["highlights"]] == ["refreshing"]


def test_search_covers_every_journal_field(both: Runner) -> None:
    document: Any = both("journal", "search", "the", "--format", "json").json()
    labels = {hit["label"] for hit in document["results"]}
    assert labels == {"Question you were asked", "Your answer", "What went well",
                      "What to improve", "What you learned about them", "Topic discussed"}
    assert {hit["interview"]["id"] for hit in document["results"]} == {1, 2}


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


@pytest.mark.parametrize("text", ["", "   ", "x" * 201, "***", '"( )"'])
def test_an_empty_long_or_wordless_search_says_what_to_type(both: Runner, text: str) -> None:
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
        every = search_journal(store, "the")
        assert count_found(store, "the") == len(every) > 3
        assert search_journal(store, "the", limit=3) == every[:3]
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


def test_the_store_keeps_every_journal_field_of_a_debrief() -> None:
    paths = [path for path, _kind, _text in journal_texts(TOKYO.to_document())]
    assert paths == [
        "questions[0].asked", "questions[0].answer", "questions[1].asked", "questions[1].answer",
        "reflection.went_well[0]", "reflection.improve[0]", "reflection.improve[1]",
        "reflection.learned", "interviewers[0].topics[0]", "interviewers[0].topics[1]",
        "interviewers[1].topics[0]", "interviewers[1].topics[1]"]
    view = JournalView.model_validate(TOKYO.to_document())
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
            question_bank(store)
    finally:
        store.engine.dispose()


def test_letters_beyond_ascii_are_found_in_any_case(db_url: str) -> None:
    store = open_store(db_url)
    try:
        question = Question(asked="ストリーミング処理への移行は？", answer="Erst mit Frau MÜLLER "
                            "besprochen; \"Straße\" als Beispiel")
        store.add_interview(TOKYO.model_copy(update={"questions": [question]}))
        assert [h.field for h in search_journal(store, "ストリーミング")] == ["questions[0].asked"]
        assert [h.field for h in search_journal(store, "müller")] == ["questions[0].answer"]
        assert [h.field for h in search_journal(store, '"Straße"')] == ["questions[0].answer"]
    finally:
        store.engine.dispose()


def _with_answers(*answers: str) -> list[Any]:
    """Tokyo's debrief once per answer, each a day earlier than the one before."""
    from datetime import timedelta

    debriefs = []
    for days, answer in enumerate(answers):
        interview = TOKYO.interview.model_copy(
            update={"starts": TOKYO.interview.starts - timedelta(days=days)})
        debriefs.append(TOKYO.model_copy(update={
            "interview": interview, "questions": [Question(asked="Why?", answer=answer)]}))
    return debriefs


def test_the_best_match_comes_first_however_old(db_url: str) -> None:
    store = open_store(db_url)
    try:
        newer, older = _with_answers(
            "A long answer about many other things that mentions refunds only once, at last.",
            "Refunds: refunds, and again refunds.")
        newer_id, _ = store.add_interview(newer)
        older_id, _ = store.add_interview(older)
        hits = [(h.interview.id, h.field) for h in search_journal(store, "refunds")
                if h.field.startswith("questions")]
        assert hits == [(older_id, "questions[0].answer"), (newer_id, "questions[0].answer")]
    finally:
        store.engine.dispose()


def test_the_index_follows_edits_and_deletions(db_url: str) -> None:
    store = open_store(db_url)
    try:
        first, second = _with_answers("Kafka consumers", "Postgres replicas")
        first_id, _ = store.add_interview(first)
        second_id, _ = store.add_interview(second)
        store.replace_interview(first_id, first.model_copy(
            update={"questions": [Question(asked="Why?", answer="Postgres partitions")]}))
        assert search_journal(store, "kafka") == []
        assert [h.interview.id for h in search_journal(store, "postgres")] == [
            first_id, second_id]
        store.delete_interview(second_id)
        assert [h.interview.id for h in search_journal(store, "postgres")] == [first_id]
        with store.reading() as connection:
            from sqlalchemy import func, select

            from followthrough.store.schema import journal_entries
            rows = connection.scalar(select(func.count()).select_from(journal_entries))
        assert rows == len(list(journal_texts(store.get_interview(first_id)
                                              .debrief.to_document())))
    finally:
        store.engine.dispose()


def test_debriefs_stored_before_the_upgrade_are_searchable(db_url: str) -> None:
    """The migration fills the index from the debriefs already stored."""
    from followthrough.store import migrate
    from followthrough.store.engine import make_engine

    engine = make_engine(db_url)
    migrate.upgrade(engine, "0011_digests")
    engine.dispose()
    store = open_store(db_url)  # brings it up to date; now store rows the old way
    try:
        with store.transaction() as connection:
            from sqlalchemy import text

            connection.execute(text("DELETE FROM journal_entries"))
            connection.execute(text("UPDATE alembic_version SET version_num = :v"),
                               {"v": "0011_digests"})
            if connection.dialect.name == "sqlite":
                connection.execute(text("DROP TABLE journal_fts"))
            connection.execute(text("DROP TABLE journal_entries"))
    finally:
        store.engine.dispose()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        from sqlalchemy import insert

        from followthrough.store.schema import interview_documents, interviews
        now = TOKYO.interview.starts
        interview_id = connection.execute(insert(interviews).values(
            owner_id=1, company="Tsubame Data K.K.", role="R", starts_at=now, digest="d",
            created_at=now, updated_at=now, uid="0" * 32)).inserted_primary_key[0]
        connection.execute(insert(interview_documents).values(
            interview_id=interview_id, debrief=TOKYO.to_document()))
    engine.dispose()

    store = open_store(db_url)
    try:
        assert [h.field for h in search_journal(store, "backfills")] == ["reflection.improve[1]"]
    finally:
        store.engine.dispose()


QUERY_SYNTAX = [*'"*()^:-+{}[]\'\\&|!<>.,;~@#$%/= ',
    "AND", "OR", "NOT", "NEAR", "NEAR(", "a*", "NOT b", "col:", "'", "''", '""', "&&", "!!"]
anything = st.lists(st.one_of(st.sampled_from(QUERY_SYNTAX), st.text(max_size=4)),
                    max_size=12).map("".join)


def test_no_typed_text_makes_the_search_fail(db_url: str) -> None:
    """Quotes, operators, stars and brackets are separators, never query syntax:
    every input either searches or is refused with what to type."""
    store = open_store(db_url)
    try:
        import_files(store, [JP_FIRST_ROUND, US_PANEL])

        @settings(max_examples=300, deadline=None)
        @given(text=anything)
        def search_anything(text: str) -> None:
            try:
                hits = search_journal(store, text)
            except BadInput as error:
                problem = error.problems[0]
                assert problem.path == "TEXT"
                assert "word or phrase" in (problem.expected or "")
                return
            for hit in hits:
                assert hit.snippet.text.replace("…", "") in hit.text

        search_anything()
    finally:
        store.engine.dispose()


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüñøÅÇαβγΔжЖяЯ"
words = st.text(st.sampled_from(LETTERS), min_size=1, max_size=12)
answers = st.lists(words, min_size=1, max_size=6).flatmap(
    lambda found: st.tuples(st.just(found), st.lists(st.sampled_from(" ,.;:-()\"'*!?"),
                                                     min_size=len(found), max_size=len(found))))


def test_any_word_of_an_answer_or_its_start_finds_it_in_any_case(db_url: str) -> None:
    store = open_store(db_url)
    try:
        interview_id, _ = store.add_interview(TOKYO)

        @settings(max_examples=100, deadline=None)
        @given(answer=answers, pick=st.integers(0, 5), length=st.integers(1, 12),
               swap=st.booleans())
        def finds(answer: tuple[list[str], list[str]], pick: int, length: int,
                  swap: bool) -> None:
            found, gaps = answer
            text = "".join(word + gap for word, gap in zip(found, gaps, strict=True))
            store.replace_interview(interview_id, TOKYO.model_copy(
                update={"questions": [Question(asked="Why?", answer=text)]}))
            wanted = found[pick % len(found)][:length]
            wanted = wanted.swapcase() if swap else wanted
            hits = [h for h in search_journal(store, wanted) if h.field == "questions[0].answer"]
            assert len(hits) == 1, (text, wanted)
            marked = [hits[0].snippet.text[start:end] for start, end in
                      hits[0].snippet.highlights()]
            assert any(piece.casefold().startswith(wanted.casefold()) for piece in marked)

        finds()
    finally:
        store.engine.dispose()


prose = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                              exclude_characters="…"), max_size=400)


@settings(max_examples=300, deadline=None)
@given(text=prose, query=st.lists(words, min_size=1, max_size=3))
def test_a_snippet_is_a_part_of_the_text_with_the_words_found_marked(
        text: str, query: list[str]) -> None:
    snippet = snippet_of(text, query)
    shown = snippet.text
    inner = shown.removeprefix("…").removesuffix("…")
    assert inner in text
    assert shown.startswith("…") == (not text.startswith(inner))
    assert shown.endswith("…") == (not text.endswith(inner))
    spans = found_spans(text, query)
    if not spans:
        assert snippet.highlights() == []
        assert shown == text[:len(inner)] + ("…" if inner != text else "")
        return
    first = text[spans[0][0]:spans[0][1]]
    assert first in [shown[start:end] for start, end in snippet.highlights()]
    if len(text) > 160 and len(first) < 100:
        assert len(inner) <= 160
    wanted = [word.casefold() for word in query]
    for start, end in snippet.highlights():
        piece = shown[start:end].casefold()
        assert any(piece.startswith(word) or _plain(piece).startswith(_plain(word))
                   for word in wanted)


def _plain(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def test_a_long_answer_is_shown_around_what_was_found() -> None:
    text = ("We talked first about the team and the office. " * 4
            + "Then the idempotency of settlement files came up. " + "More small talk. " * 6)
    snippet = snippet_of(text, ["IDEMP"])
    assert snippet.text.startswith("…")
    assert snippet.text.endswith("…")
    assert [snippet.text[s:e] for s, e in snippet.highlights()] == ["idempotency"]
    assert len(snippet.text) <= 162


def test_the_question_bank_filters_by_topic(both: Runner) -> None:
    about: Any = both("journal", "questions", "--topic", "REFRESH", "--format", "json").json()
    assert [q["asked"][:30] for q in about["questions"]] == ["How would you rebuild a model "]
    tell: Any = both("journal", "questions", "--topic", "tell us", "--format", "json").json()
    assert [q["interview"]["id"] for q in tell["questions"]] == [2, 1]
    both_filters: Any = both("journal", "questions", "--topic", "tell", "--company", "tsubame",
                             "--format", "json").json()
    assert [q["interview"]["id"] for q in both_filters["questions"]] == [1]
    none = both("journal", "questions", "--topic", "kubernetes")
    assert (none.exit_code, none.stdout) == (0, "")
    assert "No questions recorded that match." in none.stderr
    bad = both("journal", "questions", "--topic", "(*)")
    assert bad.exit_code == 2
    assert "--topic: '(*)' has no letter or digit" in bad.stderr


def test_a_terminal_shows_the_words_found_highlighted(both: Runner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from followthrough.app.journal import search_journal as search
    from followthrough.cli import output

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    store = open_store()
    try:
        hits = search(store, "backfills")
    finally:
        store.engine.dispose()
    from followthrough.cli.journal import _marked

    monkeypatch.setenv("COLUMNS", "200")
    output.table(None, ["text"], [(_marked(hits[0].snippet),)], screen)
    assert "\x1b[1;7mbackfills\x1b[0m" in screen.getvalue()


def test_export_writes_markdown_and_json_across_interviews(both: Runner, tmp_path: Path
                                                          ) -> None:
    markdown = both("journal", "export")
    assert markdown.exit_code == 0, markdown.stderr
    text = markdown.stdout
    assert text.startswith("# Interview journal\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Bellhaven Clinics, UX Researcher II (#2, 2026-12-21)",
                        "## Tsubame Data K.K., Senior Analytics Engineer (#1, 2026-11-16)"]
    assert "- **How would you rebuild a model whose history changed upstream?** (struggled)\n" \
           "  Snapshots and a full refresh window" in text
    assert "### What to improve\n\n- say the result first\n" in text

    target = tmp_path / "tsubame.json"
    written = both("journal", "export", "--company", "TSUBAME", "--format", "json",
                   "-o", str(target))
    assert written.exit_code == 0, written.stderr
    assert "Wrote the journal of 1 interview(s)" in written.stderr
    import json
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["company"] == "TSUBAME"
    assert [i["interview"] for i in document["interviews"]] == [TOKYO_REF]
    tokyo = document["interviews"][0]
    assert tokyo["questions"][1]["struggled"] is True
    assert tokyo["reflection"]["improve"] == ["say the result first",
                                              "prepare a clearer answer on backfills"]
    assert tokyo["topics"][0]["with"] == "Daichi Mori"


def test_an_export_with_nothing_written_says_so(run: Runner) -> None:
    result = run("journal", "export", "--format", "json")
    assert result.json() == {"version": 1, "company": None, "count": 0, "interviews": []}
    assert "Nothing written in the journal yet." in run("journal", "export").stdout


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                    min_size=1, max_size=60).filter(lambda t: t.strip() == t and t))
def test_the_markdown_export_shows_the_users_words_as_written(text: str) -> None:
    """Whatever the text, Markdown reads it back as that text: no markup from it."""
    from markdown_it import MarkdownIt

    from followthrough.app.journal_export import escaped

    tokens = MarkdownIt("commonmark").parse("- " + escaped(text))
    inline = [token for token in tokens if token.type == "inline"]
    assert len(inline) == 1
    shown = "".join(child.content for child in inline[0].children or []
                    if child.type in ("text", "softbreak"))
    assert shown == text


def test_limit_keeps_the_best_results(both: Runner) -> None:
    every: Any = both("journal", "search", "the", "--format", "json").json()
    best: Any = both("journal", "search", "the", "--limit", "3", "--format", "json").json()
    assert best["results"] == every["results"][:3]
    assert best["count"] == 3
    assert both("journal", "search", "the", "--limit", "0").exit_code == 2
