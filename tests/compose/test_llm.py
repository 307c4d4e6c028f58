"""The optional LLM backend, end to end against a small OpenAI-compatible server
started by each test on 127.0.0.1: what it is sent, and what comes of each answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.compose.conftest import EXAMPLE_FILES, interview_end
from tests.conftest import Runner

from followthrough.compose import Draft, LLMConfig, compose, compose_one, llm_config
from followthrough.compose.llm import ENV_KEY, ENV_MODEL, ENV_URL, clean_answer
from followthrough.debrief import Debrief, read_debrief
from followthrough.errors import BadInput
from followthrough.plan import Action, plan

GOOD_SATO = """Dear Sato-san,

Thank you for your time today and for the conversation about the Senior Data Engineer role
at Kumo Robotics K.K. I especially valued hearing how you are moving nightly batch jobs to
streaming. I led the migration of 40 nightly batch jobs to Kafka Streams, and I would be glad
to bring that experience to your team.

As promised, I will send you a write-up of the Kafka migration separately.

Our talk left me even more interested in joining Kumo Robotics K.K.

Kind regards,
Alex Morgan
"""
BAD_SATO = "Hey Hiroshi!! Thanks for the chat at [Company]. Talk soon!"
SATO_TOPICS = ("moving nightly batch jobs to streaming",
               "how their on-call rotation works across Tokyo and Berlin")
KOBAYASHI_TOPICS = ("the team's bilingual English-Japanese meetings",
                    "relocation support for engineers moving to Tokyo")
PRIVATE = ("give numbers earlier", "prepare a sharper answer on state size",
           "Decisions are made by consensus", "a clear story about the migration",
           "How would you deduplicate late-arriving events?")


@pytest.fixture(autouse=True)
def no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_URL, ENV_MODEL, ENV_KEY, "TEST_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)


# --- the fake endpoint --------------------------------------------------------------


@dataclass
class Reply:
    """One scripted answer: a chat completion with ``content``, or ``status`` with
    ``raw`` bytes, or a ``delay`` before answering."""

    content: str | None = None
    status: int = 200
    raw: bytes | None = None
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def text(self) -> str:
        return "\n".join(message["content"] for message in self.body["messages"])


@dataclass
class FakeEndpoint:
    base_url: str
    replies: list[Reply] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def config(self, **overrides: Any) -> LLMConfig:
        values: dict[str, Any] = {"base_url": self.base_url, "model": "test-model",
                                  "api_key": "sk-test", "timeout": 5.0, "enabled": True}
        return LLMConfig(**{**values, **overrides})


def _handler(endpoint: FakeEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            endpoint.received.append(Received(self.path, dict(self.headers.items()), body))
            reply = endpoint.replies.pop(0) if endpoint.replies else Reply(status=599)
            if reply.delay:
                endpoint.release.wait(reply.delay)
            if reply.raw is not None:
                data = reply.raw
            else:
                data = json.dumps({"id": "chatcmpl-test", "object": "chat.completion",
                                   "model": body.get("model"),
                                   "choices": [{"index": 0, "finish_reason": "stop",
                                                "message": {"role": "assistant",
                                                            "content": reply.content}}]}
                                  ).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    fake = FakeEndpoint(base_url="")
    server = _Server(("127.0.0.1", 0), _handler(fake))
    host, port = server.server_address[:2]
    fake.base_url = f"http://{host!s}:{port}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- the debrief ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tokyo() -> tuple[Debrief, list[Action]]:
    debrief = read_debrief(EXAMPLE_FILES["tokyo"])
    return debrief, plan(debrief, now=interview_end(debrief) + timedelta(minutes=5))


def _sato(tokyo: tuple[Debrief, list[Action]], llm: LLMConfig | None) -> Draft:
    debrief, actions = tokyo
    drafts = compose(None, debrief, actions, kind="thank-you", to="Hiroshi Sato", llm=llm)
    assert len(drafts) == 1
    return drafts[0]


def _template_sato(tokyo: tuple[Debrief, list[Action]]) -> Draft:
    return _sato(tokyo, None)


# --- what comes of each answer ---------------------------------------------------------


def test_a_good_answer_is_used(endpoint: FakeEndpoint,
                               tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_SATO)]

    draft = _sato(tokyo, endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_SATO
    assert draft.findings == []
    assert draft.subject == _template_sato(tokyo).subject
    assert draft.as_dict()["source"] == "llm"
    assert len(endpoint.received) == 1
    request = endpoint.received[0]
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test-model"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert [m["role"] for m in request.body["messages"]] == ["system", "user"]


def test_a_bad_answer_is_retried_with_its_findings(endpoint: FakeEndpoint,
                                                   tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(BAD_SATO), Reply(GOOD_SATO)]

    draft = _sato(tokyo, endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_SATO
    assert len(endpoint.received) == 2
    first, second = endpoint.received
    retry = second.body["messages"]
    assert retry[:2] == first.body["messages"]
    assert retry[2] == {"role": "assistant", "content": BAD_SATO}
    feedback = retry[3]["content"]
    assert "'[Company]' is a template slot that was never filled in." in feedback
    assert "'Hey' is how you greet a friend" in feedback
    assert "'!!': a run of exclamation marks reads as over-excited." in feedback


def test_a_still_bad_answer_falls_back_to_the_template(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(BAD_SATO), Reply(BAD_SATO.replace("Hey", "Yo"))]

    draft = _sato(tokyo, endpoint.config())

    template = _template_sato(tokyo)
    assert draft.source == "template"
    assert draft.as_dict() == template.as_dict()
    assert draft.note is not None
    assert "failed the checker twice" in draft.note
    assert len(endpoint.received) == 2


@pytest.mark.parametrize("reply", [
    Reply(status=500, raw=b'{"error": "overloaded"}'),
    Reply(raw=b"this is not json"),
    Reply(raw=b'{"choices": []}'),
    Reply(raw=b'{"choices": [{"message": {"content": null}}]}'),
    Reply(content="   "),
    Reply(delay=3.0, content=GOOD_SATO),
], ids=["http-500", "not-json", "no-choices", "null-content", "blank", "timeout"])
def test_endpoint_failures_fall_back_without_a_retry(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]], reply: Reply) -> None:
    endpoint.replies = [reply, Reply(GOOD_SATO)]

    draft = _sato(tokyo, endpoint.config(timeout=0.5))

    assert draft.source == "template"
    assert draft.as_dict() == _template_sato(tokyo).as_dict()
    assert draft.note
    assert draft.note.startswith("template draft: ")
    assert len(endpoint.received) == 1


def test_a_redirect_is_not_followed(endpoint: FakeEndpoint,
                                    tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(status=307, raw=b""), Reply(GOOD_SATO)]

    draft = _sato(tokyo, endpoint.config())

    assert draft.source == "template"
    assert len(endpoint.received) == 1


def test_an_unreachable_endpoint_falls_back(tokyo: tuple[Debrief, list[Action]]) -> None:
    closed = LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout=2.0, enabled=True)

    draft = _sato(tokyo, closed)

    assert draft.source == "template"
    assert draft.note
    assert "could not be reached" in draft.note


# --- what the endpoint is told ---------------------------------------------------------


def test_the_prompt_has_this_recipients_facts_only(endpoint: FakeEndpoint,
                                                   tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_SATO)]

    _sato(tokyo, endpoint.config())

    prompt = endpoint.received[0].text
    for topic in SATO_TOPICS:
        assert topic in prompt
    for topic in KOBAYASHI_TOPICS:
        assert topic not in prompt
    assert "JLPT" not in prompt  # Kobayashi-san's missed point
    for private in PRIVATE:
        assert private not in prompt
    assert "Kumo Robotics K.K." in prompt
    assert "Senior Data Engineer" in prompt
    assert "led the migration of 40 nightly batch jobs to Kafka Streams" in prompt
    assert "a write-up of the Kafka migration" in prompt
    assert "https://example.org/ddia-ch11" in prompt
    assert "Head of Data Platform" in prompt
    assert "Dear Sato-san," in prompt
    assert "formal" in prompt
    assert "75 to 150 words" in prompt


def test_the_recruiter_update_prompt_leaves_out_the_reflection(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    endpoint.replies = [Reply(BAD_SATO), Reply(BAD_SATO)]

    drafts = compose(None, debrief, actions, kind="recruiter-update", llm=endpoint.config())

    assert [d.source for d in drafts] == ["template"]
    assert "a clear story about the migration" in drafts[0].body  # the template may say it
    prompt = endpoint.received[0].text
    for private in PRIVATE:
        assert private not in prompt
    assert "warm" in prompt
    assert "within two weeks" in prompt


def test_each_message_is_asked_for_separately(endpoint: FakeEndpoint,
                                              tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    endpoint.replies = [Reply(BAD_SATO)] * 2 + [Reply(GOOD_SATO)]

    drafts = compose(None, debrief, actions, kind="thank-you", llm=endpoint.config())

    assert {d.to: d.source for d in drafts} == {"Emi Kobayashi": "template",
                                                 "Hiroshi Sato": "llm"}
    first, _, third = endpoint.received
    assert KOBAYASHI_TOPICS[0] in first.text
    assert SATO_TOPICS[0] not in first.text
    assert SATO_TOPICS[0] in third.text
    assert KOBAYASHI_TOPICS[0] not in third.text
    assert all(finding.severity == "info" for d in drafts for finding in d.findings)


def test_llm_notes_that_nearly_copy_each_other_fall_back(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    good_kobayashi = GOOD_SATO.replace("Sato-san", "Kobayashi-san").replace(
        "how you are moving nightly batch jobs to\nstreaming",
        "about the team's bilingual English-Japanese\nmeetings")
    endpoint.replies = [Reply(good_kobayashi), Reply(GOOD_SATO)]

    drafts = compose(None, debrief, actions, kind="thank-you", llm=endpoint.config())

    assert len(endpoint.received) == 2  # each passed the checker alone
    assert [d.source for d in drafts] == ["template", "template"]
    assert all(d.note and "too close to another note" in d.note for d in drafts)
    assert all(finding.severity == "info" for d in drafts for finding in d.findings)


def test_compose_one_uses_the_endpoint_too(endpoint: FakeEndpoint,
                                           tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    action = next(a for a in actions if a.key == "thank-you.hiroshi-sato")
    endpoint.replies = [Reply(f"```\nSubject: Thanks\n\n{GOOD_SATO}```")]

    draft = compose_one(None, debrief, action, llm=endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_SATO


def test_clean_answer_drops_fences_and_subject() -> None:
    assert clean_answer("```text\nSubject: Hi\n\nDear X,\nBody\n```\n") == "Dear X,\nBody"
    assert clean_answer("Dear X,\r\nBody") == "Dear X,\nBody"


# --- off by default ------------------------------------------------------------------


def test_off_by_default(endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_SATO)]
    configured = llm_config({"base_url": endpoint.base_url, "model": "test-model"}, {})

    assert configured is not None
    assert not configured.enabled
    assert _sato(tokyo, configured).source == "template"
    assert _sato(tokyo, None).source == "template"
    assert endpoint.received == []


def test_config_from_settings_and_environment() -> None:
    assert llm_config({}, {}) is None
    section = {"base_url": "https://llm.example/v1", "model": "a", "api_key_env": "TEST_LLM_KEY",
               "timeout": 12, "enabled": True}
    config = llm_config(section, {"TEST_LLM_KEY": "sk-file"})
    assert config == LLMConfig("https://llm.example/v1", "a", "sk-file", 12.0, True)
    assert "sk-file" not in repr(config)
    env = {ENV_URL: "http://127.0.0.1:1/v1", ENV_MODEL: "b", ENV_KEY: "sk-env"}
    from_env = llm_config({}, env)
    assert from_env == LLMConfig("http://127.0.0.1:1/v1", "b", "sk-env", 30.0, False)
    enabled = llm_config({}, env, enable=True)
    assert enabled is not None
    assert enabled.enabled


@pytest.mark.parametrize(("section", "where"), [
    ({"base_url": "file:///etc/passwd", "model": "m"}, "llm.base_url"),
    ({"base_url": "https://x.example", "model": "m", "timeout": -1}, "llm.timeout"),
    ({"base_url": "https://x.example", "model": "m", "enabled": "yes"}, "llm.enabled"),
    ({"base_url": "https://x.example", "model": "m", "api_key": "sk-1"}, "llm.api_key"),
    ({"base_url": "https://x.example", "modle": "m"}, "llm.modle"),
])
def test_bad_settings_are_reported(section: dict[str, Any], where: str) -> None:
    with pytest.raises(BadInput) as raised:
        llm_config(section, {})
    assert where in [problem.path for problem in raised.value.problems]


def test_enabling_without_an_endpoint_is_an_error() -> None:
    with pytest.raises(BadInput, match="--llm needs an endpoint"):
        llm_config({}, {}, enable=True)


# --- the command ---------------------------------------------------------------------


AFTER_TOKYO = "2026-11-16T15:05:00+09:00"


def _settings(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(text, encoding="utf-8")


def _cli_drafts(run: Runner, *extra: str) -> list[dict[str, Any]]:
    result = run("draft", str(EXAMPLE_FILES["tokyo"]), "--kind", "thank-you", "--to",
                 "Hiroshi Sato", "--now", AFTER_TOKYO, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    drafts: list[dict[str, Any]] = document["drafts"]
    return drafts


def test_cli_llm_flag_enables_a_configured_endpoint(
        run: Runner, private_home: Path, endpoint: FakeEndpoint) -> None:
    _settings(private_home, f'[llm]\nbase_url = "{endpoint.base_url}"\nmodel = "test-model"\n'
                            'api_key_env = "TEST_LLM_KEY"\n')
    endpoint.replies = [Reply(GOOD_SATO)]

    assert [d["source"] for d in _cli_drafts(run)] == ["template"]
    assert endpoint.received == []

    drafts = _cli_drafts(run, "--llm")
    assert [d["source"] for d in drafts] == ["llm"]
    assert drafts[0]["body"] == GOOD_SATO
    assert "Authorization" not in endpoint.received[0].headers


def test_cli_settings_enable_and_environment_configures(
        run: Runner, private_home: Path, endpoint: FakeEndpoint,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(private_home, "[llm]\nenabled = true\n")
    monkeypatch.setenv(ENV_URL, endpoint.base_url)
    monkeypatch.setenv(ENV_MODEL, "env-model")
    monkeypatch.setenv(ENV_KEY, "sk-env")
    endpoint.replies = [Reply(GOOD_SATO)]

    assert [d["source"] for d in _cli_drafts(run)] == ["llm"]
    assert endpoint.received[0].body["model"] == "env-model"
    assert endpoint.received[0].headers["Authorization"] == "Bearer sk-env"


def test_cli_text_says_why_the_template_was_used(
        run: Runner, private_home: Path, endpoint: FakeEndpoint) -> None:
    _settings(private_home, f'[llm]\nenabled = true\nbase_url = "{endpoint.base_url}"\n'
                            'model = "m"\n')
    endpoint.replies = [Reply(status=500, raw=b"{}")]

    result = run("draft", str(EXAMPLE_FILES["tokyo"]), "--kind", "thank-you", "--to",
                 "Hiroshi Sato", "--now", AFTER_TOKYO)

    assert result.exit_code == 0, result.stderr
    assert "(template draft: the endpoint answered HTTP 500)" in result.stdout


def test_cli_llm_without_an_endpoint_is_bad_input(run: Runner) -> None:
    result = run("draft", str(EXAMPLE_FILES["tokyo"]), "--llm", "--now", AFTER_TOKYO)

    assert result.exit_code == 2
    assert "--llm needs an endpoint" in result.stderr
