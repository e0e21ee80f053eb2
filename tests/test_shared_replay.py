"""Runs that replay the record alike replay it once (sim.model.shared_replay): the same
bytes as each run alone, in every column of both weekly tables."""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
import pytest

import sim
from sim.ensemble.batch import Stack, stacked_scenario
from sim.ensemble.runner import simulate
from sim.model import shared_replay as shared
from sim.model.streams import run_keys
from tests.conftest import ROOT

REPS, SEED = 40, 11
#: Arms that differ only in policies (they replay alike), in each sub-model.
POLICY_ARMS = ("baseline", "us_commits", "us_hesitates", "congress_acts")
SUB_MODELS = ((), ("model.bargaining=expected_value",), ("model.escalation=risk",),
              ("model.battle=defence_dominant",))


def stacked(stacks: list[Stack], points: int = 1):
    keys = np.tile(run_keys(SEED, REPS), points * len(stacks))
    return simulate(stacked_scenario(stacks, REPS, SEED), keys, SEED)


def assert_same_runs(alone, together, start: int) -> None:
    runs = slice(start, start + len(alone.keys))
    for table in ("world", "actors"):
        for name, column in getattr(alone, table).items():
            assert np.array_equal(column, getattr(together, table)[name][:, runs],
                                  equal_nan=True), (table, name)
    assert np.array_equal(alone.outcome, together.outcome[runs])
    for name, weeks in alone.event_weeks.items():
        assert np.array_equal(weeks, together.event_weeks[name][runs]), name


@pytest.mark.parametrize("overrides", SUB_MODELS, ids=lambda o: o[0] if o else "default")
def test_policy_arms_stacked_are_the_runs_each_gives_alone(overrides) -> None:
    scenarios = [sim.load_scenario(ROOT / "scenarios" / f"{name}.toml", list(overrides))
                 for name in POLICY_ARMS]
    together = stacked([Stack(s) for s in scenarios])
    for index, scenario in enumerate(scenarios):
        alone = simulate(scenario, run_keys(SEED, REPS), SEED)
        assert_same_runs(alone, together, index * REPS)


def test_points_that_differ_in_the_world_share_only_within_a_point() -> None:
    # two points of a world parameter the replay reads, each under two policy arms
    values = {"world.unity_noise": np.array([0.0, 0.02]),
              "ukraine.capitulation_km2": np.array([20_000.0, 60_000.0])}
    arms = [{}, {"united_states.stance": "commits"}]
    baseline = sim.load_scenario(ROOT / "scenarios" / "baseline.toml")
    together = stacked([Stack(baseline, values, arm) for arm in arms], points=2)
    for index, arm in enumerate(arms):
        for point in range(2):
            scenario = baseline.with_values(
                {key: column[point].item() for key, column in values.items()} | arm)
            alone = simulate(scenario, run_keys(SEED, REPS), SEED)
            assert_same_runs(alone, together, (2 * index + point) * REPS)


def test_only_runs_with_the_same_key_and_replay_share() -> None:
    keys = run_keys(SEED, 3)
    params = {"world.a": np.array([1.0, 1.0, 1.0, 2.0, 1.0, 1.0]), "world.b": 0.5}
    found = shared.shared_replay(params, np.tile(keys, 2))
    # run 3 has run 0's key but another world: it replays on its own
    assert found.first.tolist() == [0, 1, 2, 3]
    assert found.inverse.tolist() == [0, 1, 2, 3, 1, 2]
    assert shared.shared_replay(params, run_keys(SEED, 6)) is None  # every key distinct


def test_a_negative_zero_is_not_a_zero() -> None:
    # the same value to ==, not the same bits: a sign can reach an output
    keys = np.tile(run_keys(SEED, 1), 2)
    assert shared.shared_replay({"world.a": np.array([0.0, -0.0])}, keys) is None
    assert shared.shared_replay({"world.a": np.array(["x", "x"])}, keys).first.tolist() == [0]
    mixed = np.array([1, True], dtype=object)  # equal to ==, not the same value
    assert shared.shared_replay({"world.a": mixed}, keys) is None


@dataclass(frozen=True)
class _Frozen:
    per_run: np.ndarray
    fixed: float


def test_widening_takes_each_runs_state_and_leaves_the_rest() -> None:
    inverse = np.array([0, 1, 0, 1, 1])
    table = np.arange(3.0)  # not per run: its last axis is not 2 long
    pipeline = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    state = {"pipeline": pipeline, "table": table, "flags": [np.array([True, False])],
             "start": _Frozen(np.array([7.0, 8.0]), 9.0), "pair": (np.array([1, 2]), 3)}
    widened = shared.widen(state, inverse, 2)
    assert widened is state  # dicts in place
    assert state["pipeline"].tolist() == [[1, 2, 1, 2, 2], [3, 4, 3, 4, 4], [5, 6, 5, 6, 6]]
    assert state["table"] is table
    assert state["flags"][0].tolist() == [True, False, True, False, False]
    assert isinstance(state["start"], _Frozen) and state["start"].fixed == 9.0
    assert state["start"].per_run.tolist() == [7, 8, 7, 8, 8]
    assert state["pair"][0].tolist() == [1, 2, 1, 2, 2] and state["pair"][1] == 3
    from collections import namedtuple

    Pair = namedtuple("Pair", "per_run fixed")
    pair = shared.widen(Pair(np.array([1, 2]), 3), inverse, 2)
    assert isinstance(pair, Pair) and pair.per_run.tolist() == [1, 2, 1, 2, 2]


def test_the_arms_replay_once_and_a_plain_ensemble_steps_every_run(monkeypatch) -> None:
    from sim.model.model import WarModel

    stepped: list[int] = []
    step = WarModel.step
    monkeypatch.setattr(WarModel, "step", lambda self: (stepped.append(self.runs), step(self)))
    scenarios = [sim.load_scenario(ROOT / "scenarios" / f"{name}.toml") for name in POLICY_ARMS]
    WarModel(stacked_scenario([Stack(s) for s in scenarios], REPS, SEED),
             np.tile(run_keys(SEED, REPS), len(scenarios)))
    replay_weeks = len(stepped)
    assert set(stepped[:-1]) == {REPS}  # the replay, once; its last week widens at the branch
    stepped.clear()
    WarModel(scenarios[0], run_keys(SEED, REPS))
    assert len(stepped) == replay_weeks and set(stepped) == {REPS}


_WIDENED = (dict, list, tuple)


def state_arrays(model) -> list[tuple[str, np.ndarray, bool]]:
    """Every array in the model's and the actors' state: (where, the array, whether every
    container on its way is one :func:`shared.widen` walks), reached through any container
    or object of sim's own."""
    import dataclasses

    found: list[tuple[str, np.ndarray, bool]] = []

    def walk(where: str, value, handled: bool, depth: int) -> None:
        if isinstance(value, np.ndarray):
            found.append((where, value, handled))
        elif depth > 4 or callable(value) or isinstance(value, mesa.Agent | mesa.Model):
            return  # the actors are walked on their own
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{where}[{key!r}]", item, handled, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            ok = handled and isinstance(value, _WIDENED)
            for index, item in enumerate(value):
                walk(f"{where}[{index}]", item, ok, depth + 1)
        elif hasattr(value, "__dict__") and type(value).__module__.startswith(("sim.", "types")):
            ok = handled and dataclasses.is_dataclass(value)
            for name, item in vars(value).items():
                walk(f"{where}.{name}", item, ok, depth + 1)

    skip = model._mesa_attributes | {"streams", "spec", "_keys"}
    for name, value in vars(model).items():
        if name not in skip:
            walk(name, value, True, 0)
    for agent in model.agents:
        for name, value in vars(agent).items():
            if name not in agent.mesa_attributes:
                walk(f"{agent.key}.{name}", value, True, 0)
    return found


@pytest.mark.parametrize("overrides", SUB_MODELS, ids=lambda o: o[0] if o else "default")
def test_the_state_keeps_the_rule_widening_rests_on(overrides) -> None:
    """Every array of the state has the runs on its last axis (a table that did not would
    be taken for one per run) and sits where widening reaches it; after a shared replay,
    none is left at the distinct runs' length."""
    from sim.model.model import WarModel

    runs = 37  # no fixed table is likely to be this long
    arms = [sim.load_scenario(ROOT / "scenarios" / f"{name}.toml", list(overrides))
            for name in POLICY_ARMS[:3]]
    plain = WarModel(arms[0], run_keys(SEED, runs))
    for where, array, handled in state_arrays(plain):
        assert array.ndim == 0 or array.shape[-1] == runs, (where, array.shape)
        assert handled or array.ndim == 0, where
    shared_model = WarModel(stacked_scenario([Stack(s) for s in arms], runs, SEED),
                            np.tile(run_keys(SEED, runs), len(arms)))
    for where, array, _ in state_arrays(shared_model):
        assert array.ndim == 0 or array.shape[-1] == len(arms) * runs, (where, array.shape)
