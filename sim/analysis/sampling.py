"""Sampling an assumption space with SALib: Latin hypercube, Sobol (Saltelli) or Morris.

The samplers work on the unit ranges of a SALib problem; a choice parameter is sampled
as a number in [0, k) and read as the k-th choice, an integer parameter is rounded.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.errors import Text, argument
from sim.scenarios.params import PARAMS
from sim.scenarios.plausible import MODEL_KEYS, model_choice, plausible_rows, shipped
from sim.scenarios.space import PLAUSIBLE_METHOD, Space, Uncertain

#: Morris: levels of the grid each parameter moves on.
MORRIS_LEVELS = 4


@dataclass(frozen=True)
class Sample:
    """The points of an exploration: the SALib matrix and the parameter values it means."""

    matrix: np.ndarray  # points x parameters, in SALib's units
    values: dict[str, np.ndarray]  # parameter key -> one value per point
    problem: dict[str, Any]
    base: int  # the base sample size actually used (Sobol rounds to a power of two)
    note: str = ""  # what was adjusted, for the user

    @property
    def points(self) -> int:
        return len(self.matrix)


def problem_of(space: Space) -> dict[str, Any]:
    """The SALib problem: one variable per uncertain parameter, with its bounds."""
    bounds = [[0.0, float(len(u.choices))] if u.is_choice else [u.low, u.high]
              for u in space.uncertain]
    return {"num_vars": len(space.uncertain), "names": space.keys, "bounds": bounds}


def sobol_base(points: int) -> tuple[int, str]:
    """Saltelli's N must be a power of two: the nearest one, and a note if it moved."""
    base = 2 ** max(1, round(math.log2(points)))
    if base == points:
        return base, ""
    return base, Text(f"Sobol sampling needs a power of two: {argument('points')} {points} was "
                      f"rounded to {base} (as SALib advises)")


def sample(space: Space) -> Sample:
    """Draw the space's points with its method, from its seed (the same seed, the same
    points)."""
    problem = problem_of(space)
    if space.method == PLAUSIBLE_METHOD:
        return plausible_sample(space, problem)
    note = ""
    base = space.points
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's advice is turned into our own note
        # each sampler imported alone: Sobol's and Morris's import scipy.stats (0.5 s)
        if space.method == "lhs":
            from SALib.sample import latin

            matrix = latin.sample(problem, base, seed=space.seed)
        elif space.method == "sobol":
            from SALib.sample import sobol

            base, note = sobol_base(space.points)
            matrix = sobol.sample(problem, base, calc_second_order=False, seed=space.seed)
        else:
            from SALib.sample import morris

            matrix = morris.sample(problem, base, num_levels=MORRIS_LEVELS, seed=space.seed)
    values = {u.key: to_values(u, matrix[:, i]) for i, u in enumerate(space.uncertain)}
    return Sample(np.asarray(matrix, dtype=float), values, problem, base, note)


def plausible_sample(space: Space, problem: dict[str, Any]) -> Sample:
    """``space.points`` of the shipped calibration's plausible sets (all of them if it has
    fewer), drawn without replacement by the space's seed and kept in the file's order."""
    calibration = shipped(model_choice({key: PARAMS[key].default for key in MODEL_KEYS}
                                       | dict(space.model)))
    table = np.array(calibration.sets, dtype=float)
    rows = plausible_rows(len(table), space.points, space.seed)
    chosen = len(rows)
    matrix = table[rows][:, [calibration.keys.index(key) for key in space.keys]]
    note = (Text(f"the calibration has {len(table):,} plausible sets: {argument('points')} "
                 f"{space.points:,} became {chosen:,}") if chosen < space.points else "")
    values = {key: matrix[:, i].copy() for i, key in enumerate(space.keys)}
    return Sample(matrix, values, problem, chosen, note)


def to_values(uncertain: Uncertain, column: np.ndarray) -> np.ndarray:
    """SALib's numbers as the parameter's values (choices, integers or floats)."""
    if uncertain.is_choice:
        index = np.minimum(np.floor(column).astype(int), len(uncertain.choices) - 1)
        return np.asarray(uncertain.choices)[index]  # str_ or bool_, as the model compares
    if uncertain.param.kind is int:
        return np.rint(column).astype(int)
    return column.astype(float)
