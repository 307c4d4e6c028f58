"""`followthrough user ...` end to end through the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from followthrough import clock
from followthrough.store import open_store
from followthrough.store.team import TeamStore
from followthrough.team.auth import LoginRefused, login, resolve
from tests.conftest import JP_FIRST_ROUND, Runner
from tests.team.conftest import START

FIRM = "Northwind Search"
PHRASE = "seven lanterns by the river"


def _add(run: Runner, handle: str, role: str, firm: str = FIRM, *extra: str,
         typed: str = PHRASE) -> Any:
    return run("user", "add", handle, "--role", role, "--firm", firm, "--password-stdin",
               *extra, input=typed + "\n")


@pytest.fixture
def local_team() -> Iterator[TeamStore]:
    """The team store of the CLI's default database."""
    store = open_store()
    yield TeamStore(store.engine)
    store.engine.dispose()


@pytest.fixture
def firm(run: Runner) -> Runner:
    assert _add(run, "ana", "consultant", FIRM, "--name", "Ana Silva",
                "--email", "Ana@Example.com").exit_code == 0
    assert _add(run, "ken", "candidate").exit_code == 0
    assert _add(run, "zed", "candidate", "Other Firm").exit_code == 0
    return run


def test_add_and_list(firm: Runner) -> None:
    listed = firm("user", "list", "--format", "json").json()
    assert isinstance(listed, dict)
    by_handle = {user["handle"]: user for user in listed["users"]}
    assert by_handle["ana"] == {"handle": "ana", "name": "Ana Silva", "role": "consultant",
                                "firm": FIRM, "email": "Ana@example.com", "active": True}
    assert by_handle["ken"]["name"] == "ken"
    only = firm("user", "list", "--firm", "Other Firm", "--format", "json").json()
    assert isinstance(only, dict)
    assert [user["handle"] for user in only["users"]] == ["zed"]
    text = firm("user", "list")
    assert text.exit_code == 0
    assert "Ana Silva" in text.stdout
    assert "consultant" in text.stdout
    assert "No users in firm 'Nobody'." in firm("user", "list", "--firm", "Nobody").stdout


def test_list_leaves_out_the_local_owner(run: Runner) -> None:
    assert run("import", str(JP_FIRST_ROUND)).exit_code == 0
    empty = run("user", "list")
    assert empty.exit_code == 0
    assert "No users yet" in empty.stdout
    assert run("user", "list", "--format", "json").json() == {"users": [], "links": []}


def test_add_json_output(run: Runner) -> None:
    result = run("user", "add", "amy", "--role", "admin", "--firm", FIRM, "--password-stdin",
                 "--format", "json", input=PHRASE + "\n")
    assert result.exit_code == 0
    assert result.json() == {"user": {"handle": "amy", "name": "amy", "role": "admin",
                                      "firm": FIRM, "email": None, "active": True}}


def test_add_prompts_twice_with_hidden_input(run: Runner, local_team: TeamStore) -> None:
    result = run("user", "add", "amy", "--role", "admin", "--firm", FIRM,
                 input=f"{PHRASE}\nsomething else entirely\n{PHRASE}\n{PHRASE}\n")
    assert result.exit_code == 0, result.stderr
    assert "do not match" in result.stderr
    assert PHRASE not in result.stdout + result.stderr
    with clock.frozen(START):
        assert login(local_team, "amy", PHRASE, "cli").user.role == "admin"


def test_the_password_is_never_an_argument(run: Runner) -> None:
    result = run("user", "add", "amy", "--role", "admin", "--firm", FIRM,
                 "--password", PHRASE)
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_add_refusals_name_every_problem(firm: Runner) -> None:
    weak = _add(firm, "amy", "candidate", typed="password1")
    assert weak.exit_code == 2
    assert "common password" in weak.stderr
    mine = _add(firm, "amy", "candidate", typed="Amy2026!")
    assert mine.exit_code == 2
    assert "user name" in mine.stderr
    taken = _add(firm, "ken", "candidate")
    assert taken.exit_code == 2
    assert "a user 'ken' already exists" in taken.stderr
    bad = _add(firm, "Not Valid", "candidate", FIRM, "--email", "nope")
    assert bad.exit_code == 2
    assert "2 problems" in bad.stderr
    assert "'Not Valid' is not a valid handle" in bad.stderr
    assert "'nope' is not an e-mail address" in bad.stderr
    role = firm("user", "add", "amy", "--role", "boss", "--firm", FIRM)
    assert role.exit_code == 2


def test_refused_before_the_password_prompt(firm: Runner) -> None:
    result = firm("user", "add", "ken", "--role", "candidate", "--firm", FIRM, input="")
    assert result.exit_code == 2
    assert "Password" not in result.stderr


def test_link_and_unlink(firm: Runner, local_team: TeamStore) -> None:
    linked = firm("user", "link", "ana", "ken", "--from", "2026-11-01", "--until",
                  "2027-05-01T00:00:00+09:00", "--format", "json")
    assert linked.exit_code == 0, linked.stderr
    assert linked.json() == {"link": {"consultant": "ana", "candidate": "ken",
                                      "starts": "2026-11-01T00:00:00+00:00",
                                      "ends": "2027-05-01T00:00:00+09:00"}}
    listed = firm("user", "list", "--firm", FIRM, "--format", "json").json()
    assert isinstance(listed, dict)
    assert len(listed["links"]) == 1
    with clock.frozen(START):
        assert [user.handle for user in local_team.linked_candidates(
            local_team.user("ana").id, START)] == ["ken"]
    unlinked = firm("user", "unlink", "ana", "ken", "--now", "2026-12-01T00:00:00Z")
    assert unlinked.exit_code == 0
    assert "Unlinked ana from ken" in unlinked.stdout
    again = firm("user", "unlink", "ana", "ken", "--now", "2026-12-02T00:00:00Z")
    assert again.exit_code == 2
    assert "ana and ken are not linked" in again.stderr


def test_link_defaults_to_now(firm: Runner) -> None:
    result = firm("user", "link", "ana", "ken", "--now", "2026-11-16T09:00:00Z")
    assert result.exit_code == 0
    assert result.stdout == "Linked ana to ken from 2026-11-16T09:00:00+00:00.\n"


@pytest.mark.parametrize(("args", "message"), [
    (("ana", "zed"), "the two users are not in the same firm"),
    (("ken", "ana"), "ken is a candidate"),
    (("ana", "ghost"), "no user 'ghost'; `followthrough user list` shows them"),
    (("ana", "ken", "--from", "next tuesday"), "'next tuesday' is not an ISO 8601 date-time"),
    (("ana", "ken", "--from", "2026-11-01", "--until", "2026-10-01"), "end before it starts"),
])
def test_link_refusals(firm: Runner, args: tuple[str, ...], message: str) -> None:
    result = firm("user", "link", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("command", [("passwd", "ghost", "--password-stdin"),
                                     ("disable", "ghost"), ("enable", "ghost"),
                                     ("unlink", "ghost", "ken")])
def test_unknown_handles_say_what_to_run(firm: Runner, command: tuple[str, ...]) -> None:
    result = firm("user", *command, input="whatever it may be\n")
    assert result.exit_code == 2
    assert "no user 'ghost'; `followthrough user list` shows them" in result.stderr


def test_passwd_ends_sessions(firm: Runner, local_team: TeamStore) -> None:
    team = local_team
    with clock.frozen(START):
        session = login(team, "ken", PHRASE, "cli")
    result = firm("user", "passwd", "ken", "--password-stdin", "--format", "json",
                  input="a fresh kettle of fish\n")
    assert result.exit_code == 0
    assert result.json() == {"user": "ken", "sessions_ended": 1}
    with clock.frozen(START):
        assert resolve(team, session.token) is None
        with pytest.raises(LoginRefused):
            login(team, "ken", PHRASE, "cli")
        assert login(team, "ken", "a fresh kettle of fish", "cli")
    weak = firm("user", "passwd", "ken", "--password-stdin", input="qwerty123\n")
    assert weak.exit_code == 2


def test_disable_and_enable(firm: Runner, local_team: TeamStore) -> None:
    team = local_team
    with clock.frozen(START):
        session = login(team, "ken", PHRASE, "cli")
    disabled = firm("user", "disable", "ken")
    assert disabled.exit_code == 0
    assert "Disabled ken" in disabled.stdout
    with clock.frozen(START):
        assert resolve(team, session.token) is None
        with pytest.raises(LoginRefused):
            login(team, "ken", PHRASE, "cli")
    enabled = firm("user", "enable", "ken", "--format", "json").json()
    assert isinstance(enabled, dict)
    assert enabled["user"]["active"] is True
    with clock.frozen(START):
        assert login(team, "ken", PHRASE, "cli")
