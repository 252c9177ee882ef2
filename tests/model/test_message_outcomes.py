"""One outcome per message (issue 14 §4): a need is credited once, never twice."""

import numpy as np
import pytest

from model.volumes import message_outcomes


def contacts_avoided(timely: float, phone: float, visit: float, failure: float = 0.2,
                     invited: float = 0.0, invited_substitution: float = 0.0) -> float:
    """Calls and visits avoided less chaser calls, for 10 messages with `timely` on time."""
    out = message_outcomes(np.array(10.0), np.array(10.0), timely / 10,
                           {"phone": phone, "visit": visit},
                           failure, 0.0, invited, invited_substitution)
    return float(out.phone_calls_avoided + out.visits_avoided - out.chaser_calls)


def test_moving_one_message_from_late_to_on_time_is_one_avoided_contact_never_two():
    # Everyone in this group would otherwise have phoned: an on-time answer saves that call;
    # a late one leaves it in place, and nobody "chases" on top of a call they make anyway.
    gain = contacts_avoided(4, phone=1.0, visit=0.0) - contacts_avoided(3, phone=1.0, visit=0.0)
    assert gain == pytest.approx(1.0)


def test_a_message_is_worth_at_most_one_contact_for_any_shares():
    for phone, visit, failure in [(0.3, 0.1, 0.2), (0.0, 0.0, 1.0), (0.5, 0.5, 0.5),
                                  (0.9, 0.0, 1.0)]:
        gain = (contacts_avoided(4, phone, visit, failure)
                - contacts_avoided(3, phone, visit, failure))
        # the would-be contacters save their contact; the others no longer chase
        assert gain == pytest.approx(phone + visit + failure * (1 - phone - visit))
        assert gain <= 1.0 + 1e-12


def test_invited_messages_replace_no_calls_by_default():
    # All messages invited, invited substitution 0: an on-time answer saves no call,
    # but a late one can still draw a chaser from someone who wrote because asked.
    gain = (contacts_avoided(4, 0.3, 0.1, invited=1.0)
            - contacts_avoided(3, 0.3, 0.1, invited=1.0))
    assert gain == pytest.approx(0.2)
    same_as_uninvited = (contacts_avoided(4, 0.3, 0.1, invited=1.0, invited_substitution=1.0)
                         - contacts_avoided(3, 0.3, 0.1, invited=1.0, invited_substitution=1.0))
    assert same_as_uninvited == pytest.approx(0.4 + 0.2 * 0.6)
