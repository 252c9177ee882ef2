"""Screenshot every page (1920×1080) and presenter mode (1280×720) into docs/screenshots/.

Needs a running app: `.venv/bin/streamlit run app.py --server.headless true --server.port 8599`.
Usage: .venv/bin/python scripts/screenshots.py [--url http://localhost:8599]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT_DIR = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
APP_READY = '[data-testid="stSidebar"] [data-testid="stCheckbox"], [data-testid="stToggle"]'
PAGES = ("home", "education", "assessment", "commitment", "uncertainty")
DESKTOP = {"width": 1920, "height": 1080}
PROJECTOR = {"width": 1280, "height": 720}
TIMEOUT_MS = 60_000


def settle(page: Page) -> None:
    """Idle after our own script ran (the sidebar toggle exists), not before it started."""
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def shoot(page: Page, address: str, name: str, full_page: bool) -> Path:
    page.goto(address)
    settle(page)
    page.wait_for_timeout(800)  # let plotly finish drawing after the script is idle
    path = OUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8599")
    parser.add_argument("--viewport-only", action="store_true",
                        help="Capture the first screen only, not the whole page.")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        desktop = browser.new_page(viewport=DESKTOP)
        for slug in PAGES:
            print(shoot(desktop, f"{args.url}/{slug}", slug, not args.viewport_only))
        projector = browser.new_page(viewport=PROJECTOR)
        for slug in ("home", "commitment", "uncertainty"):
            print(shoot(projector, f"{args.url}/{slug}?present=1", f"present_{slug}", False))
        browser.close()


if __name__ == "__main__":
    main()
