"""An optional LLM backend for drafts: any OpenAI-compatible chat endpoint.

Off by default. It is used only when the user configured an endpoint (the
``[llm]`` section of the settings file, or ``FOLLOWTHROUGH_LLM_URL`` /
``FOLLOWTHROUGH_LLM_MODEL`` / ``FOLLOWTHROUGH_LLM_KEY``) and enabled it
(``enabled = true``, or ``draft --llm`` for one run).

The prompt carries only the facts of the one message being written, the
same ones the templates write from: the recipient and the exact greeting,
closing and sign-off; their English (spelling and date order); the time
words true when it goes out ("today" only on the interview day); the topic as
said to them (with its few words for later mentions: ``topic_short``), and a
strength only where the record links one to it (and whether they already
heard it in the interview: ``strength_told``); what was
promised or missed for this person, with its link verbatim, whether a file
is really attached and what it shows (``shows``, one line that introduces it);
the company and role, the purpose and length of the kind,
and the culture's register. Never other people's topics, never the
candidate's reflection or weak answers. The template draft goes along as a
reference, except where the template writes from the candidate's own
assessment (the recruiter update).

The answer is checked like a template draft, and held to its facts (no link it
was not given, "attached" only with a file, "today" only on the interview
day: :func:`overreach`). With warning or error findings, or such a claim, it
is asked for once more, with the problems listed; if it still fails, or
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
from followthrough.vocabulary import OUTCOME_KINDS

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
    "thank-you": "A thank-you note after the interview: thank them for their time; name the "
                 "topic given below; if a strength is given, say how it meets that topic; "
                 "add the missed point, promise and resource for this person if there are "
                 "any; say the candidate is still interested in the role; offer to answer "
                 "questions.",
    "promise": "Delivering what the candidate promised this person in the interview, in "
               "the way the facts below say (an attached file, a link, or neither), and "
               "an offer to walk them through it. Nothing more: do not guess why it "
               "matters to them.",
    "recruiter-update": "An update to the recruiter the same day: thanks for their support, "
                        "how each interviewer came across, any point the candidate did not "
                        "get to make, the timeline the company gave, and that the candidate "
                        "is still very interested.",
    "reference-brief": "A short brief to one of the candidate's references, who may get a "
                       "call: the role, what the interviews centred on, what would help "
                       "most to speak to, and thanks for being willing.",
    "referee-thanks": "Thanks to a reference after the company spoke to them, with a "
                      "promise to share the outcome.",
    "linkedin": "A LinkedIn connection request note: the greeting, then thanks and the "
                "topic in one or two sentences on the same line; then the sign-off on a "
                "line of its own. No subject line and no closing.",
    "status-inquiry": "A polite first status inquiry: acknowledge how busy they are, ask "
                      "whether there is news on the decision, offer anything else they "
                      "need, and say the candidate is still very interested.",
    "status-inquiry-again": "A second follow-up, worded differently from the first: mention "
                            "that the candidate wrote before, on the date given below, "
                            "without reproach (never 'I have not heard back' or 'as I "
                            "asked before'); acknowledge that decisions take time, ask "
                            "briefly for news, reaffirm interest and thank them.",
    "move-on": "A gracious last note after no reply: thanks for their time, no reproach, "
               "good wishes for the hire, and the door left open for future openings.",
    "rejection-reply": "A reply to a rejection: thank them for letting the candidate know "
                       "and for their time; ask once, briefly, for a line or two of "
                       "feedback; keep the door open for future roles at the company. No "
                       "argument and no bitterness.",
    "offer-reply": "A reply to a job offer: thank them warmly; ask to have the offer in "
                   "writing, with its details; ask for a little time to decide once it has "
                   "arrived, without naming a date. Neither accept nor decline yet.",
    "withdrawal": "Withdrawing from the process: thank them for their time, then state "
                  "clearly that the candidate withdraws their application. No excuses, "
                  "reasons or apologies; good wishes at the end.",
    "next-round-thanks": "A reply to an invitation to the next round: thank them and "
                         "confirm that the candidate will take part; ask which times suit "
                         "and whether to prepare anything.",
}
LENGTHS = {
    "thank-you": "75 to 150 words",
    "promise": "50 to 130 words",
    "recruiter-update": "at most 250 words",
    "reference-brief": "at most 250 words",
    "referee-thanks": "40 to 100 words",
    "status-inquiry": "50 to 120 words",
    "move-on": "50 to 120 words",
    "rejection-reply": "50 to 120 words",
    "offer-reply": "50 to 130 words",
    "withdrawal": "40 to 110 words",
    "next-round-thanks": "40 to 100 words",
}
ENGLISH = {
    "US": "American English: American spelling (organize, favor, center) and dates month "
          "first, as in {example}",
    "GB": "British English: British spelling (organise, favour, centre) and dates day "
          "first, as in {example}",
}
EXAMPLE_DATE = {"US": "December 2", "GB": "2 December"}
"""An example date when the values carry no interview date to show the order with."""
ADDRESS_FORMS = {"first-name": "by first name", "family-name": "by family name",
                 "salutation": "with the greeting the candidate recorded"}
TOPIC_KINDS = frozenset({"thank-you", "linkedin"})
"""Kinds about the topic discussed with the recipient (the others name none)."""
NO_REFERENCE_KINDS = frozenset({"recruiter-update"})
"""Kinds whose template draft is written partly from the candidate's own assessment
of the interview (weak answers): it does not go to the endpoint as a reference."""
SYSTEM = (
    "You write one short message for a job seeker, in their voice, after a job interview. "
    "Use only the facts you are given: invent no names, numbers, dates, links, files or "
    "experience, and leave no slots such as [Company]. Open with the greeting, close with "
    "the closing and sign exactly as given. Write in the English given (spelling and date "
    "order). Give only the links listed, exactly as written, and say that something is "
    "attached only when the facts name an attached file. Plain text, no markdown, no "
    "emoji, at most one exclamation mark. Write the message only: no subject line, no "
    "comments before or after it."
)


def purpose_key(kind: str, number: int) -> str:
    return "status-inquiry-again" if kind == "status-inquiry" and number > 1 else kind


Facts = list[tuple[str, str]]


@dataclass(frozen=True)
class Bounds:
    """What an answer written from the facts may claim: the LLM can write what no
    template would (a link it made up, "attached" with nothing attached, "today"
    days later), and the checker does not know the facts it was given."""

    links: frozenset[str] = frozenset()
    """The only links it may give."""
    attached: bool = False
    """Whether a file goes with the message."""
    met: str | None = None
    """The time words for the interview (``today``, ``yesterday``, ``on Wednesday``)."""
    today: bool = True
    """Whether "today" may appear: only on the interview day, or in a reply to news."""
    recent: bool = False
    """Within a day of the interview: no "since we spoke"."""


class PromptFacts(list[tuple[str, str]]):
    """The labelled facts of one message, and the :class:`Bounds` an answer is held to."""

    def __init__(self, lines: Sequence[tuple[str, str]], bounds: Bounds) -> None:
        super().__init__(lines)
        self.bounds = bounds


def prompt_facts(values: Mapping[str, Any], *, formality: str, salutation: str,
                 linkedin_limit: int) -> PromptFacts:
    """The labelled facts of one message, from the composer's template values: a
    whitelist, so nothing else in the record (other interviewers' topics, the
    candidate's reflection and weak answers) can reach the prompt by accident.

    The facts are the ones the templates write from: the exact greeting, closing
    and sign-off, the recipient's English, time words true at the send time, the
    topic as said to the recipient with only the strength the record links to
    it, and the links and the attached file verbatim."""
    kind = str(values["kind"])
    number = int(values.get("number") or 1)
    person = values.get("person") or {}
    lines: Facts = [
        ("Purpose", PURPOSES.get(purpose_key(kind, number), f"A {kind} message.")),
        ("Length", f"at most {linkedin_limit} characters in all" if kind == "linkedin"
         else LENGTHS.get(kind, "at most 150 words")),
        ("Company", _company(values)),
        ("Role applied for", str(values["role"])),
        ("Recipient", str(values.get("to"))),
        ("Recipient is", {"interviewer": "one of the interviewers",
                          "recruiter": "the recruiter handling the application",
                          "reference": "one of the candidate's own references"}.get(
                              str(values.get("recipient_role")), "a contact at the company")),
    ]
    if person.get("title"):
        lines.append(("Recipient's title", str(person["title"])))
    lines += _form_facts(values, kind, formality=formality, salutation=salutation)
    lines += _time_facts(values)
    links: list[str] = []
    if values.get("topic") and kind in TOPIC_KINDS:
        lines.append(("Topic (already worded to them)", str(values["topic"])))
        if values.get("topic_short"):
            lines.append(("Short form for later mentions", _short_form(values, kind)))
        if kind == "thank-you" and values.get("topic2"):
            lines.append(("Another topic discussed with them", str(values["topic2"])))
    if kind == "thank-you" and values.get("highlight"):
        lines.append(("A moment with them worth recalling", str(values["highlight"])))
    if kind == "thank-you" and values.get("question"):
        lines.append(("A question the candidate still has for them (ask it once)",
                      str(values["question"])))
    if kind == "thank-you":
        lines += _thank_you_facts(values, links)
    carried = values.get("carried") or []
    if kind == "promise":
        lines += _promise_facts(values.get("promise"), links)
    elif kind == "thank-you" and carried:
        for item in carried:
            lines += _promise_facts(item, links)
            if item.get("about"):
                lines.append(("Topic it bears on", str(item["about"])))
    else:
        lines.append(("Attachments", "none: do not say that anything is attached or "
                                     "enclosed"))
    lines += _kind_facts(values, kind, number)
    lines.append(("Links", "only these, exactly as written: " + "; ".join(links)) if links
                 else ("Links", "none: give no link or web address"))
    promise = values.get("promise") or {}
    days = getattr(values.get("moment"), "days", None)
    met = str(values["met"]) if values.get("met") else None
    return PromptFacts(lines, Bounds(
        links=frozenset(links),
        attached=(kind == "promise" and bool(promise.get("attached")))
        or any(item.get("attached") for item in carried),
        met=met, today=met in (None, "today") or kind in OUTCOME_KINDS,
        recent=met == "today" or (days is not None and days <= 1)))


def _short_form(values: Mapping[str, Any], kind: str) -> str:
    """The topic in the candidate's few words, and where to use them: a LinkedIn
    note follows the thank-you, which names the topic in full."""
    where = ("a note after the thank-you: name the topic so, not in full"
             if kind == "linkedin" else "name the topic in full once, then so if it comes "
             "up again")
    return f"{values['topic_short']} ({where})"


def _form_facts(values: Mapping[str, Any], kind: str, *, formality: str,
                salutation: str) -> Facts:
    """Register, English, greeting, closing and sign-off, as the templates write them."""
    address = values.get("address")
    candidate = values["candidate"]
    form = ADDRESS_FORMS.get(getattr(address, "form", ""),
                             f"by {salutation.replace('-', ' ')}")
    variant = "US" if values.get("variant") == "US" else "GB"
    example = getattr(values.get("moment"), "interview_date", None) or EXAMPLE_DATE[variant]
    register = ("friendly and professional: the candidate's own colleague"
                if values.get("recipient_role") == "reference" else formality)
    lines: Facts = [
        ("Register", f"{register}; address them {form}"),
        ("English", ENGLISH[variant].format(example=example)),
    ]
    if kind == "linkedin":
        formal = bool(getattr(address, "formal", False)) or bool(values.get("formal"))
        name = getattr(address, "name", None) or values.get("to")
        greeting = values.get("greeting") if formal else f"Hi {name}"
        sign = (candidate["first"] if values.get("recipient_role") == "reference"
                or not getattr(address, "formal", False) else candidate["name"])
        return [*lines, ("Open with exactly", f"{greeting},"),
                ("Layout", "the greeting and the note on one line, the sign-off on the next"),
                ("Sign as", str(sign))]
    sign = str(values.get("sign") or candidate["signature"])
    return [*lines, ("Open with exactly", f"{values.get('greeting')},"),
            ("Close with exactly", f"{values.get('closing')},"),
            ("Sign as", sign.replace("\n", " / ") + " (one item per line)"
             if "\n" in sign else sign)]


def _time_facts(values: Mapping[str, Any]) -> Facts:
    """When they met, in words true at the send time, and the words never to use."""
    met = values.get("met")
    if not met:
        return []
    moment = values.get("moment")
    day = getattr(moment, "interview_day", None)
    days = getattr(moment, "days", None)
    lines: Facts = [("When the interview was", f"{met} (on {day})" if day else str(met))]
    if met == "today":
        lines.append(("Time words", 'the interview was today: say "today"; do not write '
                                    '"since we spoke", "since our conversation" or anything '
                                    "else that suggests days have passed"))
    else:
        rule = f'say "{met}" for the interview, never "today"'
        if days is not None and days <= 1:
            rule += ('; do not write "since we spoke" or "since our conversation": it was '
                     "only a day ago")
        lines.append(("Time words", rule))
    return lines


def _thank_you_facts(values: Mapping[str, Any], links: list[str]) -> Facts:
    lines: Facts = []
    if values.get("strength"):
        lines.append(("Candidate's strength linked to this topic",
                      str(values.get("strength_clause") or values["strength"])))
        if values.get("strength_told"):
            lines.append(("Strength told in the interview",
                          "the candidate already told them about it; recall it "
                          '("as I mentioned"), do not present it as news'))
    else:
        lines.append(("Candidate's strength", "none is linked to this topic: do not claim "
                                              "a strength or experience that meets it"))
    for point in values.get("missed") or []:
        lines.append(("Point the candidate meant to add", str(point)))
    for promise in values.get("promises") or []:
        lines.append(("Promised to this person",
                      f"{promise['what']}: say it follows in a separate email (neither "
                      "attached nor linked in this note)"))
    for resource in values.get("resources") or []:
        if resource.get("url"):
            links.append(str(resource["url"]))
            lines.append(("Resource to share", f"{resource['title']} ({resource['url']})"))
        else:
            lines.append(("Resource to share", f"{resource['title']} (no link)"))
    return lines


def _promise_facts(promise: Mapping[str, Any] | None, links: list[str]) -> Facts:
    """What is delivered and how: an attached file, a link, both or neither."""
    if not promise:
        return [("What is delivered", "what the candidate said they would send (not "
                                      "named in the record)"),
                ("Attachments", "none: do not say that anything is attached or enclosed")]
    lines: Facts = [("What is delivered", str(promise["what"]))]
    if promise.get("attached"):
        lines.append(("Attached file", f"{promise.get('file') or 'a file'}: it goes with "
                                       "this message, so say it is attached"))
    else:
        lines.append(("Attachments", "none: do not say that anything is attached or "
                                     "enclosed"))
    if promise.get("url"):
        links.append(str(promise["url"]))
        lines.append(("Link to it", str(promise["url"])))
    if promise.get("shows"):
        lines.append(("What it shows", _shows(promise)))
    if not promise.get("attached") and not promise.get("url"):
        lines.append(("How it is delivered", "neither a file nor a link is given: say the "
                                             "candidate is following up with it, without "
                                             "claiming a file or a link"))
    return lines


def _shows(promise: Mapping[str, Any]) -> str:
    """What the promised thing shows, in the candidate's words, and how to use them:
    one line that introduces it, so the reader knows why to open it."""
    shows = str(promise["shows"])
    return (f'{shows} (introduce it with this in one sentence, such as "It shows '
            f'{shows}."; claim nothing more about what it shows)')


def _kind_facts(values: Mapping[str, Any], kind: str, number: int) -> Facts:
    """What one kind's template uses beyond the recipient's own facts."""
    lines: Facts = []
    candidate = values["candidate"]
    if kind == "recruiter-update":
        runs = bool(values.get("recruiter_runs"))
        lines.append(("The recruiter", "runs the process for the company (they set up the "
                                       "interview)" if runs
                      else "supports the candidate's application"))
        for other in values.get("interviewers") or []:
            tone = other.get("rapport") or "no strong impression"
            title = f", {other['title']}" if other.get("title") else ""
            topics = "; ".join(other.get("topics") or []) or "none noted"
            lines.append(("Interviewer", f"{other.get('called') or other['name']}{title}; "
                                         f"tone: {tone}; topics: {topics}"))
        for item in values.get("missed_all") or []:
            lines.append(("Point the candidate did not get to make",
                          f"{item['point']} (to {item['to']})"))
        lines += _timing(values, "decision_said")
        if values.get("they_will_contact"):
            lines.append(("Who makes contact", "they said they would be in touch"
                                               + (" through the recruiter" if runs else "")))
    if kind == "status-inquiry":
        lines += _timing(values, "decision_to_you")
    if kind == "reference-brief":
        lines += _timing(values, "decision_said")
    if kind == "withdrawal" and values.get("recipient_role") == "recruiter":
        names = [str(other.get("called") or other["name"])
                 for other in values.get("interviewers") or []]
        if names:
            lines.append(("Ask the recruiter to pass thanks to", "; ".join(names)))
    if kind == "status-inquiry":
        lines.append(("Inquiry number", str(number)))
        earlier = values.get("earlier") or []
        if number > 1:
            lines.append(("Earlier inquiry", f"sent on {earlier[-1]}" if earlier
                          else "sent a while ago (no date: give none)"))
    if kind in ("reference-brief", "referee-thanks"):
        reference = values.get("reference") or {}
        known = _reference_known(reference)
        if known:
            lines.append(("How the reference knows the candidate", known))
    if kind == "reference-brief":
        focus = [str(other["topic"]) for other in values.get("interviewers") or []
                 if other.get("topic")][:3]
        if focus:
            lines.append(("The interviews centred on", "; ".join(focus)))
        reference = values.get("reference") or {}
        points = list(reference.get("emphasise") or candidate.get("strengths", [])[:1])
        if points:
            lines.append(("Ask them to speak to", "; ".join(points)))
    if kind == "next-round-thanks" and values.get("next_steps"):
        lines.append(("The next round as they described it", str(values["next_steps"])))
    return lines


def _company(values: Mapping[str, Any]) -> str:
    """The company as said in a sentence, and its full name where that differs."""
    said, full = str(values["company"]), values.get("company_full")
    return f"{said} (in full: {full})" if full and full != said else said


def _timing(values: Mapping[str, Any], said: str) -> Facts:
    """What they said about the decision, worded for this recipient (``said``: the
    values' key for it: ``decision_to_you`` to them, ``decision_said`` to others)."""
    label = ("What they said about the decision (worded to them)"
             if said == "decision_to_you" else "What they said about the decision")
    wording = values.get(said) or values.get("decision_said")
    return [(name, str(value)) for name, value in (
        (label, wording),
        ("Decision expected by", values.get("decision_by")),
        ("Next steps they gave", values.get("next_steps"))) if value]


def _reference_known(reference: Mapping[str, Any]) -> str | None:
    role = reference.get("role")
    if not role:
        return str(reference["relationship"]) if reference.get("relationship") else None
    where = f" at {reference['company']}" if reference.get("company") else ""
    current = reference.get("current")
    when = "current " if current is True else "former " if current is False else ""
    return f"the candidate's {when}{role}{where}"


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


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
_URL_END = ".,;:!?"
_ATTACHED = re.compile(r"\b(?:attached|attaching|attachments?|enclosed|enclosing)\b",
                       re.IGNORECASE)
_TODAY = re.compile(r"\btoday(?:['’]s)?\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince (?:we (?:last )?(?:spoke|talked|met)|(?:our|the) (?:last )?"
                    r"(?:conversation|interview|meeting|talk|call|chat))\b", re.IGNORECASE)


def overreach(body: str, bounds: Bounds) -> list[str]:
    """What the answer claims beyond its facts: links not given, an attachment
    when no file goes with it, "today" when the interview was not today, "since
    we spoke" within a day of it."""
    problems = []
    given = sorted(bounds.links)
    for found in _URL.finditer(body):
        link = found.group().rstrip(_URL_END)
        if link not in bounds.links:
            allowed = ("give only " + ", ".join(given)) if given else "give no link"
            problems.append(f"'{link}' is not a link you were given; {allowed}, exactly "
                            "as written.")
    attached = _ATTACHED.search(body)
    if attached and not bounds.attached:
        problems.append(f"'{attached.group()}': no file goes with this message; do not say "
                        "that anything is attached or enclosed.")
    today = _TODAY.search(body)
    if today and not bounds.today:
        problems.append(f"'{today.group()}': the interview was {bounds.met}, not today; "
                        f"say '{bounds.met}'.")
    since = _SINCE.search(body)
    if since and bounds.recent:
        problems.append(f"'{since.group()}': the interview was {bounds.met or 'just now'}, "
                        "too recent for that; leave it out.")
    return problems


def problems_of(body: str, findings: Sequence[Finding], *, kind: str,
                linkedin_limit: int, bounds: Bounds | None = None) -> list[str]:
    problems = [f"{finding.message} {finding.suggestion}".strip() for finding in findings
                if finding.severity in BLOCKING]
    if kind == "linkedin" and len(body.rstrip("\n")) > linkedin_limit:
        problems.append(f"The note has {len(body.rstrip())} characters; a LinkedIn "
                        f"connection note holds at most {linkedin_limit}.")
    if bounds is not None:
        problems += overreach(body, bounds)
    return problems


def write(chat: Chat, facts: Sequence[tuple[str, str]], reference: str | None, *,
          check: Callable[[str], list[Finding]], tidy: Callable[[str], str], kind: str,
          linkedin_limit: int) -> Written:
    """Ask once; if the checker objects (or the answer claims more than its facts:
    :func:`overreach`), ask once more with the problems listed. ``body`` is None
    when the template draft should stand."""
    bounds = facts.bounds if isinstance(facts, PromptFacts) else None
    messages = first_messages(facts, None if kind in NO_REFERENCE_KINDS else reference)
    for attempt in (1, 2):
        try:
            answer = clean_answer(chat(messages))
        except LLMError as err:
            return Written(None, [], attempt, str(err))
        if not answer:
            return Written(None, [], attempt, "the endpoint's answer has no text")
        body = tidy(answer)
        findings = check(body)
        problems = problems_of(body, findings, kind=kind, linkedin_limit=linkedin_limit,
                               bounds=bounds)
        if not problems:
            return Written(body, findings, attempt, "")
        if attempt == 1:
            messages = [*messages, {"role": "assistant", "content": answer},
                        retry_message(problems)]
    return Written(None, [], 2, "the LLM's answer failed the checker twice")
