"""The guards of a local app holding personal notes: Host check (DNS
rebinding), CSRF on every state-changing route, nothing changes on GET,
a strict Content-Security-Policy, no-store, and user text always rendered as
text (the XSS suite)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import cycle, islice
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from followthrough.app.records import export_document
from followthrough.web.security import SAFE_METHODS
from tests.web.conftest import NOW
from tests.web.payloads import PAYLOADS, URL_PAYLOADS

FOREIGN_HOSTS = ("evil.example", "127.0.0.1.evil.example", "evil.example:8765", "192.168.1.9")


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every endpoint, also inside included routers (FastAPI keeps those as
    wrappers holding the original router)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _api_routes(route.original_router.routes)
    return found


def _routes(app: FastAPI, unsafe: bool) -> list[tuple[str, str]]:
    found = []
    for route in _api_routes(app.routes):
        for method in sorted((route.methods or set()) - {"HEAD"}):
            if (method not in SAFE_METHODS) == unsafe:
                found.append((method, route.path))
    return found


def _fill(path: str, interview_id: int) -> str:
    return (path.replace("{interview_id}", str(interview_id))
            .replace("{action_id}", f"{interview_id}.thank-you.daichi-mori")
            .replace("{mark}", "done"))


def _snapshot(app: FastAPI, interview_id: int) -> str:
    store = app.state.store
    document = export_document(store, None)
    for item in document["interviews"]:
        item.pop("updated", None)
    rows = [(r.key, r.status, r.due.isoformat()) for r in store.plan_of(interview_id)]
    events = [(e.kind, e.action_key, e.person) for e in store.events_of(interview_id)]
    return json.dumps([document, rows, events], sort_keys=True, default=str)


def test_the_route_enumeration_covers_every_writer(app: FastAPI) -> None:
    writers = {path for _, path in _routes(app, unsafe=True)}
    assert {"/interviews/new", "/interviews/{interview_id}/edit", "/actions/{action_id}/{mark}",
            "/interviews/{interview_id}/reply", "/interviews/{interview_id}/outcome",
            "/interviews/{interview_id}/delete", "/settings", "/drafts/check", "/drafts/eml",
            "/api/interviews", "/api/check"} <= writers


def test_every_state_changing_route_needs_the_csrf_token(app: FastAPI, client: TestClient,
                                                         token: str, tokyo: int) -> None:
    before = _snapshot(app, tokyo)
    for method, path in _routes(app, unsafe=True):
        url = _fill(path, tokyo)
        missing = client.request(method, url, data={"person": "Daichi Mori"})
        assert missing.status_code == 403, (method, url, missing.status_code)
        wrong = client.request(method, url, data={"csrf_token": token[::-1]},
                               headers={"X-CSRF-Token": "not-" + token})
        assert wrong.status_code == 403, (method, url)
        as_json = client.request(method, url, json={"text": "x"})
        assert as_json.status_code == 403, (method, url)
        foreign_origin = client.request(method, url, headers={
            "X-CSRF-Token": token, "Origin": "http://evil.example"})
        assert foreign_origin.status_code == 403, (method, url)
    assert _snapshot(app, tokyo) == before


def test_every_route_refuses_a_foreign_host(app: FastAPI, client: TestClient, token: str,
                                            tokyo: int) -> None:
    before = _snapshot(app, tokyo)
    for method, path in _routes(app, unsafe=True) + _routes(app, unsafe=False):
        for host in FOREIGN_HOSTS:
            answer = client.request(method, _fill(path, tokyo), headers={
                "Host": host, "X-CSRF-Token": token}, data={"csrf_token": token})
            assert answer.status_code == 421, (method, path, host)
            assert "DNS rebinding" in answer.text
    assert _snapshot(app, tokyo) == before


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_own_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_get_never_changes_anything(app: FastAPI, client: TestClient, tokyo: int) -> None:
    before = _snapshot(app, tokyo)
    for _method, path in _routes(app, unsafe=False):
        answer = client.get(_fill(path, tokyo))
        assert answer.status_code < 500, path
    assert _snapshot(app, tokyo) == before


def test_state_changing_routes_refuse_get(app: FastAPI, client: TestClient, tokyo: int) -> None:
    readable = {path for _, path in _routes(app, unsafe=False)}
    for _method, path in _routes(app, unsafe=True):
        if path not in readable:
            assert client.get(_fill(path, tokyo)).status_code in (404, 405), path


def _pages(tokyo: int) -> list[str]:
    return ["/", "/interviews", "/interviews/new", f"/interviews/{tokyo}",
            f"/interviews/{tokyo}/edit", f"/interviews/{tokyo}/journal", "/settings",
            f"/actions/{tokyo}.thank-you.daichi-mori/draft", "/interviews/999"]


def test_pages_carry_the_security_headers(client: TestClient, tokyo: int) -> None:
    for url in [*_pages(tokyo), "/api/agenda", f"/interviews/{tokyo}/plan.ics"]:
        answer = client.get(url)
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp
        assert answer.headers["cache-control"] == "no-store", url
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
    static = client.get("/static/app.js")
    assert static.status_code == 200
    assert "no-store" not in static.headers["cache-control"]


def test_no_inline_script_or_handler_in_any_page(client: TestClient, tokyo: int) -> None:
    for url in _pages(tokyo):
        html = client.get(url).text
        _assert_inert(html, url)


def test_the_api_document_has_no_browsable_docs_with_inline_script(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/api/openapi.json").json()["info"]["title"] == "followthrough"


# the XSS suite -------------------------------------------------------------

ALLOWED_TAGS = frozenset((
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "main",
    "footer", "h1", "h2", "h3", "h4", "p", "small", "section", "ul", "ol", "li", "span", "strong",
    "div", "form", "input", "button", "label", "select", "option", "textarea", "fieldset",
    "legend", "details", "summary", "aside", "q", "mark", "br", "code", "pre", "article"))


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts = 0
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unexpected <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.scripts += 1
            self.in_script = True
            if dict(attrs).get("src") != "/static/app.js":
                self.problems.append("a script that is not ours")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append("inline script")


def _assert_inert(html: str, where: str) -> None:
    inspector = _Inspector()
    inspector.feed(html)
    assert not inspector.problems, (where, inspector.problems[:5])
    assert inspector.scripts <= 1, where


def hostile_debrief(payloads: list[str], url: str) -> dict[str, Any]:
    """A valid debrief with a payload in every field a person types."""
    p = iter(payloads)
    interviewer = next(p)
    return {
        "candidate": {"name": next(p), "email": "cand@example.net", "timezone": "Europe/Berlin",
                      "signature": next(p), "strengths": [next(p)]},
        "interview": {"company": next(p), "role": next(p), "starts": NOW.isoformat(),
                      "timezone": "Asia/Tokyo", "country": "JP", "decision": next(p),
                      "next_steps": next(p)},
        "recruiter": {"name": next(p), "firm": next(p), "email": "rec@example.net"},
        "interviewers": [
            {"name": interviewer, "title": next(p), "salutation": next(p),
             "email": "one@example.jp", "linkedin": url, "rapport": "warm",
             "topics": [next(p), next(p)]},
            {"name": next(p), "email": "two@example.jp"}],
        "promises": [{"what": next(p), "to": interviewer, "attachment": next(p)}],
        "resources": [{"title": next(p), "url": url, "to": interviewer}],
        "missed": [{"point": next(p), "to": interviewer}],
        "questions": [{"asked": next(p), "answer": next(p), "struggled": True}],
        "reflection": {"went_well": [next(p)], "improve": [next(p)], "learned": next(p)},
        "references": [{"name": next(p), "relationship": next(p), "emphasise": [next(p)]}],
    }


FIELDS_PER_DEBRIEF = 27


def hostile_debriefs() -> list[dict[str, Any]]:
    rounds = -(-len(PAYLOADS) // FIELDS_PER_DEBRIEF)
    stream = list(islice(cycle(PAYLOADS), rounds * FIELDS_PER_DEBRIEF))
    return [hostile_debrief(stream[i * FIELDS_PER_DEBRIEF:(i + 1) * FIELDS_PER_DEBRIEF],
                            URL_PAYLOADS[i % len(URL_PAYLOADS)]) for i in range(rounds)]


def store_hostile(app: FastAPI) -> list[int]:
    from followthrough.app.planning import replan
    from followthrough.debrief import validate_debrief

    ids = []
    for data in hostile_debriefs():
        debrief = validate_debrief(data, from_json=True)
        interview_id, _ = app.state.store.add_interview(debrief)
        replan(app.state.store, interview_id)
        ids.append(interview_id)
    return ids


def test_every_payload_is_used(app: FastAPI) -> None:
    used = {json.dumps(d) for d in hostile_debriefs()}
    assert all(any(json.dumps(p)[1:-1] in text for text in used) for p in PAYLOADS)


def test_payloads_render_as_text_on_every_page(app: FastAPI, client: TestClient,
                                               token: str) -> None:
    ids = store_hostile(app)
    urls = ["/", "/interviews", "/interviews?state=awaiting"]
    for interview_id in ids:
        urls += [f"/interviews/{interview_id}", f"/interviews/{interview_id}/edit",
                 f"/interviews/{interview_id}/journal"]
        urls += [f"/actions/{row.id}/draft" for row in app.state.store.plan_of(interview_id)
                 if row.kind in ("thank-you", "promise", "status-inquiry", "reference-brief")]
    seen = 0
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        _assert_inert(answer.text, url)
        seen += sum(1 for p in PAYLOADS if _escaped(p) in answer.text)
    assert seen >= len(PAYLOADS)
    for payload in PAYLOADS:
        for url, data in (("/drafts/check", {"body": payload, "interview": str(ids[0])}),
                          ("/settings", {"settings": payload})):
            answer = client.post(url, data={**data, "csrf_token": token},
                                 headers={"X-Partial": "1"})
            _assert_inert(answer.text, f"{url} {payload}")
    form = client.post("/interviews/new", data={"csrf_token": token, "candidate.name":
                                                PAYLOADS[0], "candidate.email": PAYLOADS[1]})
    assert form.status_code == 422
    _assert_inert(form.text, "form errors")


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def test_an_unescaped_payload_would_be_caught() -> None:
    """The inspector itself: it must see what the payloads would do if they got through."""
    for payload in PAYLOADS[:len(PAYLOADS) - 6]:
        inspector = _Inspector()
        inspector.feed(f"<p>{payload}</p>")
        if re.search(r"<(script|img|svg|iframe|body|details|input|a |math|video)", payload):
            assert inspector.problems, payload
