"""One-page A4 PDF brief of a scenario: headline numbers, readiness, charts and tables (fpdf2).

Text uses DejaVu Sans (Debian ``fonts-dejavu-core``) when it is installed, so £, Welsh
(ŵ, ŷ) and most accented names print as typed; characters the font lacks (emoji) print as
``?``. Without DejaVu the core Helvetica font is used and text is reduced to Latin-1.
Everything is laid out to fit one page: long tables are cut with a note saying so.
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import TTFFont
from pandas.api.types import is_numeric_dtype

from present.words import READY_AT_EDGE
from report import _format as fmt
from report.charts import CHART_HEIGHT_PX, CHART_WIDTH_PX, ChartImages, render_pngs

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
LONDON = ZoneInfo("Europe/London")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

PAGE_MARGIN_MM = 15.0
GAP_MM = 4.0
CARD_HEIGHT_MM = 13.0
CARDS_PER_ROW = 4
MAX_CARDS = 12
CHARTS_PER_ROW = 2
TEXT_LINE_MM = 4.6
TABLE_ROW_MM = 5.0
TABLE_MIN_COLUMN_MM = 17.0
READINESS_MAX_LINES = 5
SURGE_MAX_LINES = 4
FOOTNOTE_MM = 5.0
MAX_COLUMN_STRETCH = 2.0

GREY = (90, 90, 90)
GREEN = (0, 112, 60)
AMBER = (150, 90, 0)
RED = (180, 30, 30)
BLACK = (0, 0, 0)
RULE_GREY = (200, 200, 200)

HEADLINE_CARDS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("npv_gbp", "Net present value", fmt.money_gbp),
    ("bcr", "Benefit-cost ratio", fmt.ratio),
    ("fte_required", "Staff needed", fmt.fte),
    ("fte_planned", "Staff planned", fmt.fte),
    ("share_within_target", "Answered within target", fmt.share),
    ("median_response_minutes", "Median first reply", fmt.duration_minutes),
    ("p90_response_minutes", "9 in 10 answered within", fmt.duration_minutes),
)
NOT_CARDS = {"ready", "readiness_message"}
DECISION_MAX_LINES = 5
SMALLEST_CELL_PT = 6.5  # a table cell shrinks to this before it is cut short
DECISION_ROW_MM = 4.2  # the options table's rows: tighter, so the charts still fit below
READINESS_LINES_WITH_DECISION = 5  # the plan as set: why not ready, and what would make it
ASSUMPTION_MAX_LINES = 3


@dataclass(frozen=True)
class Decision:
    """The board's decision, printed first: the banner sentence, the options side by side,
    the recommended plan and the assumptions that would most change it."""

    sentence: str
    options: pd.DataFrame  # one column per option (present.decision.options_table)
    plan: str  # the recommended plan in a line
    assumptions_title: str  # names the plan the assumptions describe
    assumptions: tuple[str, ...]
    as_set_title: str = "The plan as set"  # heads the figures that follow


def pdf_brief(
    title: str,
    scenario_name: str,
    headline: Mapping[str, Any],
    readiness_text: str,
    figures: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    *,
    render_charts: bool = True,
    browser_path: str | None = None,
    chart_timeout_s: float = 30.0,
    produced_at: datetime | None = None,
    surge_line: str = "",
    decision: Decision | None = None,
) -> bytes:
    """Build the one-page brief and return the PDF bytes.

    ``figures`` maps chart titles to plotly figures, drawn as PNG through kaleido and a system
    Chrome/Chromium (``browser_path``, else ``$BROWSER_PATH``, else found on PATH). When no
    browser is found, drawing fails or takes longer than ``chart_timeout_s``, or
    ``render_charts`` is false, the brief is produced without them and says which charts were
    left out and why. ``tables`` maps titles to data frames, shown as far as the page allows.
    ``surge_line``: how the plan copes in an emergency (present.words.surge_sentence), one line.
    ``decision``, when given, comes first: the figures after it are the plan as set's.
    """
    images = render_pngs(
        figures, enabled=render_charts, browser_path=browser_path, timeout_s=chart_timeout_s
    )
    page = _Page()
    page.heading(title, scenario_name, produced_at or datetime.now(LONDON))
    if decision is not None:
        page.decision(decision)
    if decision is None:
        page.headline_cards(_headline_cards(headline))
    # With the decision above, the options table already gives the plan as set's NPV, team
    # and service: its cards would repeat them, and the year table needs the room.
    page.readiness(
        headline.get("ready"), readiness_text or str(headline.get("readiness_message", "")),
        READINESS_MAX_LINES if decision is None else READINESS_LINES_WITH_DECISION,
        headline.get("ready_at_edge", False),
    )
    page.surge(surge_line)
    page.charts(figures, images)
    page.tables(tables, TABLE_ROW_MM if decision is None else DECISION_ROW_MM)
    return page.output()


def _headline_cards(headline: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs: the known numbers in a fixed order, then any others."""
    cards = [
        (label, formatter(headline[key]))
        for key, label, formatter in HEADLINE_CARDS
        if key in headline
    ]
    known = {key for key, _, _ in HEADLINE_CARDS} | NOT_CARDS
    cards += [
        (fmt.plain_label(str(key)), fmt.table_cell(value))
        for key, value in headline.items()
        if key not in known
    ]
    return cards[:MAX_CARDS]


@dataclass(frozen=True)
class _Fonts:
    family: str
    ellipsis: str
    allowed: Callable[[str], bool]


def _load_fonts(pdf: FPDF) -> _Fonts:
    """DejaVu Sans when installed (wide Unicode); otherwise Helvetica limited to Latin-1."""
    regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        codepoints = _codepoints(pdf, "dejavu") & _codepoints(pdf, "dejavuB")
        return _Fonts("DejaVu", "…", lambda char: ord(char) in codepoints)
    return _Fonts("Helvetica", "...", lambda char: ord(char) < 256)


def _codepoints(pdf: FPDF, font_key: str) -> set[int]:
    """The characters an embedded TrueType font has glyphs for."""
    font = pdf.fonts[font_key]
    return set(font.cmap) if isinstance(font, TTFFont) else set(range(256))


LATIN1_STAND_INS = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00a0": " ",
}


class _Page:
    """An A4 page filled top to bottom; every block checks the room left before drawing."""

    def __init__(self) -> None:
        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
        self.pdf.set_auto_page_break(False)
        self.pdf.add_page()
        self.fonts = _load_fonts(self.pdf)
        self.width_mm = self.pdf.w - 2 * PAGE_MARGIN_MM
        self.bottom_mm = self.pdf.h - PAGE_MARGIN_MM

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    # text helpers -------------------------------------------------------------------------

    def text(self, value: object) -> str:
        """``value`` as text the font can print; unknown characters become '?'."""
        raw = str(value)
        if self.fonts.family == "Helvetica":
            raw = "".join(LATIN1_STAND_INS.get(char, char) for char in raw)
        return "".join(char if char in "\n\t" or self.fonts.allowed(char) else "?" for char in raw)

    def fitted(self, value: object, width_mm: float) -> str:
        """Printable text cut with an ellipsis so it fits on one line of ``width_mm``."""
        text = self.text(value).replace("\n", " ")
        if self.pdf.get_string_width(text) <= width_mm:
            return text
        ellipsis = self.fonts.ellipsis
        while text and self.pdf.get_string_width(text + ellipsis) > width_mm:
            text = text[:-1]
        return text.rstrip() + ellipsis

    def font(
        self, size_pt: float, bold: bool = False, colour: tuple[int, int, int] = BLACK
    ) -> None:
        self.pdf.set_font(self.fonts.family, "B" if bold else "", size_pt)
        self.pdf.set_text_color(*colour)

    def room_mm(self) -> float:
        return self.bottom_mm - self.pdf.get_y()

    def line(self, value: object, height_mm: float, *, align: str = "L") -> None:
        self.pdf.set_x(PAGE_MARGIN_MM)
        self.pdf.cell(
            self.width_mm,
            height_mm,
            self.fitted(value, self.width_mm),
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def wrapped(self, value: object, max_lines: int, line_mm: float = TEXT_LINE_MM) -> None:
        """Paragraph wrapped to the page width, cut after ``max_lines`` lines."""
        lines = cast(
            list[str],
            self.pdf.multi_cell(
                self.width_mm, line_mm, self.text(value), dry_run=True, output="LINES"
            ),
        )
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1] + self.fonts.ellipsis]
        for text_line in lines:
            self.line(text_line, line_mm)

    def gap(self, height_mm: float = GAP_MM) -> None:
        self.pdf.set_y(self.pdf.get_y() + height_mm)

    # blocks -------------------------------------------------------------------------------

    def heading(self, title: str, scenario_name: str, produced_at: datetime) -> None:
        self.font(18, bold=True)
        self.line(title, 9)
        self.font(10, colour=GREY)
        when = f"{produced_at.day} {MONTHS[produced_at.month - 1]} {produced_at.year}"
        self.line(f"Scenario: {scenario_name}   ·   {when}", 6)
        self.pdf.set_draw_color(*RULE_GREY)
        y = self.pdf.get_y() + 1
        self.pdf.line(PAGE_MARGIN_MM, y, PAGE_MARGIN_MM + self.width_mm, y)
        self.gap(3)

    def decision(self, decision: Decision) -> None:
        """The banner sentence, the options table, the recommended plan and its assumptions."""
        self.font(11, bold=True)
        self.wrapped(decision.sentence, DECISION_MAX_LINES, TEXT_LINE_MM + 0.6)
        self.gap(1)
        self.table("The options (against staying as we are)", decision.options,
                   self.room_mm(), DECISION_ROW_MM)
        self.gap(1)
        self.font(10, bold=True)
        self.line("The recommended plan", 6)
        self.font(9)
        self.wrapped(decision.plan, 3)
        self.gap(1)
        self.font(10, bold=True)
        self.line(decision.assumptions_title, 6)
        for number, assumption in enumerate(decision.assumptions, start=1):
            self.font(9)
            self.wrapped(f"{number}. {assumption}", ASSUMPTION_MAX_LINES)
        self.gap(1)
        self.pdf.set_draw_color(*RULE_GREY)
        y = self.pdf.get_y()
        self.pdf.line(PAGE_MARGIN_MM, y, PAGE_MARGIN_MM + self.width_mm, y)
        self.gap(1)
        self.font(12, bold=True)
        self.line(decision.as_set_title, 7)

    def headline_cards(self, cards: list[tuple[str, str]]) -> None:
        card_width = self.width_mm / CARDS_PER_ROW
        top = self.pdf.get_y()
        for index, (label, value) in enumerate(cards):
            row, column = divmod(index, CARDS_PER_ROW)
            x, y = PAGE_MARGIN_MM + column * card_width, top + row * CARD_HEIGHT_MM
            self.pdf.set_xy(x, y)
            self.font(8, colour=GREY)
            self.pdf.cell(card_width, 4, self.fitted(label, card_width - 2))
            self.pdf.set_xy(x, y + 4)
            self.font(14, bold=True)
            self.pdf.cell(card_width, 7, self.fitted(value, card_width - 2))
        rows = math.ceil(len(cards) / CARDS_PER_ROW)
        self.pdf.set_y(top + rows * CARD_HEIGHT_MM)
        self.gap(2)

    def readiness(self, ready: object, readiness_text: str,
                  max_lines: int = READINESS_MAX_LINES, at_edge: object = False) -> None:
        if ready is True and at_edge is True:
            verdict = f"{READY_AT_EDGE}: the last point of the promise takes many people"
            colour = AMBER
        elif ready is True:
            verdict, colour = "Ready: the planned team can keep this promise", GREEN
        elif ready is False:
            verdict, colour = "Not ready: the planned team cannot keep this promise", RED
        else:
            verdict, colour = "Readiness", BLACK
        self.font(11, bold=True, colour=colour)
        self.line(verdict, 6)
        if readiness_text.strip():
            self.font(9)
            self.wrapped(readiness_text.strip(), max_lines)
        self.gap()

    def surge(self, text: str) -> None:
        """One short paragraph: the plan's team through an emergency (issue 27)."""
        if not text.strip():
            return
        self.font(9, bold=True)
        self.line("In an emergency", 5)
        self.font(9)
        self.wrapped(text.strip(), SURGE_MAX_LINES)
        self.gap()

    def charts(self, figures: Mapping[str, Any], images: ChartImages) -> None:
        """Charts two to a row; then one line per reason for any chart left out."""
        column_gap = 6.0
        chart_width = (self.width_mm - column_gap * (CHARTS_PER_ROW - 1)) / CHARTS_PER_ROW
        chart_height = chart_width * CHART_HEIGHT_PX / CHART_WIDTH_PX
        drawn = [title for title in figures if title in images.png_by_title]
        left_out = dict(images.left_out)
        for start in range(0, len(drawn), CHARTS_PER_ROW):
            row_titles = drawn[start : start + CHARTS_PER_ROW]
            if self.room_mm() < 5 + chart_height + FOOTNOTE_MM * 2:
                left_out.update(dict.fromkeys(row_titles, "there was no room left on the page"))
                continue
            top = self.pdf.get_y()
            for column, chart_title in enumerate(row_titles):
                x = PAGE_MARGIN_MM + column * (chart_width + column_gap)
                self.pdf.set_xy(x, top)
                self.font(9, bold=True)
                self.pdf.cell(chart_width, 5, self.fitted(chart_title, chart_width))
                png = io.BytesIO(images.png_by_title[chart_title])
                self.pdf.image(png, x=x, y=top + 5, w=chart_width, h=chart_height)
            self.pdf.set_y(top + 5 + chart_height)
            self.gap(2)
        self.left_out_note(left_out)

    def left_out_note(self, left_out: Mapping[str, str]) -> None:
        by_reason: dict[str, list[str]] = {}
        for chart_title, reason in left_out.items():
            by_reason.setdefault(reason, []).append(chart_title)
        for reason, titles in by_reason.items():
            self.font(9, colour=GREY)
            noun = "Chart" if len(titles) == 1 else "Charts"
            self.wrapped(f"{noun} left out: {', '.join(titles)}, because {reason}.", 3)
        if by_reason:
            self.gap(2)

    def tables(self, tables: Mapping[str, pd.DataFrame], row_mm: float = TABLE_ROW_MM) -> None:
        """Each table under its title; rows beyond the room left are cut, with a note."""
        items = list(tables.items())
        for index, (table_title, frame) in enumerate(items):
            later_tables = len(items) - index - 1
            reserve_mm = later_tables * (6 + 3 * TABLE_ROW_MM + FOOTNOTE_MM + GAP_MM)
            room_mm = self.room_mm() - reserve_mm
            if room_mm < 6 + 2 * TABLE_ROW_MM:
                self.font(9, colour=GREY)
                self.line(f"Table left out for lack of room: {table_title}", FOOTNOTE_MM)
                continue
            self.table(table_title, frame, room_mm, row_mm)
            self.gap()

    def table(self, table_title: str, frame: pd.DataFrame, room_mm: float,
              row_mm: float = TABLE_ROW_MM) -> None:
        self.font(10, bold=True)
        self.line(table_title, 6)
        data = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
        max_columns = int(self.width_mm // TABLE_MIN_COLUMN_MM)
        shown_columns = list(range(min(data.shape[1], max_columns)))
        rows_fit = int((room_mm - 6 - FOOTNOTE_MM) // row_mm) - 1
        shown_rows = min(len(data), max(rows_fit, 0))
        cut_rows = len(data) - shown_rows
        cut_columns = data.shape[1] - len(shown_columns)
        self.font(8)
        widths = self.column_widths(data, shown_columns, shown_rows)
        aligns = ["R" if is_numeric_dtype(data.iloc[:, c].dtype) else "L" for c in shown_columns]
        self.table_row([str(data.columns[c]) for c in shown_columns], widths, aligns,
                       bold=True, row_mm=row_mm)
        for row in range(shown_rows):
            cells = [self.cell_text(data, row, c) for c in shown_columns]
            self.table_row(cells, widths, aligns, row_mm=row_mm)
        notes = []
        if cut_rows:
            notes.append(f"showing {shown_rows} of {len(data)} rows")
        if cut_columns:
            notes.append(f"{cut_columns} more columns not shown")
        if notes:
            self.font(8, colour=GREY)
            note = "; ".join(notes).capitalize() + "; the full table is in the CSV download."
            self.line(note, FOOTNOTE_MM)

    @staticmethod
    def cell_text(data: pd.DataFrame, row: int, column: int) -> str:
        """One table value as text; years print without a thousands separator."""
        value = data.iat[row, column]
        if "year" in str(data.columns[column]).lower() and isinstance(value, numbers.Integral):
            return str(value)
        return fmt.table_cell(value)

    def column_widths(self, data: pd.DataFrame, columns: list[int], rows: int) -> list[float]:
        """Widths in mm proportional to the widest text in each column, filling the page."""
        natural = []
        for column in columns:
            self.font(8, bold=True)  # the header row is bold, and wider
            header = self.pdf.get_string_width(self.text(str(data.columns[column])))
            self.font(8)
            cells = [self.pdf.get_string_width(self.text(self.cell_text(data, row, column)))
                     for row in range(rows)]
            natural.append(max([header, *cells]) + 3)
        if not natural:
            return []
        if sum(natural) <= self.width_mm:
            scale = min(self.width_mm / sum(natural), MAX_COLUMN_STRETCH)
            return [width * scale for width in natural]
        # Too wide: cap the widest columns at one width that fills the page, so the narrow
        # ones (an option's name) stay whole and only the longest texts are cut short.
        ordered = sorted(natural)
        for count, width in enumerate(ordered):
            cap = (self.width_mm - sum(ordered[:count])) / (len(ordered) - count)
            if cap <= width:
                return [min(w, cap) for w in natural]
        return natural

    def table_row(
        self, cells: list[str], widths: list[float], aligns: list[str], *, bold: bool = False,
        row_mm: float = TABLE_ROW_MM,
    ) -> None:
        self.font(8, bold=bold)
        self.pdf.set_x(PAGE_MARGIN_MM)
        border: Literal[0] | str = "B" if bold else 0
        for text, width, align in zip(cells, widths, aligns, strict=True):
            self.shrink_to_fit(text, width - 1.5, bold)
            self.pdf.cell(
                width, row_mm, self.fitted(text, width - 1.5), border=border, align=align
            )
        self.font(8, bold=bold)
        self.pdf.ln(row_mm)

    def shrink_to_fit(self, text: str, width_mm: float, bold: bool) -> None:
        """A cell's font: 8 pt, or smaller (to SMALLEST_CELL_PT) if that keeps it whole."""
        size = 8.0
        self.font(size, bold=bold)
        while size > SMALLEST_CELL_PT and self.pdf.get_string_width(self.text(text)) > width_mm:
            size -= 0.5
            self.font(size, bold=bold)
