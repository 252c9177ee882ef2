"""Layout checks run in the browser: what a projector at 1280×720 must not show."""

from __future__ import annotations

from typing import Any

# Elements of the page wider than the window, and tables whose columns scroll out of sight.
PAGE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth; const found = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) found.push(
      `${el.getAttribute('data-testid') || el.tagName.toLowerCase()} reaches ` +
      `${Math.round(box.right)} px`);
  }
  for (const grid of document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')) {
    if (grid.scrollWidth > grid.clientWidth + 1) found.push(
      `a table is cut: ${grid.scrollWidth} px of columns in ${grid.clientWidth} px`);
  }
  return found.slice(0, 10);
}"""

# Inside one chart: a legend over the title, or a text label outside the figure.
CHART_OVERLAP = """() => {
  const found = []; const svg = document.querySelector('.main-svg');
  if (!svg) return found;
  const frame = svg.getBoundingClientRect();
  const overlaps = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const title = document.querySelector('.gtitle'); const legend = document.querySelector('.legend');
  if (title && legend && overlaps(title.getBoundingClientRect(), legend.getBoundingClientRect()))
    found.push(`legend over the title "${title.textContent}"`);
  for (const text of document.querySelectorAll('.main-svg text')) {
    const box = text.getBoundingClientRect();
    if (box.width > 0 && (box.right > frame.right + 1 || box.left < frame.left - 1))
      found.push(`label "${text.textContent}" outside the chart`);
  }
  return found.slice(0, 10);
}"""


def layout_problems(page: Any) -> list[str]:
    """Everything the two checks find on the page and in each chart frame."""
    problems: list[str] = list(page.evaluate(PAGE_OVERFLOW))
    for frame in page.frames[1:]:
        try:
            problems += [f"chart: {p}" for p in frame.evaluate(CHART_OVERLAP)]
        except Exception:  # noqa: BLE001 - a frame that navigated away has nothing to check
            continue
    return problems
