"""The template environment: our templates as package data, the user's folder
in front of them, and ``part()``, which picks one phrasing of a message part
per recipient.

A part is a folder of phrasings, ``parts/<part>/<n>.txt.j2``. Within one
interview the phrasing of recipient number ``rank`` is
``(hash(interview, part) + rank) % count``: stable from run to run, and
different for every recipient as long as the interview has no more
recipients than the part has phrasings.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from followthrough import paths

PARTS = "parts"
SUFFIX = ".txt.j2"
DEFAULT_PREFIX = "default"
_GLUED_SENTENCES = re.compile(r"(?<=[A-Za-z0-9)\"'”][.!?])(?=[A-Z](?:[a-z]|\s))")
SEED_VARIABLE = "phrasing_seed"
RANK_VARIABLE = "phrasing_rank"
INTERVIEW_SEED = "interview "


def user_template_dir() -> Path:
    """Where a user's own templates live: ``<data folder>/templates``."""
    return paths.home() / "templates"


def _loader(template_dir: Path | None) -> BaseLoader:
    ours = PackageLoader("followthrough.compose", "templates")
    loaders: list[BaseLoader] = []
    if template_dir is not None and template_dir.is_dir():
        loaders.append(FileSystemLoader(template_dir))
    loaders += [ours, PrefixLoader({DEFAULT_PREFIX: ours}, delimiter=":")]
    return ChoiceLoader(loaders)


class Templates:
    """One Jinja environment over our templates and, in front of them, the user's.

    Compiled templates are cached and reloaded when a user's file changes; the
    user's phrasing files are listed afresh on every render, so a new file is
    picked up without a restart.
    """

    def __init__(self, template_dir: Path | None) -> None:
        self.template_dir = template_dir
        self.env = Environment(
            loader=_loader(template_dir), undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html", "xml"),
                                         default_for_string=False, default=False),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
            cache_size=1000)
        self.env.globals["part"] = self._part
        self.env.globals["vary"] = _vary
        self.env.filters["sentence_case"] = sentence_case
        self.env.filters["lower_first"] = lower_first
        self.env.filters["join_and"] = join_and
        self.env.filters["paragraph"] = paragraph
        self.env.filters["split_long_thanks"] = split_long_thanks

    def render(self, name: str, variables: Mapping[str, Any]) -> str:
        return self.env.get_template(name).render(variables)

    def has(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except TemplateNotFound:
            return False
        return True

    def phrasings(self, part: str) -> list[str]:
        """The template names of a part's phrasings, ours and the user's, in order."""
        names = set(_package_phrasings().get(part, ()))
        folder = self.template_dir / PARTS / part if self.template_dir else None
        if folder is not None and folder.is_dir():
            names |= {f"{PARTS}/{part}/{entry.name}" for entry in folder.iterdir()
                      if entry.name.endswith(SUFFIX) and entry.is_file()}
        if not names:
            raise TemplateNotFound(f"{PARTS}/{part}/*{SUFFIX}")
        return sorted(names)

    def choose(self, part: str, seed: str, rank: int) -> str:
        """Recipients ``0 .. n-1`` get ``n`` different phrasings; past ``n``, each
        part shifts by its own stride, so two recipients of a large panel share
        the phrasing of some parts but not of all."""
        names = self.phrasings(part)
        count = len(names)
        start = seed_offset(seed, part, count)
        stride = 1 + stable_number(f"stride\x00{part}") % max(count - 1, 1)
        return names[(start + rank + (rank // count) * stride) % count]

    @pass_context
    def _part(self, context: Context, part: str, **extra: Any) -> str:
        """One phrasing of ``part``, rendered with the template's variables and
        ``extra`` (a loop's item: ``part("thank-you/missed", point=point)``)."""
        name = self.choose(part, str(context[SEED_VARIABLE]), int(context[RANK_VARIABLE]))
        return self.env.get_template(name).render({**context.get_all(), **extra}).strip()


@pass_context
def _vary(context: Context, options: Sequence[str], key: str, turn: int = 0) -> str:
    """One of ``options``, for a sentence inside a template that has no part of its
    own (one per interviewer in a recruiter update): where the list starts depends
    on the interview, as a part's phrasings do, so two interviews' messages do not
    run through the same sentences in the same order; ``turn`` steps along it."""
    if not options:
        raise ValueError(f"vary({key!r}) was given no options")
    start = seed_offset(str(context[SEED_VARIABLE]), key, len(options))
    return options[(start + turn) % len(options)]


@lru_cache(maxsize=1)
def _package_phrasings() -> dict[str, tuple[str, ...]]:
    """Our parts: part name -> its phrasing templates."""
    found: dict[str, list[str]] = {}
    for name in PackageLoader("followthrough.compose", "templates").list_templates():
        if name.startswith(f"{PARTS}/") and name.endswith(SUFFIX):
            found.setdefault(name[len(PARTS) + 1:name.rindex("/")], []).append(name)
    return {part: tuple(sorted(names)) for part, names in found.items()}


@lru_cache(maxsize=16)
def templates_for(template_dir: Path | None) -> Templates:
    return Templates(template_dir)


def stable_number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def seed_offset(seed: str, part: str, count: int = 1) -> int:
    """Where ``part``'s ``count`` phrasings start for one interview.

    A stored interview's number moves every part a few steps on from the
    interview before it: as many steps as a usual panel has people (three, or
    the next number that shares no factor with ``count``), so a candidate's
    successive interviews, and the gallery's examples, spread over all the
    phrasings instead of starting where the last one did. An unstored debrief
    gets a hash of who and when."""
    number = seed.removeprefix(INTERVIEW_SEED)
    if seed.startswith(INTERVIEW_SEED) and number.isascii() and number.isdigit():
        step = _step(count)
        return int(number) * step + stable_number(part)
    return stable_number(f"{seed}\x00{part}")


def _step(count: int) -> int:
    """Three steps or more, sharing no factor with ``count`` (so the interviews
    visit every phrasing), and where there is room, at least three short of a
    full turn (so two panels of three in a row share no phrasing)."""
    coprime = [k for k in range(3, 3 + max(count, 1)) if math.gcd(k, count) == 1]
    roomy = [k for k in coprime if k <= count - 3]
    return (roomy or coprime)[0]


def lower_first(text: str) -> str:
    """The first letter lower-cased where a quoted note continues a sentence
    ("In short, I said: idempotency keys ..."), unless it starts an acronym or
    is the word "I"."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first or first == "I" or first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence_case(text: str) -> str:
    """The first letter upper-cased, the rest as written; a letter whose capital is
    another letter's (Turkish dotless "ı" becomes "I") stays as written, so a name
    is never misspelt by starting a sentence."""
    first = text[:1]
    capital = first.upper()
    if len(capital) != 1 or capital.lower() != first.lower():
        return text
    return capital + text[1:]


LONG_THANKS = 30
_ESPECIALLY = re.compile(r", and (thank you )?especially for ")


def split_long_thanks(sentence: str) -> str:
    """A sentence of thanks over ``LONG_THANKS`` words that also thanks for one
    moment ("..., and especially for your thoughts on ...") as two sentences,
    the moment in its own: in one, reviewers read two thank-yous stacked."""
    found = _ESPECIALLY.search(sentence)
    if found is None or len(sentence.split()) <= LONG_THANKS:
        return sentence
    second = "Thank you especially for " if found.group(1) else "I especially appreciated "
    return sentence[:found.start()] + ". " + second + sentence[found.end():]


def join_and(items: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    values = [str(item) for item in items]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def paragraph(text: str) -> str:
    """The lines of a block joined into one line of running text."""
    joined = _GLUED_SENTENCES.sub(" ", " ".join(text.split()))
    return joined + "\n" if joined else ""
