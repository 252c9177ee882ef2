"""The business-case workbook: live formulas that a real spreadsheet program agrees with.

The LibreOffice tests recalculate the workbooks (no cached values are written, so every number
read back was computed by LibreOffice) and compare them with the app's own results.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from model import Result, Scenario, evaluate, load_sample_scenario
from report.workbook import build_workbook, workbook_bytes

ERRORS = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
PHONE_PRICE_GBP = 5.57  # a phone call in 2024 prices, the base year the workbook shows


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return load_sample_scenario()


def long_solved(sample: Scenario) -> Scenario:
    """35 years (past the Green Book's year-30 switch), a 7-month ramp, FTE solved for."""
    return replace(sample, name="=HYPERLINK(\"http://x\")",
                   appraisal=replace(sample.appraisal, horizon_years=35, ramp_months=7),
                   staffing=replace(sample.staffing, planned_fte=None))


def cell(book: Workbook, name: str) -> object:
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return book[sheet][ref.replace("$", "")].value


def with_input(data: bytes, name: str, value: float) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet, ref = next(iter(book.defined_names[name].destinations))
    book[sheet][ref.replace("$", "")] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Inputs that scale a money line's volume (model.registry.Term.inputs), not prices: the
# workbook's lines must stay live in them too.
RATES_CHANGED = {"readers_per_public_reply": 35.0, "public_reply_share": 0.5,
                 "same_need_share": 0.2, "would_have_called_share": 0.4,
                 "approver_minutes_per_approval": 12.0}
EVENTS_CHANGED = 1.5


def _with_inputs(data: bytes, values: dict[str, float]) -> bytes:
    for name, value in values.items():
        data = with_input(data, name, value)
    return data


@pytest.fixture(scope="module")
def recalculated(sample: Scenario,
                 recalculate: Callable[[dict[str, bytes]], Path]) -> dict[str, tuple[Result, Path]]:
    """Three workbooks recalculated in one LibreOffice run, each with the app's result."""
    years = tuple((name, sample.price_base.base_year if name == "phone_contact_gbp" else year)
                  for name, year in sample.price_base.price_years)
    phone = replace(sample, economics=sample.economics.with_contact_prices(
                        {"phone": PHONE_PRICE_GBP}),
                    price_base=replace(sample.price_base, price_years=years))
    rates = replace(sample, economics=replace(sample.economics, **RATES_CHANGED),
                    surge=replace(sample.surge, events_per_year=EVENTS_CHANGED))
    results = {"sample": evaluate(sample), "long": evaluate(long_solved(sample)),
               "phone": evaluate(phone), "rates": evaluate(rates)}
    files = {"sample": workbook_bytes(results["sample"]),
             "long": workbook_bytes(results["long"]),
             # the sample's workbook with only the price changed, in the spreadsheet
             "phone": with_input(workbook_bytes(results["sample"]), "phone_contact_gbp",
                                 PHONE_PRICE_GBP),
             # the sample's workbook with how people behave and how often it floods changed
             "rates": _with_inputs(workbook_bytes(results["sample"]),
                                   {**RATES_CHANGED, "events_per_year": EVENTS_CHANGED})}
    folder = recalculate(files)
    return {stem: (results[stem], folder / f"{stem}.xlsx") for stem in files}


@pytest.mark.parametrize("stem", ["sample", "long"])
def test_libreoffice_gives_the_apps_npv_bcr_and_yearly_totals(
        recalculated: dict[str, tuple[Result, Path]], stem: str) -> None:
    result, path = recalculated[stem]
    book = load_workbook(path, data_only=True)
    assert cell(book, "NPV") == pytest.approx(result.npv_gbp, abs=1.0)
    assert cell(book, "PV_benefits") == pytest.approx(result.pv_benefits_gbp, abs=1.0)
    assert cell(book, "PV_costs") == pytest.approx(result.pv_costs_gbp, abs=1.0)
    assert cell(book, "BCR") == pytest.approx(result.bcr, abs=1e-6)
    appraisal = book["Appraisal"]
    header = next(row for row in range(1, 30) if appraisal.cell(row, 1).value == "Year")
    years = [[appraisal.cell(header + 1 + y, c).value for c in (3, 4, 8)]
             for y in range(result.scenario.appraisal.horizon_years)]
    annual = result.annual
    assert [y[0] for y in years] == pytest.approx(list(annual["benefits_gbp"]), abs=1.0)
    assert [y[1] for y in years] == pytest.approx(list(annual["costs_gbp"]), abs=1.0)
    assert [y[2] for y in years] == pytest.approx(list(annual["pv_net_gbp"]), abs=1.0)
    expected_payback = result.payback_month or "not within the appraisal period"
    assert cell(book, "payback_month") == expected_payback


def test_changing_the_phone_price_in_the_workbook_gives_the_apps_npv_at_that_price(
        recalculated: dict[str, tuple[Result, Path]]) -> None:
    at_price, path = recalculated["phone"]
    sample, _ = recalculated["sample"]
    book = load_workbook(path, data_only=True)
    assert cell(book, "phone_contact_gbp") == PHONE_PRICE_GBP
    assert cell(book, "NPV") == pytest.approx(at_price.npv_gbp, abs=1.0)
    assert abs(at_price.npv_gbp - sample.npv_gbp) > 1_000  # the price really moves the answer


def test_changing_how_people_behave_in_the_workbook_gives_the_apps_npv_then(
        recalculated: dict[str, tuple[Result, Path]]) -> None:
    """Readers a public reply, the shares behind them, sign-off minutes and emergencies a year
    are inputs the lines scale volumes by: edited in the workbook, its NPV is the app's."""
    changed, path = recalculated["rates"]
    sample, _ = recalculated["sample"]
    book = load_workbook(path, data_only=True)
    assert cell(book, "NPV") == pytest.approx(changed.npv_gbp, abs=1.0)
    assert abs(changed.npv_gbp - sample.npv_gbp) > 1_000


@pytest.mark.parametrize("stem", ["sample", "long", "phone", "rates"])
def test_no_formula_cell_is_an_error_after_recalculation(
        recalculated: dict[str, tuple[Result, Path]], stem: str) -> None:
    result, path = recalculated[stem]
    formulas = build_workbook(result)
    values = load_workbook(path, data_only=True)
    checked, errors = 0, []
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for formula in row:
                if isinstance(formula.value, str) and formula.value.startswith("="):
                    checked += 1
                    value = values[sheet.title][formula.coordinate].value
                    if value is None or (isinstance(value, str) and value.startswith(ERRORS)):
                        errors.append(f"{sheet.title}!{formula.coordinate} = {value!r}")
    assert checked > 500
    assert errors == []


def test_every_cost_and_benefit_line_is_a_formula_on_inputs_and_volumes(sample: Scenario) -> None:
    book = build_workbook(evaluate(sample))
    sheet = book["Costs and benefits by year"]
    names = [c.value for c in sheet[3]][2:11]
    full_adoption = [c.value for c in sheet[7]][2:11]
    assert "Calls and visits avoided" in names and "Tool licences" in names
    assert all(isinstance(f, str) and f.startswith("=") for f in full_adoption)
    assert "phone_contact_gbp" in full_adoption[0] and "vol_change_" in full_adoption[0]
    for name in ("NPV", "BCR", "PV_costs", "PV_benefits", "phone_contact_gbp",
                 "loaded_cost_gbp_per_fte_year", "optimism_bias_running"):
        assert name in book.defined_names


def test_inputs_carry_unit_source_and_price_year(sample: Scenario) -> None:
    sheet = build_workbook(evaluate(sample))["Inputs"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    # money in the base year (2024), what the formulas use; the note keeps the figure as entered
    assert rows["phone_contact_gbp"][2:6] == (pytest.approx(2.83 * 100 / 70.834), "£", "R1", 2024)
    assert rows["phone_contact_gbp"][6] == "£2.83 in 2011 prices × 1.4118 (GDP deflator, R14)"
    assert rows["loaded_cost_gbp_per_fte_year"][2:6] == (46276, "£ per FTE a year", "R8", 2024)
    assert "2024 prices" in sheet["A2"].value
    assert rows["complaint_gbp"][4] == "A"
    # settings only the queue model uses say so: editing them in the workbook changes nothing
    assert "re-run the model" in rows["response_target_minutes"][6]
    assert rows["complaint_gbp"][6] is None  # already in 2024 prices: nothing to convert


def test_text_from_users_cannot_run_as_a_formula(sample: Scenario) -> None:
    hostile = long_solved(sample)
    old_name = hostile.groups[0].group
    groups = (replace(hostile.groups[0], group="@SUM(1+1)", why="=cmd|' /C calc'!A0"),
              *(replace(g, part_of="@SUM(1+1)" if g.part_of == old_name else g.part_of)
                for g in hostile.groups[1:]))
    book = build_workbook(evaluate(replace(hostile, groups=groups)))
    assert book["Read me"]["A2"].value == "'=HYPERLINK(\"http://x\")"
    by_group = book["By group"]
    assert by_group["A4"].value == "'@SUM(1+1)"
    assert by_group["K4"].value == "'=cmd|' /C calc'!A0"
    for sheet_name in ("By group", "Read me"):
        for row in book[sheet_name].iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=cmd", "=HYPER", "@")))


def test_read_me_states_the_decision_and_the_options_with_the_plans_npv_live(
        recalculated: dict[str, tuple[Result, Path]]) -> None:
    from model import options as op
    from present import decision
    result, path = recalculated["sample"]
    book = load_workbook(path, data_only=True)
    readme = book["Read me"]
    options = op.options(result)
    assert readme["A3"].value == decision.decision_sentence(options, result.scenario)
    header = next(row for row in range(1, 60) if readme.cell(row, 1).value == "Measure")
    assert [readme.cell(header, c).value for c in range(1, 6)] == ["Measure", *op.OPTION_NAMES]
    npv_row = next(row for row in range(header, header + 20)
                   if readme.cell(row, 1).value == "Net present value")
    assert readme.cell(npv_row, 5).value == pytest.approx(result.npv_gbp, abs=1.0)  # live
    formulas = load_workbook(path)["Read me"]
    assert formulas.cell(npv_row, 5).value == "=NPV"


@pytest.mark.parametrize("stem", ["sample", "long"])
def test_years_are_numbered_one_to_n_and_the_switching_value_means_something(
        recalculated: dict[str, tuple[Result, Path]], stem: str) -> None:
    result, path = recalculated[stem]
    book = load_workbook(path, data_only=True)
    years = result.scenario.appraisal.horizon_years
    costs = book["Costs and benefits by year"]
    top = next(row for row in range(1, 40) if costs.cell(row, 1).value == "Year")
    assert [costs.cell(top + 1 + y, 1).value for y in range(years)] == list(range(1, years + 1))
    switching = cell(book, "switching_value")
    assert switching == pytest.approx(result.switching_value, abs=1e-6)
    assert switching >= -1.0
    assert result.npv_gbp < 0 and switching > 0  # benefits would have to rise by this much


def test_no_wrapped_text_is_cut_off(sample: Scenario) -> None:
    """Excel does not fit a merged cell's row to its text, so each row of wrapped text is made
    tall enough by the workbook: at least a line per column-width unit of characters (11-point
    text averages under one a unit) at 15 points a line. Seen in LibreOffice's render: the
    sample's readiness sentence, four lines across the merged columns, had room for three;
    "77% within 8 h (breaks its promise)" ran into the row below; the switching value's label
    ran under its value; a cost line's two-line header was drawn over "benefit" below it."""
    book = build_workbook(evaluate(sample))
    checked = {}
    for sheet in book.worksheets:
        merged = {(r.min_row, r.min_col): range(r.min_col, r.max_col + 1)
                  for r in sheet.merged_cells.ranges}
        checked[sheet.title] = 0
        for row in sheet.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.alignment.wrap_text
                        and not cell.value.startswith("=")):
                    continue
                columns = merged.get((cell.row, cell.column), [cell.column])
                width = sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43
                            for c in columns)
                lines = sum(-(-len(part) // int(width)) or 1 for part in cell.value.split("\n"))
                height = sheet.row_dimensions[cell.row].height or 15.0
                assert height >= 15.0 * lines - 1e-9, (sheet.title, cell.coordinate,
                                                       cell.value[:60], height)
                checked[sheet.title] += 1
    assert checked["Read me"] >= 60 and checked["Costs and benefits by year"] >= 20, checked


def test_every_team_size_on_volumes_shows_hundredths(sample: Scenario) -> None:
    """A team is read to 0.01 FTE: the pay with unsocial hours included (3.11 FTE at time and
    a bit) once showed as a whole 4 beside the 3.11 paid for."""
    sheet = build_workbook(evaluate(sample))["Volumes"]
    fte_rows = [row for row in range(4, sheet.max_row + 1)
                if str(sheet.cell(row, 2).value or "").startswith("FTE")]
    assert len(fte_rows) >= 3  # paid for, pay at plain time, new staff
    for row in fte_rows:
        assert [sheet.cell(row, c).number_format for c in (3, 4, 5)] == ["#,##0.00"] * 3, (
            sheet.cell(row, 1).value)


def test_no_title_runs_past_its_table(sample: Scenario) -> None:
    """Printed one page wide, a title running on to the right of its table shrinks the whole
    sheet: the Surge sheet's sentence once made its table a third of the page. A title longer
    than its table is wide wraps across the table."""
    book = build_workbook(evaluate(sample))
    for sheet in book.worksheets:
        last = sheet.max_column
        width = sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43
                    for c in range(1, last + 1))
        title = str(sheet["A1"].value)
        if len(title) <= width:
            continue
        spans = [r for r in sheet.merged_cells.ranges if (r.min_row, r.min_col) == (1, 1)]
        assert spans and spans[0].max_col <= last, sheet.title
        assert sheet["A1"].alignment.wrap_text, sheet.title
    assert len(str(book["Surge"]["A1"].value)) > 200  # the case this is about
