"""Write a debrief back as TOML, laid out like the reference examples:
top-level keys, then each table, then each array of tables as ``[[name]]``."""

from __future__ import annotations

from typing import Any

import tomli_w

from followthrough.debrief.model import Debrief


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
    plain = {key: value for key, value in table.items() if value is not None}
    return tomli_w.dumps(plain, multiline_strings=False)
