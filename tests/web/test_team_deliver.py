"""Team mode's "Send to consultant" over HTTP (issue 18, item 9): POST
/actions/{id}/deliver reached the done/skip route before and answered 400
"'deliver' is not done or skip"; now the recruiter update, as edited, lands in
the linked consultant's inbox, and only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followthrough.app.records import import_files
from tests.web.test_send_now import KASUMI
from tests.web.test_team import build_world, signed_in


def test_a_candidate_sends_the_recruiter_update_to_a_linked_consultant(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world(db_url, tmp_path, monkeypatch)
    try:
        interview = import_files(world.store_of("alice"), [KASUMI])[0].id
        alice = signed_in(world.app, "alice")
        action = f"{interview}.recruiter-update"
        editor = alice.get(f"/actions/{action}/draft").text
        assert f'formaction="/actions/{action}/deliver" name="consultant" value="cleo"' in editor
        token = re.search(r'name="csrf-token" content="([^"]+)"', editor)
        assert token

        answer = alice.post(f"/actions/{action}/deliver", data={
            "csrf_token": token.group(1), "consultant": "cleo", "subject": "Kasumi today",
            "body": "MarkerDeliveredToCleo: it went well."})
        stranger = alice.post(f"/actions/{action}/deliver", data={
            "csrf_token": token.group(1), "consultant": "xavier", "body": "MarkerNotLinked"})

        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == f"/interviews/{interview}?delivered={action}"
        assert stranger.status_code == 400
        assert "consultant: this consultant is not linked to you" in stranger.text
        inbox = signed_in(world.app, "cleo").get("/team/inbox").text
        assert "MarkerDeliveredToCleo" in inbox
        assert "MarkerNotLinked" not in signed_in(world.app, "xavier").get("/team/inbox").text
    finally:
        world.app.state.store.engine.dispose()
