"""Turn debrief text (TOML, or the JSON that ``export json`` writes) into a
:class:`Debrief`, or one :class:`Problem` per thing that is wrong."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from followthrough.debrief.lines import key_lines, line_of
from followthrough.debrief.model import Debrief, same_person_key
from followthrough.errors import BadInput, Problem

MAX_BYTES = 1_000_000
"""A debrief is a few kilobytes; anything over a megabyte is a wrong file."""

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_debrief(path: Path) -> Debrief:
    """Read and validate a debrief file; raise :class:`BadInput` naming every problem."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _whole_file(f"the file is {size:,} bytes; a debrief is at most {MAX_BYTES:,}",
                              source)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _whole_file("no such file", source) from None
    except IsADirectoryError:
        raise _whole_file("this is a folder, not a debrief file", source) from None
    except PermissionError:
        raise _whole_file("the file cannot be read (permission denied)", source) from None
    return parse_debrief_bytes(raw, source=source)


def parse_debrief_bytes(raw: bytes, *, source: str = "<input>") -> Debrief:
    if len(raw) > MAX_BYTES:
        raise _whole_file(f"the input is {len(raw):,} bytes; a debrief is at most {MAX_BYTES:,}",
                          source)
    if b"\x00" in raw:
        raise _whole_file("this is a binary file, not a TOML debrief", source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _whole_file(f"the file is not UTF-8 text (byte {err.start})", source) from None
    return parse_debrief(text, source=source)


def parse_debrief(text: str, *, source: str = "<input>") -> Debrief:
    """Validate debrief text; JSON is recognised by its leading ``{``."""
    if not text.strip():
        raise _whole_file("the file is empty; a debrief needs [candidate], [interview] and "
                          "at least one [[interviewers]]", source)
    if text.lstrip().startswith("{"):
        return validate_debrief(_load_json(text, source), source=source, from_json=True)
    data = _load_toml(text, source)
    return validate_debrief(data, source=source, lines=key_lines(text))


def validate_debrief(
    data: Mapping[str, Any],
    *,
    source: str = "<input>",
    lines: Mapping[tuple[str | int, ...], int] | None = None,
    from_json: bool = False,
) -> Debrief:
    """Validate parsed data. ``from_json`` data carries dates as ISO strings,
    which strict validation accepts only in JSON mode."""
    lines = lines or {}
    text = json.dumps(data) if from_json else json.dumps(data, default=str)
    if "\\u0000" in text:  # JSON's spelling of NUL: only then walk the data
        nul = list(_nul_characters(data, (), lines))
        if nul:
            raise BadInput(nul, source)
    try:
        if from_json:
            debrief = Debrief.model_validate_json(text, strict=True)
        else:
            debrief = Debrief.model_validate(dict(data), strict=True)
    except ValidationError as err:
        problems = [_problem_from_pydantic(error, lines) for error in err.errors()]
        raise BadInput(problems, source) from None
    problems = list(cross_check(debrief, lines))
    if problems:
        raise BadInput(problems, source)
    return debrief


def _nul_characters(value: Any, path: tuple[str | int, ...],
                    lines: Mapping[tuple[str | int, ...], int]) -> Iterable[Problem]:
    """Text with a NUL character (U+0000): PostgreSQL cannot store it, and no
    note needs it."""
    if isinstance(value, str):
        if "\x00" in value:
            yield Problem(_dotted(path), "contains a NUL character (U+0000)",
                          line_of(path, lines), "text without control characters")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _nul_characters(item, (*path, key), lines)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_characters(item, (*path, index), lines)


def cross_check(
    debrief: Debrief, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> Iterable[Problem]:
    """What typed fields cannot see: duplicates, and names that point at nobody."""
    lines = lines or {}
    seen: dict[str, int] = {}
    for index, person in enumerate(debrief.interviewers):
        key = same_person_key(person.name)
        if key in seen:
            path = ("interviewers", index, "name")
            yield Problem(_dotted(path),
                          f"{person.name!r} is listed twice (also interviewers[{seen[key]}])",
                          line_of(path, lines), "each interviewer once")
        seen[key] = index
    for index, reference in enumerate(debrief.references):
        if same_person_key(reference.name) in seen:
            path = ("references", index, "name")
            yield Problem(_dotted(path), f"{reference.name!r} is also an interviewer",
                          line_of(path, lines), "a reference who is not an interviewer")
    known = debrief.people()
    known_keys = {same_person_key(name) for name in known}
    for section in ("promises", "resources", "missed"):
        for index, item in enumerate(getattr(debrief, section)):
            if item.to is None or same_person_key(item.to) in known_keys:
                continue
            path = (section, index, "to")
            hint = difflib.get_close_matches(item.to, known, n=1, cutoff=0.6)
            message = f"{item.to!r} is not anyone in this debrief"
            if hint:
                message += f"; did you mean {hint[0]!r}?"
            yield Problem(_dotted(path), message, line_of(path, lines),
                          "the name of an interviewer, the recruiter or a reference")
    interview = debrief.interview
    if interview.decision_by and interview.decision_by < interview.starts.date():
        date_path: tuple[str, ...] = ("interview", "decision_by")
        yield Problem(_dotted(date_path), "the decision date is before the interview",
                      line_of(date_path, lines), f"a date on or after {interview.starts.date()}")
    if interview.region and interview.country:
        yield from _check_region(interview.country, interview.region, lines)


def _check_region(country: str, region: str, lines: Mapping[tuple[str | int, ...], int]
                  ) -> Iterable[Problem]:
    import holidays

    try:
        known = holidays.country_holidays(country).subdivisions
    except NotImplementedError:
        return
    code = region.removeprefix(f"{country}-")
    if known and code not in known:
        path = ("interview", "region")
        sample = ", ".join(sorted(known)[:8])
        yield Problem(_dotted(path), f"{region!r} is not a subdivision of {country}",
                      line_of(path, lines), f"an ISO 3166-2 code such as {sample}")


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        reason = _TOML_POSITION.sub("", message).strip()
        raise BadInput([Problem("(file)", f"not valid TOML: {reason}", line,
                                "TOML like shared/examples/debrief-tokyo.toml")], source) from None


def _load_json(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInput([Problem("(file)", f"not valid JSON: {err.msg}", err.lineno)],
                       source) from None
    if not isinstance(data, dict):
        raise _whole_file("the JSON document is not an object", source)
    return data


def _whole_file(message: str, source: str) -> BadInput:
    return BadInput([Problem("(file)", message)], source)


def _dotted(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


def _problem_from_pydantic(
    error: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], int]
) -> Problem:
    kind = error["type"]
    loc = _user_loc(tuple(error["loc"]), unknown_key=kind == "extra_forbidden")
    path = _dotted(loc)
    line = line_of(loc, lines)
    if kind == "missing":
        return Problem(path, "required key is missing", line, _expected_for(loc))
    if kind == "extra_forbidden":
        return Problem(path, _unknown_key_message(loc), line, None)
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return Problem(path, message, line, None)
    message = str(error["msg"])
    if "input" in error and not isinstance(error["input"], dict | list):
        message += f", got {error['input']!r}"
    return Problem(path, message, line, _expected_for(loc))


def _user_loc(loc: tuple[str | int, ...], *, unknown_key: bool) -> tuple[str | int, ...]:
    """The error's location in the user's terms. The last part of an unknown-key
    error is the user's own key, whatever it looks like (``"a[b"``, ``"date"``)."""
    body, last = (loc[:-1], loc[-1:]) if unknown_key and loc else (loc, ())
    return tuple(part for part in body if not _is_internal_loc(part)) + last


def _is_internal_loc(part: object) -> bool:
    """Pydantic adds validator names (``function-after[...]``) to some locations."""
    return isinstance(part, str) and ("[" in part or part in {"date", "datetime"})


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Debrief
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = _fields_by_alias(model).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _fields_by_alias(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _unknown_key_message(loc: tuple[str | int, ...]) -> str:
    key = str(loc[-1])
    parent = _model_at(loc[:-1])
    if parent is None:
        return f"unknown key {key!r}"
    allowed = sorted(_fields_by_alias(parent))
    hint = difflib.get_close_matches(key, allowed, n=1)
    if hint:
        return f"unknown key {key!r}; did you mean {hint[0]!r}?"
    return f"unknown key {key!r}; allowed here: {', '.join(allowed)}"


def _expected_for(loc: tuple[str | int, ...]) -> str | None:
    if not loc or isinstance(loc[-1], int):
        return None
    parent = _model_at(loc[:-1])
    if parent is None:
        return None
    field = _fields_by_alias(parent).get(str(loc[-1]))
    if field is None:
        return None
    if "list" in str(field.annotation) and _inner_model(field.annotation) is not None:
        return f"one or more [[{loc[-1]}]] tables"
    return _describe_type(field.annotation)


def _describe_type(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) or str(annotation)
    text = str(annotation) if text in {"Optional", "Union", "Annotated"} else text
    text = re.sub(r"typing\.|Annotated\[(\w+), [^\]]*\]", r"\1", text)
    friendly = {
        "AwareDatetime": "a date-time with offset, like 2026-11-16T14:00:00+09:00",
        "date": "a date, like 2026-11-30",
        "int": "a whole number",
        "bool": "true or false",
        "str": "text in quotes",
    }
    for name, description in friendly.items():
        if re.fullmatch(rf"{name}( \| None)?", text):
            return description
    if "list" in text:
        return "a list, like [\"first\", \"second\"]"
    if "Literal" in text:
        choices = re.findall(r"'([^']+)'", text)
        return " | ".join(choices)
    model = _inner_model(annotation)
    if model is not None:
        return f"a table of {model.__name__.lower()} details"
    return text
