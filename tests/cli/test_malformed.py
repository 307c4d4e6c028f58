"""Bad debriefs: each gives exit 2, a message naming the key (and line where
known), and leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import JP_FIRST_ROUND, US_PANEL, Runner

TOKYO = JP_FIRST_ROUND.read_text(encoding="utf-8")
PANEL = US_PANEL.read_text(encoding="utf-8")


def _replace(old: str, new: str, base: str = TOKYO) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in base, f"fixture text {old!r} not in the example"
        return base.replace(old, new, 1).encode("utf-8")

    return make


def _drop_line(starting: str, base: str = TOKYO) -> Callable[[], bytes]:
    def make() -> bytes:
        lines = base.splitlines(keepends=True)
        kept = [line for line in lines if not line.lstrip().startswith(starting)]
        assert len(kept) == len(lines) - 1, f"expected exactly one line starting {starting!r}"
        return "".join(kept).encode("utf-8")

    return make


def _raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


# (case id, file content, text the error must contain, line the error must name or None)
CASES: list[tuple[str, Callable[[], bytes], str, int | None]] = [
    ("missing candidate name", _drop_line('name = "Mara Lindholm"'), "candidate.name", 11),
    ("missing candidate email", _drop_line('email = "mara.lindholm'), "candidate.email", 11),
    ("missing candidate timezone", _drop_line('timezone = "Europe/Berlin"'),
     "candidate.timezone", 11),
    ("missing company", _drop_line('company = "Tsubame'), "interview.company", 21),
    ("missing role", _drop_line('role = "Senior Analytics'), "interview.role", 21),
    ("missing starts", _drop_line("starts = 2026-11-16"), "interview.starts", 21),
    ("missing interviewer name", _drop_line('name = "Rina Ogawa"'),
     "interviewers[1].name", 53),
    ("no interviewers", _raw(b'[candidate]\nname = "A"\nemail = "a@example.org"\n'
                             b'timezone = "UTC"\n[interview]\ncompany = "C"\nrole = "R"\n'
                             b"starts = 2026-01-05T10:00:00+01:00\n"), "interviewers", None),
    ("minutes as text", _replace("minutes = 60", 'minutes = "60"'), "interview.minutes", 25),
    ("round is zero", _replace("round = 1", "round = 0"), "interview.round", 28),
    ("bool as text", _replace("they_will_contact = true", 'they_will_contact = "yes"'),
     "interview.they_will_contact", 33),
    ("topics not a list", _replace(
        'topics = [\n  "the team\'s meetings held half in English, half in Japanese",\n'
        '  "help with visas for engineers who move to Tokyo",\n]', 'topics = "visas"'),
     "interviewers[1].topics", 58),
    ("bad zone", _replace('timezone = "Asia/Tokyo"', 'timezone = "Asia/Tokio"'),
     "interview.timezone", 26),
    ("offset instead of zone", _replace('timezone = "Europe/Berlin"', 'timezone = "UTC+1"'),
     "candidate.timezone", 14),
    ("bad country", _replace('country = "JP"', 'country = "JA"'), "interview.country", 27),
    ("lower-case country", _replace('country = "JP"', 'country = "jp"'),
     "interview.country", 27),
    ("bad region", _replace('region = "NY"', 'region = "ZZ"', PANEL), "interview.region", 22),
    ("bad email", _replace('email = "d.mori@tsubame.example"', 'email = "d.mori at tsubame"'),
     "interviewers[0].email", 45),
    ("naive starts", _replace("starts = 2026-11-16T14:00:00+09:00", "starts = 2026-11-16T14:00:00"),
     "interview.starts", 24),
    ("starts as date", _replace("starts = 2026-11-16T14:00:00+09:00", "starts = 2026-11-16"),
     "interview.starts", 24),
    ("bad format enum", _replace('format = "video"', 'format = "zoom"'), "interview.format", 29),
    ("bad channel enum", _replace('channel = "email"', 'channel = "fax"'),
     "interview.channel", 30),
    ("bad rapport enum", _replace('rapport = "warm"', 'rapport = "friendly"'),
     "interviewers[0].rapport", 47),
    ("unknown top-level key", _replace("schema = 1", "schema = 1\nsalary = 90000"), "salary", 10),
    ("typo in interview key", _replace("decision_by = ", "decison_by = "),
     "interview.decison_by", 32),
    ("unknown table", _replace("[recruiter]", "[recruter]"), "recruter", None),
    ("schema 2", _replace("schema = 1", "schema = 2"), "schema", 9),
    ("promise to unknown person", _replace('to = "Daichi Mori"\nattachment',
                                           'to = "Daichi Morii"\nattachment'),
     "promises[0].to", 65),
    ("missed point to unknown person", _replace('to = "Rina Ogawa"', 'to = "Rina O"'),
     "missed[0].to", 75),
    ("resource to unknown person", _replace('to = "Daichi Mori"\n\n[[missed]]',
                                            'to = "Somebody Else"\n\n[[missed]]'),
     "resources[0].to", 71),
    ("duplicate interviewer", _replace('name = "Rina Ogawa"', 'name = "daichi  mori"'),
     "interviewers[1].name", 54),
    ("linkedin not a url", _replace('linkedin = "https://www.linkedin.com/in/example-dmori"',
                                    'linkedin = "dmori"'), "interviewers[0].linkedin", 46),
    ("empty company", _replace('company = "Tsubame Data K.K."', 'company = "  "'),
     "interview.company", 22),
    ("empty file", _raw(b""), "empty", None),
    ("whitespace only", _raw(b"   \n\n  \t\n"), "empty", None),
    ("not toml", _raw(b"this is: not toml\n- at all\n"), "not valid TOML", 1),
    ("toml syntax error later", _replace('role = "Senior Analytics Engineer"', "role = Senior"),
     "not valid TOML", 23),
    ("binary", _raw(bytes(range(256)) * 4), "binary", None),
    ("latin-1 bytes", _raw('name = "Zoë"'.encode("latin-1")), "UTF-8", None),
    ("json array", _raw(b"[1, 2, 3]"), "not valid TOML", None),
    ("json with wrong types", _raw(b'{"candidate": 5}'), "candidate", None),
    ("5 MB file", _raw(b"# padding\n" * 500_000), "at most", None),
    ("unknown key with a bracket", _replace("schema = 1", 'schema = 1\n"a[b" = 1'),
     "unknown key 'a[b'", 10),
    ("unknown key named like a type", _replace("minutes = 60", "minutes = 60\ndate = 1"),
     "interview.date", 26),
]


def _database_fingerprint(run: Runner) -> str:
    exported = run("export", "json", "--all")
    assert exported.exit_code == 0
    document = exported.json()
    assert isinstance(document, dict)
    return hashlib.sha256(repr(document["interviews"]).encode()).hexdigest()


@pytest.mark.parametrize(("content", "names", "line"),
                         [pytest.param(c[1], c[2], c[3], id=c[0]) for c in CASES])
def test_bad_debrief_is_refused_and_nothing_is_stored(
    run: Runner, tmp_path: Path, content: Callable[[], bytes], names: str, line: int | None
) -> None:
    assert run("import", str(US_PANEL)).exit_code == 0
    before = _database_fingerprint(run)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content())

    result = run("import", str(bad))

    assert result.exit_code == 2, result.stderr
    assert names in result.stderr
    assert "nothing was changed" in result.stderr
    if line is not None:
        assert f"bad.toml:{line}:" in result.stderr, result.stderr
    assert _database_fingerprint(run) == before


def test_there_are_at_least_25_malformed_cases() -> None:
    assert len(CASES) >= 25


def test_every_problem_is_reported_not_just_the_first(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(TOKYO.replace('country = "JP"', 'country = "XX"')
                   .replace('rapport = "warm"', 'rapport = "hot"')
                   .replace("minutes = 60", "minutes = -5"), encoding="utf-8")

    result = run("import", str(bad))

    assert result.exit_code == 2
    for key in ("interview.country", "interviewers[0].rapport", "interview.minutes"):
        assert key in result.stderr
    assert result.stderr.startswith("error: 3 problems")


def test_a_bad_file_among_good_ones_stores_none_of_them(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(TOKYO.replace('country = "JP"', 'country = "XX"'), encoding="utf-8")

    result = run("import", str(US_PANEL), str(bad))

    assert result.exit_code == 2
    assert run("list", "--format", "json").json() == {"interviews": []}


def test_typo_gets_a_suggestion(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(TOKYO.replace("decision_by = ", "decison_by = "), encoding="utf-8")

    result = run("import", str(bad))

    assert "did you mean 'decision_by'?" in result.stderr


def test_errors_as_json_name_path_and_line(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    assert 'email = "r.ogawa' in TOKYO
    bad.write_text(TOKYO.replace('email = "r.ogawa', 'emial = "r.ogawa'),
                   encoding="utf-8")

    result = run("import", str(bad), "--format", "json")

    assert result.exit_code == 2
    problems = result.json()["error"]["problems"]  # type: ignore[index]
    assert problems == [{"source": str(bad), "path": "interviewers[1].emial", "line": 56,
                         "message": "unknown key 'emial'; did you mean 'email'?",
                         "expected": None}]
