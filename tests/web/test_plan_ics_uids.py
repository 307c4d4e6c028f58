"""The web's plan.ics carries the interview's uid in its UIDs, as `followthrough
export ics` does: importing one after the other updates the calendar's entries
instead of adding a second copy of each."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from followthrough.app.records import import_files
from followthrough.web import create_app
from tests.conftest import JP_FIRST_ROUND, Runner
from tests.web.conftest import BASE, NOW, TestClient


def _uids(data: bytes) -> list[str]:
    return sorted(str(item["UID"]) for item in Calendar.from_ical(data).walk("VEVENT"))


def test_the_web_calendar_has_the_uids_of_the_cli_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW.isoformat())
    app = create_app(url, now=NOW)
    interview = import_files(app.state.store, [JP_FIRST_ROUND])[0].id
    uid = app.state.store.get_interview(interview).uid
    exported = tmp_path / "cli.ics"

    with TestClient(app, base_url=BASE) as client:
        web = client.get(f"/interviews/{interview}/plan.ics")
    result = Runner(db=url)("export", "ics", str(interview), "-o", str(exported))

    assert web.status_code == 200
    assert result.exit_code == 0, result.stderr
    assert uid
    assert _uids(web.content) == _uids(exported.read_bytes())
    assert all(each.startswith(f"{uid}.") for each in _uids(web.content))
    assert len(_uids(web.content)) == len(app.state.store.plan_of(interview))
