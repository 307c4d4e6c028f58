"""Countries and time zones, read from the IANA tables that ship with ``tzdata``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name."""
    return {row[0]: row[1] for row in _table("iso3166.tab")}


@cache
def zones_by_country() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in _table("zone.tab"):
        found.setdefault(row[0], []).append(row[2])
    return {code: tuple(zones) for code, zones in found.items()}


def is_country(code: str) -> bool:
    return code in countries()


def zones_of(country: str) -> tuple[str, ...]:
    return zones_by_country().get(country, ())


@cache
def is_zone(name: str) -> bool:
    """True for IANA zone keys such as ``Asia/Tokyo``; false for offsets and file paths."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
