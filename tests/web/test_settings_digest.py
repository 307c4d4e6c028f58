"""The Settings page checks [digest] like the worker does: a bad time is named by
its key and nothing is saved; a good one is kept."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import TestClient


def test_a_bad_digest_time_is_named_and_not_saved(client: TestClient, token: str,
                                                  private_home: Path) -> None:
    settings = private_home / "settings.toml"

    bad = client.post("/settings", data={"csrf_token": token,
                                         "settings": '[digest]\ntime = "7.30am"\n'})

    assert bad.status_code == 422
    assert "digest.time" in bad.text
    assert "HH:MM" in bad.text
    assert not settings.exists()

    good = client.post("/settings", data={"csrf_token": token,
                                          "settings": '[digest]\ntime = "07:30"\n'})

    assert good.status_code == 303
    assert settings.read_text(encoding="utf-8") == '[digest]\ntime = "07:30"\n'
