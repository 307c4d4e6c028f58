"""Our own words: no rule, culture profile or timing rule shares an 8-word run
with the seed articles (a rule's ``source``, which cites the article it follows,
may quote it). The articles stay outside the repository; their
fingerprint (``tests/data/seed-shingles.txt``, hashes only) is compared here,
and in CI, where ``../shared`` sits beside the clone, the fingerprint is
checked to be current."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import PROJECT, require_shared, seed_fingerprint

PACKAGE = PROJECT / "src" / "followthrough"
SOURCES = {
    "checker rules": sorted((PACKAGE / "check" / "rules").glob("*.toml")),
    "culture profiles": sorted((PACKAGE / "culture" / "profiles").glob("*.toml")),
    "timing rules": [PACKAGE / "plan" / "rules.py"],
}
CITATION = "source"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != CITATION:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(path: Path) -> list[str]:
    """Every string of a TOML file, or every string literal of a Python module."""
    if path.suffix == ".toml":
        return list(_strings(tomllib.loads(path.read_text("utf-8"))))
    tree = ast.parse(path.read_text("utf-8"))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _copied(texts: list[str]) -> list[str]:
    fingerprint = seed_fingerprint()
    seeds = fingerprint.read_fingerprint()
    runs = fingerprint.shingles(fingerprint.BREAK.join(texts))
    return sorted(run for run in runs if fingerprint.digest(run) in seeds)


def test_the_fingerprint_covers_the_four_articles() -> None:
    lines = seed_fingerprint().read_fingerprint()
    assert len(lines) > 4000
    assert all(len(line) == 16 and int(line, 16) >= 0 for line in lines)


def test_no_rule_or_profile_copies_an_eight_word_run_of_the_seeds() -> None:
    for name, paths in SOURCES.items():
        assert paths, name
        texts = [text for path in paths for text in _texts(path)]
        assert sum(len(text.split()) for text in texts) > 100, name
        assert not _copied(texts), name


def test_a_copied_run_in_a_rule_would_be_found(tmp_path: Path) -> None:
    fingerprint = seed_fingerprint()
    made_up = "every one of these eleven words forms a run we can find"
    seeds = {fingerprint.digest(run) for run in fingerprint.shingles(made_up)}
    rule = tmp_path / "rule.toml"
    rule.write_text(f'[[rule]]\nwhy = "Keep it short: {made_up}."\nsource = "000 §1"\n',
                    encoding="utf-8")

    found = {fingerprint.digest(run) for run in fingerprint.shingles(" ".join(_texts(rule)))}

    assert len(seeds) == 5
    assert seeds <= found


def test_the_fingerprint_is_current_with_the_shared_seeds() -> None:
    seeds = require_shared() / "seeds"
    fingerprint = seed_fingerprint()
    articles = [path.read_text("utf-8") for path in sorted(seeds.glob("*.txt"))]

    assert len(articles) == 4
    assert frozenset(fingerprint.fingerprint(articles)) == fingerprint.read_fingerprint(), (
        "tests/data/seed-shingles.txt is stale: run scripts/fingerprint-seeds.py")


def test_a_sentence_of_a_seed_article_is_in_the_fingerprint() -> None:
    article = require_shared() / "seeds" / "002_8064817fdef24491.txt"
    fingerprint = seed_fingerprint()
    sentence = next(line for line in article.read_text("utf-8").splitlines()
                    if len(line.split()) > 12)

    runs = fingerprint.shingles(sentence)
    assert runs
    assert {fingerprint.digest(run) for run in runs} <= fingerprint.read_fingerprint()
