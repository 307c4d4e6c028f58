"""Templates as data: strict slots, the user's folder in front of ours, and every
sentence our own (no 8-word run copied from the seed articles)."""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from tests.compose.conftest import EXAMPLE_FILES, PROJECT, interview_end

from followthrough.compose import compose, compose_one
from followthrough.compose.templating import Templates
from followthrough.debrief import Debrief, read_debrief
from followthrough.plan import Action, plan

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
DOCS = PROJECT / "docs" / "templates.md"
RUN = 8
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_NON_WORD = re.compile(r"[^0-9a-z']+")


@pytest.fixture(scope="module")
def tokyo() -> Debrief:
    return read_debrief(EXAMPLE_FILES["tokyo"])


def _actions(debrief: Debrief) -> list[Action]:
    return plan(debrief, now=interview_end(debrief) + timedelta(minutes=5))


def _thank_you(debrief: Debrief, name: str) -> Action:
    return next(a for a in _actions(debrief) if a.kind == "thank-you" and a.to == name)


def test_a_missing_value_is_an_error_not_a_blank(tokyo: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text("Dear {{ person.nickname }},\n")

    with pytest.raises(UndefinedError):
        compose_one(None, tokyo, _thank_you(tokyo, "Hiroshi Sato"), template_dir=tmp_path)


def test_a_user_part_replaces_ours(tokyo: Debrief, tmp_path: Path) -> None:
    folder = tmp_path / "parts" / "thank-you" / "offer"
    folder.mkdir(parents=True)
    for name in ("1", "2", "3", "4", "5"):
        (folder / f"{name}.txt.j2").write_text(
            "I can walk you through the {{ company }} migration notes at any time.\n")

    draft = compose_one(None, tokyo, _thank_you(tokyo, "Hiroshi Sato"), template_dir=tmp_path)

    assert "I can walk you through the Kumo Robotics migration notes" in draft.body
    assert not [f for f in draft.findings if f.severity != "info"]


def test_a_user_template_extends_the_default(tokyo: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text(
        '{% extends "default:thank-you.txt.j2" %}\n'
        "{% block close %}\nWith appreciation,\n{{ candidate.name }}\n{% endblock %}\n")

    draft = compose_one(None, tokyo, _thank_you(tokyo, "Hiroshi Sato"), template_dir=tmp_path)

    assert draft.body.endswith("With appreciation,\nAlex Morgan\n")
    assert "moving nightly batch jobs to streaming" in draft.body
    assert draft.subject


def test_the_default_folder_is_templates_in_the_data_folder(tokyo: Debrief,
                                                            private_home: Path) -> None:
    folder = private_home / "templates"
    folder.mkdir(parents=True)
    (folder / "keep-searching.txt.j2").write_text("My own list for {{ company }}.\n")

    drafts = compose(None, tokyo, _actions(tokyo), kind="keep-searching")

    assert drafts
    assert all(d.body == "My own list for Kumo Robotics.\n" for d in drafts)


def test_phrasings_differ_for_every_interviewer_of_a_panel(tokyo: Debrief) -> None:
    templates = Templates(None)
    for part in ("thank-you/opening", "thank-you/topic", "thank-you/interest"):
        count = len(templates.phrasings(part))
        chosen = {templates.choose(part, "interview 7", rank) for rank in range(count)}
        assert len(chosen) == count


def _template_texts() -> dict[str, str]:
    root = resources.files("followthrough.compose") / "templates"
    found: dict[str, str] = {}

    def walk(folder: object, prefix: str) -> None:
        for entry in folder.iterdir():  # type: ignore[attr-defined]
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".j2"):
                found[prefix + entry.name] = entry.read_text("utf-8")
    walk(root, "")
    return found


def _prose(template: str) -> list[str]:
    """The template's own words: text outside tags (a slot breaks a run) and the
    string literals inside tags, each as a separate piece."""
    pieces = [_TAG.sub(" \x00 ", template.replace("{#", " ").replace("#}", " "))]
    for tag in _TAG.findall(template):
        pieces += [a or b for a, b in _STRING.findall(tag)]
    return pieces


def _runs(text: str) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for piece in text.replace("’", "'").casefold().split("\x00"):
        words = [w.strip("'") for w in _NON_WORD.split(piece) if w.strip("'")]
        runs |= {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    return runs


def test_no_eight_word_run_of_the_seed_articles_in_any_template() -> None:
    seeds: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        seeds |= _runs(path.read_text("utf-8"))
    assert len(seeds) > 4000
    texts = _template_texts()
    assert len(texts) > 40

    copied = {name: [" ".join(run) for run in _runs("\x00".join(_prose(text))) & seeds]
              for name, text in texts.items()}

    assert not {name: runs for name, runs in copied.items() if runs}


def test_the_seed_check_would_catch_a_copied_sentence() -> None:
    sentence = next(line for line in (SEEDS / "002_8064817fdef24491.txt").read_text(
        "utf-8").splitlines() if len(line.split()) > 12)
    seeds = _runs(sentence)

    assert _runs("\x00".join(_prose(f"{{{{ greeting }}}}\n{sentence}\n"))) & seeds


def _docs_example(name: str) -> str:
    text = DOCS.read_text("utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n```[a-z+]*\n(.*?)```", text,
                      re.DOTALL)
    assert found, f"docs/templates.md has no example {name}"
    return found.group(1)


def test_the_documented_override_renders(tokyo: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text(_docs_example("thank-you.txt.j2"))
    interest = tmp_path / "parts" / "thank-you" / "interest"
    interest.mkdir(parents=True)
    (interest / "9.txt.j2").write_text(_docs_example("parts/thank-you/interest/9.txt.j2"))

    drafts = [compose_one(None, tokyo, _thank_you(tokyo, name), template_dir=tmp_path)
              for name in ("Hiroshi Sato", "Emi Kobayashi")]

    for draft in drafts:
        assert "P.S." in draft.body
        assert not [f for f in draft.findings if f.severity != "info"], draft.findings
