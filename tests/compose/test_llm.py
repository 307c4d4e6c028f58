"""The optional LLM backend, end to end against a small OpenAI-compatible server
started by each test on 127.0.0.1: what it is sent, and what comes of each answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.compose.conftest import interview_end
from tests.conftest import JP_FIRST_ROUND, Runner

from followthrough.compose import Draft, LLMConfig, compose, compose_one, llm_config
from followthrough.compose.facts import facts as template_values
from followthrough.compose.facts import recipient
from followthrough.compose.llm import (
    ENV_KEY,
    ENV_MODEL,
    ENV_URL,
    Bounds,
    clean_answer,
    overreach,
    prompt_facts,
)
from followthrough.culture import profile_for
from followthrough.debrief import Debrief, read_debrief, validate_debrief
from followthrough.errors import BadInput
from followthrough.plan import Action, Event, plan
from followthrough.plan.rules import PROMISE

GOOD_MORI = """Dear Mori-san,

Thank you for your time today and for the conversation about the Senior Analytics Engineer role
at Tsubame Data K.K. I especially valued hearing how you refresh sales dashboards every few
minutes. I replaced a nightly reporting batch with incremental dbt models, and I would be glad
to bring that experience to your team.

As promised, I will send you a short write-up of the move to incremental models separately.

Our talk left me even more interested in joining Tsubame Data K.K.

Kind regards,
Mara Lindholm
"""
GOOD_OGAWA = """Dear Ogawa-san,

Thank you for your time today and for the conversation about the Senior Analytics Engineer role
at Tsubame Data K.K. I was glad to hear how your team's meetings are held half in English, half
in Japanese, and I would enjoy taking part in them.

Our talk left me even more interested in joining Tsubame Data K.K.

Kind regards,
Mara Lindholm
"""
BAD_MORI = "Hey Daichi!! Thanks for the chat at [Company]. Talk soon!"
MORI_TOPICS = ("refreshing sales dashboards every few minutes instead of overnight",
               "how your teams in Osaka and Berlin agree on one set of metrics")
"""Daichi Mori's topics as said to him (the record has "their teams")."""
OGAWA_TOPICS = ("your team's meetings held half in English, half in Japanese",
                "help with visas for engineers who move to Tokyo")
OGAWA_CORES = ("meetings held half in English", "help with visas")
"""Words of Rina Ogawa's topics in any voice."""
PRIVATE = ("say the result first", "prepare a clearer answer on backfills",
           "Hiring decisions need the agreement", "the refunds story, told with numbers",
           "How would you rebuild a model whose history changed upstream?")


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
    debrief = read_debrief(JP_FIRST_ROUND)
    return debrief, plan(debrief, now=interview_end(debrief) + timedelta(minutes=5))


def _mori(tokyo: tuple[Debrief, list[Action]], llm: LLMConfig | None) -> Draft:
    debrief, actions = tokyo
    drafts = compose(None, debrief, actions, kind="thank-you", to="Daichi Mori", llm=llm)
    assert len(drafts) == 1
    return drafts[0]


def _template_mori(tokyo: tuple[Debrief, list[Action]]) -> Draft:
    return _mori(tokyo, None)


def _facts(received: Received) -> dict[str, str]:
    """The labelled facts of the user message (the first value of a repeated label)."""
    facts: dict[str, str] = {}
    for label, value in _fact_lines(received):
        facts.setdefault(label, value)
    return facts


def _fact_lines(received: Received) -> list[tuple[str, str]]:
    user = received.body["messages"][1]["content"]
    listed = user.split("\n\nA draft from our templates", 1)[0].split("\n\n", 1)[1]
    return [(label, value) for label, _, value in
            (line.partition(": ") for line in listed.splitlines())]


def _greeting_and_closing(body: str) -> tuple[str, str]:
    """A template draft's first line and its closing (the last line ending in a comma)."""
    lines = body.splitlines()
    return lines[0], next(line for line in reversed(lines) if line.endswith(","))


# --- what comes of each answer ---------------------------------------------------------


def test_a_good_answer_is_used(endpoint: FakeEndpoint,
                               tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_MORI)]

    draft = _mori(tokyo, endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_MORI
    assert draft.findings == []
    assert draft.subject == _template_mori(tokyo).subject
    assert draft.as_dict()["source"] == "llm"
    assert len(endpoint.received) == 1
    request = endpoint.received[0]
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test-model"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert [m["role"] for m in request.body["messages"]] == ["system", "user"]


def test_a_bad_answer_is_retried_with_its_findings(endpoint: FakeEndpoint,
                                                   tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(BAD_MORI), Reply(GOOD_MORI)]

    draft = _mori(tokyo, endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_MORI
    assert len(endpoint.received) == 2
    first, second = endpoint.received
    retry = second.body["messages"]
    assert retry[:2] == first.body["messages"]
    assert retry[2] == {"role": "assistant", "content": BAD_MORI}
    feedback = retry[3]["content"]
    assert "'[Company]' is a template slot that was never filled in." in feedback
    assert "'Hey' is too casual for a business note" in feedback
    assert "'!!': a run of exclamation marks reads as over-excited." in feedback


def test_a_still_bad_answer_falls_back_to_the_template(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(BAD_MORI), Reply(BAD_MORI.replace("Hey", "Yo"))]

    draft = _mori(tokyo, endpoint.config())

    template = _template_mori(tokyo)
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
    Reply(delay=3.0, content=GOOD_MORI),
], ids=["http-500", "not-json", "no-choices", "null-content", "blank", "timeout"])
def test_endpoint_failures_fall_back_without_a_retry(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]], reply: Reply) -> None:
    endpoint.replies = [reply, Reply(GOOD_MORI)]

    draft = _mori(tokyo, endpoint.config(timeout=0.5))

    assert draft.source == "template"
    assert draft.as_dict() == _template_mori(tokyo).as_dict()
    assert draft.note
    assert draft.note.startswith("template draft: ")
    assert len(endpoint.received) == 1


def test_a_redirect_is_not_followed(endpoint: FakeEndpoint,
                                    tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(status=307, raw=b""), Reply(GOOD_MORI)]

    draft = _mori(tokyo, endpoint.config())

    assert draft.source == "template"
    assert len(endpoint.received) == 1


def test_an_unreachable_endpoint_falls_back(tokyo: tuple[Debrief, list[Action]]) -> None:
    closed = LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout=2.0, enabled=True)

    draft = _mori(tokyo, closed)

    assert draft.source == "template"
    assert draft.note
    assert "could not be reached" in draft.note


# --- what the endpoint is told ---------------------------------------------------------


def test_the_prompt_has_this_recipients_facts_only(endpoint: FakeEndpoint,
                                                   tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_MORI)]

    _mori(tokyo, endpoint.config())

    prompt = endpoint.received[0].text
    facts = _facts(endpoint.received[0])
    for topic in MORI_TOPICS:
        assert topic in prompt
    for core in OGAWA_CORES:
        assert core not in prompt
    assert "JLPT" not in prompt  # Ogawa-san's missed point
    for private in PRIVATE:
        assert private not in prompt
    assert "Tsubame Data K.K." in prompt
    assert "Senior Analytics Engineer" in prompt
    # The record links no strength to his topics: none is claimed, none is offered.
    assert "replaced a nightly reporting batch with incremental dbt models" not in prompt
    assert "do not claim a strength" in facts["Candidate's strength"]
    # the promise goes inside this thank-you (no file or link recorded for it)
    assert facts["What is delivered"] == "a short write-up of the move to incremental models"
    assert "Promised to this person" not in facts
    assert facts["Links"] == "only these, exactly as written: https://example.org/testing-data-models"
    assert "Head of Analytics Platform" in prompt
    greeting, closing = _greeting_and_closing(_template_mori(tokyo).body)
    assert facts["Open with exactly"] == greeting == "Dear Mori-san,"
    assert facts["Close with exactly"] == closing
    assert facts["Sign as"] == "Mara Lindholm / +49 160 0000 0000 (one item per line)"
    assert facts["English"].startswith("American English")  # Japan writes American English
    assert facts["When the interview was"].startswith("today")
    assert "formal" in facts["Register"]
    assert facts["Length"] == "75 to 150 words"


def test_the_recruiter_update_prompt_leaves_out_the_reflection(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    endpoint.replies = [Reply(BAD_MORI), Reply(BAD_MORI)]

    drafts = compose(None, debrief, actions, kind="recruiter-update", llm=endpoint.config())

    assert [d.source for d in drafts] == ["template"]
    # The template draft may tell the recruiter of a weak answer; the prompt may not.
    assert "how I would rebuild a model whose history changed upstream" in drafts[0].body
    prompt = endpoint.received[0].text
    for private in PRIVATE:
        assert private not in prompt
    assert "warm" in prompt
    assert "within two weeks" in prompt
    # Its template draft tells of weak answers: it does not go along as a reference.
    assert len(endpoint.received[0].body["messages"]) == 2
    assert "A draft from our templates" not in prompt


def test_each_message_is_asked_for_separately(endpoint: FakeEndpoint,
                                              tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    endpoint.replies = [Reply(BAD_MORI)] * 2 + [Reply(GOOD_OGAWA)]

    drafts = compose(None, debrief, actions, kind="thank-you", llm=endpoint.config())

    assert {d.to: d.source for d in drafts} == {"Daichi Mori": "template",
                                                 "Rina Ogawa": "llm"}
    first, _, third = endpoint.received
    assert MORI_TOPICS[0] in first.text
    assert OGAWA_TOPICS[0] not in first.text
    assert OGAWA_TOPICS[0] in third.text
    assert MORI_TOPICS[0] not in third.text
    assert all(finding.severity == "info" for d in drafts for finding in d.findings)


def test_llm_notes_that_nearly_copy_each_other_fall_back(
        endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    assert "how you refresh sales dashboards every few\nminutes" in GOOD_MORI
    good_ogawa = GOOD_MORI.replace("Mori-san", "Ogawa-san").replace(
        "how you refresh sales dashboards every few\nminutes",
        "about the team's meetings held half in\nEnglish")
    endpoint.replies = [Reply(GOOD_MORI), Reply(good_ogawa)]

    drafts = compose(None, debrief, actions, kind="thank-you", llm=endpoint.config())

    assert len(endpoint.received) == 2  # each passed the checker alone
    assert [d.source for d in drafts] == ["template", "template"]
    assert all(d.note and "too close to another note" in d.note for d in drafts)
    assert all(finding.severity == "info" for d in drafts for finding in d.findings)


def test_compose_one_uses_the_endpoint_too(endpoint: FakeEndpoint,
                                           tokyo: tuple[Debrief, list[Action]]) -> None:
    debrief, actions = tokyo
    action = next(a for a in actions if a.key == "thank-you.daichi-mori")
    endpoint.replies = [Reply(f"```\nSubject: Thanks\n\n{GOOD_MORI}```")]

    draft = compose_one(None, debrief, action, llm=endpoint.config())

    assert draft.source == "llm"
    assert draft.body == GOOD_MORI


def test_clean_answer_drops_fences_and_subject() -> None:
    assert clean_answer("```text\nSubject: Hi\n\nDear X,\nBody\n```\n") == "Dear X,\nBody"
    assert clean_answer("Dear X,\r\nBody") == "Dear X,\nBody"


# --- the facts the templates use, for a debrief written out here ------------------------

LONDON = ZoneInfo("Europe/London")
TALK_URL = "https://example.org/release-trains-talk"
CRDT_URL = "https://example.org/crdt-talk"
OFFLINE = "built the offline mode of a field-service app used by 3,000 technicians"
HARBOUR_PRIVATE = ("How would you test sync with a wrong clock?", "the offline story",
                   "lead with the result", "Releases are owned by teams.")


@pytest.fixture
def harbour(tmp_path: Path) -> Debrief:
    """A London interview on Wednesday 2 December 2026, 10:00-11:00 (British English):
    Ms Demir, whose first topic has a linked strength and who was promised a file;
    Mr Reyes, whose topic has none and who was promised a talk that is online."""
    note = tmp_path / "sync-design-note.pdf"
    note.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return Debrief.model_validate({
        "candidate": {"name": "Sam Okafor", "email": "sam@example.com",
                      "timezone": "Europe/London", "signature": "Sam Okafor\nsam@example.com",
                      "strengths": [OFFLINE, "mentored four junior engineers"]},
        "interview": {"company": "Harbour Analytics Ltd", "role": "Senior Android Engineer",
                      "starts": datetime(2026, 12, 2, 10, 0, tzinfo=LONDON), "minutes": 60,
                      "timezone": "Europe/London", "country": "GB",
                      "decision_by": date(2026, 12, 14),
                      "next_steps": "a pairing session with two engineers"},
        "interviewers": [
            {"name": "Aylin Demir", "honorific": "Ms.", "email": "aylin@harbour.example",
             "title": "Staff Engineer", "rapport": "neutral",
             "topics": [{"about": "conflict resolution in their offline cache",
                         "strength": OFFLINE},
                        "their release trains"]},
            {"name": "Tom Reyes", "honorific": "Mr.", "email": "tom@harbour.example",
             "topics": ["how the team runs design reviews"]},
        ],
        "promises": [
            {"what": "the design note on conflict-free sync", "to": "Aylin Demir",
             "file": str(note)},
            {"what": "the recording of my talk on release trains", "to": "Tom Reyes",
             "url": TALK_URL},
        ],
        "resources": [{"title": "a talk on CRDTs for mobile apps", "url": CRDT_URL,
                       "to": "Aylin Demir"}],
        "questions": [{"asked": "How would you test sync with a wrong clock?",
                       "struggled": True}],
        "reflection": {"went_well": ["the offline story"], "improve": ["lead with the result"],
                       "learned": "Releases are owned by teams."},
    })


def _harbour_plan(debrief: Debrief, *, separate: bool = True) -> list[Action]:
    """The plan, with each promise a message of its own (as planned before) unless
    ``separate`` is false: then each goes inside its thank-you."""
    kept = {f"promise.{n}": PROMISE.id for n in range(1, len(debrief.promises) + 1)}
    return plan(debrief, now=interview_end(debrief) + timedelta(minutes=5),
                before=kept if separate else None)


def _drafted(debrief: Debrief, kind: str, to: str | None, llm: LLMConfig | None,
             actions: list[Action] | None = None, now: datetime | None = None) -> Draft:
    drafts = compose(None, debrief, actions or _harbour_plan(debrief), kind=kind, to=to,
                     llm=llm, now=now)
    assert len(drafts) == 1
    return drafts[0]


GOOD_DEMIR_PROMISE = """Dear Ms Demir,

As promised today, I have attached the design note on conflict-free sync.

I would be glad to walk you through it if that would help.

Kind regards,
Sam Okafor
sam@example.com
"""
GOOD_REYES_PROMISE = f"""Dear Mr Reyes,

As promised today, here is the recording of my talk on release trains: {TALK_URL}

I would be glad to walk you through it if that would help.

Kind regards,
Sam Okafor
sam@example.com
"""


def _assert_form(facts: dict[str, str], template: Draft) -> None:
    """The greeting, closing and sign-off of the template draft, and British English."""
    greeting, closing = _greeting_and_closing(template.body)
    assert facts["Open with exactly"] == greeting
    assert facts["Close with exactly"] == closing
    assert facts["Sign as"] == "Sam Okafor / sam@example.com (one item per line)"
    assert facts["English"].startswith("British English: British spelling")
    assert facts["English"].endswith("dates day first, as in 2 December")


def test_a_promise_with_a_file_says_attached(endpoint: FakeEndpoint,
                                             harbour: Debrief) -> None:
    endpoint.replies = [Reply(GOOD_DEMIR_PROMISE)]

    draft = _drafted(harbour, "promise", "Aylin Demir", endpoint.config())

    template = _drafted(harbour, "promise", "Aylin Demir", None)
    assert draft.source == "llm", draft.note
    assert draft.body == GOOD_DEMIR_PROMISE
    assert draft.attachments == template.attachments
    assert [Path(path).name for path in draft.attachments] == ["sync-design-note.pdf"]
    facts = _facts(endpoint.received[0])
    _assert_form(facts, template)
    assert facts["Open with exactly"] == "Dear Ms Demir,"
    assert facts["When the interview was"] == "today (on Wednesday 2 December)"
    assert facts["Time words"].startswith('the interview was today: say "today"')
    assert 'do not write "since we spoke"' in facts["Time words"]
    assert facts["What is delivered"] == "the design note on conflict-free sync"
    assert facts["Attached file"] == ("sync-design-note.pdf: it goes with this message, so "
                                      "say it is attached")
    assert "Attachments" not in facts
    assert facts["Links"] == "none: give no link or web address"
    assert "attached" in template.body


def test_a_promise_with_only_a_link_gives_it_and_attaches_nothing(
        endpoint: FakeEndpoint, harbour: Debrief) -> None:
    claims_a_file = GOOD_REYES_PROMISE.replace(
        f"here is the recording of my talk on release trains: {TALK_URL}",
        "I have attached the recording of my talk on release trains.")
    endpoint.replies = [Reply(claims_a_file), Reply(GOOD_REYES_PROMISE)]

    draft = _drafted(harbour, "promise", "Tom Reyes", endpoint.config())

    template = _drafted(harbour, "promise", "Tom Reyes", None)
    assert draft.source == "llm", draft.note
    assert draft.body == GOOD_REYES_PROMISE
    assert draft.attachments == template.attachments == ()
    facts = _facts(endpoint.received[0])
    _assert_form(facts, template)
    assert facts["Open with exactly"] == "Dear Mr Reyes,"
    assert facts["When the interview was"] == "today (on Wednesday 2 December)"
    assert facts["Link to it"] == TALK_URL
    assert facts["Links"] == f"only these, exactly as written: {TALK_URL}"
    assert facts["Attachments"] == "none: do not say that anything is attached or enclosed"
    assert "Attached file" not in facts
    assert TALK_URL in template.body
    # The checker lets a promise note mention an attachment; the facts do not.
    assert len(endpoint.received) == 2
    feedback = endpoint.received[1].body["messages"][3]["content"]
    assert "'attached': no file goes with this message" in feedback


def test_a_thank_you_carries_the_linked_strength_and_the_links(
        endpoint: FakeEndpoint, harbour: Debrief) -> None:
    _drafted(harbour, "thank-you", "Aylin Demir", endpoint.config())
    _drafted(harbour, "thank-you", "Tom Reyes", endpoint.config())

    demir, reyes = (_facts(received) for received in endpoint.received)
    assert demir["Topic (already worded to them)"] == "conflict resolution in your offline cache"
    assert demir["Another topic discussed with them"] == "your release trains"
    assert demir["Candidate's strength linked to this topic"] == f"I {OFFLINE}"
    assert demir["Promised to this person"] == (
        "the design note on conflict-free sync: say it follows in a separate email "
        "(neither attached nor linked in this note)")
    assert demir["Resource to share"] == f"a talk on CRDTs for mobile apps ({CRDT_URL})"
    assert demir["Links"] == f"only these, exactly as written: {CRDT_URL}"
    assert demir["Attachments"] == "none: do not say that anything is attached or enclosed"
    _assert_form(demir, _drafted(harbour, "thank-you", "Aylin Demir", None))

    assert reyes["Topic (already worded to them)"] == "how your team runs design reviews"
    assert reyes["Candidate's strength"] == ("none is linked to this topic: do not claim a "
                                             "strength or experience that meets it")
    assert "Candidate's strength linked to this topic" not in reyes
    assert reyes["Links"] == "none: give no link or web address"  # the link is its own note
    assert TALK_URL not in endpoint.received[1].text
    assert OFFLINE not in endpoint.received[1].text
    _assert_form(reyes, _drafted(harbour, "thank-you", "Tom Reyes", None))
    for received in endpoint.received:
        for private in HARBOUR_PRIVATE:
            assert private not in received.text


def _thank_you_prompt(values: dict[str, Any]) -> list[tuple[str, str]]:
    profile = profile_for("GB")
    return prompt_facts(values, formality=profile.formality, salutation=profile.salutation,
                        linkedin_limit=300)


@pytest.mark.parametrize("told", [True, False])
def test_a_strength_told_in_the_interview_is_recalled_not_told_as_news(
        endpoint: FakeEndpoint, harbour: Debrief, told: bool) -> None:
    document = harbour.model_dump(by_alias=True, exclude_unset=True)
    document["interviewers"][0]["topics"][0]["told"] = told
    debrief = validate_debrief(document)

    _drafted(debrief, "thank-you", "Aylin Demir", endpoint.config())

    demir = _facts(endpoint.received[0])
    assert demir["Candidate's strength linked to this topic"] == f"I {OFFLINE}"
    recalled = demir.get("Strength told in the interview")
    assert recalled == ('the candidate already told them about it; recall it ("as I '
                        'mentioned"), do not present it as news' if told else None)


def test_told_says_nothing_without_a_linked_strength(harbour: Debrief) -> None:
    thank_you = next(a for a in _harbour_plan(harbour)
                     if a.kind == "thank-you" and a.to == "Tom Reyes")
    values = {**template_values(None, harbour, thank_you, recipient(harbour, "Tom Reyes")),
              "strength_told": True}

    lines = dict(_thank_you_prompt(values))

    assert "Strength told in the interview" not in lines
    assert lines["Candidate's strength"].startswith("none is linked to this topic")


@pytest.mark.parametrize("short", ["their offline cache", None])
def test_a_topics_short_form_goes_with_it_to_the_endpoint(
        endpoint: FakeEndpoint, harbour: Debrief, short: str | None) -> None:
    document = harbour.model_dump(by_alias=True, exclude_unset=True)
    if short:
        document["interviewers"][0]["topics"][0]["short"] = short
    debrief = validate_debrief(document)

    _drafted(debrief, "thank-you", "Aylin Demir", endpoint.config())

    demir = _facts(endpoint.received[0])
    assert demir["Topic (already worded to them)"] == "conflict resolution in your offline cache"
    assert demir.get("Short form for later mentions") == (
        "your offline cache (name the topic in full once, then so if it comes up again)"
        if short else None)


def test_a_linkedin_note_is_told_to_use_the_short_form(harbour: Debrief) -> None:
    thank_you = next(a for a in _harbour_plan(harbour)
                     if a.kind == "thank-you" and a.to == "Aylin Demir")
    values = {**template_values(None, harbour, thank_you, recipient(harbour, "Aylin Demir")),
              "kind": "linkedin", "topic_short": "your offline cache"}

    lines = dict(_thank_you_prompt(values))

    assert lines["Short form for later mentions"] == (
        "your offline cache (a note after the thank-you: name the topic so, not in full)")
    assert "Short form for later mentions" not in dict(
        _thank_you_prompt({**values, "topic_short": None}))


def test_a_thank_you_that_carries_a_promise_gives_its_file_and_link(
        endpoint: FakeEndpoint, harbour: Debrief) -> None:
    actions = _harbour_plan(harbour, separate=False)
    demir = _drafted(harbour, "thank-you", "Aylin Demir", endpoint.config(), actions)
    _drafted(harbour, "thank-you", "Tom Reyes", endpoint.config(), actions)

    facts_demir, facts_reyes = (_facts(received) for received in endpoint.received)
    assert facts_demir["What is delivered"] == "the design note on conflict-free sync"
    assert facts_demir["Attached file"].startswith("sync-design-note.pdf")
    assert "Promised to this person" not in facts_demir
    assert [Path(path).name for path in demir.attachments] == ["sync-design-note.pdf"]
    assert facts_reyes["Link to it"] == TALK_URL
    assert TALK_URL in facts_reyes["Links"]


SHOWS = "how retries stay safe when the same settlement request arrives twice"


def _with_shows(item: dict[str, Any] | None, shows: str | None) -> dict[str, Any]:
    assert item is not None
    return {**item, "shows": shows} if shows else item


@pytest.mark.parametrize("shows", [SHOWS, None])
def test_what_a_promise_shows_goes_beside_it(harbour: Debrief, shows: str | None) -> None:
    action = next(a for a in _harbour_plan(harbour)
                  if a.kind == "promise" and a.to == "Tom Reyes")
    values = template_values(None, harbour, action, recipient(harbour, "Tom Reyes"))
    values = {**values, "promise": _with_shows(values["promise"], shows)}

    lines = _thank_you_prompt(values)

    labels = [label for label, _ in lines]
    assert labels.count("What it shows") == (1 if shows else 0)
    if shows:
        assert labels.index("What it shows") == labels.index("Link to it") + 1
        assert dict(lines)["What it shows"] == (
            f'{SHOWS} (introduce it with this in one sentence, such as "It shows {SHOWS}."; '
            "claim nothing more about what it shows)")


def test_what_a_carried_promise_shows_goes_beside_it_in_the_thank_you(
        harbour: Debrief) -> None:
    actions = _harbour_plan(harbour, separate=False)
    thank_you = next(a for a in actions if a.kind == "thank-you" and a.to == "Aylin Demir")
    values = template_values(None, harbour, thank_you, recipient(harbour, "Aylin Demir"),
                             plan=actions)
    assert values["carried"], "the design note goes inside Dr. Demir's thank-you"
    values = {**values, "carried": [_with_shows(values["carried"][0], SHOWS),
                                    *values["carried"][1:]]}

    lines = _thank_you_prompt(values)

    labels = [label for label, _ in lines]
    assert labels.index("What it shows") == labels.index("Attached file") + 1
    assert dict(lines)["What it shows"].startswith(f"{SHOWS} (introduce it with this")
    assert "What it shows" not in dict(_thank_you_prompt(
        {**values, "carried": [{k: v for k, v in item.items() if k != "shows"}
                               for item in values["carried"]]}))


def test_an_answer_with_a_link_it_was_not_given_is_refused(
        endpoint: FakeEndpoint, harbour: Debrief) -> None:
    invented = GOOD_REYES_PROMISE.replace(TALK_URL, "https://example.org/my-talks")
    endpoint.replies = [Reply(invented), Reply(invented)]

    draft = _drafted(harbour, "promise", "Tom Reyes", endpoint.config())

    assert draft.source == "template"
    assert draft.note
    assert "failed the checker twice" in draft.note
    feedback = endpoint.received[1].body["messages"][3]["content"]
    assert (f"'https://example.org/my-talks' is not a link you were given; give only "
            f"{TALK_URL}, exactly as written.") in feedback


def test_the_next_day_the_time_words_are_yesterday(endpoint: FakeEndpoint,
                                                   harbour: Debrief) -> None:
    next_morning = datetime(2026, 12, 3, 9, 30, tzinfo=LONDON)
    good = """Dear Mr Reyes,

Thank you for your time yesterday and for the conversation about the Senior Android Engineer
role at Harbour Analytics. I especially enjoyed hearing how your team runs design reviews.

I am sending the recording of my talk on release trains in a separate email, so that it is
easy to find.

I am very interested in the role. If you have any further questions, I would be glad to
answer them.

Kind regards,
Sam Okafor
sam@example.com
"""
    today = good.replace("your time yesterday", "your time today")
    endpoint.replies = [Reply(today), Reply(good)]

    draft = _drafted(harbour, "thank-you", "Tom Reyes", endpoint.config(), now=next_morning)

    assert draft.source == "llm", draft.note
    assert draft.body == good
    facts = _facts(endpoint.received[0])
    assert facts["When the interview was"] == "yesterday (on Wednesday 2 December)"
    assert facts["Time words"] == ('say "yesterday" for the interview, never "today"; do '
                                   'not write "since we spoke" or "since our conversation": '
                                   "it was only a day ago")
    feedback = endpoint.received[1].body["messages"][3]["content"]
    assert "'today': the interview was yesterday, not today; say 'yesterday'." in feedback
    template = _drafted(harbour, "thank-you", "Tom Reyes", None, now=next_morning)
    assert "today" not in template.body
    assert "yesterday" in template.body


@pytest.mark.parametrize(("outcome", "kind", "purpose"), [
    ("rejected", "rejection-reply", "ask once, briefly, for a line or two of feedback"),
    ("offer", "offer-reply", "ask for a little time to decide once it has arrived"),
    ("withdrawn", "withdrawal", "state clearly that the candidate withdraws"),
    ("next-round", "next-round-thanks", "confirm that the candidate will take part"),
])
def test_outcome_notes_have_their_purpose_and_facts(
        endpoint: FakeEndpoint, harbour: Debrief, outcome: str, kind: str,
        purpose: str) -> None:
    news = interview_end(harbour) + timedelta(days=5)
    actions = plan(harbour, [Event(kind="outcome", at=news, outcome=outcome)],  # type: ignore[arg-type]
                   now=news)

    draft = _drafted(harbour, kind, None, endpoint.config(), actions)

    template = _drafted(harbour, kind, None, None, actions)
    assert draft.source == "template"  # the fake endpoint has no answer: HTTP 599
    facts = _facts(endpoint.received[0])
    assert purpose in facts["Purpose"]
    _assert_form(facts, template)
    assert facts["When the interview was"] == "on Wednesday (on Wednesday 2 December)"
    assert facts["Links"] == "none: give no link or web address"
    assert facts["Attachments"] == "none: do not say that anything is attached or enclosed"
    if kind == "offer-reply":
        assert "a little time" in template.body
        assert "Ask for time to decide until" not in facts  # a week from the written offer
    if kind == "next-round-thanks":
        assert facts["The next round as they described it"] == (
            "a pairing session with two engineers")
    for private in HARBOUR_PRIVATE:
        assert private not in endpoint.received[0].text


def test_a_second_inquiry_names_the_first_one_by_its_date(endpoint: FakeEndpoint,
                                                          harbour: Debrief) -> None:
    actions = _harbour_plan(harbour)
    first, second = (a for a in actions if a.kind == "status-inquiry")

    drafts = compose(None, harbour, actions, kind="status-inquiry", llm=endpoint.config())

    templates = compose(None, harbour, actions, kind="status-inquiry")
    assert [d.source for d in drafts] == ["template", "template"]
    one, two = (_facts(received) for received in endpoint.received)
    assert "Earlier inquiry" not in one
    assert one["Inquiry number"] == "1"
    assert two["Inquiry number"] == "2"
    assert "on the date given below, without reproach" in two["Purpose"]
    earlier = f"{first.due.day} {first.due:%B}"  # British English: day first
    assert two["Earlier inquiry"] == f"sent on {earlier}"
    assert earlier in templates[1].body
    assert second.due > first.due
    for facts, template in zip((one, two), templates, strict=True):
        _assert_form(facts, template)
        assert facts["Time words"] == 'say "on 2 December" for the interview, never "today"'


@pytest.mark.parametrize(("body", "bounds", "problems"), [
    (f"Here it is: {TALK_URL}.", Bounds(links=frozenset({TALK_URL})), 0),
    (f"Here it is: {TALK_URL}/extra", Bounds(links=frozenset({TALK_URL})), 1),
    ("See www.example.org for more.", Bounds(), 1),
    ("I have attached the note.", Bounds(attached=True), 0),
    ("Please find the note enclosed.", Bounds(), 1),
    ("Thank you for your time today.", Bounds(met="today"), 0),
    ("Thank you for your time today.", Bounds(met="on Wednesday", today=False), 1),
    ("Since we spoke, I have thought about it.", Bounds(met="yesterday", recent=True), 1),
    ("Since we spoke, I have thought about it.", Bounds(met="on 2 December"), 0),
])
def test_overreach(body: str, bounds: Bounds, problems: int) -> None:
    assert len(overreach(body, bounds)) == problems


# --- off by default ------------------------------------------------------------------


def test_off_by_default(endpoint: FakeEndpoint, tokyo: tuple[Debrief, list[Action]]) -> None:
    endpoint.replies = [Reply(GOOD_MORI)]
    configured = llm_config({"base_url": endpoint.base_url, "model": "test-model"}, {})

    assert configured is not None
    assert not configured.enabled
    assert _mori(tokyo, configured).source == "template"
    assert _mori(tokyo, None).source == "template"
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
    result = run("draft", str(JP_FIRST_ROUND), "--kind", "thank-you", "--to",
                 "Daichi Mori", "--now", AFTER_TOKYO, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    drafts: list[dict[str, Any]] = document["drafts"]
    return drafts


def test_cli_llm_flag_enables_a_configured_endpoint(
        run: Runner, private_home: Path, endpoint: FakeEndpoint) -> None:
    _settings(private_home, f'[llm]\nbase_url = "{endpoint.base_url}"\nmodel = "test-model"\n'
                            'api_key_env = "TEST_LLM_KEY"\n')
    endpoint.replies = [Reply(GOOD_MORI)]

    assert [d["source"] for d in _cli_drafts(run)] == ["template"]
    assert endpoint.received == []

    drafts = _cli_drafts(run, "--llm")
    assert [d["source"] for d in drafts] == ["llm"]
    assert drafts[0]["body"] == GOOD_MORI
    assert "Authorization" not in endpoint.received[0].headers


def test_cli_settings_enable_and_environment_configures(
        run: Runner, private_home: Path, endpoint: FakeEndpoint,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(private_home, "[llm]\nenabled = true\n")
    monkeypatch.setenv(ENV_URL, endpoint.base_url)
    monkeypatch.setenv(ENV_MODEL, "env-model")
    monkeypatch.setenv(ENV_KEY, "sk-env")
    endpoint.replies = [Reply(GOOD_MORI)]

    assert [d["source"] for d in _cli_drafts(run)] == ["llm"]
    assert endpoint.received[0].body["model"] == "env-model"
    assert endpoint.received[0].headers["Authorization"] == "Bearer sk-env"


def test_cli_text_says_why_the_template_was_used(
        run: Runner, private_home: Path, endpoint: FakeEndpoint) -> None:
    _settings(private_home, f'[llm]\nenabled = true\nbase_url = "{endpoint.base_url}"\n'
                            'model = "m"\n')
    endpoint.replies = [Reply(status=500, raw=b"{}")]

    result = run("draft", str(JP_FIRST_ROUND), "--kind", "thank-you", "--to",
                 "Daichi Mori", "--now", AFTER_TOKYO)

    assert result.exit_code == 0, result.stderr
    assert "(template draft: the endpoint answered HTTP 500)" in result.stdout


def test_cli_llm_without_an_endpoint_is_bad_input(run: Runner) -> None:
    result = run("draft", str(JP_FIRST_ROUND), "--llm", "--now", AFTER_TOKYO)

    assert result.exit_code == 2
    assert "--llm needs an endpoint" in result.stderr
