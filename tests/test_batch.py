"""Many points' runs in one model give exactly the runs each point gives alone."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.ensemble.batch import run_points
from sim.scenarios.params import PARAMS
from sim.scenarios.space import FIXED_IN_A_SPACE

POINTS, REPS, SEED = 4, 25, 3


def every_parameter_varied(seed: int) -> dict[str, np.ndarray]:
    """Each parameter that may vary in a space, a random value per point within its
    bounds (integers up to 60 weeks, so events still fall inside the horizon)."""
    rng = np.random.default_rng(seed)
    values: dict[str, np.ndarray] = {}
    for key, param in PARAMS.items():
        if key in FIXED_IN_A_SPACE:
            continue
        if param.kind is bool:
            values[key] = rng.random(POINTS) < 0.5
        elif param.kind is str:
            values[key] = np.array(param.choices)[rng.integers(0, len(param.choices), POINTS)]
        elif param.kind is int:
            values[key] = rng.integers(param.low, min(param.high, 60) + 1, POINTS)
        else:
            values[key] = rng.uniform(param.low, param.high, POINTS)
    return values


@pytest.mark.parametrize("name", ["baseline", "us_hesitates", "eu_vetoed"])
def test_a_point_among_others_runs_as_it_runs_alone(name: str) -> None:
    # Every parameter differs between the points at once: a mechanism that mixed runs,
    # or read a per-run parameter as one value, would change some run's numbers.
    scenario = sim.load_scenario(f"scenarios/{name}.toml")
    values = every_parameter_varied(seed=len(name))
    together = run_points(scenario, values, REPS, SEED).summary
    for point in range(POINTS):
        alone = sim.run(scenario.with_values({k: v[point].item() for k, v in values.items()}),
                        reps=REPS, seed=SEED, actors=False).summary
        rows = together.iloc[point * REPS:(point + 1) * REPS].reset_index(drop=True)
        for column in alone.columns.drop(["scenario", "run"]):
            assert alone[column].equals(rows[column]), (name, point, column)


def test_points_share_their_run_seeds() -> None:
    scenario = sim.load_scenario("scenarios/baseline.toml")
    summary = run_points(scenario, {"china.economic_support": np.array([0.2, 0.8])}, 10,
                         SEED).summary
    seeds = summary["seed"].to_numpy()
    assert (seeds[:10] == seeds[10:]).all()
    assert (seeds[:10] == sim.run(scenario, reps=10, seed=SEED).summary["seed"]).all()


def test_stacked_scenarios_run_as_they_run_alone() -> None:
    """Scenarios with the same horizon and events, each at points and with changes of its
    own, as blocks of one model (claims' arms, an exploration's arms): each block is
    exactly its runs alone."""
    from sim.ensemble.batch import Stack, batch_key, summaries_stacked

    base = sim.load_scenario("scenarios/baseline.toml")
    commits = sim.load_scenario("scenarios/us_commits.toml")
    assert batch_key(base) == batch_key(commits)
    values = {"china.economic_support": np.array([0.2, 0.9]),
              "world.aid_delivery_lag_weeks": np.array([4, 12])}
    stacks = [Stack(base, values), Stack(commits, values, {"world.unity": 0.8}),
              Stack(base.with_values({"united_states.stance": "declines"}))]
    blocks = summaries_stacked(stacks, REPS, SEED)
    for stack, block in zip(stacks, blocks, strict=True):
        alone = run_points(stack.scenario, stack.values, REPS, SEED, stack.changes).summary
        for column in alone.columns.drop(["scenario", "run"]):
            assert alone[column].equals(block.summary[column]), column


def test_a_block_draws_its_own_calibrated_parameters_when_stacked() -> None:
    """A block that leaves a calibrated parameter at its default draws it, as alone, even
    when another block of the same model sets it (stacked, it is a per-run array)."""
    from sim.ensemble.batch import Stack, summaries_stacked

    base = sim.load_scenario("scenarios/baseline.toml")
    stacks = [Stack(base), Stack(base.with_values({"world.aid_to_power": 0.05}))]
    blocks = summaries_stacked(stacks, REPS, SEED)
    for stack, block in zip(stacks, blocks, strict=True):
        alone = sim.run(stack.scenario, reps=REPS, seed=SEED, actors=False).summary
        for column in alone.columns.drop(["scenario", "run"]):
            assert alone[column].equals(block.summary[column]), column
