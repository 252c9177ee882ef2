"""Charts update in place (ui/live_chart): a slider move redraws the same plot with new data,
in the same iframe, at a height that shows the whole chart without scrollbars."""

from __future__ import annotations

from typing import Any

import pytest
from st_harness import expect_rerun, open_app

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

CHART_FRAME = 'iframe[data-testid="stCustomComponentV1"]'
SHRINKAGE = '[data-testid="stSlider"]'
PLOTTED = "JSON.stringify(document.querySelector('#chart').data.map(trace => trace.y))"


def chart_frame(page: Any) -> Any:
    frame = page.locator(CHART_FRAME).first
    frame.content_frame.locator(".main-svg").first.wait_for(state="visible")
    return frame.element_handle().content_frame()


def test_a_slider_move_updates_the_chart_in_place(tab: Any, app_server: Any) -> None:
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 720})  # a presenter's screen-share
    open_app(page, f"{app_server.url}/commitment?fte=auto")
    frame = chart_frame(page)
    assert frame.evaluate("document.querySelector('#chart').getAttribute('aria-label')"
                          ).startswith("Cumulative cost and benefit. ")
    frame.evaluate("window.__kept = true")  # gone if the iframe is remounted
    before = frame.evaluate(PLOTTED)

    thumb = page.locator(SHRINKAGE).filter(has_text="Shrinkage").get_by_role("slider")
    thumb.focus()
    with expect_rerun(page):
        page.keyboard.press("ArrowRight")  # more shrinkage: more staff, higher costs

    frame.wait_for_function(f"(before) => {PLOTTED} !== before", arg=before)
    assert frame.evaluate("window.__kept === true"), "the chart's iframe was remounted"
    assert page.locator(CHART_FRAME).count() == 1  # the default tab carries one chart
    iframe_height = page.locator(CHART_FRAME).first.evaluate(
        "el => el.getBoundingClientRect().height")
    content_height = frame.evaluate("document.documentElement.scrollHeight")
    assert abs(iframe_height - content_height) <= 2, "chart clipped or padded"
