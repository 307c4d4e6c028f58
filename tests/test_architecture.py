"""The layout's promises, checked: only clock.py reads the time, only store/
knows SQL, only mail/smtp.py talks SMTP."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "followthrough"


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        yield relative, ast.parse(path.read_text(encoding="utf-8"), filename=relative)


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _calls(tree: ast.Module) -> set[str]:
    """Dotted names of every call, e.g. ``datetime.now`` or ``time.time``."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            parts: list[str] = []
            target = node.func
            while isinstance(target, ast.Attribute):
                parts.append(target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                parts.append(target.id)
            found.add(".".join(reversed(parts)))
    return found


def test_the_package_is_where_the_tests_look() -> None:
    assert (PACKAGE / "clock.py").exists()


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=lambda v: str(v)[:60])
def test_only_clock_reads_the_current_time(relative: str, tree: ast.Module) -> None:
    if relative == "clock.py":
        return
    readers = {"datetime.now", "datetime.utcnow", "datetime.today", "date.today", "time.time",
               "datetime.datetime.now", "time.localtime"}
    assert not _calls(tree) & readers, f"{relative} reads the clock; use followthrough.clock"


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=lambda v: str(v)[:60])
def test_only_the_store_knows_sql(relative: str, tree: ast.Module) -> None:
    if relative.startswith("store/"):
        return
    sql = {name for name in _imports(tree) if name.split(".")[0] in {"sqlalchemy", "sqlite3",
                                                                     "psycopg", "alembic"}}
    assert not sql, f"{relative} imports {sql}; database access belongs in store/"


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=lambda v: str(v)[:60])
def test_only_one_module_talks_smtp(relative: str, tree: ast.Module) -> None:
    if relative == "mail/smtp.py":
        return
    assert "smtplib" not in _imports(tree), f"{relative} imports smtplib"


LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer.split()) for layer in (
    "__init__ __version__ errors lazy",
    "vocabulary",
    "clock paths geo holiday_calendars",
    "interview_zone address culture",
    "debrief",
    "settings settings_spec plan check",
    "store",
    "mail",
    "compose",
    "team",
    "app",
    "web",
    "cli",
    "__main__",
))
"""The layers, lowest first: a module imports from its own layer and those below,
never from one above (``mail`` reports back to ``app`` through the plan keeper it
is handed; ``cli`` starts ``web`` for ``serve``). A module's unit is its top-level
package, or its own name for a module at the top."""
FACES = ("cli", "web")
BELOW_THE_CORE = ("store", "mail", "compose")
"""What the faces reach only through the application core (``followthrough.app``)."""


def _unit(name: str) -> str:
    """``store`` for ``store/outbox.py`` and for ``store.outbox``."""
    return name.removesuffix(".py").replace("/", ".").split(".")[0]


def _layer(unit: str) -> int:
    found = [index for index, layer in enumerate(LAYERS) if unit in layer]
    assert found, f"{unit} is in no layer of LAYERS: add it where it belongs"
    return found[0]


def _package_imports(tree: ast.Module) -> set[str]:
    """Every module of the package ``tree`` imports, wherever the import is written
    (inside functions too), as ``store.outbox``; ``import_module("...")`` included."""
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "followthrough":
            names = [f"followthrough.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        found |= {name.removeprefix("followthrough.") for name in names
                  if name.startswith("followthrough.")}
    return found


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=lambda v: str(v)[:60])
def test_nothing_imports_a_higher_layer(relative: str, tree: ast.Module) -> None:
    own = _layer(_unit(relative))
    upward = sorted(name for name in _package_imports(tree)
                    if _unit(name) != _unit(relative) and _layer(_unit(name)) > own)
    assert not upward, f"{relative} imports {upward}, which sit above it (see LAYERS)"


@pytest.mark.parametrize(("relative", "tree"), [(path, tree) for path, tree in _modules()
                                                if path.startswith(FACES)],
                         ids=lambda v: str(v)[:60])
def test_the_faces_reach_store_mail_and_compose_only_through_the_core(
        relative: str, tree: ast.Module) -> None:
    below = sorted(name for name in _package_imports(tree) if _unit(name) in BELOW_THE_CORE)
    assert not below, (f"{relative} imports {below}: call the application core "
                       "(followthrough.app) instead")


def test_the_rule_catches_an_import_inside_a_function() -> None:
    tree = ast.parse("def f():\n    from followthrough.store.outbox import OutboxStore\n"
                     "    import_module('followthrough.mail.outbox')\n")
    assert _package_imports(tree) == {"store.outbox", "mail.outbox"}
