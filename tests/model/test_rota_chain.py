"""The chain of rotas is built once per shape of week, cover and rules and shared by every
staffing search on them (a county's chain runs to thousands of steps). Sharing must not make
an answer depend on what was asked before."""

from dataclasses import replace

from model import rota_staffing
from model.value import _solved_rota, plan_staffed


def _more_work(scenario, volume):
    groups = tuple(replace(g, messages_per_follower_per_year=g.messages_per_follower_per_year
                           * volume) for g in scenario.groups)
    return replace(scenario, groups=groups,
                   promise=replace(scenario.promise, approver_cover=None),
                   staffing=replace(scenario.staffing, planned_fte=None))


def _fresh_staffing(scenario):
    """Staffed with no chain, rota or week kept from any earlier search."""
    rota_staffing._chain.cache_clear()
    _solved_rota.cache_clear()
    return plan_staffed(scenario)


def test_a_search_after_a_longer_one_on_the_same_shape_staffs_as_a_fresh_one(sample):
    small, large = _more_work(sample, 2.0), _more_work(sample, 8.0)
    alone = _fresh_staffing(small)
    # The larger plan walks the shared chain much further first; the smaller one then finds
    # it built past its own steps, and must still cut shifts in the same order as alone.
    walked_further = _fresh_staffing(large)
    _solved_rota.cache_clear()
    after = plan_staffed(small)
    assert (after.rota.people_by_pattern == alone.rota.people_by_pattern).all()
    assert after.share_within_target == alone.share_within_target
    assert walked_further.rota.paid_hours_per_week > 2 * alone.rota.paid_hours_per_week
