"""Journeys in a real browser against a real server: what an executive, a person opening a
shared link, and an attacker would see. Each waits on the app's script runs, never on sleeps."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import expect
from st_harness import ROOT, expect_rerun, open_app, toasts, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

NAV_LINK = '[data-testid="stSidebarNavLink"]'
METRIC = '[data-testid="stMetric"]'
SLIDER = '[data-testid="stSlider"]'
EXCEPTION = '[data-testid="stException"]'
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
CHART = '[data-testid="stPlotlyChart"]'
EDITOR = '[data-testid="stDataFrame"]'
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


# ---------------------------------------------------------------- helpers


def assert_healthy(tab: Any) -> None:
    """No Python exception shown on the page, no uncaught JavaScript error, no dialog."""
    page = tab.page
    shown = page.locator(EXCEPTION)
    assert shown.count() == 0, f"exception shown on {page.url}:\n{shown.first.inner_text()}"
    assert tab.page_errors == [], f"uncaught page errors: {tab.page_errors}"
    assert tab.dialogs == [], f"dialogs opened: {tab.dialogs}"


def metrics(page: Any) -> dict[str, str]:
    """Label → value of every st.metric on the page."""
    found: dict[str, str] = {}
    for metric in page.locator(METRIC).all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return found


def slider(page: Any, label: str) -> Any:
    """The keyboard-operable thumb (role=slider) of the st.slider / st.select_slider `label`."""
    return page.locator(f"{MAIN} {SLIDER}").filter(has_text=label).get_by_role("slider")


def go_to(page: Any, title_part: str, heading: str) -> None:
    link = page.locator(NAV_LINK).filter(has_text=title_part)
    with expect_rerun(page):
        link.click()
    expect(page.locator(f"{MAIN} h1")).to_contain_text(heading)
    wait_idle(page)


def presenter_toggle(page: Any) -> Any:
    return page.locator(f"{SIDEBAR} [data-testid='stCheckbox']").filter(has_text="Presenter mode")


def banner(page: Any) -> str:
    """The readiness banner (Ready / Not ready) on Home and Commitment."""
    alert = page.locator(f"{MAIN} [data-testid='stAlert']").filter(has_text="ready.")
    expect(alert).to_have_count(1)
    text: str = alert.inner_text()
    return " ".join(text.split())


def query(page: Any) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def assert_inputs_hidden(page: Any) -> None:
    main = page.locator(MAIN)
    for what in (SLIDER, '[data-testid="stNumberInput"]', '[data-testid="stRadio"]',
                 '[data-testid="stCheckbox"]', EDITOR):
        assert main.locator(what).count() == 0, f"{what} still shown in presenter mode"


# ---------------------------------------------------------------- 1. executive


def test_executive_moves_the_promise_and_presents(tab: Any, app_server: Any) -> None:
    page = tab.page
    open_app(page, f"{app_server.url}/")
    expect(page.locator(f"{MAIN} h1")).to_contain_text("Engagement Planner")
    assert "Staff needed / planned" in metrics(page)
    assert_healthy(tab)

    go_to(page, "Commitment", "Commitment")
    before = metrics(page)
    assert {"Staff needed", "Answered in time", "Net present value"} <= before.keys(), before
    reply_within = slider(page, "Reply within")
    expect(reply_within).to_have_attribute("aria-valuetext", "8 h")  # the sample council

    reply_within.focus()
    for _ in range(3):  # 8 h → 4 h → 2 h → 1 h, one rerun per key
        with expect_rerun(page):
            page.keyboard.press("ArrowLeft")
    expect(reply_within).to_have_attribute("aria-valuetext", "1 h")
    after = metrics(page)
    assert after["Answered in time"] != before["Answered in time"], (before, after)
    assert after["Staff needed"] != before["Staff needed"], (before, after)
    assert "within 1 h" in banner(page)
    page.wait_for_url(lambda url: "target=60" in url)
    assert_healthy(tab)

    toggle = presenter_toggle(page)
    with expect_rerun(page):
        toggle.click()
    expect(toggle.get_by_role("checkbox")).to_be_checked()
    assert_inputs_hidden(page)
    assert metrics(page)["Staff needed"] == after["Staff needed"]  # same numbers, bigger type
    page.wait_for_url(lambda url: "present=1" in url)

    go_to(page, "Assessment", "Assessment")  # presenter mode follows the presenter around
    expect(page.locator(f"{MAIN} {CHART}").first).to_be_visible()
    assert_inputs_hidden(page)

    with expect_rerun(page):
        presenter_toggle(page).click()
    expect(page.locator(f"{MAIN} {EDITOR}")).to_have_count(1)  # the groups editor is back
    page.wait_for_url(lambda url: "present=1" not in url)

    go_to(page, "Commitment", "Commitment")  # the choice made before presenting is kept
    expect(slider(page, "Reply within")).to_have_attribute("aria-valuetext", "1 h")
    assert metrics(page)["Staff needed"] == after["Staff needed"]
    assert_healthy(tab)


# ---------------------------------------------------------------- 2. shareable URL


def test_settings_in_the_url_set_the_view(new_tab: Any, app_server: Any) -> None:
    params = {"target": "120", "share": "90", "cover": "24/7", "fte": "5"}
    tab = new_tab()
    page = tab.page
    open_app(page, f"{app_server.url}/commitment?{urllib.parse.urlencode(params)}")
    expect(slider(page, "Reply within")).to_have_attribute("aria-valuetext", "2 h")
    expect(slider(page, "Share of messages answered")).to_have_attribute("aria-valuetext", "90%")
    expect(page.locator(MAIN).get_by_role("radio", name="24/7")).to_be_checked()
    expect(page.locator(MAIN).get_by_label("Planned staff (FTE)")).to_have_value("5.0")
    text = banner(page)
    assert "90% within 2 h" in text and "5.0 FTE" in text, text
    assert {k: query(page).get(k) for k in params} == params
    expect(presenter_toggle(page).get_by_role("checkbox")).not_to_be_checked()
    assert_healthy(tab)


def test_present_link_opens_presenter_mode(new_tab: Any, app_server: Any) -> None:
    tab = new_tab()
    page = tab.page
    link = {"present": "1", "target": "60", "share": "85", "cover": "Office hours", "fte": "4"}
    open_app(page, f"{app_server.url}/commitment?{urllib.parse.urlencode(link)}")
    expect(presenter_toggle(page).get_by_role("checkbox")).to_be_checked()
    expect(page.locator(f"{MAIN} {METRIC}").first).to_be_visible()
    assert_inputs_hidden(page)
    text = banner(page)
    assert "85% within 1 h" in text and "4.0 FTE" in text, text
    assert query(page).get("present") == "1" and query(page).get("target") == "60"

    levels = new_tab().page  # levels travel too: Residents' target set to level 5
    open_app(levels, f"{app_server.url}/assessment?"
                     f"{urllib.parse.urlencode({'levels': 'Residents:5', 'present': '1'})}")
    expect(levels.locator(MAIN).get_by_text("Residents (Inform → Empower)")).to_be_visible()
    assert_healthy(tab)


def test_copied_url_reopens_the_same_view(new_tab: Any, app_server: Any) -> None:
    sender = new_tab()
    page = sender.page
    open_app(page, f"{app_server.url}/commitment")
    share = slider(page, "Share of messages answered")
    share.focus()
    for _ in range(2):
        with expect_rerun(page):
            page.keyboard.press("ArrowRight")
    expect(share).to_have_attribute("aria-valuetext", "82%")
    page.wait_for_url(lambda url: "share=82" in url)
    sent, sent_banner = metrics(page), banner(page)

    receiver = new_tab()  # a fresh context: its own cookies and Streamlit session
    open_app(receiver.page, page.url)
    expect(slider(receiver.page, "Share of messages answered")).to_have_attribute(
        "aria-valuetext", "82%")
    assert metrics(receiver.page) == sent
    assert banner(receiver.page) == sent_banner
    assert_healthy(sender)
    assert_healthy(receiver)


# ---------------------------------------------------------------- 3. abuse


def test_html_in_a_link_is_shown_as_text(tab: Any, app_server: Any) -> None:
    page = tab.page
    evil = urllib.parse.urlencode({"levels": f"{SCRIPT}:1;{IMG}:2"})
    open_app(page, f"{app_server.url}/?{evil}")
    page.wait_for_function(
        "s => window.__e2e.toasts.some(t => t.text.includes(s))", arg=SCRIPT)
    toast = next(t for t in toasts(page) if SCRIPT in t["text"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in toast["html"], toast["html"]
    assert "<script" not in toast["html"]
    assert_not_executed(tab)


def test_html_in_an_uploaded_table_is_shown_as_text(tab: Any, app_server: Any) -> None:
    if not (ROOT / "pages" / "data.py").exists():
        pytest.skip("no Data page (pages/data.py) in this build")
    page = tab.page
    open_app(page, f"{app_server.url}/data")
    header = ("group,population,reach_share,messages_per_follower_per_year,current_level,"
              "target_level,why,phone_substitution_share,visit_substitution_share")
    row = f'"{SCRIPT}",32000,0.35,2,Inform,Consult,"{IMG}",0.1,0.05'
    upload = page.locator('[data-testid="stFileUploader"]').filter(has_text="Stakeholder table")
    apply = page.get_by_role("button", name="Apply the 1 good rows")
    with expect_rerun(page):
        upload.locator('input[type="file"]').set_input_files(
            {"name": "evil.csv", "mimeType": "text/csv",
             "buffer": f"{header}\n{row}\n".encode()})
    expect(apply).to_be_enabled()
    wait_idle(page)
    with expect_rerun(page):
        apply.click()
    expect(page.get_by_text("Applied 1 rows from evil.csv")).to_be_visible()
    wait_idle(page)

    go_to(page, "Assessment", "Assessment")
    why = page.locator(f"{MAIN} [data-testid='stMarkdownContainer']").filter(has_text="alert(1)")
    expect(why).to_have_count(1)
    assert why.inner_text() == f"{SCRIPT} (Inform → Consult): {IMG}"
    html = why.inner_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x" in html, html
    assert_not_executed(tab)


def assert_not_executed(tab: Any) -> None:
    page = tab.page
    wait_idle(page)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    injected = page.evaluate(
        "Array.from(document.scripts).filter(s => s.textContent.includes('alert(')).length")
    assert injected == 0
    assert_healthy(tab)  # includes: no dialog fired


def test_xsrf_protection_stays_on(app_server: Any) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config.get("server", {}).get("enableXsrfProtection", True) is True
    effective = subprocess.run(
        [sys.executable, "-c", "import streamlit.config as c; c.get_config_options("
         "force_reparse=True); print(c.get_option('server.enableXsrfProtection'))"],
        cwd=ROOT, env=dict(os.environ),  # as the server sees it, STREAMLIT_* included
        capture_output=True, text=True, timeout=60, check=True)
    assert effective.stdout.strip().splitlines()[-1] == "True", effective.stdout
    # The running server refuses a state-changing request that carries no XSRF token.
    request = urllib.request.Request(f"{app_server.url}/_stcore/upload_file/s/f", data=b"x",
                                     method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    assert "XSRF" in refused.value.read().decode()
