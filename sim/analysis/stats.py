"""Small statistics for summaries: intervals on shares and means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.scenarios.values import DEFAULT_SEED

Z95 = 1.959963984540054


def t_quantile(p: float, dof: float) -> float:
    """Student's t quantile (what ``scipy.stats.t.ppf`` computes), loaded when first used."""
    from scipy.special import stdtrit  # scipy.stats alone costs 0.3 s to import

    return float(stdtrit(dof, p))


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
    half = float(t_quantile(0.975, n - 1) * values.std(ddof=1) / math.sqrt(n))
    return Estimate(mean, mean - half, mean + half)


def _excess(estimate: Estimate) -> tuple[float, float]:
    """How far a share's Wilson interval reaches below and above the share."""
    return estimate.value - estimate.low, estimate.high - estimate.value


def share_difference(k1: int, n1: int, k2: int, n2: int) -> Estimate:
    """Difference of two independent shares, k2/n2 - k1/n1, with Newcombe's interval.

    Newcombe (1998, Stat Med 17:873) hybrid score method 10: it combines the
    two Wilson intervals, so it stays sound at 0%, 100% and for small samples.
    """
    if n1 <= 0 or n2 <= 0:
        return Estimate(math.nan, math.nan, math.nan)
    first, second = wilson(k1, n1), wilson(k2, n2)
    below1, above1 = _excess(first)
    below2, above2 = _excess(second)
    diff = second.value - first.value
    return Estimate(diff, max(-1.0, diff - math.hypot(below2, above1)),
                    min(1.0, diff + math.hypot(above2, below1)))


def paired_share_difference(first: np.ndarray, second: np.ndarray) -> Estimate:
    """Difference of two shares measured on the same runs, mean(second) - mean(first).

    Newcombe (1998, Stat Med 17:2635) method 10: Wilson intervals for each share,
    combined with the continuity-corrected correlation phi of the paired 2x2 table.
    Under common random numbers runs are paired, and this interval is much
    narrower than the independent one when the two scenarios agree on most runs.
    """
    first = np.asarray(first, dtype=bool)
    second = np.asarray(second, dtype=bool)
    n = len(first)
    if n == 0 or len(second) != n:
        return Estimate(math.nan, math.nan, math.nan)
    both = int(np.sum(first & second))
    only_first = int(np.sum(first & ~second))
    only_second = int(np.sum(~first & second))
    neither = n - both - only_first - only_second
    margins = ((both + only_first) * (only_second + neither)
               * (both + only_second) * (only_first + neither))
    phi = 0.0
    if margins > 0:
        cross = both * neither - only_first * only_second
        corrected = cross - n / 2 if cross > n / 2 else (cross if cross < 0 else 0.0)
        phi = corrected / math.sqrt(margins)
    p1 = wilson(both + only_first, n)
    p2 = wilson(both + only_second, n)
    below1, above1 = _excess(p1)
    below2, above2 = _excess(p2)
    diff = p2.value - p1.value
    low = diff - math.sqrt(max(0.0, below2**2 - 2 * phi * below2 * above1 + above1**2))
    high = diff + math.sqrt(max(0.0, above2**2 - 2 * phi * above2 * below1 + below1**2))
    return Estimate(diff, max(-1.0, low), min(1.0, high))


def mean_difference(first: np.ndarray, second: np.ndarray, paired: bool) -> Estimate:
    """Difference of means, mean(second) - mean(first), with a 95% t interval.

    Paired runs use the paired t interval on the per-run differences; otherwise
    Welch's interval (unequal variances). Needs two or more runs in each.
    """
    first = np.asarray(first, dtype=float)
    second = np.asarray(second, dtype=float)
    if paired:
        if len(first) != len(second):
            raise ValueError("paired samples must have the same length")
        return mean_interval(second - first)
    n1, n2 = len(first), len(second)
    if n1 == 0 or n2 == 0:
        return Estimate(math.nan, math.nan, math.nan)
    diff = float(second.mean() - first.mean())
    if n1 < 2 or n2 < 2:
        return Estimate(diff, math.nan, math.nan)
    v1, v2 = first.var(ddof=1) / n1, second.var(ddof=1) / n2
    if v1 + v2 == 0:
        return Estimate(diff, diff, diff)
    dof = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    half = float(t_quantile(0.975, dof) * math.sqrt(v1 + v2))
    return Estimate(diff, diff - half, diff + half)


#: Fixed so that the same results always give the same bootstrap interval (the shipped
#: scenarios' master seed, reused rather than a second magic number).
BOOTSTRAP_SEED = DEFAULT_SEED
BOOTSTRAP_RESAMPLES = 2000


def median_difference(first: np.ndarray, second: np.ndarray, paired: bool,
                      resamples: int = BOOTSTRAP_RESAMPLES,
                      seed: int = BOOTSTRAP_SEED) -> Estimate:
    """Difference of medians over the runs where the event happened (NaN = never).

    The interval is a percentile bootstrap over runs (jointly for paired runs,
    separately otherwise), from a fixed seed so it is reproducible. A resample
    is drawn as multinomial counts over the distinct values (or value pairs),
    which is the same distribution as resampling runs and much cheaper, since
    event weeks take few distinct values. Needs two or more events in each.
    """
    first = np.asarray(first, dtype=float)
    second = np.asarray(second, dtype=float)
    happened1, happened2 = first[~np.isnan(first)], second[~np.isnan(second)]
    if len(happened1) == 0 or len(happened2) == 0:
        return Estimate(math.nan, math.nan, math.nan)
    diff = float(np.median(happened2) - np.median(happened1))
    if len(happened1) < 2 or len(happened2) < 2:
        return Estimate(diff, math.nan, math.nan)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    if paired:
        cells, counts = np.unique(np.column_stack([first, second]), axis=0, return_counts=True)
        samples = [(cells[:, 0], cells[:, 1], counts)]
    else:
        (cells1, counts1), (cells2, counts2) = (np.unique(x, return_counts=True)
                                                for x in (first, second))
        samples = [(cells1, None, counts1), (None, cells2, counts2)]
    diffs = np.zeros(resamples)
    # Chunks keep the counts matrix (resamples x cells) to a few MB.
    chunk = max(1, 1_000_000 // max(len(counts) for *_, counts in samples))
    for start in range(0, resamples, chunk):
        rows = slice(start, min(start + chunk, resamples))
        for values1, values2, counts in samples:
            draws = rng.multinomial(counts.sum(), counts / counts.sum(),
                                    size=rows.stop - rows.start)
            if values1 is not None:
                diffs[rows] -= _medians_from_counts(values1, draws)
            if values2 is not None:
                diffs[rows] += _medians_from_counts(values2, draws)
    diffs = diffs[~np.isnan(diffs)]
    low, high = np.percentile(diffs, [2.5, 97.5])
    return Estimate(diff, float(low), float(high))


def _medians_from_counts(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Median of each row's sample, given counts (resamples x cells) of ``values``.

    NaN values (the event never happened) are left out; a row with no events
    gives NaN.
    """
    keep = ~np.isnan(values)
    order = np.argsort(values[keep], kind="stable")
    ordered = values[keep][order]
    counts = counts[:, keep][:, order]
    cumulative = np.cumsum(counts, axis=1)
    total = cumulative[:, -1] if cumulative.shape[1] else np.zeros(len(counts), dtype=int)
    medians = np.full(len(counts), np.nan)
    has = total > 0
    if not has.any():
        return medians
    lower_rank = (total[has] - 1) // 2
    upper_rank = total[has] // 2
    lower = (cumulative[has] <= lower_rank[:, None]).sum(axis=1)
    upper = (cumulative[has] <= upper_rank[:, None]).sum(axis=1)
    medians[has] = (ordered[lower] + ordered[upper]) / 2
    return medians


def zero_width(value: np.ndarray | float, low: np.ndarray | float,
               high: np.ndarray | float) -> np.ndarray:
    """Whether each interval has no width (up to rounding): the estimate is the same in
    every resample, so it is no evidence. An interval that is NaN is not zero-width."""
    value, low, high = (np.asarray(x, dtype=float) for x in (value, low, high))
    with np.errstate(invalid="ignore"):
        width = high - low
        return ~np.isnan(width) & (width <= 1e-9 * np.maximum(1.0, np.abs(value)))


def excludes_zero(estimate: Estimate) -> bool:
    """True when the 95% interval lies wholly above or below zero."""
    return bool(estimate.low > 0 or estimate.high < 0)


def bootstrap_counts(runs: int, resamples: int = BOOTSTRAP_RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """How often each run appears in each bootstrap resample (resamples x runs).

    Drawing these once and reusing them for every estimate on the same runs
    is much faster than drawing per estimate, and keeps estimates consistent.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    return rng.multinomial(runs, np.full(runs, 1.0 / runs), size=resamples).astype(np.float32)


@lru_cache(maxsize=4)
def cached_bootstrap_counts(runs: int) -> np.ndarray:
    """:func:`bootstrap_counts` as float64, made once per process and run count: the
    matrix products of many checks then need no cast (the same numbers in every
    process, from the fixed seed). Read-only: callers share it."""
    counts = bootstrap_counts(runs).astype(np.float64)
    counts.flags.writeable = False
    return counts


def combination_of_ratios(parts: Sequence[tuple[float, np.ndarray, np.ndarray]],
                          counts: np.ndarray | None = None) -> Estimate:
    """``sum(weight * sum(num) / sum(den))`` over parts, with a 95% bootstrap interval.

    Each part is (weight, numerators, denominators), one value per run, and all
    parts are measured on the same runs (run i shares its random stream in
    every part: common random numbers). A share is a ratio with denominators
    of 1 (0 for runs outside a subgroup), a mean likewise, a rate per week of
    exposure has the exposure as denominator. The interval is a percentile
    bootstrap that resamples runs jointly for all parts (``counts`` from
    :func:`bootstrap_counts`, drawn here if not given). A resample in which
    some part has no denominator is left out; the interval is NaN when more
    than 5% of resamples are left out.
    """
    n = len(parts[0][1])
    if any(len(num) != n or len(den) != n for _, num, den in parts):
        raise ValueError("every part must have one value per run")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = float(sum(w * (np.sum(num) / np.sum(den)) for w, num, den in parts))
    if n < 2 or math.isnan(value):
        return Estimate(value, math.nan, math.nan)
    if counts is None:
        counts = bootstrap_counts(n)
    numerators = np.column_stack([num for _, num, _ in parts]).astype(np.float64)
    denominators = np.column_stack([den for _, _, den in parts]).astype(np.float64)
    weights = np.array([w for w, _, _ in parts], dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        effects = ((counts @ numerators) / (counts @ denominators)) @ weights
    kept = effects[np.isfinite(effects)]
    if len(kept) < 0.95 * len(effects):
        return Estimate(value, math.nan, math.nan)
    low, high = np.percentile(kept, [2.5, 97.5])
    return Estimate(value, float(low), float(high))


@dataclass(frozen=True)
class Estimates:
    """Many estimates at once (one per group of runs): values and 95% intervals."""

    value: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def __getitem__(self, i: int) -> Estimate:
        return Estimate(float(self.value[i]), float(self.low[i]), float(self.high[i]))


def grouped_combination_of_ratios(parts: Sequence[tuple[float, np.ndarray, np.ndarray]],
                                  groups: int, counts: np.ndarray) -> Estimates:
    """:func:`combination_of_ratios` for each of ``groups`` consecutive, equal groups of
    runs at once (the points of an exploration), with the same resamples in each.

    ``counts`` are :func:`bootstrap_counts` for the runs of one group. The rules are
    those of the single estimate: a resample in which some part has no denominator
    is left out, and a group loses its interval when more than 5% are.
    """
    weights = [w for w, _, _ in parts]
    numerators = [np.asarray(num, dtype=np.float64).reshape(groups, -1) for _, num, _ in parts]
    denominators = [np.asarray(den, dtype=np.float64).reshape(groups, -1)
                    for _, _, den in parts]
    runs = numerators[0].shape[1]
    counts = np.asarray(counts, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = sum(w * (num.sum(axis=1) / den.sum(axis=1))
                    for w, num, den in zip(weights, numerators, denominators, strict=True))
        effects = sum(w * ((counts @ num.T) / (counts @ den.T))
                      for w, num, den in zip(weights, numerators, denominators, strict=True))
    value = np.asarray(value, dtype=np.float64) + np.zeros(groups)
    finite = np.isfinite(effects)
    enough = (finite.sum(axis=0) >= 0.95 * len(effects)) & ~np.isnan(value) & (runs >= 2)
    low, high = np.full(groups, np.nan), np.full(groups, np.nan)
    if enough.any():
        kept = np.where(finite[:, enough], effects[:, enough], np.nan)
        low[enough], high[enough] = np.nanpercentile(kept, [2.5, 97.5], axis=0)
    return Estimates(value, low, high)
