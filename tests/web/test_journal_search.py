"""The Journal page: a search across every interview's journal (full text, the
words found marked), the question bank by company, topic and struggle, and the
export links, read-only (GET), its output escaped; and the reflection step's
link to the reflection fields."""

from __future__ import annotations

import html
import re

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.app.records import import_files
from tests.conftest import US_PANEL
from tests.web.payloads import PAYLOADS
from tests.web.test_security import _assert_inert, store_hostile


@pytest.fixture
def both(app: FastAPI, tokyo: int) -> list[int]:
    return [tokyo, import_files(app.state.store, [US_PANEL])[0].id]


def _results(page: str) -> list[str]:
    found = re.search(r'<ol class="journal-hits">(.*?)</ol>', page, re.DOTALL)
    assert found, "no results list"
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.DOTALL)]


def test_the_nav_links_the_journal(client: TestClient) -> None:
    assert '<a href="/journal">Journal</a>' in client.get("/").text


def test_a_search_names_interview_and_field_with_the_match_marked(
        client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"q": "NURSING"})
    assert page.status_code == 200
    assert "1 result for “NURSING”" in page.text
    assert _results(page.text) == [
        "Bellhaven Clinics, UX Researcher II 2026-12-21 · What you learned "
        "about them Research reports to product; nursing signs off anything patients see."]
    assert "<mark>nursing</mark>" in page.text
    assert f'href="/interviews/{both[1]}/journal"' in page.text


def test_no_result_says_so(client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"q": "kubernetes"}).text
    assert "0 results" in page
    assert "Nothing in your journal mentions it yet." in page


def test_an_empty_search_shows_the_bank_and_a_long_one_says_what_to_type(
        client: TestClient, both: list[int]) -> None:
    empty = client.get("/journal", params={"q": "  "})
    assert empty.status_code == 200
    assert "journal-hits" not in empty.text
    assert "Question bank <small>(3)</small>" in empty.text
    long = client.get("/journal", params={"q": "x" * 300})
    assert long.status_code == 422
    assert 'aria-invalid="true"' in long.text
    assert "is 300 characters long: type at most 200 characters" in long.text


def test_the_question_bank_filters_by_company_and_struggled(client: TestClient,
                                                            both: list[int]) -> None:
    every = client.get("/journal").text
    asked = re.findall(r'<article class="question[^"]*">\s*<h3>([^<]+)', every)
    assert [html.unescape(a).strip()[:25] for a in asked] == [
        "Tell us about a finding t", "Tell us about a number on", "How would you rebuild a m"]
    hard = client.get("/journal", params={"struggled": "true"}).text
    assert "Question bank <small>(1)</small>" in hard
    assert "How would you rebuild a model" in hard
    assert " checked" in hard
    company = client.get("/journal", params={"company": "bellhaven"}).text
    assert "Question bank <small>(1)</small>" in company
    assert "Tell us about a finding" in company
    none = client.get("/journal", params={"company": "bellhaven", "struggled": "true"}).text
    assert "No question matches the filter." in none


def test_the_journal_page_changes_nothing_and_needs_no_token(
        app: FastAPI, client: TestClient, both: list[int]) -> None:
    before = app.state.store.count_interviews()
    assert client.get("/journal", params={"q": "the"}).status_code == 200
    assert client.post("/journal", data={"q": "the"}).status_code in (403, 405)
    assert app.state.store.count_interviews() == before


def test_hostile_text_is_shown_as_text(app: FastAPI, client: TestClient) -> None:
    store_hostile(app)
    pages = [client.get("/journal")]
    pages += [client.get("/journal", params={"q": payload[:200], "company": payload})
              for payload in PAYLOADS]
    for answer in pages:
        assert answer.status_code in (200, 422)
        _assert_inert(answer.text, str(answer.url))
    seen = "".join(answer.text for answer in pages)
    shown = [p for p in PAYLOADS if html.escape(p, quote=True) in seen
             or html.escape(p, quote=True).replace("&#x27;", "&#39;") in seen]
    assert len(shown) >= len(PAYLOADS) // 2


def test_the_reflection_step_links_to_the_reflection_fields(client: TestClient,
                                                            tokyo: int) -> None:
    page = client.get(f"/interviews/{tokyo}").text
    step = re.search(r'<li class="step[^"]*" id="a-reflection">(.*?)</li>', page, re.DOTALL)
    assert step, "no reflection step"
    link = f'href="/interviews/{tokyo}/edit#f-reflection-went-well"'
    assert link in step.group(1)
    form = client.get(f"/interviews/{tokyo}/edit").text
    assert 'id="f-reflection-went-well"' in form


def test_words_are_found_by_their_start_and_the_best_match_comes_first(
        client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"q": "refresh"}).text
    assert "2 results for “refresh”" in page
    results = _results(page)
    assert results[0].endswith("Snapshots and a full refresh window, but I could not say "
                               "how long the refresh would take.")
    assert "Topic discussed refreshing sales dashboards" in results[1]
    assert page.count("<mark>refresh</mark>") == 2
    assert "<mark>refreshing</mark>" in page


@pytest.mark.parametrize(("query", "count"), [
    ('"refresh', 2), ("refresh*", 2), ("(refresh)", 2), ("^refresh:", 2), ("-refresh", 2),
    ('refresh"*', 2), ("NOT refresh", 1), ("refresh NEAR(", 0)])
def test_search_syntax_typed_in_the_box_is_only_words(client: TestClient, both: list[int],
                                                      query: str, count: int) -> None:
    """NOT is the word "not" ("I could not say how long the refresh would take"),
    NEAR a word no piece holds beside "refresh"."""
    page = client.get("/journal", params={"q": query})
    assert page.status_code == 200
    assert f"{count} result{'s' if count != 1 else ''} for" in page.text


def test_a_wordless_search_says_what_to_type(client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"q": "(*)"})
    assert page.status_code == 422
    assert "has no letter or digit to look for: type a word or phrase" in html.unescape(page.text)


def test_the_question_bank_filters_by_topic(client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"topic": "TELL", "company": "bell"}).text
    assert "Question bank <small>(1)</small>" in page
    assert "Tell us about a finding" in page
    assert 'id="bank-topic" name="topic" value="TELL"' in page
    refresh = client.get("/journal", params={"topic": "refresh"}).text
    assert "Question bank <small>(1)</small>" in refresh
    assert "How would you rebuild a model" in refresh
    bad = client.get("/journal", params={"topic": "***"})
    assert bad.status_code == 422
    assert 'id="bank-topic-err"' in bad.text


def test_the_export_links_download_the_journal(client: TestClient, both: list[int]) -> None:
    page = client.get("/journal", params={"company": "Bell Haven & Co"}).text
    assert 'href="/journal/export.md?company=Bell%20Haven%20%26%20Co" download' in page
    everything = client.get("/journal").text
    assert 'href="/journal/export.md" download' in everything
    assert 'href="/journal/export.json" download' in everything

    markdown = client.get("/journal/export.md")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert markdown.headers["content-disposition"] == 'attachment; filename="journal.md"'
    assert markdown.text.startswith("# Interview journal\n")
    assert "## Tsubame Data K.K., Senior Analytics Engineer" in markdown.text
    document = client.get("/journal/export.json", params={"company": "tsubame"}).json()
    assert [i["interview"]["company"] for i in document["interviews"]] == ["Tsubame Data K.K."]
    assert client.get("/journal/export.pdf").status_code == 404


def test_a_common_word_shows_the_best_and_says_how_many_there_are(
        client: TestClient, both: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.web.routes import journal

    every = len(_results(client.get("/journal", params={"q": "the"}).text))
    monkeypatch.setattr(journal, "SHOWN", 2)
    page = client.get("/journal", params={"q": "the"}).text
    assert len(_results(page)) == 2
    assert f"{every} results for “the”: the best 2 shown, a longer phrase narrows them" in page
