"""The same use case through both faces, the command line and the web UI, on two
databases with one settings file: what each queues, writes or plans is the same.
Both call the application core (followthrough.app), so they cannot drift apart."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from followthrough.store import open_store
from followthrough.store.outbox import OutboxRow, OutboxStore
from followthrough.web import create_app
from tests.compose.test_llm import GOOD_MORI, FakeEndpoint, Reply, endpoint  # noqa: F401
from tests.conftest import JP_FIRST_ROUND, Runner
from tests.web.conftest import BASE, NOW, form_fields

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`",
                            category=StarletteDeprecationWarning)
    from starlette.testclient import TestClient

AT = NOW.isoformat()
MORI = "1.thank-you.daichi-mori"
OGAWA = "1.thank-you.rina-ogawa"
SMTP = '[mail.smtp]\nhost = "127.0.0.1"\nport = 2525\ntls = "none"\n'
"""A sending account (never reached: approving only queues), which approving needs."""
EDITED = ("Dear Mori-san,\n\nThank you for your time today and for the conversation about "
          "dashboards refreshed every few minutes. I would be glad to hear from you ASAP.\n\n"
          "Kind regards,\nMara Lindholm\n")


@dataclass
class Faces:
    run: Runner
    cli_url: str
    web: TestClient
    app: FastAPI
    home: Path

    def settings(self, text: str) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "settings.toml").write_text(SMTP + text, encoding="utf-8")

    def cli(self, *args: str) -> Any:
        return self.run(*args, "--now", AT)

    def post(self, path: str, **fields: str) -> Any:
        return self.web.post(path, data={"csrf_token": self.app.state.csrf_token, **fields})

    def cli_queue(self) -> list[OutboxRow]:
        store = open_store(self.cli_url)
        try:
            return OutboxStore(store).rows()
        finally:
            store.engine.dispose()

    def web_queue(self) -> list[OutboxRow]:
        return OutboxStore(self.app.state.store).rows()


@pytest.fixture
def faces(tmp_path: Path, private_home: Path) -> Iterator[Faces]:
    """The same debrief imported on both faces, each on its own database."""
    cli_url = f"sqlite:///{tmp_path / 'cli.db'}"
    run = Runner(db=cli_url)
    app = create_app(f"sqlite:///{tmp_path / 'web.db'}", now=NOW)
    with TestClient(app, base_url=BASE, follow_redirects=False) as web:
        faces = Faces(run, cli_url, web, app, private_home)
        faces.settings("")
        yield faces


def _imported(faces: Faces) -> None:
    """Import the file on the command line, and its export through the web's API."""
    assert faces.cli("import", str(JP_FIRST_ROUND)).exit_code == 0
    exported = faces.cli("export", "json", "1")
    debrief = json.loads(exported.stdout)["interviews"][0]["debrief"]
    created = faces.web.post("/api/interviews", json=debrief,
                             headers={"X-CSRF-Token": faces.app.state.csrf_token})
    assert created.status_code == 201, created.text
    assert created.json()["id"] == 1


def _queued(rows: list[OutboxRow]) -> list[tuple[str, str, str, str, str]]:
    return [(row.action_id, row.subject, row.body, row.to_addr, row.send_at.isoformat())
            for row in rows]


def _approve_edited(faces: Faces, tmp_path: Path) -> tuple[Any, Any]:
    """Approve the edited text of Mori's thank-you on both faces."""
    _imported(faces)
    edited = tmp_path / "edited.txt"
    edited.write_text(EDITED, encoding="utf-8")
    cli = faces.cli("approve", MORI, "--body", str(edited), "--subject", "Thank you")
    web = faces.post(f"/outbox/{MORI}", subject="Thank you", body=EDITED, when="planned")
    return cli, web


def test_import_then_plan_is_the_same_plan(faces: Faces) -> None:
    _imported(faces)

    from_cli = faces.cli("plan", "1", "--format", "json").json()
    from_web = faces.web.get("/api/interviews/1/plan").json()

    assert from_cli["actions"] == from_web["actions"]
    assert len(from_cli["actions"]) > 5
    assert from_cli["interview"]["timing"] == from_web["interview"]["timing"]
    assert from_cli["interview"]["debrief"] == from_web["interview"]["debrief"]


def test_approve_with_checker_settings_refuses_on_both(faces: Faces, tmp_path: Path) -> None:
    faces.settings('[checker]\nseverities = { "pushy.demand.urgency" = "error" }\n')

    cli, web = _approve_edited(faces, tmp_path)

    assert cli.exit_code == 2
    assert "ASAP" in cli.stderr
    assert web.status_code == 400
    assert "ASAP" in web.text
    assert faces.cli_queue() == faces.web_queue() == []


def test_approve_with_checker_settings_queues_the_same(faces: Faces, tmp_path: Path) -> None:
    faces.settings('[checker]\ndisabled = ["pushy"]\n')

    cli, web = _approve_edited(faces, tmp_path)
    composed_cli = faces.cli("approve", OGAWA)
    composed_web = faces.post(f"/outbox/{OGAWA}", subject="", body="", when="planned")

    assert (cli.exit_code, web.status_code) == (0, 303), (cli.stderr, web.text)
    assert (composed_cli.exit_code, composed_web.status_code) == (0, 303)
    assert _queued(faces.cli_queue()) == _queued(faces.web_queue())
    assert {row.action_id: row.body for row in faces.web_queue()}[MORI] == EDITED
    assert len(faces.web_queue()) == 2


def test_approve_with_the_llm_queues_its_text_on_both(faces: Faces,
                                                      endpoint: FakeEndpoint) -> None:  # noqa: F811
    faces.settings(f'[llm]\nenabled = true\nbase_url = "{endpoint.base_url}"\n'
                   'model = "test-model"\n')
    _imported(faces)
    endpoint.replies = [Reply(GOOD_MORI) for _ in range(4)]

    cli = faces.cli("approve", MORI)
    web = faces.post(f"/outbox/{MORI}", subject="", body="", when="planned")

    assert (cli.exit_code, web.status_code) == (0, 303), (cli.stderr, web.text)
    assert _queued(faces.cli_queue()) == _queued(faces.web_queue())
    assert faces.web_queue()[0].body == GOOD_MORI
    assert len(endpoint.received) == 2


def _without_dated_headers(raw: bytes) -> bytes:
    return re.sub(rb"(?m)^(Date|Message-ID): .*\r?\n", b"", raw)


def test_the_eml_is_the_same_file(faces: Faces, tmp_path: Path) -> None:
    _imported(faces)
    target = tmp_path / "cli.eml"

    cli = faces.cli("export", "eml", OGAWA, "-o", str(target))
    page = faces.web.get(f"/actions/{OGAWA}/draft")
    web = faces.web.post("/drafts/eml", data=form_fields(page.text))

    assert cli.exit_code == 0, cli.stderr
    assert web.status_code == 200, web.text
    assert b"X-Unsent: 1" in web.content
    assert _without_dated_headers(target.read_bytes()) == _without_dated_headers(web.content)
