"""Fixtures for the web UI: a fresh app on a temporary database per test, a
client that speaks to it as the browser would (Host 127.0.0.1), and a real
server plus Chromium for the browser tests."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette 1.10 asks for httpx2 at import; the project depends on httpx.
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`",
                            category=StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from followthrough.app.records import import_files
from followthrough.web import create_app
from tests.conftest import JP_FIRST_ROUND

NOW = datetime.fromisoformat("2026-11-16T15:05:00+09:00")
"""Just after the Tokyo interview in the reference example."""
BASE = "http://127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return create_app(f"sqlite:///{tmp_path / 'web.db'}", now=NOW)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def token(app: FastAPI) -> str:
    value: str = app.state.csrf_token
    return value


@pytest.fixture
def tokyo(app: FastAPI) -> int:
    """The reference Tokyo debrief, stored and planned; returns its id."""
    return import_files(app.state.store, [JP_FIRST_ROUND])[0].id


def form_fields(html: str) -> dict[str, str]:
    """The named inputs, selects and textareas of a page, as the browser would post them."""
    fields: dict[str, str] = {}
    for match in re.finditer(r"<input ([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" not in attrs or (attrs.get("type") == "checkbox" and
                                   "checked" not in match.group(1)):
            continue
        fields[unescape(attrs["name"])] = unescape(attrs.get("value", ""))
    for match in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html,
                             re.DOTALL):
        fields[unescape(match.group(1))] = unescape(match.group(2))
    for match in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', html,
                             re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)" selected>', match.group(2))
        first = re.search(r'<option value="([^"]*)"', match.group(2))
        picked = chosen or first
        fields[unescape(match.group(1))] = unescape(picked.group(1)) if picked else ""
    return fields


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


# schemathesis' in-process calls ------------------------------------------------

@contextmanager
def schemathesis_loop_stopped() -> Iterator[None]:
    """Stop, on leaving, the event-loop thread schemathesis keeps for its in-process
    (ASGI) calls, and wait for its threads to end.

    schemathesis stops that loop only in an atexit handler; the loop's anyio worker
    thread then wakes while the interpreter is finalizing, and CPython 3.11 may crash
    there (SIGSEGV in drop_gil) after every test has passed."""
    from schemathesis.python import asgi

    before = set(threading.enumerate())
    try:
        yield
    finally:
        asgi._shutdown()
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=10)


# a real server for the browser tests ------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The app a real server runs, in a private FOLLOWTHROUGH_HOME."""
    home = tmp_path / "live-home"
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(home))
    return create_app(None, now=NOW)


@pytest.fixture
def server(live_app: FastAPI) -> Iterator[Server]:
    with Server(live_app) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900},
                                  locale="en-GB")
    context.set_default_timeout(8000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and
           not msg.text.startswith("Failed to load resource") else None)
    tab.js_errors = errors
    yield tab
    context.close()


@contextmanager
def open_tab(browser: Any, app: FastAPI, timezone_id: str) -> Iterator[Any]:
    """A Chromium page on a real server for ``app``, in ``timezone_id``, that
    collects the page's JavaScript errors in ``page.js_errors``."""
    with Server(app) as server:
        context = browser.new_context(base_url=server.url, locale="en-GB",
                                      timezone_id=timezone_id,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(8000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        yield page
        context.close()
