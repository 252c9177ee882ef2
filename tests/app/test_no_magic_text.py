"""Streamlit's "magic" draws any bare expression in a page script on screen: a docstring under
a constant once showed as a line of code text above the Scenarios title."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py")])


def _drawn_by_magic(tree: ast.Module) -> list[int]:
    """Lines of bare non-call expressions Streamlit would draw (module level, and inside
    with/if/for/while/try blocks at module level), after the module docstring."""
    found: list[int] = []

    def visit(body: list[ast.stmt]) -> None:
        for statement in body:
            if isinstance(statement, ast.Expr) and not isinstance(
                    statement.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)):
                found.append(statement.lineno)
            elif isinstance(statement, (ast.With, ast.If, ast.For, ast.While)):
                visit(statement.body)
                visit(getattr(statement, "orelse", []))
            elif isinstance(statement, ast.Try):
                for part in (statement.body, statement.orelse, statement.finalbody,
                             *(handler.body for handler in statement.handlers)):
                    visit(part)

    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module docstring is not drawn
    visit(body)
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_no_page_has_a_bare_expression_that_magic_would_draw(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert _drawn_by_magic(tree) == [], f"{script.name}: bare expressions Streamlit would draw"
