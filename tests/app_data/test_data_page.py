"""The Data page: stakeholder uploads and inbox exports, checked before anything is applied."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from model.calibrate import today_inbound_per_week
from present.markdown import shown
from present.text import duration
from ui.state import evaluate

GOOD_CSV = (
    "Group;Population;Reach share;Messages per follower per year;Current level;Target level;"
    "Why;Phone substitution share;Visit substitution share;Owner\n"
    "Dog walkers;12,000;25%;1.5;inform;Consult;Parks;0.2;0.05;Sam\n"
    "Allotment holders;800;0.6;2;Consult;Involve;;10%;0;Jo\n"
).encode("cp1252")
BAD_CSV = (
    b"group,population,reach_share,messages_per_follower_per_year,current_level,target_level,"
    b"why,phone_substitution_share,visit_substitution_share\n"
    b"Dog walkers,lots,0.25,1.5,Inform,Consult,,0.2,0.05\n"
    b"Allotment holders,800,0.6,2,Consult,Involve,,0.1,0\n"
)


def texts(elements: object) -> str:
    """What a reader sees in these elements (markdown escapes of people's text removed)."""
    return shown("\n".join(str(e.value) for e in elements))  # type: ignore[attr-defined]


def upload_stakeholders(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="stakeholder_file_0").upload(name, data, "text/csv")
    return at.run()


def test_a_bad_row_is_named_and_the_scenario_is_unchanged_until_applied(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    before = at.session_state["scenario"]

    upload_stakeholders(at, "groups.csv", BAD_CSV)

    assert not at.exception
    assert "1 problem in 1 row" in texts(at.warning)
    problems = at.table[0].value  # a static table: the whole message wraps, none is cut
    assert problems["Problem"].tolist() == [
        "Row 2 of groups.csv, column 'population' has 'lots'; expected a whole number of "
        "people from 0 to 70,000,000 (at most 70 million, the UK's population; for example "
        "150,000)."
    ]
    assert at.session_state["scenario"] is before
    at.button(key="stakeholder_discard").click().run()
    assert at.session_state["scenario"] is before
    assert not at.exception


def test_a_file_that_cannot_be_used_gets_a_message_not_a_traceback(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    before = at.session_state["scenario"]

    upload_stakeholders(at, "empty.csv", b"")

    assert not at.exception
    assert "empty.csv is empty" in texts(at.error)
    assert at.session_state["scenario"] is before


def test_applying_the_good_rows_replaces_the_groups(data_page: Callable[[], AppTest]) -> None:
    at = data_page()
    upload_stakeholders(at, "groups.csv", BAD_CSV)

    at.button(key="stakeholder_apply").click().run()

    groups = at.session_state["scenario"].groups
    assert [g.group for g in groups] == ["Allotment holders"]
    assert "Applied 1 rows from groups.csv" in texts(at.success)
    assert not at.exception


def test_a_messy_good_file_merged_keeps_the_current_groups_and_lists_ignored_columns(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    current = [g.group for g in at.session_state["scenario"].groups]
    upload_stakeholders(at, "groups.csv", GOOD_CSV)
    assert "Owner" in texts(at.caption)

    at.radio(key="stakeholder_mode").set_value("merge").run()
    at.button(key="stakeholder_apply").click().run()

    groups = at.session_state["scenario"].groups
    assert [g.group for g in groups] == [*current, "Dog walkers", "Allotment holders"]
    walkers = groups[-2]
    assert (walkers.population, walkers.reach_share, walkers.current_level) == (
        12_000, 0.25, "Inform")
    assert not at.exception


def test_the_sample_inbox_export_changes_inbound_volume_when_used(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    before = at.session_state["scenario"]

    at.button(key="inbox_sample").click().run()
    assert not at.exception
    assert at.session_state["scenario"] is before
    assert "synthetic" in texts(at.caption)
    assert [m.label for m in at.metric][0] == "Inbound a week"
    at.button(key="inbox_apply").click().run()

    after = at.session_state["scenario"]
    assert not at.exception
    assert today_inbound_per_week(after) == pytest.approx(348.83, abs=0.01)
    assert evaluate(after).inbound_per_week != evaluate(before).inbound_per_week
    assert after.arrival_profile != before.arrival_profile
    table = at.dataframe[1].value  # the before/after table, shown above the source
    assert table["Measure"].tolist()[:2] == ["Inbound messages a week (plan)",
                                             "Net present value"]


def test_a_file_no_preset_knows_is_guessed_then_can_be_changed_by_hand(
        data_page: Callable[[], AppTest]) -> None:
    export = (
        b"Opened,Replied after (min),Network\n"
        b"2024-03-04 09:00,30,Facebook\n"
        b"2024-03-05 10:00,,Facebook\n"
        b"2024-03-06 11:00,90,Instagram\n"
    )
    at = data_page()
    at.file_uploader(key="inbox_file_0").upload("odd.csv", export, "text/csv").run()
    assert not at.error
    guessed = texts(at.info)
    assert "columns were guessed" in guessed and "'Opened'" in guessed
    assert [m.value for m in at.metric][1] == "67%"

    at.button(key="inbox_change_guess").click().run()
    assert at.selectbox(key="inbox_preset").value == "Choose the columns by hand"
    # the mapper starts from the guess
    assert at.selectbox(key="inbox_map_conversation_received_at").value == "Opened"
    at.selectbox(key="inbox_map_conversation_channel").set_value("(not used)").run()

    assert not at.exception
    assert not at.error
    assert "3 inbound messages" in texts(at.warning)
    assert [m.value for m in at.metric][1] == "67%"


def test_a_file_nothing_can_be_guessed_for_says_what_was_found(
        data_page: Callable[[], AppTest]) -> None:
    at = data_page()
    export = b"When,Words\n2024-03-04 09:00,hello\n"
    at.file_uploader(key="inbox_file_0").upload("odd.csv", export, "text/csv").run()
    error = texts(at.error)
    assert "do not match any known export" in error and "found a message time in 'When'" in error


def test_a_wrong_file_type_is_explained_for_both_uploads(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    before = at.session_state["scenario"]

    upload_stakeholders(at, "groups.xls", b"\xd0\xcf\x11\xe0 old excel")
    at.file_uploader(key="inbox_file_0").upload("inbox.pdf", b"%PDF-1.4 \x00\x01").run()

    assert not at.exception
    errors = texts(at.error)
    assert "groups.xls is an old-style Excel .xls file" in errors
    assert "inbox.pdf is not a CSV or Excel file" in errors
    assert at.session_state["scenario"] is before


LINK, IMAGE, BOLD = "[x](http://evil)", "![](http://t/x.png)", "**bold**"
MARKDOWN_CSV = (
    "group,population,reach_share,messages_per_follower_per_year,current_level,target_level,why,"
    f"phone_substitution_share,visit_substitution_share,{IMAGE}\n"
    f"{BOLD},800,0.6,2,Consult,Involve,{LINK} {IMAGE},0.1,0,x\n"
).encode()


def test_markdown_in_an_uploaded_file_is_shown_literally_not_as_links_or_images(
    data_page: Callable[[], AppTest], markdown_sent: Callable[[AppTest], str],
) -> None:
    at = data_page()
    upload_stakeholders(at, f"{BOLD} groups.csv", MARKDOWN_CSV)
    assert f"{BOLD} groups.csv: 1 good row" in texts(at.info)
    assert IMAGE in texts(at.caption)  # the ignored column, by its header
    at.button(key="stakeholder_apply").click().run()
    assert f"from {BOLD} groups.csv" in texts(at.success)
    sent_on_data_page = markdown_sent(at)

    at.switch_page("pages/assessment.py").run()

    assert not at.exception
    assert f"**{BOLD}** (Consult → Involve): {LINK} {IMAGE}" in texts(at.markdown)
    for sent in (sent_on_data_page, markdown_sent(at)):
        for payload in (LINK, IMAGE, BOLD):
            assert payload not in sent, f"{payload} reached the browser as live markdown"


def test_after_the_inbox_export_commitment_compares_with_the_measured_today(
    data_page: Callable[[], AppTest],
) -> None:
    at = data_page()
    at.button(key="inbox_sample").click().run()
    measured = next(m.value for m in at.metric if m.label == "Median first response")
    at.button(key="inbox_apply").click().run()
    assert not at.exception
    at.switch_page("pages/commitment.py").run()
    assert not at.exception
    median = next(m for m in at.metric if m.label == "Median reply")
    assert median.help == f"Today: {measured}."
    scenario = at.session_state["scenario"]
    today = evaluate(scenario).today
    assert duration(today.median_response_minutes) == measured
    target = scenario.promise.response_target_minutes
    assert scenario.measured_today is not None
    assert today.share_within_target == pytest.approx(
        scenario.measured_today.share_within(target))


def test_a_stakeholder_file_in_the_assessment_headings_loads_and_odd_ones_can_be_mapped(
        data_page: Callable[[], AppTest]) -> None:
    assessment = (
        b"Group,Population,Follow us (%),Messages per follower a year,Today,Target,"
        b"Replies that save a call (%),Replies that save a visit (%),Why,Part of (counted inside)\n"
        b"Carers,4000,20,1,Inform,Consult,10,5,,\n")
    at = data_page()
    upload_stakeholders(at, "assessment.csv", assessment)
    assert not at.error and "1 good row" in texts(at.info)

    odd = b"Who,How many,Reach,Rate,Now,Goal,Calls,Visits\nCarers,4000,0.2,1,Inform,Consult,0,0\n"
    at = data_page()
    upload_stakeholders(at, "odd.csv", odd)
    assert "could not find" in texts(at.error)
    at.selectbox(key="stakeholder_map_group").set_value("Who")
    at.selectbox(key="stakeholder_map_population").set_value("How many")
    at.selectbox(key="stakeholder_map_reach_share").set_value("Reach")
    at.selectbox(key="stakeholder_map_messages_per_follower_per_year").set_value("Rate")
    at.selectbox(key="stakeholder_map_current_level").set_value("Now")
    at.selectbox(key="stakeholder_map_target_level").set_value("Goal")
    at.selectbox(key="stakeholder_map_phone_substitution_share").set_value("Calls")
    at.selectbox(key="stakeholder_map_visit_substitution_share").set_value("Visits")
    at.button(key="stakeholder_map_apply").click().run()
    assert not at.exception and not at.error
    assert "1 good row" in texts(at.info)


def test_a_confirmed_guess_is_remembered_for_files_with_the_same_headers(
        data_page: Callable[[], AppTest]) -> None:
    export = (b"Conversation ID,Sent at (UTC),Direction\n"
              b"a,2024-03-04 09:00:00,Inbound\na,2024-03-04 09:30:00,Outbound\n")
    at = data_page()
    at.file_uploader(key="inbox_file_0").upload("plain.csv", export, "text/csv").run()
    assert "columns were guessed" in texts(at.info)
    at.button(key="inbox_confirm_guess").click().run()
    assert not at.exception and "columns were guessed" not in texts(at.info)
    assert "you confirmed earlier" in texts(at.caption)
    assert [m.value for m in at.metric][1] == "100%"


def test_a_tiny_file_from_many_accounts_says_it_is_too_little_and_asks_which_account(
        data_page: Callable[[], AppTest]) -> None:
    rows = [f"c{i},Brand {i % 13},2024-03-0{5 + i % 3} {9 + i % 8:02d}:00:00,{d}"
            for i in range(49) for d in ("Inbound", "Outbound")]
    export = "\n".join(["Conversation ID,Account,Sent at (UTC),Direction", *rows]).encode()
    at = data_page()
    at.file_uploader(key="inbox_file_0").upload("tiny.csv", export, "text/csv").run()
    assert not at.exception and not at.error
    warnings = texts(at.warning)
    assert "mixes 13 accounts" in warnings
    assert "too little to fit a week on" in warnings
    at.selectbox(key="inbox_account").set_value("Brand 1").run()
    assert "(account Brand 1)" in texts(at.warning)
