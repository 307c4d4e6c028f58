"""`serve` prints the address it really listens on, and --allow-remote needs
sign-in or an access token."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from followthrough.cli.web import address
from tests.conftest import Runner
from tests.reliability.processes import environment, serving

ANY = "0.0.0.0"  # noqa: S104 - the address under test


@pytest.mark.parametrize(("bound", "url"), [
    (("127.0.0.1", 8765), "http://127.0.0.1:8765/"),
    (("::1", 41000, 0, 0), "http://[::1]:41000/"),
    ((ANY, 5000), "http://127.0.0.1:5000/"),
    (("::", 5000, 0, 0), "http://[::1]:5000/"),
    (("192.168.1.5", 80), "http://192.168.1.5:80/"),
])
def test_the_address_is_the_bound_one(bound: tuple[object, ...], url: str) -> None:
    assert address(bound) == url


@pytest.mark.slow
@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_port_0_prints_the_port_the_system_chose(host: str, tmp_path: Path) -> None:
    with serving(["--host", host, "--port", "0"], environment(tmp_path / "home")) as server:
        assert ":0/" not in server.url
        if ":" in host:
            assert server.url.startswith("http://[::1]:")
        response = httpx.get(server.url, timeout=30)

    assert response.status_code == 200


def test_allow_remote_alone_is_refused(run: Runner) -> None:
    result = run("serve", "--host", ANY, "--allow-remote", "--no-open")

    assert result.exit_code == 2
    assert "--allow-remote" in result.stderr
    assert "--team" in result.stderr
    assert "--access-token" in result.stderr


@pytest.mark.slow
def test_an_access_token_is_printed_once_and_required(tmp_path: Path) -> None:
    args = ["--host", ANY, "--port", "0", "--allow-remote", "--access-token"]
    with serving(args, environment(tmp_path / "home")) as server:
        token = server.token
        assert token is not None
        assert server.said.count(token) == 2  # the token line and the address to open
        base = server.url
        bare = httpx.get(base, timeout=30)
        forged_host = httpx.get(base, headers={"Host": "evil.example"}, timeout=30)
        wrong = httpx.get(f"{base}?token=not-it", timeout=30)
        with httpx.Client(timeout=30, follow_redirects=True) as browser:
            entered = browser.get(f"{base}?token={token}")
            page = browser.get(base)
        api = httpx.get(f"{base}api/agenda", headers={"Authorization": f"Bearer {token}"},
                        timeout=30)

    assert (bare.status_code, forged_host.status_code, wrong.status_code) == (401, 401, 401)
    assert "?token=" in bare.text
    assert entered.history[0].status_code == 303
    assert entered.url == httpx.URL(base), "the token does not stay in the address"
    assert (entered.status_code, page.status_code, api.status_code) == (200, 200, 200)
    assert token not in page.text
