"""Each run's calibrated parameters: drawn from the shipped calibration's plausible sets
by the run's key, or its central set (``world.parameter_sets``; sim.scenarios.plausible).

A run's draw depends only on its key, so run *i* takes the same set in every scenario
with the same seed (comparisons stay paired), alone or among 10,000 runs, and in the
replay its scenario starts from.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import numpy as np

from sim.model.streams import parameter_draws
from sim.scenarios.plausible import CENTRAL, drawn_keys, model_choice, shipped
from sim.scenarios.scenario import Scenario


def with_parameter_sets(spec: Scenario, keys: np.ndarray) -> Scenario:
    """``spec`` with its calibrated parameters as ``world.parameter_sets`` says: one value
    per run (an array as long as ``keys``), the central value, or unchanged."""
    drawn = drawn_keys(spec.params, spec.pinned)
    if not drawn:
        return spec
    calibration = shipped(model_choice(spec.params))  # its sub-models' own calibration
    if spec.params["world.parameter_sets"] == CENTRAL:
        values = {key: calibration.central[key] for key in drawn}
    else:
        table = np.array(calibration.sets, dtype=float)
        rows = table[parameter_draws(keys, len(table))]
        values = {key: rows[:, calibration.keys.index(key)] for key in drawn}
    return replace(spec, params=MappingProxyType(dict(spec.params) | values))
