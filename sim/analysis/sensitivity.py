"""Global sensitivity indices with SALib: which assumptions decide a measure.

- Sobol (Saltelli samples): first-order S1 (the share of the measure's variance a
  parameter explains alone) and total ST (alone and in every interaction), each with
  its 95% bootstrap interval.
- Morris (elementary effects): mu_star (the mean absolute effect of moving a parameter
  one step: its overall importance) and sigma (how much that effect varies: interactions
  or non-linearity).
- Latin hypercube: RBD-FAST's first-order S1 (as Sobol's S1, estimated from any
  random sample) and PAWN's median (a moment-independent index: how far the
  measure's whole distribution shifts when a parameter is fixed; 0 = never).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from sim.analysis.sampling import MORRIS_LEVELS, Sample

#: Bootstrap resamples for the indices' intervals.
RESAMPLES = 100


@dataclass(frozen=True)
class Index:
    """One row of sensitivity.csv."""

    parameter: str
    measure: str
    method: str
    index: str
    value: float
    ci_low: float
    ci_high: float


#: Fewest points for indices from a random sample (RBD-FAST's harmonics need room).
MIN_POINTS = 8


def no_indices(y: np.ndarray) -> str | None:
    """Why a measure (one value per point) has no sensitivity indices, or None."""
    y = np.asarray(y, dtype=float)
    if len(y) < MIN_POINTS:
        return f"too few points ({len(y)}; indices need {MIN_POINTS} or more)"
    if not np.all(np.isfinite(y)):
        return "it is undefined at some points"
    if np.ptp(y) == 0:
        return "it does not vary over the space"
    return None


def indices(sample: Sample, method: str, measure: str, y: np.ndarray,
            seed: int) -> list[Index]:
    """Every index of ``measure`` (one value per point) for each parameter.

    A measure that is undefined at some points (no cease-fire to relapse from) or that
    does not vary over the space has no indices: an empty list.
    """
    y = np.asarray(y, dtype=float)
    if no_indices(y) is not None:
        return []
    from SALib.analyze import morris, pawn, rbd_fast, sobol

    problem, names = sample.problem, sample.problem["names"]
    rows: list[Index] = []

    def add(index: str, values, confs=None) -> None:
        # An index SALib gives no interval for has none here either (NaN), not a fake one.
        confs = np.full(len(names), np.nan) if confs is None else confs
        for name, value, conf in zip(names, values, confs, strict=True):
            value, conf = float(value), float(conf)
            rows.append(Index(name, measure, method, index, value, value - conf, value + conf))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's numerical warnings on near-constant inputs
        if method == "sobol":
            result = sobol.analyze(problem, y, calc_second_order=False,
                                   num_resamples=RESAMPLES, seed=seed)
            add("S1", result["S1"], result["S1_conf"])
            add("ST", result["ST"], result["ST_conf"])
        elif method == "morris":
            result = morris.analyze(problem, sample.matrix, y, num_resamples=RESAMPLES,
                                    num_levels=MORRIS_LEVELS, seed=seed)
            add("mu_star", result["mu_star"], result["mu_star_conf"])
            add("sigma", result["sigma"])
        else:
            # RBD-FAST's harmonics must stay well below the sample size (SALib's default
            # of 10 needs more than 20 points).
            harmonics = min(10, max(1, (len(y) - 1) // 4))
            result = rbd_fast.analyze(problem, sample.matrix, y, M=harmonics,
                                      num_resamples=RESAMPLES, seed=seed)
            add("S1", result["S1"], result["S1_conf"])
            result = pawn.analyze(problem, sample.matrix, y, seed=seed)
            add("pawn_median", result["median"])
    return rows


#: The index that ranks parameters by overall importance, per method.
RANKING_INDEX = {"sobol": "ST", "morris": "mu_star", "lhs": "S1", "plausible": "S1"}


def ranked(rows: list[Index], measure: str, method: str) -> list[Index]:
    """The ranking index's rows for ``measure``, most important first."""
    wanted = RANKING_INDEX[method]
    chosen = [r for r in rows if r.measure == measure and r.index == wanted]
    return sorted(chosen, key=lambda r: (-r.value, r.parameter))


def order_is_noise(top: list[Index]) -> bool:
    """Whether a ranking (most important first) cannot be told from noise: neighbours tie,
    their intervals overlap, or the first's reaches zero. Indices without intervals are
    judged by ties alone."""
    if any(abs(upper.value - lower.value) <= 1e-9 for upper, lower in zip(top, top[1:])):
        return True
    if not top or any(np.isnan(r.ci_low) or np.isnan(r.ci_high) for r in top):
        return False
    return top[0].ci_low <= 0 or any(upper.ci_low <= lower.ci_high
                                     for upper, lower in zip(top, top[1:]))


def noise_floor(rows: list[Index], measure: str, method: str,
                inert: list[str]) -> float | None:
    """The largest ranking index that a parameter which cannot act at all scores for
    ``measure`` (None without such parameters): no larger index is evidence."""
    scores = [r.value for r in ranked(rows, measure, method) if r.parameter in inert]
    return max(scores) if scores else None


def unsure_places(rows: list[Index], floor: float | None = None) -> list[bool]:
    """For each place of a ranking (most important first), whether it is unsure: its
    index cannot be told from the next one's (ties, overlapping intervals), or is no
    larger than the noise ``floor`` (see :func:`noise_floor`)."""
    unsure = []
    for place, row in enumerate(rows):
        below = rows[place + 1] if place + 1 < len(rows) else None
        noisy = floor is not None and row.value <= floor
        if below is not None:
            noisy = noisy or order_is_noise([row, below])
        unsure.append(noisy)
    return unsure
