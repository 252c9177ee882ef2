"""`make bench`: time the hot paths against the targets in the issues. A benchmark, not a test."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import model  # noqa: E402
from model import analysis, queueing, rota_solve, rota_staffing, rota_team, surge  # noqa: E402
from model.cover import PROMISES_MINUTES, cover_preset  # noqa: E402
from model.erlang import agents_required  # noqa: E402
from model.queueing import simulate_week  # noqa: E402
from model.recommend import COVERS, Limits, best_plan  # noqa: E402
from model.result import surge_event_gbp  # noqa: E402
from model.surge import _queue_week, evaluate_surge, surge_week  # noqa: E402
from model.value import _solved_rota  # noqa: E402


def best_of(function: Callable[[], object], repeats: int) -> float:
    """Median seconds per call over `repeats` calls (after one warm-up)."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def fresh(function: Callable[[], object]) -> Callable[[], object]:
    """The call as a user's first press meets it: no rota, week or queue state memoised from
    an earlier run."""
    def call() -> object:
        for memo in (_solved_rota, queueing._week, queueing._solved_of,
                     queueing.states_and_starts, queueing._goals, rota_solve.solved,
                     rota_staffing._chain, rota_team._team_solved, surge._extra_people_needed,
                     surge_event_gbp):
            memo.cache_clear()
        analysis._NODE_SHARES.clear()  # the Monte Carlo's node weeks
        return function()
    return call


def report(name: str, seconds: float, target_seconds: float) -> None:
    verdict = "ok" if seconds <= target_seconds else "OVER"
    print(f"{name:<44} {seconds * 1e3:10.3f} ms   target {target_seconds * 1e3:8.3f} ms  {verdict}")


def n_groups(scenario: model.Scenario, count: int) -> model.Scenario:
    """The sample's groups repeated to `count` groups, each a smaller share of the people."""
    groups = [replace(g, group=f"{g.group} {i}", part_of="",
                      population=max(1, g.population * len(scenario.groups) // count))
              for i in range(count) for g in scenario.groups][:count]
    return replace(scenario, groups=tuple(groups))


def one_group(scenario: model.Scenario, inbound_per_week: float) -> model.Scenario:
    """Issue 29's case: one group, reach 30 %, 2 messages a follower a year, Inform → Consult,
    with the population that brings `inbound_per_week` messages a week under the plan."""
    group = replace(scenario.groups[0], group="Everyone", reach_share=0.30, part_of="",
                    messages_per_follower_per_year=2.0, current_level="Inform",
                    target_level="Consult", population=1)
    invite = scenario.level("Consult").invite_multiplier
    people = inbound_per_week * 52.0 / (0.30 * 2.0 * invite)
    return replace(scenario, groups=(replace(group, population=round(people)),))


def volume_benchmarks(sample: model.Scenario) -> None:
    """Issue 29: a fresh evaluate of one large group, and how its time grows with volume."""
    seconds = {}
    for inbound, target in ((5_000, 0.5), (50_000, 0.5), (200_000, 2.0)):
        scenario = one_group(sample, inbound)
        seconds[inbound] = best_of(fresh(lambda scenario=scenario: model.evaluate(scenario)), 3)
        report(f"model.evaluate, one group, {inbound:,} a week", seconds[inbound], target)
    for inbound in (50_000, 200_000):
        scenario = one_group(sample, inbound)
        report(f"model.monte_carlo 10,000 draws, {inbound:,} a week",
               best_of(fresh(lambda scenario=scenario: model.monte_carlo(scenario)), 1), 2.0)
        solved = replace(scenario, staffing=replace(scenario.staffing, planned_fte=None))
        report(f"model.recommend.best_plan, {inbound:,} a week",
               best_of(fresh(lambda solved=solved: best_plan(solved, Limits())), 1), 1.0)
    growth = seconds[200_000] / seconds[50_000]
    print(f"{'  time 200k ÷ 50k (volume × 4: at most 4)':<44} {growth:10.2f}      "
          f"{'ok' if growth <= 4 else 'OVER'}")


def main() -> None:
    sample = model.load_sample_scenario()
    extended = np.array(cover_preset("Extended"), dtype=float)
    arrivals = np.asarray(sample.arrival_profile) * 300
    print("Engagement Planner benchmarks (median of repeats, this machine)")
    report("queueing.agents_required at 100 Erlangs",
           best_of(lambda: agents_required(1200, 300, 20, 0.8), 2000), 50e-6)
    report("queueing.simulate_week (exact, states solved afresh)",
           best_of(fresh(lambda: simulate_week(arrivals, extended * 2, 300, 3600, 0.2, 4)), 100),
           3e-3)
    report("model.evaluate, rota solved afresh (168 h)",
           best_of(fresh(lambda: model.evaluate(sample)), 20), 200e-3)
    report("model.evaluate with the rota (headline)", best_of(lambda: model.evaluate(sample), 50),
           10e-3)
    volume_benchmarks(sample)
    report("model.evaluate + tables",
           best_of(lambda: (lambda r: (r.week, r.annual, r.by_group))(model.evaluate(sample)),
                   30), 10e-3)
    result = model.evaluate(sample)
    surge_plan = _queue_week(sample, [g.target_level for g in sample.groups],
                             result.week["people_on_duty"].to_numpy(),
                             sample.promise.response_target_minutes)
    report("model.surge.surge_week, 5× for 48 h (issue 27)",
           best_of(lambda: surge_week(surge_plan, sample.surge), 10), 200e-3)
    larger = replace(surge_plan, arrivals_per_hour=surge_plan.arrivals_per_hour * 5,
                     people_on_duty=surge_plan.people_on_duty * 4)
    report("model.surge.surge_week, 5× volume (fluid)",
           best_of(lambda: surge_week(larger, sample.surge), 10), 200e-3)
    report("model.surge.evaluate_surge (plan, today, rota, levers)",
           best_of(lambda: evaluate_surge(sample, result=result), 3), 1.0)
    report("model.monte_carlo 10,000 draws",
           best_of(fresh(lambda: model.monte_carlo(sample)), 3), 1.0)  # issue 24
    seeds = iter(range(1, 100))  # a new seed each time: node weeks follow the ranges, not draws
    report("model.monte_carlo 10,000 draws, node weeks kept",
           best_of(lambda: model.monte_carlo(sample, seed=next(seeds)), 5), 1.0)
    for count, target in ((50, 1.0), (200, 4.0)):
        many = n_groups(sample, count)
        report(f"model.monte_carlo 10,000 draws, {count} groups",
               best_of(fresh(lambda many=many: model.monte_carlo(many)), 1), target)
    report(f"model.frontier, the page's {len(PROMISES_MINUTES)} promises",
           best_of(fresh(lambda: model.frontier(sample, PROMISES_MINUTES)), 5), 0.5)
    report("model.break_even", best_of(fresh(lambda: model.break_even(sample)), 5), 0.1)
    report("model.tornado", best_of(fresh(lambda: model.tornado(sample)), 5), 0.1)
    solved = replace(sample, staffing=replace(sample.staffing, planned_fte=None))
    for count, target in ((len(sample.groups), 1.0), (50, 1.0), (200, 4.0)):  # issue 17
        groups = n_groups(solved, count)
        report(f"model.recommend.best_plan {count} groups",
               best_of(fresh(lambda groups=groups: best_plan(groups, Limits())), 1), target)
    for count, target in ((len(sample.groups), 0.5), (50, 2.0)):  # issue 24
        groups = n_groups(solved, count)
        page_limits = Limits(min_levels=tuple((g.group, g.current_level) for g in groups.groups),
                             promises_minutes=PROMISES_MINUTES, covers=COVERS)
        report(f"model.recommend.best_plan, every promise × cover, {count} groups",
               best_of(fresh(lambda groups=groups, limits=page_limits: best_plan(groups, limits)),
                       1), target)
    # The 50-session load test takes about a quarter of an hour: `make bench-load`.
    for script in ("tests/ingest/bench_ingest.py", "scripts/bench_upload.py",
                   "scripts/bench_server.py", "scripts/bench_browser.py"):
        if (ROOT / script).exists():
            subprocess.run([sys.executable, str(ROOT / script)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
