"""A package's names imported on first use (PEP 562), so that importing one of
its light modules does not import its heavy ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def first_use(package: str, homes: Mapping[str, str],
              namespace: dict[str, Any]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: a name of ``homes`` is read from its
    module (``{"Store": "database"}``: ``package.database.Store``) when first
    asked for, then kept in ``namespace`` (the package's globals)."""

    def attribute(name: str) -> object:
        module = homes.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return attribute
