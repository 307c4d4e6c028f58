"""Context cases for the two reference debriefs: names, topics, promises, formality, timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from followthrough.check import check, check_many
from followthrough.debrief.model import Debrief

from .conftest import load_context, sent_at

GOOD_SATO = (
    "Dear Sato-san,\n\n"
    "Thank you for taking the time to speak with me yesterday about the Senior Data Engineer "
    "role at Kumo Robotics. I especially enjoyed our discussion about moving nightly batch jobs "
    "to streaming; having led the migration of 40 nightly batch jobs to Kafka Streams, I would "
    "be glad to bring that experience to your team.\n\n"
    "I remain very interested in the role and look forward to hearing about the next steps.\n\n"
    "Kind regards,\nAlex Morgan")
GOOD_KOBAYASHI = (
    "Dear Ms Kobayashi,\n\n"
    "Thank you for speaking with me about the Senior Data Engineer role at Kumo Robotics. I was "
    "glad to hear how the team's bilingual English-Japanese meetings work; I hold the JLPT N2 "
    "certificate and would enjoy taking part in them.\n\n"
    "I remain very interested in the position and look forward to hearing from you.\n\n"
    "Kind regards,\nAlex Morgan")
GOOD_MARCUS = (
    "Dear Marcus,\n\n"
    "Thank you for the conversation about the Product Designer II role at Larkspur Health. I "
    "especially enjoyed hearing about the accessibility audits of the patient portal; I finished "
    "an accessibility certification in October and would be glad to put it to work there.\n\n"
    "I left even more interested in the role.\n\n"
    "Best regards,\nPriya Raman")
GOOD_SOFIA = (
    "Dear Sofia,\n\n"
    "Thank you for walking me through the appointment-booking funnel and where patients drop "
    "off. The usability studies I ran with 200 participants taught me how to find such leaks, "
    "and I would be glad to help Larkspur Health close them.\n\n"
    "I am excited about the Product Designer II role and look forward to the next steps.\n\n"
    "Best regards,\nPriya Raman")


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
    Case("tokyo good note to Sato", "tokyo", GOOD_SATO, quiet=("",),
         options={"kind": "thank-you", "to": "Hiroshi Sato", "hours": 20}),
    Case("tokyo good note to Kobayashi", "tokyo", GOOD_KOBAYASHI, quiet=("",),
         options={"kind": "thank-you", "to": "Emi Kobayashi", "hours": 5}),
    Case("panel good note to Marcus", "panel-us", GOOD_MARCUS, quiet=("",),
         options={"kind": "thank-you", "to": "Marcus Bell", "hours": 3}),
    Case("panel good note to Sofia", "panel-us", GOOD_SOFIA, quiet=("",),
         options={"kind": "thank-you", "hours": 10}),
    # wrong-name: greeting names another person of the record
    Case("note to Kobayashi greets Sato", "tokyo",
         _swap(GOOD_KOBAYASHI, "Ms Kobayashi", "Mr Sato"),
         fires=("names.greeting.other-person",), options={"to": "Emi Kobayashi"}),
    Case("note to Sato greets Kobayashi-san", "tokyo",
         _swap(GOOD_SATO, "Sato-san", "Kobayashi-san"),
         fires=("names.greeting.other-person",), options={"to": "Hiroshi Sato"}),
    Case("note to Sofia greets Marcus", "panel-us",
         _swap(GOOD_SOFIA, "Dear Sofia", "Dear Marcus"),
         fires=("names.greeting.other-person",), options={"to": "Sofia Alvarez"}),
    Case("note to Dr Ito greets Sofia", "panel-us", "Dear Sofia,\n\nThank you for your time.",
         fires=("names.greeting.other-person",), options={"to": "Dr. Kenji Ito"}),
    Case("to given by family name only", "panel-us", "Dear Sofia,\n\nThank you for your time.",
         fires=("names.greeting.other-person",), options={"to": "Bell"}),
    Case("greeting to the right person passes", "panel-us", GOOD_SOFIA,
         quiet=("names.greeting",), options={"to": "Sofia Alvarez"}),
    Case("greeting to the recruiter passes", "tokyo",
         "Dear Watanabe-san,\n\nThank you for arranging the interview.",
         quiet=("names.greeting",), options={"to": "Yuki Watanabe"}),
    Case("greeting names a stranger", "tokyo", _swap(GOOD_SATO, "Sato-san", "Laura"),
         fires=("names.greeting.unknown",), options={"to": "Hiroshi Sato"}),
    Case("greeting names a stranger, no --to", "panel-us", _swap(GOOD_MARCUS, "Marcus", "Julia"),
         fires=("names.greeting.unknown",)),
    Case("group greeting is not a stranger", "panel-us", "Dear hiring team,\n\nThank you.",
         quiet=("names.greeting.unknown",)),
    Case("another company in the role sentence", "tokyo",
         _swap(GOOD_SATO, "role at Kumo Robotics", "role at Northwind Logistics"),
         fires=("names.company.other",)),
    Case("another company after join", "panel-us",
         _swap(GOOD_MARCUS, "I left even more interested in the role.",
               "I would love to join Brightpath Health."),
         fires=("names.company.other",)),
    Case("the company without its legal suffix passes", "tokyo", GOOD_SATO,
         quiet=("names.company.other",)),
    Case("a past employer is not another company", "tokyo",
         "Dear Sato-san,\n\nAt Example GmbH I led the on-call rotation.",
         quiet=("names.company.other",)),
    # misspelt names of people and companies
    Case("misspelt family name", "tokyo", _swap(GOOD_SATO, "Sato-san", "Mr Satoh"),
         fires=("names.person.misspelt",)),
    Case("misspelt company", "tokyo", _swap(GOOD_SATO, "Kumo Robotics", "Kumo Robtics"),
         fires=("names.person.misspelt",)),
    Case("misspelt given name in greeting", "panel-us", _swap(GOOD_SOFIA, "Sofia", "Sophia"),
         fires=("names.person.misspelt",)),
    Case("misspelt company in the US", "panel-us",
         _swap(GOOD_MARCUS, "Larkspur Health", "Larkspurr Health"),
         fires=("names.person.misspelt",)),
    Case("record names are known words", "tokyo",
         "Dear Sato-san,\n\nThank you. Kobayashi-san and Watanabe-san were very kind.",
         quiet=("names.person.misspelt", "spelling.word.unknown")),
    Case("allow-listed name is accepted", "tokyo", _swap(GOOD_SATO, "Sato-san", "Mr Satoh"),
         quiet=("names.person.misspelt",), options={"allow_words": ["Satoh"]}),
    # generic notes against the recipient's topics
    Case("note to Sato without his topics", "tokyo",
         "Dear Sato-san,\n\nThank you for your time about the Senior Data Engineer role at Kumo "
         "Robotics. I enjoyed the conversation and remain very interested.",
         fires=("generic.topic.missing",), options={"kind": "thank-you", "to": "Hiroshi Sato"}),
    Case("note to Kobayashi with Sato's topic only", "tokyo",
         _swap(GOOD_SATO, "Sato-san", "Kobayashi-san"),
         fires=("generic.topic.missing",), options={"kind": "thank-you", "to": "Emi Kobayashi"}),
    Case("topic in other words still counts", "tokyo",
         "Dear Sato-san,\n\nThank you. I keep thinking about how your on-call rotation works "
         "between Tokyo and Berlin.", quiet=("generic.topic.missing",),
         options={"kind": "thank-you", "to": "Hiroshi Sato"}),
    Case("Ito's single topic is found", "panel-us",
         "Dear Dr. Ito,\n\nThank you for explaining the HIPAA constraints on user research.",
         quiet=("generic.topic.missing",), options={"kind": "thank-you"}),
    Case("status inquiry needs no topic", "panel-us",
         "Dear Marcus,\n\nI hope you are well. Thank you again for your time; I remain very "
         "interested in the Product Designer II role.", quiet=("generic.topic.missing",),
         options={"kind": "status-inquiry"}),
    Case("no company and no role", "panel-us",
         "Dear Marcus,\n\nThank you for the accessibility audit discussion. I remain interested.",
         fires=("generic.company.missing",), options={"kind": "thank-you"}),
    # attachments promised to one person but not another
    Case("write-up attached to the wrong person", "tokyo",
         _swap(GOOD_KOBAYASHI, "I remain very interested",
               "I have attached my write-up of the Kafka migration. I remain very interested"),
         fires=("attachment.unrequested.file",),
         options={"kind": "thank-you", "to": "Emi Kobayashi"}),
    Case("write-up attached for Sato as promised", "tokyo",
         _swap(GOOD_SATO, "I remain very interested",
               "I have attached my write-up of the Kafka migration. I remain very interested"),
         quiet=("attachment",), options={"kind": "thank-you", "to": "Hiroshi Sato"}),
    Case("promise message to Sato carries the file", "tokyo",
         "Dear Sato-san,\n\nPlease find attached kafka-migration.pdf, the write-up I mentioned.",
         quiet=("attachment",), options={"kind": "promise", "to": "Hiroshi Sato"}),
    Case("portfolio attached to Marcus unasked", "panel-us",
         _swap(GOOD_MARCUS, "I left even more",
               "I've attached my full portfolio. I left even more"),
         fires=("attachment.unrequested.file",), options={"kind": "thank-you"}),
    Case("case study attached for Sofia as promised", "panel-us",
         _swap(GOOD_SOFIA, "I am excited",
               "I have attached the case study on the booking redesign. I am excited"),
         quiet=("attachment",), options={"kind": "thank-you", "to": "Sofia Alvarez"}),
    Case("case study attached to Marcus was Sofia's", "panel-us",
         _swap(GOOD_MARCUS, "I left even more",
               "I have attached the case study on the booking redesign. I left even more"),
         fires=("attachment.unrequested.file",),
         options={"kind": "thank-you", "to": "Marcus Bell"}),
    # formality for Japan
    Case("Hi and given name in Japan", "tokyo", _swap(GOOD_SATO, "Dear Sato-san", "Hi Hiroshi"),
         fires=("formality.greeting.casual", "formality.greeting.first-name")),
    Case("Hey Emi in Japan", "tokyo", _swap(GOOD_KOBAYASHI, "Dear Ms Kobayashi", "Hey Emi"),
         fires=("formality.greeting.casual",), quiet=("tone.familiar.greeting",)),
    Case("Dear and given name in Japan", "tokyo", _swap(GOOD_SATO, "Sato-san", "Hiroshi"),
         fires=("formality.greeting.first-name",)),
    Case("Dear Mr Sato passes", "tokyo", _swap(GOOD_SATO, "Sato-san", "Mr Sato"),
         quiet=("formality",)),
    Case("bare Sato-san passes", "tokyo", _swap(GOOD_SATO, "Dear Sato-san", "Sato-san"),
         quiet=("formality",)),
    Case("Hi Marcus in the US passes", "panel-us", _swap(GOOD_MARCUS, "Dear Marcus", "Hi Marcus"),
         quiet=("formality",)),
    Case("the recorded salutation passes", "tokyo-salutation",
         "Dear Hiroshi,\n\nThank you for your time.", quiet=("formality",)),
    # a late thank-you
    Case("thank-you after three days", "tokyo", GOOD_SATO, fires=("timing.thank-you.late",),
         options={"kind": "thank-you", "to": "Hiroshi Sato", "hours": 72}),
    Case("thank-you after 30 hours is only slow", "tokyo", GOOD_SATO,
         fires=("timing.thank-you.slow",), quiet=("timing.thank-you.late",),
         options={"kind": "thank-you", "to": "Hiroshi Sato", "hours": 30}),
    Case("a late status inquiry is not late", "panel-us", GOOD_MARCUS, quiet=("timing",),
         options={"kind": "status-inquiry", "hours": 200}),
]


def _context(name: str) -> Debrief:
    if name == "tokyo-salutation":
        base = load_context("tokyo")
        people = [p.model_copy(update={"salutation": "Dear Hiroshi"}) if p.name == "Hiroshi Sato"
                  else p for p in base.interviewers]
        return base.model_copy(update={"interviewers": people})
    return load_context(name)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_context_case(case: Case) -> None:
    from followthrough.check import CheckSettings

    context = _context(case.context)
    options = dict(case.options)
    hours = options.pop("hours", None)
    allow = options.pop("allow_words", [])
    findings = check(case.text, context=context,
                     sent_at=sent_at(context, hours) if hours is not None else None,
                     settings=CheckSettings(allow_words=allow), **options)
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
    to_marcus = GOOD_MARCUS
    to_sofia = _swap(GOOD_MARCUS, "Dear Marcus", "Dear Sofia")
    results = check_many({"marcus.txt": to_marcus, "sofia.txt": to_sofia}, context=panel,
                         kind="thank-you")
    for name, other in (("marcus.txt", "sofia.txt"), ("sofia.txt", "marcus.txt")):
        duplicates = [f for f in results[name] if f.category == "duplicate-note"]
        assert len(duplicates) == 1
        assert other in duplicates[0].message


def test_duplicate_notes_with_names_in_the_body(tokyo: Debrief) -> None:
    first = _swap(GOOD_SATO, "Kind regards",
                  "Please pass my thanks to Kobayashi-san.\n\nKind regards")
    second = _swap(_swap(GOOD_SATO, "Sato-san", "Kobayashi-san"), "Kind regards",
                   "Please pass my thanks to Sato-san.\n\nKind regards")
    results = check_many({"a": first, "b": second}, context=tokyo,
                         to={"a": "Hiroshi Sato", "b": "Emi Kobayashi"})
    assert any(f.rule == "duplicate.note.near-copy" for f in results["a"])
    assert any(f.rule == "duplicate.note.near-copy" for f in results["b"])


def test_personal_notes_to_two_interviewers_are_not_duplicates(tokyo: Debrief) -> None:
    results = check_many({"sato": GOOD_SATO, "kobayashi": GOOD_KOBAYASHI}, context=tokyo,
                         kind="thank-you", to={"sato": "Hiroshi Sato",
                                               "kobayashi": "Emi Kobayashi"})
    assert results == {"sato": [], "kobayashi": []}


def test_two_drafts_to_the_same_person_are_not_duplicates(panel: Debrief) -> None:
    results = check_many({"v1": GOOD_MARCUS, "v2": GOOD_MARCUS + "\n"}, context=panel,
                         kind="thank-you")
    assert not any(f.category == "duplicate-note" for f in results["v1"] + results["v2"])


def test_recipient_is_inferred_from_the_greeting(tokyo: Debrief) -> None:
    findings = check(_swap(GOOD_SATO, "Sato-san", "Kobayashi-san"), context=tokyo,
                     kind="thank-you")
    topic = [f for f in findings if f.rule == "generic.topic.missing"]
    assert topic
    assert "Emi Kobayashi" in topic[0].message
    assert "Hiroshi Sato" in topic[0].message


def test_wrong_recipient_message_names_both(tokyo: Debrief) -> None:
    text = _swap(GOOD_KOBAYASHI, "Ms Kobayashi", "Mr Sato")
    finding = next(f for f in check(text, context=tokyo, to="Emi Kobayashi")
                   if f.rule == "names.greeting.other-person")
    assert finding.match == "Mr Sato"
    assert "Emi Kobayashi" in finding.message
    assert "Hiroshi Sato" in finding.message
    assert finding.severity == "error"


def test_attachment_to_the_wrong_person_says_whose_it_was(tokyo: Debrief) -> None:
    text = _swap(GOOD_KOBAYASHI, "I remain very interested",
                 "I have attached my write-up of the Kafka migration. I remain very interested")
    finding = next(f for f in check(text, context=tokyo, kind="thank-you", to="Emi Kobayashi")
                   if f.rule == "attachment.unrequested.file")
    assert "Hiroshi Sato" in finding.message


def test_formality_suggests_the_family_name(tokyo: Debrief) -> None:
    findings = check(_swap(GOOD_SATO, "Dear Sato-san", "Hi Hiroshi"), context=tokyo)
    casual = next(f for f in findings if f.rule == "formality.greeting.casual")
    assert "Sato-san" in casual.suggestion


def test_without_context_the_context_rules_stay_quiet() -> None:
    findings = check(_swap(GOOD_SATO, "Dear Sato-san", "Hi Hiroshi"), kind="thank-you",
                     sent_at=None)
    assert not [f for f in findings if f.category in {"formality", "wrong-name", "late"}]


def test_dear_is_no_misspelt_dean(panel: Debrief) -> None:
    """The greeting word is not a name: with a Dean in the record, "Dear" stays quiet,
    while a misspelt Dean is still caught."""
    people = [person.model_copy(update={"name": "Dean Walsh"}) if person.name == "Marcus Bell"
              else person for person in panel.interviewers]
    with_dean = panel.model_copy(update={"interviewers": people})
    rules = [f.rule for f in check(_swap(GOOD_MARCUS, "Dear Marcus", "Dear Dean"),
                                   context=with_dean, to="Dean Walsh")]
    assert "names.person.misspelt" not in rules
    rules = [f.rule for f in check(_swap(GOOD_SOFIA, "Dear Sofia", "Dear Ms Alvarez"),
                                   context=with_dean)]
    assert "names.person.misspelt" not in rules
    misspelt = [f for f in check(_swap(GOOD_MARCUS, "Dear Marcus", "Dear Deen"),
                                 context=with_dean) if f.rule == "names.person.misspelt"]
    assert [f.match for f in misspelt] == ["Deen"]
