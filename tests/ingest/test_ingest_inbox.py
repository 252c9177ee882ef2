"""Social-inbox exports: pairing replies, time zones, the 168-hour profile, presets, problems."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ingest import ColumnMapping, ImportProblem, detect_preset, read_inbox

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "inbox_export_synthetic.csv"
TWITTER_HEADER = (
    "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id"
)
SUNDAY_2AM = 6 * 24 + 2


def csv_file(header: str, *rows: str) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def zendesk(*rows: str) -> bytes:
    return csv_file("id,created_at,via,first_reply_time_in_minutes", *rows)


def test_twitter_layout_pairs_each_customer_tweet_with_the_companys_first_direct_reply() -> None:
    data = csv_file(
        TWITTER_HEADER,
        "1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 I understand,2,3",
        "2,115712,True,Tue Oct 31 22:11:45 +0000 2017,how do you propose,,1",
        "3,115712,True,Tue Oct 31 22:08:27 +0000 2017,I have sent messages,1,4",
        "4,sprintcare,False,Tue Oct 31 21:54:49 +0000 2017,Please send a DM,3,5",
        "5,115712,True,Tue Oct 31 21:49:35 +0000 2017,I did.,4,6",
        "6,sprintcare,False,Tue Oct 31 21:59:35 +0000 2017,Following up,,5.0",
    )
    summary = read_inbox(data, "twcs.csv")
    assert summary.preset == "Customer Support on Twitter (Kaggle)"
    # Rows: 3 is tweet 2 (never answered), 4 is tweet 3 (answered by tweet 1 at 22:10:47),
    # 6 is tweet 5 (answered by tweet 4 at 21:54:49 and later by tweet 6: the first counts).
    expected = {3: np.nan, 4: 140 / 60, 6: 314 / 60}
    assert summary.first_response_minutes.to_dict().keys() == expected.keys()
    np.testing.assert_allclose(summary.first_response_minutes.to_numpy(),
                               list(expected.values()))
    assert summary.share_answered == pytest.approx(2 / 3)
    assert summary.problems == []


def test_a_reply_dated_before_the_tweet_it_answers_is_reported_and_ignored() -> None:
    data = csv_file(
        TWITTER_HEADER,
        "10,customer,True,Tue Oct 31 22:00:00 +0000 2017,help,11,",
        "11,brand,False,Tue Oct 31 21:00:00 +0000 2017,reply,,10",
    )
    summary = read_inbox(data, "twcs.csv")
    [problem] = summary.problems
    assert (problem.row_number, problem.column) == (3, "created_at")
    assert "no earlier than the message it replies to (row 2" in problem.message
    assert summary.share_answered == 0


def test_a_message_at_0130_utc_on_the_spring_change_day_lands_in_sunday_2am_summer_time() -> None:
    summary = read_inbox(zendesk("1,2024-03-31T01:30:00Z,Twitter,5"), "dst.csv")
    assert int(np.argmax(summary.arrival_profile)) == SUNDAY_2AM
    assert summary.arrival_profile[SUNDAY_2AM] == pytest.approx(1.0)


def test_the_same_utc_time_in_winter_stays_at_sunday_1am() -> None:
    summary = read_inbox(zendesk("1,2024-01-07T01:30:00Z,Twitter,5"), "winter.csv")
    assert int(np.argmax(summary.arrival_profile)) == 6 * 24 + 1


def test_times_with_another_offset_are_converted_to_london_time() -> None:
    summary = read_inbox(zendesk("1,2024-06-03T09:00:00+02:00,Twitter,5"), "paris.csv")
    assert int(np.argmax(summary.arrival_profile)) == 8  # Monday 08:00 BST


def test_naive_times_are_london_time_and_a_skipped_hour_moves_forward() -> None:
    summary = read_inbox(zendesk("1,2024-03-31 01:30,Twitter,5"), "naive.csv")
    assert int(np.argmax(summary.arrival_profile)) == SUNDAY_2AM


def test_another_time_zone_can_be_chosen_for_naive_times() -> None:
    summary = read_inbox(zendesk("1,2024-01-01 09:00,Web,5"), "ny.csv",
                         timezone="America/New_York")
    assert int(np.argmax(summary.arrival_profile)) == 9
    assert str(summary.period_start.tz) == "America/New_York"


def test_an_autumn_time_that_happens_twice_is_read_as_summer_time() -> None:
    summary = read_inbox(zendesk("1,2024-10-27 01:30,Twitter,5"), "autumn.csv")
    assert summary.first_response_minutes.notna().all()
    assert int(np.argmax(summary.arrival_profile)) == 6 * 24 + 1


def test_uk_style_day_first_dates_are_read_day_first() -> None:
    summary = read_inbox(zendesk("1,03/04/2024 10:00,Web,5", "2,13/04/2024 10:00,Web,5"), "uk.csv")
    assert summary.period_start == pd.Timestamp("2024-04-03", tz="Europe/London")


def test_a_conversation_export_with_first_reply_time_in_minutes_works() -> None:
    data = zendesk(
        "1,2024-01-01 09:10,Twitter,30",
        "2,2024-01-01 10:20,Facebook,90",
        "3,2024-01-02 11:00,Facebook,",
        "4,2024-01-07 23:50,Facebook,600",
    )
    summary = read_inbox(data, "zendesk.csv")
    assert summary.preset == "Zendesk (ticket export)"
    assert summary.inbound_messages == 4
    assert summary.weeks_covered == pytest.approx(1.0)
    assert summary.messages_per_week == pytest.approx(4.0)
    assert summary.share_answered == pytest.approx(0.75)
    assert summary.median_first_response_minutes == pytest.approx(90)
    assert summary.share_within(60) == pytest.approx(0.25)
    assert summary.share_within(24 * 60) == pytest.approx(0.75)
    channels = summary.by_channel.set_index("channel")
    assert channels.loc["Facebook", "messages"] == 3
    assert channels.loc["Facebook", "share_answered"] == pytest.approx(2 / 3)
    assert channels.loc["Facebook", "median_first_response_minutes"] == pytest.approx(345)
    assert channels.loc["Twitter", "messages_per_week"] == pytest.approx(1.0)


def test_zendesk_headers_as_the_csv_export_writes_them_are_recognised() -> None:
    header = ("Id,Created at,Via,First reply time in minutes,"
              "First reply time in minutes within business hours")
    assert detect_preset(header.split(",")) == "Zendesk (ticket export)"


def test_the_profile_has_168_shares_summing_to_one() -> None:
    summary = read_inbox(SAMPLE.read_bytes(), SAMPLE.name)
    assert summary.arrival_profile.shape == (168,)
    assert summary.arrival_profile.sum() == pytest.approx(1.0)


def test_hours_seen_twice_in_a_part_week_are_not_counted_double() -> None:
    hours = pd.date_range("2024-01-01 00:10", periods=10 * 24, freq="h")  # Mon 1 to Wed 10 Jan
    rows = [f"{i},{t:%Y-%m-%d %H:%M},Web,5" for i, t in enumerate(hours)]
    summary = read_inbox(zendesk(*rows), "ten_days.csv")
    assert summary.weeks_covered == pytest.approx(10 / 7)
    np.testing.assert_allclose(summary.arrival_profile, np.full(168, 1 / 168))


def test_message_layout_pairs_inbound_messages_with_the_next_reply_in_the_conversation() -> None:
    data = csv_file(
        "Message ID,Conversation ID,Direction,Inbox,Message date",
        "m1,c1,Outbound,Facebook,2024-01-01 09:00",
        "m2,c1,Inbound,Facebook,2024-01-01 10:00",
        "m3,c2,Inbound,X,2024-01-01 10:05",
        "m4,c1,Outbound,Facebook,2024-01-01 10:30",
        "m5,c1,Outbound,Facebook,2024-01-01 10:40",
        "m6,c1,Inbound,Facebook,2024-01-01 11:00",
        "m7,c2,Outbound,X,2024-01-01 12:05",
    )
    summary = read_inbox(data, "front.csv")
    assert summary.preset == "Front (analytics message export)"
    assert summary.first_response_minutes.to_dict() == pytest.approx(
        {3: 30.0, 4: 120.0, 7: np.nan}, nan_ok=True
    )
    assert summary.by_channel["channel"].tolist() == ["Facebook", "X"]


def test_the_synthetic_sample_looks_like_a_busy_council_inbox() -> None:
    summary = read_inbox(SAMPLE.read_bytes(), SAMPLE.name)
    assert summary.preset == "Front (analytics message export)"
    assert summary.problems == []
    assert summary.weeks_covered == pytest.approx(6.0)
    assert 300 <= summary.messages_per_week <= 400
    assert 0.8 <= summary.share_answered <= 0.95
    profile = summary.arrival_profile.reshape(7, 24)
    assert profile[:5, 9:17].sum() > 3 * profile[:5, 0:8].sum()


def test_the_committed_sample_is_exactly_what_the_script_makes() -> None:
    import make_sample_inbox as script  # scripts/ is on sys.path (tests/conftest.py)

    frame = script.build(np.random.default_rng(script.SEED))
    assert frame.to_csv(index=False, lineterminator="\n").encode() == SAMPLE.read_bytes()


def test_a_manual_mapping_reads_any_layout() -> None:
    data = csv_file(
        "When,Thread,Who,Network",
        "01/02/2024 09:00,t1,resident,Facebook",
        "01/02/2024 09:45,t1,council,Facebook",
    )
    mapping = ColumnMapping("message", received_at="When", direction="Who",
                            conversation_id="Thread", channel="Network",
                            inbound_values=("resident",), outbound_values=("council",))
    summary = read_inbox(data, "own.csv", mapping=mapping)
    assert summary.preset == "manual mapping"
    assert summary.first_response_minutes.tolist() == [45.0]


def test_a_response_time_in_seconds_is_converted_to_minutes() -> None:
    data = csv_file("opened,secs", "2024-02-01 09:00,90", "2024-02-01 10:00,00:03:00")
    mapping = ColumnMapping("conversation", received_at="opened", first_response="secs",
                            first_response_unit="seconds")
    summary = read_inbox(data, "secs.csv", mapping=mapping)
    assert summary.first_response_minutes.tolist() == [1.5, 3.0]


def test_a_first_reply_timestamp_gives_the_response_time() -> None:
    data = csv_file("opened,replied", "2024-02-01 09:00,2024-02-01 09:20", "2024-02-01 10:00,")
    mapping = ColumnMapping("conversation", received_at="opened", first_reply_at="replied")
    summary = read_inbox(data, "reply.csv", mapping=mapping)
    assert summary.first_response_minutes.tolist() == pytest.approx([20.0, np.nan], nan_ok=True)


def test_several_responses_to_one_post_count_once_at_the_earliest() -> None:
    data = csv_file(
        "lsw_responded_to_external_post_id,lsw_responded_to_post_received_time,"
        "response_published_date",
        "p1,2024-02-01 09:00,2024-02-01 11:00",
        "p1,2024-02-01 09:00,2024-02-01 09:30",
        "p2,2024-02-01 10:00,2024-02-01 10:10",
    )
    summary = read_inbox(data, "khoros.csv")
    assert summary.preset == "Khoros Care (response report)"
    assert summary.inbound_messages == 2
    assert sorted(summary.first_response_minutes.tolist()) == [10.0, 30.0]


def test_an_excel_export_with_date_cells_reads_like_a_csv() -> None:
    frame = pd.DataFrame({"created_at": pd.to_datetime(["2024-03-31 02:30", "2024-04-01 09:00"]),
                          "via": ["Web", "Web"], "first_reply_time_in_minutes": [5, 15]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    summary = read_inbox(buffer.getvalue(), "tickets.xlsx")
    assert summary.median_first_response_minutes == pytest.approx(10)
    assert summary.arrival_profile[SUNDAY_2AM] > 0


@pytest.mark.parametrize(
    "row, column, value, expected",
    [
        ("1,yesterday-ish,Web,5", "created_at", "yesterday-ish", "a date and time"),
        ("1,2024-01-01 09:00,Web,-3", "first_reply_time_in_minutes", "-3",
         "a first-response time of 0 or more minutes"),
        ("1,2024-01-01 09:00,Web,soon", "first_reply_time_in_minutes", "soon",
         "a first-response time of 0 or more minutes"),
    ],
)
def test_each_bad_cell_is_named_with_row_column_value_and_expectation(
    row: str, column: str, value: str, expected: str
) -> None:
    summary = read_inbox(zendesk("0,2024-01-01 08:00,Web,1", row), "tickets.csv")
    [problem] = summary.problems
    assert problem.message.startswith(f"Row 3 of tickets.csv, column '{column}' has '{value}'")
    assert expected in problem.message
    assert summary.inbound_messages == 1


def test_an_unknown_direction_is_named_with_row_and_value() -> None:
    data = csv_file("Message ID,Conversation ID,Direction,Inbox,Message date",
                    "m1,c1,Inbound,X,2024-01-01 09:00", "m2,c1,sideways,X,2024-01-01 09:05")
    [problem] = read_inbox(data, "front.csv").problems
    assert problem.message.startswith("Row 3 of front.csv, column 'Direction' has 'sideways'")
    assert "inbound or outbound" in problem.message


def test_a_file_with_no_usable_rows_is_refused_with_the_first_problem() -> None:
    with pytest.raises(ImportProblem, match=r"None of the 1 rows of t\.csv.*Row 2 of t\.csv"):
        read_inbox(zendesk("1,not a date,Web,5"), "t.csv")


def test_a_missing_required_column_is_refused_naming_file_and_column() -> None:
    data = csv_file("tweet_id,inbound,created_at", "1,True,Tue Oct 31 22:10:47 +0000 2017")
    with pytest.raises(ImportProblem, match=r"^tw\.csv has no 'in_response_to_tweet_id' column"):
        read_inbox(data, "tw.csv", preset="Customer Support on Twitter (Kaggle)")


def test_unrecognised_columns_ask_for_a_preset_or_a_manual_mapping() -> None:
    with pytest.raises(ImportProblem, match=r"^odd\.csv: the columns \(a, b\).*manual mapping"):
        read_inbox(csv_file("a,b", "1,2"), "odd.csv")


def test_an_unknown_time_zone_is_refused_plainly() -> None:
    with pytest.raises(ImportProblem, match="'Mars/Olympus' is not a known time zone"):
        read_inbox(zendesk("1,2024-01-01 09:00,Web,5"), "t.csv", timezone="Mars/Olympus")
