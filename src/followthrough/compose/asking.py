"""A question the candidate still has for an interviewer, told as part of a sentence.

The debrief holds the question as the candidate would ask it: "How do your release
trains handle a fix that cannot wait for the next train?" Pasted after a label ("A
question I still have for you: ...", "I'd love to know: ...") it reads as a form
being filled in; reviewers of rounds 77-107 read every such label as stock. Told
as an indirect question it joins a sentence of the note: "I would also be glad to
hear how your release trains handle a fix that cannot wait for the next train."

Only questions of a shape this module can turn with confidence are turned; for any
other, :func:`indirect` returns ``None`` and the note asks the question as written.
"""

from __future__ import annotations

import re

from followthrough.compose.lexicon import is_base_verb, lemmas

_WH = re.compile(r"^(?P<wh>how(?: (?:far along|far|long|often|soon|quickly|well))?|what|"
                 r"which|why|when|where|who)\s+(?P<rest>.+)$", re.IGNORECASE)
_LEAD = re.compile(r"^(?P<lead>(?:when|while|if|once|after|before|as|since|now that|during|"
                   r"given that)\b[^,?]+),\s+(?P<main>.+)$", re.IGNORECASE)
LONG_SUBJECT = 5
"""Words of a subject past which "is" would trail at the end of the question."""
_BE = frozenset({"is", "are", "was", "were"})
_DO = frozenset({"do"})
_DO_INFLECTED = {"does": "VBZ", "did": "VBD"}
_MODALS = frozenset({"will", "would", "can", "could", "should", "might", "may"})
_HAVE = frozenset({"has", "have", "had"})
_PRONOUNS = frozenset({"you", "they", "we", "it", "he", "she", "i"})
_DETERMINERS = frozenset({"your", "the", "their", "our", "this", "that", "these", "those",
                          "his", "her", "its", "a", "an", "each", "every"})
_CLAUSE_WORDS = frozenset({"which", "what", "that", "who", "how", "why", "when", "where",
                           "whether", "if"})
"""Words that start a clause of their own, which the subject cannot reach past."""
_AFTER_VERB = _DETERMINERS | frozenset({
    "to", "that", "if", "whether", "it", "them", "us", "me", "you", "up", "out", "over",
    "down", "with", "without", "more", "new", "both", "all", "on", "in", "at", "for",
    "from", "into", "about", "between", "across", "through", "by", "before", "after"}) \
    | _CLAUSE_WORDS
_PREPOSITIONS = frozenset({"on", "in", "at", "for", "from", "with", "about", "behind",
                           "between", "among", "inside", "under", "over"})
_BACK_POINTING = re.compile(r"\b(?:it|its|they|them|their|theirs)\b", re.IGNORECASE)
"""Pronouns that may stand for something a leading clause names, which then cannot
move after them."""


def indirect(question: str) -> str | None:
    """``question`` as an indirect question that continues a sentence ("how your
    release trains handle ..."), or ``None`` when its shape is not one this module
    turns with confidence (then it is asked as written).

    A leading clause moves to the end ("what you look for first when you hire"),
    unless a pronoun of the question may stand for something it names. Round 109
    read "how you plan to compare their results while the old batch ..." as a
    pronoun before its noun, and round 111 the clause kept between commas ("how,
    while the old batch ..., you plan to ...") as a slot in a template."""
    text = " ".join(question.split())
    if not text.endswith("?") or text.count("?") != 1 or re.search(r"[.!;:]\s", text):
        return None
    text = text[:-1].rstrip()
    lead_found = _LEAD.match(text)
    lead, main = (lead_found["lead"], lead_found["main"]) if lead_found else (None, text)
    told = _main_clause(main)
    if told is None:
        return None
    wh, rest = told
    if lead is None:
        return f"{wh} {rest}"
    lead = lead[:1].lower() + lead[1:]
    if _BACK_POINTING.search(f"{wh} {rest}"):
        return None
    return f"{wh} {rest} {lead}"


def _main_clause(main: str) -> tuple[str, str] | None:
    """The wh-word and the rest of the question in statement order."""
    found = _WH.match(main)
    if found is None:
        return None
    wh = found["wh"][:1].lower() + found["wh"][1:]
    words = found["rest"].split()
    if len(words) < 2:
        return None
    aux, after = words[0].lower(), words[1:]
    if aux in _BE:
        if wh.lower() == "how far along":
            return "how", " ".join([*after, aux, "coming along"])
        told = _be_in_place(aux, after, wh)
        return (wh, told) if told is not None else None
    if aux in _DO:
        return (wh, " ".join(after)) if after[0].lower() in _PRONOUNS | _DETERMINERS else None
    if aux in _DO_INFLECTED:
        return _with_inflected_verb(wh, after, _DO_INFLECTED[aux])
    if aux in _MODALS or aux in _HAVE:
        verb = _verb_index(after, participle=aux in _HAVE)
        if verb is None:
            return None
        return wh, " ".join([*after[:verb], aux, *after[verb:]])
    if wh.lower() in ("what", "who") and _is_present_verb(aux):
        return wh, found["rest"]
    return None


def _be_in_place(aux: str, after: list[str], wh: str) -> str | None:
    """"what is your timeline" -> "your timeline is"; "how is the migration going"
    -> "the migration is going"; "who is on the team" and "who is hiring" keep their
    order (the wh-word is the subject). ``None`` for a subject so long that the verb
    would trail after it ("how far ... the move from Angular to React on the analyst
    console is", round 108)."""
    if wh.lower() in ("who", "what", "which") and (after[0].lower() in _PREPOSITIONS
                                                    or _is_participle(after[0])):
        return " ".join([aux, *after])
    for index, word in enumerate(after[1:], start=1):
        if _is_participle(word):
            return " ".join([*after[:index], aux, *after[index:]])
    if len(after) > LONG_SUBJECT:
        return None
    return " ".join([*after, aux])


def _with_inflected_verb(wh: str, after: list[str], tag: str) -> tuple[str, str] | None:
    """"how does the team handle ..." -> "how the team handles ..."."""
    from lemminflect import getInflection

    verb = _verb_index(after, participle=False)
    if verb is None:
        return None
    forms = getInflection(after[verb].lower(), tag)
    if not forms:
        return None
    return wh, " ".join([*after[:verb], forms[0], *after[verb + 1:]])


def _verb_index(words: list[str], participle: bool) -> int | None:
    """Where the main verb stands after the subject: right after a pronoun, or the one
    base verb (or past participle) after a determiner's noun phrase that is followed
    by what may follow a verb. ``None`` when there is not exactly one such word."""
    def is_verb(word: str) -> bool:
        return _is_participle(word) if participle else is_base_verb(word)

    first = words[0].lower()
    if first in _PRONOUNS:
        return 1 if len(words) > 1 and is_verb(words[1]) else None
    if first not in _DETERMINERS:
        return None
    end = next((index for index, word in enumerate(words) if word.lower() in _CLAUSE_WORDS),
               len(words))
    found = [index for index in range(2, end) if is_verb(words[index])
             and (index + 1 == len(words) or words[index + 1].lower() in _AFTER_VERB)]
    return found[0] if len(found) == 1 else None


def _is_participle(word: str) -> bool:
    lower = word.lower()
    return lower.endswith(("ing", "ed", "en")) and bool(lemmas(lower).get("VERB")) \
        and lower not in lemmas(lower).get("VERB", ())


def _is_present_verb(word: str) -> bool:
    lower = word.lower()
    return lower.endswith("s") and bool(lemmas(lower).get("VERB")) \
        and lower not in lemmas(lower).get("VERB", ())
