"""How a note addresses a person: the greeting's name, from what the record
says about them, the culture of the interview's country and the rapport.

The order of precedence:

1. ``salutation``: the exact greeting the candidate recorded (``Dear Sato-san``).
2. ``address``: ``first-name`` (``Jonas``) or ``family-name`` (``Mr. Becker``,
   ``Sato-san``, ``Dr. Ito``).
3. The default: interviewers and recruiters are addressed as the culture of
   the interview's country expects (first names in the US and Israel, the
   family name with an honorific elsewhere; a cool rapport keeps the family
   name wherever an honorific is known); references, who are the candidate's
   own colleagues, by first name.

The family name needs an honorific, except in Japan, where ``-san`` fits
anyone. Where it is needed and not recorded, the note falls back to the first
name and says what to record (:attr:`Address.missing`): a full name in a
greeting ("Dear Jonas Becker") reads as a mail merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

Role = Literal["interviewer", "recruiter", "reference", "other"]
Variant = Literal["US", "GB"]

NAME_TITLES = frozenset({"dr", "prof", "professor"})
"""Titles written in the name that a greeting keeps (``Dr. Kenji Ito`` -> ``Dr. Ito``)."""
DROPPED_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "madam", "herr", "frau"})
SUFFIX_HONORIFIC = {"JP": "-san"}
"""Countries whose honorific follows the family name and fits anyone."""
FIRST_NAME_CULTURES = frozenset({"US", "IL", "AU", "CA", "NZ", "NL", "SE", "DK", "NO", "FI"})
_ABBREVIATED = frozenset({"mr", "mrs", "ms", "mx", "dr"})
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Address:
    """The name a greeting uses, and how it was chosen."""

    name: str
    """``Jonas``, ``Mr. Becker``, ``Sato-san``, ``Dr. Ito``."""
    form: Literal["first-name", "family-name", "salutation"]
    exact: str | None = None
    """The recorded greeting in full, when there is one (``Dear Sato-san``)."""
    missing: str | None = None
    """What the record lacks for the form the culture expects, in a sentence."""

    @property
    def formal(self) -> bool:
        return self.form != "first-name"


def split_name(name: str) -> tuple[list[str], list[str]]:
    """Titles kept for a greeting (Dr., Prof.) and the name's other words."""
    titles: list[str] = []
    rest: list[str] = []
    for word in _WORDS.findall(name):
        if not any(character.isalpha() for character in word):
            continue  # "¹", "—": not part of a name anyone is called by
        key = word.rstrip(".").casefold()
        if key in NAME_TITLES and not rest:
            titles.append(word)
        elif key in DROPPED_TITLES and not rest:
            continue
        else:
            rest.append(word)
    return titles, rest


def given_name(name: str) -> str:
    _, words = split_name(name)
    return words[0] if words else name


def family_name(name: str, recorded: str | None = None) -> str:
    if recorded and any(character.isalpha() for character in recorded):
        return recorded.strip()
    _, words = split_name(name)
    return words[-1] if words else name


def honorific_in(variant: Variant, honorific: str) -> str:
    """``Mr.`` in American English, ``Mr`` in British English."""
    bare = honorific.strip().rstrip(".")
    if bare.casefold() in _ABBREVIATED:
        return f"{bare}." if variant == "US" else bare
    return honorific.strip()


def default_form(*, country: str | None, culture_salutation: str, role: Role,
                 rapport: str | None) -> Literal["first-name", "family-name"]:
    """The form a note uses when the record does not say."""
    if role == "reference":
        return "first-name"
    if culture_salutation == "first-name" or (country or "") in FIRST_NAME_CULTURES:
        return "family-name" if rapport == "cool" else "first-name"
    return "family-name"


def needs_honorific(*, country: str | None, form: str, name: str,
                    honorific: str | None) -> bool:
    """Whether a family-name greeting cannot be written without asking for the honorific."""
    if form != "family-name" or honorific or (country or "") in SUFFIX_HONORIFIC:
        return False
    titles, _ = split_name(name)
    return not titles


def address_for(name: str, *, country: str | None, culture_salutation: str,
                role: Role = "interviewer", rapport: str | None = None,
                honorific: str | None = None, family: str | None = None,
                form: str | None = None, salutation: str | None = None,
                variant: Variant = "GB") -> Address:
    """How to address ``name`` in a note (see the module's docstring)."""
    if salutation and salutation.strip():
        return Address(name=_greeting_name(salutation), form="salutation", exact=salutation.strip())
    chosen = form or default_form(country=country, culture_salutation=culture_salutation,
                                  role=role, rapport=rapport)
    titles, words = split_name(name)
    given = words[0] if words else name
    if chosen == "first-name":
        return Address(name=given, form="first-name")
    surname = family_name(name, family)
    if titles and not honorific:
        return Address(name=f"{honorific_in(variant, titles[0])} {surname}", form="family-name")
    if (country or "") in SUFFIX_HONORIFIC and not honorific:
        return Address(name=f"{surname}{SUFFIX_HONORIFIC[country or '']}", form="family-name")
    if honorific:
        return Address(name=f"{honorific_in(variant, honorific)} {surname}", form="family-name")
    return Address(name=given, form="first-name",
                   missing=f"The family name needs an honorific: record `honorific` "
                           f"(Ms., Mr., Dr., Mx.) for {name} to write 'Dear … {surname}'.")


class Addressable(Protocol):
    """A person in the record: an interviewer, the recruiter or a reference."""

    @property
    def name(self) -> str: ...
    @property
    def honorific(self) -> str | None: ...
    @property
    def family_name(self) -> str | None: ...
    @property
    def address(self) -> Literal["first-name", "family-name"] | None: ...
    @property
    def salutation(self) -> str | None: ...


def address_of(person: Addressable, *, role: Role, country: str | None,
               culture_salutation: str, variant: Variant = "GB",
               form: str | None = None) -> Address:
    """:func:`address_for` with what the record says about ``person`` (``form``
    overrides their recorded ``address``)."""
    return address_for(person.name, country=country, culture_salutation=culture_salutation,
                       role=role, rapport=getattr(person, "rapport", None),
                       honorific=person.honorific, family=person.family_name,
                       form=form or person.address, salutation=person.salutation,
                       variant=variant)


_GREETING_WORDS = ("dear ", "hello ", "hi ", "good morning ", "good afternoon ")


def _greeting_name(salutation: str) -> str:
    text = salutation.strip().rstrip(",")
    lowered = text.casefold()
    for word in _GREETING_WORDS:
        if lowered.startswith(word):
            return text[len(word):].strip()
    return text
