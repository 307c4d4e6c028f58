"""The dashboard where the work is (issue 18, item 4): each agenda row has Write
it (messages) and Done, Done brings you back to the dashboard, and "and N
more" is a link to every item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followthrough.web.routes import dashboard
from tests.web.test_send_now import AFTER, NOTE, started


def test_each_row_has_write_it_and_done_and_done_comes_back_here(tmp_path: Path) -> None:
    app, client, token = started(tmp_path, AFTER)
    page = client.get("/").text
    row = page[page.index(f'id="t-1.{NOTE}"'):]
    row = row[:row.index("</li>")]
    assert f'href="/actions/1.{NOTE}/draft"' in row
    assert 'aria-label="Mark done: Thank-you note for Yamamoto Aiko (Kasumi Payments K.K.)"' in row
    reflection = page[page.index('id="t-1.reflection"'):]
    assert ">Write it<" not in reflection[:reflection.index("</li>")]

    answer = client.post(f"/actions/1.{NOTE}/done", data={"csrf_token": token,
                                                          "back": "dashboard"})

    assert answer.status_code == 303
    assert answer.headers["location"] == "/#agenda-h"
    assert f'id="t-1.{NOTE}"' not in client.get("/").text
    assert {r.key: r.status for r in app.state.store.plan_of(1)}[NOTE] == "done"


def test_and_n_more_links_to_every_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setattr(dashboard, "AGENDA_ROWS", 4)
    _app, client, _token = started(tmp_path, AFTER)

    page = client.get("/").text
    every = client.get("/?all=1").text

    assert '<a href="/?all=1#overdue">and 2 more</a>' in page
    assert len(re.findall(r'<li class="task overdue"', page)) == 4
    assert len(re.findall(r'<li class="task overdue"', every)) == 6
    assert "and 2 more" not in every
