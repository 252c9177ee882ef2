"""A calculation past its time budget stops with a plain message naming what was too big."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from model import evaluate, load_sample_scenario
from model.budget import TooLongToCalculate, check, time_budget
from model.queueing import simulate_week


def test_a_spent_budget_names_the_week_that_was_too_big() -> None:
    arrivals = np.full(168, 5_000.0)
    with time_budget(1e-9), pytest.raises(TooLongToCalculate) as refused:
        time.sleep(1e-6)
        simulate_week(arrivals, np.full(168, 500.0), 300.0, 3600.0)
    message = str(refused.value)
    assert "A week of 840,000 messages on up to 500 people on duty" in message
    assert isinstance(refused.value, ValueError)  # shown by the pages as any bad input is


def test_within_its_budget_a_calculation_gives_the_same_answer() -> None:
    sample = load_sample_scenario()
    with time_budget(60.0):
        budgeted = evaluate(sample)
    assert budgeted.npv_gbp == evaluate(sample).npv_gbp


def test_the_budget_belongs_to_one_thread() -> None:
    """One session's spent budget does not stop another session's calculation."""
    outcome: list[str] = []

    def other_session() -> None:
        check(lambda: "nothing")
        outcome.append("ran")

    with time_budget(1e-9):
        time.sleep(1e-6)
        worker = threading.Thread(target=other_session)
        worker.start()
        worker.join()
        with pytest.raises(TooLongToCalculate):
            check(lambda: "this session's plan")
    assert outcome == ["ran"]
    check(lambda: "no budget outside the block")


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="seconds = 0"), time_budget(0):
        pass
