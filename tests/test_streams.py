"""Per-run random streams: well spread, independent, and independent of batch size."""

from __future__ import annotations

import numpy as np

from sim.model.streams import NORMAL_SLOTS, UNIFORM_SLOTS, RunStreams, run_keys


def test_uniforms_are_inside_unit_interval_and_spread():
    draws = RunStreams(run_keys(3, 50_000)).week(7)
    for name in UNIFORM_SLOTS:
        u = draws.uniform[name]
        assert u.min() > 0 and u.max() < 1
        assert abs(u.mean() - 0.5) < 0.01
        counts, _ = np.histogram(u, bins=10, range=(0, 1))
        assert counts.min() > 4_500
    for name in NORMAL_SLOTS:
        z = draws.normal[name]
        assert abs(z.mean()) < 0.02 and abs(z.std() - 1) < 0.02


def test_slots_and_weeks_are_uncorrelated():
    s = RunStreams(run_keys(3, 50_000))
    a, b = s.week(1), s.week(2)
    assert abs(np.corrcoef(a.uniform["talks"], a.uniform["relapse"])[0, 1]) < 0.02
    assert abs(np.corrcoef(a.uniform["talks"], b.uniform["talks"])[0, 1]) < 0.02
    assert abs(np.corrcoef(a.normal["front"], a.normal["unity"])[0, 1]) < 0.02


def test_run_i_does_not_depend_on_how_many_runs():
    few, many = RunStreams(run_keys(9, 3)), RunStreams(run_keys(9, 1000))
    np.testing.assert_array_equal(few.week(5).uniform["talks"], many.week(5).uniform["talks"][:3])


def test_seeds_differ():
    assert not np.array_equal(run_keys(1, 10), run_keys(2, 10))


def test_a_run_alone_is_the_same_run_in_an_ensemble():
    # what makes "one run per model" the same model as the ensemble (bench/bench_peers.py)
    import sim
    from sim.ensemble.runner import simulate
    from tests.conftest import SCENARIOS
    scenario = sim.load_scenario(SCENARIOS / "us_commits.toml")
    keys = run_keys(7, 40)
    among = simulate(scenario, keys, 7, actors=False)
    for i in (0, 17, 39):
        alone = simulate(scenario, keys[i:i + 1], 7, actors=False)
        assert all(np.array_equal(alone.world[k][:, 0], among.world[k][:, i])
                   for k in alone.world), i
    assert sim.run(scenario, reps=1, seed=7, actors=False).summary.iloc[0, 1:].equals(
        sim.run(scenario, reps=5, seed=7, actors=False).summary.iloc[0, 1:])
