"""`followthrough serve`: loopback by default, a remote address only on request."""

from __future__ import annotations

import pytest

from followthrough.cli.web import is_loopback
from tests.conftest import Runner

ANY = "0.0.0.0"  # noqa: S104 - the address being refused


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("127.0.0.2", True), (ANY, False), ("192.168.1.5", False), ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_reachable_host_without_allow_remote(run: Runner) -> None:
    result = run("serve", "--host", ANY, "--no-open")
    assert result.exit_code == 2
    assert "--allow-remote" in result.stderr


def test_serve_help_names_the_defaults(run: Runner) -> None:
    result = run("serve", "--help")
    assert result.exit_code == 0
    assert "127.0.0.1" in result.stdout
    assert "8765" in result.stdout
