"""The Scenarios page: save, list, open, rename, duplicate, delete, compare, export, import."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario
from present.markdown import shown
from ui.auth import owner_key, shown_name

HYPERLINK = '=HYPERLINK("http://evil.example","Click")'


def texts(elements: object) -> str:
    """What a reader sees in these elements (markdown escapes of people's text removed)."""
    return shown("\n".join(str(e.value) for e in elements))  # type: ignore[attr-defined]


def save(at: AppTest, name: str, note: str = "") -> AppTest:
    at.text_input(key="save_name").input(name)
    at.text_area(key="save_note").input(note)
    at.button(key="FormSubmitter:save_form-Save").click()
    return at.run()


def open_tab(at: AppTest, label: str) -> AppTest:
    """Select a tab of the page: only the open tab runs (st.tabs with on_change="rerun")."""
    at.session_state["scenarios_tab"] = label
    return at.run()


def with_target(scenario: Scenario, minutes: float) -> Scenario:
    return replace(scenario, promise=replace(scenario.promise, response_target_minutes=minutes))


def test_single_team_mode_is_stated_when_sign_in_is_not_configured(
    scenarios_page: Callable[[], AppTest],
) -> None:
    at = scenarios_page()

    assert not at.exception
    assert "Single-team mode: sign-in is not configured" in texts(at.caption)


def test_save_list_reload_and_open_round_trip(scenarios_page: Callable[[], AppTest]) -> None:
    at = scenarios_page()
    saved = at.session_state["scenario"]
    save(at, "Plan A", "Office hours only")
    assert "Saved 'Plan A'." in texts(at.success)
    at.session_state["scenario"] = with_target(saved, 60.0)  # the user carries on editing

    fresh = scenarios_page()  # a new browser session on the same database
    listed = fresh.dataframe[0].value
    assert listed[["Name", "Note"]].values.tolist() == [["Plan A", "Office hours only"]]
    assert listed["NPV"].iloc[0].startswith(("£", "−£"))
    fresh.session_state["scenario"] = with_target(saved, 60.0)
    fresh.button(key="open_button").click().run()

    opened = fresh.session_state["scenario"]
    assert opened.to_dict() == replace(saved, name="Plan A").to_dict()
    assert not fresh.exception


def test_saving_under_a_taken_name_is_refused_unless_overwriting(
    scenarios_page: Callable[[], AppTest],
) -> None:
    at = scenarios_page()
    save(at, "Plan A")

    save(at, "Plan A")

    assert "already exists" in texts(at.error)
    assert len(at.dataframe[0].value) == 1


def test_rename_duplicate_and_delete_with_confirmation(
    scenarios_page: Callable[[], AppTest],
) -> None:
    at = scenarios_page()
    save(at, "Plan A")

    at.text_input(key="rename_1_Plan A").input("Plan Z")
    at.button(key="rename_button").click().run()
    assert at.dataframe[0].value["Name"].tolist() == ["Plan Z"]
    at.button(key="duplicate_button").click().run()
    assert sorted(at.dataframe[0].value["Name"]) == ["Plan Z", "Plan Z (copy)"]

    at.selectbox(key="saved_choice").set_value("Plan Z").run()
    at.button(key="delete_button").click().run()
    assert "cannot be undone" in texts(at.warning)
    assert len(at.dataframe[0].value) == 2  # nothing deleted before confirming
    at.button(key="delete_confirm").click().run()

    assert at.dataframe[0].value["Name"].tolist() == ["Plan Z (copy)"]
    assert not at.exception


def test_compare_highlights_headline_differences_and_lists_differing_inputs(
    scenarios_page: Callable[[], AppTest],
) -> None:
    at = scenarios_page()
    base = at.session_state["scenario"]
    save(at, "Eight hours")
    at.session_state["scenario"] = with_target(base, 60.0)
    save(at, "One hour")
    open_tab(at, "Compare")

    at.multiselect(key="compare_choice").set_value(["Eight hours", "One hour"]).run()

    assert not at.exception
    headline = at.dataframe[0].value  # only the open tab (Compare) is drawn
    assert list(headline.columns) == ["Eight hours", "One hour"]
    # The same rota answers both (its floor of whole people keeps either promise): the share
    # within the tighter target differs, and the difference is spelt out.
    assert "(" in headline.loc["Share within target", "One hour"]
    assert "(" not in headline.loc["FTE required", "One hour"]
    inputs = at.dataframe[1].value
    assert {"name", "promise.response_target_minutes"} <= set(inputs.index)
    assert inputs.loc["promise.response_target_minutes"].tolist() == ["480", "60"]
    assert len(at.get("component_instance")) == 1  # one live chart


def test_csv_exports_escape_formulas_in_group_names(
    scenarios_page: Callable[[], AppTest], downloads: dict[str, bytes],
) -> None:
    at = scenarios_page()
    scenario = at.session_state["scenario"]
    first = replace(scenario.groups[0], group=HYPERLINK)
    inside = (replace(g, part_of=HYPERLINK if g.part_of else "") for g in scenario.groups[1:])
    at.session_state["scenario"] = replace(scenario, name="Risky", groups=(first, *inside))
    open_tab(at, "Export and import")

    table = pd.read_csv(io.BytesIO(downloads["Risky_stakeholders.csv"]), encoding="utf-8-sig")

    assert table["group"].iloc[0] == "'" + HYPERLINK
    years = pd.read_csv(io.BytesIO(downloads["Risky_years.csv"]), encoding="utf-8-sig")
    assert "cumulative_pv_net_gbp" in years.columns
    assert json.loads(downloads["Risky.json"])["groups"][0]["group"] == HYPERLINK


def test_a_scenario_json_round_trips_and_a_bad_file_gets_a_clear_error(
    scenarios_page: Callable[[], AppTest], downloads: dict[str, bytes],
) -> None:
    at = scenarios_page()
    open_tab(at, "Export and import")
    original = at.session_state["scenario"]
    exported = downloads[next(name for name in downloads if name.endswith(".json"))]
    uploader = at.file_uploader(key="json_in_0")

    uploader.upload("broken.json", b'{"name": "x",', "application/json")
    at.run()
    assert "broken.json is not a scenario this app can open" in texts(at.error)
    assert "line 1" in texts(at.error)

    at.session_state["scenario"] = with_target(original, 60.0)
    at.file_uploader(key="json_in_0").set_value(("plan.json", exported, "application/json"))
    at.run()
    assert not at.error
    at.button(key="json_apply").click().run()

    assert at.session_state["scenario"].to_dict() == original.to_dict()
    assert not at.exception


def test_signed_in_authors_are_recorded_and_signed_out_users_are_asked_to_sign_in(
    scenarios_page: Callable[[], AppTest],
) -> None:
    at = scenarios_page()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x", "client_id": "planner", "client_secret": "s",
                          "server_metadata_url": "http://localhost:9/.well-known/openid"}
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.tabs

    alice = {"iss": "https://idp.example", "sub": "a1", "email": "alice@council.example"}
    at.user = {"is_logged_in": True, **alice}
    at.run()
    save(at, "Alice's plan")

    alice_shown = shown_name(alice, owner_key(alice))  # the e-mail and a tag of the owner key
    assert alice_shown.startswith("alice@council.example (#")
    assert at.dataframe[0].value["Author"].tolist() == [alice_shown]
    assert "Signed in as **alice@council.example" in texts(at.caption)

    at.user = {"is_logged_in": True, "iss": "https://idp.example", "sub": "b2",
               "email": "bob@council.example"}
    at.run()
    at.button(key="delete_button").click().run()
    at.button(key="delete_confirm").click().run()
    assert f"Only {alice_shown}" in texts(at.error)
    assert at.dataframe[0].value["Name"].tolist() == ["Alice's plan"]


def test_markdown_in_a_scenario_name_is_shown_literally_not_as_a_link_or_image(
    scenarios_page: Callable[[], AppTest], markdown_sent: Callable[[AppTest], str],
) -> None:
    link, image, bold = "[x](http://evil)", "![](http://t/x.png)", "**bold**"
    name = f"{link} {image} {bold}"
    at = scenarios_page()

    save(at, name, note=link)

    assert f"Saved '{name}'." in texts(at.success)
    assert f"Open '{name}'" in [shown(b.label) for b in at.button]
    sent_on_scenarios_page = markdown_sent(at)
    open_tab(at, "Export and import")
    assert f"Current scenario: **{name}**" in texts(at.caption)
    sent_on_scenarios_page += markdown_sent(at)
    at.switch_page("pages/home.py").run()
    assert f"Headline for “{name}”" in texts(at.header)
    for sent in (sent_on_scenarios_page, markdown_sent(at)):
        for payload in (link, image, bold):
            assert payload not in sent, f"{payload} reached the browser as live markdown"
    assert not at.exception


def test_the_pdf_brief_is_offered_only_for_the_scenario_it_was_made_from(
    scenarios_page: Callable[[], AppTest], downloads: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import report.scenario_brief as scenario_brief

    monkeypatch.setattr(scenario_brief, "brief_pdf",
                        lambda scenario, *_, **__: f"%PDF {scenario.name}".encode())
    at = scenarios_page()
    open_tab(at, "Export and import")
    at.button(key="pdf_prepare").click().run()
    offered = [name for name in downloads if name.endswith("_brief.pdf")]
    assert offered and downloads[offered[0]].startswith(b"%PDF")
    assert "pdf_out" in [b.key for b in at.get("download_button")]

    at.session_state["scenario"] = with_target(at.session_state["scenario"], 60.0)
    at.run()
    assert not at.exception
    assert "pdf_out" not in [b.key for b in at.get("download_button")]
