"""The checker's speed layer, behind one interface: what the engine, the matchers
and the documents ask of it, and the switch to the plain ``re`` path.

Three modules of this package make a check fast, and two of them rely on
CPython internals:

- :mod:`.triggers` reads each rule pattern's parse tree (``re._parser``) for the
  words it can start with, so that a regex is tried only where such a word
  starts, and hands the regex engine (``_sre.compile``) the compiled code kept
  in the rule cache, so that a short process need not compile the patterns;
- :mod:`.prefilter` asks Hyperscan, in one pass over a note, where every rule
  regex may match (its rewriting of the patterns reads ``re._parser`` too);
- :mod:`.cache` keeps what they derive in the user's cache folder (the spelling
  list and the precedence table use it as well).

The rest of the checker uses only this module's names (:data:`SPEED`,
:data:`cache`, the types): a test holds every other module of the checker to it.

The plain path uses none of the internals at check time: every rule regex is
compiled by ``re.compile`` and runs as ``finditer`` over its scope, and no rule
is skipped for a missing trigger word or prefilter report. The findings are the
same (the tests run the rule examples and the corpus both ways); only the time
differs. It is taken when ``FOLLOWTHROUGH_CHECK_PLAIN_RE=1`` is set in the
environment, when a caller asks for it (:meth:`SpeedLayer.use_plain_re`), and
when this interpreter's ``re`` module lacks the internals (:data:`INTERNALS` is
False). Then each rule pattern also runs on its own, as the trigger keys that
join a rule's patterns into one regex cannot be read, so a rule may report a
match that overlaps another (5 of the 211 rule examples without a debrief get
one more finding); every finding of the fast path remains, which a test holds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from followthrough.check.speed import cache

if TYPE_CHECKING:
    from followthrough.check.speed.prefilter import Gate
    from followthrough.check.speed.triggers import Analysis, Needs

try:
    from followthrough.check.speed import prefilter, triggers
except (ImportError, AttributeError):  # pragma: no cover - an interpreter without them
    INTERNALS = False
    WORTH_IT = 0
else:
    INTERNALS = True
    WORTH_IT = prefilter.WORTH_IT
    """Messages a process must check for the prefilter to pay for itself."""

PLAIN_RE_ENV = "FOLLOWTHROUGH_CHECK_PLAIN_RE"
"""Set to 1 (or true, yes, on) to check on the plain ``re`` path."""

__all__ = ["INTERNALS", "PLAIN_RE_ENV", "SPEED", "WORTH_IT", "Analysis", "Gate", "Needs",
           "SpeedLayer", "cache", "plain_from_environment"]


def plain_from_environment(environ: dict[str, str] | None = None) -> bool:
    value = (os.environ if environ is None else environ).get(PLAIN_RE_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


class SpeedLayer:
    """The services of the fast path, each with its plain answer."""

    def __init__(self, plain: bool) -> None:
        self.plain = plain or not INTERNALS
        """Check on the plain ``re`` path (documents read it when they are made)."""

    def use_plain_re(self, on: bool) -> bool:
        """Take the plain path (True) or the fast one (False, unless this interpreter
        lacks the internals); returns the previous choice."""
        previous, self.plain = self.plain, on or not INTERNALS
        return previous

    # Rule patterns, as the matchers build them.

    def analyse(self, pattern: str, flags: int = 0) -> Analysis:
        """The trigger keys of a pattern and, for one without, what its first character
        must be (see :func:`.triggers.analyse`); neither without the internals."""
        if not INTERNALS:
            return None, None
        return triggers.analyse(pattern, flags)

    def analyse_rule_pattern(self, pattern: str) -> None:
        """Work out (and remember for the rule cache) a rule pattern's analysis,
        case-sensitive and not."""
        for flags in (0, re.IGNORECASE):
            try:
                self.analyse(pattern, flags)
            except (re.error, RecursionError):
                return

    @staticmethod
    def key_of_word(word: str) -> str:
        """A word's trigger key (its first letters, lower-cased)."""
        return triggers.key_of_word(word) if INTERNALS else word.lower()

    def register(self, pattern: str, flags: int, keys: frozenset[str] | None, *,
                 context_only: bool = False) -> tuple[int | None, int]:
        """A rule regex's dispatch slot (None when it has no trigger keys) and its
        number in the prefilter."""
        if not INTERNALS:
            return None, -1
        slot = triggers.DISPATCH.register(keys) if keys is not None else None
        return slot, prefilter.PREFILTER.register(pattern, flags, context_only=context_only)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """The compiled regex: from the code in the rule cache on the fast path."""
        if self.plain:
            return re.compile(pattern, flags)
        return triggers.compile_regex(pattern, flags)

    @staticmethod
    def may_start(text: str, needs: Needs) -> bool:
        return triggers.may_start(text, needs)

    # What a document asks for.

    @property
    def dispatch_version(self) -> int:
        return triggers.DISPATCH.version if INTERNALS else 0

    def buckets(self, text: str) -> list[list[int]]:
        """For every dispatch slot, where in ``text`` a word with one of its keys starts."""
        return triggers.DISPATCH.buckets(text) if INTERNALS else []

    def scan(self, text: str, context: bool) -> Gate | None:
        """Where the rule regexes may match ``text``; None on the plain path, with the
        prefilter off, and for a text it cannot read."""
        if self.plain:
            return None
        return prefilter.PREFILTER.scan(text, context)

    # The prefilter, as the engine plans and switches it.

    def prefiltered_ids(self, context: bool) -> frozenset[int]:
        """The regexes a prefilter scan looks for (none on the plain path)."""
        if self.plain:
            return frozenset()
        return prefilter.PREFILTER.ids(context)

    def use_prefilter(self, on: bool) -> bool:
        """Prefilter (True) or not; returns the previous choice."""
        if not INTERNALS:
            return False
        return prefilter.PREFILTER.use(on)

    @property
    def prefilter_on(self) -> bool:
        return INTERNALS and prefilter.PREFILTER.on

    # The rule cache.

    @staticmethod
    def sources() -> bytes:
        """The code whose output the rule cache keeps, and which reads it back (the
        cache is named by it)."""
        if not INTERNALS:
            return b""
        try:
            return Path(triggers.__file__).read_bytes() + Path(__file__).read_bytes()
        except OSError:  # pragma: no cover - installed without sources
            return b""

    @staticmethod
    def cache_state(regexes: Iterable[tuple[str, int]]) -> tuple[object, ...]:
        """What the rule cache keeps of this layer: the patterns' analyses, the engine
        code of ``regexes`` and of the dispatch scanner, and the scanners built."""
        if not INTERNALS:
            return ()
        codes = {}
        for pattern, flags in regexes:
            try:
                codes[(pattern, flags)] = triggers.code_args(pattern, flags)
            except (re.error, RecursionError, TypeError, ValueError):
                continue
        scanner = triggers.DISPATCH.scanner_pattern()
        if scanner:
            codes[(scanner, 0)] = triggers.code_args(scanner)
        return triggers.analysed(), codes, triggers.scanners()

    @staticmethod
    def restore(state: object) -> bool:
        """Take back what :meth:`cache_state` kept; False when it does not fit."""
        if not INTERNALS or not isinstance(state, tuple) or len(state) != 3:
            return False
        analyses, codes, scanners = state
        triggers.remember(analyses)
        triggers.remember_codes(codes)
        triggers.remember_scanners(scanners)
        return True


SPEED = SpeedLayer(plain_from_environment())
"""The one speed layer of the process."""
