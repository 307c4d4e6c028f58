"""Team mode in real Chromium (issue 8, acceptance 2): a consultant and a
candidate signed in side by side, in two browser contexts against one
server; the candidate shares a debrief, the consultant sees it and its
agenda; the candidate stops sharing, and the consultant no longer can."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import Server
from tests.web.test_browser import shot
from tests.web.test_team import PASSWORD, World, build_world

pytestmark = pytest.mark.slow


@pytest.fixture
def team_server(db_url: str, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, Server]]:
    world = build_world(db_url, tmp_path, monkeypatch)
    with Server(world.app) as running:
        yield world, running
    world.app.state.store.engine.dispose()


def _signed_in(browser: Any, server: Server, handle: str) -> Any:
    context = browser.new_context(base_url=server.url, viewport={"width": 1200, "height": 900},
                                  locale="en-GB", timezone_id="Europe/Berlin")
    context.set_default_timeout(8000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.js_errors = errors
    tab.goto("/")
    tab.wait_for_url(re.compile(r"/login\?next="))
    tab.get_by_label("User name").fill(handle)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state()
    return tab


def test_share_then_unshare_side_by_side(browser: Any, team_server: tuple[World, Server],
                                         tmp_path: Path) -> None:
    world, server = team_server
    private = world.ids["alice-private"]
    marker = world.markers["alice-private"]
    alice = _signed_in(browser, server, "alice")
    cleo = _signed_in(browser, server, "cleo")
    assert alice.url.endswith("/")
    assert cleo.url.endswith("/team")
    assert marker not in cleo.content()

    alice.goto(f"/interviews/{private}")
    alice.get_by_role("button", name="Share with Cleo").click()
    alice.wait_for_url(re.compile(rf"/interviews/{private}#sharing$"))
    assert "shared, without your reflection" in alice.locator("#sharing").inner_text()

    cleo.reload()
    link = cleo.get_by_role("link", name=marker).first
    assert link.is_visible()
    agenda = cleo.locator("section.agenda").inner_text()
    assert marker in agenda
    # due times in the reader's own zone (the context's Europe/Berlin), in order
    shown = cleo.locator("section.agenda time[data-local]")
    assert shown.count() >= 2
    assert all(text.endswith("your time") for text in shown.all_inner_texts())
    for section in ("overdue", "upcoming"):
        instants = cleo.locator(f"li.task.{section} time").evaluate_all(
            "nodes => nodes.map(n => Date.parse(n.getAttribute('datetime')))")
        assert instants == sorted(instants), section
    first = cleo.locator("section.agenda time[data-local]").first
    berlin = cleo.evaluate(
        "iso => new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit',"
        " timeZone: 'Europe/Berlin'}).format(new Date(iso))", first.get_attribute("datetime"))
    assert berlin in first.inner_text()
    shot(cleo, tmp_path, "team-consultant")
    link.click()
    cleo.wait_for_url(re.compile(rf"/team/interviews/{private}$"))
    assert "keeps their reflection on this interview private" in cleo.content()
    assert world.markers["alice-private-reflection"] not in cleo.content()

    alice.get_by_role("button", name="Stop sharing").first.click()
    alice.wait_for_url(re.compile(rf"/interviews/{private}#sharing$"))
    response = cleo.goto(f"/team/interviews/{private}")
    assert response is not None
    assert response.status == 404
    cleo.goto("/team")
    assert marker not in cleo.content()
    assert marker not in cleo.locator("section.agenda").inner_text()
    assert not alice.js_errors
    assert not cleo.js_errors
    alice.context.close()
    cleo.context.close()


def test_admin_adds_a_user_and_links_them(browser: Any, team_server: tuple[World, Server],
                                          tmp_path: Path) -> None:
    """The users page without the command line: a new consultant, then a link."""
    world, server = team_server
    boss = _signed_in(browser, server, "boss")
    assert boss.url.endswith("/team/users")
    form = boss.get_by_test_id("add-user")
    form.get_by_label("User name", exact=True).fill("erin")
    form.get_by_label("Name", exact=True).fill("Erin Ode")
    form.get_by_label("Role").select_option("consultant")
    form.get_by_label("First password").fill("short")
    form.get_by_role("button", name="Add the user").click()
    assert "Password:" in boss.get_by_test_id("problems").inner_text()
    form = boss.get_by_test_id("add-user")
    assert form.get_by_label("Name", exact=True).input_value() == "Erin Ode"
    form.get_by_label("First password").fill("quiet-harbour-lamp-17")
    form.get_by_role("button", name="Add the user").click()
    assert boss.get_by_test_id("notice").inner_text() == "erin can now sign in."
    assert "Erin Ode" in boss.get_by_test_id("users").inner_text()

    link = boss.get_by_test_id("add-link")
    link.get_by_label("Consultant").select_option("erin")
    link.get_by_label("Candidate").select_option("alice")
    link.get_by_role("button", name="Link them").click()
    assert "erin \u2192 alice is in force" in boss.get_by_test_id("notice").inner_text()
    assert world.team.user("erin").role == "consultant"
    assert any(item.consultant == "erin" and item.candidate == "alice"
               for item in world.team.links())
    shot(boss, tmp_path, "team-users")
    assert not boss.js_errors
