"""Drafting: one message per planned action and per person, written from the
debrief through templates and checked before anyone sees it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from followthrough.check import CheckSettings, Finding, all_rules, check, check_many
from followthrough.compose.english import respell
from followthrough.compose.facts import Recipient, carried_promises, facts, promise_of, recipient
from followthrough.compose.llm import BLOCKING, Chat, LLMConfig, Source, http_chat, prompt_facts
from followthrough.compose.llm import write as llm_write
from followthrough.compose.register import contract
from followthrough.compose.templating import SUFFIX, Templates, templates_for, user_template_dir
from followthrough.culture import Profile, profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, thank_you_key
from followthrough.plan.rules import PROMISE_WITH_THANKS
from followthrough.vocabulary import MESSAGE_KINDS

LINKEDIN_LIMIT = 200
"""Characters in a LinkedIn connection note on a free account (300 on premium)."""
THANK_YOU_WORDS = (80, 170)
"""The length of a thank-you note the rubric asks for; a shorter one gets its closing line."""
RECRUITER_WORDS = 298
"""Past this (body words, counted by spaces), the recruiter update leaves out, one
step at a time: it first tells each promise by its thing alone ("the recording of
my talk", ``brief`` 1), then leaves out what the candidate gathered about the
company's timing (2), the names of the interviewers the recruiter is asked to
pass the answer the candidate would give now on to (3: the panel instead), with
what the candidate will do about a point they missed (the note covers it), the
retelling of what was first answered (4: the new answer stays), the promises it
reports (5), that unsuccessful candidates will not hear back (6),
which the recruiter running the process knows, and only then each interviewer's
second topic (7), which tells them what else the interviewer cared about. Rounds
85-90 asked five times for what was gathered about timing in Tokyo's update, which
the order before left out first. The checker warns past 300 words, counted a
little differently."""
SKIPPED_STATUSES = frozenset({"done", "skipped"})
FALLBACK_TEMPLATE = "task" + SUFFIX

_SUBJECT = re.compile(r"\A\s*subject:[ \t]*(?P<subject>[^\n]*)\n", re.IGNORECASE)
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_SPACE_BEFORE_STOP = re.compile(r"(?<=\S) +(?=[.,;:](?:\s|\Z))")
PRIVATE_VALUES: dict[str, Any] = {"went_well": [], "improve": [], "learned": None,
                                  "struggled": [], "questions": [], "weak_answers": []}
"""The candidate's reflection: never part of what is sent to an LLM."""


@dataclass(frozen=True)
class Draft:
    """A message ready for review: who, when, what, and what the checker found."""

    action: str
    """The action's id (``1.thank-you.hiroshi-sato``; ``file.<key>`` for an unstored debrief)."""
    kind: str
    to: str | None
    to_email: str | None
    channel: str
    due: datetime
    subject: str | None
    body: str
    findings: list[Finding]
    source: Source = "template"
    """Who wrote the body: our templates, or the configured LLM (``compose/llm.py``)."""
    note: str | None = None
    """Why the source is what it is, when an LLM was asked (not part of ``as_dict``)."""
    attachments: tuple[str, ...] = ()
    """Absolute paths of the files that go out with the message (a promise's ``file``)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "kind": self.kind,
            "to": self.to,
            "to_email": self.to_email,
            "channel": self.channel,
            "due": self.due.isoformat(),
            "subject": self.subject,
            "body": self.body,
            "findings": [finding.as_dict() for finding in self.findings],
            "source": self.source,
            "attachments": list(self.attachments),
        }

    @property
    def is_message(self) -> bool:
        return self.kind in MESSAGE_KINDS


def compose(interview_id: int | None, debrief: Debrief, actions: Sequence[Action], *,
            kind: str | None = None, to: str | None = None, template_dir: Path | None = None,
            linkedin_limit: int = LINKEDIN_LIMIT,
            check_settings: CheckSettings | None = None,
            llm: LLMConfig | None = None, now: datetime | None = None) -> list[Draft]:
    """A draft for every pending action (of ``kind`` and to ``to``, if given), in plan order.

    Each is written as it would go out at its planned time, or at ``now`` if
    that is later (an overdue note no longer says "today").

    Actions marked done or skipped are left out: there is nothing left to write.
    Thank-you notes are also checked against each other for near copies.
    With an enabled ``llm`` each message is first asked of the endpoint; its
    answer is used only if the checker (cross checks included) finds nothing at
    warning or error, else the template draft stands.
    """
    templates = templates_for(_template_dir(template_dir))
    chat = _chat(llm)
    chosen = [action for action in actions if action.status not in SKIPPED_STATUSES
              and (kind is None or action.kind == kind)
              and (to is None or _same_name(action.to, to))]
    pairs = [_draft_pair(templates, interview_id, debrief, action, linkedin_limit,
                         check_settings, checked=action.kind != "thank-you", chat=chat,
                         now=now, plan=actions)
             for action in chosen]
    drafts = _with_cross_checks([written for written, _ in pairs], debrief, check_settings)
    while failed := {d.action for d in drafts if d.source == "llm" and _blocking(d)}:
        # An LLM note that passed alone but nearly copies another: its template note.
        drafts = _with_cross_checks(
            [replace(template, note="template draft: the LLM's note was too close to "
                                    "another note")
             if draft.action in failed else draft
             for draft, (_, template) in zip(drafts, pairs, strict=True)],
            debrief, check_settings)
    return drafts


def compose_one(interview_id: int | None, debrief: Debrief, action: Action, *,
                template_dir: Path | None = None, linkedin_limit: int = LINKEDIN_LIMIT,
                check_settings: CheckSettings | None = None,
                llm: LLMConfig | None = None, now: datetime | None = None,
                plan: Sequence[Action] = ()) -> Draft:
    """The draft of one action, whatever its status (``plan``: the interview's other
    actions, which a later inquiry refers to)."""
    templates = templates_for(_template_dir(template_dir))
    written, _ = _draft_pair(templates, interview_id, debrief, action, linkedin_limit,
                             check_settings, checked=True, chat=_chat(llm), now=now,
                             plan=plan)
    return written


def _chat(llm: LLMConfig | None) -> Chat | None:
    return http_chat(llm) if llm is not None and llm.enabled else None


def _blocking(draft: Draft) -> bool:
    return any(finding.severity in BLOCKING for finding in draft.findings)


def _template_dir(given: Path | None) -> Path:
    return given if given is not None else user_template_dir()


def _same_name(name: str | None, wanted: str) -> bool:
    from followthrough.debrief.model import same_person_key

    return name is not None and same_person_key(name) == same_person_key(wanted)


def template_name(action: Action) -> str:
    if action.kind == "status-inquiry" and not action.key.endswith(".1"):
        return "status-inquiry-again" + SUFFIX
    if action.rule == PROMISE_WITH_THANKS.id:
        return "promise-with-thanks" + SUFFIX
    return action.kind + SUFFIX


def _draft_pair(templates: Templates, interview_id: int | None, debrief: Debrief,
                action: Action, linkedin_limit: int, settings: CheckSettings | None, *,
                checked: bool, chat: Chat | None, now: datetime | None = None,
                plan: Sequence[Action] = ()) -> tuple[Draft, Draft]:
    """The draft to show and the template draft (the same one unless an LLM wrote it)."""
    linkedin_limit = linkedin_cap(linkedin_limit, settings)
    who = recipient(debrief, action.to) if action.to else None
    profile = profile_for(debrief.interview.country)
    sent_at = max(action.due, now) if now is not None else action.due
    values = facts(interview_id, debrief, action, who, profile, sent_at=sent_at, plan=plan)
    values["action"] = action.as_dict(interview_id or "file")
    name = template_name(action)
    if not templates.has(name):
        name = FALLBACK_TEMPLATE
    inside_thanks = action.rule == PROMISE_WITH_THANKS.id
    subject, body = _render(templates, name, values, action.kind, linkedin_limit)
    body = respell(body, values["variant"])
    if _on_easy_terms(values, who, action):
        body = contract(body, keep=_record_phrases(debrief))
    subject = respell(subject, values["variant"]) if subject else subject
    findings = (_check(body, debrief, action, who, settings, sent_at)
                if checked and not inside_thanks else [])
    template = Draft(action=f"{interview_id or 'file'}.{action.key}", kind=action.kind,
                     to=action.to, to_email=who.email if who else None,
                     channel=action.channel, due=action.due,
                     subject=subject if action.kind in MESSAGE_KINDS and not inside_thanks
                     else None,
                     body=body, findings=findings, note=_advice(values, debrief, action),
                     attachments=_attachments(debrief, action, plan))
    if chat is None or who is None or action.kind not in MESSAGE_KINDS or inside_thanks:
        return template, template
    _, reference = _render(templates, name, {**values, **PRIVATE_VALUES}, action.kind,
                           linkedin_limit)
    written = llm_write(chat, _prompt_facts(values, profile, linkedin_limit), reference,
                        check=lambda text: _check(text, debrief, action, who, settings,
                                                  sent_at),
                        tidy=tidy, kind=action.kind, linkedin_limit=linkedin_limit)
    if written.body is None:
        return replace(template, note=f"template draft: {written.note}"), template
    return replace(template, body=written.body, findings=written.findings, source="llm",
                   note="written by the LLM, checked clean"), template


def _prompt_facts(values: dict[str, Any], profile: Profile,
                  linkedin_limit: int) -> list[tuple[str, str]]:
    return prompt_facts(values, formality=profile.formality, salutation=profile.salutation,
                        linkedin_limit=linkedin_limit)


def _render(templates: Templates, name: str, values: dict[str, Any], kind: str,
            linkedin_limit: int) -> tuple[str | None, str]:
    if kind == "linkedin":
        return _fitted(templates, name, values, linkedin_limit)
    subject, body = split_subject(tidy(templates.render(name, {"pad": False, "brief": 0,
                                                                **values})))
    for pad in (1, 2):
        if kind != "thank-you" or _message_words(body) >= THANK_YOU_WORDS[0]:
            break
        subject, body = split_subject(tidy(templates.render(name, {**values, "pad": pad,
                                                                    "brief": 0})))
    for brief in (1, 2, 3, 4, 5, 6, 7):
        if kind != "recruiter-update" or len(body.split()) <= RECRUITER_WORDS:
            break
        subject, body = split_subject(tidy(templates.render(name, {**values, "pad": False,
                                                                    "brief": brief})))
    return subject, body


def _on_easy_terms(values: dict[str, Any], who: Recipient | None, action: Action) -> bool:
    """Whether the note goes to someone addressed by first name who is a colleague
    (a reference), a warm interviewer, or a LinkedIn contact: it then uses contractions."""
    address = values.get("address")
    if who is None or address is None or address.formal or action.kind not in MESSAGE_KINDS:
        return False
    rapport = who.interviewer.rapport if who.interviewer else None
    return who.role == "reference" or rapport == "warm" or action.kind == "linkedin"


def _message_words(body: str) -> int:
    """The words of a letter between its greeting and its closing."""
    paragraphs = body.strip().split("\n\n")
    return len(" ".join(paragraphs[1:-1]).split())


def _check(body: str, debrief: Debrief, action: Action, who: Recipient | None,
           settings: CheckSettings | None, sent_at: datetime | None = None) -> list[Finding]:
    kind = action.key if action.kind == "status-inquiry" else action.kind
    return check(body, context=debrief, kind=kind, to=who.name if who else None,
                 settings=_with_record_words(settings, debrief), sent_at=sent_at)


def linkedin_cap(limit: int, settings: CheckSettings | None) -> int:
    """The LinkedIn limit a draft is written to: the one asked for, but never past
    what the user's LinkedIn account accepts (the checker's ``linkedin_account``:
    free 200, premium 300), so a draft never fails its own check."""
    account = settings.linkedin_account if settings else "free"
    for rule in all_rules():
        accounts = rule.params.get("account_limits")
        if accounts and account in accounts:
            return min(limit, int(accounts[account]))
    return limit


def _attachments(debrief: Debrief, action: Action, plan: Sequence[Action] = ()
                 ) -> tuple[str, ...]:
    """The files a message carries: its promise's, or those of the promises a
    thank-you delivers. A promise that goes inside a thank-you carries none itself."""
    if action.rule == PROMISE_WITH_THANKS.id:
        return ()
    promise = promise_of(debrief, action)
    if promise is not None:
        return (promise.file,) if promise.file else ()
    return tuple(p.file for p in carried_promises(debrief, action, plan) if p.file)


def _advice(values: dict[str, Any], debrief: Debrief, action: Action) -> str | None:
    """What the user should add to the record for this draft to be right."""
    notes = []
    if action.rule == PROMISE_WITH_THANKS.id:
        notes.append(f"It goes inside {_thanks_id(values, debrief, action)}: approve or send that "
                     "one, and this is done with it.")
    address = values.get("address")
    if address is not None and address.missing:
        notes.append(address.missing)
    promise = promise_of(debrief, action)
    if promise is not None and not promise.file and not promise.url:
        notes.append("This promise has no `file` or `url` in the record: add one, or "
                     "attach or paste the item yourself before sending.")
    return " ".join(notes) or None


def _thanks_id(values: dict[str, Any], debrief: Debrief, action: Action) -> str:
    """The id of the thank-you a promise goes inside (its interview's number, or
    ``file`` for a debrief not stored)."""
    number = str(values["action"]["id"]).split(".", 1)[0]
    key = thank_you_key(debrief, action.to or "")
    return f"{number}.{key}" if key else "the thank-you to the same person"


def _with_record_words(settings: CheckSettings | None, debrief: Debrief) -> CheckSettings:
    """The user's checker settings, accepting every word of the debrief: a word the
    user wrote in the record (a reference's "tech lead") is not a typo in a draft
    that quotes it."""
    base = settings or CheckSettings()
    return replace(base, allow_words=[*base.allow_words, *record_words(debrief)])


def record_words(debrief: Debrief) -> list[str]:
    return sorted(set(_WORD.findall(_texts(debrief.to_document()).casefold())))


def _record_phrases(debrief: Debrief) -> list[str]:
    """Every text the candidate typed into the record, with and without a leading
    "that " (a missed point is told both ways)."""
    texts = _strings(debrief.to_document())
    return texts + [text[5:] for text in texts if text.startswith("that ")]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _texts(value: object) -> str:
    return " ".join(_strings(value))


def _with_cross_checks(drafts: list[Draft], debrief: Debrief,
                       settings: CheckSettings | None) -> list[Draft]:
    notes = {draft.action: draft for draft in drafts if draft.kind == "thank-you"}
    if not notes:
        return drafts
    results = check_many({key: note.body for key, note in notes.items()}, context=debrief,
                         kind="thank-you", to={key: note.to for key, note in notes.items()},
                         settings=_with_record_words(settings, debrief))
    return [replace(draft, findings=results[draft.action]) if draft.action in results
            else draft for draft in drafts]


def _fitted(templates: Templates, name: str, values: dict[str, Any],
            limit: int) -> tuple[str | None, str]:
    """A LinkedIn note within ``limit`` characters: the full wording, else the short
    one (no topic), else cut at a word. A topic is never cut in the middle."""
    subject, body = split_subject(tidy(templates.render(name, values)))
    if len(body) <= limit:
        return subject, body
    short = {**values, "short": True}
    subject, body = split_subject(tidy(templates.render(name, short)))
    if len(body) > limit:
        body = body[:limit].rsplit(" ", 1)[0].rstrip(",;: ")
    return subject, body


def tidy(text: str) -> str:
    """Spacing and punctuation left over from optional sentences and filled slots."""
    text = _TRAILING.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_STOP.sub("", text)
    text = _DOUBLE_STOP.sub(".", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip() + "\n"


def split_subject(text: str) -> tuple[str | None, str]:
    """A first line ``Subject: ...`` becomes the subject; the rest is the body."""
    found = _SUBJECT.match(text)
    if found is None:
        return None, text
    return found.group("subject").strip() or None, text[found.end():].lstrip("\n")
