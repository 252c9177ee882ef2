"""The rota: whole people on allowed shifts, cheapest by paid hours weighted for unsocial hours."""

import time

import numpy as np
import pytest

from model.cover import cover_preset
from model.rota import (
    HOURS_PER_WEEK,
    ShiftRules,
    UnsocialHours,
    solve_rota,
    staff_to_promise,
)

EXTENDED = np.array(cover_preset("Extended"))  # 08:00–20:00 every day: 84 hours
TWENTY_FOUR_SEVEN = np.array(cover_preset("24/7"))
PLAIN = UnsocialHours.plain_time()
# Shaped like the NJC Green Book's rates (night time and a third, weekends time and a half);
# the sourced defaults live in sample data.
NJC_LIKE = UnsocialHours(evening_start_hour=18, evening_enhancement=0.0, night_start_hour=20,
                         night_end_hour=6, night_enhancement=1 / 3, saturday_enhancement=0.5,
                         sunday_enhancement=0.5)
OFFICE_SHIFTS = ShiftRules((7.5,), unpaid_break_minutes=30)


def test_one_person_across_84_cover_hours_is_3_24_fte() -> None:
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, ShiftRules((12.0,)), PLAIN)
    assert rota.paid_hours_per_week == 84.0
    assert rota.fte(37.0, 0.3) == pytest.approx(84 / (37 * 0.7))
    assert rota.fte(37.0, 0.3) == pytest.approx(3.24, abs=0.005)


def test_eight_hour_shifts_cannot_cover_twelve_hours_with_one_person() -> None:
    """Two 7.5 h shifts (8 h on site) cover a 12 h day: 15 paid hours, not 12."""
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, OFFICE_SHIFTS, PLAIN)
    assert rota.paid_hours_per_week == 7 * 15.0
    assert rota.fte(37.0, 0.3) == pytest.approx(105 / 25.9)


def test_people_are_whole_and_every_cover_hour_has_the_minimum() -> None:
    rules = ShiftRules((7.5,), unpaid_break_minutes=30, min_people_on_duty=2)
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, rules, NJC_LIKE)
    assert rota.people_on_duty.dtype.kind == "i"
    assert (rota.shifts["people"] == rota.shifts["people"].round()).all()
    assert (rota.people_on_duty[EXTENDED == 1] >= 2).all()


def test_peaks_get_more_people() -> None:
    required = EXTENDED.copy()
    peak = slice(2 * 24 + 10, 2 * 24 + 14)  # Wednesday 10:00–14:00
    required[peak] = 3
    rota = solve_rota(required, EXTENDED, OFFICE_SHIFTS, PLAIN)
    assert (rota.people_on_duty[peak] >= 3).all()
    assert rota.people_on_duty[EXTENDED == 1].min() >= 1
    assert rota.people_on_duty[peak].min() > np.median(rota.people_on_duty[EXTENDED == 1])


def test_optimum_on_a_case_checked_by_hand() -> None:
    """Monday 09:00–17:00 needs 1, and 2 from 12:00 to 14:00, with 4 h shifts starting on the
    hour: 9–13, 13–17 and one more over 12–14 needs three shifts (12 paid hours); two
    shifts (8 h) cannot give 10 person-hours. 12 is the optimum."""
    cover = np.zeros(HOURS_PER_WEEK, int)
    cover[9:17] = 1
    required = cover.copy()
    required[12:14] = 2
    rules = ShiftRules((4.0,), days=(0,))
    rota = solve_rota(required, cover, rules, PLAIN)
    assert rota.paid_hours_per_week == 12.0
    assert rota.people_on_duty[12:14].tolist() == [2, 2]


def test_unsocial_rates_move_shifts_into_the_day_when_they_can() -> None:
    """Monday 12:00–20:00 with 8 h shifts: one shift 12–20 is all it takes. Requiring cover
    only at 16:00–18:00 lets a shift sit anywhere from 10:00 to 16:00; with a night rate
    from 18:00 the cheapest one ends before it."""
    cover = np.zeros(HOURS_PER_WEEK, int)
    cover[16:18] = 1
    evening_rate = UnsocialHours(18, 0.5, 22, 6, 0.5, 0.0, 0.0)
    rota = solve_rota(cover, cover, ShiftRules((8.0,), days=(0,)), evening_rate)
    assert rota.enhanced_paid_hours_per_week == rota.paid_hours_per_week == 8.0
    assert rota.people_on_duty[18:24].sum() == 0


def test_weekend_hours_cost_more_than_weekday_hours() -> None:
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, ShiftRules((12.0,)), NJC_LIKE)
    assert rota.enhanced_paid_hours_per_week == pytest.approx(5 * 12 + 2 * 12 * 1.5)


def test_night_shift_crosses_midnight_and_sunday_wraps_to_monday() -> None:
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), TWENTY_FOUR_SEVEN, ShiftRules(
        (8.0,), start_hours=(6, 14, 22)), NJC_LIKE)
    assert (rota.people_on_duty >= 1).all()
    assert rota.people_on_duty[0] >= 1  # Monday 00:00 from Sunday's 22:00 shift
    assert "Sun" in set(rota.shifts.loc[rota.shifts["start_hour"] == 22, "day"])


def test_an_hour_no_shift_reaches_is_named() -> None:
    with pytest.raises(ValueError, match=r"cover\[8\] \(Mon 08:00\)"):
        solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED,
                   ShiftRules((7.5,), start_hours=(9, 12)), PLAIN)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"shift_lengths_hours": ()}, "shift_lengths_hours"),
    ({"shift_lengths_hours": (30.0,)}, "shift_lengths_hours"),
    ({"shift_lengths_hours": (7.5,), "start_hours": (24,)}, "start_hours"),
    ({"shift_lengths_hours": (7.5,), "days": (7,)}, "days"),
    ({"shift_lengths_hours": (7.5,), "unpaid_break_minutes": -5}, "unpaid_break_minutes"),
    ({"shift_lengths_hours": (7.5,), "min_people_on_duty": -1}, "min_people_on_duty"),
])
def test_bad_shift_rules_name_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ShiftRules(**kwargs)


def test_bad_requirement_names_the_hour() -> None:
    required = EXTENDED.astype(float)
    required[30] = 1.5
    with pytest.raises(ValueError, match=r"required_people\[30\] \(Tue 06:00\)"):
        solve_rota(required, EXTENDED, OFFICE_SHIFTS, PLAIN)
    with pytest.raises(ValueError, match=r"required_people\[0\] \(Mon 00:00\).*outside"):
        solve_rota(np.r_[1, np.zeros(HOURS_PER_WEEK - 1)], EXTENDED, OFFICE_SHIFTS, PLAIN)
    with pytest.raises(ValueError, match="unsocial.night_enhancement"):
        UnsocialHours(18, 0.0, 20, 6, -0.1, 0.5, 0.5)


def test_proactive_work_fills_idle_time_before_people_are_added() -> None:
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, ShiftRules((12.0,)), PLAIN)
    busy = EXTENDED * 0.25  # a quarter of each cover hour answering
    assert rota.idle_hours_per_week(busy) == pytest.approx(84 * 0.75)
    fits, left_over = rota.proactive_fit(70.0, busy)
    assert (fits, left_over) == pytest.approx((63.0, 7.0))


def test_staffing_raises_people_until_the_promise_holds() -> None:
    """A toy week engine: the promise holds once every cover hour has 3 people."""
    def simulate(people: np.ndarray) -> tuple[float, bool]:
        return (0.9 if (people[EXTENDED == 1] >= 3).all() else 0.5), True

    arrivals = EXTENDED * 1.0
    staffed = staff_to_promise(arrivals, EXTENDED, 300.0, 0.8, ShiftRules((12.0,)),
                               PLAIN, simulate, lambda: 0.9)
    assert staffed.met and staffed.share_within_target >= 0.8
    assert (staffed.rota.people_on_duty[EXTENDED == 1] >= 3).all()


def test_staffing_says_when_the_cover_cannot_keep_the_promise() -> None:
    staffed = staff_to_promise(EXTENDED * 1.0, EXTENDED, 300.0, 0.8, ShiftRules((12.0,)),
                               PLAIN, lambda people: (0.5, True), lambda: 0.5)
    assert not staffed.met and staffed.best_possible_share == 0.5
    assert staffed.iterations == 1


def test_rota_for_a_whole_week_solves_within_200_ms() -> None:
    rng = np.random.default_rng(14)
    required = rng.integers(1, 9, HOURS_PER_WEEK)
    solve_rota(required, TWENTY_FOUR_SEVEN, OFFICE_SHIFTS, NJC_LIKE)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        solve_rota(required, TWENTY_FOUR_SEVEN, OFFICE_SHIFTS, NJC_LIKE)
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.2
