"""Screenshot every page (1920×1080) and presenter mode (1280×720) into docs/screenshots/.

Needs a running app: `.venv/bin/streamlit run app.py --server.headless true --server.port 8599`,
and Debian's colour emoji font (`apt-get install fonts-noto-color-emoji`): the navigation's page
icons are emoji, drawn as empty boxes without it.
Usage: .venv/bin/python scripts/screenshots.py [--url http://localhost:8599]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT_DIR = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Our run has finished: idle, our own navigation titles shown (not the automatic pages/ list
# the browser shows before app.py has run), and no loading placeholders left.
APP_READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const links = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')];
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && links.some(link => link.textContent.includes('1 · Education'))
    && !document.querySelector('[data-testid="stSkeleton"]');
}"""
PAGES = ("home", "education", "assessment", "commitment", "recommendation", "uncertainty",
         "data", "scenarios", "review")
DESKTOP = {"width": 1920, "height": 1080}
PROJECTOR = {"width": 1280, "height": 720}
TALL = {"width": 1920, "height": 3000}  # Streamlit scrolls inside the page: a tall window
TALL_PAGES = ("education", "assessment", "commitment", "recommendation", "uncertainty")
TIMEOUT_MS = 60_000


def settle(page: Page) -> None:
    """Idle after our own script ran, not before it started."""
    page.wait_for_function(APP_READY_JS, timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def page_address(url: str, slug: str, query: str = "") -> str:
    """The page's own address: Home, the default page, lives at the root (/home is not found)."""
    return f"{url}/{'' if slug == 'home' else slug}{query}"


def shoot(page: Page, address: str, name: str, full_page: bool = False, view: str = "") -> Path:
    """The page at ``address``; with ``view``, that view of Commitment's segmented control
    chosen first (it reruns the page) and scrolled to the top."""
    page.goto(address)
    settle(page)
    if view:
        choice = page.get_by_role("radio", name=view)  # segmented control: one radio a view
        choice.click()
        page.wait_for_timeout(300)
        settle(page)
        choice.evaluate("choice => choice.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)  # let plotly finish drawing after the script is idle
    path = OUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def warn_without_emoji_font() -> None:
    """The page icons need a colour emoji font: say so rather than save boxes unremarked."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    if "emoji" not in fonts.lower():
        print("warning: no emoji font (apt-get install fonts-noto-color-emoji): the page "
              "icons will be drawn as empty boxes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8599")
    args = parser.parse_args()
    warn_without_emoji_font()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        desktop = browser.new_page(viewport=DESKTOP)
        # Open the root once first: the screenshots should not include the cold start.
        desktop.goto(args.url)
        settle(desktop)
        for slug in PAGES:
            print(shoot(desktop, page_address(args.url, slug), slug, False))
        print(shoot(desktop, page_address(args.url, "commitment"), "rota", view="Rota"))
        print(shoot(desktop, page_address(args.url, "commitment"), "surge", view="Surge"))
        tall = browser.new_page(viewport=TALL)
        for slug in TALL_PAGES:
            print(shoot(tall, page_address(args.url, slug), f"{slug}_full", False))
        projector = browser.new_page(viewport=PROJECTOR)
        for slug in PAGES:
            print(shoot(projector, page_address(args.url, slug, "?present=1"), f"presenter_{slug}",
                        False))
        print(shoot(projector, page_address(args.url, "commitment", "?present=1"),
                    "presenter_surge", view="Surge"))
        browser.close()


if __name__ == "__main__":
    main()
