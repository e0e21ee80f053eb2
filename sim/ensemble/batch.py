"""Many points of an assumption space in one vectorized model.

Each run carries its point's parameter values (a parameter holds one value per run),
and every point uses the same run seeds: run *i* of every point shares its random
stream (common random numbers), so two points differ by their parameters, not by
luck. One model steps ``points x reps`` runs at once instead of one small ensemble
per point, which is what makes exploring a space fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TypeVar

import numpy as np
import pandas as pd

from sim.ensemble.results import Results
from sim.ensemble.runner import RunSummary, simulate, summarized
from sim.model.parameter_sets import with_parameter_sets
from sim.model.streams import run_keys
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import FIXED_IN_A_SPACE
from sim.scenarios.values import Value

Reduced = TypeVar("Reduced")


def point_scenario(scenario: Scenario, values: Mapping[str, np.ndarray], reps: int,
                   changes: Mapping[str, Value] | None = None) -> Scenario:
    """``scenario`` with each point's values repeated over its ``reps`` runs.

    ``values`` maps parameter keys to one value per point; ``changes`` (an arm of a
    claim: the experiment) win over the point's values. Scenario events still change
    parameters at their week, as they do in ``sim run``.
    """
    params = dict(scenario.params)
    for key, column in values.items():
        params[key] = np.repeat(np.asarray(column), reps)
    params.update(changes or {})
    # an arm's settings are the arm's own, even at a default (never drawn over)
    return replace(scenario, params=MappingProxyType(params),
                   pinned=scenario.pinned | frozenset(changes or ()))


def run_points(scenario: Scenario, values: Mapping[str, np.ndarray], reps: int, seed: int,
               changes: Mapping[str, Value] | None = None,
               progress: Callable[[int], None] | None = None) -> Results:
    """``reps`` runs at each point (rows of ``values``), as one vectorized ensemble.

    Runs are ordered point by point: rows ``p * reps`` to ``(p + 1) * reps - 1`` of
    the summary are point ``p``'s runs, run ``i`` of every point with the seed run
    ``i`` has in ``sim run`` with this seed. Only the world is recorded (no actors).
    """
    points = len(next(iter(values.values()))) if values else 1
    keys = np.tile(run_keys(seed, reps), points)
    return simulate(point_scenario(scenario, values, reps, changes), keys, seed, progress,
                    actors=False)


def reduced_points(scenario: Scenario, values: Mapping[str, np.ndarray], reps: int, seed: int,
                   changes: Mapping[str, Value] | None,
                   reduce: Callable[[Results], Reduced]) -> Reduced:
    """:func:`run_points`, reduced where it ran to what the caller keeps of the runs (a
    task a worker can do: the runs themselves are too large to send back)."""
    return reduce(run_points(scenario, values, reps, seed, changes))


#: Parameters that fix a run's structure (its schedule, its start, its sub-models and
#: their calibration): runs batched in one model must share them, as they must share their
#: horizon and events. The same ones cannot vary within an exploration.
STRUCTURAL = FIXED_IN_A_SPACE
#: Most runs one batched model holds when scenarios are run together.
BATCH_RUNS = 20_000


def batch_key(scenario: Scenario) -> str:
    """Scenarios with the same key can run as points of one model: the same horizon,
    events and structural parameters (they may differ in every other parameter)."""
    events = [(e.week, sorted(e.changes.items())) for e in scenario.events]
    fixed = [scenario.params[key] for key in STRUCTURAL]
    return json.dumps([scenario.weeks, events, fixed], default=str)


def batches(scenarios: Mapping[str, Scenario], reps: int) -> list[list[str]]:
    """The scenarios (by key) in groups that can run together, each of at most
    :data:`BATCH_RUNS` runs (``reps`` each), in the order they were given."""
    groups: dict[str, list[str]] = {}
    for key, scenario in scenarios.items():
        groups.setdefault(batch_key(scenario), []).append(key)
    size = max(1, BATCH_RUNS // reps)
    return [keys[start:start + size] for keys in groups.values()
            for start in range(0, len(keys), size)]


@dataclass(frozen=True)
class Stack:
    """One block of a stacked model: a scenario's runs at some points (``values``, one
    per point, as :func:`point_scenario` takes them) with ``changes`` on top."""

    scenario: Scenario
    values: Mapping[str, np.ndarray] = field(default_factory=dict)
    changes: Mapping[str, Value] = field(default_factory=dict)

    @property
    def points(self) -> int:
        return len(next(iter(self.values.values()))) if self.values else 1


def stacked_scenario(stacks: Sequence[Stack], reps: int, seed: int) -> Scenario:
    """The stacks' runs as one scenario, block after block: a parameter that is the same
    everywhere stays one value, any other holds one value per run. The stacks must share
    a :func:`batch_key`. Each block's calibrated parameters are drawn first, by its own
    settings (sim.model.parameter_sets): stacked, a default one block leaves would no
    longer look like one."""
    keys = run_keys(seed, reps)
    blocks = [with_parameter_sets(point_scenario(s.scenario, s.values, reps, s.changes),
                                  np.tile(keys, s.points)) for s in stacks]
    sizes = [s.points * reps for s in stacks]
    params: dict[str, Value | np.ndarray] = {}
    for key, first in blocks[0].params.items():
        columns = [block.params[key] for block in blocks]
        if all(np.ndim(c) == 0 for c in columns) and all(c == first for c in columns[1:]):
            params[key] = first
        else:
            params[key] = np.concatenate([np.broadcast_to(np.asarray(c), (size,))
                                          for c, size in zip(columns, sizes, strict=True)])
    return replace(blocks[0], params=MappingProxyType(params))


def summaries_stacked(stacks: Sequence[Stack], reps: int, seed: int) -> list[RunSummary]:
    """Each stack's runs kept as their summary (points one after the other), all simulated
    in one model: run i of each point is the same numbers as it is alone."""
    points = sum(s.points for s in stacks)
    keys = np.tile(run_keys(seed, reps), points)
    summary = simulate(stacked_scenario(stacks, reps, seed), keys, seed, actors=False).summary
    found, start = [], 0
    for stack in stacks:
        size = stack.points * reps
        found.append(RunSummary(_as_alone(summary.iloc[start:start + size],
                                          stack.scenario.name), stack.scenario.weeks))
        start += size
    return found


def reduced_stack(stacks: Sequence[Stack], reps: int, seed: int,
                  reduce: Callable[[list[RunSummary]], Reduced]) -> Reduced:
    """:func:`summaries_stacked`, reduced where it ran (a task a worker can do)."""
    return reduce(summaries_stacked(stacks, reps, seed))


def summarized_together(scenarios: Sequence[Scenario], reps: int,
                        seed: int) -> list[RunSummary]:
    """Each scenario's runs kept as their summary, as :func:`sim.ensemble.runner.summarized`
    gives them, but all simulated as blocks of one model (they must share a
    :func:`batch_key`): run i of each is the same numbers as alone."""
    if len(scenarios) == 1:
        return [summarized(scenarios[0], reps, seed)]
    return summaries_stacked([Stack(s) for s in scenarios], reps, seed)


def _as_alone(summary: pd.DataFrame, name: str) -> pd.DataFrame:
    """A point's rows of a batch's summary, numbered and named as its own runs."""
    alone = summary.reset_index(drop=True)
    alone["run"] = np.arange(len(alone))
    alone["scenario"] = pd.Categorical([name] * len(alone))
    return alone
