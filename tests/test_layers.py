"""One direction of imports: pages → ui → report → present → ingest/store → model → sample_data.

Read from the code's own import statements (ast), so a new upward import fails here before review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lower floors never import higher ones; packages on one floor do not import each other.
FLOORS = {
    "sample_data": -1, "model": 0,
    "ingest": 1, "store": 1,
    "present": 2,
    "report": 3,
    "ui": 4,
    "pages": 5, "app": 5,
}
STREAMLIT_ALLOWED = {"ui", "pages", "app"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _sources() -> list[tuple[str, Path]]:
    found = [("app", ROOT / "app.py")]
    for package in FLOORS:
        if package != "app":
            found += [(package, p) for p in sorted((ROOT / package).rglob("*.py"))]
    return found


def test_no_package_imports_upwards_or_sideways() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {other}"
        for package, path in _sources()
        for other in _imports(path)
        if other in FLOORS and other != package and FLOORS[other] >= FLOORS[package]
    ]
    assert wrong == []


def test_only_pages_and_ui_import_streamlit() -> None:
    wrong = [str(path.relative_to(ROOT)) for package, path in _sources()
             if package not in STREAMLIT_ALLOWED and "streamlit" in _imports(path)]
    assert wrong == []


def test_the_command_line_loads_no_streamlit_and_writes_nothing_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "years.csv"
    probe = ("import atexit, runpy, sys;"
             "atexit.register(lambda: print('streamlit' in sys.modules, file=sys.stderr));"
             "sys.argv = ['report', '-', '--csv', sys.argv[1]];"
             "runpy.run_module('report', run_name='__main__')")
    run = subprocess.run([sys.executable, "-c", probe, str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "False"  # nothing else on stderr, and Streamlit never loaded
    assert out.stat().st_size > 0
