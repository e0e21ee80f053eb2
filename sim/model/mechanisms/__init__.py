"""The model's mechanisms as small, pure, vectorized functions.

Each function works on arrays over runs (or scalars), names the essay claims it
encodes and the idea it rests on. Agents in :mod:`sim.model.agents` call them; tests
check their directions and bounds in isolation.
"""

import numpy as np


def bounded(values: np.ndarray | float, low: float, high: float) -> np.ndarray:
    """``values`` clipped to [low, high]: ``np.clip`` without its Python wrapper, which
    costs more than the arithmetic at ensemble sizes (called several times a week)."""
    return np.minimum(np.maximum(values, low), high)
