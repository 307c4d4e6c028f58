"""The Hyperscan prefilter: it must never change what the checker finds.

The checker works without it (texts outside its alphabet, or no ``hyperscan``
package); these tests compare the two ways on the same texts, and check the
rewriting and the matching from reports on their own.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.check import all_rules, check, check_many
from followthrough.check.matchers import CONTEXT_ONLY, PREFILTER_GATES, REGEXES, Compiled
from followthrough.check.registry import matcher_for
from followthrough.check.speed import cache as derived
from followthrough.check.speed import prefilter as prefilter_module
from followthrough.check.speed.prefilter import (
    ALPHABET,
    PREFILTER,
    STAND_INS,
    Prefilter,
    Unsupported,
    hyperscan_pattern,
    load_database,
    prefilter_bytes,
    report_starts,
)
from followthrough.check.text import Document

from .conftest import example_arguments, has_context

hyperscan = pytest.importorskip("hyperscan")

RULES = all_rules()
EXAMPLE_WORDS = sorted({word for rule in RULES for side in ("pass", "fail")
                        for example in rule.examples[side]
                        for word in re.findall(r"\S+", example.text)})
PIECES = [*EXAMPLE_WORDS, " ", " ", "\n", ", ", ". ", "!", "?", "'", "_", "3", *STAND_INS[:12],
          "\t", "[", "]", "{", "}", "<", ">", ":)", "<3", "José", "Zoë", "café", "É", "ß",
          "résumé", "Müller's", "ſ"]
SCANNED = st.sampled_from([piece for piece in PIECES if prefilter_bytes(piece) is not None])
ANY = st.sampled_from(PIECES)
SCANNED_TEXTS = (st.lists(SCANNED, max_size=50).map(" ".join)
                 | st.lists(SCANNED, max_size=50).map("".join))
TEXTS = st.lists(ANY, max_size=50).map(" ".join) | st.lists(ANY, max_size=50).map("".join)


def _regexes() -> list[Compiled]:
    for rule in RULES:
        matcher_for(rule.id)
    unique: dict[int, Compiled] = {}
    for regex in REGEXES:
        if isinstance(regex, Compiled):
            unique.setdefault(regex.index, regex)
    return list(unique.values())


def _findings(text: str, **arguments: Any) -> list[dict[str, object]]:
    return [finding.as_dict() for finding in check(text, **arguments)]


def test_every_rule_regex_is_prefiltered_except_back_references() -> None:
    regexes = _regexes()
    scanned = PREFILTER.ids(True)
    left_out = [regex.pattern for regex in regexes if regex.index not in scanned]
    assert left_out == [regex.pattern for regex in regexes
                        if re.search(r"\\[1-9]", regex.pattern)]
    assert len(left_out) == 1


def test_checks_without_a_debrief_do_not_scan_for_the_rules_that_need_one() -> None:
    regexes = _regexes()
    plain, everything = PREFILTER.ids(False), PREFILTER.ids(True)
    assert plain < everything
    context_only = [regex.pattern for regex in regexes if regex.index in everything - plain]
    assert any("(?P<org>" in pattern for pattern in context_only)  # another company
    assert any("organisations" in pattern for pattern in context_only)  # English variant
    assert any("yesterday" in pattern for pattern in context_only)  # time words
    for matcher, indexes in PREFILTER_GATES.items():
        if matcher not in CONTEXT_ONLY:
            assert indexes & everything <= plain


@settings(max_examples=300, deadline=None)
@given(text=SCANNED_TEXTS, cut=st.integers(0, 400), skip=st.integers(0, 400))
def test_matches_from_reports_are_exactly_finditers(text: str, cut: int, skip: int) -> None:
    """For every prefiltered regex, in the whole text and in a part of it that does
    not cut a word in two, the matches are Python's own."""
    regexes = _regexes()
    document = Document(text)
    gate = document.gate
    if gate is None:  # a scope that does not end cleanly: no scan to compare
        assert not all(document.ends_cleanly(span[1]) for span in document._scopes())
        return
    end = len(text) - cut % (len(text) + 1)
    while not document.ends_cleanly(end):
        end += 1
    start = skip % (end + 1)
    for regex in regexes:
        if regex.index not in gate.ids:
            continue
        compiled = regex.regex
        for low, high in ((0, len(text)), (start, end)):
            expected = [found.span() for found in compiled.finditer(text, low, high)
                        if found.end() > found.start()]
            found = gate.matches(compiled, regex.index, text, low, high, False)
            assert [match.span() for match in found] == expected, regex.pattern
            first = gate.matches(compiled, regex.index, text, low, high, True)
            assert [match.span() for match in first] == expected[:1], regex.pattern


@settings(max_examples=300, deadline=None)
@given(text=SCANNED_TEXTS | TEXTS,
       kind=st.sampled_from([None, "thank-you", "status-inquiry", "linkedin"]))
def test_findings_are_the_same_without_the_prefilter(text: str, kind: str | None) -> None:
    with_scan = _findings(text, kind=kind)
    original = PREFILTER.scan
    PREFILTER.scan = lambda text, context=True: None  # type: ignore[method-assign]
    try:
        without = _findings(text, kind=kind)
    finally:
        PREFILTER.scan = original  # type: ignore[method-assign]
    assert with_scan == without


EXAMPLES = [(rule.id, example) for rule in RULES for side in ("pass", "fail")
            for example in rule.examples[side] if not example.together_with]


def test_rule_examples_find_the_same_without_the_prefilter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example whose situation is at hand (each names a debrief of the repository)."""
    examples = [example for _, example in EXAMPLES if has_context(example)]
    assert len(examples) > len(EXAMPLES) / 2
    with_scan = [_findings(example.text, **example_arguments(example)) for example in examples]
    monkeypatch.setattr(PREFILTER, "scan", lambda text, context=True: None)
    without = [_findings(example.text, **example_arguments(example)) for example in examples]
    assert with_scan == without
    assert sum(map(len, with_scan)) > len(examples) / 2


def test_notes_of_one_interview_find_the_same_without_the_prefilter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {f"note-{i}.txt": example.text for i, (_, example) in enumerate(EXAMPLES[:60])}
    with_scan = {name: [f.as_dict() for f in found] for name, found in check_many(texts).items()}
    monkeypatch.setattr(PREFILTER, "scan", lambda text, context=True: None)
    without = {name: [f.as_dict() for f in found] for name, found in check_many(texts).items()}
    assert with_scan == without


def test_latin_letters_and_typographic_characters_are_scanned_other_scripts_are_not() -> None:
    assert prefilter_bytes("It’s a “great” fit — thanks…\u00a0") is not None
    accented = "Dear José, Zoë Müller and Łukasz ÿ"
    assert prefilter_bytes(accented) == b"Dear Josq, Zoq Mqller and qukasz q"
    for outside in ("thanks 🙂", "\u0085", "Σ", "東京", "\U0001f600", "\u2028", "ſ", "ı"):
        assert prefilter_bytes(f"Thank you. {outside}") is None, outside
        assert Document(f"Thank you. {outside}").gate is None
    assert prefilter_bytes("Thanks\x00\x1c") == b"Thanks\x00\x1c"


def test_every_character_of_a_byte_is_a_word_character_as_hyperscan_takes_the_byte() -> None:
    """Hyperscan's word boundary counts the bytes of ASCII letters, digits and _ as
    word characters and no others; the rewriting keeps ``\\b`` on that ground."""
    for byte, chars in ALPHABET.items():
        word_byte = chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) == "_")
        for char in chars:
            assert bool(re.fullmatch(r"\w", char)) == word_byte, (hex(byte), char)
    assert all(byte < 0xff for byte in ALPHABET)


def test_stand_ins_have_a_byte_each() -> None:
    assert len(set(STAND_INS)) == len(STAND_INS)
    for byte, chars in ALPHABET.items():
        if byte >= 0x80:
            assert prefilter_bytes(chars) == bytes([byte])


@settings(max_examples=400, deadline=None)
@given(text=TEXTS | st.text(max_size=120))
def test_scopes_end_cleanly(text: str) -> None:
    """A rule is skipped when its regexes have no report in the whole text; that is
    only sound if every scope ends where the regexes match as in the whole text
    (no word boundary or look-ahead that the whole text has not), and a document
    with a scope that does not has no scan to skip by."""
    document = Document(text)
    if document.gate is None:
        return
    for name in ("all", "message", "body", "greeting", "closing", "subject"):
        span = document.scope(name)
        if span is not None:
            assert document.ends_cleanly(span[1]), (name, span)


def test_the_rules_look_ahead_only_as_ends_cleanly_knows() -> None:
    """``Document.ends_cleanly`` is sound for these look-aheads only: a rule with
    another must teach it first."""
    found = {look for regex in _regexes()
             for look in re.findall(r"\(\?[=!][^)]*\)", regex.pattern)}

    assert found <= {r"(?!\w)", r"(?![\w'’])", "(?! and )"}, found
    assert all("$" not in regex.pattern.replace(r"\$", "") for regex in _regexes())


def test_a_scope_cut_before_a_word_is_not_answered_by_the_whole_text() -> None:
    """Hypothesis found ":)" at the end of a scope cut from ":)believeme": a smiley
    there, and none in the whole text."""
    document = Document(":)believeme and more")

    assert not document.ends_cleanly(2)
    assert document.ends_cleanly(11) is False  # " and " starts at 11
    assert document.ends_cleanly(len(document.text))
    assert Document("Dear Omer,\n\nThanks").ends_cleanly(10)
    assert Document("Dear Omer,\n\nThanks").gate is not None
    assert Document("HELLO,0").gate is None  # its greeting ends before a digit


def test_rewriting_keeps_python_semantics_in_sets_of_bytes() -> None:
    assert hyperscan_pattern(r"\bthanks\b", re.IGNORECASE) == r"\b(?i:thanks)\b"
    assert hyperscan_pattern(r"TODO") == r"\x54\x4f\x44\x4f"
    looked = hyperscan_pattern(r"(?<![\w'’])lol(?![\w'’])", re.IGNORECASE)
    assert looked.startswith("(?:^|[")
    assert looked.endswith("])")
    assert "(?i:lol)" in looked
    assert hyperscan_pattern("[\U0001F300-\U0001FAFF]") == r"\xff"
    assert hyperscan_pattern("x(?=y)z") == r"\x78\x7a"
    with pytest.raises(Unsupported):
        hyperscan_pattern(r"\b(\w+)\s+\1\b")
    assert hyperscan_pattern(r"\bthank(?:s| you)\b", re.IGNORECASE, reverse=True) == (
        r"\b(?:(?i:s)|(?i:uoy\x20))(?i:knaht)\b")
    backwards = hyperscan_pattern(r"(?<![\w'’])lol!(?![\w'’])", re.IGNORECASE, reverse=True)
    assert backwards.startswith("(?:^|[")
    assert backwards.endswith("])")
    assert "])(?i:\\x21lol)(?:$|[" in backwards


def test_checks_in_threads_find_what_one_thread_finds() -> None:
    texts = [example.text for _, example in EXAMPLES[:120]]
    expected = [_findings(text, kind="thank-you") for text in texts]
    results: dict[int, list[list[dict[str, object]]]] = {}

    def work(number: int) -> None:
        results[number] = [_findings(text, kind="thank-you") for text in texts]

    threads = [threading.Thread(target=work, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[number] == expected for number in range(4))


PATTERNS = [(0, (r"\bthank(?:s| you)\b", re.IGNORECASE)), (1, (r"\bTODO\b", 0))]


def test_a_database_is_compiled_once_then_read_from_the_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    database, ids = load_database(PATTERNS)
    assert ids == {0, 1}
    assert database is not None

    def refuse(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(prefilter_module, "compile_database", refuse)
    again, ids_again = load_database(PATTERNS)
    assert ids_again == ids
    assert report_starts(again, b"Thanks! TODO") == {0: [0], 1: [8]}


def test_unusable_cached_bytes_are_compiled_afresh() -> None:
    database, _ = load_database(PATTERNS)
    assert database is not None
    for cached in (derived.folder() or pytest.fail("no cache")).glob(
            "prefilter-*.marshal"):
        derived.store(cached.name, (b"not a database", (0, 1)))
    database, ids = load_database(PATTERNS)
    assert database is not None
    assert ids == {0, 1}
    assert report_starts(database, b"thank you") == {0: [0]}


def test_without_hyperscan_there_is_no_scan_and_the_same_findings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Hi Ann, I'm gonna send my resume asap!! Thanks, Bo"
    expected = _findings(text, kind="thank-you")
    monkeypatch.setitem(sys.modules, "hyperscan", None)
    assert load_database(PATTERNS) == (None, frozenset())
    fresh = Prefilter()
    fresh.register(r"\bthanks\b", re.IGNORECASE)
    assert fresh.scan("thanks") is None
    monkeypatch.setattr(PREFILTER, "scan", fresh.scan)
    assert _findings(text, kind="thank-you") == expected


def _corpus() -> list[dict[str, Any]]:
    """The development corpus (seed 11) of ../shared; in a clone without it, the
    rules' own example notes that the scan reads, each with its kind."""
    from .conftest import quality_bench

    quality = quality_bench()
    if not quality.CORPUS_DIR.is_dir():
        return [{"text": example.text, "kind": example.kind} for _, example in EXAMPLES
                if Document(example.text).gate is not None]
    records: list[dict[str, Any]] = quality.corpus(200, 11)
    for record in records:
        record["kind"] = quality.KIND[record["kind"]]
    return records


VARIANTS = {
    "ascii": lambda text: text,
    "typographic": lambda text: text.translate(str.maketrans({"'": "’", '"': "”", "-": "–"})),
    "accented": lambda text: text.replace("e", "é").replace("a", "à").replace("S", "Š"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_corpus_finds_the_same_without_the_prefilter(
        monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    """The development corpus (or the rules' examples, see :func:`_corpus`): as
    generated, with curly quotes and dashes, and with accented letters (which
    share one byte in the scan)."""
    records = _corpus()
    texts = [VARIANTS[variant](record["text"]) for record in records]
    assert all(Document(text).gate is not None for text in texts)
    with_scan = [_findings(text, kind=record["kind"]) for text, record in zip(texts, records,
                                                                              strict=True)]
    monkeypatch.setattr(PREFILTER, "scan", lambda text, context=True: None)
    without = [_findings(text, kind=record["kind"]) for text, record in zip(texts, records,
                                                                            strict=True)]
    assert with_scan == without
    assert sum(map(len, with_scan)) > 150


def test_no_accented_letter_matches_an_ascii_letter_when_case_is_ignored() -> None:
    """So an ASCII letter of a caseless pattern stays a caseless letter for Hyperscan
    (its fast path), not a set with the shared letter byte."""
    from followthrough.check.speed.prefilter import LETTERS

    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert not [char for char in LETTERS if re.fullmatch(letter, char, re.IGNORECASE)]


@pytest.mark.parametrize(("pattern", "text"), [
    (r"(?<!é)foo", "ùfoo"), (r"(?<![é])foo", "qfoo"), (r"foo(?!é)", "fooù"),
    (r"[^é]foo", "ùfoo"), (r"(?<=é)foo", "éfoo"), (r"(?i)é", "É"), (r"é\b", "café ")])
def test_a_byte_for_many_letters_is_let_through_when_one_of_them_would_be(
        pattern: str, text: str) -> None:
    """The letter byte stands for every accented letter: a test passes it when it
    passes one of them, and a negative look-around when one of them fails it."""
    assert re.search(pattern, text)
    database = hyperscan.Database()
    database.compile(expressions=[hyperscan_pattern(pattern, reverse=True).encode("latin-1")],
                     ids=[0], flags=[0])
    data = prefilter_bytes(text)
    assert data is not None
    assert report_starts(database, data)
