"""Where each rule regex can match a message, from one pass of Hyperscan over it.

Python's regex engine runs one pattern at a time, and most of a check used to
go into asking some forty of them, one by one, whether and where they match.
Hyperscan answers for all of them in one pass. It does not speak Python's
regex dialect, so each rule regex is rewritten (:func:`hyperscan_pattern`)
into a pattern that matches wherever the original can: most look-arounds and
anchors are left out, and every character test becomes an explicit set of
bytes, worked out by asking Python's own engine about each character (so
case-folding and ``\\w`` are Python's). Hyperscan reads the text backwards,
each pattern reversed (``reverse=True``), so that a report's end is where a
match can start in the text: telling Hyperscan to work out the starts
itself (``HS_FLAG_SOM_LEFTMOST``) made each scan cost 70% more and the
database 2.5 times larger.

The text Hyperscan reads has one byte per character. ASCII is itself; some
common typographic characters (curly quotes, dashes, a no-break space) have
a byte each; and the letters of Latin-1 and Latin Extended-A and -B share the
byte of ``q``, which then stands for all of them: a character test passes a
byte when it passes any character the byte stands for, so the rewritten
pattern still matches wherever the original does (and at times where it does
not, which Python then rules out). A text with any other character (Greek,
Japanese, an emoji) gets no prefilter, and the checker finds its matches the
way it did before (:mod:`followthrough.check.speed.triggers`).

:meth:`Gate.matches` turns the reports into Python's own matches: it asks
Python to match at the positions the reports cover, so its matches are
exactly ``finditer``'s (non-empty). Without the ``hyperscan`` package the
checker works the same, more slowly.
"""

from __future__ import annotations

import _thread
import re
from collections.abc import Callable, Sequence, Set
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

from followthrough.check.speed import cache as derived

STAND_INS = ("\u2019\u2018\u201c\u201d\u201a\u201e\u2013\u2014\u2012\u2015\u2010\u2011\u2212"
             "\u2026\u2022\u00b7\u2032\u2033\u00ab\u00bb\u2039\u203a\u00a0\u202f\u2009\u200b"
             "\u00b0\u20ac\u00a3\u00a5\u00a9\u00ae\u2122\u00a7\u00b1\u00d7\u2192")
"""Characters besides ASCII with a byte of their own, none a word character."""
_FIRST_STAND_IN = 0x80
_FOLDING_TO_ASCII = "\u0130\u0131\u017f"
"""Letters that Python matches to an ASCII letter when case is ignored (dotted and
dotless i, long s): left out, so that ``i`` and ``s`` stay plain caseless letters."""
LETTERS = "".join(chr(code) for code in range(0xC0, 0x250)
                  if chr(code).isalpha() and chr(code) not in _FOLDING_TO_ASCII)
"""Accented Latin letters: they share the byte of :data:`LETTER_BYTE`."""
LETTER_BYTE = ord("q")
"""A word byte (as a stand-in for letters must be, for ``\\b``) that rule
patterns rarely hold."""
_NEVER = b"\\xff"
"""A byte no prefiltered text holds: what a character test nothing passes becomes."""
ALPHABET: dict[int, str] = {
    code: chr(code) + (LETTERS if code == LETTER_BYTE else "") for code in range(0x80)} | {
    _FIRST_STAND_IN + index: char for index, char in enumerate(STAND_INS)}
"""Byte -> the characters it stands for."""
_TO_BYTES = str.maketrans({code: "\uffff" for code in range(0x80, 0x100)}
                          | {ord(char): chr(_FIRST_STAND_IN + index)
                             for index, char in enumerate(STAND_INS)}
                          | {ord(char): chr(LETTER_BYTE) for char in LETTERS})
_DROPPED = frozenset({sre.ASSERT, sre.ASSERT_NOT})
_CHARACTER = frozenset({sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN})
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT})
_BOUNDARIES = {sre.AT_BOUNDARY: "\\b", sre.AT_NON_BOUNDARY: "\\B"}


class Unsupported(Exception):
    """A regex construct the rewriting does not know: the regex goes without a prefilter."""


def prefilter_bytes(text: str) -> bytes | None:
    """The text as Hyperscan reads it, or None when a character has no byte."""
    if text.isascii():
        return text.encode()
    try:
        # Characters of U+0080-U+00FF without a byte become U+FFFF here.
        return text.translate(_TO_BYTES).encode("latin-1")
    except UnicodeEncodeError:
        return None


def hyperscan_pattern(pattern: str, flags: int = 0, *, reverse: bool = False) -> str:
    """A Hyperscan pattern (for bytes, without flags) that matches every span the
    Python ``pattern`` matches in a text of :data:`ALPHABET` characters, or a
    span at most one character longer on either side.

    A one-character look-behind that opens the pattern becomes a character read
    before it (or the start of the text), and a one-character look-ahead that
    closes it a character read after it (or the end): so a report may start one
    character early and end one late. Other look-arounds and anchors are left
    out. A back-reference is refused: a copy of its group would match almost
    anywhere.

    With ``reverse``, the pattern reads the text backwards: it matches the
    reversed text wherever the other matches the text."""
    parsed = _parser.parse(pattern, flags)
    flags = int(parsed.state.flags)
    if flags & (re.ASCII | re.LOCALE):
        raise Unsupported("ASCII or locale word characters: the letter byte would not do")
    items = list(parsed.data)
    before = after = ""
    if items and _one_character_look(items[0], -1):
        before = _look_set(items.pop(0), flags, "$" if reverse else "^")
    if items and _one_character_look(items[-1], 1):
        after = _look_set(items.pop(), flags, "^" if reverse else "$")
    if reverse:
        return after + _serial(items, flags, 0, True) + before
    return before + _serial(items, flags, 0) + after


def _one_character_look(item: Any, direction: int) -> bool:
    op, av = item
    if op not in _DROPPED or av[0] != direction:
        return False
    body = list(av[1].data)
    return len(body) == 1 and body[0][0] in _CHARACTER


def _look_set(item: Any, flags: int, edge: str) -> str:
    """A look-around at one character as that character read (or the edge of the text)."""
    op, av = item
    test_op, test_av = next(iter(av[1].data))
    if op is sre.ASSERT_NOT:
        # A byte is allowed when one of its characters fails the test.
        failing = _bytes_passing(test_op, test_av, flags, failing=True)
        return f"(?:{edge}|{_class_of(failing)})"
    return _class_of(_bytes_passing(test_op, test_av, flags))


def _serial(items: Sequence[Any], flags: int, depth: int, reverse: bool = False) -> str:
    if depth > 50:
        raise Unsupported("nested too deeply")
    parts = []
    caseless: list[str] = []
    for op, av in reversed(items) if reverse else items:
        letter = _caseless_letter(op, av, flags)
        if letter is not None:
            caseless.append(letter)
            continue
        if caseless:
            parts.append(f"(?i:{''.join(caseless)})")
            caseless = []
        parts.append(_item(op, av, flags, depth, reverse))
    if caseless:
        parts.append(f"(?i:{''.join(caseless)})")
    return "".join(parts)


def _item(op: Any, av: Any, flags: int, depth: int, reverse: bool) -> str:
    if op in _CHARACTER:
        return _byte_set(op, av, flags)
    if op is sre.SUBPATTERN:
        _, add, remove, body = av
        return f"(?:{_serial(body.data, (flags | add) & ~remove, depth + 1, reverse)})"
    if op is sre.BRANCH:
        return "(?:" + "|".join(_serial(alt.data, flags, depth + 1, reverse)
                                for alt in av[1]) + ")"
    if op in _REPEATS:
        low, high, body = av
        upper = "" if high == sre.MAXREPEAT else str(high)
        return f"(?:{_serial(body.data, flags, depth + 1, reverse)}){{{low},{upper}}}"
    if op is sre.ATOMIC_GROUP:
        return f"(?:{_serial(av.data, flags, depth + 1, reverse)})"
    if op is sre.AT:
        return _BOUNDARIES.get(av, "")
    if op in _DROPPED:
        return ""
    raise Unsupported(str(op))


def _caseless_letter(op: Any, av: Any, flags: int) -> str | None:
    """An ASCII letter that the test passes in either case and nothing else passes,
    or another printable ASCII character that only it passes: written into a
    caseless group, which Hyperscan scans for faster than for sets of bytes."""
    if op is not sre.LITERAL or not 32 <= av < 127:
        return None
    char = chr(av)
    passing = _bytes_passing(op, av, flags)
    if not char.isalpha():
        return f"\\x{av:02x}" if passing == [av] else None
    return char if passing == sorted({ord(char.lower()), ord(char.upper())}) else None


def _byte_set(op: Any, av: Any, flags: int) -> str:
    """One character test as the set of bytes whose characters pass it in Python."""
    return _class_of(_bytes_passing(op, av, flags))


_PASSING: dict[tuple[str, int, bool], list[int]] = {}


def _bytes_passing(op: Any, av: Any, flags: int, *, failing: bool = False) -> list[int]:
    """The bytes with a character that passes the test (or, with ``failing``, fails it)."""
    key = (repr((op, av)), flags, failing)
    found = _PASSING.get(key)
    if found is None:
        state = _parser.State()
        state.flags = flags
        test = _compiler.compile(_parser.SubPattern(state, [(op, av)]), flags).fullmatch
        found = _PASSING[key] = [
            byte for byte, chars in ALPHABET.items()
            if any((test(char) is None) if failing else (test(char) is not None)
                   for char in chars)]
    return found


def _class_of(codes: list[int]) -> str:
    if not codes:
        return _NEVER.decode()
    if len(codes) == 1:
        return f"\\x{codes[0]:02x}"
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(f"\\x{low:02x}" if low == high else f"\\x{low:02x}-\\x{high:02x}"
                         for low, high in runs) + "]"


class Gate:
    """The reports of one scan: which prefiltered regexes may match, and where."""

    __slots__ = ("_starts", "flagged", "ids", "reports", "size")

    def __init__(self, reports: dict[int, list[int]], ids: frozenset[int], size: int) -> None:
        self.reports = reports
        """Regex -> the ends of its reports in the reversed text (``size`` less each is
        a start in the text)."""
        self.size = size
        self.ids = ids
        """The regexes the scan looked for: only for these is a missing report an answer."""
        self.flagged: Set[int] = reports.keys()
        """The regexes with a report."""
        self._starts: dict[int, list[int]] = {}

    def starts_by_regex(self) -> dict[int, list[int]]:
        return {gate_id: self.starts(gate_id) for gate_id in sorted(self.reports)}

    def starts(self, gate_id: int) -> list[int]:
        """Where a match of one regex can start in the text, in order."""
        found = self._starts.get(gate_id)
        if found is None:
            size = self.size
            found = self._starts[gate_id] = sorted(
                [size - end for end in self.reports.get(gate_id, ())])
        return found

    def matches(self, regex: re.Pattern[str], gate_id: int, text: str, start: int, end: int,
                first: bool) -> list[re.Match[str]]:
        """``regex.finditer(text, start, end)``'s matches, from the reports.

        A match of the regex at p has a report at p, or at p - 1 where the
        rewritten pattern reads the character before it (for a look-behind),
        as Hyperscan reports every place the reversed pattern can end. So
        Python need only try to match at each report and the place after it,
        in order, each place at most once: those are all the places a match
        can start. No match is empty: Hyperscan refuses a pattern that can
        match nothing, and the rewritten pattern matches wherever the regex does.
        """
        candidates = self._starts.get(gate_id)
        if candidates is None:
            if gate_id not in self.reports:
                return []
            candidates = self.starts(gate_id)
        result: list[re.Match[str]] = []
        match = regex.match
        done = start
        for candidate in candidates:
            if candidate >= end:
                break
            position = candidate if candidate > done else done
            stop = candidate + 2 if candidate + 2 < end else end
            while position < stop:
                found = match(text, position, end)
                if found is not None and found.end() > position:
                    result.append(found)
                    if first:
                        return result
                    position = found.end()
                else:
                    position += 1
            done = max(done, position)
        return result


WORTH_IT = 64
"""Messages a process must check for the prefilter to pay for itself: loading
Hyperscan and its database costs a process about what the prefilter saves on
this many messages (6 ms against 0.09 ms a note on this project's machine)."""


class Prefilter:
    """The rule regexes, registered as they are built, and two Hyperscan databases of
    all that can be rewritten: the regexes of rules that need a debrief, scanned
    for only when there is one, and the others; compiled on first use (or read
    from the cache).

    It can be turned off (:meth:`use`): the checker then takes the plain ``re``
    path, as it does for a text the prefilter cannot read. A command that checks
    fewer than :data:`WORTH_IT` messages does so, and tests choose either path."""

    def __init__(self) -> None:
        self._on = True
        self._patterns: list[tuple[str, int]] = []
        self._numbers: dict[tuple[str, int], int] = {}
        self._context_only: set[int] = set()
        self._databases: tuple[Any, Any] = (None, None)
        self._scanned: dict[bool, frozenset[int]] = {False: frozenset(), True: frozenset()}
        self._built = -1
        self._lock = _thread.allocate_lock()  # threading's Lock and local, without
        self._local = _thread._local()  # importing threading (start-up time)

    def register(self, pattern: str, flags: int, *, context_only: bool = False) -> int:
        """The number of a regex (the same for the same pattern and flags: several
        rules share some, which a database then looks for once)."""
        key = (pattern, int(flags))
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._patterns)
            self._patterns.append(key)
            if context_only:
                self._context_only.add(number)
        elif not context_only:
            self._context_only.discard(number)
        return number

    def use(self, on: bool) -> bool:
        """Prefilter (True, the default) or take the plain ``re`` path (False);
        returns the previous choice."""
        previous, self._on = self._on, on
        return previous

    @property
    def on(self) -> bool:
        return self._on

    def ids(self, context: bool) -> frozenset[int]:
        """The regexes a scan looks for, with a debrief or without (compiling the
        databases if regexes were registered since); none while it is off."""
        if not self._on:
            return frozenset()
        self._ready()
        return self._scanned[context]

    def scan(self, text: str, context: bool = True) -> Gate | None:
        """The reports for ``text``, or None when it cannot be prefiltered (or is off)."""
        if not self._on:
            return None
        self._ready()
        plain, extra = self._databases
        if plain is None and (extra is None or not context):
            return None
        data = prefilter_bytes(text)
        if data is None:
            return None
        backwards = data[::-1]
        reports: dict[int, list[int]] = {}
        scratch = self._scratch()
        if plain is not None:
            plain.scan(backwards, match_event_handler=_report, context=reports,
                       scratch=scratch[0])
        if context and extra is not None:
            extra.scan(backwards, match_event_handler=_report, context=reports,
                       scratch=scratch[1])
        return Gate(reports, self._scanned[context], len(data))

    def _scratch(self) -> tuple[Any, Any]:
        """Hyperscan's working memory, one per thread (a scan cannot share it)."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None or getattr(self._local, "built", None) != self._built:
            import hyperscan

            scratch = self._local.scratch = tuple(
                hyperscan.Scratch(database) if database is not None else None
                for database in self._databases)
            self._local.built = self._built
        return scratch

    def _ready(self) -> None:
        if self._built != len(self._patterns):
            with self._lock:
                if self._built != len(self._patterns):
                    self._build()

    def _build(self) -> None:
        count = len(self._patterns)
        numbered = list(enumerate(self._patterns[:count]))
        plain = load_database([item for item in numbered if item[0] not in self._context_only])
        extra = load_database([item for item in numbered if item[0] in self._context_only])
        self._databases = (plain[0], extra[0])
        self._scanned = {False: plain[1], True: plain[1] | extra[1]}
        self._built = count


def _report(gate_id: int, start: int, end: int, flags: int,
            reports: dict[int, list[int]]) -> None:
    """One report of a backwards scan (``start`` is always 0: not worked out)."""
    found = reports.get(gate_id)
    if found is None:
        reports[gate_id] = [end]
    else:
        found.append(end)


def report_starts(database: Any, data: bytes) -> dict[int, list[int]]:
    """Where the regexes of ``database`` can match in ``data``: a backwards scan's
    reports as offsets into ``data``, in order."""
    import hyperscan

    reports: dict[int, list[int]] = {}
    database.scan(data[::-1], match_event_handler=_report, context=reports,
                  scratch=hyperscan.Scratch(database))
    return Gate(reports, frozenset(reports), len(data)).starts_by_regex()


Numbered = list[tuple[int, tuple[str, int]]]


def load_database(patterns: Numbered) -> tuple[Any, frozenset[int]]:
    """The database of ``patterns`` (numbered: the numbers are its report ids),
    from the cache when it was compiled before, and the numbers it holds; no
    database without Hyperscan or without patterns."""
    if not patterns:
        return None, frozenset()
    try:
        import hyperscan
    except (ImportError, OSError):  # not installed, or its library cannot load here
        return None, frozenset()
    name = "prefilter-" + derived.digest(repr(patterns), getattr(hyperscan, "__version__", ""),
                                         __doc__ or "",
                                         repr(STAND_INS)) + ".marshal"
    cached = derived.load(name)
    if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], bytes):
        loaded = _loaded(cached[0], hyperscan)
        if loaded is not None:
            return loaded, frozenset(cached[1])
    database, ids = compile_database(patterns, hyperscan)
    if database is not None:
        derived.store(name, (hyperscan.dumpb(database), tuple(sorted(ids))))
    return database, ids


def _loaded(data: bytes, hyperscan: Any) -> Any:
    """A database from its cached bytes; None when this machine cannot use them
    (compiled for another CPU or another Hyperscan): it is compiled afresh."""
    try:
        return hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
    except (hyperscan.error, TypeError, ValueError):
        return None


def compile_database(patterns: Numbered, hyperscan: Any) -> tuple[Any, frozenset[int]]:
    """Compile every pattern that can be rewritten and that Hyperscan accepts."""
    rewritten: dict[int, bytes] = {}
    for number, (pattern, flags) in patterns:
        try:
            rewritten[number] = hyperscan_pattern(pattern, flags, reverse=True).encode("latin-1")
        except (Unsupported, re.error, RecursionError, UnicodeEncodeError):
            continue
    flag = 0

    def attempt(numbers: list[int]) -> Any:
        database = hyperscan.Database()
        database.compile(expressions=[rewritten[number] for number in numbers], ids=numbers,
                         flags=[flag] * len(numbers))
        return database

    numbers = sorted(rewritten)
    try:
        database = attempt(numbers) if numbers else None
    except hyperscan.error:
        numbers = [number for number in numbers if _compiles(attempt, number, hyperscan)]
        database = attempt(numbers) if numbers else None
    return database, frozenset(numbers) if database is not None else frozenset()


def _compiles(attempt: Callable[[list[int]], Any], number: int, hyperscan: Any) -> bool:
    try:
        attempt([number])
    except hyperscan.error:
        return False
    return True


PREFILTER = Prefilter()
