"""Journeys in a real browser against a real server: what an executive, a person opening a
shared link, and an attacker would see. Each waits on the app's script runs, never on sleeps."""

from __future__ import annotations

import os
import shutil
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
CHART = 'iframe[data-testid="stCustomComponentV1"]'  # ui/live_chart
EDITOR = '[data-testid="stDataFrame"]'
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[x](http://evil)"            # markdown, not HTML: must not become a live link …
MD_IMAGE = "![](http://t/x.png)"     # … or a request for someone else's image
WORD_JOINER = "\u2060"               # invisible; ui/markdown.py puts it inside bare addresses
READ_ATTEMPTS = 3
PDF_WAIT_MS = 120_000               # the brief draws its charts with a renderer of its own


# ---------------------------------------------------------------- helpers


def assert_app_shell(page: Any) -> None:
    """The app's own navigation ran (titles from app.py), not a bare pages/ script."""
    expect(page.locator(NAV_LINK).filter(has_text="3 · Commitment")).to_have_count(1)


def assert_healthy(tab: Any) -> None:
    """No Python exception shown on the page, no uncaught JavaScript error, no dialog."""
    page = tab.page
    shown = page.locator(EXCEPTION)
    assert shown.count() == 0, f"exception shown on {page.url}:\n{shown.first.inner_text()}"
    assert tab.page_errors == [], f"uncaught page errors: {tab.page_errors}"
    assert tab.dialogs == [], f"dialogs opened: {tab.dialogs}"


def metrics(page: Any, *labels: str, count: int | None = None) -> dict[str, str]:
    """Label → value of every st.metric on the page, once drawn: the frontend may draw elements
    just after the run has finished, so first wait for the given `labels` / `count`."""
    for label in labels:
        expect(page.locator('[data-testid="stMetricLabel"]').filter(has_text=label)
               ).not_to_have_count(0)
    if count is not None:
        expect(page.locator(METRIC)).to_have_count(count)
    page.locator(METRIC).first.wait_for(state="visible")
    for _ in range(READ_ATTEMPTS):  # a late redraw can replace an element between the reads
        found: dict[str, str] = {}
        for metric in page.locator(METRIC).all():
            label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
            found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
        if all(label in found for label in labels):
            return found
        wait_idle(page)
    return found


def assert_delta_arrows_match_signs(page: Any) -> None:
    """A delta written as a fall ("-…", or the typographic "−…") points down; a rise, up.
    (Streamlit reads only an ASCII "-" as negative.)"""
    checked = 0
    for metric in page.locator(f"{MAIN} {METRIC}").all():
        delta = metric.locator('[data-testid="stMetricDelta"]')
        if delta.count() == 0 or not delta.inner_text().strip():
            continue
        text = delta.inner_text().strip()
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        arrow = "Down" if text[0] in "-−" else "Up" if text[0] == "+" else None
        if arrow is not None:
            icon = metric.locator(f'[data-testid="stMetricDeltaIcon-{arrow}"]')
            assert icon.count() == 1, f"{label}: delta {text!r} is drawn without a {arrow} arrow"
            checked += 1
    assert checked, "no metric deltas found to check"


def wait_for_change(page: Any, label: str, old: str) -> str:
    """Wait until the metric `label` no longer shows `old`; return what it shows."""
    value = page.locator(METRIC).filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)).locator(
        '[data-testid="stMetricValue"]')
    expect(value).not_to_have_text(old)
    text: str = value.inner_text().strip()
    return text


def slider(page: Any, label: str) -> Any:
    """The keyboard-operable thumb (role=slider) of the st.slider / st.select_slider `label`."""
    return page.locator(f"{MAIN} {SLIDER}").filter(has_text=label).get_by_role("slider")


def open_sidebar(page: Any) -> None:
    """Presenter mode starts with the sidebar collapsed: open it as a person would."""
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(page.locator(NAV_LINK).first).to_be_in_viewport()


def go_to(page: Any, title_part: str, heading: str) -> None:
    link = page.locator(NAV_LINK).filter(has_text=title_part)
    expect(link).to_be_in_viewport()
    with expect_rerun(page):
        link.click()
    expect(page.locator(f"{MAIN} h1")).to_contain_text(heading)
    wait_idle(page)


def presenter_switch(page: Any) -> Any:
    return page.locator(SIDEBAR).get_by_role("switch", name="Presenter mode")


def flip_presenter_mode(page: Any) -> None:
    """With the keyboard, as a presenter at a lectern would."""
    switch = presenter_switch(page)
    switch.focus()
    with expect_rerun(page):
        page.keyboard.press("Space")


def banner(page: Any, *parts: str) -> str:
    """The readiness banner (Ready / Not ready) on Home and Commitment, once it shows `parts`."""
    alert = page.locator(f"{MAIN} [data-testid='stAlert']").filter(has_text="ready.")
    expect(alert).to_have_count(1)
    for part in parts:
        expect(alert).to_contain_text(part)
    text: str = alert.inner_text()
    return " ".join(text.split())


def query(page: Any) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def assert_inputs_hidden(page: Any) -> None:
    """No editing controls in the main area (as in presenter mode)."""
    main = page.locator(MAIN)
    for what in (SLIDER, '[data-testid="stNumberInput"]', '[data-testid="stRadio"]',
                 '[data-testid="stCheckbox"]', EDITOR):
        expect(main.locator(what), f"{what} still shown in presenter mode").to_have_count(0)


# ---------------------------------------------------------------- 1. executive


def test_executive_moves_the_promise_and_presents(tab: Any, app_server: Any) -> None:
    page = tab.page
    open_app(page, f"{app_server.url}/")
    expect(page.locator(f"{MAIN} h1")).to_contain_text("Engagement Planner")
    assert metrics(page, "Staff (to the promise)")  # the sample is staffed to its promise
    assert_healthy(tab)

    go_to(page, "Commitment", "Commitment")
    # The sample's promise is out of reach (sign-off waits for the approvers' office hours):
    # the NPV says whose it is.
    before = metrics(page, "Staff needed", "Answered in time",
                     "NPV of a plan that breaks its promise")
    assert_delta_arrows_match_signs(page)
    reply_within = slider(page, "Reply within")
    expect(reply_within).to_have_attribute("aria-valuetext", "8 h")  # the sample council

    reply_within.focus()
    for _ in range(2):  # 8 h → 4 h → 2 h, one rerun per key
        with expect_rerun(page):
            page.keyboard.press("ArrowLeft")
    expect(reply_within).to_have_attribute("aria-valuetext", "2 h")
    banner(page, "within 2 h")
    wait_for_change(page, "Answered in time", before["Answered in time"])
    # No team keeps a faster promise either while sign-off waits for the approvers' hours:
    # the page says so rather than a number of staff that would not keep it.
    assert before["Staff needed"] == "Not possible"
    expect(page.get_by_text("No team size keeps this promise").first).to_be_visible()
    after = metrics(page)
    page.wait_for_url(lambda url: "target=120" in url)
    assert_healthy(tab)

    flip_presenter_mode(page)
    expect(presenter_switch(page)).to_be_checked()
    expect(page.locator(NAV_LINK).first).not_to_be_in_viewport()  # sidebar out of the way
    assert_inputs_hidden(page)
    assert metrics(page, "Staff needed")["Staff needed"] == after["Staff needed"]  # bigger type
    page.wait_for_url(lambda url: "present=1" in url)

    open_sidebar(page)
    go_to(page, "Assessment", "Assessment")  # presenter mode follows the presenter around
    expect(page.locator(f"{MAIN} {CHART}").first).to_be_visible()
    assert_inputs_hidden(page)

    flip_presenter_mode(page)  # the sidebar, opened by hand, stays open
    expect(presenter_switch(page)).not_to_be_checked()
    expect(page.locator(f"{MAIN} {EDITOR}")).to_have_count(1)  # the groups editor is back
    page.wait_for_url(lambda url: "present=1" not in url)

    go_to(page, "Commitment", "Commitment")  # the choice made before presenting is kept
    expect(slider(page, "Reply within")).to_have_attribute("aria-valuetext", "2 h")
    assert metrics(page, "Staff needed")["Staff needed"] == after["Staff needed"]
    assert_healthy(tab)


# ---------------------------------------------------------------- 2. shareable URL


def test_settings_in_the_url_set_the_view(new_tab: Any, app_server: Any) -> None:
    params = {"target": "120", "share": "90", "cover": "24/7", "fte": "5"}
    tab = new_tab()
    page = tab.page
    open_app(page, f"{app_server.url}/commitment?{urllib.parse.urlencode(params)}")
    assert_app_shell(page)
    expect(slider(page, "Reply within")).to_have_attribute("aria-valuetext", "2 h")
    expect(slider(page, "Share of messages answered")).to_have_attribute("aria-valuetext", "90%")
    expect(page.locator(MAIN).get_by_role("radio", name="24/7")).to_be_checked()
    expect(page.locator(MAIN).get_by_role("radio", name="Fixed team")).to_be_checked()
    expect(page.locator(MAIN).get_by_label("Team (FTE)")).to_have_value("5.0")
    banner(page, "90% within 2 h", "5.0 FTE")
    assert {k: query(page).get(k) for k in params} == params
    expect(presenter_switch(page)).not_to_be_checked()
    assert_healthy(tab)


def test_present_link_opens_presenter_mode(new_tab: Any, app_server: Any) -> None:
    tab = new_tab()
    page = tab.page
    link = {"present": "1", "target": "60", "share": "85", "cover": "Office hours", "fte": "4"}
    open_app(page, f"{app_server.url}/commitment?{urllib.parse.urlencode(link)}")
    assert_app_shell(page)
    expect(presenter_switch(page)).to_be_checked()
    expect(page.locator(f"{MAIN} {METRIC}").first).to_be_visible()
    expect(page.locator(NAV_LINK).first).not_to_be_in_viewport()  # sidebar starts collapsed
    assert_inputs_hidden(page)
    banner(page, "85% within 1 h", "4.0 FTE")
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
    with expect_rerun(page):
        page.keyboard.press("ArrowRight")
    expect(share).to_have_attribute("aria-valuetext", "81%")
    page.wait_for_url(lambda url: "share=81" in url)
    sent_banner = banner(page, "81% within")
    sent = metrics(page, "Answered in time")

    receiver = new_tab()  # a fresh context: its own cookies and Streamlit session
    open_app(receiver.page, page.url)
    assert_app_shell(receiver.page)
    expect(slider(receiver.page, "Share of messages answered")).to_have_attribute(
        "aria-valuetext", "81%")
    assert banner(receiver.page, "81% within") == sent_banner
    assert metrics(receiver.page, count=len(sent)) == sent
    assert_healthy(sender)
    assert_healthy(receiver)


# ---------------------------------------------------------------- 2. comms team


STAKEHOLDER_HEADER = ("group,population,reach_share,messages_per_follower_per_year,"
                      "current_level,target_level,why,phone_substitution_share,"
                      "visit_substitution_share")


def upload(page: Any, label: str, name: str, data: bytes) -> None:
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=label)
    with expect_rerun(page):
        box.locator('input[type="file"]').set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": data})


def test_comms_team_brings_a_stakeholder_table_and_an_inbox_export(
        tab: Any, app_server: Any) -> None:
    page = tab.page
    open_app(page, f"{app_server.url}/commitment")
    before = metrics(page, "Messages in a week")["Messages in a week"]

    go_to(page, "Your data", "Your data")
    rows = ["Residents,lots,0.35,2,Inform,Consult,,0.1,0.05",       # row 2: bad population
            "Tenants,9000,0.5,3,Consult,Involve,,0.1,0.05",
            "Traders,4000,0.4,6,Inform,Involve,,0.05,0.02"]
    upload(page, "Stakeholder table", "groups.csv",
           "\n".join([STAKEHOLDER_HEADER, *rows, ""]).encode())
    expect(page.get_by_text("1 problem in 1 row; those rows are left out.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download every problem (CSV)").click()
    problems = download.value.path().read_text(encoding="utf-8-sig")
    assert "groups.csv" in problems and "population" in problems and "lots" in problems, problems
    with expect_rerun(page):
        page.get_by_role("button", name="Apply the 2 good rows").click()
    expect(page.get_by_text("Applied 2 rows from groups.csv")).to_be_visible()
    wait_idle(page)

    page.get_by_role("tab", name="Social-inbox export").click()  # drawn already: no rerun
    upload(page, "Social-inbox export", "inbox.csv",
           (ROOT / "sample_data" / "inbox_export_synthetic.csv").read_bytes())
    expect(page.get_by_text("Inbound a week", exact=True)).to_be_visible()
    with expect_rerun(page):
        page.get_by_role("button", name="Use in my scenario").click()
    expect(page.get_by_text("Your scenario now uses inbox.csv")).to_be_visible()
    wait_idle(page)

    go_to(page, "3 · Commitment", "Commitment")
    after = metrics(page, "Messages in a week")["Messages in a week"]
    assert after != before, f"messages a week still {before} after both imports"
    assert_healthy(tab)


# ---------------------------------------------------------------- presenter: save and brief


def test_presenter_saves_the_scenario_and_downloads_the_pdf_brief(
        tab: Any, app_server: Any, tmp_path: Any) -> None:
    page = tab.page
    name = f"Board brief {os.getpid()}"
    open_app(page, f"{app_server.url}/scenarios")
    page.get_by_label("Name", exact=True).fill(name)
    with expect_rerun(page):
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(f"Saved '{name}'.")).to_be_visible()
    wait_idle(page)

    with expect_rerun(page):  # only the open tab runs
        page.get_by_role("tab", name="Export and import").click()
    with expect_rerun(page, timeout=PDF_WAIT_MS):  # draws the charts with its own renderer
        page.get_by_role("button", name="Prepare the one-page PDF brief").click()
    with page.expect_download(timeout=PDF_WAIT_MS) as download:
        page.get_by_role("button", name="Download the PDF brief").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    assert download.value.suggested_filename.endswith("_brief.pdf")
    if shutil.which("pdftotext"):  # poppler-utils: installed in CI
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        assert name in " ".join(text.split()), text[:500]
    assert_healthy(tab)


# ---------------------------------------------------------------- 3. abuse


def test_html_in_a_link_is_shown_as_text(tab: Any, app_server: Any) -> None:
    page = tab.page
    evil = urllib.parse.urlencode({"levels": f"{SCRIPT}:1;{IMG}:2;{LINK}:3;{MD_IMAGE}:4"})
    open_app(page, f"{app_server.url}/?{evil}")
    page.wait_for_function(
        "s => window.__e2e.toasts.some(t => t.text.includes(s))", arg=SCRIPT)
    toast = next(t for t in toasts(page) if SCRIPT in t["text"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in toast["html"], toast["html"]
    assert "<script" not in toast["html"]
    # The warning echoes only the start of a long value: the markdown link gets a link of its own.
    open_app(page, f"{app_server.url}/?{urllib.parse.urlencode({'levels': f'{LINK}:3'})}")
    page.wait_for_function(
        "s => window.__e2e.toasts.some(t => t.text.replaceAll('\u2060', '').includes(s))", arg=LINK)
    toast = next(t for t in toasts(page) if LINK in t["text"].replace(WORD_JOINER, ""))
    assert 'href="http://evil' not in toast["html"], toast["html"]
    assert_not_executed(tab)


def test_html_in_an_uploaded_table_is_shown_as_text(tab: Any, app_server: Any) -> None:
    if not (ROOT / "pages" / "data.py").exists():
        pytest.skip("no Data page (pages/data.py) in this build")
    page = tab.page
    open_app(page, f"{app_server.url}/data")
    row = f'"{SCRIPT}",32000,0.35,2,Inform,Consult,"{IMG} {LINK} {MD_IMAGE}",0.1,0.05'
    apply = page.get_by_role("button", name="Apply the 1 good rows")
    upload(page, "Stakeholder table", "evil.csv", f"{STAKEHOLDER_HEADER}\n{row}\n".encode())
    expect(apply).to_be_enabled()
    wait_idle(page)
    with expect_rerun(page):
        apply.click()
    expect(page.get_by_text("Applied 1 rows from evil.csv")).to_be_visible()
    wait_idle(page)

    go_to(page, "Assessment", "Assessment")
    why = page.locator(f"{MAIN} [data-testid='stMarkdownContainer']").filter(has_text="alert(1)")
    expect(why).to_have_count(1)
    assert (why.inner_text().replace(WORD_JOINER, "")
            == f"{SCRIPT} (Inform → Consult): {IMG} {LINK} {MD_IMAGE}")
    html = why.inner_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x" in html, html
    assert_not_executed(tab)


def assert_not_executed(tab: Any) -> None:
    page = tab.page
    wait_idle(page)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"http://evil\"]').length") == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"http://t/x.png\"]').length") == 0
    injected = page.evaluate(
        "Array.from(document.scripts).filter(s => s.textContent.includes('alert(')).length")
    assert injected == 0
    assert_healthy(tab)  # includes: no dialog fired


def test_xsrf_protection_is_not_switched_off_in_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config.get("server", {}).get("enableXsrfProtection", True) is True
    effective = subprocess.run(
        [sys.executable, "-c", "import streamlit.config as c; c.get_config_options("
         "force_reparse=True); print(c.get_option('server.enableXsrfProtection'))"],
        cwd=ROOT, env=dict(os.environ),  # as the server sees it, STREAMLIT_* included
        capture_output=True, text=True, timeout=60, check=True)
    assert effective.stdout.strip().splitlines()[-1] == "True", effective.stdout


def test_running_server_refuses_requests_without_xsrf_token(app_server: Any) -> None:
    request = urllib.request.Request(f"{app_server.url}/_stcore/upload_file/s/f", data=b"x",
                                     method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    assert "XSRF" in refused.value.read().decode()


# ---------------------------------------------------------------- first visit after a restart


def test_deep_link_as_first_visit_after_start(app_server: Any) -> None:
    """The session server's very first visit was a shared presenter link (see conftest)."""
    seen = app_server.notes["first_visit"]
    if "error" in seen:  # not the known bug: the probe itself broke
        pytest.fail(f"first visit could not be observed: {seen}")
    assert "3 · Commitment" in seen["nav"], f"sidebar shows {seen['nav']}"
    assert "85% within 1 h" in seen["banner"] and "4.0 FTE" in seen["banner"], seen["banner"]
