"""The actors decide: each adaptive rule responds to the war, and its responsiveness set to
zero switches the response off. Also the starting balance and Mesa's own machinery.

Comparisons share seeds (common random numbers), so differences come from parameters.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.mechanisms import diplomacy
from sim.model.model import WarModel
from sim.model.streams import run_keys
from sim.scenarios.scenario import Event
from sim.scenarios.units import FULL_AID_EUR_BN_A_YEAR, WEEKS_A_YEAR
from tests.conftest import COMMITS, scenario, simulate

QUIET = dict(world__unity_noise=0.0, world__front_noise_km2_per_week=0.0, world__power_noise=0.0)
NO_TALKS = dict(world__talks_start_rate=0.0, world__serious_talks_rate=0.0,
                world__hollow_deal_rate=0.0, ukraine__capitulation_rate=0.0)
#: How far a variable may wander and still be "at rest": 0.01 of its scale (for the
#: territory, 0.01 of model version 2's front, 200 km2; for effective aid, 0.01 of the
#: full flow of aid, in EUR bn a week).
AT_REST = {"russia_held_km2": 200.0, "russia_capacity": 0.01, "russia_time_belief": 0.01,
           "unity": 0.01, "aid_effective_eur_bn": 0.01 * FULL_AID_EUR_BN_A_YEAR / WEEKS_A_YEAR}


# ---- the war as it stands ---------------------------------------------------------------
def test_a_true_starting_balance_with_noise_off():
    """Status-quo policies, noise off, nothing random that could change the war: nothing
    moves (within 0.01 of each variable's scale over 104 weeks, in every run)."""
    r = simulate(reps=50, world__start="scenario_balance", hungary__resistance=0.0,
                 slovakia__resistance=0.0, **QUIET, **NO_TALKS)
    for name in ("russia_held_km2", "russia_capacity", "russia_time_belief", "unity",
                 "aid_effective_eur_bn"):
        values = r.world[name].astype(float)
        assert np.abs(values - values[0]).max() < AT_REST[name], name


def test_the_default_start_is_at_rest_on_average():
    """With the default vetoes (random, so runs differ) the ensemble's mean path stays put."""
    r = simulate(reps=400, **QUIET, **NO_TALKS)
    for name in ("russia_held_km2", "russia_capacity", "russia_time_belief"):
        mean = r.world[name].astype(float).mean(axis=1)
        assert np.abs(mean - mean[0]).max() < AT_REST[name], name


def test_the_start_would_drift_if_it_were_not_the_balance():
    """The check above can fail: a start away from the rest point moves."""
    r = simulate(reps=20, world__start="scenario_balance", united_states__status_quo_sanctions=1.0,
                 hungary__resistance=0.0, slovakia__resistance=0.0, **QUIET, **NO_TALKS)
    moved = simulate(reps=20, united_states__status_quo_sanctions=1.0, hungary__resistance=0.0,
                     slovakia__resistance=0.0, **QUIET, **NO_TALKS)
    capacity = moved.world["russia_capacity"].astype(float)
    assert np.abs(capacity[-1] - capacity[0]).max() > 0.02  # a policy change acts
    still = r.world["russia_capacity"].astype(float)
    assert np.abs(still[-1] - still[0]).max() < 0.01


# ---- Mesa's machinery ---------------------------------------------------------------------
def test_time_is_mesas_clock_and_events_are_mesa_events():
    from sim.scenarios.scenario import Event
    spec = scenario(weeks=20, events=[Event(5, {"world.unity": 0.9})])
    model = WarModel(spec, run_keys(0, 4))
    assert model.time == 0 and model.steps == 0 and not hasattr(model, "_week")
    pending = [e for e in model._event_list._events if not e.CANCELED]
    assert len(pending) >= 3  # the scenario event, an EU package, the weekly decisions
    for _ in range(5):
        model.step()
    assert model.time == 5 and model.steps == 5 and model.params["world.unity"] == 0.9


def test_the_presidents_decision_is_a_scheduled_event():
    model = WarModel(scenario(weeks=20, **{**COMMITS, "united_states__decision_delay_weeks": 4}),
                     run_keys(0, 3))
    for week in range(1, 6):
        model.step()
        assert model.united_states.committed.all() == (week >= 4)


@pytest.mark.parametrize("stance", ["commits", "declines", "hesitates"])
def test_the_week_his_decision_fell_due_is_recorded_whatever_he_does(stance):
    # C4 measures a decision's effect from this week, so a hesitating President (the
    # comparison) marks the week he promised an answer, and does nothing then
    results = simulate(reps=20, weeks=30, **{**COMMITS, "united_states__stance": stance,
                                             "united_states__responsiveness": 0.0,
                                             "united_states__decision_delay_weeks": 6})
    assert (results.summary["us_decision_week"] == 6).all()
    assert results.summary["russia_gain_km2_after_decision"].isna().all()  # 6 + 104 > 30
    if stance == "hesitates":
        assert not results.actors["united_states.committed"].any()
        assert not results.actors["united_states.declined"].any()


def test_the_window_after_the_decision_is_read_at_its_end():
    results = simulate(reps=20, weeks=110, **{**COMMITS, "united_states__decision_delay_weeks": 6})
    summary, held = results.summary, results.world["russia_held_km2"]
    assert np.allclose(summary["russia_gain_km2_after_decision"], held[110] - held[0])
    assert np.allclose(summary["time_belief_after_decision"],
                       results.world["russia_time_belief"][110])


def test_mesas_own_rng_is_not_the_source_of_randomness():
    first = simulate(reps=30)
    again = simulate(reps=30)  # a fresh, unseeded Mesa rng each time
    np.testing.assert_array_equal(first.world["russia_held_km2"],
                                  again.world["russia_held_km2"])


# ---- the President, Congress, the EU ---------------------------------------------------
def test_the_president_commits_as_russia_advances_unless_unresponsive():
    losing = dict(united_states__status_quo_military_aid=0.0, european_union__military_aid=0.1)
    moved = simulate(reps=300, united_states__responsiveness=0.05, **losing)
    fixed = simulate(reps=300, united_states__responsiveness=0.0, **losing)
    assert moved.actors["united_states.committed"][-1].mean() > 0.3
    assert fixed.actors["united_states.committed"].max() == 0


def test_a_president_who_declined_may_follow_congress():
    base = dict(united_states__stance="declines", us_congress__acts_if_president_declines=True,
                us_congress__legislative_lag_weeks=10, united_states__responsiveness=0.0)
    follows = simulate(reps=200, united_states__follows_congress=0.2, **base)
    never = simulate(reps=200, united_states__follows_congress=0.0, **base)
    assert follows.actors["united_states.committed"][-1].mean() > 0.5
    assert never.actors["united_states.committed"].max() == 0


def test_congress_speed_responds_to_unity_unless_unresponsive():
    base = dict(united_states__stance="declines", us_congress__acts_if_president_declines=True,
                us_congress__legislative_lag_weeks=40, united_states__responsiveness=0.0,
                united_states__follows_congress=0.0)
    def acted_by(week, **kw):
        return simulate(reps=400, **base, **kw).actors["us_congress.active"][week].mean()
    united = acted_by(40, world__unity=0.95)
    divided = acted_by(40, world__unity=0.3)
    assert united > divided + 0.1
    assert acted_by(40, world__unity=0.95, us_congress__responsiveness=0.0) == pytest.approx(
        acted_by(40, world__unity=0.3, us_congress__responsiveness=0.0), abs=0.02)


def test_eu_resolve_rises_as_russia_advances_unless_unresponsive():
    losing = dict(european_union__military_aid=0.3, france__military_aid=0.0,
                  united_kingdom__military_aid=0.0, united_states__responsiveness=0.0)
    moved = simulate(reps=100, european_union__threat_response=2.0, **losing)
    fixed = simulate(reps=100, european_union__threat_response=0.0, **losing)
    assert moved.actors["european_union.resolve"][-1].mean() > 0.65
    np.testing.assert_allclose(fixed.actors["european_union.resolve"], 0.6)


def test_veto_odds_fall_as_unity_rises_unless_unresponsive():
    def blocks(**kw):
        return simulate(reps=300, **kw).actors["hungary.blocks"][-1].mean()
    assert blocks(world__unity=0.95) < blocks(world__unity=0.3) - 1
    assert blocks(world__unity=0.95, world__veto_unity_response=0.0) == pytest.approx(
        blocks(world__unity=0.3, world__veto_unity_response=0.0), abs=0.3)


# ---- third parties ------------------------------------------------------------------------
def test_china_pulls_back_under_us_secondary_sanctions_unless_insensitive():
    tough = dict(**COMMITS, united_states__sanctions=1.0)
    assert simulate(reps=20, **tough).actors["china.support"][-1].mean() < 0.5
    np.testing.assert_allclose(
        simulate(reps=20, china__sanctions_sensitivity=0.0, **tough).actors["china.support"], 0.6)


def test_turkey_leans_toward_the_side_that_gains_unless_fixed():
    gaining = simulate(reps=50, **COMMITS).actors["turkey.balancing"][-1].mean()
    assert gaining < 0.45
    fixed = simulate(reps=50, turkey__bandwagoning=0.0, **COMMITS).actors["turkey.balancing"]
    np.testing.assert_allclose(fixed, 0.5)


def test_north_korea_ships_what_russia_can_pay_for():
    squeezed = dict(**COMMITS, united_states__sanctions=1.0, european_union__sanctions=1.0,
                    north_korea__munitions_support=0.5)
    paid = simulate(reps=20, **squeezed).actors["north_korea.power_supplied"]
    assert paid[-1].mean() < paid[0].mean() - 0.0005
    flat = simulate(reps=20, north_korea__payment_sensitivity=0.0, **squeezed)
    np.testing.assert_allclose(flat.actors["north_korea.power_supplied"], 0.006)


# ---- talks, terms and relapse -------------------------------------------------------------
def test_talks_can_break_down():
    r = simulate(reps=400, **{**COMMITS, "united_states__ambiguity": 0.7})
    talks = r.world["talks"]
    broke = ((talks[:-1] == diplomacy.SERIOUS) & (talks[1:] == diplomacy.TALKS)).any(axis=0)
    assert broke.mean() > 0.05
    never = simulate(reps=400, world__talks_breakdown_rate=0.0,
                     **{**COMMITS, "united_states__ambiguity": 0.7}).world["talks"]
    assert not ((never[:-1] == diplomacy.SERIOUS) & (never[1:] == diplomacy.TALKS)).any()


def test_ukraine_decides_on_terms():
    keen = simulate(reps=400, ukraine__acceptance_bias=4.0)
    reluctant = simulate(reps=400, ukraine__acceptance_bias=-4.0)
    assert (keen.summary["ceasefire_week"].notna().mean()
            > reluctant.summary["ceasefire_week"].notna().mean() + 0.1)
    assert keen.actors["ukraine.acceptance"].mean() > reluctant.actors["ukraine.acceptance"].mean()


def test_russia_shuns_talks_as_it_gains_unless_it_does_not_stall():
    gaining = dict(events=[Event(1, {"russia.production": 0.12})],
                   united_states__responsiveness=0.0)
    def talks(**kw):
        return simulate(reps=400, **gaining, **kw).summary["talks_week"].notna().mean()
    assert talks() < talks(russia__stalling=0.0) - 0.05


def test_relapse_follows_the_balance_at_the_time():
    """Cease-fires break more often when the balance has shifted Russia's way since the
    start, less often when it has shifted Ukraine's; with the weight at 0, neither."""
    deals = dict(world__hollow_deal_rate=0.05, world__talks_start_rate=0.2)
    # Russia's industry grows after the start (Europe's aid alone would not do: with the
    # US at the record's 0, the fighting's pause lets Ukraine's forces recover faster)
    weak = dict(events=[Event(1, {"russia.production": 0.12})],
                united_states__responsiveness=0.0)
    strong = {**COMMITS, "united_states__backs_guarantees": False}
    def relapses(weight, **kw):
        r = simulate(reps=800, russia__relapse_balance_weight=weight, **deals, **kw).summary
        return r["relapse_week"].notna().sum() / max(1, r["weeks_in_ceasefire"].sum())
    assert relapses(3.0, **weak) > 1.3 * relapses(0.0, **weak)
    assert relapses(3.0, **strong) < relapses(0.0, **strong) / 1.3
