"""The README as a new reader meets it: title, the two commands, the pages by their menu names."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_title_comes_first_then_exactly_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "# Engagement Planner"
    block = README.split("```")[1].strip().splitlines()
    assert [line.split("#")[0].strip() for line in block] == ["make run", "make test"]
    assert README.index("```") < README.index("\n## ")  # before any other section


def test_pages_are_named_as_the_menu_names_them() -> None:
    menu = (ROOT / "app.py").read_text(encoding="utf-8")
    assert '"Your data"' in menu or "'Your data'" in menu or "Your data" in menu
    assert "**Data**" not in README and "**Your data**" in README


def test_every_file_the_readme_points_to_is_in_the_repository() -> None:
    paths = set(re.findall(r"`((?:\.\./)?[\w./-]+\.(?:md|py|csv|png|db))`", README))
    paths |= set(re.findall(r"\]\(((?!http)[^)]+)\)", README))
    missing = [p for p in paths if not p.startswith("data/") and not (ROOT / p).exists()]
    assert missing == []


def test_it_says_where_the_pdf_brief_is() -> None:
    assert "PDF brief" in README and "Scenarios" in README
    assert "Prepare the one-page PDF brief" in README
