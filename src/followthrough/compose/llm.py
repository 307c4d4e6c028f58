"""An optional LLM backend for drafts: any OpenAI-compatible chat endpoint.

Off by default. It is used only when the user configured an endpoint (the
``[llm]`` section of the settings file, or ``FOLLOWTHROUGH_LLM_URL`` /
``FOLLOWTHROUGH_LLM_MODEL`` / ``FOLLOWTHROUGH_LLM_KEY``) and enabled it
(``enabled = true``, or ``draft --llm`` for one run).

The prompt carries only the facts of the one message being written: the
recipient, their topics, the strength that meets them, what was promised or
missed for this person, the company and role, the purpose and length of the
kind, and the culture's register. Never other people's topics, never the
candidate's reflection. The template draft goes along as a reference.

The answer is checked like a template draft. With warning or error findings
it is asked for once more, with the findings listed; if it still fails, or
the endpoint errors, times out or answers garbage, the template draft stands.
Only the configured URL is contacted: no proxies from the environment, no
redirects followed.
"""

from __future__ import annotations

import json
import math
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any, Literal
from urllib.parse import urlsplit

from followthrough.check import Finding
from followthrough.errors import BadInput, Problem

ENV_URL = "FOLLOWTHROUGH_LLM_URL"
ENV_MODEL = "FOLLOWTHROUGH_LLM_MODEL"
ENV_KEY = "FOLLOWTHROUGH_LLM_KEY"
LLM_KEYS = ("enabled", "base_url", "model", "api_key_env", "timeout")
DEFAULT_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 1_000_000
BLOCKING = frozenset({"warning", "error"})

Source = Literal["template", "llm"]
ChatMessage = dict[str, str]
Chat = Callable[[Sequence[ChatMessage]], str]
"""Sends the conversation, returns the assistant's text; raises :class:`LLMError`."""


class LLMError(Exception):
    """The endpoint failed, timed out or answered something unusable."""


@dataclass(frozen=True)
class LLMConfig:
    """Where the endpoint is and whether to use it."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    enabled: bool = False

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def __repr__(self) -> str:  # the key stays out of logs and tracebacks
        return (f"LLMConfig(base_url={self.base_url!r}, model={self.model!r}, "
                f"api_key={'***' if self.api_key else None}, timeout={self.timeout!r}, "
                f"enabled={self.enabled!r})")


def llm_config(section: Mapping[str, Any], env: Mapping[str, str] | None = None, *,
               enable: bool = False, source: str | None = None) -> LLMConfig | None:
    """The endpoint from the ``[llm]`` settings section and the environment (which
    wins), or None when no URL and model are configured. ``enable`` (``draft
    --llm``) turns it on for one run; otherwise ``enabled`` in the settings decides.
    """
    env = os.environ if env is None else env
    problems = [Problem(f"llm.{key}", "unknown key", expected=", ".join(LLM_KEYS))
                if key != "api_key" else
                Problem("llm.api_key", "the key does not belong in the settings file",
                        expected='api_key_env = "NAME_OF_AN_ENVIRONMENT_VARIABLE"')
                for key in section if key not in LLM_KEYS]
    enabled = section.get("enabled", False)
    if not isinstance(enabled, bool):
        problems.append(Problem("llm.enabled", "must be true or false"))
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) \
            or not math.isfinite(timeout) or not 0 < timeout <= 600:
        problems.append(Problem("llm.timeout", "must be a number of seconds",
                                expected="between 0 and 600, e.g. 30"))
        timeout = DEFAULT_TIMEOUT
    texts: dict[str, str | None] = {}
    for key in ("base_url", "model", "api_key_env"):
        value = section.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(f"llm.{key}", "must be text"))
            value = None
        texts[key] = value
    base_url = env.get(ENV_URL) or texts["base_url"]
    model = env.get(ENV_MODEL) or texts["model"]
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            where = ENV_URL if env.get(ENV_URL) else "llm.base_url"
            problems.append(Problem(where, f"{base_url!r} is not an http(s) URL",
                                    expected="https://api.example.com/v1"))
    if problems:
        raise BadInput(problems, source)
    if not base_url or not model:
        if enable:
            missing = " and ".join(name for name, value in (("base_url", base_url),
                                                             ("model", model)) if not value)
            raise BadInput([Problem("llm", f"--llm needs an endpoint: {missing} not set",
                                    expected=f"[llm] base_url and model in the settings "
                                             f"file, or {ENV_URL} and {ENV_MODEL}")], source)
        return None
    key_env = texts["api_key_env"]
    api_key = env.get(ENV_KEY) or (env.get(key_env) if key_env else None) or None
    return LLMConfig(base_url=base_url, model=model, api_key=api_key, timeout=float(timeout),
                     enabled=bool(enabled) or enable)


# --- the endpoint ---------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Only the configured URL: a redirect is an error, not a second request."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: Message, newurl: str) -> urllib.request.Request | None:
        return None


def http_chat(config: LLMConfig) -> Chat:
    """A :data:`Chat` that POSTs to ``{base_url}/chat/completions``."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def send(messages: Sequence[ChatMessage]) -> str:
        payload = json.dumps({"model": config.model, "messages": list(messages),
                              "temperature": 0.4}).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        request = urllib.request.Request(config.url, data=payload, headers=headers,  # noqa: S310
                                         method="POST")
        try:
            with opener.open(request, timeout=config.timeout) as response:
                raw = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as err:
            err.close()
            raise LLMError(f"the endpoint answered HTTP {err.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            raise LLMError(f"the endpoint could not be reached: {err}") from None
        if len(raw) > MAX_RESPONSE_BYTES:
            raise LLMError("the endpoint's answer is too large")
        return answer_text(raw)

    return send


def answer_text(raw: bytes) -> str:
    """``choices[0].message.content`` of a chat completion, or :class:`LLMError`."""
    try:
        document = json.loads(raw.decode("utf-8"))
        content = document["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError) as err:
        raise LLMError(f"the endpoint's answer is not a chat completion ({err})") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError("the endpoint's answer has no text")
    return content


# --- the prompt -------------------------------------------------------------------

PURPOSES = {
    "thank-you": "A thank-you note after the interview: thank them for their time; name a "
                 "topic you discussed with this person; say how the candidate's strength "
                 "meets it; add the missed point, promise and resource for this person if "
                 "there are any; say the candidate still wants the role; close politely.",
    "promise": "Delivering what the candidate promised this person in the interview. The "
               "item is attached: name the attachment. Say briefly why it is relevant and "
               "offer to answer questions.",
    "recruiter-update": "An update to the recruiter the same day: thanks for their support, "
                        "how each interviewer came across, the timeline the company gave, "
                        "and that the candidate is still very interested.",
    "reference-brief": "A short brief to one of the candidate's references, who may get a "
                       "call: the role, what the interviews centred on, what would help "
                       "most to speak to, and thanks for being willing.",
    "referee-thanks": "Thanks to a reference after the company spoke to them, with a "
                      "promise to share the outcome.",
    "linkedin": "A LinkedIn connection request note: thanks and the topic discussed, in one "
                "or two sentences, then the candidate's name. No subject line.",
    "status-inquiry": "A polite first status inquiry: acknowledge how busy they are, ask "
                      "whether there is news on the decision, offer anything else they "
                      "need, and say the candidate is still very interested.",
    "status-inquiry-again": "A second follow-up, worded differently from the first: "
                            "acknowledge their busy schedule, ask briefly for news, offer "
                            "anything they need, reaffirm interest. Never reproachful.",
    "move-on": "A gracious last note after no reply: thanks for their time, no reproach, "
               "good wishes for the hire, and the door left open for future openings.",
}
LENGTHS = {
    "thank-you": "75 to 150 words",
    "promise": "50 to 130 words",
    "recruiter-update": "at most 250 words",
    "reference-brief": "at most 250 words",
    "referee-thanks": "40 to 100 words",
    "status-inquiry": "50 to 120 words",
    "move-on": "50 to 120 words",
}
EVERYDAY_GREETING = frozenset({"linkedin", "referee-thanks", "reference-brief"})
CLOSES = {"formal": "Kind regards, Yours sincerely or Sincerely",
          "neutral": "Best regards, Kind regards, With thanks or Warm regards"}
SYSTEM = (
    "You write one short message for a job seeker, in their voice, after a job interview. "
    "Use only the facts you are given: invent no names, numbers, dates, links or "
    "experience, and leave no slots such as [Company]. Plain text, no markdown, no "
    "emoji, at most one exclamation mark. Write the message only: no subject line, no "
    "comments before or after it."
)


def purpose_key(kind: str, number: int) -> str:
    return "status-inquiry-again" if kind == "status-inquiry" and number > 1 else kind


def prompt_facts(values: Mapping[str, Any], *, formality: str, salutation: str,
                 linkedin_limit: int) -> list[tuple[str, str]]:
    """The labelled facts of one message, from the composer's template values: a
    whitelist, so nothing else in the record (other interviewers' topics, the
    candidate's reflection) can reach the prompt by accident."""
    kind = str(values["kind"])
    number = int(values.get("number") or 1)
    person = values.get("person") or {}
    candidate = values["candidate"]
    lines: list[tuple[str, str]] = [
        ("Purpose", PURPOSES.get(purpose_key(kind, number), f"A {kind} message.")),
        ("Length", f"at most {linkedin_limit} characters in all" if kind == "linkedin"
         else LENGTHS.get(kind, "at most 150 words")),
        ("Company", str(values["company"])),
        ("Role applied for", str(values["role"])),
        ("Recipient", str(values.get("to"))),
        ("Recipient is", {"interviewer": "one of the interviewers",
                          "recruiter": "the recruiter handling the application",
                          "reference": "one of the candidate's own references"}.get(
                              str(values.get("recipient_role")), "a contact at the company")),
    ]
    if person.get("title"):
        lines.append(("Recipient's title", str(person["title"])))
    greeting = values.get("greeting_everyday" if kind in EVERYDAY_GREETING else "greeting")
    lines += [
        ("Register", f"{formality}; address people by {salutation.replace('-', ' ')}"),
        ("Open with exactly", f"{greeting},"),
        ("Close with one of", CLOSES.get(formality, CLOSES["neutral"])),
        ("Sign as", str(candidate["name"]) if kind == "linkedin"
         else str(candidate["signature"]).replace("\n", " / ") + " (one item per line)"),
    ]
    if kind in ("thank-you", "linkedin", "move-on", "status-inquiry", "promise"):
        lines.append(("When you met", str(values.get("met"))))
    if person.get("topics") and kind != "recruiter-update":
        lines.append(("Topics discussed with this person", "; ".join(person["topics"])))
    if kind == "thank-you" and values.get("strength"):
        how = "meets their topics" if values.get("strength_fits") else "a broader strength"
        lines.append((f"Candidate's strength ({how})", str(values["strength"])))
    if kind == "thank-you":
        for label, key in (("Point the candidate meant to add", "missed"),
                           ("Promised to this person", "promises")):
            for item in values.get(key) or []:
                lines.append((label, str(item)))
        for resource in values.get("resources") or []:
            lines.append(("Resource to share", f"{resource['title']} ({resource['url']})"))
    promise = values.get("promise")
    if kind == "promise" and promise:
        lines.append(("What is delivered", str(promise["what"])))
        if promise.get("attachment"):
            lines.append(("Attached file", str(promise["attachment"])))
    elif kind != "promise":
        lines.append(("Attachments", "none; do not mention any"))
    if kind == "recruiter-update":
        for other in values.get("interviewers") or []:
            tone = other.get("rapport") or "no strong impression"
            title = f", {other['title']}" if other.get("title") else ""
            topics = "; ".join(other.get("topics") or []) or "none noted"
            lines.append(("Interviewer", f"{other['name']}{title}; tone: {tone}; "
                                         f"topics: {topics}"))
    if kind in ("recruiter-update", "status-inquiry", "move-on"):
        for label, key in (("Decision timing they gave", "decision"),
                           ("Decision expected by", "decision_by"),
                           ("Next steps they gave", "next_steps")):
            if values.get(key):
                lines.append((label, str(values[key])))
    if kind == "status-inquiry":
        lines.append(("Inquiry number", str(number)))
    if kind == "reference-brief":
        focus = [topic for other in values.get("interviewers") or []
                 for topic in other.get("topics") or []][:5]
        if focus:
            lines.append(("The interviews centred on", "; ".join(focus)))
        reference = values.get("reference") or {}
        if reference.get("relationship"):
            lines.append(("How the reference knows the candidate",
                          str(reference["relationship"])))
        points = reference.get("emphasise") or candidate.get("strengths") or []
        if points:
            lines.append(("Ask them to speak to", "; ".join(points)))
    if kind == "referee-thanks":
        reference = values.get("reference") or {}
        if reference.get("relationship"):
            lines.append(("How the reference knows the candidate",
                          str(reference["relationship"])))
    return lines


def first_messages(facts: Sequence[tuple[str, str]], reference: str | None) -> list[ChatMessage]:
    text = "Write this message.\n\n" + "\n".join(f"{label}: {value}" for label, value in facts)
    if reference:
        text += ("\n\nA draft from our templates, for reference (keep its facts; you may "
                 "word it better):\n---\n" + reference.strip() + "\n---")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]


def retry_message(problems: Sequence[str]) -> ChatMessage:
    listed = "\n".join(f"- {problem}" for problem in problems)
    return {"role": "user", "content":
            "An etiquette checker found these problems in your message:\n" + listed +
            "\n\nWrite the whole message again with every problem fixed. "
            "Answer with the message only."}


# --- the answer -------------------------------------------------------------------

_FENCE = re.compile(r"\A```[^\n]*\n(?P<text>.*?)\n```\s*\Z", re.DOTALL)
_SUBJECT_LINE = re.compile(r"\A\s*subject:[^\n]*\n", re.IGNORECASE)


def clean_answer(text: str) -> str:
    """The message without a code fence or a subject line around it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group("text").strip()
    text = _SUBJECT_LINE.sub("", text, count=1).lstrip("\n")
    return text


@dataclass(frozen=True)
class Written:
    """What came of asking the endpoint: the body to use, or why not."""

    body: str | None
    findings: list[Finding]
    attempts: int
    note: str


def problems_of(body: str, findings: Sequence[Finding], *, kind: str,
                linkedin_limit: int) -> list[str]:
    problems = [f"{finding.message} {finding.suggestion}".strip() for finding in findings
                if finding.severity in BLOCKING]
    if kind == "linkedin" and len(body.rstrip("\n")) > linkedin_limit:
        problems.append(f"The note has {len(body.rstrip())} characters; a LinkedIn "
                        f"connection note holds at most {linkedin_limit}.")
    return problems


def write(chat: Chat, facts: Sequence[tuple[str, str]], reference: str | None, *,
          check: Callable[[str], list[Finding]], tidy: Callable[[str], str], kind: str,
          linkedin_limit: int) -> Written:
    """Ask once; if the checker objects, ask once more with its findings listed.
    ``body`` is None when the template draft should stand."""
    messages = first_messages(facts, reference)
    for attempt in (1, 2):
        try:
            answer = clean_answer(chat(messages))
        except LLMError as err:
            return Written(None, [], attempt, str(err))
        if not answer:
            return Written(None, [], attempt, "the endpoint's answer has no text")
        body = tidy(answer)
        findings = check(body)
        problems = problems_of(body, findings, kind=kind, linkedin_limit=linkedin_limit)
        if not problems:
            return Written(body, findings, attempt, "")
        if attempt == 1:
            messages = [*messages, {"role": "assistant", "content": answer},
                        retry_message(problems)]
    return Written(None, [], 2, "the LLM's answer failed the checker twice")
