"""The guided `new`: answers at the prompt become a valid, stored TOML debrief."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Runner

ANSWERS = [
    "Alex Morgan", "alex.morgan@example.net",
    "Europe/Berln",            # a typo: asked again
    "Europe/Berlin",
    "led the Kafka migration; cut cloud costs by 30%",
    "",                        # no signature
    "Kumo Robotics K.K.", "Senior Data Engineer",
    "JP", "",                  # no region
    "",                        # their zone: the default Asia/Tokyo
    "2026-11-16 14:00",
    "60", "1", "video",
    "within two weeks", "2026-11-30",
    "y", "n",
    "a second round with the CTO",
    "email",
    "Hiroshi Sato", "Head of Data Platform", "h.sato@kumo.example", "", "", "warm",
    "", "",                    # address him as Japan expects (Sato-san): the default
    "",                        # no exact greeting
    "moving batch jobs to streaming; on-call across Tokyo and Berlin",
    "", "",                    # no strength linked to either topic
    "the whiteboard session",  # a moment worth recalling
    "how do you share on-call",  # not a question without its mark: asked again
    "How do you share on-call between Tokyo and Berlin?",
    "2",                       # the question belongs to the second topic
    "We got on well",          # how it went: a full stop is added
    "Emi Kobayashi", "HR Business Partner", "not-an-email", "e.kobayashi@kumo.example", "",
    "", "neutral", "", "", "", "relocation support", "", "", "", "",
    "",                        # no more interviewers
    "Yuki Watanabe", "Example Search Partners", "yuki.watanabe@search.example", "",
    "", "", "", "",            # the default address, no greeting; runs the process: ?
    "a write-up of the Kafka migration", "Hiroshi Sato",
    "", "", "", "",            # no topic, link or file; inside the thank-you
    "",                        # no more promises
    "",                        # nothing to share
    "my JLPT N2 certificate", "Emi Kobayashi", "", "",
    "",                        # no questions they asked
    "", "", "",                # no reflection yet
    "",                        # no references
]


def test_new_asks_the_process_questions_and_stores_the_debrief(run: Runner,
                                                               tmp_path: Path) -> None:
    target = tmp_path / "kumo.toml"

    result = run("new", "-o", str(target), input="\n".join(ANSWERS) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "stored it as #1" in result.stdout
    for question in ("decision takes", "unsuccessful candidates", "Further rounds",
                     "prefer to be contacted"):
        assert question in result.stdout
    assert "is not a time zone" in result.stdout + result.stderr
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    interview = data["interview"]
    assert interview["starts"].isoformat() == "2026-11-16T14:00:00+09:00"
    assert interview["timezone"] == "Asia/Tokyo"
    assert interview["decision_by"].isoformat() == "2026-11-30"
    assert interview["they_will_contact"] is True
    assert interview["notify_on_rejection"] is False
    assert [p["name"] for p in data["interviewers"]] == ["Hiroshi Sato", "Emi Kobayashi"]
    assert data["interviewers"][1]["email"] == "e.kobayashi@kumo.example"
    assert [p.get("highlight") for p in data["interviewers"]] == ["the whiteboard session", None]
    assert "is not a question" in result.stdout + result.stderr
    assert [p.get("question") for p in data["interviewers"]] == [
        "How do you share on-call between Tokyo and Berlin?", None]
    assert data["interviewers"][0]["question_about"] == "on-call across Tokyo and Berlin"
    assert [p.get("how_it_went") for p in data["interviewers"]] == ["We got on well.", None]
    assert data["promises"] == [{"what": "a write-up of the Kafka migration",
                                 "to": "Hiroshi Sato"}]
    assert "What does it show?" not in result.stdout  # neither a link nor a file
    shown = run("show", "1", "--format", "json").json()
    assert shown["interview"]["debrief"]["recruiter"]["firm"] == (  # type: ignore[index]
        "Example Search Partners")
    # the written file imports to the same record
    assert run("import", str(target)).stdout.strip() == "1"


def test_new_refuses_to_overwrite(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "kumo.toml"
    target.write_text("keep me", encoding="utf-8")

    result = run("new", "-o", str(target), input="\n".join(ANSWERS) + "\n")

    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"


BERLIN = [
    "Sam Okafor", "sam.okafor@example.com", "Europe/London",
    "built the offline mode of a field-service app; mentored four junior engineers", "",
    "Nordlicht Mobility GmbH", "Senior Android Engineer", "DE", "", "Europe/Berlin",
    "2026-12-02 10:00", "75", "1", "video", "", "", "?", "?", "", "email",
    "Jonas Becker", "", "", "", "", "warm",
    "first",                   # Germany expects Mr. Becker; he offered first names
    "",                        # no exact greeting
    "offline sync in the U-Bahn; how your team splits work between Kotlin Multiplatform "
    "and native code",
    "3",                       # no such strength: asked again
    "1",
    "maybe",                   # told him about it? neither y nor n: asked again
    "y",                       # told him about it in the interview
    "",                        # no strength behind the second topic, a long one: so
    "how your team splits work between Kotlin Multiplatform and native code!",  # not shorter
    "your Kotlin Multiplatform split",  # in a few words: asked again and given
    "",                        # no moment to recall
    "", "",                    # no question for him, nothing for the recruiter
    "Aylin Demir", "", "", "", "", "neutral",
    "",                        # the default: family name
    "Demir-Wolf", "Dr.", "", "", "", "", "",
    "Max Weber", "", "", "", "", "cool",
    "", "",                    # family name, and the one in his name
    "",                        # no honorific known: the first name, then
    "", "", "", "", "",
    "",                        # no more interviewers
    "Lena Hoffmann", "", "", "", "", "", "Ms.", "", "n",
    "the design note on conflict-free sync", "Aylin Demir",
    "example.org/note",        # not a web address: asked again
    "https://example.org/note",
    "missing.pdf",             # no such file: asked again
    "note.pdf",
    "It shows how the app merged offline edits",  # what it shows: not a clause, asked again
    "how the app merged offline edits from two devices without losing either.",
    "",                        # inside the thank-you
    "",                        # no more promises
    "",                        # nothing to share
    "",                        # no missed points
    "",                        # no questions they asked
    "", "", "",                # no reflection yet
    "Priyanka Das", "priyanka.das@example.org", "", "tech lead", "Fieldwise Ltd", "y", "", "",
    "",                        # nothing to emphasise
    "",                        # no more references
]


def test_new_asks_how_to_address_each_person_and_what_each_promise_is(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.pdf").write_bytes(b"%PDF-1.4 a note\n")
    target = tmp_path / "nordlicht.toml"

    result = run("new", "-o", str(target), input="\n".join(BERLIN) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    shown = result.stdout + result.stderr
    assert 'first-name ("Dear Jonas") or family-name ("Dear Ms./Mr. Becker") [family-name]' in shown
    assert "Which of your strengths truly bears on each topic?" in shown
    assert "Did you tell them about it in the interview? (y/n) [n]" in shown
    assert "answer y or n" in shown
    assert shown.count("In a few words, for later notes (Enter to skip):") == 2  # asked again
    assert "at most 60 characters: a few words, shorter than the topic" in shown
    assert "the notes after the first (LinkedIn, the last note if they go quiet)" in shown
    assert "leave empty to use the first name" in shown
    assert "there is no file" in shown
    assert shown.count("What does it show? (a clause after 'It shows', Enter to skip):") == 2
    assert "start with what it shows, not with 'It'" in shown
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    jonas, aylin, max_ = data["interviewers"]
    assert jonas["address"] == "first-name"
    assert "honorific" not in jonas
    assert jonas["topics"] == [
        {"about": "offline sync in the U-Bahn",
         "strength": "built the offline mode of a field-service app", "told": True},
        {"about": "how your team splits work between Kotlin Multiplatform and native code",
         "short": "your Kotlin Multiplatform split"}]  # a short topic is not asked
    assert (aylin["family_name"], aylin["honorific"]) == ("Demir-Wolf", "Dr.")
    assert "address" not in aylin  # the default for Germany
    assert max_["address"] == "first-name"
    assert "honorific" not in max_
    assert data["recruiter"] == {"name": "Lena Hoffmann", "honorific": "Ms.",
                                 "runs_process": False}
    assert data["promises"] == [{"what": "the design note on conflict-free sync",
                                 "to": "Aylin Demir", "url": "https://example.org/note",
                                 "file": str(tmp_path / "note.pdf"),
                                 "shows": "how the app merged offline edits from two devices "
                                          "without losing either"}]  # its full stop dropped
    assert data["references"] == [{"name": "Priyanka Das", "email": "priyanka.das@example.org",
                                   "role": "tech lead", "company": "Fieldwise Ltd",
                                   "current": True}]
    assert run("import", str(target)).stdout.strip() == "1"


def test_a_reference_is_addressed_by_first_name_unless_told(run: Runner,
                                                             tmp_path: Path) -> None:
    answers = [*ANSWERS[:-1], "Ken Mori", "", "", "", "", "n", "family-name", "", "", "", ""]
    target = tmp_path / "kumo.toml"

    result = run("new", "-o", str(target), input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert 'family-name ("Dear Mori-san") [first-name]' in result.stdout
    reference = tomllib.loads(target.read_text(encoding="utf-8"))["references"][0]
    assert reference == {"name": "Ken Mori", "current": False, "address": "family-name"}


def _answers(starts: str, decision: str, *then: str) -> list[str]:
    """ANSWERS with another start and other decision answers in place of its own."""
    start_at, decision_at = ANSWERS.index("2026-11-16 14:00"), ANSWERS.index("within two weeks")
    return [*ANSWERS[:start_at], starts, *ANSWERS[start_at + 1:decision_at], decision, *then,
            *ANSWERS[decision_at + 2:]]


@pytest.mark.parametrize(("choice", "stored"), [("", "2026-12-18"), ("2", "2026-12-11")])
def test_new_asks_which_day_ambiguous_words_mean(run: Runner, tmp_path: Path, choice: str,
                                                 stored: str) -> None:
    """'next Friday' said on Wednesday 9 December can mean the 11th or the 18th: `new`
    says both, asks, and stores the day chosen (the later by default, so no inquiry
    comes early) as decision_by, instead of asking for a decision date again (002: the
    company's own timeline decides when to ask)."""
    target = tmp_path / "kumo.toml"

    result = run("new", "-o", str(target), input="\n".join(
        _answers("2026-12-09 14:00", "they will decide next Friday", choice)) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert ('Timing they gave: "next Friday", read as: Friday 18 December 2026 (it could '
            "also mean Friday 11 December; which one do they mean?)") in result.stdout
    assert "1  Friday 18 December 2026" in result.stdout
    assert "2  Friday 11 December 2026" in result.stdout
    assert "A decision date, if they gave one" not in result.stdout
    interview = tomllib.loads(target.read_text(encoding="utf-8"))["interview"]
    assert interview["decision"] == "they will decide next Friday"
    assert interview["decision_by"].isoformat() == stored


def test_new_shows_a_clear_reading_and_still_asks_for_a_date(run: Runner,
                                                             tmp_path: Path) -> None:
    """'within two weeks' after 16 November is clear (30 November): it is shown so the
    user can see what the plan waits for, and no choice is asked (002)."""
    result = run("new", "-o", str(tmp_path / "kumo.toml"),
                 input="\n".join(_answers("2026-11-16 14:00", "within two weeks", "")) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert 'Timing they gave: "within two weeks", read as: by 30 November 2026' in result.stdout
    assert "Which day did they mean" not in result.stdout
    assert "A decision date, if they gave one" in result.stdout
    assert "decision_by" not in (tmp_path / "kumo.toml").read_text(encoding="utf-8")
