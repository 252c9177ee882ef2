"""Every sentence template in content/sentences/ is used, and every use fills exactly its
placeholders: read from the code's calls to `present.content.sentence`, not from a run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from present import content

ROOT = Path(__file__).resolve().parents[2]
CODE = [*ROOT.glob("present/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("report/*.py"),
        *ROOT.glob("pages/*.py"), ROOT / "app.py"]
AREAS = sorted(path.stem for path in content.SENTENCES_DIR.glob("*.toml"))


def _calls() -> list[tuple[str, str, frozenset[str], str]]:
    """(area, name, keywords, where) for each call of sentence(...) in the app's code."""
    found = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _called(node) == "sentence"):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            literal = [a.value for a in node.args if isinstance(a, ast.Constant)]
            assert len(literal) == len(node.args) == 2, f"{where}: name area and template"
            keywords = [k.arg for k in node.keywords]
            assert None not in keywords, f"{where}: fill placeholders by name, not **values"
            found.append((str(literal[0]), str(literal[1]),
                          frozenset(str(k) for k in keywords), where))
    return found


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


CALLS = _calls()


def test_the_code_says_sentences_through_templates() -> None:
    assert len(CALLS) > 80


@pytest.mark.parametrize(("area", "name", "keywords", "where"), CALLS,
                         ids=[call[3] for call in CALLS])
def test_each_use_fills_exactly_its_templates_placeholders(
        area: str, name: str, keywords: frozenset[str], where: str) -> None:
    template = content.templates(area).get(name)
    assert template is not None, f"{where}: no template {name!r} in {area}.toml"
    assert keywords == content.placeholders(template), where


@pytest.mark.parametrize("area", AREAS)
def test_no_template_is_unused(area: str) -> None:
    used = {name for call_area, name, _, _ in CALLS if call_area == area}
    assert sorted(set(content.templates(area)) - used) == []


def test_a_missing_or_unwanted_value_names_the_template() -> None:
    with pytest.raises(ValueError, match="words.surge_promise"):
        content.sentence("words", "surge_promise", share="80%")
    with pytest.raises(ValueError, match="words.readiness_ready"):
        content.sentence("words", "readiness_ready", share="80%")
    assert content.sentence("words", "surge_promise", share="80%", target="8 h") == "80% within 8 h"
