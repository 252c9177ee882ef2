"""The model returns numbers and statuses; present.words says them; the model writes no prose."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import model
from model.cover import PROMISES_MINUTES
from model.result import ReadinessReason
from present import words

MODEL_DIR = Path(__file__).resolve().parents[2] / "model"


def test_the_model_imports_nothing_from_the_ui_side() -> None:
    for path in MODEL_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.split(".")[0] in ("ui", "streamlit")], path.name


def _keepable() -> model.Scenario:
    """The sample with approvers signing off whenever the team is on duty: some team keeps its
    promise (with the sample's office-hours approvers none does)."""
    sample = model.load_sample_scenario()
    return replace(sample, promise=replace(sample.promise, approver_cover=None))


def test_a_short_team_reads_not_ready_with_the_fte_it_lacks() -> None:
    sample = _keepable()
    needed = model.evaluate(sample).fte_required
    short = model.evaluate(replace(sample, staffing=replace(sample.staffing,
                                                            planned_fte=needed - 0.2)))
    # Short by 0.2 FTE, whole shifts may also leave a cover hour empty: either way it is short.
    assert short.readiness.reason in (ReadinessReason.SHORT_OF_STAFF,
                                      ReadinessReason.COVER_UNSTAFFED) and not short.ready
    text = words.readiness_text(short.readiness)
    assert text.startswith("You would invite about")
    assert f"{short.readiness.fte_short:.1f} FTE short of the" in text


def test_a_team_too_small_for_its_cover_says_how_many_cover_hours_have_no_one() -> None:
    sample = _keepable()
    small = model.evaluate(replace(sample, staffing=replace(sample.staffing, planned_fte=2.5)))
    readiness = small.readiness
    empty = int(((small.week["cover"] > 0) & (small.week["people_on_duty"] == 0)).sum())
    assert readiness.reason is ReadinessReason.COVER_UNSTAFFED and not small.ready
    assert readiness.unstaffed_cover_hours == empty > 0
    text = words.readiness_text(readiness)
    assert f"no one on duty in {empty} of the {readiness.cover_hours} hours of cover" in text
    assert f"{readiness.fte_short:.1f} FTE short of the" in text


def test_a_team_staffed_to_its_promise_reads_ready() -> None:
    ready = model.evaluate(_keepable())
    assert ready.readiness.reason is ReadinessReason.READY and ready.ready
    assert words.readiness_text(ready.readiness).endswith("The team planned can keep this promise.")


def test_no_team_for_the_sample_promise_says_why_and_what_would() -> None:
    """Approvers in office hours: sign-off after hours waits for the morning."""
    result = model.evaluate(model.load_sample_scenario())
    assert result.readiness.reason is ReadinessReason.APPROVERS_HOURS and not result.ready
    text = words.readiness_text(result.readiness)
    assert ("No team size keeps this promise: messages that need sign-off wait for approvers' "
            "hours.") in text
    assert "approvers on duty in the cover's hours (44 more hours a week" in text
    assert "a longer promise" in text and "pre-approve" in text


def test_break_even_names_the_price_year_of_a_cost_entered_in_another_year() -> None:
    """The sample's phone cost is entered in 2011 prices (SOCITM), the appraisal is in 2024:
    a break-even value shown beside the entered £2.83 must say which year it is in."""
    from model import break_even, load_sample_scenario
    from present import words

    sample = load_sample_scenario()
    sentences = words.break_even_sentences(break_even(sample), sample.price_base)
    assert "(2011 prices)" in sentences["phone_contact_gbp"]
    assert "prices)" not in sentences["loaded_cost_gbp_per_fte_year"]  # entered in 2024


def test_the_samples_best_plan_is_told_as_groups_back_to_todays_level() -> None:
    """The sample's recommendation moves five groups back to where they are today: the
    sentence says so, with the promise and cover it changes (a board reads it aloud)."""
    from model import load_sample_scenario
    from model import recommend as rec
    from present import words

    sample = load_sample_scenario()
    limits = rec.Limits(min_levels=tuple((g.group, g.current_level) for g in sample.groups),
                        promises_minutes=PROMISES_MINUTES, covers=rec.COVERS)
    best = rec.best_plan(sample, limits).best
    assert best is not None
    change = rec.plan_change(sample, best)
    text = words.change_text(sample, best)
    assert all(dict(change.moved)[g.group] == g.current_level for g in best.groups
               if g.group in dict(change.moved))
    assert text.startswith(f"{len(change.moved)} groups back to today's level")


def test_suggested_levels_worth_less_say_the_plan_as_set_breaks_its_promise() -> None:
    """The sample answers 77.5 % within 8 h against 80 % promised, and the levels suggested
    at its promise and cover are worth less: an executive must read why before applying them.
    A plan that keeps its promise needs no such sentence."""
    sample = model.evaluate(model.load_sample_scenario())
    assert not sample.ready
    why = words.suggestion_keeps_promise_text(sample)
    assert why.startswith("The plan as set breaks its promise (77% answered within 8 h")
    assert "against 80% promised" in why
    assert words.suggestion_keeps_promise_text(model.evaluate(_keepable())) == ""
