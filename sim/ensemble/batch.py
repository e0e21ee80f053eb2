"""Many points of an assumption space in one vectorized model.

Each run carries its point's parameter values (a parameter holds one value per run),
and every point uses the same run seeds: run *i* of every point shares its random
stream (common random numbers), so two points differ by their parameters, not by
luck. One model steps ``points x reps`` runs at once instead of one small ensemble
per point, which is what makes exploring a space fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

import numpy as np

from sim.ensemble.results import Results
from sim.ensemble.runner import simulate
from sim.model.streams import run_keys
from sim.scenarios.scenario import Scenario
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
    return replace(scenario, params=MappingProxyType(params))


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
