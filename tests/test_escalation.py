"""Escalation as a risk process (model.escalation = "risk"): a cornered Moscow may
escalate, once, adding the power a partial mobilization brings (C4 C5 C10)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.mechanisms import escalation
from sim.model.relevance import inert_parameters
from sim.model.streams import RunStreams, run_keys
from tests.conftest import scenario, simulate

RISK = {"model__escalation": "risk"}
#: A Moscow sure it is losing (its belief near 0 from the first week), at a high risk.
CORNERED = {"russia__belief_bias": -8.0, "russia__escalation_rate": 0.5, **RISK}


def test_the_chance_is_nil_while_moscow_thinks_time_is_on_its_side_and_grows_below():
    belief = np.array([0.9, 0.5, 0.25, 0.0])
    chance = escalation.escalation_chance(belief, 0.5, 0.1, 0.5, 0.0)
    assert chance == pytest.approx([0.0, 0.0, 0.05, 0.1])
    held_back = escalation.escalation_chance(belief, 0.5, 0.1, 0.5, 0.8)
    assert held_back == pytest.approx(chance * 0.6)  # ambiguity: an answer it cannot rule out


def test_a_late_draw_is_its_own_and_a_runs_alone_or_among_others():
    streams = RunStreams(run_keys(3, 500))
    late = streams.late_uniform(7, "escalation")
    week = streams.week(7)
    assert 0.0 < late.min() and late.max() < 1.0 and abs(late.mean() - 0.5) < 0.05
    assert all(not np.array_equal(late, drawn) for drawn in week.uniform.values())
    alone = RunStreams(run_keys(3, 500)[123:124]).late_uniform(7, "escalation")
    assert alone[0] == late[123]
    assert not np.array_equal(late, streams.late_uniform(8, "escalation"))


def test_a_cornered_moscow_escalates_once_and_its_power_jumps_by_the_mobilization():
    results = simulate(reps=300, weeks=30, **CORNERED)
    weeks = results.summary["escalation_week"]
    assert weeks.notna().mean() > 0.95  # about 0.3 a week: nearly every run in 30 weeks
    run = int(np.flatnonzero(weeks.notna().to_numpy())[0])
    week = int(weeks.iloc[run])
    power = results.world["russia_power"][:, run]
    bigger = simulate(reps=300, weeks=30, russia__mobilization_power=1.0, **CORNERED)
    jump = bigger.world["russia_power"][week, run] - power[week]
    assert jump == pytest.approx(0.5, rel=1e-3)  # the same run, twice the mobilization
    assert results.engaged["escalation"]


def test_without_the_risk_process_moscow_never_escalates_and_nothing_else_moves():
    plain = simulate(reps=200, weeks=30, russia__belief_bias=-8.0)
    assert plain.summary["escalation_week"].isna().all()
    never = simulate(reps=200, weeks=30, **(CORNERED | {"russia__escalation_rate": 0.0}))
    assert all(np.array_equal(plain.world[k], never.world[k]) for k in plain.world)


def test_escalation_wins_moscow_ground():
    calm = simulate(reps=400, weeks=104, russia__belief_bias=-8.0)
    risk = simulate(reps=400, weeks=104, **CORNERED)
    assert risk.summary["russia_gain_km2_mean"].mean() > calm.summary["russia_gain_km2_mean"].mean()


def test_its_parameters_are_flagged_where_they_cannot_act():
    flagged = {i.key for i in inert_parameters(scenario(russia__escalation_rate=0.2,
                                                        russia__mobilization_power=1.0))}
    assert {"russia.escalation_rate", "russia.mobilization_power"} <= flagged
    clear = scenario(russia__escalation_caution=0.9, united_states__ambiguity=0.0, **RISK)
    assert "russia.escalation_caution" in {i.key for i in inert_parameters(clear)}
    idle = simulate(reps=50, weeks=20, russia__mobilization_power=1.0, **RISK)
    assert "russia.mobilization_power" in {i.key for i in idle.idle()}
