"""Measurement plan and plan-vs-actual: known answers from exports generated from the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import make_actuals
import numpy as np
import pandas as pd
import pytest

import model
from ingest import InboxSummary, read_calls, read_inbox
from model import Result, Scenario
from model import compare as cmp
from model import measurement as mm
from model import recalibrate as recal
from present import board, words

STRESSED_FACTORS = (2.0, 0.5)  # doubled volume, halved staff


GEN = make_actuals  # scripts/ is on sys.path (tests/conftest.py)
START: date = GEN.PLAN_START
FIXED_TEAM_FTE = 3.0  # a team of known size, as hired


def export(scenario: Scenario, volume: float = 1.0, staff: float = 1.0, **kwargs: object
           ) -> InboxSummary:
    frame = GEN.build(scenario, np.random.default_rng(GEN.SEED), volume, staff, **kwargs)
    return read_inbox(GEN.to_bytes(frame), "later.csv")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The sample council with a fixed team: a review checks the team that was hired."""
    sample = model.load_sample_scenario()
    return replace(sample, staffing=replace(sample.staffing, planned_fte=FIXED_TEAM_FTE))


@pytest.fixture(scope="module")
def result(scenario: Scenario) -> Result:
    return model.evaluate(scenario)


@pytest.fixture(scope="module")
def plan(scenario: Scenario, result: Result) -> pd.DataFrame:
    return mm.measurement_plan(scenario, result, START)


@pytest.fixture(scope="module")
def as_planned(scenario: Scenario) -> InboxSummary:
    return export(scenario)


@pytest.fixture(scope="module")
def stressed(scenario: Scenario) -> InboxSummary:
    return export(scenario, *STRESSED_FACTORS)


def compare(summary: InboxSummary, result: Result, plan: pd.DataFrame,
            others: dict[str, float] | None = None, calls: pd.DataFrame | None = None
            ) -> pd.DataFrame:
    after = model.evaluate(recal.recalibrate(result.scenario, summary, START))
    actual = mm.actuals_from_inbox(summary, None if calls is None else read_calls(calls),
                                   result=result, start_date=START,
                                   expected_channels=GEN.CHANNELS, others=others,
                                   recalibrated=after)
    expected = mm.expected_at(plan, result, START, mm.review_date(summary))
    return cmp.compare_actuals(plan, actual, expected)


def statuses(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["measure_id"], table["status"]))


def plan_values(plan: pd.DataFrame, ids: list[str]) -> dict[str, float]:
    return {k: float(v) for k, v in zip(plan["measure_id"], plan["target"]) if k in ids}


# ---------------------------------------------------------------- the plan


def test_the_plan_runs_inputs_to_impact_and_every_measure_has_a_source_and_dates(
        plan: pd.DataFrame, result: Result) -> None:
    assert list(dict.fromkeys(plan["stage"])) == list(mm.STAGES)
    named = words.with_measure_words(plan, result)
    assert named["source"].str.len().min() > 0 and named["measure"].str.len().min() > 0
    assert (plan["review_date"] > START).all()
    assert set(plan["good"]) == {"higher", "lower"}


def test_targets_are_due_when_the_ramp_reaches_95_percent_and_inputs_from_day_one(
        scenario: Scenario, plan: pd.DataFrame) -> None:
    due = mm.add_months(START, mm.target_month(scenario))
    dates = dict(zip(plan["measure_id"], plan["target_date"]))
    assert mm.target_month(scenario) == 10  # 12-month S-curve passes 95 % in month 10
    assert dates["replies_per_week"] == due
    assert dates["fte"] == START


def test_the_plan_uses_the_models_numbers(result: Result, plan: pd.DataFrame) -> None:
    row = plan.set_index("measure_id")
    assert row.at["replies_per_week", "target"] == pytest.approx(result.replies_per_week)
    assert row.at["replies_per_week", "baseline"] == pytest.approx(
        result.today.replies_per_week)
    assert row.at["p90_response_minutes", "target"] == pytest.approx(result.p90_response_minutes)
    assert row.at["fte", "target"] == pytest.approx(result.fte_planned)


def test_a_start_that_is_not_a_date_is_refused(scenario: Scenario, result: Result) -> None:
    with pytest.raises(ValueError, match="start_date"):
        mm.measurement_plan(scenario, result, "2025-01-06")  # type: ignore[arg-type]


# ---------------------------------------------------------------- known answers


def test_an_export_made_from_the_plan_is_on_track_for_every_measure(
        result: Result, plan: pd.DataFrame, as_planned: InboxSummary) -> None:
    elsewhere = ["fte", "cover_hours", "running_cost_gbp", "content_hours", "events_per_year",
                 "consultation_responses_per_year"]
    table = compare(as_planned, result, plan, others=plan_values(plan, elsewhere))
    assert set(table["status"]) == {cmp.STATUS_ON_TRACK}, table[["measure", "gap"]]


def test_doubled_volume_and_halved_staff_is_behind_on_outputs_outtakes_and_outcomes(
        result: Result, plan: pd.DataFrame, stressed: InboxSummary) -> None:
    staff = result.fte_planned * STRESSED_FACTORS[1]
    table = compare(stressed, result, plan, others={"fte": staff})
    status = statuses(table)
    for key in ("fte", "replies_per_week", "share_answered", "share_within_promise",
                "median_response_minutes", "p90_response_minutes", "phone_avoided_per_month",
                "visits_avoided_per_month", "failure_calls_per_month"):
        assert status[key] == cmp.STATUS_BEHIND, key
    assert status["inbound_per_week"] == cmp.STATUS_AHEAD
    for stage in ("Outputs", "Outtakes", "Outcomes"):
        measured = table[(table["stage"] == stage) & (table["status"] != cmp.STATUS_MISSING)]
        assert (measured["status"] != cmp.STATUS_ON_TRACK).all(), stage


def test_recalibrating_to_doubled_volume_raises_the_fte_required(
        scenario: Scenario, result: Result, stressed: InboxSummary) -> None:
    after = model.evaluate(recal.recalibrate(scenario, stressed, START))
    # A rota's floor of one person an hour is there already: doubling adds fewer than 1 FTE.
    assert after.fte_required > result.fte_required
    assert after.npv_gbp < result.npv_gbp
    assert not after.ready
    assert after.scenario.promise == scenario.promise
    assert after.fte_planned == result.fte_planned


def test_recalibrating_to_an_export_made_from_the_plan_barely_moves_it(
        scenario: Scenario, result: Result, as_planned: InboxSummary) -> None:
    steps = recal.recalibration_steps(scenario, as_planned, START, handle_minutes=None)
    assert [words.recalibration_label(s).split(" (")[0] for s in steps][0] == "Plan as it is"
    volume_only = model.evaluate(steps[1][1])
    assert volume_only.fte_required == pytest.approx(result.fte_required, abs=0.3)
    after = model.evaluate(steps[-1][1])
    assert after.inbound_per_week == pytest.approx(result.inbound_per_week, rel=0.03)
    # The measured week's shape comes from ~1,300 messages over 168 hour-slots (about 8 a
    # slot, ±35 % sampling noise), and peak-hour staffing reads that noise as peaks: on the
    # sample it adds about 0.55 FTE. Reported to the integrator, not hidden (issue 14).
    assert after.fte_required == pytest.approx(result.fte_required, abs=0.6)
    assert after.ready == result.ready  # 3.0 FTE cannot fill the rota of 84 cover hours


def test_a_measured_handle_time_is_taken_as_the_planned_mean(
        scenario: Scenario, as_planned: InboxSummary) -> None:
    fitted = recal.recalibrate(scenario, as_planned, START, handle_minutes=12.0)
    need = mm.demand(fitted, [g.target_level for g in fitted.groups])
    assert need.reply_handle_seconds / 60 == pytest.approx(12.0)  # triage apart


def test_the_board_hears_continue_when_on_track_and_options_when_not(
        result: Result, plan: pd.DataFrame, as_planned: InboxSummary,
        stressed: InboxSummary) -> None:
    good = board.board_summary(compare(as_planned, result, plan), result)
    assert "continue as planned" in good
    after = model.evaluate(recal.recalibrate(result.scenario, stressed, START))
    bad = board.board_summary(compare(stressed, result, plan), result, after)
    assert "change the promise" in bad and "step a group back a level" in bad
    assert "Demand is 2.0 times" in bad


# ---------------------------------------------------------------- bad input


def test_an_export_under_two_weeks_is_refused_with_a_plain_message(
        scenario: Scenario, result: Result) -> None:
    short = export(scenario, weeks=1)
    with pytest.raises(ValueError, match=r"covers only 1\.0 weeks .* at least 2 weeks"):
        mm.actuals_from_inbox(short, result=result, start_date=START)


def test_an_export_from_outside_the_plan_is_refused(
        result: Result, as_planned: InboxSummary) -> None:
    with pytest.raises(ValueError, match="but the plan runs from 01 Mar 2026"):
        mm.actuals_from_inbox(as_planned, result=result, start_date=date(2026, 3, 1))


def test_an_export_missing_a_channel_the_plan_covers_is_refused(
        result: Result, as_planned: InboxSummary) -> None:
    with pytest.raises(ValueError, match="has no messages from TikTok"):
        mm.actuals_from_inbox(as_planned, result=result, start_date=START,
                              expected_channels=[*GEN.CHANNELS, "TikTok"])


def test_monthly_calls_measure_the_fall_from_before_the_plan(
        result: Result, plan: pd.DataFrame, as_planned: InboxSummary) -> None:
    # calls fall by what the plan expects to avoid (its targets), read from the plan itself
    target = plan.set_index("measure_id")["target"]
    phone_fall = round(float(target["phone_avoided_per_month"]))
    visit_fall = round(float(target["visits_avoided_per_month"]))
    calls = pd.DataFrame({"Month": ["2024-11", "2024-12", "2026-01"],
                          "Phone calls": [10_000, 10_000, 10_000 - phone_fall],
                          "Visits": [1_000, 1_000, 1_000 - visit_fall]})
    status = statuses(compare(as_planned, result, plan, calls=calls))
    assert status["phone_avoided_per_month"] == cmp.STATUS_ON_TRACK
    assert status["visits_avoided_per_month"] == cmp.STATUS_ON_TRACK
    with pytest.raises(ValueError, match="no month before the plan's start"):
        mm.actuals_from_inbox(as_planned, read_calls(calls.iloc[2:]), result=result,
                              start_date=START)
    bad = calls.assign(Visits=["1000", "lots", str(1_000 - visit_fall)])
    with pytest.raises(ValueError, match="row 3, column 'visits' = 'lots'"):
        mm.actuals_from_inbox(as_planned, read_calls(bad), result=result, start_date=START)


def test_an_unknown_measure_is_named(plan: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown measures \\['likes'\\]"):
        cmp.compare_actuals(plan, {"likes": 3.0})


def test_status_is_in_words_and_icons_never_colour_alone() -> None:
    assert board.status_label(cmp.status(80, 100, "higher", 5)) == "behind ⚠️"
    assert board.status_label(cmp.status(120, 100, "higher", 5)) == "ahead ⬆️"
    assert board.status_label(cmp.status(80, 100, "lower", 5)) == "ahead ⬆️"
    assert board.status_label(cmp.status(99, 100, "lower", 5)) == "on track ✅"


def test_the_committed_later_export_is_exactly_what_the_script_makes() -> None:
    frame = GEN.build(GEN.on_track(model.load_sample_scenario()),
                      np.random.default_rng(GEN.SEED))
    assert GEN.to_bytes(frame) == GEN.OUTPUT.read_bytes()
    assert GEN.OUTPUT.stat().st_size < 500_000
    assert set(frame["Data"]) == {"synthetic"}


def test_another_contact_channels_monthly_count_measures_its_fall(
        scenario: Scenario, as_planned: InboxSummary) -> None:
    """A contact channel beyond phone and visit (email) has its own measure, and a monthly
    `email_contacts` column measures its fall as the phone and visit columns do theirs."""
    email = replace(scenario, contact_channels=(*scenario.contact_channels, "email"),
                    economics=scenario.economics.with_contact_prices({"email": 1.5}),
                    groups=tuple(g.with_substitution_shares({"email": 0.05})
                                 for g in scenario.groups))
    result = model.evaluate(email)
    plan = mm.measurement_plan(email, result, START).set_index("measure_id")
    fall = round(float(plan.loc["email_avoided_per_month", "target"]))
    assert fall > 0 and plan.loc["email_avoided_per_month", "unit"] == mm.Unit.CONTACTS_PER_MONTH
    calls = pd.DataFrame({"Month": ["2024-11", "2024-12", "2026-01"],
                          "Phone calls": [10_000] * 3, "Visits": [1_000] * 3,
                          "Email contacts": [500, 500, 500 - fall]})
    actual = mm.actuals_from_inbox(as_planned, read_calls(calls), result=result,
                                   start_date=START)
    assert actual["email_avoided_per_month"] == fall
    estimated = mm.actuals_from_inbox(as_planned, result=result, start_date=START)
    assert estimated["email_avoided_per_month"] > 0  # without the column: from the export
