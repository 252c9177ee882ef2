"""Accessibility: axe-core (via axe-playwright-python) on every page.

Fails on serious or critical violations in our own content (titles, prose, alerts, metrics,
captions, charts, page links), and on any skipped heading level (axe "heading-order", only
"moderate", but every heading on the page is ours: each page goes h1 → h2 → h3). Violations
inside Streamlit's own chrome (navigation, header, widget internals) are listed separately in
the terminal summary, with the element, and do not fail the test: we cannot fix them here, but
they are reported.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from st_harness import REQUIRE_SERVICES_ENV, open_app, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

AXE_VERSION_PIN = "axe-playwright-python==0.1.8"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}
# Rules that fail the test whatever their impact: each page goes h1 → h2 → h3 without skips.
BLOCKING_RULES = {"heading-order"}
# Page-level rules about things we set (page title, our headings), wherever axe points.
OURS_BY_RULE = {"document-title", "page-has-heading-one", "heading-order", "empty-heading"}

CLASSIFY_JS = """
(targets) => targets.map(target => {
  const selector = Array.isArray(target) ? target[target.length - 1] : target;
  let el = null;
  try { el = document.querySelector(selector); } catch (e) { el = null; }
  if (!el) return {ours: false, where: 'not found'};
  const inOurArea = el.closest('[data-testid="stMain"], [data-testid="stSidebarUserContent"]');
  const ourContent = el.closest([
    '[data-testid="stMarkdownContainer"]', '[data-testid="stHeading"]',
    '[data-testid="stMetric"]', '[data-testid="stAlert"]', '[data-testid="stCaptionContainer"]',
    '[data-testid="stPlotlyChart"]', '[data-testid="stCustomComponentV1"]',
    '[data-testid="stHtml"]', '[data-testid="stPageLink"]',
    '[data-testid="stTable"]'].join(', '));
  const owner = el.closest('[data-testid]');
  return {ours: Boolean(inOurArea && ourContent),
          where: owner ? owner.getAttribute('data-testid') : 'document'};
})
"""


def run_axe(page: Any) -> list[dict[str, Any]]:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        reason = f"axe-playwright-python not installed: pip install {AXE_VERSION_PIN}"
        if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    results = Axe().run(page, options={"resultTypes": ["violations"],
                                       "runOnly": {"type": "tag", "values": TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def split_violations(page: Any, violations: list[dict[str, Any]]
                     ) -> tuple[list[str], list[str], list[str]]:
    """(blocking lines in our content, other lines in our content, lines in Streamlit's)."""
    blocking, ours, theirs = [], [], []
    for violation in violations:
        nodes = violation["nodes"]
        places = page.evaluate(CLASSIFY_JS, [node["target"] for node in nodes])
        for node, place in zip(nodes, places, strict=True):
            impact = node.get("impact") or violation.get("impact") or "unknown"
            line = (f"  [{impact}] {violation['id']}: {violation['help']} | "
                    f"{place['where']} | {' '.join(node['html'].split())[:160]}")
            if place["ours"] or violation["id"] in OURS_BY_RULE:
                blocks = impact in BLOCKING or violation["id"] in BLOCKING_RULES
                (blocking if blocks else ours).append(line)
            else:
                theirs.append(line)
    return blocking, ours, theirs


# ui/live_chart draws each chart inside its component iframe.
CHART = ('iframe[data-testid="stCustomComponentV1"] >> nth=0 >> internal:control=enter-frame'
         ' >> .main-svg')
TITLE = '[data-testid="stMain"] h1'
PAGES = {  # path: what shows once the page has drawn its content
    "/": '[data-testid="stMetricValue"]',
    "/education": CHART,
    "/assessment": CHART,
    "/commitment": CHART,
    "/uncertainty": CHART,
    "/data": TITLE,
    "/scenarios": TITLE,
    "/review": TITLE,
}


@pytest.mark.parametrize(("path", "ready"), PAGES.items(), ids=lambda v: v.strip("/") or "home")
def test_no_serious_violations_or_skipped_headings_in_our_content(
        tab: Any, app_server: Any, a11y_reports: list[str], path: str, ready: str) -> None:
    page = tab.page
    open_app(page, f"{app_server.url}{path}")
    page.locator(ready).first.wait_for(state="visible")
    # Streamlit fades elements while a run is going ("stale"): axe would measure the fade.
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")
    wait_idle(page)
    blocking, ours, theirs = split_violations(page, run_axe(page))
    a11y_reports.append(
        f"{path}: ours {len(blocking)} blocking (serious/critical or heading-order), "
        f"{len(ours)} other minor/moderate; "
        f"Streamlit's own {len(theirs)}")
    a11y_reports.extend([f"  ours: {line.strip()}" for line in blocking + ours])
    a11y_reports.extend([f"  streamlit: {line.strip()}" for line in theirs])
    assert not blocking, ("serious/critical or heading-order accessibility violations in our "
                          "content:\n" + "\n".join(blocking))
