"""The web's Approve button and its .eml download with a promise's file: the
file is stored with the queued message, a missing or too large file refuses
approval (the answer names it, nothing is queued), and the download is built
by the same builder as `followthrough export eml`, with the same file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

from followthrough.app.records import import_files
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore
from followthrough.web import create_app
from tests.attachments import NAME, files_of, parse, pdf_bytes, with_promises
from tests.conftest import Runner
from tests.web.conftest import TestClient, form_fields

NOW = datetime.fromisoformat("2026-11-16T11:05:00+01:00")
"""An hour after the interview below; the promise is due at 12:00 Berlin time."""



SMTP = '[mail.smtp]\nhost = "127.0.0.1"\nport = 2525\ntls = "none"\n'
"""A sending account (never reached: these tests only queue): approving needs one."""


@pytest.fixture(autouse=True)
def mail_account(private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(SMTP, encoding="utf-8")


def _pdf(path: Path, size: int = 20_000) -> bytes:
    data = pdf_bytes(size)
    path.write_bytes(data)
    return data


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    _pdf(folder / NAME)
    return folder


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def app(db_url: str) -> FastAPI:
    return create_app(db_url, now=NOW)


def _import(app: FastAPI, tmp_path: Path, *promises: tuple[str, Path]) -> int:
    text = with_promises(*promises)
    source = tmp_path / "debrief-nordlicht.toml"
    source.write_text(text, encoding="utf-8")
    interview_id: int = import_files(app.state.store, [source])[0].id
    return interview_id


def _editor_form(client: TestClient, action_id: str) -> dict[str, str]:
    page = client.get(f"/actions/{action_id}/draft")
    assert page.status_code == 200
    return form_fields(page.text)


def test_approving_stores_the_file_as_it_is_now(client: TestClient, app: FastAPI,
                                               tmp_path: Path, files: Path) -> None:
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME))
    action = f"{interview}.promise.1"
    approved = (files / NAME).read_bytes()

    answer = client.post(f"/outbox/{action}", data=_editor_form(client, action))

    assert answer.status_code == 303, answer.text
    box = OutboxStore(app.state.store)
    (row,) = box.rows()
    assert row.action_id == action
    (stored,) = box.attachments(row)
    assert (stored.filename, stored.content_type, stored.data) == (NAME, "application/pdf",
                                                                   approved)
    assert stored.source == str(files / NAME)


def test_a_missing_file_refuses_approval_and_names_it(client: TestClient, app: FastAPI,
                                                      tmp_path: Path, files: Path) -> None:
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME))
    action = f"{interview}.promise.1"
    form = _editor_form(client, action)
    (files / NAME).unlink()

    answer = client.post(f"/outbox/{action}", data=form)

    assert answer.status_code == 400
    assert str(files / NAME) in answer.text
    assert "missing" in answer.text
    assert f"followthrough edit {interview}" in answer.text
    assert OutboxStore(app.state.store).rows() == []


def test_a_file_over_the_limit_refuses_approval_and_names_it(
        client: TestClient, app: FastAPI, tmp_path: Path, files: Path,
        private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(SMTP + "[mail.policy]\nmax_attachments_mb = 0.01\n",
                                                "utf-8")
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME))
    action = f"{interview}.promise.1"

    answer = client.post(f"/outbox/{action}", data=_editor_form(client, action))

    assert answer.status_code == 400
    assert str(files / NAME) in answer.text
    assert "(20 kB)" in answer.text
    assert "over the limit of 10 kB" in answer.text
    assert OutboxStore(app.state.store).rows() == []


def test_the_download_is_the_cli_export_with_the_same_file(
        client: TestClient, app: FastAPI, tmp_path: Path, files: Path, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME))
    action = f"{interview}.promise.1"
    form = _editor_form(client, action)

    answer = client.post("/drafts/eml", data=form)

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("message/rfc822")
    assert b"filename*=utf-8''Entwurf-Synchronisierung-%C3%9Cbersicht.pdf" in answer.content
    downloaded = parse(answer.content)
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW.isoformat())
    target = tmp_path / "cli.eml"
    exported = Runner(db=db_url)("export", "eml", action, "-o", str(target))
    assert exported.exit_code == 0, exported.stderr
    from_cli = parse(target.read_bytes())

    assert files_of(downloaded) == files_of(from_cli) == [
        (NAME, "application/pdf", (files / NAME).read_bytes())]
    for header in ("From", "To", "Subject", "X-Unsent", "MIME-Version", "Content-Type"):
        assert str(downloaded[header]).split(";")[0] == str(from_cli[header]).split(";")[0]
    assert sorted(downloaded.keys()) == sorted(from_cli.keys())
    body = downloaded.get_body(("plain",))
    cli_body = from_cli.get_body(("plain",))
    assert body is not None
    assert cli_body is not None
    assert body.get_content() == cli_body.get_content()


def test_a_download_whose_file_is_missing_names_it(client: TestClient, app: FastAPI,
                                                   tmp_path: Path, files: Path) -> None:
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME))
    form = _editor_form(client, f"{interview}.promise.1")
    (files / NAME).unlink()

    answer = client.post("/drafts/eml", data=form)

    assert answer.status_code == 400
    assert str(files / NAME) in answer.text


def test_two_promises_to_one_person_each_download_their_own_file(
        client: TestClient, app: FastAPI, tmp_path: Path, files: Path) -> None:
    second = files / "Kostenvergleich.pdf"
    second_bytes = _pdf(second, 3000)
    interview = _import(app, tmp_path, ("the sync design overview", files / NAME),
                        ("the cost comparison", second))
    page = client.get(f"/actions/{interview}.promise.2/draft")
    form = form_fields(page.text)

    as_the_page_sends_it = client.post("/drafts/eml", data=form)
    unnamed = client.post("/drafts/eml", data={k: v for k, v in form.items() if k != "action"})

    assert "Attached: Kostenvergleich.pdf" in page.text
    assert form["action"] == f"{interview}.promise.2"
    assert as_the_page_sends_it.status_code == 200, as_the_page_sends_it.text
    assert files_of(parse(as_the_page_sends_it.content)) == [
        ("Kostenvergleich.pdf", "application/pdf", second_bytes)]
    assert unnamed.status_code == 400  # which of the two? never a guess
    assert "several promises" in unnamed.text


def test_team_mode_never_reads_a_file_from_the_servers_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team user could name any file the server can read (its key file,
    another user's files) and mail it to themselves: neither Approve nor the
    download reads it, and the answer says what to do instead."""
    from followthrough.team import admin

    monkeypatch.setenv("FOLLOWTHROUGH_TEST_FAST_HASHES", "1")
    secret = tmp_path / "team-secret.key"
    secret.write_bytes(b"SERVER-SECRET-MARKER")
    app = create_app(f"sqlite:///{tmp_path / 'team.db'}", now=NOW, team_mode=True)
    team = app.state.team_store
    user = admin.add_user(team, "alice", "candidate", "Northwind",
                          "violet-lantern-orbit-42", name="Alice")
    interview = _import_into(Store.for_user(team.engine, user.id), tmp_path, secret)
    action = f"{interview}.promise.1"
    with TestClient(app, base_url="https://127.0.0.1", follow_redirects=False) as client:
        signed = client.post("/login", data={"handle": "alice",
                                             "password": "violet-lantern-orbit-42"})
        assert signed.status_code == 303, signed.text
        form = _editor_form(client, action)

        approved = client.post(f"/outbox/{action}", data=form)
        downloaded = client.post("/drafts/eml", data=form)

    for answer in (approved, downloaded):
        assert answer.status_code == 400
        assert "in team mode no file is attached" in answer.text
        assert b"SERVER-SECRET-MARKER" not in answer.content
        assert b"U0VSVkVSLVNFQ1JFVC1NQVJLRVI" not in answer.content  # nor in base64
    assert OutboxStore(Store.for_user(team.engine, user.id)).rows() == []
    app.state.store.engine.dispose()


def _import_into(store: Store, tmp_path: Path, file: Path) -> int:
    source = tmp_path / "debrief-team.toml"
    source.write_text(with_promises(("the sync design overview", file)), encoding="utf-8")
    interview_id: int = import_files(store, [source])[0].id
    return interview_id
