"""Erlang C: the textbook M/M/c queue (scalar API, checked against published tables) and the
vectorised pieces the week engine uses. Input errors raise ValueError naming the field."""

from __future__ import annotations

import math

import numpy as np

from model.bounds import fail
from model.units import SECONDS_PER_HOUR


def require(condition: bool, name: str, value: object, expected: str) -> None:
    """For the engine's own arguments (not a person's inputs): the one error form, bounds.fail."""
    if not condition:
        fail(name, value, expected)


def check_rate(name: str, value: float) -> None:
    require(math.isfinite(value) and value >= 0, name, value, "a finite number ≥ 0")


def check_positive(name: str, value: float) -> None:
    require(math.isfinite(value) and value > 0, name, value, "a finite number > 0")


# The Erlang B recursion forgets where it starts: begun this many standard deviations of the
# traffic below it, from the heavy-load value 1 − k/traffic, it agrees with a start from one
# agent to 1e-15, at a cost that grows as √traffic rather than traffic (a national agency's
# hour has hundreds of thousands of Erlangs).
WARM_START_DEVIATIONS = 12.0
NEGLIGIBLE_BLOCKING = 1e-30  # beyond it more agents change nothing a share could show


def erlang_b(traffic_erlangs: float, agents: int) -> float:
    """Probability all `agents` are busy in M/M/n/n (Erlang B), by the recursion over agents."""
    lead = WARM_START_DEVIATIONS * math.sqrt(traffic_erlangs)
    first = max(0, math.floor(min(traffic_erlangs, agents) - lead))
    blocking = 1.0 - first / traffic_erlangs if first > 0 else 1.0
    for k in range(first + 1, agents + 1):
        blocking = traffic_erlangs * blocking / (k + traffic_erlangs * blocking)
        if blocking < NEGLIGIBLE_BLOCKING:  # only falls further: no more agents matter
            return 0.0
    return blocking


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Probability that a contact waits (M/M/n), via the Erlang B recursion.

    Returns 1.0 when traffic ≥ agents (every contact waits; the queue is unstable).
    """
    check_rate("traffic_erlangs", traffic_erlangs)
    require(isinstance(agents, (int, np.integer)) and agents >= 0, "agents", agents, "an int ≥ 0")
    if agents == 0 or traffic_erlangs >= agents:
        return 1.0
    if traffic_erlangs == 0:
        return 0.0
    blocking = erlang_b(traffic_erlangs, int(agents))
    return agents * blocking / (agents - traffic_erlangs * (1.0 - blocking))


def _traffic(arrivals_per_hour: float, handle_seconds: float) -> float:
    check_rate("arrivals_per_hour", arrivals_per_hour)
    check_positive("handle_seconds", handle_seconds)
    return arrivals_per_hour * handle_seconds / SECONDS_PER_HOUR


def service_level(
    arrivals_per_hour: float, handle_seconds: float, agents: int, target_seconds: float
) -> float:
    """Share of contacts answered within target_seconds; 0.0 when the queue is unstable."""
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    check_rate("target_seconds", target_seconds)
    if traffic >= agents:
        return 0.0
    wait_probability = erlang_c(traffic, agents)
    return 1.0 - wait_probability * math.exp(-(agents - traffic) * target_seconds / handle_seconds)


def average_speed_of_answer(arrivals_per_hour: float, handle_seconds: float, agents: int) -> float:
    """Mean wait in seconds (ASA); math.inf when the queue is unstable."""
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    if traffic >= agents:
        return math.inf
    return erlang_c(traffic, agents) * handle_seconds / (agents - traffic)


def agents_required(
    arrivals_per_hour: float,
    handle_seconds: float,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> int:
    """Fewest agents on duty meeting the service level, and keeping occupancy ≤ max_occupancy.

    This is the classic per-interval requirement, before shrinkage.
    """
    target_share = service_level
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    check_rate("target_seconds", target_seconds)
    require(0 < target_share < 1, "service_level", target_share, "a share between 0 and 1")
    require(0 < max_occupancy <= 1, "max_occupancy", max_occupancy, "a share in (0, 1]")
    if traffic == 0:
        return 0
    agents = max(1, math.ceil(traffic / max_occupancy))
    if agents == traffic:  # exactly full: a queue at 100 % occupancy never settles
        agents += 1
    # Erlang B recursion carried forward as agents are added: O(√traffic) in total.
    blocking = erlang_b(traffic, agents)
    while True:
        if agents > traffic:
            wait_probability = agents * blocking / (agents - traffic * (1.0 - blocking))
            decay = math.exp(-(agents - traffic) * target_seconds / handle_seconds)
            if 1.0 - wait_probability * decay >= target_share:
                return agents
        agents += 1
        blocking = traffic * blocking / (agents + traffic * blocking)
