"""Column guessing: a plain export no preset knows is read with no mapping, and read right."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ingest import ImportProblem, read_inbox
from ingest.guess import guess_inbox_mapping, header_score

PLAIN_HEADER = ["Message ID", "Conversation ID", "Account", "Sent at (UTC)", "Direction"]


def plain_export(conversations: int = 1_100, accounts: int = 25, seed: int = 26
                 ) -> pd.DataFrame:
    """A synthetic message export in the plain layout: 1-3 inbound messages a conversation,
    most answered once or twice, some never; times naive UTC, rows in time order."""
    rng = np.random.default_rng(seed)
    start = datetime(2024, 2, 5)
    rows = []
    for conversation in range(conversations):
        account = f"Care account {rng.integers(accounts) + 1:02d}"
        t = start + timedelta(minutes=float(rng.uniform(0, 8 * 7 * 24 * 60)))
        for _ in range(int(rng.integers(1, 4))):
            rows.append((conversation, account, t, "Inbound"))
            if rng.random() < 0.8:
                reply = t + timedelta(minutes=float(rng.exponential(120)))
                rows.append((conversation, account, reply, "Outbound"))
                t = reply + timedelta(minutes=float(rng.exponential(60)))
            else:
                t = t + timedelta(minutes=float(rng.exponential(30)))
    rows.sort(key=lambda row: row[2])
    return pd.DataFrame({
        "Message ID": [f"m{i:06d}" for i in range(len(rows))],
        "Conversation ID": [f"c-{r[0]:05d}" for r in rows],
        "Account": [r[1] for r in rows],
        "Sent at (UTC)": [r[2].strftime("%Y-%m-%d %H:%M:%S") for r in rows],
        "Direction": [r[3] for r in rows],
    })


def independent_first_responses(frame: pd.DataFrame) -> list[float]:
    """Minutes from each inbound message to the first outbound one at or after it in the same
    conversation (NaN when none), by a plain loop over each conversation's messages."""
    by_conversation: dict[str, list[tuple[datetime, str]]] = {}
    for _, row in frame.iterrows():
        when = datetime.strptime(row["Sent at (UTC)"], "%Y-%m-%d %H:%M:%S")
        by_conversation.setdefault(row["Conversation ID"], []).append((when, row["Direction"]))
    minutes = []
    for messages in by_conversation.values():
        for when, direction in messages:
            if direction != "Inbound":
                continue
            replies = [t for t, d in messages if d == "Outbound" and t >= when]
            minutes.append((min(replies) - when).total_seconds() / 60 if replies else np.nan)
    return minutes


def as_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def test_a_plain_export_is_read_with_no_mapping_and_its_median_matches_a_plain_pairing() -> None:
    frame = plain_export()
    assert len(frame) >= 2_000
    summary = read_inbox(as_csv(frame), "plain.csv", timezone="Europe/London")
    expected = independent_first_responses(frame)
    answered = [m for m in expected if not np.isnan(m)]
    assert summary.inbound_messages == len(expected)
    assert summary.median_first_response_minutes == pytest.approx(statistics.median(answered),
                                                                  abs=1e-6)
    assert summary.share_answered == pytest.approx(len(answered) / len(expected))
    assert "guessed" in summary.preset
    for header in ("Sent at (UTC)", "Direction", "Conversation ID", "Account"):
        assert f"'{header}'" in summary.guessed
    assert "UTC" in summary.guessed


def test_the_guess_names_each_accounts_rows() -> None:
    summary = read_inbox(as_csv(plain_export(conversations=300, accounts=3)), "plain.csv")
    assert len(summary.accounts) == 3
    assert sum(n for _, n in summary.accounts) == len(plain_export(300, 3))
    one = summary.accounts[0][0]
    only = read_inbox(as_csv(plain_export(conversations=300, accounts=3)), "plain.csv",
                      account=one)
    assert only.inbound_messages < summary.inbound_messages
    assert only.account == one


def test_utc_times_in_the_header_are_converted_to_local_time() -> None:
    frame = pd.DataFrame({"Conversation ID": ["a", "a"], "Sent at (UTC)":
                          ["2024-07-01 08:00:00", "2024-07-01 08:30:00"],
                          "Direction": ["Inbound", "Outbound"]})
    summary = read_inbox(as_csv(frame), "summer.csv")
    assert summary.received_at is not None
    assert summary.received_at.iloc[0].hour == 9  # 08:00 UTC is 09:00 British Summer Time


def test_other_words_for_the_same_columns_are_guessed() -> None:
    frame = plain_export(conversations=200, accounts=2).rename(columns={
        "Sent at (UTC)": "Timestamp", "Conversation ID": "Thread", "Account": "Profile"})
    frame["Direction"] = frame["Direction"].map({"Inbound": "incoming", "Outbound": "outgoing"})
    summary = read_inbox(as_csv(frame), "other.csv")
    expected = [m for m in independent_first_responses(
        frame.rename(columns={"Timestamp": "Sent at (UTC)", "Thread": "Conversation ID"})
        .assign(Direction=lambda f: f["Direction"].map({"incoming": "Inbound",
                                                         "outgoing": "Outbound"})))
        if not np.isnan(m)]
    assert summary.median_first_response_minutes == pytest.approx(statistics.median(expected))


def test_a_reply_link_layout_is_guessed_from_ids_that_point_at_other_rows() -> None:
    frame = pd.DataFrame({
        "id": ["1", "2", "3", "4"],
        "posted": ["2024-03-04 09:00", "2024-03-04 09:20", "2024-03-04 10:00",
                   "2024-03-04 11:00"],
        "from": ["customer", "agent", "customer", "agent"],
        "parent id": ["", "1", "", "3"],
    })
    guess = guess_inbox_mapping(frame)
    assert guess.mapping is not None
    assert (guess.mapping.message_id, guess.mapping.in_reply_to) == ("id", "parent id")
    summary = read_inbox(as_csv(frame), "links.csv")
    assert sorted(summary.first_response_minutes.tolist()) == [20.0, 60.0]


def test_a_conversation_export_with_a_duration_in_seconds_is_guessed() -> None:
    frame = pd.DataFrame({"Opened": ["2024-03-04 09:00", "2024-03-05 10:00"],
                          "First response time (seconds)": ["600", ""],
                          "Network": ["Facebook", "X"]})
    summary = read_inbox(as_csv(frame), "tickets.csv")
    assert summary.first_response_minutes.tolist()[0] == pytest.approx(10.0)
    assert "seconds" in summary.guessed


def test_when_the_guess_falls_short_the_error_says_what_was_and_was_not_found() -> None:
    frame = pd.DataFrame({"When": ["2024-03-04 09:00", "2024-03-04 10:00"],
                          "Words": ["hello", "thanks"]})
    with pytest.raises(ImportProblem) as raised:
        read_inbox(as_csv(frame), "short.csv")
    message = str(raised.value)
    assert "found a message time in 'When'" in message
    assert "could not find" in message and "direction" in message


@pytest.mark.parametrize(("header", "role", "score"), [
    ("Sent at (UTC)", "received_at", 2), ("sent_at", "received_at", 3),
    ("CONVERSATION-ID", "conversation_id", 3), ("Account", "account", 3),
    ("Sentiment", "received_at", 0), ("Direction of travel", "direction", 0),
])
def test_headers_match_ignoring_case_and_punctuation(header: str, role: str, score: int) -> None:
    assert header_score(header, role) == score


# --- stakeholder files ------------------------------------------------------------------------


def test_a_stakeholder_file_in_the_assessment_tables_headings_loads_with_percentages() -> None:
    from ingest import read_stakeholders
    from present.frames import GROUP_COLUMNS

    rows = [["Older residents", "32,000", "35", "2", "Inform", "Consult", "10", "5",
             "phone users", ""],
            ["Businesses", "5,100", "15 %", "1.5", "inform", "Colaborate", "0", "0", "", ""]]
    frame = pd.DataFrame(rows, columns=list(GROUP_COLUMNS))
    imported = read_stakeholders(as_csv(frame), "assessment.csv")
    assert imported.problems == []
    assert imported.table["reach_share"].tolist() == pytest.approx([0.35, 0.15])
    assert imported.table["phone_substitution_share"].tolist() == pytest.approx([0.10, 0.0])
    assert imported.table["population"].tolist() == [32_000, 5_100]
    assert imported.table["target_level"].tolist() == ["Consult", "Collaborate"]
    assert imported.columns["reach_share"] == "Follow us (%)"


def test_every_assessment_heading_is_recognised() -> None:
    from ingest.guess import STAKEHOLDER_HEADINGS, guess_stakeholder_columns
    from present.frames import GROUP_COLUMNS

    found = guess_stakeholder_columns(GROUP_COLUMNS)
    assert found == {field: label for label, (field, _) in GROUP_COLUMNS.items()}
    assert found == STAKEHOLDER_HEADINGS  # the names errors use are the table's headings


def test_a_percentage_over_100_under_a_percent_heading_is_named() -> None:
    from ingest import read_stakeholders
    from present.frames import GROUP_COLUMNS

    frame = pd.DataFrame([["A", "100", "135", "2", "Inform", "Consult", "0", "0", "", ""]],
                         columns=list(GROUP_COLUMNS))
    imported = read_stakeholders(as_csv(frame), "pc.csv")
    [problem] = imported.problems
    assert problem.column == "Follow us (%)" and "percentage from 0 to 100" in problem.message


def test_an_officers_own_words_are_matched_and_a_missing_column_is_named() -> None:
    from ingest import read_stakeholders

    data = (b"Stakeholder,Number of people,Reach %,Contact rate,Current level,Target level,"
            b"Calls saved,Visits saved\nCarers,4000,20,1,Inform,Consult,0.1,0.0\n")
    imported = read_stakeholders(data, "mine.csv")
    assert imported.problems == [] and imported.table["reach_share"].tolist() == [0.2]
    with pytest.raises(ImportProblem, match=r"could not find a column for Population"):
        read_stakeholders(b"Group,Headcount typo\nA,1\n", "short.csv")
