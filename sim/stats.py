"""Small statistics for summaries: intervals on shares and means."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as _stats

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a 95% interval (``low``/``high`` are NaN when undefined)."""

    value: float
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Estimate:
    """Share with its Wilson score interval (sound at 0%, 100% and small n)."""
    if trials <= 0:
        return Estimate(math.nan, math.nan, math.nan)
    p = successes / trials
    denom = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    # At 0% and 100% the bound is exact; rounding must not move it off the edge.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Estimate(p, low, high)


def mean_interval(values: np.ndarray) -> Estimate:
    """Mean with a t-based 95% interval (no interval for fewer than two values)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan)
    mean = float(values.mean())
    if n < 2:
        return Estimate(mean, math.nan, math.nan)
    half = float(_stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / math.sqrt(n))
    return Estimate(mean, mean - half, mean + half)
