"""A small scenario worked by hand, spreadsheet style, and checked against the model.

One group: 10,000 people, 10 % follow us → 1,000 followers, 1.04 messages each a year.
Levels: Inform ×1 invite, answers 10 %; Consult ×2 invite, answers 50 %. Nobody expects any
particular speed (a flat patience curve), so every reply counts as timely.

Each message ends one way (issue 14 §4): answered in time, it avoids the call or visit it
would have caused; late or unanswered, that contact happens (no credit) and 20 % of the senders
who would *not* otherwise have made contact phone to chase. The plan's extra 1,040 messages
(above today's 1,040) are invited: they replace nothing (invited_substitution_share 0, the
default for scenarios saved without it), so half the plan's messages carry the group's shares.

                           today (Inform)     plan (Consult)     plan − today
inbound / year             1,040              2,080
invited share              0                  1,040 / 2,080 = 50 %
replies / year             104                1,040
shares per timely reply    50 % phone, 10 % visit   25 % phone, 5 % visit
calls+visits avoided       104 × £3 = 312     1,040 × £1.50 = 1,560  +1,248
  (today: 50 % × £4 + 10 % × £10 = £3; plan: 25 % × £4 + 5 % × £10 = £1.50)
failure demand (chasers)   936 × (1−60 %)×20 %×£4  1,040 × (1−30 %)×20 %×£4
                           = 299.52           = 582.40             −282.88
seen by many (£0.20/reply) 20.80              208.00               +187.20
  (50 % public × 10 readers × 10 % same need × 10 % would call × £4)
consultation responses     0                  10 × £5 = 50         +50
benefits / year                                                    1,202.32
team                       0.5 FTE × £30k     1.0 FTE × £30k       15,000
licences                   1 seat             1 seat               0
one-off: training 0.5 new FTE × £1,000 = 500; set-up £2,000
Two years, no ramp: PV factor 1 + 0.96618 = 1.96618 (Green Book).
NPV = (1,202.32 − 15,000) × 1.96618 − 2,500 = −29,628.77 (PV factor 1 + 1/1.035 unrounded)
BCR = 1,202.32 × 1.96618 / (15,000 × 1.96618 + 2,500) = 0.07389
"""

import pytest

from model import Scenario, evaluate
from model.cover import cover_preset

LEVEL = dict(approval_share=0.0, content_hours_per_week=0.0, events_per_year=0.0,
             hours_per_event=0.0)


def worked_scenario() -> Scenario:
    inform = dict(name="Inform", invite_multiplier=1.0, reply_share=0.1, handle_minutes=5,
                  consultation_responses_per_1000_followers_per_year=0.0, **LEVEL)
    higher = [dict(name=name, invite_multiplier=2.0, reply_share=0.5, handle_minutes=6,
                   consultation_responses_per_1000_followers_per_year=10.0, **LEVEL)
              for name in ("Consult", "Involve", "Collaborate", "Empower")]
    always = list(cover_preset("24/7"))
    return Scenario.from_dict({
        "name": "Worked example",
        "levels": [inform, *higher],
        "groups": [dict(group="Residents", population=10_000, reach_share=0.1,
                        messages_per_follower_per_year=1.04, current_level="Inform",
                        target_level="Consult", why="", phone_substitution_share=0.5,
                        visit_substitution_share=0.1)],
        "promise": dict(response_target_minutes=60, target_share=0.8, cover_preset="24/7",
                        cover=always, preapproved_share=0.0, approval_delay_hours=0.0),
        "staffing": dict(planned_fte=1.0, current_fte=0.5, current_cover=always,
                         loaded_cost_gbp_per_fte_year=30_000, contract_hours_per_week=37,
                         shrinkage=0.3, max_occupancy=0.85),
        "economics": dict(phone_contact_gbp=4, visit_contact_gbp=10, complaint_gbp=0,
                          consultation_response_gbp=5, failure_call_share=0.2,
                          failure_complaint_share=0.0, public_reply_share=0.5,
                          readers_per_public_reply=10, same_need_share=0.1,
                          would_have_called_share=0.1, approver_minutes_per_approval=0,
                          approver_gbp_per_hour=0, licence_gbp_per_seat_per_year=100,
                          training_gbp_per_new_fte=1000, setup_gbp=2000),
        "appraisal": dict(horizon_years=2, ramp_months=0, optimism_bias_setup=0.0,
                          optimism_bias_running=0.0),
        "arrival_profile": [1 / 168] * 168,
        "patience_minutes": [0, 10_080],
        "patience_share": [0.0, 0.0],
        "uncertainty": [],
        # No emergencies: the surge rota's cost is a queue result, not a hand calculation.
        "surge": dict(events_per_year=0.0, events_per_year_low=0.0),
    })


def test_worked_example_matches_the_hand_calculation():
    result = evaluate(worked_scenario())
    assert result.inbound_per_week * 52 == pytest.approx(2080)
    assert result.replies_per_week * 52 == pytest.approx(1040)
    first_year = result.annual.iloc[0]
    assert first_year["Calls and visits avoided"] == pytest.approx(1248)
    assert first_year["Failure demand avoided"] == pytest.approx(-282.88)
    assert first_year["One answer seen by many"] == pytest.approx(187.2)
    assert first_year["Consultation responses"] == pytest.approx(50)
    assert first_year["Engagement team"] == pytest.approx(15_000)
    assert first_year["Tool licences"] == pytest.approx(0)
    assert first_year["Training"] + first_year["Set-up"] == pytest.approx(2_500)
    assert result.npv_gbp == pytest.approx(-29_628.77, abs=0.05)
    assert result.bcr == pytest.approx(0.07389, abs=1e-5)
    assert result.payback_month is None
