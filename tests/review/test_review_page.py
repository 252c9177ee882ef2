"""The Review page in AppTest: upload a later export → plan against actual → recalibrate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import make_actuals
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import model
from present.markdown import shown

ROOT = Path(__file__).parents[2]


@pytest.fixture
def review(app_page: Callable[[str], AppTest]) -> AppTest:
    return app_page("pages/review.py")


def texts(elements: object) -> str:
    """What a reader sees in these elements (markdown escapes of people's text removed)."""
    return shown("\n".join(str(e.value) for e in elements))  # type: ignore[attr-defined]


def test_upload_shows_plan_against_actual_and_recalibration_waits_for_accept(
        review: AppTest) -> None:
    at = review
    assert not at.exception
    assert at.dataframe[0].value["Stage"].iloc[0] == "Inputs"  # the measurement plan
    before = at.session_state["scenario"]

    at.file_uploader(key="review_inbox_0").upload(
        "later.csv", (ROOT / "sample_data" / "review_export_synthetic.csv").read_bytes(),
        "text/csv").run()

    assert not at.exception, at.exception
    table = at.dataframe[1].value
    measured = table[table["Status"] != "not measured yet ➖"]
    assert set(measured["Status"]) == {"on track ✅"}
    assert "continue as planned" in texts(at.markdown)

    at.button(key="review_recalibrate").click().run()
    moved = at.dataframe[2].value
    assert list(moved.columns) == ["Measure", "Plan now", "Recalibrated"]
    assert "FTE required" in set(moved["Measure"])
    assert at.session_state["scenario"] is before  # nothing changes until accepted

    at.button(key="review_accept").click().run()
    assert not at.exception
    assert at.session_state["scenario"] != before
    assert "Recalibrated: the plan now expects" in texts(at.success)


def test_an_overloaded_team_is_shown_behind_and_a_short_export_is_refused(
        review: AppTest) -> None:
    gen = make_actuals
    scenario = model.load_sample_scenario()
    # Triple volume, 30 % of the staff: the rota's floor of one person an hour leaves slack
    # that a doubling with half the staff would not exhaust.
    stressed = gen.to_bytes(gen.build(scenario, np.random.default_rng(gen.SEED), 3.0, 0.3))
    at = review
    at.file_uploader(key="review_inbox_0").upload("stressed.csv", stressed, "text/csv").run()
    assert not at.exception
    status = dict(zip(at.dataframe[1].value["Measure"], at.dataframe[1].value["Status"]))
    assert status["Replies sent a week"] == "behind ⚠️"
    assert status["Replies within the promise"] == "behind ⚠️"
    assert status["Phone calls avoided"] == "behind ⚠️"
    assert "step a group back a level" in texts(at.markdown)

    short = gen.to_bytes(gen.build(scenario, np.random.default_rng(gen.SEED), weeks=1))
    at.file_uploader(key="review_inbox_0").upload("short.csv", short, "text/csv").run()
    assert not at.exception
    assert "covers only 1.0 weeks" in texts(at.error)
