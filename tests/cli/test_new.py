"""The guided `new`: answers at the prompt become a valid, stored TOML debrief."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import Runner

ANSWERS = [
    "Alex Morgan", "alex.morgan@example.net",
    "Europe/Berln",            # a typo: asked again
    "Europe/Berlin",
    "led the Kafka migration; cut cloud costs by 30%",
    "Kumo Robotics K.K.", "Senior Data Engineer",
    "JP",
    "",                        # their zone: the default Asia/Tokyo
    "2026-11-16 14:00",
    "60", "1", "video",
    "within two weeks", "2026-11-30",
    "y", "n",
    "a second round with the CTO",
    "email",
    "Hiroshi Sato", "Head of Data Platform", "h.sato@kumo.example", "", "warm",
    "moving batch jobs to streaming; on-call across Tokyo and Berlin",
    "Emi Kobayashi", "HR Business Partner", "not-an-email", "e.kobayashi@kumo.example", "",
    "neutral", "relocation support",
    "",                        # no more interviewers
    "Yuki Watanabe", "Example Search Partners", "yuki.watanabe@search.example",
    "a write-up of the Kafka migration", "Hiroshi Sato", "",
    "my JLPT N2 certificate", "Emi Kobayashi", "",
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
    assert data["promises"] == [{"what": "a write-up of the Kafka migration",
                                 "to": "Hiroshi Sato"}]
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
