"""Compiled loops of the exact queue engine (numba): the week's state distribution, and when
each arrival's reply is written.

The queue is M(t)/M/n(t): Poisson arrivals at a rate that changes each hour, whole officers on
duty each hour, exponential handle times, first come first served. A shift change works as a
rota does: officers on duty stay on, only the difference comes or goes, and an officer whose
shift ends (any of those on duty, at random) finishes the reply in hand.

Both loops step through time exactly within each stretch of constant rates (uniformisation:
Poisson-weighted powers of the one-step matrix), so the only approximations are the truncation
tolerances below, which the tests bound. They are loops because each step needs the last; numpy
would spend its time in Python between small array operations. They release the GIL
(nogil): while one session's week is solved, other sessions and the health check answer.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

HOURS_PER_WEEK = 168
POISSON_TAIL = 1e-10  # stop adding uniformisation terms once the Poisson tail is this small
NEGLIGIBLE = 1e-13  # probability mass below this is dropped from the top of a distribution
NEGLIGIBLE_PLACE = 1e-11  # a place in line this unlikely is dropped (the tests bound the effect)
MAX_MOVES = 2000.0  # longest step, in expected moves of the line (splits week-long stretches)


@njit(cache=True, nogil=True)
def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


@njit(cache=True, nogil=True)
def _shift_ends(p: np.ndarray, top: int, before: int, after: int) -> None:
    """In place: `before - after` officers go off duty, chosen at random among those on duty;
    the busy ones among them finish their replies, which leave the queue with them."""
    leaving = before - after
    moved = np.zeros(top + 1)
    for n in range(top + 1):
        if p[n] == 0.0:
            continue
        busy = min(n, before)
        lowest = max(0, leaving - (before - busy))
        for k in range(lowest, min(busy, leaving) + 1):
            chance = math.exp(_log_choose(busy, k) + _log_choose(before - busy, leaving - k)
                              - _log_choose(before, leaving))
            moved[n - k] += p[n] * chance
    p[: top + 1] = moved


@njit(cache=True, nogil=True)
def week_states(arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
                cells_per_hour: int, start_from: np.ndarray, tolerance: float,
                max_weeks: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The periodic steady state of the week: for each cell (a `1/cells_per_hour` of an hour),
    the distribution of messages in the system averaged over the cell, which is what an
    arrival sees (Poisson arrivals see time averages). `people` are those answering in each
    cell (rostered, less any on a break); arrivals are hourly.

    Starts from `start_from` (its size is the number of states) two days before Monday, then
    repeats the week until the distribution at the start of some cell has moved by less than
    `tolerance` (total variation) since the same cell a week before. A step of the queue
    moves two distributions no further apart, so from that cell on the last pass's cells
    already hold the week to within `tolerance`, and the repeats stop there: a queue that
    empties at night settles a day or so after its first week rather than at the second
    Monday.
    Returns (cell averages (cells, size), the distribution at the start of each cell (cells,
    size) on the same passes, the most mass ever seen in the top state: the caller retries
    larger if that is not negligible).
    """
    size = start_from.size
    cells_count = HOURS_PER_WEEK * cells_per_hour
    cells = np.zeros((cells_count, size))
    # The distribution at the start of each cell on the last pass through it, with the range
    # it is held on and the pass (week) it was seen in (-1: not yet, or before a jump).
    seen = np.zeros((cells_count, size))
    seen_range = np.zeros((cells_count, 2), dtype=np.int64)
    seen_week = np.full(cells_count, -1, dtype=np.int64)
    p = start_from.copy()
    v = np.zeros(size + 1)
    nxt = np.empty(size)
    end = np.empty(size)
    average = np.empty(size)
    start = np.empty(size)
    low, top = 0, size - 1
    while top > 0 and p[top] < NEGLIGIBLE:
        p[top] = 0.0
        top -= 1
    top_mass = 0.0
    cell_hours = 1.0 / cells_per_hour
    last_change = math.inf
    warm_up_from = HOURS_PER_WEEK - 48
    last_cell = cells_count - 1
    settled = False
    for week in range(max_weeks + 1):
        first_hour = warm_up_from if week == 0 else 0
        start[:] = p
        for hour in range(first_hour, HOURS_PER_WEEK):
            arrival_rate = arrivals_per_hour[hour]
            for cell in range(cells_per_hour):
                index = hour * cells_per_hour + cell
                if week > 0 and seen_week[index] == week - 1 and _moved(
                        p, low, top, seen[index], seen_range[index, 0],
                        seen_range[index, 1]) < tolerance:
                    settled = True  # this cell on: the last pass's cells stand
                    break
                seen[index, seen_range[index, 0]: seen_range[index, 1] + 1] = 0.0
                seen[index, low: top + 1] = p[low: top + 1]
                seen_range[index, 0], seen_range[index, 1] = low, top
                seen_week[index] = week
                before = people[index - 1] if index > 0 else people[last_cell]
                low, top, mass = _cell(p, v, nxt, end, average, cells, index, low, top,
                                       arrival_rate, people[index], before,
                                       not (week == 0 and hour == first_hour and cell == 0),
                                       service_rate, cell_hours)
                top_mass = max(top_mass, mass)
            if settled:
                break
        if settled:
            break
        if week > 0:
            change = np.abs(p - start).sum()
            if change < tolerance:
                break
            ratio = change / last_change
            last_change = change
            if week % 2 == 0 and 0.3 < ratio < 0.999:
                # Near capacity one slow mode (the backlog carried from week to week) is left
                # shrinking by `ratio` a week: jump to where it is heading (Aitken).
                p += ratio / (1.0 - ratio) * (p - start)
                np.maximum(p, 0.0, p)
                p /= p.sum()
                low, top = 0, size - 1  # the jump may reach other states
                seen_week[:] = -1  # a jump is no week's step: compare afresh from here
    return cells, seen, top_mass


@njit(cache=True, nogil=True)
def week_states_near(arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
                     cells_per_hour: int, base_cells: np.ndarray, base_seen: np.ndarray,
                     first: int, changed: int, tolerance: float
                     ) -> tuple[np.ndarray, np.ndarray, int, float]:
    """`week_states` for a week that differs from one already solved (`base_cells`,
    `base_seen`, as `week_states` returns them) only in the people answering in the
    `changed` cells from cell `first` on (cyclically).

    Up to `first` the two weeks' queues are the same; from the base's distribution there it
    steps the new week on until, past the changed cells, its distribution at a cell's start
    is within `tolerance` (total variation) of the base's: from there on the base's cells
    stand, and a week after, the new week is back where it started to within `tolerance`,
    the settling rule of `week_states`. Returns (cells, states at the cells' starts, cells
    stepped, the most mass seen in the top state); cells stepped is -1 when the two weeks
    did not meet again within a week (then solve it afresh).
    """
    cells_count, size = base_cells.shape
    cells = base_cells.copy()
    seen = base_seen.copy()
    p = base_seen[first].copy()
    low, top = _trim_negligible(p, 0, size - 1)
    v = np.zeros(size + 1)
    nxt = np.empty(size)
    end = np.empty(size)
    average = np.empty(size)
    cell_hours = 1.0 / cells_per_hour
    top_mass = 0.0
    for step in range(cells_count):
        index = (first + step) % cells_count
        if step > changed and _moved(p, low, top, base_seen[index], 0, size - 1) < tolerance:
            return cells, seen, step, top_mass
        seen[index, :] = 0.0
        seen[index, low: top + 1] = p[low: top + 1]
        before = people[index - 1] if index > 0 else people[cells_count - 1]
        low, top, mass = _cell(p, v, nxt, end, average, cells, index, low, top,
                               arrivals_per_hour[index // cells_per_hour], people[index],
                               before, True, service_rate, cell_hours)
        top_mass = max(top_mass, mass)
    return cells, seen, -1, top_mass


@njit(cache=True, nogil=True)
def _cell(p: np.ndarray, v: np.ndarray, nxt: np.ndarray, end: np.ndarray,
          average: np.ndarray, cells: np.ndarray, index: int, low: int, top: int,
          arrival_rate: float, on_duty: int, before: int, shift_ends: bool,
          service_rate: float, cell_hours: float) -> tuple[int, int, float]:
    """One cell of the week, in place: those whose shift ends leave (`shift_ends`: not on a
    pass's first cell), the queue is stepped through the cell, and what an arrival meets
    there is written to `cells[index]`. Returns (low, top) of `p` after it, and the mass in
    the top state (the caller retries larger if that is not negligible)."""
    if shift_ends and on_duty < before:
        _shift_ends(p, top, before, on_duty)
        low = max(low - (before - on_duty), 0)
    cells[index, :] = 0.0
    if arrival_rate + on_duty * service_rate <= 0.0:
        cells[index, low: top + 1] = p[low: top + 1]
        return low, top, 0.0
    lo, hi = _cell_step(p, v, nxt, end, average, low, top, arrival_rate, on_duty,
                        service_rate, cell_hours)
    mass = p[p.size - 1]
    low, top = _trim_negligible(p, lo, hi)
    # over the whole cell's range: the end's may have moved past it
    cells[index, lo: hi + 1] = average[lo: hi + 1]
    return low, top, mass


@njit(cache=True, nogil=True)
def _moved(p: np.ndarray, low: int, top: int, q: np.ndarray, q_low: int, q_top: int
           ) -> float:
    """Total variation between `p` (held on low..top) and `q` (on q_low..q_top)."""
    moved = 0.0
    for n in range(min(low, q_low), max(top, q_top) + 1):
        moved += abs(p[n] - q[n])
    return moved


@njit(cache=True, nogil=True)
def _poisson(mean: float, count: int, out: np.ndarray) -> None:
    """out[:count] = Poisson probabilities of 0 .. count - 1 events."""
    if mean < 600.0:  # by recurrence, from a start that does not underflow
        out[0] = math.exp(-mean)
        for j in range(1, count):
            out[j] = out[j - 1] * mean / j
    else:
        log_mean = math.log(mean)
        for j in range(count):
            out[j] = math.exp(-mean + j * log_mean - math.lgamma(j + 1))


@njit(cache=True, nogil=True)
def _picked_within(position: np.ndarray, top: int, hours: float, on_duty: int,
                   service_rate: float, pmf: np.ndarray, other: np.ndarray
                   ) -> tuple[float, float, int]:
    """Of a message `position`ed in line (q ≥ 1), the chance it is picked up within `hours`
    and still in hand, and the chance it is picked up and written, with `on_duty` officers
    (≥ 1) throughout; and the most moves worth counting. Leaves the moves' Poisson
    probabilities in `pmf`."""
    moves = on_duty * service_rate * hours  # expected moves of the line: MAX_MOVES at most
    farthest = int(moves + 9.0 * math.sqrt(moves) + 9.0)  # more moves than this: < 1e-16
    # Beyond `farthest` moves the Poisson terms are below 1e-16: from a place that far back
    # the message is neither picked up nor written within the step.
    reach = min(top, farthest + 1)
    _poisson(moves, reach + 1, pmf)
    # Picked up and written within the step, from position q: at least q moves, then the
    # handle. With one officer the handle is one more move; with more, P(picked up, not yet
    # written) = e^(-moves/n) (n/(n-1))^q P(Poisson(moves (n-1)/n) >= q).
    keep = 1.0 - 1.0 / on_duty
    if on_duty > 1:
        _poisson(moves * keep, reach + 1, other)
    below = 0.0  # P(fewer than q moves)
    below_other = 0.0
    factor = math.exp(-moves / on_duty)  # e^(-moves/n) (n/(n-1))^q, q = 0
    moved_in = 0.0
    written = 0.0
    for q in range(1, reach + 1):
        below += pmf[q - 1]
        picked = max(1.0 - below, 0.0)
        if on_duty == 1:
            serving = pmf[q]
        else:
            below_other += other[q - 1]
            factor /= keep
            tail = max(1.0 - below_other, 0.0)  # 0 wherever factor can overflow (q > 1000)
            serving = min(factor * tail, picked) if tail > 0.0 else 0.0
        moved_in += position[q] * serving
        written += position[q] * (picked - serving)
    return moved_in, written, farthest


@njit(cache=True, nogil=True)
def _written_later(position: np.ndarray, top: int, in_service: float, done: float,
                   hours: float, on_duty: int, service_rate: float, pmf: np.ndarray,
                   other: np.ndarray) -> float:
    """The chance written `hours` later (`_advance`'s, without moving the line)."""
    done += in_service * -math.expm1(-service_rate * hours)
    if on_duty == 0 or top == 0:
        return done
    _, written, _ = _picked_within(position, top, hours, on_duty, service_rate, pmf, other)
    return done + written


@njit(cache=True, nogil=True)
def _advance(position: np.ndarray, top: int, in_service: float, done: float, hours: float,
             on_duty: int, service_rate: float, pmf: np.ndarray, other: np.ndarray
             ) -> tuple[int, float, float]:
    """One message's state `hours` later, with `on_duty` officers throughout (none: the line
    waits, and a reply in hand is still finished).

    `position[q]` is the chance of being q-th in line (q ≥ 1); all officers are busy while a
    message waits, so the line moves at `on_duty × service_rate`. Once picked up, the reply
    takes an exponential handle time, the officer finishing it whatever the rota does next.
    Returns (top position, in-service chance, written chance).
    """
    finish_stays = math.exp(-service_rate * hours)
    done += in_service * (1.0 - finish_stays)
    in_service *= finish_stays
    if on_duty == 0 or top == 0:
        return top, in_service, done
    moved_in, written, farthest = _picked_within(position, top, hours, on_duty, service_rate,
                                                 pmf, other)
    for q in range(1, top + 1):  # in place, lowest first: position q takes from q + j, j ≥ 0
        total = 0.0
        for j in range(0, min(top - q, farthest) + 1):
            total += position[q + j] * pmf[j]
        position[q] = total
    while top > 0 and position[top] < NEGLIGIBLE_PLACE:
        position[top] = 0.0
        top -= 1
    return top, in_service + moved_in, done + written


@njit(cache=True, nogil=True)
def written_by(cells: np.ndarray, people: np.ndarray, service_rate: float,
               cells_per_hour: int, times: np.ndarray, change_hours: np.ndarray) -> np.ndarray:
    """For a message arriving in the middle of each cell of the week (hour 168 onwards on the
    clock of `times`), the chance its reply is written by each of its `times` (hours, rising
    along each row, on a clock starting at Monday 00:00 one week before the cells' week).

    `people` are those answering in each cell; `change_hours` are the clock hours (rising)
    at which their number changes. Returns an array shaped like `times`.
    """
    return written_by_rows(cells, people, service_rate, cells_per_hour, times, change_hours,
                           np.arange(cells.shape[0]))


@njit(cache=True, nogil=True)
def written_by_rows(cells: np.ndarray, people: np.ndarray, service_rate: float,
                    cells_per_hour: int, times: np.ndarray, change_hours: np.ndarray,
                    rows: np.ndarray) -> np.ndarray:
    """`written_by` for the arrival cells `rows` only (the other rows of the result 0)."""
    size = cells.shape[1]
    cells_count = cells.shape[0]
    result = np.zeros(times.shape)
    position = np.zeros(size + 2)
    pmf = np.zeros(size + 2)
    other = np.zeros(size + 2)
    changes = change_hours.size
    for index in rows:
        now = HOURS_PER_WEEK + (index + 0.5) / cells_per_hour
        on_duty = people[index]
        position[:] = 0.0
        in_service = 0.0
        done = 0.0
        top = 0
        for n in range(size):
            mass = cells[index, n]
            if mass == 0.0:
                continue
            if n < on_duty:
                in_service += mass
            else:
                q = n - on_duty + 1
                position[q] = mass
                top = max(top, q)
        change = np.searchsorted(change_hours, now, side="right")
        for k in range(times.shape[1]):
            goal = times[index, k]
            if goal <= now:
                result[index, k] = done if goal == now else 0.0
                continue
            if top == 0:  # no one ahead: only the reply in hand is left to finish
                for rest in range(k, times.shape[1]):
                    result[index, rest] = done + in_service * (
                        1.0 - math.exp(-service_rate * (times[index, rest] - now)))
                break
            # The line is moved on only to each change of numbers (and in steps of at most
            # MAX_MOVES moves); each goal is read from the state before it.
            while True:
                boundary = change_hours[change] if change < changes else math.inf
                longest = MAX_MOVES / (on_duty * service_rate) if on_duty > 0 else math.inf
                step_to = min(boundary, now + longest)
                if step_to >= goal and boundary != goal:
                    break
                top, in_service, done = _advance(position, top, in_service, done,
                                                 step_to - now, on_duty, service_rate, pmf,
                                                 other)
                now = step_to
                if now == boundary:
                    change += 1
                    new_on_duty = people[int(round(now * cells_per_hour)) % cells_count]
                    if new_on_duty > on_duty:  # newcomers pick up the first in line
                        start = new_on_duty - on_duty
                        for q in range(1, min(start, top) + 1):
                            in_service += position[q]
                        for q in range(1, top + 1):
                            position[q] = position[q + start] if q + start <= top else 0.0
                        top = max(top - start, 0)
                    on_duty = new_on_duty
            result[index, k] = _written_later(position, top, in_service, done, goal - now,
                                              on_duty, service_rate, pmf, other)
    return result


@njit(cache=True, nogil=True)
def _trim_negligible(p: np.ndarray, low: int, top: int) -> tuple[int, int]:
    """In place: states at either end of low..top holding less than NEGLIGIBLE set to 0;
    returns the narrowed (low, top), so the next cell steps over fewer states."""
    while top > low and p[top] < NEGLIGIBLE:
        p[top] = 0.0
        top -= 1
    while low < top and p[low] < NEGLIGIBLE:
        p[low] = 0.0
        low += 1
    return low, top


@njit(cache=True, nogil=True)
def _cell_step(p: np.ndarray, v: np.ndarray, nxt: np.ndarray, end: np.ndarray,
               average: np.ndarray, low: int, top: int, arrival_rate: float, on_duty: int,
               service_rate: float, cell_hours: float) -> tuple[int, int]:
    """In place: `p` (held on low..top) moved on one cell of constant rates by uniformisation
    (Poisson-weighted powers of the one-step matrix); `average` over the returned low..top
    becomes the distribution averaged over the cell.
    Returns the new (low, top). A cell with nothing happening leaves `p` as it is."""
    size = p.size
    rate = arrival_rate + on_duty * service_rate
    if rate <= 0.0:
        average[low: top + 1] = p[low: top + 1]
        return low, top
    mean = rate * cell_hours
    weight = math.exp(-mean)
    cumulative = weight
    v[low: top + 1] = p[low: top + 1]
    end[low: top + 1] = weight * v[low: top + 1]
    average[low: top + 1] = (1.0 - cumulative) * v[low: top + 1]
    lo, hi = low, top
    terms = 0
    up = arrival_rate / rate
    all_busy = service_rate * on_duty / rate  # a finish, with everyone answering busy
    stay_all_busy = 1.0 - up - all_busy
    while 1.0 - cumulative > POISSON_TAIL:
        if arrival_rate > 0.0 and hi < size - 1:
            hi += 1
            v[hi] = end[hi] = average[hi] = 0.0
        if on_duty > 0 and lo > 0:
            lo -= 1
            v[lo] = end[lo] = average[lo] = 0.0
        v[hi + 1] = 0.0
        if lo > 0:
            v[lo - 1] = 0.0
        terms += 1
        weight *= mean / terms
        cumulative += weight
        left = 1.0 - cumulative
        came = 0.0  # the last state's chance before this step, times a birth
        for n in range(lo, hi + 1):  # one step: a birth, a finish, or nothing
            if n < on_duty or n == size - 1:
                births = up if n < size - 1 else 0.0
                stay = 1.0 - births - service_rate * min(n, on_duty) / rate
            else:
                stay = stay_all_busy
            below = service_rate * (n + 1) / rate if n + 1 < on_duty else all_busy
            was = v[n]
            now = was * stay + came + v[n + 1] * below
            came = was * up
            v[n] = now
            end[n] += weight * now
            average[n] += left * now
    p[lo: hi + 1] = end[lo: hi + 1]
    p[lo: hi + 1] /= p[lo: hi + 1].sum()  # the tail, put back where it lies
    average[lo: hi + 1] /= mean
    return lo, hi


@njit(cache=True, nogil=True)
def horizon_states(arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
                   cells_per_hour: int, start_from: np.ndarray, people_before: int
                   ) -> tuple[np.ndarray, np.ndarray, float]:
    """The queue through a stretch of hours that need not repeat (an event, then recovery):
    the week's model (`week_states`) run once from `start_from`, the distribution at the
    first hour's start, with `people_before` answering just before it. `people` are those
    answering in each cell (on duty less any on a break), `cells_per_hour` to an hour.

    Returns (for each cell the distribution averaged over it, what an arrival meets,
    (cells, size); the distribution at the end; the most mass ever seen in the top state:
    the caller retries larger if that is not negligible).
    """
    size = start_from.size
    hours = arrivals_per_hour.size
    cells = np.zeros((hours * cells_per_hour, size))
    p = start_from.copy()
    v = np.zeros(size + 1)
    nxt = np.empty(size)
    end = np.empty(size)
    average = np.empty(size)
    low, top = _trim_negligible(p, 0, size - 1)
    top_mass = p[size - 1]
    before = people_before
    for hour in range(hours):
        for cell in range(cells_per_hour):
            index = hour * cells_per_hour + cell
            on_duty = people[index]
            if on_duty < before:
                _shift_ends(p, top, before, on_duty)
                low = max(low - (before - on_duty), 0)
            before = on_duty
            lo, hi = _cell_step(p, v, nxt, end, average, low, top, arrivals_per_hour[hour],
                                on_duty, service_rate, 1.0 / cells_per_hour)
            low, top = lo, hi
            top_mass = max(top_mass, p[size - 1])
            low, top = _trim_negligible(p, low, top)
            # over the whole cell's range: the end's may have moved past it
            cells[index, lo: hi + 1] = average[lo: hi + 1]
    return cells, p, top_mass


@njit(cache=True, nogil=True)
def merge_rows(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays whose rows rise, merged row by row into rising rows (ties: `first`'s
    before `second`'s, as a stable sort of the rows side by side would put them), with
    each merged entry's column in `first` and `second` side by side."""
    rows, count_first = first.shape
    count_second = second.shape[1]
    merged = np.empty((rows, count_first + count_second))
    order = np.empty((rows, count_first + count_second), dtype=np.int64)
    for row in range(rows):
        i = j = 0
        for k in range(count_first + count_second):
            if j >= count_second or (i < count_first and first[row, i] <= second[row, j]):
                merged[row, k] = first[row, i]
                order[row, k] = i
                i += 1
            else:
                merged[row, k] = second[row, j]
                order[row, k] = count_first + j
                j += 1
    return merged, order


@njit(cache=True, nogil=True)
def unmerged(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """`values` (rows as `merge_rows` merged them) put back in the columns `order` names."""
    result = np.empty(values.shape)
    for row in range(values.shape[0]):
        for k in range(values.shape[1]):
            result[row, order[row, k]] = values[row, k]
    return result


@njit(cache=True, nogil=True)
def latest_drafting(working: np.ndarray, posted_by: np.ndarray, delay_hours: float
                    ) -> np.ndarray:
    """Latest time a reply can be written and still clear `delay_hours` of sign-off (working
    hours, `working[h]` of them elapsed by clock hour h) by each of `posted_by` (2-D):
    sign-off ends by y exactly when it starts by this time (-inf: no time is early enough)."""
    latest = np.empty(posted_by.shape)
    last_whole = working.size - 2
    for row in range(posted_by.shape[0]):
        for k in range(posted_by.shape[1]):
            posted = posted_by[row, k]
            whole = min(int(math.floor(posted)), last_whole)
            elapsed = working[whole] + (working[whole + 1] - working[whole]) * (posted - whole)
            needed = elapsed - delay_hours
            if needed < 0:
                latest[row, k] = -math.inf
                continue
            start = max(np.searchsorted(working, needed, side="right") - 1, 0)
            latest[row, k] = start + (needed - working[start])
    return latest


@njit(cache=True, nogil=True)
def placed_breaks(shifts: np.ndarray, answering: np.ndarray, length: int, cells_per_week: int,
                  window_cells: int) -> np.ndarray:
    """`model.rota_breaks._placed` on (first cell, cells on duty) rows in start order: each
    break of `length` cells within `window_cells` of its shift's middle where the most are
    still answering (`answering` is used up as they go), then nearest the middle, then
    earliest. A county's team is thousands of people, and the staffing search places every
    trial rota's breaks."""
    breaks = np.zeros(cells_per_week, dtype=np.int64)
    for row in range(shifts.shape[0]):
        first, covered = shifts[row, 0], shifts[row, 1]
        middle = (covered - length) // 2
        best_start, best_left = -1, -1
        for start in range(max(middle - window_cells, 0),
                           min(middle + window_cells, covered - length) + 1):
            left = answering[(first + start) % cells_per_week]
            for cell in range(1, length):
                left = min(left, answering[(first + start + cell) % cells_per_week])
            # the most still answering; among equals the nearest the middle, then the earliest
            if best_start < 0 or left > best_left or (
                    left == best_left and abs(start - middle) < abs(best_start - middle)):
                best_start, best_left = start, left
        for cell in range(length):
            where = (first + best_start + cell) % cells_per_week
            answering[where] -= 1
            breaks[where] += 1
    return breaks
