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
