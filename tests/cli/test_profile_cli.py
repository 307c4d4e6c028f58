"""The saved profile on the command line (issue 18, item 3): `profile` shows and
sets "About you"; `new` starts from it and asks only what it lacks, offering to
save what was typed; `agenda` reads times in its zone."""

from __future__ import annotations

import os
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.app.profile import load_profile, profile_file, save_profile
from tests.cli.test_new import ANSWERS
from tests.conftest import JP_FIRST_ROUND, Runner

RAVI = ["--name", "Ravi Subramanian", "--email", "ravi.subramanian@example.net",
        "--timezone", "Europe/London"]
ABOUT_YOU = 5
"""ANSWERS' first five lines are "About you": name, e-mail, a zone typo, zone, strengths."""


def _json(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stdout + result.stderr
    document = result.json()
    assert isinstance(document, dict)
    return document


def test_profile_without_one_says_how_to_save_it(run: Runner) -> None:
    assert "No profile yet" in run("profile").stdout
    assert _json(run("profile", "--format", "json"))["profile"] is None


def test_profile_sets_fields_and_shows_them(run: Runner) -> None:
    first = _json(run("profile", *RAVI, "--strength", "passed the JLPT N2",
                      "--strength", " ran design reviews ", "--format", "json"))

    assert first["saved"] is True
    assert first["profile"] == {"name": "Ravi Subramanian",
                                "email": "ravi.subramanian@example.net",
                                "timezone": "Europe/London",
                                "strengths": ["passed the JLPT N2", "ran design reviews"]}
    assert first["file"] == str(profile_file())
    assert profile_file().stat().st_mode & 0o077 == 0
    changed = _json(run("profile", "--timezone", "Asia/Tokyo", "--format", "json"))
    assert changed["profile"]["timezone"] == "Asia/Tokyo"
    assert changed["profile"]["name"] == "Ravi Subramanian"
    shown = run("profile").stdout
    assert "Asia/Tokyo" in shown
    assert "passed the JLPT N2; ran design reviews" in shown


def test_a_signature_of_several_lines_comes_from_standard_input(run: Runner) -> None:
    run("profile", *RAVI)

    result = run("profile", "--signature", "-", input="Ravi Subramanian\r\n+44 7700 900000\n")

    assert result.exit_code == 0, result.stderr
    saved = load_profile()
    assert saved is not None
    assert saved.signature == "Ravi Subramanian\n+44 7700 900000"
    assert "Ravi Subramanian / +44 7700 900000" in result.stdout
    assert run("profile", "--clear", "signature").exit_code == 0
    cleared = load_profile()
    assert cleared is not None
    assert cleared.signature is None


@pytest.mark.parametrize(("args", "said"), [
    (("--email", "ravi@example.net"), "--name: a profile needs it and none is saved"),
    ((*RAVI[:4], "--timezone", "Mars/Olympus"), "--timezone: 'Mars/Olympus' is not a time zone"),
    ((*RAVI[2:], "--name", "Ravi", "--email", "ravi at example"),
     "--email: 'ravi at example' is not an e-mail address"),
    ((*RAVI, "--signature", "x", "--clear", "signature"), "--signature: is both given and cleared"),
])
def test_a_wrong_value_names_its_option_and_saves_nothing(run: Runner, args: tuple[str, ...],
                                                          said: str) -> None:
    result = run("profile", *args)

    assert result.exit_code == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert not profile_file().exists()


def test_an_existing_profile_refuses_an_empty_name_and_keeps_its_own(run: Runner) -> None:
    run("profile", *RAVI)

    result = run("profile", "--name", "  ", "--format", "json")

    assert result.exit_code == 2
    assert "--name: cannot be empty" in result.stderr
    saved = load_profile()
    assert saved is not None
    assert saved.name == "Ravi Subramanian"


def test_new_starts_from_the_profile_and_asks_nothing_it_holds(run: Runner,
                                                               tmp_path: Path) -> None:
    save_profile({"name": "Ravi Subramanian", "email": "ravi.subramanian@example.net",
                  "timezone": "Europe/London", "signature": "Ravi\n+44 7700 900000",
                  "strengths": ["passed the JLPT N2"]})
    target = tmp_path / "kumo.toml"

    result = run("new", "-o", str(target), input="\n".join(ANSWERS[ABOUT_YOU:]) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "From your profile: Ravi Subramanian <ravi.subramanian@example.net>, Europe/London" \
        in result.stdout
    for question in ("Your name", "Your e-mail", "Your time zone", "Strengths worth",
                     "your profile?"):
        assert question not in result.stdout
    candidate = tomllib.loads(target.read_text(encoding="utf-8"))["candidate"]
    assert candidate == {"name": "Ravi Subramanian", "email": "ravi.subramanian@example.net",
                         "timezone": "Europe/London", "signature": "Ravi\n+44 7700 900000",
                         "strengths": ["passed the JLPT N2"]}


def test_new_without_a_profile_offers_to_save_what_was_typed(run: Runner,
                                                             tmp_path: Path) -> None:
    result = run("new", "-o", str(tmp_path / "kumo.toml"),
                 input="\n".join([*ANSWERS, "y"]) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "stored it as #1" in result.stdout
    assert "Save what you typed about you as your profile" in result.stdout
    saved = load_profile()
    assert saved is not None
    assert (saved.name, saved.email, saved.timezone) == (
        "Alex Morgan", "alex.morgan@example.net", "Europe/Berlin")
    assert saved.strengths == ["led the Kafka migration", "cut cloud costs by 30%"]


@pytest.mark.parametrize("answer", ["n", None])
def test_new_saves_no_profile_when_declined_or_unanswered(run: Runner, tmp_path: Path,
                                                         answer: str | None) -> None:
    answers = ANSWERS if answer is None else [*ANSWERS, answer]

    result = run("new", "-o", str(tmp_path / "kumo.toml"), input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "stored it as #1" in result.stdout
    assert not profile_file().exists()


def test_new_asks_for_strengths_a_profile_lacks_and_offers_to_add_them(
        run: Runner, tmp_path: Path) -> None:
    run("profile", *RAVI)
    answers = [ANSWERS[ABOUT_YOU - 1], *ANSWERS[ABOUT_YOU:], ""]

    result = run("new", "-o", str(tmp_path / "kumo.toml"), input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Your name" not in result.stdout
    assert "Add your strengths to your profile?" in result.stdout
    saved = load_profile()
    assert saved is not None
    assert saved.name == "Ravi Subramanian"
    assert saved.strengths == ["led the Kafka migration", "cut cloud costs by 30%"]


def test_new_goes_on_without_a_broken_profile_and_says_why(run: Runner,
                                                           tmp_path: Path) -> None:
    profile_file().parent.mkdir(parents=True, exist_ok=True)
    profile_file().write_text('name = "Ravi"\ntimezone = "Mars/Olympus"\n', encoding="utf-8")

    result = run("new", "-o", str(tmp_path / "kumo.toml"),
                 input="\n".join([*ANSWERS, "n"]) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "timezone: 'Mars/Olympus' is not a time zone" in result.stderr
    assert "going on without your profile" in result.stderr
    assert "Your name" in result.stdout


@pytest.fixture
def tokyo(run: Runner, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """The Japanese first round stored, its candidate in Berlin, just after it ended."""
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T15:05:00+09:00")
    assert run("import", str(JP_FIRST_ROUND)).stdout.strip() == "1"
    return run


def test_agenda_reads_times_in_the_profiles_zone(tokyo: Runner) -> None:
    before = _json(tokyo("agenda", "--format", "json"))
    assert before["zone"] == "Europe/Berlin"
    tokyo("profile", *RAVI)

    after = _json(tokyo("agenda", "--format", "json"))

    assert after["zone"] == "Europe/London"
    assert datetime.fromisoformat(after["now"]).utcoffset() == timedelta(0)
    items = after["overdue"] + after["today"] + after["upcoming"]
    assert items
    for item in items:
        yours = datetime.fromisoformat(item["due_yours"])
        assert yours.utcoffset() == timedelta(0)
        assert yours == datetime.fromisoformat(item["due"])
    text = tokyo("agenda").stdout
    assert "Today (your time, Europe/London)" in text
    assert "Mon 16 Nov 08:00  16:00 Asia/Tokyo" not in text  # Berlin's clock, London's label
    assert "Mon 16 Nov 07:00  16:00 Asia/Tokyo" in text


def test_agenda_with_a_broken_profile_says_so_and_uses_the_candidates_zone(
        tokyo: Runner) -> None:
    profile_file().write_text("name = 3\n", encoding="utf-8")

    result = tokyo("agenda", "--format", "json")

    assert _json(result)["zone"] == "Europe/Berlin"
    assert "name: Input should be a valid string" in result.stderr


def test_a_broken_profile_is_named_and_replaced_only_whole(run: Runner) -> None:
    profile_file().parent.mkdir(parents=True, exist_ok=True)
    profile_file().write_text("name = [\n", encoding="utf-8")

    shown = run("profile")
    one_field = run("profile", "--timezone", "Europe/London")
    whole = run("profile", *RAVI)

    assert shown.exit_code == 2
    assert "profile: not readable as TOML" in shown.stderr
    assert one_field.exit_code == 2
    assert "expected --name, --email and --timezone together, to replace it" \
        in one_field.stderr
    assert whole.exit_code == 0, whole.stderr
    saved = load_profile()
    assert saved is not None
    assert saved.timezone == "Europe/London"


@settings(max_examples=int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40).filter(str.strip),
       signature=st.text(max_size=80),
       strengths=st.lists(st.text(min_size=1, max_size=30), max_size=4))
def test_any_text_set_by_the_command_is_read_back_as_typed(
        run: Runner, name: str, signature: str, strengths: list[str]) -> None:
    profile_file().unlink(missing_ok=True)
    args = [*RAVI, "--name", name, "--signature", signature or "-"]
    for strength in strengths:
        args += ["--strength", strength]

    result = run("profile", *args, "--format", "json", input=signature)

    assert result.exit_code == 0, result.stderr
    saved = load_profile()
    assert saved is not None
    assert saved.name == name.strip()
    assert saved.signature == (signature.replace("\r\n", "\n").strip("\n").strip() or None)
    assert saved.strengths == [item.strip() for item in strengths if item.strip()]
    assert _json(result)["profile"] == {key: value for key, value in {
        "name": saved.name, "email": saved.email, "timezone": saved.timezone,
        "signature": saved.signature, "strengths": saved.strengths}.items()
        if value not in (None, [])}
