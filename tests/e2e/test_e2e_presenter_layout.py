"""Every page in presenter mode on a 1280×720 projector: nothing wider than the window, no table
cut, no legend over a chart's title, no chart label outside its chart. And Your data's charts
still drawn after "Use in my scenario"."""

from __future__ import annotations

from typing import Any

import pytest
from layout_checks import layout_problems
from st_harness import expect_rerun, open_app, wait_idle

PROJECTOR = {"width": 1280, "height": 720}
PAGES = ("", "education", "assessment", "commitment", "recommendation", "uncertainty", "data",
         "scenarios", "review")
SETTLE_MS = 2_500  # charts draw in their frames after the run ends
TRACES = "() => document.querySelectorAll('.main-svg .trace, .main-svg .hm').length"
DRAW_WAIT_S = 20  # a busy machine draws a chart's frame seconds after its run


@pytest.mark.parametrize("slug", PAGES, ids=lambda slug: slug or "home")
def test_a_presenter_page_fits_a_1280_by_720_projector(tab: Any, app_server: Any,
                                                       slug: str) -> None:
    page = tab.page
    page.set_viewport_size(PROJECTOR)
    open_app(page, f"{app_server.url}/{slug}?present=1")
    page.wait_for_timeout(SETTLE_MS)
    assert layout_problems(page) == []


def _drawn(page: Any) -> list[int]:
    """Traces drawn in each chart frame, once every chart has some (or the wait is over)."""
    for _ in range(DRAW_WAIT_S * 2):
        counts = _counts(page)
        if counts and all(counts):
            break
        page.wait_for_timeout(500)
    return counts


def _counts(page: Any) -> list[int]:
    counts = []
    for frame in page.frames[1:]:
        try:
            counts.append(int(frame.evaluate(TRACES)))
        except Exception:  # noqa: BLE001 - a frame gone since: not a chart on this page
            continue
    return counts


def test_your_data_charts_stay_drawn_after_use_in_my_scenario(tab: Any,
                                                               app_server: Any) -> None:
    page = tab.page
    open_app(page, f"{app_server.url}/data")
    page.get_by_role("tab", name="Social-inbox export").click()
    with expect_rerun(page):
        page.get_by_role("button", name="Load the synthetic sample export").click()
    wait_idle(page)
    page.wait_for_timeout(SETTLE_MS)
    before = _drawn(page)
    assert len(before) == 2 and all(before)
    with expect_rerun(page):
        page.get_by_role("button", name="Use in my scenario").click()
    wait_idle(page)
    page.wait_for_timeout(SETTLE_MS)
    assert page.get_by_text("Your scenario now uses").count() >= 1
    after = _drawn(page)
    assert len(after) == 2 and all(after), f"charts blank after applying: {after}"
