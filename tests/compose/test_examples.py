"""Acceptance on the reference debriefs: every kind drafted for every person the
plan names, grounded in what was said to that person, and clean by the checker.

Measured on the three examples: thank-you notes are 90-142 words (the target
is 75-150); the rapidfuzz ratio between two notes of one panel is 49-57.
"""

from __future__ import annotations

import re
from datetime import timedelta

from rapidfuzz import fuzz
from tests.compose.conftest import MESSAGE_KINDS, SELF_KINDS, Drafted
from tests.conftest import EXAMPLES

from followthrough.compose import Draft, gallery
from followthrough.compose.voice import to_company
from followthrough.debrief import same_person_key

NEAR_COPY_RATIO = 70
"""Two notes that differ only in the recipient's name and topic score above 80 (a
calibration below checks it); ours score 49-57. 70 sits between with margin."""
WORDS = (75, 170)


def _report(drafts: list[Draft]) -> str:
    return "\n\n".join(f"{d.action} -> {d.to}\n{d.body}\n" + "\n".join(
        f"  {f.severity} {f.rule}: {f.message} [{f.match!r}]" for f in d.findings)
        for d in drafts if d.findings)


def test_every_kind_is_drafted(drafted: Drafted) -> None:
    kinds = {draft.kind for draft in drafted.drafts}
    expected = set(MESSAGE_KINDS) | set(SELF_KINDS)
    if drafted.debrief.recruiter is None:
        expected -= {"recruiter-update"}
    if not drafted.debrief.references:
        expected -= {"reference-brief", "referee-thanks"}

    assert kinds >= expected, f"missing {expected - kinds}"


def test_every_person_the_plan_names_gets_a_thank_you(drafted: Drafted) -> None:
    thanked = {same_person_key(d.to or "") for d in drafted.of("thank-you")}

    assert thanked == {same_person_key(p.name) for p in drafted.debrief.interviewers}


def test_no_draft_has_a_warning_or_error(drafted: Drafted) -> None:
    flagged = [d for d in drafted.drafts
               if any(f.severity in ("warning", "error") for f in d.findings)]

    assert not flagged, _report(flagged)


def test_no_draft_has_any_finding_at_all(drafted: Drafted) -> None:
    assert not [d for d in drafted.drafts if d.findings], _report(drafted.drafts)


def test_each_thank_you_names_its_recipients_topic_and_no_one_elses(drafted: Drafted) -> None:
    for note in drafted.of("thank-you"):
        person = drafted.debrief.interviewer(note.to or "")
        assert person is not None
        body = note.body.casefold()
        assert any(to_company(topic).casefold() in body for topic in person.topic_texts), \
            note.body
        for other in drafted.debrief.interviewers:
            if other is not person:
                assert not [t for t in other.topic_texts if to_company(t).casefold() in body], \
                    note.body


def test_promise_only_in_its_recipients_note_and_attachment_only_in_the_delivery(
        drafted: Drafted) -> None:
    for promise in drafted.debrief.promises:
        for note in drafted.of("thank-you"):
            mentioned = promise.what.casefold() in note.body.casefold()
            assert mentioned == (same_person_key(note.to or "") == same_person_key(
                promise.to or "")), note.body
    for draft in drafted.drafts:
        if draft.channel == "self":
            continue  # a promise that goes inside a thank-you: a note to the candidate
        claims = re.search(r"\battach", draft.body, re.IGNORECASE)
        assert bool(claims) == bool(draft.attachments), draft.body
        if draft.attachments:  # its own message, or the thank-you it goes inside
            assert draft.kind in ("promise", "thank-you")


def test_missed_points_and_resources_go_to_their_person(drafted: Drafted) -> None:
    for missed in drafted.debrief.missed:
        point = missed.point.removeprefix("that ")
        holders = {d.to for d in drafted.of("thank-you") if point in d.body}
        assert holders == {missed.to}
    for resource in drafted.debrief.resources:
        title = resource.title.removeprefix("a ").removeprefix("an ")  # "this talk ..."
        holders = {d.to for d in drafted.of("thank-you") if title in d.body}
        assert holders == {resource.to}


def test_panel_notes_are_not_near_copies(drafted: Drafted) -> None:
    notes = drafted.of("thank-you")
    for i, first in enumerate(notes):
        for second in notes[i + 1:]:
            ratio = fuzz.ratio(first.body, second.body)
            assert ratio < NEAR_COPY_RATIO, f"{first.to} / {second.to}: {ratio:.0f}"


def test_the_threshold_catches_a_name_swapped_copy(drafted: Drafted) -> None:
    notes = drafted.of("thank-you")
    first, second = notes[0], notes[1]
    one = drafted.debrief.interviewer(first.to or "")
    two = drafted.debrief.interviewer(second.to or "")
    assert one
    assert two
    assert one.topics
    assert two.topics
    copy = first.body.replace(to_company(one.topic_texts[0]), to_company(two.topic_texts[0]))
    for old, new in zip(one.name.split(), two.name.split(), strict=False):
        copy = copy.replace(old, new)

    assert fuzz.ratio(copy, first.body) > 80


def test_thank_you_length(drafted: Drafted) -> None:
    for note in drafted.of("thank-you"):
        words = len(note.body.split())
        assert WORDS[0] <= words <= WORDS[1], f"{note.to}: {words} words\n{note.body}"


def test_linkedin_within_200_characters_body_only(drafted: Drafted) -> None:
    notes = drafted.of("linkedin")
    assert notes
    for note in notes:
        assert len(note.body.strip()) <= 200
        assert note.subject is None
        assert note.channel == "linkedin"


def test_japanese_notes_use_the_family_name_with_an_honorific(all_drafted: dict[str, Drafted]
                                                              ) -> None:
    tokyo = all_drafted["tokyo"]
    for draft in tokyo.drafts:
        if draft.to and tokyo.debrief.interviewer(draft.to) and draft.channel != "self":
            family = draft.to.split()[-1]
            assert draft.body.startswith(f"Dear {family}-san,"), draft.body


def test_us_notes_use_first_names_and_titles(all_drafted: dict[str, Drafted]) -> None:
    greetings = {d.to: d.body.splitlines()[0] for d in all_drafted["panel-us"].of("thank-you")}

    assert greetings["Marcus Bell"] in ("Dear Marcus,", "Hello Marcus,")
    assert greetings["Dr. Kenji Ito"] in ("Dear Dr. Ito,", "Hello Dr. Ito,")


def test_the_second_inquiry_is_worded_differently(all_drafted: dict[str, Drafted]) -> None:
    inquiries = all_drafted["panel-us"].of("status-inquiry")
    assert len(inquiries) == 2
    first, second = inquiries
    assert first.channel == second.channel
    assert first.subject != second.subject
    assert fuzz.ratio(first.body, second.body) < 60


def test_self_kinds_have_no_subject_and_messages_have_one(drafted: Drafted) -> None:
    for draft in drafted.drafts:
        if draft.kind in SELF_KINDS or draft.kind == "linkedin" or draft.channel == "self":
            assert draft.subject is None
        else:
            assert draft.subject


def test_recruiter_update_gives_tone_and_timeline(all_drafted: dict[str, Drafted]) -> None:
    update = all_drafted["tokyo"].of("recruiter-update")[0]

    assert re.search(r"Sato-san \(Head of Data Platform\) and I got on well\."
                     r"|I (?:got on well|hit it off) with Sato-san \(Head of Data Platform\)\.",
                     update.body), update.body
    # a neutral rapport is told by what they talked about, never with a label such as
    # "businesslike" or "cordial" the recruiter cannot act on
    assert re.search(r"Kobayashi-san \(HR Business Partner\) (?:focused (?:mainly )?on|talked "
                     r"with me about|and I discussed|talked about|cared most about|was most "
                     r"interested in|mostly wanted to talk about) the team's "
                     r"bilingual English-Japanese meetings", update.body), update.body
    assert "cordial" not in update.body
    assert "businesslike" not in update.body
    assert "businesslike" not in update.body
    assert "answer was watermarks and keyed state, but I was vague about how large the " \
        "state gets." in update.body
    assert "they expect to decide within two weeks, which would be by November 30" in update.body


def test_reference_brief_names_role_and_emphasis(all_drafted: dict[str, Drafted]) -> None:
    brief = all_drafted["berlin"].of("reference-brief")[0]

    assert "Senior Android Engineer" in brief.body
    assert "the offline mode we built for the field-service app" in brief.body
    assert "how I mentored four junior engineers" in brief.body
    assert "example" not in brief.body, "work the reference saw is named; no example asked of it"
    assert "still at" not in brief.body, "a current colleague is not told where they work"
    assert re.search(r"(?:As my|as my) tech lead at Fieldwise, you (?:see|have seen|know)|"
                     r"You see my work up close as my tech lead at Fieldwise", brief.body), \
        "a current relationship is told in the present tense"


def test_next_round_brief_lists_struggles_and_topics(all_drafted: dict[str, Drafted]) -> None:
    brief = all_drafted["tokyo"].of("next-round-prep")[0].body

    assert "How would you deduplicate late-arriving events?" in brief
    assert "prepare a sharper answer on state size" in brief
    assert "relocation support for engineers moving to Tokyo" in brief
    assert "Decisions are made by consensus" in brief


def test_next_round_brief_carries_the_answers_given_before(
        all_drafted: dict[str, Drafted]) -> None:
    """Issue 14: the next round hears the same story, so the brief repeats what was
    answered (000 §5, prepare for the next round from your notes)."""
    drafted = all_drafted["berlin"]
    brief = drafted.of("next-round-prep")[0].body
    for question in drafted.debrief.questions:
        assert question.answer
        line = f'- "{question.asked}": your note says "{question.answer}"'
        assert line in brief
    assert "you marked this answer as weak" in brief


def test_drafts_are_reproducible(drafted: Drafted) -> None:
    from tests.compose.conftest import drafts_for

    assert [d.as_dict() for d in drafts_for(drafted.debrief)] == \
        [d.as_dict() for d in drafted.drafts]


def test_as_dict_has_the_documented_keys(drafted: Drafted) -> None:
    for draft in drafted.drafts:
        document = draft.as_dict()
        assert set(document) >= {"action", "kind", "to", "channel", "due", "subject", "body",
                                 "findings"}
        assert set(document) - {"action", "kind", "to", "channel", "due", "subject", "body",
                                "findings"} == {"to_email", "source", "attachments"}
        assert document["source"] == "template"
        assert document["due"][-6] in "+-"
        assert document["action"].startswith("file.")


def test_every_phrasing_combination_seen_in_stored_interviews_is_clean(
        all_drafted: dict[str, Drafted]) -> None:
    """Stored interviews seed the phrasings by their id: across ids 1-12 every
    phrasing of every part is used, and none leads to a warning or a long note."""
    from tests.compose.conftest import interview_end

    from followthrough.compose import compose
    from followthrough.plan import plan

    lengths = []
    for example in all_drafted.values():
        debrief = example.debrief
        actions = plan(debrief, now=interview_end(debrief) + timedelta(minutes=5))
        for interview_id in range(1, 13):
            drafts = compose(interview_id, debrief, actions)
            flagged = [d for d in drafts if any(f.severity != "info" for f in d.findings)]
            assert not flagged, _report(flagged)
            lengths += [len(d.body.split()) for d in drafts if d.kind == "thank-you"]

    assert WORDS[0] <= min(lengths)
    assert max(lengths) <= WORDS[1]


def test_an_inquiry_names_the_interview_day_however_late_it_goes(drafted: Drafted) -> None:
    """Weeks after the interview an inquiry still names its day ("When we met on
    Thursday, January 14"), never just the month, which reads vague beside the date
    they gave; only the move-on, written a month or more later, may say "in January"."""
    month_only = re.compile(r"\b(?:met|spoke|interview) in [A-Z][a-z]+\b")
    for draft in drafted.of("status-inquiry"):
        assert not month_only.search(draft.body), draft.body


def test_every_gallery_draft_has_no_finding_at_all() -> None:
    """The gallery drafts each example as a stored interview (its own phrasing seed),
    not as the unstored file the tests above draft: acceptance 4 is on the gallery,
    whose note to Ms Forsyth carried a finding from rounds 77-97 ("I did not have the
    chance to say", negative.interview.critique) while every test here passed."""
    examples = gallery.collect(EXAMPLES)
    drafts = [draft for example in examples
              for draft in [*example.drafts, *(example.outcome.drafts if example.outcome else [])]]

    assert len(drafts) >= 60
    assert not [d for d in drafts if d.findings], _report(drafts)
