"""Context cases for the tests' two debriefs (tests/data: a Japanese first round, a US panel):
names, topics, promises, formality, timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from followthrough.check import CheckSettings, Finding, check, check_many
from followthrough.debrief.model import Debrief, Topic

from .conftest import load_context, sent_at

GOOD_MORI = (
    "Dear Mori-san,\n\n"
    "Thank you for taking the time to speak with me yesterday about the Senior Analytics "
    "Engineer role at Tsubame Data. I especially enjoyed our discussion about refreshing sales "
    "dashboards every few minutes instead of overnight; having replaced a nightly reporting "
    "batch with incremental dbt models, I would be glad to bring that experience to your "
    "team.\n\n"
    "I remain very interested in the role and look forward to hearing about the next steps.\n\n"
    "Kind regards,\nMara Lindholm")
GOOD_OGAWA = (
    "Dear Ms Ogawa,\n\n"
    "Thank you for speaking with me about the Senior Analytics Engineer role at Tsubame Data. I "
    "was glad to hear about the team's meetings held half in English, half in Japanese; I "
    "passed the JLPT N3 last spring and would enjoy taking part in them.\n\n"
    "I remain very interested in the position and look forward to hearing from you.\n\n"
    "Kind regards,\nMara Lindholm")
GOOD_GRACE = (
    "Dear Grace,\n\n"
    "Thank you for the conversation about the UX Researcher II role at Bellhaven Clinics. I "
    "especially enjoyed hearing about the diary study of patients after discharge; I completed "
    "a research ethics course in September and would be glad to put it to work there.\n\n"
    "I left even more interested in the role.\n\n"
    "Best regards,\nTomasz Wilk")
GOOD_DANIEL = (
    "Dear Daniel,\n\n"
    "Thank you for walking me through the online check-in and why patients abandon it. The "
    "remote interviews I ran with 150 nurses taught me how to find such leaks, and I would be "
    "glad to help Bellhaven Clinics close them.\n\n"
    "I am excited about the UX Researcher II role and look forward to the next steps.\n\n"
    "Best regards,\nTomasz Wilk")


@dataclass(frozen=True)
class Case:
    name: str
    context: str
    text: str
    fires: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


CASES = [
    # clean notes stay clean
    Case("tokyo good note to Mori", "jp-first-round", GOOD_MORI, quiet=("",),
         options={"kind": "thank-you", "to": "Daichi Mori", "hours": 20}),
    Case("tokyo good note to Ogawa", "jp-first-round", GOOD_OGAWA, quiet=("",),
         options={"kind": "thank-you", "to": "Rina Ogawa", "hours": 5}),
    Case("panel good note to Grace", "us-panel", GOOD_GRACE, quiet=("",),
         options={"kind": "thank-you", "to": "Grace Holloway", "hours": 3}),
    Case("panel good note to Daniel", "us-panel", GOOD_DANIEL, quiet=("",),
         options={"kind": "thank-you", "hours": 10}),
    # wrong-name: greeting names another person of the record
    Case("note to Ogawa greets Mori", "jp-first-round",
         _swap(GOOD_OGAWA, "Ms Ogawa", "Mr Mori"),
         fires=("names.greeting.other-person",), options={"to": "Rina Ogawa"}),
    Case("note to Mori greets Ogawa-san", "jp-first-round",
         _swap(GOOD_MORI, "Mori-san", "Ogawa-san"),
         fires=("names.greeting.other-person",), options={"to": "Daichi Mori"}),
    Case("note to Daniel greets Grace", "us-panel",
         _swap(GOOD_DANIEL, "Dear Daniel", "Dear Grace"),
         fires=("names.greeting.other-person",), options={"to": "Daniel Okoro"}),
    Case("note to Dr Feld greets Daniel", "us-panel", "Dear Daniel,\n\nThank you for your time.",
         fires=("names.greeting.other-person",), options={"to": "Dr. Miriam Feld"}),
    Case("to given by family name only", "us-panel", "Dear Daniel,\n\nThank you for your time.",
         fires=("names.greeting.other-person",), options={"to": "Holloway"}),
    Case("greeting to the right person passes", "us-panel", GOOD_DANIEL,
         quiet=("names.greeting",), options={"to": "Daniel Okoro"}),
    Case("greeting to the recruiter passes", "jp-first-round",
         "Dear Hayashi-san,\n\nThank you for arranging the interview.",
         quiet=("names.greeting",), options={"to": "Mei Hayashi"}),
    Case("greeting names a stranger", "jp-first-round", _swap(GOOD_MORI, "Mori-san", "Laura"),
         fires=("names.greeting.unknown",), options={"to": "Daichi Mori"}),
    Case("greeting names a stranger, no --to", "us-panel", _swap(GOOD_GRACE, "Grace", "Julia"),
         fires=("names.greeting.unknown",)),
    Case("group greeting is not a stranger", "us-panel", "Dear hiring team,\n\nThank you.",
         quiet=("names.greeting.unknown",)),
    Case("another company in the role sentence", "jp-first-round",
         _swap(GOOD_MORI, "role at Tsubame Data", "role at Northwind Logistics"),
         fires=("names.company.other",)),
    Case("another company after join", "us-panel",
         _swap(GOOD_GRACE, "I left even more interested in the role.",
               "I would love to join Brightpath Health."),
         fires=("names.company.other",)),
    Case("the company without its legal suffix passes", "jp-first-round", GOOD_MORI,
         quiet=("names.company.other",)),
    Case("a past employer is not another company", "jp-first-round",
         "Dear Mori-san,\n\nAt Example GmbH I led the on-call rotation.",
         quiet=("names.company.other",)),
    # misspelt names of people and companies
    Case("misspelt family name", "jp-first-round", _swap(GOOD_MORI, "Mori-san", "Mr Morri"),
         fires=("names.person.misspelt",)),
    Case("misspelt company", "jp-first-round", _swap(GOOD_MORI, "Tsubame Data", "Tsubame Dta"),
         fires=("names.person.misspelt",)),
    Case("misspelt given name in greeting", "us-panel", _swap(GOOD_DANIEL, "Daniel", "Danial"),
         fires=("names.person.misspelt",)),
    Case("misspelt company in the US", "us-panel",
         _swap(GOOD_GRACE, "Bellhaven Clinics", "Bellhavenn Clinics"),
         fires=("names.person.misspelt",)),
    Case("record names are known words", "jp-first-round",
         "Dear Mori-san,\n\nThank you. Ogawa-san and Hayashi-san were very kind.",
         quiet=("names.person.misspelt", "spelling.word.unknown")),
    Case("allow-listed name is accepted", "jp-first-round",
         _swap(GOOD_MORI, "Mori-san", "Mr Morri"),
         quiet=("names.person.misspelt",), options={"allow_words": ["Morri"]}),
    # generic notes against the recipient's topics
    Case("note to Mori without his topics", "jp-first-round",
         "Dear Mori-san,\n\nThank you for your time about the Senior Analytics Engineer role at "
         "Tsubame Data. I enjoyed the conversation and remain very interested.",
         fires=("generic.topic.missing",), options={"kind": "thank-you", "to": "Daichi Mori"}),
    Case("note to Ogawa with Mori's topic only", "jp-first-round",
         _swap(GOOD_MORI, "Mori-san", "Ogawa-san"),
         fires=("generic.topic.missing",), options={"kind": "thank-you", "to": "Rina Ogawa"}),
    Case("topic in other words still counts", "jp-first-round",
         "Dear Mori-san,\n\nThank you. I keep thinking about how your teams in Osaka and "
         "Berlin settle on the same metrics.", quiet=("generic.topic.missing",),
         options={"kind": "thank-you", "to": "Daichi Mori"}),
    Case("Feld's single topic is found", "us-panel",
         "Dear Dr. Feld,\n\nThank you for explaining how consent works for research with patients.",
         quiet=("generic.topic.missing",), options={"kind": "thank-you"}),
    Case("status inquiry needs no topic", "us-panel",
         "Dear Grace,\n\nI hope you are well. Thank you again for your time; I remain very "
         "interested in the UX Researcher II role.", quiet=("generic.topic.missing",),
         options={"kind": "status-inquiry"}),
    Case("no company and no role", "us-panel",
         "Dear Grace,\n\nThank you for the diary study discussion. I remain interested.",
         fires=("generic.company.missing",), options={"kind": "thank-you"}),
    # attachments promised to one person but not another
    Case("write-up attached to the wrong person", "jp-first-round",
         _swap(GOOD_OGAWA, "I remain very interested",
               "I have attached my write-up of the move to incremental models. I remain very "
               "interested"),
         fires=("attachment.unrequested.file",),
         options={"kind": "thank-you", "to": "Rina Ogawa"}),
    Case("write-up attached for Mori as promised", "jp-first-round",
         _swap(GOOD_MORI, "I remain very interested",
               "I have attached my write-up of the move to incremental models. I remain very "
               "interested"),
         quiet=("attachment",), options={"kind": "thank-you", "to": "Daichi Mori"}),
    Case("promise message to Mori carries the file", "jp-first-round",
         "Dear Mori-san,\n\nPlease find attached incremental-models.pdf, the write-up I mentioned.",
         quiet=("attachment",), options={"kind": "promise", "to": "Daichi Mori"}),
    Case("portfolio attached to Grace unasked", "us-panel",
         _swap(GOOD_GRACE, "I left even more",
               "I've attached my full portfolio. I left even more"),
         fires=("attachment.unrequested.file",), options={"kind": "thank-you"}),
    Case("check-in study attached for Daniel as promised", "us-panel",
         _swap(GOOD_DANIEL, "I am excited",
               "I have attached my study of the check-in flow. I am excited"),
         quiet=("attachment",), options={"kind": "thank-you", "to": "Daniel Okoro"}),
    Case("check-in study attached to Grace was Daniel's", "us-panel",
         _swap(GOOD_GRACE, "I left even more",
               "I have attached my study of the check-in flow. I left even more"),
         fires=("attachment.unrequested.file",),
         options={"kind": "thank-you", "to": "Grace Holloway"}),
    # formality for Japan
    Case("Hi and given name in Japan", "jp-first-round",
         _swap(GOOD_MORI, "Dear Mori-san", "Hi Daichi"),
         fires=("formality.greeting.casual", "formality.greeting.first-name")),
    Case("Hey Rina in Japan", "jp-first-round", _swap(GOOD_OGAWA, "Dear Ms Ogawa", "Hey Rina"),
         fires=("formality.greeting.casual",), quiet=("tone.familiar.greeting",)),
    Case("Dear and given name in Japan", "jp-first-round", _swap(GOOD_MORI, "Mori-san", "Daichi"),
         fires=("formality.greeting.first-name",)),
    Case("Dear Mr Mori passes", "jp-first-round", _swap(GOOD_MORI, "Mori-san", "Mr Mori"),
         quiet=("formality",)),
    Case("bare Mori-san passes", "jp-first-round", _swap(GOOD_MORI, "Dear Mori-san", "Mori-san"),
         quiet=("formality",)),
    Case("Hi Grace in the US passes", "us-panel", _swap(GOOD_GRACE, "Dear Grace", "Hi Grace"),
         quiet=("formality",)),
    Case("the recorded salutation passes", "jp-first-round-salutation",
         "Dear Daichi,\n\nThank you for your time.", quiet=("formality",)),
    # a late thank-you
    Case("thank-you after three days", "jp-first-round", GOOD_MORI,
         fires=("timing.thank-you.late",),
         options={"kind": "thank-you", "to": "Daichi Mori", "hours": 72}),
    Case("thank-you after 30 hours is only slow", "jp-first-round", GOOD_MORI,
         fires=("timing.thank-you.slow",), quiet=("timing.thank-you.late",),
         options={"kind": "thank-you", "to": "Daichi Mori", "hours": 30}),
    Case("a late status inquiry is not late", "us-panel", GOOD_GRACE, quiet=("timing",),
         options={"kind": "status-inquiry", "hours": 200}),
]


def _context(name: str) -> Debrief:
    if name == "jp-first-round-salutation":
        base = load_context("jp-first-round")
        people = [p.model_copy(update={"salutation": "Dear Daichi"}) if p.name == "Daichi Mori"
                  else p for p in base.interviewers]
        return base.model_copy(update={"interviewers": people})
    return load_context(name)


def case_findings(case: Case) -> list[Finding]:
    """What the checker finds in a case, with its debrief, send time and options."""
    context = _context(case.context)
    options = dict(case.options)
    hours = options.pop("hours", None)
    allow = options.pop("allow_words", [])
    return check(case.text, context=context,
                 sent_at=sent_at(context, hours) if hours is not None else None,
                 settings=CheckSettings(allow_words=allow), **options)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_context_case(case: Case) -> None:
    findings = case_findings(case)
    rules = [finding.rule for finding in findings]
    for rule in case.fires:
        assert rule in rules, f"{rule} did not fire; got {rules}"
    for prefix in case.quiet:
        noisy = [f"{f.rule}: {f.match!r}" for f in findings
                 if f.rule.startswith(prefix) and f.severity != "info"]
        assert not noisy, f"unexpected findings: {noisy}"


def test_at_least_forty_context_cases() -> None:
    assert len(CASES) >= 40


def test_duplicate_notes_to_two_interviewers(panel: Debrief) -> None:
    to_grace = GOOD_GRACE
    to_daniel = _swap(GOOD_GRACE, "Dear Grace", "Dear Daniel")
    results = check_many({"grace.txt": to_grace, "daniel.txt": to_daniel}, context=panel,
                         kind="thank-you")
    for name, other in (("grace.txt", "daniel.txt"), ("daniel.txt", "grace.txt")):
        duplicates = [f for f in results[name] if f.category == "duplicate-note"]
        assert len(duplicates) == 1
        assert other in duplicates[0].message


def test_duplicate_notes_with_names_in_the_body(tokyo: Debrief) -> None:
    first = _swap(GOOD_MORI, "Kind regards",
                  "Please pass my thanks to Ogawa-san.\n\nKind regards")
    second = _swap(_swap(GOOD_MORI, "Mori-san", "Ogawa-san"), "Kind regards",
                   "Please pass my thanks to Mori-san.\n\nKind regards")
    results = check_many({"a": first, "b": second}, context=tokyo,
                         to={"a": "Daichi Mori", "b": "Rina Ogawa"})
    assert any(f.rule == "duplicate.note.near-copy" for f in results["a"])
    assert any(f.rule == "duplicate.note.near-copy" for f in results["b"])


def test_personal_notes_to_two_interviewers_are_not_duplicates(tokyo: Debrief) -> None:
    results = check_many({"mori": GOOD_MORI, "ogawa": GOOD_OGAWA}, context=tokyo,
                         kind="thank-you", to={"mori": "Daichi Mori",
                                               "ogawa": "Rina Ogawa"})
    assert results == {"mori": [], "ogawa": []}


def test_two_drafts_to_the_same_person_are_not_duplicates(panel: Debrief) -> None:
    results = check_many({"v1": GOOD_GRACE, "v2": GOOD_GRACE + "\n"}, context=panel,
                         kind="thank-you")
    assert not any(f.category == "duplicate-note" for f in results["v1"] + results["v2"])


def test_recipient_is_inferred_from_the_greeting(tokyo: Debrief) -> None:
    findings = check(_swap(GOOD_MORI, "Mori-san", "Ogawa-san"), context=tokyo,
                     kind="thank-you")
    topic = [f for f in findings if f.rule == "generic.topic.missing"]
    assert topic
    assert "Rina Ogawa" in topic[0].message
    assert "Daichi Mori" in topic[0].message


def test_wrong_recipient_message_names_both(tokyo: Debrief) -> None:
    text = _swap(GOOD_OGAWA, "Ms Ogawa", "Mr Mori")
    finding = next(f for f in check(text, context=tokyo, to="Rina Ogawa")
                   if f.rule == "names.greeting.other-person")
    assert finding.match == "Mr Mori"
    assert "Rina Ogawa" in finding.message
    assert "Daichi Mori" in finding.message
    assert finding.severity == "error"


def test_attachment_to_the_wrong_person_says_whose_it_was(tokyo: Debrief) -> None:
    text = _swap(GOOD_OGAWA, "I remain very interested",
                 "I have attached my write-up of the move to incremental models. I remain very "
                 "interested")
    finding = next(f for f in check(text, context=tokyo, kind="thank-you", to="Rina Ogawa")
                   if f.rule == "attachment.unrequested.file")
    assert "Daichi Mori" in finding.message


def test_formality_suggests_the_family_name(tokyo: Debrief) -> None:
    findings = check(_swap(GOOD_MORI, "Dear Mori-san", "Hi Daichi"), context=tokyo)
    casual = next(f for f in findings if f.rule == "formality.greeting.casual")
    assert "Mori-san" in casual.suggestion


def test_without_context_the_context_rules_stay_quiet() -> None:
    findings = check(_swap(GOOD_MORI, "Dear Mori-san", "Hi Daichi"), kind="thank-you",
                     sent_at=None)
    assert not [f for f in findings if f.category in {"formality", "wrong-name", "late"}]


def test_dear_is_no_misspelt_dean(panel: Debrief) -> None:
    """The greeting word is not a name: with a Dean in the record, "Dear" stays quiet,
    while a misspelt Dean is still caught."""
    people = [person.model_copy(update={"name": "Dean Walsh"}) if person.name == "Grace Holloway"
              else person for person in panel.interviewers]
    with_dean = panel.model_copy(update={"interviewers": people})
    rules = [f.rule for f in check(_swap(GOOD_GRACE, "Dear Grace", "Dear Dean"),
                                   context=with_dean, to="Dean Walsh")]
    assert "names.person.misspelt" not in rules
    rules = [f.rule for f in check(_swap(GOOD_DANIEL, "Dear Daniel", "Dear Mr Okoro"),
                                   context=with_dean)]
    assert "names.person.misspelt" not in rules
    misspelt = [f for f in check(_swap(GOOD_GRACE, "Dear Grace", "Dear Deen"),
                                 context=with_dean) if f.rule == "names.person.misspelt"]
    assert [f.match for f in misspelt] == ["Deen"]


def test_a_topic_named_by_its_short_form_counts(tokyo: Debrief) -> None:
    mori = tokyo.interviewers[0]
    assert mori.name == "Daichi Mori"
    topic = mori.topic_texts[0]
    shortened = mori.model_copy(update={"topics": [
        Topic(about=topic, short="your near-live numbers"), *mori.topics[1:]]})
    context = tokyo.model_copy(update={"interviewers": [shortened, *tokyo.interviewers[1:]]})
    note = ("Dear Mori-san, I enjoyed our conversation yesterday about your near-live "
            "numbers. I would be glad to connect.")

    def topic_missing(debrief: Debrief) -> list[Finding]:
        return [f for f in check(note, context=debrief, kind="linkedin", to="Daichi Mori")
                if f.rule == "generic.topic.missing"]

    assert topic_missing(tokyo), "without the short form the note names no topic of his"
    assert not topic_missing(context)
