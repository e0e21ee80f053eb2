"""Escalation as a risk process (model.escalation = "risk"): a cornered Moscow may
escalate, once, adding the power a partial mobilization brings (C4 C10)."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.model.mechanisms import escalation
from sim.model.model import WarModel
from sim.model.relevance import inert_parameters
from sim.model.streams import _GOLDEN, _SLOTS_PER_WEEK, RunStreams, _splitmix64, run_keys
from sim.scenarios.loading import load_scenario
from tests.conftest import SCENARIOS, scenario, simulate

RISK = {"model__escalation": "risk"}
#: A Moscow sure it is losing (its belief near 0 from the first week), at a high risk.
CORNERED = {"russia__belief_bias": -8.0, "russia__escalation_rate": 0.5, **RISK}


def test_the_chance_is_nil_while_moscow_thinks_time_is_on_its_side_and_grows_below():
    belief = np.array([0.9, 0.5, 0.25, 0.0])
    assert escalation.escalation_chance(belief, 0.5, 0.1) == pytest.approx([0, 0, 0.05, 0.1])
    power = escalation.mobilized(np.array([2.0, 2.0]), np.array([True, False]), 0.5, 1.8)
    assert power == pytest.approx([2.9, 2.0])  # half of its power at the start


def test_the_late_draw_sits_at_a_fixed_counter_and_is_independent_of_the_weeks():
    keys = run_keys(3, 4_000)
    late = RunStreams(keys).late_uniform(7, "escalation")
    counter = np.full(1, 7 * _SLOTS_PER_WEEK + 1 + _SLOTS_PER_WEEK - 1, dtype=np.uint64)
    expected = ((_splitmix64(keys + counter * _GOLDEN) >> np.uint64(32)).astype(float) + 0.5)
    assert np.array_equal(late, expected * 2.0**-32)  # slots added to the week cannot move it
    week = RunStreams(keys).week(7)
    for drawn in (*week.uniform.values(), *week.normal.values()):
        assert abs(np.corrcoef(late, drawn)[0, 1]) < 0.06
    assert abs(late.mean() - 0.5) < 0.02 and abs(late.var() - 1 / 12) < 0.005


def test_moscow_escalates_once_only_while_fighting_and_by_its_starting_power():
    model = WarModel(scenario(weeks=10, russia__mobilization_power=0.4, **RISK), run_keys(0, 6))
    model.russia.belief = np.zeros(6)
    model.late_uniform = lambda slot: np.zeros(6)  # every chance comes up
    fighting = np.array([True, True, True, False, False, True])
    before = model.russia.power.copy()
    model.russia.consider_escalation(fighting)
    added = model.russia.power - before
    assert added == pytest.approx(np.where(fighting, 0.4 * model.start.russia_power, 0.0))
    model.russia.consider_escalation(np.ones(6, dtype=bool))  # only the two in a cease-fire
    assert model.russia.power - before == pytest.approx(np.full(6, 0.4 * model.start.russia_power))
    assert model.first_week["escalation"].tolist() == [0, 0, 0, 0, 0, 0]


def test_a_cornered_moscow_escalates_and_wins_ground_by_it():
    risk = simulate(reps=400, weeks=104, **CORNERED)
    assert risk.summary["escalation_week"].notna().mean() > 0.95
    assert risk.engaged["escalation"]
    calm = simulate(reps=400, weeks=104, russia__belief_bias=-8.0)
    assert calm.summary["escalation_week"].isna().all()
    assert risk.summary["russia_gain_km2_mean"].mean() > calm.summary["russia_gain_km2_mean"].mean()


def test_without_a_chance_of_escalating_the_risk_process_changes_nothing():
    plain = simulate(reps=200, weeks=30, russia__belief_bias=-8.0)
    never = simulate(reps=200, weeks=30, **(CORNERED | {"russia__escalation_rate": 0.0}))
    assert all(np.array_equal(plain.world[k], never.world[k]) for k in plain.world)


def test_the_replay_is_the_same_under_either_escalation_model():
    # Moscow did not mobilize again in 2023-25: the replay never lets it escalate
    history = load_scenario(SCENARIOS / "history.toml")
    assert history.params["russia.escalation_rate"] == 0
    calm = sim.run(history, reps=300, seed=4)
    risk = sim.run(load_scenario(SCENARIOS / "history.toml", ["model.escalation=risk"]),
                   reps=300, seed=4)
    assert all(np.array_equal(calm.world[k], risk.world[k]) for k in calm.world)
    assert (calm.world["russia_time_belief"].min(axis=0) < 0.5).any()  # it would have, here
    branched = sim.run(load_scenario(SCENARIOS / "us_commits.toml", ["model.escalation=risk"]),
                       reps=300, seed=4)
    assert (branched.summary["escalation_week"].dropna() >= 1).all()


def test_its_parameters_are_flagged_where_they_cannot_act():
    def flagged(**params):
        return {i.key for i in inert_parameters(scenario(**params))}
    assert {"russia.escalation_belief", "russia.mobilization_power",
            "russia.escalation_rate"} <= flagged(russia__escalation_rate=0.2,
                                                 russia__escalation_belief=0.7,
                                                 russia__mobilization_power=1.0)
    assert "russia.escalation_rate" not in flagged(russia__escalation_rate=0.0)  # off is off
    assert {"model.escalation", "russia.mobilization_power"} <= flagged(
        russia__escalation_rate=0.0, russia__mobilization_power=1.0, **RISK)
    idle = simulate(reps=50, weeks=20, russia__mobilization_power=1.0, **RISK)
    assert {"model.escalation", "russia.mobilization_power"} <= {i.key for i in idle.idle()}
