"""A country's public holidays from the ``holidays`` package, importing only
that country's module.

``holidays.country_holidays("DE")`` finds the class through the package
``holidays.countries``, whose ``__init__`` imports all of its 250 country
modules (about 60 ms of a command's start-up), and ``import holidays`` reads
the package's metadata for its version (``importlib.metadata``, a few more).
:func:`country_holidays` looks the code up in the package's own registry
(``holidays.registry.COUNTRIES``: module, class name, codes and aliases) and
imports that one module, and the few it imports from beside it, with the two
packages' ``__init__`` deferred (:class:`DeferredPackage`): it runs when a name
of the package is first looked up, as ``holidays.country_holidays`` or ``from
holidays.countries import Germany`` do. The calendar is the same class built
with the same arguments. ``tests/test_holiday_calendars.py`` holds the two to
the same holidays, names, weekends and subdivisions for every country code the
package knows."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

DEFERRED = ("holidays", "holidays.countries")
"""The packages whose ``__init__`` waits until a name of theirs is looked up."""
_INIT_LOCK = threading.RLock()
_RUNNING: set[str] = set()
"""The deferred packages whose ``__init__`` is running: a look-up from inside it
is an ordinary one, as in a package still being imported."""


def country_holidays(country: str, subdiv: str | None = None,
                     years: int | Iterable[int] | None = None) -> HolidayBase:
    """``holidays.country_holidays(country, subdiv=subdiv, years=years)``, for
    ISO 3166-1 codes without importing every other country; it raises
    NotImplementedError for a code the package does not know, as that does."""
    entity = _entity(country)
    if entity is None:
        import holidays

        return holidays.country_holidays(country, subdiv=subdiv, years=years)
    return entity(years=years, subdiv=subdiv, expand=True, observed=True, prov=None,
                  state=None, language=None, categories=None)


@cache
def _entity(country: str) -> type[HolidayBase] | None:
    """The class the package registers under ``country`` (a code or an alias:
    ``JP``, a subclass of ``Japan`` named for the code, as ``holidays.JP`` is);
    None for a name it does not register as a country."""
    for package in DEFERRED:
        defer(package)
    from holidays.registry import COUNTRIES

    for module, (_name, *codes) in COUNTRIES.items():
        if country in codes:
            found: type[HolidayBase] = getattr(
                importlib.import_module(f"holidays.countries.{module}"), country)
            return found
    return None


class DeferredPackage(ModuleType):
    """A package imported without running its ``__init__``: its submodules import
    as usual (its path is set), and the first look-up of a name it does not hold
    yet runs the ``__init__`` in it, after which it is an ordinary module."""

    def __getattr__(self, name: str) -> object:
        with _INIT_LOCK:  # another thread waits here until the __init__ has run
            if isinstance(self, DeferredPackage) and self.__name__ not in _RUNNING:
                _RUNNING.add(self.__name__)
                try:
                    spec = self.__spec__
                    if spec is not None and spec.loader is not None:
                        spec.loader.exec_module(self)
                finally:
                    _RUNNING.discard(self.__name__)
                object.__setattr__(self, "__class__", ModuleType)
        return ModuleType.__getattribute__(self, name)


def defer(name: str) -> None:
    """Put the package ``name`` in ``sys.modules`` as a :class:`DeferredPackage`,
    unless it is imported already."""
    with _INIT_LOCK:
        if name in sys.modules:
            return
        spec = importlib.util.find_spec(name)
        if spec is None or spec.submodule_search_locations is None:
            return
        package = importlib.util.module_from_spec(spec)
        package.__class__ = DeferredPackage
        sys.modules[name] = package
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, package)
