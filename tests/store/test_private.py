"""Private by default: the data folder is 0700 and every file a command writes is
0600; files of ours left open to others are tightened with a note; `where` and
error messages never show a database password; a missing driver says what to
install."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough import paths
from followthrough.web.routes.settings import save_settings
from tests.conftest import JP_FIRST_ROUND, Runner

TOKYO = JP_FIRST_ROUND
AFTER_TOKYO = "2026-11-16T15:05:00+09:00"
THANKS = "1.thank-you.daichi-mori"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, int]:
    found = {".": _mode(folder)}
    found.update({str(p.relative_to(folder)): _mode(p) for p in folder.rglob("*")})
    return found


def _world_open(folder: Path) -> dict[str, int]:
    return {name: mode for name, mode in _modes(folder).items() if mode & 0o077}


@pytest.fixture
def loose_umask() -> object:
    """The usual 022: files would be 0644 and folders 0755 unless we see to it."""
    import os

    previous = os.umask(0o022)
    yield None
    os.umask(previous)


@pytest.mark.usefixtures("loose_umask")
def test_the_database_and_its_folder_are_private(run: Runner, private_home: Path) -> None:
    assert run("import", str(TOKYO)).exit_code == 0

    modes = _modes(private_home)
    assert modes["."] == 0o700
    assert modes["followthrough.db"] == 0o600
    assert {name for name in modes if name.startswith("followthrough.db")} >= {
        "followthrough.db", "followthrough.db-wal", "followthrough.db-shm"}
    assert _world_open(private_home) == {}


@pytest.mark.usefixtures("loose_umask")
def test_every_export_is_private(run: Runner, private_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run("import", str(TOKYO)).exit_code == 0
    written = {
        "backup.json": run("export", "json", "--all", "-o", str(out / "backup.json")),
        "plan.ics": run("export", "ics", "--all", "-o", str(out / "plan.ics")),
        "note.eml": run("export", "eml", THANKS, "-o", str(out / "note.eml"),
                        "--now", AFTER_TOKYO),
        "drafts": run("draft", "1", "--now", AFTER_TOKYO, "--out", str(out / "drafts")),
    }
    assert all(result.exit_code == 0 for result in written.values()), {
        name: result.stderr for name, result in written.items()}

    modes = _modes(out)
    assert modes["drafts"] == 0o700
    assert any(name.endswith(".eml") for name in modes if name.startswith("drafts/"))
    del modes["."]  # the test's own folder
    assert {name: mode for name, mode in modes.items() if mode & 0o077} == {}
    assert _world_open(private_home) == {}


@pytest.mark.usefixtures("loose_umask")
def test_settings_are_written_private(private_home: Path) -> None:
    target = paths.settings_file()
    with paths.private_umask():  # as under `followthrough serve`
        save_settings("", target)

    assert _mode(target) == 0o600
    assert _mode(private_home) == 0o700


@pytest.mark.usefixtures("loose_umask")
def test_a_folder_made_by_another_process_after_the_look_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI once had one of six processes starting on a new home fail with
    'File exists': it looked, saw no folder, and another made it first."""
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    monkeypatch.setattr(Path, "exists", lambda _path: False)

    assert paths.private_folder(folder) == folder
    assert _mode(folder) == 0o755


def test_a_file_where_the_folder_should_be_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("")

    with pytest.raises(FileExistsError):
        paths.private_folder(tmp_path / "home")


def test_files_left_open_by_an_older_version_are_tightened_with_a_note(
        run: Runner, private_home: Path) -> None:
    assert run("import", str(TOKYO)).exit_code == 0
    private_home.chmod(0o755)
    for name in ("followthrough.db", "followthrough.db-wal"):
        (private_home / name).chmod(0o644)
    (private_home / "settings.toml").write_text("", encoding="utf-8")
    (private_home / "settings.toml").chmod(0o664)

    result = run("list")

    assert result.exit_code == 0
    assert _world_open(private_home) == {}
    notes = [line for line in result.stderr.splitlines() if "other users" in line]
    assert len(notes) == 4
    assert all("it is private now" in note for note in notes)
    assert "other users" not in run("list").stderr, "said once, when it was tightened"


PASSWORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(password=PASSWORDS)
def test_where_never_prints_a_password(password: str) -> None:
    secret = f"Zq9{password}"
    url = f"postgresql+psycopg://ft:{quote(secret, safe='')}@db.example:5432/ft"
    result = Runner(db=url)("where")
    query = Runner(db=f"postgresql+psycopg://ft@db/ft?password={quote(secret, safe='')}")(
        "where")

    for output in (result.stdout + result.stderr, query.stdout + query.stderr):
        assert secret not in output
        assert quote(secret, safe="") not in output
        assert "***" in output


def test_where_keeps_everything_but_the_password() -> None:
    result = Runner(db="postgresql+psycopg://ft:hunter22@db.example:5432/ft")("where")

    assert "postgresql+psycopg://ft:***@db.example:5432/ft" in result.stdout
    assert "hunter22" not in result.stdout


def test_a_bad_url_is_refused_without_its_password() -> None:
    result = Runner(db="postgres ql://ft:hunter22@db/ft")("list")

    assert result.exit_code == 2
    assert "is not a database URL" in result.stderr
    assert "hunter22" not in result.stderr


def test_a_missing_postgresql_driver_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)

    result = Runner(db="postgresql://ft:hunter22@127.0.0.1:1/ft")("list")

    assert result.exit_code == 2
    assert "the PostgreSQL driver (psycopg) is not installed" in result.stderr
    assert "pip install 'followthrough[pg]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter22" not in result.stderr
