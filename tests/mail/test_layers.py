"""The mail package sits below the application core (app/): it is handed the plan keeper
(``followthrough.app.mail.PLAN``) and never imports the layer above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MAIL = Path(__file__).resolve().parents[2] / "src" / "followthrough" / "mail"
ABOVE = ("followthrough.app", "followthrough.cli",
         "followthrough.web")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(MAIL.glob("*.py")), ids=lambda p: p.name)
def test_mail_never_imports_the_layers_above(path: Path) -> None:
    upward = {name for name in _imports(path) if name.startswith(ABOVE)}
    assert upward == set(), f"mail/{path.name} imports {upward}"
