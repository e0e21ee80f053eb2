"""Claims at every point of an assumption space, and how robust each claim is.

At each point the claim is decided exactly as `sim claims --assume` decides it with
the point's values as the assumptions: every arm's runs, the check's effect with its
bootstrap interval over runs, the same verdict rules. The verdicts of many points
are computed at once (:func:`sim.analysis.stats.grouped_combination_of_ratios`).

A claim's robustness is the share of the space where it is supported, not supported,
inconclusive or untestable, each with its Wilson interval over points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.claims import (
    POINT_VERDICTS,
    Check,
    Claim,
    Verdict,
    at_a_bound,
    combine_codes,
    points_the_other_way,
    verdict,
)
from sim.analysis.measures import MEASURES, measure_parts
from sim.analysis.stats import (
    Estimate,
    Estimates,
    grouped_combination_of_ratios,
    wilson,
    zero_width,
)
from sim.model.calibration import calibrated_claims

#: Verdicts stored as small integers (their place in VERDICTS).
CODES = {v: v.code for v in POINT_VERDICTS}


@dataclass(frozen=True)
class ClaimAtPoints:
    """One claim decided at each of a chunk's points."""

    claim: Claim
    effects: tuple[Estimates, ...]  # per check, one estimate per point
    check_verdicts: np.ndarray  # checks x points, codes into VERDICTS
    verdicts: np.ndarray  # points, codes into VERDICTS
    reversed: np.ndarray  # points, bool: some check clearly the other way


def _cannot_move(estimates: Estimates) -> np.ndarray:
    """Zero-width intervals: no evidence (as in sim.analysis.evaluate)."""
    return zero_width(estimates.value, estimates.low, estimates.high)


Parts = Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]]  # (arm, metric) -> per run


def arm_parts(claim: Claim, arm_name: str, summary: pd.DataFrame,
              weeks: int) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """What the claim's checks read of one arm's runs: each metric's numerators and
    denominators per run (zero outside the arm's subgroup). Far smaller than the runs'
    summary, so this is what travels between workers."""
    arm = claim.arms[arm_name]
    metrics = {check.metric for check in claim.checks if arm_name in check.effect}
    return {(arm_name, metric): measure_parts(MEASURES[metric], summary, weeks, arm.where)
            for metric in sorted(metrics)}


def check_at_points(check: Check, parts: Parts, points: int,
                    counts: np.ndarray) -> tuple[Estimates, np.ndarray]:
    """A check's effect and verdict code at each point, from each arm's parts (runs
    ``p * reps`` .. ``(p + 1) * reps - 1`` are point ``p``'s)."""
    weighted, frozen = [], np.ones(points, dtype=bool)
    lows, highs = [], []
    for arm_name, weight in check.effect.items():
        numerators, denominators = parts[arm_name, check.metric]
        weighted.append((weight, numerators, denominators))
        level = grouped_combination_of_ratios([(1.0, numerators, denominators)], points, counts)
        frozen &= _cannot_move(level)
        lows.append(level.low)
        highs.append(level.high)
    effect = grouped_combination_of_ratios(weighted, points, counts)
    codes = np.array([verdict(check.direction, check.margin, lo, hi).code
                      for lo, hi in zip(effect.low, effect.high, strict=True)], dtype=np.int8)
    bounded = at_a_bound(check, MEASURES[check.metric].unit, np.array(lows), np.array(highs))
    codes[frozen | bounded | _cannot_move(effect)] = Verdict.UNTESTABLE.code
    return effect, codes


def claim_at_points(claim: Claim, parts: Parts, points: int,
                    counts: np.ndarray) -> ClaimAtPoints:
    """Every check of ``claim`` at each point, and the claim's verdict there."""
    effects, codes = zip(*(check_at_points(c, parts, points, counts) for c in claim.checks),
                         strict=True)
    check_codes = np.vstack(codes)
    verdicts = combine_codes(check_codes)
    if claim.id in calibrated_claims():
        verdicts[verdicts == Verdict.SUPPORTED.code] = Verdict.CALIBRATED.code
    reversed_ = np.zeros(points, dtype=bool)
    for check, effect, check_code in zip(claim.checks, effects, check_codes, strict=True):
        reversed_ |= (points_the_other_way(check, effect.low, effect.high)
                      & (check_code == Verdict.NOT_SUPPORTED.code))
    return ClaimAtPoints(claim, tuple(effects), check_codes, verdicts, reversed_)


@dataclass(frozen=True)
class Robustness:
    """How much of the space gives each verdict to one claim."""

    claim: str
    shares: dict[str, Estimate]  # verdict -> share of points, with its Wilson interval
    reversed: Estimate  # share of points where an effect is clearly the other way
    points: int


def robustness(claim_id: str, verdicts: np.ndarray, reversed_: np.ndarray) -> Robustness:
    """Shares of points per verdict (codes into VERDICTS), with Wilson intervals."""
    n = len(verdicts)
    shares = {name: wilson(int(np.sum(verdicts == code)), n) for name, code in CODES.items()}
    return Robustness(claim_id, shares, wilson(int(np.sum(reversed_)), n), n)
