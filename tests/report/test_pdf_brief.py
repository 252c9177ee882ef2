"""The one-page PDF brief: readable numbers, charts when a browser is there, tables always."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from report import brief
from report.brief import pdf_brief

PdfText = Callable[[bytes], str]
PdfInfo = Callable[[bytes], dict[str, str]]
PRODUCED_AT = datetime(2026, 3, 9, 10, 30)
NO_BROWSER = "/nowhere/chromium"


def one_line(text: str) -> str:
    """pdftotext output with runs of spaces and line breaks folded, for phrase matching."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def brief_with_charts(
    chromium_path: str,
    headline: dict[str, Any],
    readiness_text: str,
    figures: dict[str, go.Figure],
    tables: dict[str, pd.DataFrame],
) -> bytes:
    """Built once: starting the browser costs a few seconds."""
    return pdf_brief(
        "Engagement plan brief", "Plan A", headline, readiness_text, figures, tables,
        browser_path=chromium_path, produced_at=PRODUCED_AT,
    )  # fmt: skip


@pytest.fixture
def brief_without_charts(
    headline: dict[str, Any],
    readiness_text: str,
    figures: dict[str, go.Figure],
    tables: dict[str, pd.DataFrame],
) -> Callable[..., bytes]:
    """Build a brief with chart drawing off; keyword arguments override the defaults."""

    def build(**changes: Any) -> bytes:
        arguments: dict[str, Any] = {
            "title": "Engagement plan brief",
            "scenario_name": "Plan A",
            "headline": headline,
            "readiness_text": readiness_text,
            "figures": figures,
            "tables": tables,
            "render_charts": False,
            "produced_at": PRODUCED_AT,
        }
        arguments.update(changes)
        return pdf_brief(**arguments)

    return build


def test_the_brief_names_the_scenario_and_gives_the_numbers_as_people_write_them(
    brief_with_charts: bytes, pdf_text: PdfText
) -> None:
    text = one_line(pdf_text(brief_with_charts))

    assert "Engagement plan brief" in text
    assert "Scenario: Plan A · 9 March 2026" in text
    for shown in ["-£1.2m", "0.60", "4.2 FTE", "3.0 FTE", "71%", "1 h 35 min", "15 h"]:
        assert shown in text


def test_the_brief_says_in_words_whether_the_team_is_ready(
    brief_with_charts: bytes, pdf_text: PdfText
) -> None:
    text = one_line(pdf_text(brief_with_charts))

    assert "Not ready: the planned team cannot keep this promise" in text
    assert "Don't invite questions you are not ready to answer." in text


def test_a_promise_kept_only_near_the_edge_of_reach_is_not_a_plain_ready(
    brief_without_charts: Callable[..., bytes], headline: dict[str, Any], pdf_text: PdfText
) -> None:
    steep = one_line(pdf_text(brief_without_charts(
        headline={**headline, "ready": True, "ready_at_edge": True})))
    plain = one_line(pdf_text(brief_without_charts(headline={**headline, "ready": True})))

    assert "Ready, at a steep price: the last point of the promise takes many people" in steep
    assert "Ready: the planned team can keep this promise" in plain and "steep" not in plain


def test_the_brief_draws_both_charts_when_chromium_is_available(
    brief_with_charts: bytes, pdf_text: PdfText, pdf_info: PdfInfo
) -> None:
    text = one_line(pdf_text(brief_with_charts))

    assert pdf_info(brief_with_charts)["Images"] == "2"
    assert "Cumulative cost and benefit" in text
    assert "Cost against speed" in text
    assert "left out" not in text


def test_the_brief_is_a_single_a4_page(brief_with_charts: bytes, pdf_info: PdfInfo) -> None:
    info = pdf_info(brief_with_charts)

    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595.28 x 841.89 pts (A4)")


def test_the_brief_shows_the_tables_with_readable_numbers(
    brief_with_charts: bytes, pdf_text: PdfText
) -> None:
    text = one_line(pdf_text(brief_with_charts))

    assert "Year by year" in text
    assert "2026 310,000 80,000" in text
    assert "Residents 120,000 Consult" in text
    assert "Ysgolion Ŵyn 300 Inform" in text


def test_without_chart_drawing_the_brief_keeps_the_tables_and_says_which_charts_are_missing(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText, pdf_info: PdfInfo
) -> None:
    pdf = brief_without_charts()
    text = one_line(pdf_text(pdf))

    assert (
        "Charts left out: Cumulative cost and benefit, Cost against speed, because chart "
        "images were switched off for this export." in text
    )
    assert "Residents 120,000 Consult" in text
    assert pdf_info(pdf)["Images"] == "0"


def test_when_no_browser_is_found_the_brief_is_still_made_and_says_why(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText
) -> None:
    pdf = brief_without_charts(render_charts=True, browser_path=NO_BROWSER)
    text = one_line(pdf_text(pdf))

    assert "because no Chrome or Chromium browser was found on the server" in text
    assert "-£1.2m" in text


def test_a_chart_renderer_that_takes_too_long_is_abandoned_and_the_brief_says_so(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText, chromium_path: str
) -> None:
    pdf = brief_without_charts(render_charts=True, browser_path=chromium_path, chart_timeout_s=0.05)

    assert "because the chart renderer did not finish within 0.05 s" in one_line(pdf_text(pdf))


def test_a_long_table_is_cut_to_keep_one_page_and_says_how_much_is_shown(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText, pdf_info: PdfInfo
) -> None:
    long_table = pd.DataFrame({"group": [f"Group {i}" for i in range(200)], "population": 1})

    pdf = brief_without_charts(tables={"All groups": long_table, "Second": long_table})
    text = one_line(pdf_text(pdf))

    assert pdf_info(pdf)["Pages"] == "1"
    assert "Group 0 1" in text
    assert "Group 199" not in text
    assert "of 200 rows; the full table is in the CSV download." in text


def test_a_wide_table_shows_the_columns_that_fit_and_says_how_many_are_hidden(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText
) -> None:
    wide = pd.DataFrame({f"column_{i}": [i] for i in range(15)})

    text = one_line(pdf_text(brief_without_charts(tables={"Wide": wide})))

    assert "column_0" in text
    assert "column_14" not in text
    assert "5 more columns not shown" in text


def test_welsh_letters_print_and_emoji_become_question_marks(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText
) -> None:
    text = one_line(pdf_text(brief_without_charts(scenario_name="Cynllun Ŵyn 🦊 £5")))

    assert "Scenario: Cynllun Ŵyn ? £5" in text


def test_without_the_dejavu_font_the_brief_falls_back_to_latin_1_text(
    brief_without_charts: Callable[..., bytes],
    pdf_text: PdfText,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(brief, "DEJAVU_DIR", tmp_path)

    pdf = brief_without_charts(scenario_name="Plan — Ŵyn 🦊 £5 Siân")
    text = one_line(pdf_text(pdf))

    assert b"DejaVu" not in pdf
    assert "Scenario: Plan - ?yn ? £5 Siân" in text
    assert "-£1.2m" in text


def test_a_headline_without_a_readiness_verdict_or_numbers_still_makes_a_brief(
    brief_without_charts: Callable[..., bytes], pdf_text: PdfText
) -> None:
    pdf = brief_without_charts(
        headline={"npv_gbp": None, "custom_metric": 3}, readiness_text="", figures={}, tables={}
    )
    text = one_line(pdf_text(pdf))

    assert "Net present value Custom metric n/a 3" in text
    assert "left out" not in text


@pytest.fixture(scope="module")
def sample_brief_text(pdf_text: PdfText) -> tuple[str, Any]:
    import model
    from model import options as op
    from report import scenario_brief
    scenario = model.load_sample_scenario()
    result = model.evaluate(scenario)
    options = op.options(result)
    pdf = scenario_brief.brief_pdf(scenario, result, {}, render_charts=False,
                                   decided=scenario_brief.brief_decision(scenario, options))
    return one_line(pdf_text(pdf)), options


def test_the_brief_opens_with_the_decision_the_options_and_the_recommended_plans_assumptions(
        sample_brief_text: tuple[str, Any]) -> None:
    import model
    from model import options as op
    from present import decision
    text, options = sample_brief_text
    scenario = model.load_sample_scenario()
    sentence = one_line(decision.decision_sentence(options, scenario))
    assert text.index(sentence) < text.index("The options") < text.index(
        "Three assumptions that would most change the recommended plan") < text.index(
        "The plan as set: ") < text.index("Year by year")
    for name in op.OPTION_NAMES:
        assert name in text
    assert "swings NPV by" in text and "we assume" in text  # break-even values beside them


def test_the_brief_year_table_is_all_present_values_numbered_from_year_one() -> None:
    import model
    from present.text import money
    from report import scenario_brief
    scenario = model.load_sample_scenario()
    result = model.evaluate(scenario)
    table = next(frame for title, frame in scenario_brief.brief_tables(scenario, result).items()
                 if title.startswith("Year by year"))
    annual = result.annual
    assert list(table["Year"]) == [f"Year {y}" for y in range(1, len(annual) + 1)]
    assert all("(PV)" in column for column in table.columns[1:])
    assert list(table["Benefits (PV)"]) == [money(v) for v in annual["pv_benefits_gbp"]]
    assert list(table["Costs (PV)"]) == [money(v) for v in annual["pv_costs_gbp"]]
    assert list(annual["pv_benefits_gbp"] - annual["pv_costs_gbp"]) == pytest.approx(
        list(annual["pv_net_gbp"]))


def test_the_sample_brief_shows_every_year_on_its_one_page(
        sample_brief_text: tuple[str, Any]) -> None:
    text, _ = sample_brief_text
    assert all(f"Year {year}" in text for year in range(1, 6))
    assert "Showing" not in text and "left out" not in text
