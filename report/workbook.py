"""The business case as a live Excel workbook a finance officer can audit and change (openpyxl).

Prices and shares are editable input cells with defined names; the model's volumes (from the
queue and the team) are values; every cost and benefit line, the adoption ramp, the Green Book
discount factors, NPV, BCR, payback and the switching value are formulas on those two. Prices act
linearly on volumes, so changing a price in the workbook gives the NPV the app would give.

`report.workbook_lines.lines` is the one place that knows which volume times which price makes
which line.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from model import options as op
from model.appraisal import (
    DISCOUNT_RATE_FROM_YEAR_31,
    DISCOUNT_RATE_TO_YEAR_30,
    RAMP_STEEPNESS,
    SWITCH_YEAR,
)
from model.result import Result
from model.scenario import Scenario, money_fields
from model.surge import evaluate_surge
from model.units import DAY_NAMES, HOURS_PER_DAY, HOURS_PER_WEEK, MONTHS_PER_YEAR
from present import decision, words
from present.csv_export import escape_cell
from report import workbook_lines
from sample_data.loader import sample_scenario_dict, sample_sources

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GBP = '"£"#,##0;[Red]-"£"#,##0'
SHARE = "0.0%"
NUMBER = "#,##0"
DECIMAL = "#,##0.00"
FACTOR = "0.0000"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: change me
MODEL_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: a model output, re-run to change
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
HEAD_FONT = Font(bold=True, color="FFFFFF")
README_WIDTHS = (36, 26, 26, 26, 26)  # the read-me sheet's columns, in Excel's widths
# The Appraisal sheet's columns: B holds "not within the appraisal period" when it does not pay.
APPRAISAL_WIDTHS = (46, 30, 15, 15, 15, 15, 15, 15, 18)
# Rows of wrapped text are made tall enough for their longest cell (`_fit_wrapped_rows`):
# a line of 11-point text takes 15 points and about a character a unit of column width (bold
# 0.9); a larger font scales both. Excel's default column is 8.43 units wide.
LINE_POINTS = 15.0
BODY_POINTS = 11.0
BOLD_CHARS_PER_WIDTH = 0.9
DEFAULT_COLUMN_WIDTH = 8.43
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=16)

# Constants of the appraisal method, shown as inputs so every formula has a named source.
METHOD_INPUTS = (
    ("discount_rate_to_year_30", DISCOUNT_RATE_TO_YEAR_30, "share a year", "R12",
     "Green Book discount rate, for the first 30 years of discounting (to Year 31)"),
    ("discount_rate_from_year_31", DISCOUNT_RATE_FROM_YEAR_31, "share a year", "R12",
     "Green Book discount rate, after that (from Year 32)"),
    ("discount_switch_year", SWITCH_YEAR, "year", "R12", "last year at the first rate"),
    ("ramp_steepness", RAMP_STEEPNESS, "factor", "model",
     "steepness of the adoption S-curve (model/appraisal.py)"),
)


# Inputs the ramp and appraisal formulas use (beyond those in the cost and benefit lines).
LIVE_IN_APPRAISAL = {"ramp_months", "optimism_bias_setup", "optimism_bias_running"}


# ---------------------------------------------------------------- writing


def workbook_bytes(result: Result, options: op.Options | None = None) -> bytes:
    """The .xlsx file for one evaluated scenario (``options``: worked out when not given)."""
    book = build_workbook(result, options)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_workbook(result: Result, options: op.Options | None = None) -> Workbook:
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "Read me"
    volumes, lines = workbook_lines.lines(result)
    formulas = " ".join(line.formula for line in lines)
    live = {field for _, field, _ in workbook_lines.scenario_inputs(result.scenario)
            if field in formulas}
    _inputs_sheet(book, result.scenario, live | LIVE_IN_APPRAISAL)
    _volumes_sheet(book, volumes)
    _months_sheet(book, result.scenario)
    _costs_sheet(book, result.scenario, lines)
    _appraisal_sheet(book, result.scenario)
    _rota_sheet(book, result)
    _surge_sheet(book, result)
    _group_sheet(book, result)
    _readme_notes(readme, result, _readme_sheet(readme, result, options or op.options(result)))
    book.move_sheet("Months", offset=len(book.sheetnames))
    for sheet in book.worksheets:  # printed or converted to PDF: landscape, one page wide
        _wrap_title(sheet)
        _fit_wrapped_rows(sheet)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return book


def _name(book: Workbook, name: str, sheet: str, ref: str) -> None:
    book.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{_absolute(ref)}")


def _absolute(ref: str) -> str:
    letters = "".join(c for c in ref if c.isalpha())
    return f"${letters}${ref[len(letters):]}"


def _header(sheet: Worksheet, row: int, titles: Iterable[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _wrap_title(sheet: Worksheet) -> None:
    """A title (A1) longer than the table under it is wide wraps across the table, rather
    than running on to its right: printed one page wide, that would shrink the whole sheet
    (the Surge sheet's sentence made its table a third of the page)."""
    title = sheet["A1"]
    last = sheet.max_column
    width = _width(sheet, range(1, last + 1))
    alone = all(sheet.cell(1, c).value is None for c in range(2, last + 1))
    if isinstance(title.value, str) and len(title.value) > width and last > 1 and alone:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
        title.alignment = Alignment(wrap_text=True, vertical="top")


def _fit_wrapped_rows(sheet: Worksheet) -> None:
    """Make every row of wrapped text tall enough for its longest cell. Excel does not fit a
    row to wrapped text in merged cells or in a row given a height, and LibreOffice draws
    what does not fit over the row below (a header's second line over the first row's
    words, a clipped sentence that reads as a different one)."""
    spans = {(span.min_row, span.min_col): range(span.min_col, span.max_col + 1)
             for span in sheet.merged_cells.ranges}
    for row in sheet.iter_rows():
        needed = max((_points_needed(sheet, cell, spans.get((cell.row, cell.column),
                                                            [cell.column]))
                      for cell in row), default=0.0)
        height = sheet.row_dimensions[row[0].row].height
        if needed > (height or LINE_POINTS):
            sheet.row_dimensions[row[0].row].height = needed


def _points_needed(sheet: Worksheet, cell: Any, columns: Iterable[int]) -> float:
    """The height a wrapped text cell needs over these columns (0: not wrapped text)."""
    text = cell.value
    if not (isinstance(text, str) and cell.alignment.wrap_text and not text.startswith("=")):
        return 0.0
    size = float(cell.font.sz or BODY_POINTS)
    bold = BOLD_CHARS_PER_WIDTH if cell.font.b else 1.0
    chars = _width(sheet, columns) * BODY_POINTS / size * bold
    lines = sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))
    return lines * LINE_POINTS * size / BODY_POINTS


def _width(sheet: Worksheet, columns: Iterable[int]) -> float:
    """The columns' width together, in Excel's character units."""
    return sum(sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_COLUMN_WIDTH
               for c in columns)


def _text(value: object) -> object:
    """Text from users, through the one formula-safe rule the CSV exports use."""
    return escape_cell(str(value))


def _format(unit: str) -> str:
    if unit.startswith("£"):
        return '"£"#,##0.00'
    return SHARE if unit in ("share", "uplift", "share a year") else "#,##0.##"


def _new_sheet(book: Workbook, name: str, title: str, font: Font = BOLD) -> Worksheet:
    """A sheet whose cell A1 says (in bold) what it holds and where its numbers come from."""
    sheet = book.create_sheet(name)
    sheet["A1"] = title
    sheet["A1"].font = font
    return sheet


def _inputs_sheet(book: Workbook, scenario: Scenario, live: set[str]) -> None:
    """Every assumption; those in `live` are used by formulas (yellow), the rest by the model."""
    sheet = _new_sheet(book, "Inputs", (
        "Inputs: yellow cells are assumptions. Change them and every formula follows."))
    base = scenario.price_base
    sheet["A2"] = ("Source codes are explained in sample_data/SOURCES.md (R = published figure, "
                   "A = assumption to replace). " + _price_base_note(base.base_year))
    sheet["A3"] = ("Grey values are settings the queue model uses to work out the volumes: "
                   "changing them here changes nothing; change them in the app and export again.")
    _header(sheet, 4, ("Section", "Input (defined name)", "Value", "Unit", "Source",
                       "Price year", "Note"))
    sample, sources = sample_scenario_dict(), sample_sources()
    entered_years = dict(base.price_years)
    row = 5
    for section, field, value in workbook_lines.scenario_inputs(scenario):
        unit = workbook_lines.unit(field)
        source = workbook_lines.source(section, field, value, sample, sources)
        money_input = field in money_fields(scenario.economics)
        factor = base.factor(field) if money_input else 1.0
        price_year = base.base_year if money_input else None
        _input_row(sheet, row, (section, field, value * factor, unit, source, price_year),
                   _format(unit))
        if factor != 1.0:
            sheet.cell(row, 7, f"£{value:,.2f} in {entered_years[field]} prices × {factor:.4f} "
                               "(GDP deflator, R14)")
        if field not in live:
            sheet.cell(row, 3).fill = MODEL_FILL
            sheet.cell(row, 7, "model setting: re-run the model to change")
        _name(book, field, "Inputs", f"C{row}")
        row += 1
    for field, value, unit, source, label in METHOD_INPUTS:
        _input_row(sheet, row, ("method", field, value, unit, source, None), _format(unit))
        sheet.cell(row, 7, label)
        _name(book, field, "Inputs", f"C{row}")
        row += 1
    sheet.freeze_panes = "A5"
    _widths(sheet, (12, 40, 14, 20, 22, 11, 50))


def _price_base_note(base_year: int | None) -> str:
    if base_year is None:
        return "Money is as entered, all in one price year (this scenario sets no base year)."
    return (f"Money is in {base_year} prices, the appraisal's base year: a figure priced in "
            "another year is converted with the HM Treasury GDP deflator (R14), as its note says.")


def _input_row(sheet: Worksheet, row: int, values: tuple[Any, ...], number_format: str) -> None:
    for column, value in enumerate(values, start=1):
        sheet.cell(row, column, value)
    cell = sheet.cell(row, 3)
    cell.fill, cell.number_format = INPUT_FILL, number_format


def _volumes_sheet(book: Workbook, volumes: list[workbook_lines.Volume]) -> None:
    sheet = _new_sheet(book, "Volumes", (
        "Volumes: model outputs (grey), a year at full adoption. They come from the queue model "
        "and the team; change levels, staff or cover in the app and export again to change them."))
    _header(sheet, 3, ("Volume", "Unit", "Plan", "Stay as we are", "Change", "Defined names"))
    for row, volume in enumerate(volumes, start=4):
        sheet.cell(row, 1, volume.label)
        sheet.cell(row, 2, volume.unit)
        if volume.price:  # a price the model works out: one grey cell under its own name
            cell = sheet.cell(row, 3, volume.plan)
            cell.fill, cell.number_format = MODEL_FILL, GBP
            sheet.cell(row, 6, volume.key)
            _name(book, volume.key, "Volumes", f"C{row}")
            continue
        number_format = DECIMAL if volume.unit.startswith("FTE") else NUMBER  # FTE to 0.01
        for column, value in ((3, volume.plan), (4, volume.today)):
            cell = sheet.cell(row, column, value)
            cell.fill, cell.number_format = MODEL_FILL, number_format
        change = sheet.cell(row, 5, f"=C{row}-D{row}")
        change.number_format = number_format
        sheet.cell(row, 6, f"vol_plan_{volume.key}, vol_today_{volume.key}, "
                           f"vol_change_{volume.key}")
        for prefix, letter in (("plan", "C"), ("today", "D"), ("change", "E")):
            _name(book, f"vol_{prefix}_{volume.key}", "Volumes", f"{letter}{row}")
    sheet.freeze_panes = "A4"
    _widths(sheet, (42, 18, 14, 16, 14, 60))


def _months_sheet(book: Workbook, scenario: Scenario) -> None:
    """Month by month: the adoption ramp (S-curve) and the discounted net, for payback."""
    sheet = _new_sheet(book, "Months", (
        "Months: the adoption ramp and the cumulative discounted net, month by month (used for "
        "the yearly ramp and for payback)."))
    months = scenario.appraisal.horizon_years * MONTHS_PER_YEAR
    _header(sheet, 3, ("Month", "Year", "Ramp share", "Discount factor", "Discounted net",
                       "Cumulative", "Month if still below £0"))
    first, last = 4, 3 + months
    low = "(1/(1+EXP(ramp_steepness*0.5)))"
    high = "(1/(1+EXP(-ramp_steepness*0.5)))"
    for row in range(first, last + 1):
        month = row - first + 1
        sheet.cell(row, 1, month)
        sheet.cell(row, 2, f"=INT((A{row}-1)/{MONTHS_PER_YEAR})+1")  # Year 1 is months 1–12
        logistic = f"1/(1+EXP(-ramp_steepness*((A{row}-0.5)/ramp_months-0.5)))"
        sheet.cell(row, 3, f"=IF(ramp_months<=0,1,MAX(0,MIN(1,({logistic}-{low})/({high}-{low}))))"
                   ).number_format = SHARE
        sheet.cell(row, 4, _discount_formula(f"B{row}")).number_format = FACTOR
        one_off = "-one_off_gbp" if month == 1 else ""
        sheet.cell(row, 5, f"=D{row}/{MONTHS_PER_YEAR}*(ramped_net_full_gbp*C{row}"
                           f"+flat_net_full_gbp){one_off}").number_format = GBP
        previous = f"F{row - 1}+" if row > first else ""
        sheet.cell(row, 6, f"={previous}E{row}").number_format = GBP
        sheet.cell(row, 7, f"=IF(F{row}<0,A{row},0)")
    for name, column in (("month_ramp", "C"), ("month_year", "B"), ("month_cumulative", "F"),
                         ("month_below_zero", "G")):
        book.defined_names[name] = DefinedName(
            name, attr_text=f"'Months'!${column}${first}:${column}${last}")
    _name(book, "final_cumulative_gbp", "Months", f"F{last}")
    sheet.freeze_panes = "A4"
    _widths(sheet, (8, 6, 12, 14, 16, 16, 14))


def _costs_sheet(book: Workbook, scenario: Scenario, lines: list[workbook_lines.Line]) -> None:
    sheet = _new_sheet(book, "Costs and benefits by year", (
        "Costs and benefits by year (£, plan minus stay as we are, not discounted). Every cell is"
        " a formula on Inputs and Volumes."))
    years = scenario.appraisal.horizon_years
    first_line = 3  # column C
    last_line = first_line + len(lines) - 1
    totals = last_line + 1
    _header(sheet, 3, ("", "Ramp share", *(line.name for line in lines),
                       "Benefits", "Costs", "Net"))
    labels = ("Counts as", "Ramped in", "How it is worked out", "A year at full adoption")
    for offset, label in enumerate(labels):
        sheet.cell(4 + offset, 1, label).font = BOLD
        sheet.cell(4 + offset, 1).alignment = Alignment(vertical="top")
    for index, line in enumerate(lines):
        column = get_column_letter(first_line + index)
        sheet[f"{column}4"] = line.kind
        sheet[f"{column}5"] = "yes" if line.ramped else "no"
        sheet[f"{column}6"] = line.explained
        sheet[f"{column}6"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet[f"{column}7"] = f"={line.formula}"
        sheet[f"{column}7"].number_format = GBP
    span = f"{get_column_letter(first_line)}{{row}}:{get_column_letter(last_line)}{{row}}"
    kinds, ramped, full = (span.format(row=r) for r in (4, 5, 7))
    _defined(book, "ramped_net_full_gbp", f'=SUMPRODUCT(({kinds}="benefit")-({kinds}'
             f'="running cost"),--({ramped}="yes"),{full})', sheet, "B9")
    _defined(book, "flat_net_full_gbp", f'=SUMPRODUCT(({kinds}="benefit")-({kinds}'
             f'="running cost"),--({ramped}="no"),{full})', sheet, "B10")
    _defined(book, "one_off_gbp", f'=SUMIF({kinds},"one-off cost",{full})', sheet, "B11")
    for row, label in ((9, "Net a year at full adoption, ramped lines"),
                       (10, "Net a year at full adoption, other running lines"),
                       (11, "One-off costs (Year 1)")):
        sheet.cell(row, 1, label)
    top = 13
    sheet.cell(top, 1, "Year").font = BOLD
    for index in range(years):
        row = top + 1 + index
        sheet.cell(row, 1, index + 1)  # Year 1 … N, as in the app and the brief
        sheet.cell(row, 2, f"=AVERAGEIF(month_year,A{row},month_ramp)").number_format = SHARE
        for offset, line in enumerate(lines):
            column = get_column_letter(first_line + offset)
            full_cell = f"{column}$7"
            if line.kind == "one-off cost":
                formula = f"=IF(A{row}=1,{full_cell},0)"
            elif line.ramped:
                formula = f"={full_cell}*$B{row}"
            else:
                formula = f"={full_cell}"
            sheet[f"{column}{row}"] = formula
        row_span = span.format(row=row)
        sheet.cell(row, totals, f'=SUMIF({kinds},"benefit",{row_span})')
        sheet.cell(row, totals + 1, f'=SUMIF({kinds},"<>benefit",{row_span})')
        sheet.cell(row, totals + 2, f"={get_column_letter(totals)}{row}"
                                    f"-{get_column_letter(totals + 1)}{row}")
        for column in range(first_line, totals + 3):
            sheet.cell(row, column).number_format = GBP
    last = top + years
    for name, column in (("year_benefits", totals), ("year_costs", totals + 1)):
        letter = get_column_letter(column)
        book.defined_names[name] = DefinedName(
            name, attr_text=f"'Costs and benefits by year'!${letter}${top + 1}:${letter}${last}")
    book.defined_names["year_index"] = DefinedName(
        "year_index", attr_text=f"'Costs and benefits by year'!$A${top + 1}:$A${last}")
    sheet.freeze_panes = "C4"
    _widths(sheet, (26, 11, *([17] * len(lines)), 15, 15, 15))


def _discount_formula(year_ref: str) -> str:
    """The Green Book factor for Year 1 … N (Year 1 undiscounted), as a formula on the rates."""
    years = f"({year_ref}-1)"
    return (f"=1/((1+discount_rate_to_year_30)^MIN({years},discount_switch_year)"
            f"*(1+discount_rate_from_year_31)^MAX({years}-discount_switch_year,0))")


def _defined(book: Workbook, name: str, formula: str, sheet: Worksheet, ref: str) -> None:
    sheet[ref] = formula
    sheet[ref].number_format = GBP
    _name(book, name, sheet.title, ref)


def _appraisal_sheet(book: Workbook, scenario: Scenario) -> None:
    sheet = _new_sheet(book, "Appraisal", (
        "Appraisal: HM Treasury Green Book, present values in £"), TITLE)
    summary = (
        ("NPV", "Net present value", "=PV_benefits-PV_costs", GBP),
        ("PV_benefits", "Present value of benefits", "=SUMPRODUCT(year_benefits,year_factor)",
         GBP),
        ("PV_costs", "Present value of costs (with optimism bias)",
         "=SUMPRODUCT(year_costs,year_factor)", GBP),
        ("BCR", "Benefit-cost ratio", '=IF(PV_costs>0,PV_benefits/PV_costs,"no extra cost")',
         DECIMAL),
        ("payback_month", "Pays back from month",
         '=IF(final_cumulative_gbp<0,"not within the appraisal period",MAX(month_below_zero)+1)',
         NUMBER),
        ("switching_value", "Switching value: change in benefits that brings NPV to £0 "
         "(below 0: they can fall this far; above 0: they must rise this much)",
         '=IF(PV_benefits<=0,"benefits are not positive",MAX(-1,-NPV/PV_benefits))', SHARE),
    )
    for row, (name, label, formula, number_format) in enumerate(summary, start=3):
        sheet.cell(row, 1, label).font = BOLD
        sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        cell = sheet.cell(row, 2, formula)
        cell.number_format, cell.font = number_format, BOLD
        sheet.cell(row, 3, name)
        _name(book, name, "Appraisal", f"B{row}")
    note = 3 + len(summary)
    sheet.cell(note, 1, "Optimism bias (already in the costs above)")
    sheet.cell(note, 2, "=optimism_bias_running").number_format = SHARE
    sheet.cell(note, 3, "on running costs")
    sheet.cell(note + 1, 2, "=optimism_bias_setup").number_format = SHARE
    sheet.cell(note + 1, 3, "on one-off costs")
    top = note + 3
    _header(sheet, top, ("Year", "Discount factor", "Benefits", "Costs", "Net",
                         "PV benefits", "PV costs", "PV net", "Cumulative PV net"))
    years = scenario.appraisal.horizon_years
    for index in range(years):
        row = top + 1 + index
        source = top + 1 + index
        sheet.cell(row, 1, f"=INDEX(year_index,{index + 1})")
        sheet.cell(row, 2, _discount_formula(f"A{row}")).number_format = FACTOR
        sheet.cell(row, 3, f"=INDEX(year_benefits,{index + 1})")
        sheet.cell(row, 4, f"=INDEX(year_costs,{index + 1})")
        sheet.cell(row, 5, f"=C{row}-D{row}")
        sheet.cell(row, 6, f"=C{row}*B{row}")
        sheet.cell(row, 7, f"=D{row}*B{row}")
        sheet.cell(row, 8, f"=E{row}*B{row}")
        sheet.cell(row, 9, f"=H{row}" if index == 0 else f"=I{source - 1}+H{row}")
        for column in range(3, 10):
            sheet.cell(row, column).number_format = GBP
    book.defined_names["year_factor"] = DefinedName(
        "year_factor", attr_text=f"'Appraisal'!$B${top + 1}:$B${top + years}")
    sheet.freeze_panes = f"A{top + 1}"
    _widths(sheet, APPRAISAL_WIDTHS)


def _rota_sheet(book: Workbook, result: Result) -> None:
    """The hour-of-week staffing the queue model used (the plan), as day × hour grids."""
    sheet = _new_sheet(book, "Rota", (
        "Rota: people on duty answering, each hour of the week (plan), and the messages expected "
        "that hour. Model outputs."))
    week = result.week
    grids = (("People on duty answering", week["agents"].to_numpy(), DECIMAL),
             ("Replies expected (messages an hour)", week["arrivals"].to_numpy(), DECIMAL))
    left = 1
    for title, values, number_format in grids:
        sheet.cell(3, left, title).font = BOLD
        for day, name in enumerate(DAY_NAMES):
            sheet.cell(4, left + 1 + day, name).font = BOLD
        grid = np.asarray(values, dtype=float).reshape(len(DAY_NAMES), HOURS_PER_DAY)
        for hour in range(HOURS_PER_DAY):
            sheet.cell(5 + hour, left, f"{hour:02d}:00")
            for day in range(len(DAY_NAMES)):
                cell = sheet.cell(5 + hour, left + 1 + day, float(grid[day, hour]))
                cell.number_format, cell.fill = number_format, MODEL_FILL
        left += len(DAY_NAMES) + 2
    assert week.shape[0] == HOURS_PER_WEEK
    sheet.freeze_panes = "B5"
    _widths(sheet, [8] + [7] * 7 + [3] + [8] + [7] * 7)


def _surge_sheet(book: Workbook, result: Result) -> None:
    """The plan's team through the scenario's emergency (model/surge.py): the figures, the
    surge rota and its cost, and the backlog hour by hour. Model outputs."""
    assessment = evaluate_surge(result.scenario, result=result)
    sheet = _new_sheet(book, "Surge", "Surge: " + words.surge_sentence(assessment))
    if assessment is None:
        return
    plan, rota, surge = assessment.plan, assessment.rota, assessment.surge
    rows: list[tuple[str, float, str]] = [
        ("Event starts (hour of the week, 0 = Monday 00:00)", surge.start_hour, "0"),
        ("Event lasts (hours)", surge.duration_hours, "0"),
        ("Messages, times the usual", surge.multiplier, DECIMAL),
        ("Messages arriving during the event", plan.messages, DECIMAL),
        ("Promise kept through it: share", assessment.target_share, "0%"),
        ("Promise kept through it: minutes", assessment.target_minutes, "0"),
        ("Share answered in time (plan's team)", plan.share_within_target, "0.0%"),
        ("Share answered in time, a typical week", plan.typical_share_within_target, "0.0%"),
        ("Median reply in the event (minutes)", plan.median_response_minutes, "0"),
        ("Wait of a message arriving as it ends (hours)", plan.hours_to_clear, "0.0"),
        ("Back to a typical week's backlog after (hours)", plan.hours_to_normal, "0"),
        ("Most messages waiting at once", plan.peak_backlog, "0"),
        ("Surge rota: more people on duty each event hour", rota.extra_people, "0"),
        ("Surge rota: shifts", rota.shifts, "0"),
        ("Surge rota: paid hours", rota.paid_hours, DECIMAL),
        ("Surge rota: cost an event (£)", rota.cost_gbp, '"£"#,##0'),
        ("Events a year", surge.events_per_year, DECIMAL),
        ("Surge cost a year (£)", assessment.cost_per_year_gbp(), '"£"#,##0'),
        ("Surge cost a year, low (£)", assessment.cost_per_year_gbp(surge.events_per_year_low),
         '"£"#,##0'),
        ("Surge cost a year, high (£)",
         assessment.cost_per_year_gbp(surge.events_per_year_high), '"£"#,##0'),
        ("Holding lines pre-approved: share in time",
         assessment.holding_lines.share_within_target, "0.0%"),
        ("Pinned public update: share in time", assessment.pinned_update.share_within_target,
         "0.0%"),
    ]
    if assessment.today is not None:
        rows.append(("Staying as we are: share in time", assessment.today.share_within_target,
                     "0.0%"))
    for offset, (name, value, number_format) in enumerate(rows):
        sheet.cell(4 + offset, 1, name)
        cell = sheet.cell(4 + offset, 2, float(value) if np.isfinite(value) else "never")
        cell.number_format, cell.fill = number_format, MODEL_FILL
    _header(sheet, 3, ("Measure", "Value", "", "Hours from the event's start",
                       "Messages waiting", "Typical week"))
    for offset, (hour, waiting, typical) in enumerate(zip(
            plan.hours_from_start, plan.backlog, plan.typical_backlog, strict=True)):
        for column, value in ((4, float(hour)), (5, float(waiting)), (6, float(typical))):
            cell = sheet.cell(4 + offset, column, value)
            cell.number_format, cell.fill = DECIMAL, MODEL_FILL
    sheet.freeze_panes = "A4"
    _widths(sheet, [52, 14, 3, 16, 16, 14])


def _group_sheet(book: Workbook, result: Result) -> None:
    sheet = _new_sheet(book, "By group", (
        "By group: the model's split of present values by stakeholder group, at the inputs as "
        "exported (values, not formulas)."))
    table = result.by_group
    columns = (("group", "Group", None), ("current_level", "Today", None),
               ("target_level", "Target", None),
               ("inbound_per_week_today", "Messages a week today", DECIMAL),
               ("inbound_per_week", "Messages a week (plan)", DECIMAL),
               ("replies_per_week", "Replies a week (plan)", DECIMAL),
               ("fte_share", "Share of the team", SHARE), ("cost_gbp", "PV cost", GBP),
               ("benefit_gbp", "PV benefit", GBP), ("net_gbp", "PV net", GBP),
               ("why", "Why", None))
    _header(sheet, 3, (title for _, title, _ in columns))
    for row, record in enumerate(table.to_dict("records"), start=4):
        for column, (key, _, number_format) in enumerate(columns, start=1):
            value = record[key]
            cell = sheet.cell(row, column, _text(value) if number_format is None
                              else float(value))
            if number_format:
                cell.number_format = number_format
            # names and reasons wrap in their columns (rows are fitted to them)
            cell.alignment = Alignment(wrap_text=number_format is None, vertical="top")
    sheet.freeze_panes = "B4"
    _widths(sheet, (24, 12, 12, 14, 14, 14, 12, 14, 14, 14, 50))


def _readme_sheet(sheet: Worksheet, result: Result, options: op.Options) -> int:
    """The decision, the options, the plan as set's live answer; returns the next free row."""
    scenario = result.scenario
    sheet["A1"] = "Engagement plan: the business case"
    sheet["A1"].font = TITLE
    sheet["A2"] = _text(scenario.name or "Unnamed scenario")
    sheet["A3"] = _text(decision.decision_sentence(options, scenario))
    sheet["A3"].font = Font(bold=True, size=12, color="1F4E79")
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A3:E3")
    sheet["A4"] = ('=IF(NPV>=0,"The plan as set pays for itself over the appraisal period: net '
                   'present value £"&TEXT(NPV,"#,##0"),"The plan as set does not pay for itself '
                   'in cash over the appraisal period: it costs £"&TEXT(-NPV,"#,##0")&" more '
                   'than it saves, in present value")')
    sheet["A4"].font = BOLD
    sheet.merge_cells("A4:E4")
    answer = (("Net present value (as set)", "=NPV", GBP), ("Benefit-cost ratio", "=BCR", DECIMAL),
              ("Present value of benefits", "=PV_benefits", GBP),
              ("Present value of costs", "=PV_costs", GBP),
              ("Pays back from month", "=payback_month", NUMBER),
              ("Switching value", '=IF(PV_benefits<=0,"no benefits to switch",IF(NPV>=0,'
               '"benefits can fall by "&TEXT(-switching_value,"0%")&" before NPV turns negative",'
               '"benefits would have to rise by "&TEXT(switching_value,"#,##0%")&" to break '
               'even"))', None))
    for row, (label, formula, number_format) in enumerate(answer, start=6):
        sheet.cell(row, 1, label).font = BOLD
        cell = sheet.cell(row, 2, formula)
        cell.font = Font(bold=True, size=13)
        if number_format:
            cell.number_format = number_format
    sheet["A12"] = _text(words.readiness_text(result.readiness))
    sheet["A12"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A12:E12")
    return _options_table(sheet, options, scenario, top=14)


def _options_table(sheet: Worksheet, options: op.Options, scenario: Scenario, top: int) -> int:
    """The options side by side, as the app shows them; the plan as set's NPV is live."""
    sheet.cell(top, 1, "The options, against staying as we are (values from the model; the "
                       "plan as set's NPV is the live formula)").font = BOLD
    table = decision.options_table(options, scenario)
    _header(sheet, top + 1, table.columns)
    for offset, record in enumerate(table.itertuples(index=False), start=top + 2):
        for column, value in enumerate(record, start=1):
            cell = sheet.cell(offset, column, _text(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if record[0] == "Net present value":
            live = sheet.cell(offset, list(table.columns).index(op.AS_SET) + 1, "=NPV")
            live.number_format = GBP
    note = top + 2 + len(table)
    sheet.cell(note, 1, "The recommended plan's figures are values: its levels, promise and "
                        "team give other volumes than this workbook's. Apply it in the app "
                        "and export again for its own live formulas.")
    sheet.merge_cells(start_row=note, start_column=1, end_row=note, end_column=5)
    sheet.cell(note, 1).alignment = Alignment(wrap_text=True, vertical="top")
    return note + 2


def _readme_notes(sheet: Worksheet, result: Result, first: int) -> None:
    notes = (
        "How to read this workbook",
        "Yellow cells (Inputs) are assumptions: change them and every formula follows.",
        "Grey cells (Volumes, Rota, By group) are model outputs: how many messages, replies, "
        "sign-offs and staff the queue model works out for the plan and for staying as we are.",
        "Everything else is a formula: each cost and benefit line is a volume × a price "
        "(Costs and benefits by year, row 6 says how); the ramp, discount factors, NPV, BCR "
        "and payback are formulas too.",
        "Prices act linearly on the volumes, so changing a price here gives the NPV the app "
        "would give at that price.",
        "Changing levels, response target, cover or staff changes the volumes themselves: "
        "change them in the app (or the scenario file) and export again: "
        "python -m report scenario.json --xlsx out.xlsx",
        "Green Book discount factors: 3.5 % a year to the 30th year of discounting, 3.0 % "
        "after; Year 1 is not discounted (factor 1). Optimism bias is added to costs "
        "(Appraisal sheet).",
        "Not priced, and not in these numbers: " + "; ".join(result.unpriced_benefits) + ".",
    )
    for offset, note in enumerate(notes):
        cell = sheet.cell(first + offset, 1, note)
        cell.font = BOLD if offset == 0 else Font()
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=first + offset, start_column=1, end_row=first + offset,
                          end_column=5)
    _widths(sheet, README_WIDTHS)
