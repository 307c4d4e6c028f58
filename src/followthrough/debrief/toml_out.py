"""Write a debrief back as TOML, laid out like the reference examples:
top-level keys, then each table, then each array of tables as ``[[name]]``.

Inside a table, a list that holds tables (an interviewer's topics with a
linked strength) is written as an array of inline tables, one per line:
``[[topics]]`` there would start a new top-level array."""

from __future__ import annotations

import re
from typing import Any

import tomli_w

from followthrough.debrief.model import Debrief

_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")


def to_toml(debrief: Debrief) -> str:
    document = debrief.model_dump(mode="python", by_alias=True, exclude_unset=True)
    scalars = {key: value for key, value in document.items() if not _is_section(value)}
    chunks = [_body(scalars)] if scalars else []
    for name, value in document.items():
        if isinstance(value, dict):
            chunks.append(f"[{name}]\n{_body(value)}")
        elif _is_section(value):
            chunks.extend(f"[[{name}]]\n{_body(item)}" for item in value)
    return "\n".join(chunks)


def _is_section(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)
    )


def _body(table: dict[str, Any]) -> str:
    lines = []
    for key, value in table.items():
        if value is None:
            continue
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            items = "".join(f"    {_inline(item)},\n" for item in value)
            lines.append(f"{_key(key)} = [\n{items}]\n")
        else:
            lines.append(tomli_w.dumps({key: value}, multiline_strings=False))
    return "".join(lines)


def _inline(value: Any) -> str:
    """``value`` as one line of TOML: ``"text"``, ``{ about = "...", strength = "..." }``."""
    if isinstance(value, dict):
        pairs = ", ".join(f"{_key(key)} = {_inline(item)}" for key, item in value.items()
                          if item is not None)
        return f"{{ {pairs} }}"
    if isinstance(value, list):
        return f"[{', '.join(_inline(item) for item in value)}]"
    return tomli_w.dumps({"v": value}).partition(" = ")[2].strip()


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _inline(key)
