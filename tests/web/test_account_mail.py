"""Team mode: a signed-in user's own SMTP and IMAP account on /account/mail.

Each test runs on SQLite and on PostgreSQL (the ``db_url`` fixture) in the
world of :mod:`tests.web.test_team`. The password is a canary, looked for in
every page, every database row (and the SQLite file) and the log; it must be
stored only as a Fernet token under the key file named by
``FOLLOWTHROUGH_SECRET_KEY_FILE``. No test connects anywhere: names resolve
through a fake resolver, and nothing on the page connects to a mail server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI

from followthrough.mail.hosts import HostRefused
from followthrough.mail.team_accounts import KEY_ENV, account_of, get_mail_account
from followthrough.store.mail_accounts import MailAccountStore
from followthrough.web import create_app
from tests.team.test_no_password_leaks import _every_row
from tests.web.conftest import NOW, TestClient
from tests.web.test_team import World, build_world, signed_in

CANARY = "canary-5e81c Amber Kestrel"
CANARY_TOO = "canary-9b2d4 Slate Heron"
PAGE = "/account/mail"
PUBLIC = "93.184.216.34"
NAMES = {"smtp.example.net": [PUBLIC], "imap.example.net": ["2606:2800:220:1::1"],
         "sneaky.example.net": [PUBLIC, "10.9.8.7"]}
REFUSED = ("127.0.0.1", "10.0.0.1", "169.254.169.254", "::ffff:127.0.0.1", "0x7f.1")
ALLOW_HINT = "ask your admin to add it to [team] allow_mail_hosts"


def _resolve(host: str, port: int) -> Sequence[str]:
    if host not in NAMES:
        raise HostRefused(f"{host!r} cannot be resolved (gaierror)")
    return NAMES[host]


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys" / "team-secret.key"
    monkeypatch.setenv(KEY_ENV, str(path))
    return path


@pytest.fixture
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          key_file: Path) -> Iterator[World]:
    built = build_world(db_url, tmp_path, monkeypatch)
    built.app.state.mail_resolver = _resolve
    yield built
    built.app.state.store.engine.dispose()


@pytest.fixture
def clients(world: World) -> Iterator[dict[str, TestClient]]:
    opened = {handle: signed_in(world.app, handle) for handle in ("alice", "bob", "cleo",
                                                                  "boss")}
    yield opened
    for client in opened.values():
        client.close()


def _token(client: TestClient) -> str:
    page = client.get(PAGE)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found
    return found.group(1)


def _save(client: TestClient, **fields: str) -> tuple[int, str]:
    data = {"csrf_token": _token(client), "kind": "smtp", "host": "smtp.example.net",
            "port": "", "username": "", "password": "", "tls": "starttls", **fields}
    response = client.post(PAGE, data=data)
    if response.status_code == 303:
        assert response.headers["location"].startswith(PAGE + "?saved=")
        page = client.get(response.headers["location"])
        return 303, page.text
    return response.status_code, response.text


def _has_account(world: World, handle: str, kind: str = "smtp") -> bool:
    return get_mail_account(world.store_of(handle), kind) is not None


def _saved_password(world: World, handle: str, kind: str = "smtp") -> str | None:
    store = world.store_of(handle)
    found = account_of(store, store.owner_id, kind)
    assert found is not None
    return found[1].reveal() if found[1] is not None else None


def _settings(home: Path, allowed: list[str]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{entry}"' for entry in allowed)
    (home / "settings.toml").write_text(f"[team]\nallow_mail_hosts = [{quoted}]\n",
                                        encoding="utf-8")


# save, show, remove ---------------------------------------------------------------


def test_save_show_edit_and_remove_an_smtp_account(world: World,
                                                   clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    empty = alice.get(PAGE)
    assert 'data-testid="none-smtp"' in empty.text
    assert 'data-testid="none-imap"' in empty.text
    assert 'href="/account/mail"' in empty.text  # the nav link
    status, page = _save(alice, username="alice@example.net", password=CANARY)
    assert status == 303
    assert "Your SMTP account is saved." in page
    assert "smtp.example.net" in page
    assert "<dd>587</dd>" in page  # the usual STARTTLS port when the field is empty
    assert '<dd data-testid="password-smtp">set</dd>' in page
    assert _saved_password(world, "alice") == CANARY

    # an empty password field keeps the saved password while the server stays the same
    status, page = _save(alice, username="alice@example.net")
    assert status == 303
    assert _saved_password(world, "alice") == CANARY
    # but not to another server: a stolen session must not send it elsewhere
    for change in ({"host": PUBLIC}, {"port": "2525"}, {"tls": "implicit"},
                   {"username": "someone@example.net"}):
        status, page = _save(alice, **{"username": "alice@example.net", **change})
        assert status == 422, change
        assert "enter the password again" in page
        saved = get_mail_account(world.store_of("alice"), "smtp")
        assert saved is not None
        assert (saved.host, saved.port, saved.tls) == ("smtp.example.net", 587, "starttls")
    # with the password given, the server changes
    # (and the app's own resolver is used when a test does not set one)
    del world.app.state.mail_resolver
    status, page = _save(alice, host=PUBLIC, port="2525", username="alice@example.net",
                         password=CANARY)
    assert status == 303
    saved = get_mail_account(world.store_of("alice"), "smtp")
    assert saved is not None
    assert (saved.host, saved.port, saved.tls) == (PUBLIC, 2525, "starttls")
    assert _saved_password(world, "alice") == CANARY
    world.app.state.mail_resolver = _resolve
    # a new password replaces it
    assert _save(alice, username="alice@example.net", password=CANARY_TOO)[0] == 303
    assert _saved_password(world, "alice") == CANARY_TOO
    # no user name: no login and no password
    status, page = _save(alice, tls="implicit")
    assert status == 303
    assert '<dd data-testid="password-smtp">not set</dd>' in page
    assert "<dd>465</dd>" in page
    assert _saved_password(world, "alice") is None

    removed = alice.post(f"{PAGE}/smtp/delete", data={"csrf_token": _token(alice)})
    assert removed.status_code == 303
    assert "removed" in alice.get(removed.headers["location"]).text
    assert not _has_account(world, "alice")
    again = alice.post(f"{PAGE}/smtp/delete", data={"csrf_token": _token(alice)})
    assert "You had no SMTP account." in alice.get(again.headers["location"]).text


def test_imap_account_with_its_sent_folder(world: World,
                                           clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    status, page = _save(alice, kind="imap", host="imap.example.net", tls="implicit",
                         username="alice@example.net", password=CANARY,
                         sent_folder="Sent Items")
    assert status == 303
    assert "<dd>993</dd>" in page
    assert "Sent Items" in page
    assert not _has_account(world, "alice", "smtp")
    imap = get_mail_account(world.store_of("alice"), "imap")
    assert imap is not None
    assert imap.sent_folder == "Sent Items"
    assert alice.post(f"{PAGE}/imap/delete",
                      data={"csrf_token": _token(alice)}).status_code == 303
    assert not _has_account(world, "alice", "imap")


def test_password_is_in_no_page_row_or_log(world: World, clients: dict[str, TestClient],
                                           db_url: str, key_file: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    alice = clients["alice"]
    pages = []
    status, page = _save(alice, username="alice@example.net", password=CANARY)
    assert status == 303
    pages.append(page)
    # a refused save with a password typed in: the form does not send it back
    status, page = _save(alice, host="10.0.0.1", username="alice@example.net",
                         password=CANARY_TOO)
    assert status == 422
    pages.append(page)
    pages.append(alice.get(PAGE).text)
    for text in pages:
        for secret in (CANARY, CANARY_TOO):
            assert secret not in text
            assert secret.split()[0] not in text
    assert 'type="password"' in pages[-1]
    assert re.search(r'<input type="password"[^>]*value=', pages[-1]) is None

    assert "saved their smtp account" in caplog.text, "the log was captured"
    rows = _every_row(db_url)
    assert "smtp.example.net" in rows, "the dump holds the accounts"
    for fragment in (*CANARY.split(), *CANARY_TOO.split()):
        assert fragment not in caplog.text
        assert fragment not in rows
    if db_url.startswith("sqlite:///"):
        raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
        assert CANARY.split()[0].encode() not in raw

    # what is stored is a Fernet token under the key file, made 0600
    assert key_file.stat().st_mode & 0o077 == 0
    stored = world.store_of("alice")
    row = MailAccountStore(stored).get("smtp")
    assert row is not None
    assert row.secret is not None
    assert Fernet(key_file.read_bytes().strip()).decrypt(row.secret.encode()).decode() == CANARY


# the SSRF guard ------------------------------------------------------------------


def test_private_hosts_are_refused_and_nothing_is_saved(
        world: World, clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    for host in (*REFUSED, "sneaky.example.net"):
        status, page = _save(alice, host=host, username="alice@example.net", password=CANARY)
        assert status == 422, host
        assert 'id="smtp-host-err"' in page, host
        assert "Host:" in page, host
        assert ALLOW_HINT in page, host
        assert "account is saved." not in page
        assert not _has_account(world, "alice"), host
    status, page = _save(alice, host="nowhere.example.net")
    assert status == 422
    assert "Host:" in page
    assert "cannot be resolved" in page
    assert not _has_account(world, "alice")


def test_an_allowed_private_host_is_saved(world: World, clients: dict[str, TestClient],
                                          private_home: Path) -> None:
    _settings(private_home, ["127.0.0.0/8", "10.0.0.1", "169.254.169.254"])
    alice = clients["alice"]
    for host in REFUSED:
        status, page = _save(alice, host=host, username="alice@example.net",
                             password=CANARY)
        assert status == 303, (host, page)
        saved = get_mail_account(world.store_of("alice"), "smtp")
        assert saved is not None
        assert saved.host == host
    # clear text is only for an allowed host
    assert _save(alice, host="127.0.0.1", tls="none", port="25")[0] == 303
    status, page = _save(alice, tls="none", port="25")
    assert status == 422
    assert "Security (TLS):" in page
    assert 'id="smtp-tls-err"' in page


def test_broken_server_settings_save_nothing(world: World, clients: dict[str, TestClient],
                                             private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text('[team]\nallow_mail_hosts = "10.0.0.1"\n',
                                                encoding="utf-8")
    status, page = _save(clients["alice"], username="a@example.net", password=CANARY)
    assert status == 422
    assert "tell your admin" in page
    assert not _has_account(world, "alice")


# validation ------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field", "label"), [
    ({"port": "70000"}, "port", "Port:"),
    ({"port": "0"}, "port", "Port:"),
    ({"port": "twenty-five"}, "port", "Port:"),
    ({"tls": "sometimes"}, "tls", "Security (TLS):"),
    ({"host": "smtp.example.net/evil path"}, "host", "Host:"),
    ({"username": "alice@example.net"}, "password", "Password:"),
    ({"password": "two\nlines", "username": "a@example.net"}, "password", "Password:"),
])
def test_each_problem_names_its_field(world: World, clients: dict[str, TestClient],
                                      fields: dict[str, str], field: str, label: str) -> None:
    status, page = _save(clients["alice"], **fields)
    assert status == 422
    assert f'id="smtp-{field}-err"' in page
    assert label in page
    assert 'role="alert"' in page
    assert not _has_account(world, "alice")


def test_a_forged_kind_is_refused(world: World, clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    status, _page = _save(alice, kind="pop3")
    assert status == 400
    assert alice.post(f"{PAGE}/pop3/delete",
                      data={"csrf_token": _token(alice)}).status_code == 404


# only one's own account ----------------------------------------------------------------


def test_nobody_sees_or_changes_another_users_account(
        world: World, clients: dict[str, TestClient]) -> None:
    alice, bob = clients["alice"], clients["bob"]
    assert _save(alice, host="smtp.example.net", username="alice-login@example.net",
                 password=CANARY)[0] == 303
    for handle in ("bob", "cleo", "boss"):
        page = clients[handle].get(PAGE)
        assert page.status_code == 200
        assert "alice-login@example.net" not in page.text
        assert 'data-testid="none-smtp"' in page.text
        # a user id in the query or the form is not looked at
        page = clients[handle].get(f"{PAGE}?user=alice&owner_id=1&handle=alice")
        assert "alice-login@example.net" not in page.text
    alice_id = str(world.team.user("alice").id)
    status, _page = _save(bob, host=PUBLIC, username="bob@example.net", password=CANARY_TOO,
                          user="alice", handle="alice", owner_id=alice_id, user_id=alice_id)
    assert status == 303
    assert bob.post(f"{PAGE}/smtp/delete", data={"csrf_token": _token(bob), "user": "alice",
                                                 "owner_id": alice_id}).status_code == 303
    alices = get_mail_account(world.store_of("alice"), "smtp")
    assert alices is not None
    assert alices.username == "alice-login@example.net"
    assert _saved_password(world, "alice") == CANARY
    assert not _has_account(world, "bob")


def test_every_role_keeps_its_own_account(world: World,
                                          clients: dict[str, TestClient]) -> None:
    for handle in ("cleo", "boss"):
        client = clients[handle]
        status, page = _save(client, username=f"{handle}@example.net", password=CANARY)
        assert status == 303
        assert f"{handle}@example.net" in page
        assert 'href="/account/mail"' in page
    assert not _has_account(world, "alice")
    cleo = get_mail_account(world.store_of("cleo"), "smtp")
    assert cleo is not None
    assert cleo.username == "cleo@example.net"


def test_csrf_token_is_required(world: World, clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    data = {"kind": "smtp", "host": "smtp.example.net", "tls": "starttls"}
    assert alice.post(PAGE, data=data).status_code == 403
    assert alice.post(PAGE, data={**data, "csrf_token": "not-the-token"}).status_code == 403
    assert not _has_account(world, "alice")
    # another user's token is not this session's
    assert alice.post(PAGE, data={**data, "csrf_token": _token(clients["bob"])}
                      ).status_code == 403
    assert not _has_account(world, "alice")
    assert _save(alice)[0] == 303
    assert alice.post(f"{PAGE}/smtp/delete").status_code == 403
    assert alice.post(f"{PAGE}/smtp/delete", data={"csrf_token": _token(alice)},
                      headers={"Origin": "https://evil.example"}).status_code == 403
    assert _has_account(world, "alice")


def test_signed_out_and_local_mode(world: World, tmp_path: Path) -> None:
    with TestClient(world.app, base_url="https://127.0.0.1",
                    follow_redirects=False) as anonymous:
        page = anonymous.get(PAGE)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=")
        assert anonymous.post(PAGE, data={"kind": "smtp", "host": PUBLIC}).status_code == 303
    local: FastAPI = create_app(f"sqlite:///{tmp_path / 'local.db'}", now=NOW)
    try:
        with TestClient(local, base_url="http://127.0.0.1",
                        follow_redirects=False) as client:
            assert client.get(PAGE).status_code == 404
            assert 'href="/account/mail"' not in client.get("/").text
    finally:
        local.state.store.engine.dispose()
