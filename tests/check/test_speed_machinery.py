"""What makes the checker fast must not change what it finds: trigger keys are
sound, cached rule data follows the rule files, and importing the checker stays light."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.check import all_rules, check
from followthrough.check.matchers import REGEXES, Compiled
from followthrough.check.registry import RULES_FOLDER, cache_name, matcher_for, rule_sources
from followthrough.check.speed import triggers
from followthrough.check.text import Document

WORDS = st.sampled_from([
    "I", "i", "I'm", "I’ve", "I am", "a", "my", "My", "the", "The", "of", "if", "am", "as",
    "you", "your", "thank", "enjoyed", "learning", "about", "new", "team", "start", "date",
    "attached", "resume", "soon", "possible", "hear", "back", "by", "Friday", "e-mail", "un-",
    "organised", "disorganised", "a", "pleasure", "great", "meeting", "first", "day", "lol",
    "gonna", "XX", "TODO", "[Company]", "!", "?", ",", ".", "\n", "  ", "-", "’", "'", "é",
    "Äpfel", "x2", "_", "i’m", "im", "kinda", "would", "be", "valuable", "addition", "to",
    "for", "For", "forward", "you", "your", "that", "than", "thanks", "Thank", "time", "an",
    "opportunity", "this", "send", "me", "over", "have", "having", "hear", "from", "asap",
])
TEXTS = st.lists(WORDS, max_size=60).map(" ".join) | st.lists(WORDS, max_size=60).map("".join)


def _all_regexes() -> list[Compiled]:
    for rule in all_rules():
        matcher_for(rule.id)
    return [regex for regex in REGEXES if isinstance(regex, Compiled) and regex.slot is not None]


def _every_position(regex: re.Pattern[str], text: str, start: int,
                    end: int) -> list[tuple[int, int]]:
    """What keyed matching must find: the regex tried at every position in turn."""
    found = []
    last = start - 1
    for position in range(max(start - 1, 0), end):
        if position < last:
            continue
        match = regex.match(text, position, end)
        if match and match.end() > match.start():
            last = match.end()
            found.append(match.span())
    return found


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_keyed_matching_finds_what_trying_every_position_finds(text: str) -> None:
    doc = Document(text)
    for regex in _all_regexes():
        for start, end in ((0, len(text)), doc.body):
            keyed = [match.span() for match in regex.matches(doc, start, end)]
            assert keyed == _every_position(regex.regex, text, start, end), regex.pattern[:60]


ASCII_TEXTS = TEXTS.filter(str.isascii) | st.text(
    alphabet=st.sampled_from("aeimoy IAM'_-.,3\n"), max_size=80)


@settings(max_examples=500, deadline=None)
@given(text=ASCII_TEXTS)
def test_ascii_scanner_finds_the_word_starts_the_word_split_finds(text: str) -> None:
    _all_regexes()
    dispatch = triggers.DISPATCH
    scanned = dispatch.buckets(text)
    split: list[list[int]] = [[] for _ in scanned]
    dispatch._fill(text, split)
    assert scanned == split


def test_pair_keys_are_used_for_short_words() -> None:
    keys = triggers.trigger_keys(r"\bI am (?:very )?interested\b")
    assert keys == frozenset({"i am"})
    assert triggers.trigger_keys(r"\bI(?:['’]ve| have) attached\b") == frozenset(
        {"i've", "i’ve", "i have"})
    assert triggers.trigger_keys(r"\b(?:thanks|grateful)\b") == frozenset({"thank", "grate"})
    # A word of up to four letters is keyed with the next word: "for you", not every "for".
    assert triggers.trigger_keys(r"\bfor you (?:time|help)\b") == frozenset({"for you"})
    assert triggers.trigger_keys(r"\bforward\b") == frozenset({"forwa"})


def test_cached_regex_code_compiles_to_the_same_regex() -> None:
    for regex in _all_regexes():
        args = triggers.code_args(regex.pattern, regex.flags)
        triggers.remember_codes({(regex.pattern, regex.flags): args})
        assert triggers.compile_regex(regex.pattern, regex.flags) == re.compile(
            regex.pattern, regex.flags)


def test_rule_cache_is_named_by_the_rule_files(tmp_path: Path) -> None:
    sources = rule_sources()
    assert cache_name(sources) == cache_name(rule_sources())
    folder = tmp_path / "rules"
    folder.mkdir()
    for family, text in sources:
        (folder / f"{family}.toml").write_text(text, "utf-8")
    assert cache_name(rule_sources(folder)) == cache_name(sources)
    first = folder / f"{sources[0][0]}.toml"
    first.write_text(first.read_text("utf-8").replace("message = ", "message =  ", 1), "utf-8")
    assert cache_name(rule_sources(folder)) != cache_name(sources)
    assert RULES_FOLDER.is_dir()


_PROBE = """
import json, sys
from followthrough.check import check
texts = ["Dear Ann,\\nI am so excited to start my new role!!! lol, I've attached my resume.",
         "Hi Bob, thanks for teh chat. I enjoyed learning about the team. Best, Cy"]
print(json.dumps([[f.as_dict() for f in check(t, kind="thank-you")] for t in texts]))
"""


def _probe(home: Path) -> list[object]:
    env = {**os.environ, "FOLLOWTHROUGH_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          env=env, check=True)
    result: list[object] = json.loads(done.stdout)
    return result


def test_a_process_with_the_caches_finds_the_same_as_one_without(tmp_path: Path) -> None:
    cold = _probe(tmp_path)
    cached = sorted(path.name.split("-")[0] for path in (tmp_path / "cache").iterdir())
    # Two prefilter databases: for checks with a debrief and without.
    prefilters = ["prefilter", "prefilter"] if find_spec("hyperscan") else []
    assert cached == ["precedence", *prefilters, "rules", "spelling"]
    warm = _probe(tmp_path)
    assert warm == cold
    texts = ["Dear Ann,\nI am so excited to start my new role!!! lol, I've attached my resume.",
             "Hi Bob, thanks for teh chat. I enjoyed learning about the team. Best, Cy"]
    assert cold == [[f.as_dict() for f in check(t, kind="thank-you")] for t in texts]


def test_importing_the_checker_stays_light() -> None:
    probe = ("import sys, followthrough.check; print(' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    loaded = set(done.stdout.split())
    heavy = {"sqlalchemy", "pydantic", "click", "rapidfuzz", "holidays", "spellchecker",
             "followthrough.store", "followthrough.cli", "importlib.metadata", "tomllib"}
    assert not loaded & heavy


def test_case_folding_keeps_sentence_ends_and_spaces() -> None:
    """Near-duplicate notes split case-folded text into sentences and words."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = char.casefold()
        if char not in ".!?\n":
            assert not any(end in folded for end in ".!?\n"), hex(code)
        assert char.isspace() == all(part.isspace() for part in folded), hex(code)


def test_word_table_searches_a_shard_as_its_set_would() -> None:
    from followthrough.check.spelling import WordTable, packed, unpacked

    shards = {"abc": "abc\nabcd\nabcde", "xyz": "xyz", "pre": "prefix\npreset\npre",
              "café"[:3]: "café\ncafés"}
    words = {word for shard in shards.values() for word in shard.split("\n")}
    probes = sorted(words | {"ab", "abcdef", "bcd", "prefi", "presets", "xy", "xyzz", "pres",
                             "", "abc\nabcd", "cde", "abcd\n", "caf", "cafe"})
    frequencies = {"\0abc": "abc 70\nabcd 51", "\0xyz": f"xyz {2**40}"}
    table = unpacked(packed(shards | frequencies))
    assert table is not None
    for _ in range(WordTable.SEARCHES + 2):  # searched first, then from sets
        assert [word in table for word in probes] == [word in words for word in probes]
    assert [table.frequency(word) for word in ("abc", "abcd", "abcde", "xyz", "pre", "")] == [
        70, 51, None, 2**40, None, None]


@settings(max_examples=200, deadline=None)
@given(words=st.sets(st.text(st.characters(blacklist_characters="\n\0",
                                           blacklist_categories=("Cs",)),
                             min_size=1, max_size=12), max_size=60))
def test_the_packed_word_table_holds_exactly_its_words(words: set[str]) -> None:
    from followthrough.check.spelling import packed, unpacked

    shards: dict[str, list[str]] = {}
    for word in sorted(words):
        shards.setdefault(word[:3], []).append(word)
    table = unpacked(packed({key: "\n".join(found) for key, found in shards.items()}))
    assert table is not None
    probes = words | {word[:-1] for word in words} | {word + "s" for word in words}
    assert {word for word in probes if word in table} == words


def test_a_damaged_word_table_is_rebuilt() -> None:
    from followthrough.check.spelling import packed, unpacked

    data = packed({"abc": "abc"})
    assert unpacked(data[:-2]) is None
    assert unpacked(b"\xff" * 16) is None
    assert unpacked(b"") is None


@settings(max_examples=300, deadline=None)
@given(text=TEXTS | st.text(max_size=80).map(lambda body: "Subject: x y\n" + body) | st.text())
def test_word_count_from_the_shared_split_counts_the_message_words(text: str) -> None:
    doc = Document(text)
    start, end = doc.message_span
    assert doc.word_count == len(text[start:end].split())
    assert doc.tokens == set(text.split())


@settings(max_examples=300, deadline=None)
@given(text=TEXTS | st.text(alphabet=st.sampled_from("ab \n\r\u2028é"), max_size=40))
def test_positions_counted_from_line_breaks_match_the_lines(text: str) -> None:
    doc = Document(text)
    starts = [start for start, _ in doc.lines]
    assert starts[0] == 0
    for offset in range(len(text) + 1):
        index = max(i for i, start in enumerate(starts) if start <= offset)
        assert doc.position(offset) == (index + 1, offset - starts[index] + 1)


def test_rule_regexes_are_the_same_in_every_process() -> None:
    """The prefilter's cached database is named by the rule regexes: a regex built
    from a set in hash order would differ per process and be compiled every time."""
    probe = ("import hashlib, followthrough.check as c; c.check('x'); "
             "from followthrough.check.matchers import REGEXES; "
             "print(hashlib.sha256(repr([(r.pattern, r.flags) for r in REGEXES]).encode())"
             ".hexdigest())")
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              check=True, env=env)
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_a_few_messages_are_checked_without_the_prefilter() -> None:
    from followthrough.check.engine import prefilter_if_worth_it
    from followthrough.check.speed.prefilter import PREFILTER, WORTH_IT

    text = "Hey Ann!!\n\nThanks for teh chat, I've attached my resume.\n"
    before = PREFILTER.on
    usual = [f.as_dict() for f in check(text)]
    with prefilter_if_worth_it(1):
        assert not PREFILTER.on
        assert PREFILTER.scan(text) is None
        assert [f.as_dict() for f in check(text)] == usual
    assert PREFILTER.on == before
    with prefilter_if_worth_it(WORTH_IT):
        assert PREFILTER.on == before


def test_a_run_of_letters_at_the_size_limit_gets_no_suggestion_and_no_blow_up() -> None:
    from followthrough.check.spelling import LONGEST_SUGGESTED, suggest

    assert suggest("intervew") == "interview"
    assert suggest("x" * 200_000) is None
    assert suggest("q" * (LONGEST_SUGGESTED + 1)) is None


def test_the_checker_model_imports_no_module_that_builds_on_it() -> None:
    """check/model.py is the bottom of the checker: the registry, the engine and the
    settings import it, and it imports none of them (not even inside a function)."""
    import ast

    from followthrough.check import model

    tree = ast.parse(Path(model.__file__).read_text("utf-8"))
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert not {name for name in imported if name.startswith("followthrough.check")}
