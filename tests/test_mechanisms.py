"""Each mechanism in isolation: the direction the essay's idea implies, and bounds."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from sim.model.mechanisms import battlefield, beliefs, diplomacy, economy, politics

RNG = np.random.default_rng(0)


# ---- battlefield (C1 C11 C13) -------------------------------------------------------
def test_more_inflow_means_more_power_and_the_enemy_loses_more():
    u, r = np.array([1.0]), np.array([1.0])
    low = battlefield.lanchester_step(u, r, 0.03, 0.05, 0.03, 0.01, 1.3)
    high = battlefield.lanchester_step(u, r, 0.06, 0.05, 0.03, 0.01, 1.3)
    assert high[0] > low[0]
    # square law: Russia's loss grows with Ukraine's power
    strong = battlefield.lanchester_step(np.array([2.0]), r, 0.0, 0.0, 0.0, 0.01, 1.3)
    assert strong[1] < low[1]


def test_ceasefire_stops_attrition():
    u, r = np.array([1.0, 1.0]), np.array([1.0, 1.0])
    new_u, new_r = battlefield.lanchester_step(u, r, 0.0, 0.0, 0.0, 0.1, 1.0,
                                               fighting=np.array([True, False]))
    assert new_u[0] < 1.0 and new_u[1] == 1.0 and new_r[1] == 1.0


def test_power_never_goes_negative():
    new_u, _ = battlefield.lanchester_step(np.array([0.01]), np.array([10.0]), 0, 0, 0.03, 0.5, 1)
    assert new_u[0] > 0


def test_balance_of_forces_is_a_fixed_point():
    u, r = battlefield.balance_of_forces(0.05, 0.06, 0.03, 0.01, 1.3)
    new_u, new_r = battlefield.lanchester_step(np.array([u]), np.array([r]), 0.05, 0.06,
                                               0.03, 0.01, 1.3)
    assert new_u[0] == pytest.approx(u) and new_r[0] == pytest.approx(r)
    more_aid = battlefield.balance_of_forces(0.06, 0.06, 0.03, 0.01, 1.3)
    assert more_aid[0] / more_aid[1] > u / r


def test_balance_falls_back_when_unstable():
    u, r = battlefield.balance_of_forces(0.05, 0.06, 0.03, 0.2, 1.3)  # d^2 < a*b
    assert (u, r) == pytest.approx((0.05 / 0.03, 0.06 / 0.03))


#: What the map allows the ground Ukraine has gained (km2): Russia holds none of Ukraine
#: at the top, all of it at the bottom (the model's bounds at the default start).
HELD = 114_493.0
BOUNDS = (HELD - 603_550.0, HELD)


def test_front_moves_with_force_ratio_and_stays_in_bounds():
    gain = np.zeros(3)
    zero = np.zeros(3)
    moved = battlefield.front_step(gain, np.array([2.0, 1.0, 0.5]), np.ones(3), 200.0, 3.0,
                                   0.0, zero, True, BOUNDS)
    assert moved[0] > 0 and moved[1] == 0 and moved[2] < 0
    assert abs(moved[0]) <= 200.0 and abs(moved[2]) <= 200.0  # at most the top speed
    near = np.array([BOUNDS[1] - 20.0, BOUNDS[0] + 20.0])
    extreme = battlefield.front_step(near, np.array([100.0, 0.01]), np.array([0.01, 100.0]),
                                     2_000.0, 3, 10_000.0, np.array([5.0, -5.0]), True, BOUNDS)
    np.testing.assert_array_equal(extreme, [BOUNDS[1], BOUNDS[0]])
    frozen = battlefield.front_step(np.array([6_000.0]), np.array([5.0]), np.array([1.0]),
                                    2_000.0, 3, 2_000.0, np.array([1.0]),
                                    np.array([False]), BOUNDS)
    assert frozen[0] == 6_000.0


def test_a_defence_dominant_front_holds_within_its_threshold_and_moves_beyond_it():
    """Only the shift of the log force ratio beyond the dead zone moves the front: a
    fifth more power on one side buys nothing at a threshold of 0.25, twice as much
    does; at a threshold of 0 the front is Lanchester's."""
    ukraine = np.array([1.2, 2.0, 0.5, 1.2])
    step = partial(battlefield.front_step, np.zeros(4), ukraine, np.ones(4), 200.0, 3.0, 0.0,
                   np.zeros(4), True, BOUNDS)
    held = step(dead_zone=0.25)
    assert held[0] == 0.0 and held[1] > 0 and held[2] < 0
    shift = np.log(2.0) - 0.25
    assert held[1] == pytest.approx(200.0 * np.tanh(3.0 * shift))
    np.testing.assert_array_equal(step(dead_zone=0.0), step())
    assert step()[0] > 0  # Lanchester: any shift moves it


def test_russias_industry_grows_toward_its_ceiling_and_not_past_it():
    industry = np.ones(2)
    for _ in range(52 * 30):
        industry = economy.industry_step(industry, np.array([0.5, 0.0]), 2.0, 52.0)
    assert industry[0] == pytest.approx(2.0, rel=1e-6) and industry[1] == 1.0
    one_year = np.ones(1)
    for _ in range(52):
        one_year = economy.industry_step(one_year, 0.5, 2.0, 52.0)
    # logistic at 0.5 a year from half the ceiling: 2 / (1 + e^-0.5) = 1.245 after a year
    assert one_year[0] == pytest.approx(2.0 / (1.0 + np.exp(-0.5)), rel=0.01)
    assert economy.shells_produced(40_000.0, np.array([1.5]), np.array([0.5]))[0] == 30_000.0


def test_momentum_follows_the_trend():
    m = np.zeros(1)
    for _ in range(50):
        m = battlefield.momentum_step(m, np.array([200.0]), 8)  # km2 a week
    assert m[0] == pytest.approx(200.0, rel=0.01)


def test_noisy_inflow_preserves_the_mean():
    normal = RNG.standard_normal(200_000)
    assert battlefield.noisy_inflow(0.05, 0.2, normal).mean() == pytest.approx(0.05, rel=0.01)


# ---- economy (C2 C11 C13) ---------------------------------------------------------------
def test_unity_multiplies_and_adds_nothing_alone():
    assert economy.unity_multiplier(0.0, 0.3) == 0.3
    assert economy.unity_multiplier(1.0, 0.3) == 1.0
    # with no sanctions in force, unity changes nothing (C2)
    assert economy.sanctions_target(0.0, economy.unity_multiplier(1.0, 0.3), 0, 0) == 0.0


def test_china_and_turkey_reduce_sanctions_pressure():
    base = economy.sanctions_target(0.5, 1.0, 0.0, 0.0)
    assert economy.sanctions_target(0.5, 1.0, 0.4, 0.0) < base
    assert economy.sanctions_target(0.5, 1.0, 0.0, 0.2) < base


def test_pressure_lags_and_capacity_erodes_under_pressure():
    p = economy.pressure_step(np.array([0.0]), 1.0, 26)
    assert 0 < p[0] < 0.1
    c = np.array([0.8])
    assert economy.capacity_step(c, np.array([0.5]), 0.02, 0.01)[0] < economy.capacity_step(
        c, np.array([0.1]), 0.02, 0.01)[0]
    assert economy.capacity_step(np.array([1.0]), np.array([0.0]), 0.02, 0.5)[0] <= 1.0
    k = economy.steady_capacity(0.3, 0.02, 0.01)
    assert economy.capacity_step(np.array([k]), np.array([0.3]), 0.02, 0.01)[0] == pytest.approx(k)


# ---- politics (C1 C8 C9) -------------------------------------------------------------------
def test_vetoes_happen_at_the_resistance_rate():
    u = RNG.random(100_000)
    assert politics.vetoes(u, 0.3).mean() == pytest.approx(0.3, abs=0.01)
    assert not politics.vetoes(u, 0.0).any()


def test_each_holdout_dilutes_the_package():
    shares = politics.package_share(np.array([0, 1, 2]), 0.5)
    np.testing.assert_allclose(shares, [1.0, 0.5, 0.25])


def test_coalition_counts_fully_only_with_endorsement():
    assert politics.coalition_effect(True, 0.35) == 1.0
    assert politics.coalition_effect(False, 0.35) == 0.35


def test_turkey_blocks_nato_coordination():
    assert politics.nato_coordination(0.5, 1.0, 0.6) < politics.nato_coordination(0.5, 0.0, 0.6)


def test_complementary_aid_needs_both():
    add = lambda us, eu, c: politics.combined_aid(us, eu, 0.45, 0.55, c)  # noqa: E731
    # substitutes: the sum; complements: nothing without one of them
    assert add(0.8, 0.0, 0.0) == pytest.approx(0.36)
    assert add(0.8, 0.0, 1.0) == 0.0
    # equal levels: both forms agree
    assert add(0.5, 0.5, 1.0) == pytest.approx(add(0.5, 0.5, 0.0))
    # an interaction: the gain from raising the US is larger when Europe is high
    gain_low_eu = add(0.8, 0.2, 0.6) - add(0.3, 0.2, 0.6)
    gain_high_eu = add(0.8, 0.8, 0.6) - add(0.3, 0.8, 0.6)
    assert gain_high_eu > gain_low_eu


def test_unity_reverts_and_stays_in_bounds():
    u = politics.unity_step(np.array([0.2]), 0.6, 0.1, 0.0, 0.0, np.zeros(1))
    assert 0.2 < u[0] < 0.6
    pushed = politics.unity_step(np.array([0.99, 0.01]), 0.5, 0.0, np.array([0.5, -0.5]),
                                 0.0, np.zeros(2))
    np.testing.assert_array_equal(pushed, [1.0, 0.0])


# ---- responsive decisions (C4 C8 C10 C12 C13) --------------------------------------------
def test_veto_odds_fall_with_unity_and_are_the_resistance_at_the_start():
    unity = np.array([0.4, 0.55, 0.8])
    odds = politics.veto_odds(0.4, unity, start_unity=0.55, response=3.0)
    assert odds[1] == pytest.approx(0.4)
    assert odds[0] > odds[1] > odds[2]
    np.testing.assert_allclose(politics.veto_odds(0.4, unity, 0.55, 0.0), 0.4)
    np.testing.assert_array_equal(politics.veto_odds(0.0, unity, 0.55, 3.0), 0.0)
    np.testing.assert_array_equal(politics.veto_odds(1.0, unity, 0.55, 3.0), 1.0)


def test_the_president_moves_only_when_russia_advances():
    lost = politics.ground_lost(np.array([0.2, 0.0, -0.1, -0.3]))
    np.testing.assert_allclose(lost, [0.0, 0.0, 0.1, 0.3])
    chance = politics.commit_chance(0.05, lost)
    np.testing.assert_allclose(chance, [0.0, 0.0, 0.05, 0.15])
    assert not politics.commit_chance(0.0, lost).any()


def test_congress_acts_faster_with_unity_and_threat():
    unity = np.array([0.4, 0.5, 0.7])
    chance = politics.congress_pass_chance(20, 2.0, unity, 0.5, np.zeros(3))
    assert chance[1] == pytest.approx(1 / 20)
    assert chance[0] < chance[1] < chance[2]
    assert politics.congress_pass_chance(0, 2.0, unity, 0.5, np.zeros(3)).min() == 1.0
    np.testing.assert_allclose(politics.congress_pass_chance(20, 0.0, unity, 0.5, np.ones(3)),
                               1 / 20)


def test_eu_resolve_rises_with_threat_and_a_us_lead():
    lost, committed = np.array([0.0, 0.2, 0.0]), np.array([False, False, True])
    resolve = politics.eu_resolve(0.6, 0.5, lost, 0.1, committed)
    np.testing.assert_allclose(resolve, [0.6, 0.7, 0.7])
    assert politics.eu_resolve(0.95, 5.0, np.ones(1), 1.0, np.ones(1, bool))[0] == 1.0


def test_china_pulls_back_as_secondary_sanctions_rise():
    support = politics.china_support(0.6, 1.0, np.array([-0.2, 0.0, 0.5]))
    assert support[0] == support[1] == pytest.approx(0.6)  # no reward for easing
    assert support[2] == pytest.approx(0.6 * np.exp(-0.5))
    np.testing.assert_allclose(politics.china_support(0.6, 0.0, np.array([0.5])), 0.6)


def test_turkey_leans_toward_whoever_gains():
    balancing = politics.turkey_balancing(0.5, 0.5, np.array([-0.4, 0.0, 0.4]))
    np.testing.assert_allclose(balancing, [0.7, 0.5, 0.3])


def test_north_korea_supplies_what_russia_can_pay_for():
    supply = politics.nk_supply(0.01, np.array([0.8, 0.4]), 0.8, 1.0)
    np.testing.assert_allclose(supply, [0.01, 0.005])
    np.testing.assert_allclose(politics.nk_supply(0.01, np.array([0.4]), 0.8, 0.0), 0.01)


def test_endorsement_can_crowd_out_coalition_effort():
    assert politics.coalition_effort(0.5, True, 0.0) == 0.5
    assert politics.coalition_effort(0.5, True, 0.8) == pytest.approx(0.1)
    assert politics.coalition_effort(0.5, False, 0.8) == 0.5


def test_absorbed_aid_saturates_only_when_asked():
    from sim.model.mechanisms import battlefield
    aid = np.array([0.2, 0.4, 0.8])
    np.testing.assert_array_equal(battlefield.absorbed_aid(aid, 0.0), aid)
    absorbed = battlefield.absorbed_aid(aid, 0.8)
    assert np.all(absorbed < aid) and np.all(np.diff(absorbed) > 0)
    # diminishing returns: the second 0.4 adds less than the first
    assert absorbed[2] - absorbed[1] < absorbed[1]


def test_front_holds_at_the_starting_balance():
    from sim.model.mechanisms import battlefield
    ratio = np.log(1.3 / 1.4)
    still = battlefield.front_step(np.zeros(1), np.array([1.3]), np.array([1.4]), 240.0, 1.5,
                                   0.0, np.zeros(1), True, BOUNDS, start_log_ratio=ratio)
    assert still[0] == pytest.approx(0.0, abs=1e-12)
    moved = battlefield.front_step(np.zeros(1), np.array([1.5]), np.array([1.4]), 240.0, 1.5,
                                   0.0, np.zeros(1), True, BOUNDS, start_log_ratio=ratio)
    assert moved[0] > 0


# ---- beliefs (C5 C6) ---------------------------------------------------------------------
WEIGHTS = {"front": 3.0, "economy": 3.0, "resolve": 2.5, "axis": 1.0}


def target(**evidence):
    base = {"front": 0.0, "economy": -0.2, "resolve": -0.2, "axis": 0.5}
    return beliefs.time_belief_target(2.0, {**base, **evidence}, WEIGHTS)


def test_belief_falls_with_battlefield_economy_and_resolve_and_rises_with_axis():
    base = target()
    assert target(front=-0.5) < base
    assert target(economy=-0.5) < base
    assert target(resolve=-0.6) < base
    assert target(axis=1.0) > base
    assert 0 < target(front=-50.0) <= 1


def test_ambiguity_lowers_resolve_read():
    clear = beliefs.western_resolve(np.array([0.7]), us_signal=0.72, europe_signal=0.4)
    murky = beliefs.western_resolve(np.array([0.7]), us_signal=0.16, europe_signal=0.4)
    assert murky < clear


def test_belief_update_rate_zero_never_updates():
    b = np.array([0.75])
    assert beliefs.belief_step(b, np.array([0.1]), 0.0)[0] == 0.75
    assert beliefs.belief_step(b, np.array([0.1]), 0.5)[0] == pytest.approx(0.425)


# ---- diplomacy (C1 C3 C6 C7 C14) -----------------------------------------------------------
S = diplomacy


def chances(**kw):
    base = {"serious": 0.3, "start": 0.1, "hollow": 0.05, "breakdown": 0.0, "agree": 0.2}
    return {**base, **kw}


def test_serious_talks_follow_russias_willingness():
    state = np.array([S.NO_TALKS, S.NO_TALKS, S.TALKS, S.TALKS])
    u = np.full(4, 0.08)
    willing = np.array([0.3, 0.0, 0.3, 0.0])
    new = S.talks_transition(state, u, chances(serious=willing))
    # unwilling: talks without serious intent begin, or go on
    assert list(new) == [S.SERIOUS, S.TALKS, S.SERIOUS, S.TALKS]


def test_talks_states_and_cutoffs():
    none = np.full(3, S.NO_TALKS)
    new = S.talks_transition(none, np.array([0.05, 0.35, 0.5]), chances())
    assert list(new) == [S.SERIOUS, S.TALKS, S.NO_TALKS]
    talking = np.full(3, S.TALKS)
    new = S.talks_transition(talking, np.array([0.01, 0.04, 0.06]), chances(serious=0.0))
    assert list(new) == [S.CEASEFIRE, S.CEASEFIRE, S.TALKS]  # hollow deals
    serious = np.full(3, S.SERIOUS)
    new = S.talks_transition(serious, np.array([0.05, 0.15, 0.9]), chances(breakdown=0.1))
    assert list(new) == [S.TALKS, S.CEASEFIRE, S.SERIOUS]  # breaks down, agrees, goes on
    done = np.array([S.CEASEFIRE, S.RENEWED_WAR])
    np.testing.assert_array_equal(S.talks_transition(done, np.zeros(2), chances()), done)


def test_competing_chances_above_one_are_scaled_down():
    serious = np.full(2, S.SERIOUS)
    new = S.talks_transition(serious, np.array([0.49, 0.51]), chances(breakdown=1.0, agree=1.0))
    assert list(new) == [S.TALKS, S.CEASEFIRE]


def test_willingness_is_smooth_and_graded():
    belief = np.array([0.9, 0.5, 0.3, 0.1])
    w = S.willingness(belief, threshold=0.3, spread=0.1)
    assert w[2] == pytest.approx(0.5)
    assert np.all(np.diff(w) > 0) and np.all((w > 0) & (w < 1))
    # every belief moves it a little: no knife-edge, no dead zone
    assert S.willingness(np.array([0.89]), 0.3, 0.1)[0] > w[0]
    # war weariness and China's restraint add to it
    assert S.willingness(belief, 0.3, 0.1, 1.0)[0] > w[0]


def test_talks_break_down_as_russia_grows_confident():
    chance = S.breakdown_chance(np.array([0.2, 0.5, 0.9]), 0.3, 0.2, 0.1, 0.15)
    assert chance[1] == pytest.approx(0.075)
    assert chance[0] < chance[1] < chance[2] < 0.15


def test_ukraine_accepts_with_guarantees_and_when_losing():
    weights = {"guarantee": 2.0, "gain": 3.0, "aid_optimism": 0.0}
    trend = np.array([-0.5, 0.0, 0.5])
    base = S.ukraine_acceptance(1.0, trend, 0.3, np.zeros(3), weights)
    assert base[0] > base[1] > base[2]
    assert np.all(S.ukraine_acceptance(1.0, trend, 0.85, np.zeros(3), weights) > base)
    optimistic = S.ukraine_acceptance(1.0, trend, 0.3, np.full(3, 0.3),
                                      {**weights, "aid_optimism": 4.0})
    assert np.all(optimistic < base)


def test_ceasefire_routes():
    before = np.array([S.SERIOUS, S.TALKS, S.NO_TALKS])
    route = S.ceasefire_route(before, np.array([False, False, True]))
    assert list(route) == [S.NEGOTIATED, S.HOLLOW, S.FORCED]


def test_guarantees_need_america():
    europe_only = S.guarantee_credibility(1.0, False, 0.3, 0.55)
    with_us = S.guarantee_credibility(1.0, True, 0.3, 0.55)
    assert europe_only == 0.3 and with_us == pytest.approx(0.85)
    assert S.guarantee_credibility(1.0, True, 0.8, 0.8) == 1.0


def test_settlement_kinds():
    russia_gain_km2 = np.array([-2_000.0, 10_000.0, -2_000.0, 5_000.0])
    forced = np.array([False, False, True, False])
    kinds = S.settlement_kind(russia_gain_km2, 0.85, 5_000.0, 0.5, forced)
    # Russia's gain above the threshold (or a forced deal) cedes territory; at it, not yet
    assert list(kinds) == [S.GUARANTEED, S.CONCESSION, S.CONCESSION, S.GUARANTEED]
    assert (S.settlement_kind(russia_gain_km2[:1], 0.3, 5_000.0, 0.5, forced[:1])[0]
            == S.UNGUARANTEED)


def test_relapse_falls_with_credibility_and_rises_with_reasons_and_hollowness():
    belief = np.array([0.2, 0.2])
    reasons = np.array([0.0, np.log(2.0)])
    low = S.relapse_hazard(0.02, 0.9, 0.3, reasons, 1.0, belief)
    high = S.relapse_hazard(0.02, 0.9, 0.85, reasons, 1.0, belief)
    assert np.all(high < low)
    assert low[1] == pytest.approx(2 * low[0])
    assert np.all(S.relapse_hazard(0.02, 0.9, 0.3, reasons, 1.0, belief + 0.5) > low)
    assert np.all(S.relapse_hazard(1.0, 0.9, 0.0, reasons + 10, 1.0, belief) <= 1)


def test_bounded_keeps_what_np_clip_gives_for_every_dtype():
    """The in-place upper bound never changes a result's dtype or values (an integer
    array bounded by a float becomes float, as np.clip makes it)."""
    from sim.model.mechanisms import bounded

    for values, low, high in [(np.array([0, 3]), 0, 1.5), (np.array([True, False]), 0, 0.5),
                              (np.array([-1.0, 0.5, 2.0], np.float32), 0.0, 1.0),
                              (np.array([-1.0, 2.0]), 0.0, np.float64(1.0)), (2.0, 0.0, 1.0)]:
        expected = np.clip(values, low, high)
        got = bounded(values, low, high)
        assert np.asarray(got).dtype == np.asarray(expected).dtype
        assert np.array_equal(got, expected)
