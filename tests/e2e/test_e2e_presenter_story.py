"""Presenter mode as a story: Previous / Next walk the five steps at 1280×720, nothing clipped."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from st_harness import expect_rerun, open_app

PROJECTOR = {"width": 1280, "height": 720}
STEPS = ("Engagement Planner", "1 · Education", "2 · Assessment", "3 · Commitment",
         "4 · Recommendation")
MAIN = '[data-testid="stMain"]'
EXCEPTION = '[data-testid="stException"]'
# Each chart's title box against its chart's box, and each page title against the main area.
CLIPPED_JS = """() => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
  for (const h of document.querySelectorAll('[data-testid="stMain"] h1')) {
    const box = h.getBoundingClientRect();
    if (box.left < main.left - 1 || box.right > main.right + 1 || h.scrollWidth > h.clientWidth + 1)
      out.push('page title: ' + h.textContent);
  }
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const frame = chart.getBoundingClientRect();
    for (const t of chart.querySelectorAll('.gtitle, .legendtext, .g-xtitle text')) {
      const box = t.getBoundingClientRect();
      if (box.width && (box.left < frame.left - 1 || box.right > frame.right + 1
                        || box.top < frame.top - 1))
        out.push('chart text: ' + t.textContent);
    }
  }
  return out;
}"""


def titled(page: Any, title: str) -> None:
    expect(page.locator(f"{MAIN} h1").first).to_contain_text(title)


def nothing_clipped(page: Any, where: str) -> None:
    page.wait_for_timeout(500)  # plotly draws after the script is idle
    clipped = page.evaluate(CLIPPED_JS)
    assert not clipped, f"{where}: {clipped}"
    assert page.locator(EXCEPTION).count() == 0, where


def test_next_and_previous_walk_the_story_with_nothing_clipped_or_editable(
        tab: Any, app_server: Any) -> None:
    page = tab.page
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_server.url}/?present=1")
    main = page.locator(MAIN)
    for number, title in enumerate(STEPS):
        titled(page, title)
        nothing_clipped(page, title)
        for control in ("Reset to sample council", "Apply this plan"):
            expect(page.get_by_role("button", name=control)).to_have_count(0)
        expect(main.locator('[data-testid="stNumberInput"], [data-testid="stSlider"]')
               ).to_have_count(0)
        if number < len(STEPS) - 1:
            with expect_rerun(page):
                main.get_by_role("button", name="Next:").click()
    expect(main.get_by_role("button", name="Next:")).to_have_count(0)
    for title in reversed(STEPS[:-1]):
        with expect_rerun(page):
            main.get_by_role("button", name="Previous:").click()
        titled(page, title)
    assert "present=1" in page.url
