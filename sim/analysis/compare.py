"""Comparing scenarios: per-scenario estimates and differences against a reference.

Every number comes from the runs in the summaries. Shares get Wilson intervals,
means t intervals, and medians of event weeks their interquartile range. A
difference is always ``scenario - reference``, with a 95% interval:

- share: Newcombe's score interval (paired version when runs are paired);
- mean: paired t, or Welch's t when runs are not paired;
- median: percentile bootstrap over runs (2,000 resamples, fixed seed).

Runs are *paired* when two results share every run's random stream (same seed
and run count: `sim run` uses common random numbers), so run i of one scenario
differs from run i of the other only by the scenario. Paired intervals are then
valid and much narrower.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.stats import (
    Estimate,
    excludes_zero,
    mean_difference,
    mean_interval,
    median_difference,
    paired_share_difference,
    share_difference,
    wilson,
)
from sim.ensemble.results import PROJECTION_NOTE
from sim.ensemble.resultsets import ResultSet, compatibility_warnings, paired
from sim.model.outcomes import OUTCOME_LABELS, OUTCOMES


@dataclass(frozen=True)
class Metric:
    """A number computed from a summary: a share of runs, a median week or a mean."""

    key: str
    label: str
    statistic: str  # "share", "median" or "mean"
    values: Callable[[pd.DataFrame], np.ndarray]  # per run: bool, week (NaN = never) or float
    unit: str = ""
    digits: int = 3  # decimals a mean is shown with (in its unit)


def _outcome_is(outcome: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda s: (s["outcome"] == outcome).to_numpy()


def _column(column: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda s: s[column].to_numpy(dtype=float)


def _week(column: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda s: s[column].to_numpy(dtype=float, na_value=np.nan)


METRICS: tuple[Metric, ...] = (
    *(Metric(f"share.{o}", OUTCOME_LABELS[o], "share", _outcome_is(o)) for o in OUTCOMES),
    Metric("share.serious_talks", "reached serious talks", "share",
           lambda s: s["serious_talks_week"].notna().to_numpy()),
    Metric("weeks_to_talks", "weeks to talks", "median", _week("talks_week")),
    Metric("weeks_to_ceasefire", "weeks to cease-fire", "median", _week("ceasefire_week")),
    Metric("russia_gain_km2", "ground Russia gained", "mean", _column("russia_gain_km2"),
           unit="km2 since the start; < 0: Ukraine gained",
           digits=0),
    Metric("aid_us_eur_bn_a_year", "US military aid", "mean", _column("aid_us_eur_bn_a_year"),
           unit="EUR bn a year allocated", digits=1),
    Metric("aid_europe_eur_bn_a_year", "European military aid", "mean",
           _column("aid_europe_eur_bn_a_year"),
           unit="EUR bn a year: EU, France, UK", digits=1),
    Metric("russia_fossil_revenue_eur_bn_a_month", "Russia's fossil revenue", "mean",
           _column("russia_fossil_revenue_eur_bn_a_month"),
           unit="EUR bn a month of exports", digits=1),
    Metric("russia_shells_produced_a_month", "Russia's shell output", "mean",
           _column("russia_shells_produced_a_month"),
           unit="artillery shells a month its industry makes", digits=0),
)
METRIC_KEYS = tuple(m.key for m in METRICS)


@dataclass(frozen=True)
class MetricRow:
    """One scenario x metric: its estimate, and its difference from the reference."""

    scenario: str
    metric: str
    statistic: str
    runs: int
    n: int  # runs the estimate is over (for medians: runs where the event happened)
    value: float
    ci_low: float
    ci_high: float
    q1: float
    q3: float
    diff: float = math.nan
    diff_low: float = math.nan
    diff_high: float = math.nan
    diff_method: str = "reference"
    excludes_zero: bool = False
    digits: int = 3  # decimals a mean is shown with


def describe(summary: pd.DataFrame, scenario: str, metric: Metric) -> MetricRow:
    """One scenario's estimate of ``metric`` with its 95% interval (or IQR for medians)."""
    values = metric.values(summary)
    runs = len(values)
    nan = math.nan
    if metric.statistic == "share":
        est = wilson(int(values.sum()), runs)
        return MetricRow(scenario, metric.key, "share", runs, runs, est.value, est.low,
                         est.high, nan, nan)
    if metric.statistic == "median":
        happened = values[~np.isnan(values)]
        if len(happened) == 0:
            return MetricRow(scenario, metric.key, "median", runs, 0, nan, nan, nan, nan, nan)
        q1, median, q3 = np.percentile(happened, [25, 50, 75])
        return MetricRow(scenario, metric.key, "median", runs, len(happened), float(median),
                         nan, nan, float(q1), float(q3))
    est = mean_interval(values)
    return MetricRow(scenario, metric.key, "mean", runs, runs, est.value, est.low, est.high,
                     nan, nan, digits=metric.digits)


def difference(reference: pd.DataFrame, other: pd.DataFrame, metric: Metric,
               is_paired: bool) -> tuple[Estimate, str]:
    """``other - reference`` for ``metric`` with its 95% interval, and the method's name."""
    first, second = metric.values(reference), metric.values(other)
    if metric.statistic == "share":
        if is_paired:
            return paired_share_difference(first, second), "newcombe-paired"
        return (share_difference(int(first.sum()), len(first), int(second.sum()), len(second)),
                "newcombe")
    if metric.statistic == "median":
        method = "bootstrap-paired" if is_paired else "bootstrap"
        return median_difference(first, second, paired=is_paired), method
    return mean_difference(first, second, paired=is_paired), ("t-paired" if is_paired
                                                               else "welch")


@dataclass
class Comparison:
    """Scenarios against the first (the reference), metric by metric."""

    sets: list[ResultSet]
    rows: list[MetricRow]
    paired: list[bool]
    warnings: list[str] = field(default_factory=list)

    @property
    def reference(self) -> ResultSet:
        return self.sets[0]

    def row(self, scenario: str, metric: str) -> MetricRow:
        return next(r for r in self.rows if r.scenario == scenario and r.metric == metric)

    def frame(self) -> pd.DataFrame:
        """The tidy table: one row per scenario x metric."""
        frame = pd.DataFrame([asdict(r) for r in self.rows])
        frame.insert(1, "reference", self.reference.label)
        return frame

    def to_json(self) -> dict[str, Any]:
        """The same numbers for scripts (NaN becomes null)."""
        def clean(value: Any) -> Any:
            return None if isinstance(value, float) and math.isnan(value) else value

        return {
            "note": PROJECTION_NOTE,
            "reference": self.reference.label,
            "scenarios": [{"label": s.label, "summary": str(s.summary_path), "runs": s.reps,
                           "seed": s.seed, "weeks": s.weeks, "model_version": s.model_version,
                           "paired_with_reference": p}
                          for s, p in zip(self.sets, self.paired, strict=True)],
            "warnings": self.warnings,
            "rows": [{k: clean(v) for k, v in asdict(r).items()} for r in self.rows],
        }


def compare(sets: Sequence[ResultSet], metrics: Sequence[Metric] = METRICS) -> Comparison:
    """Estimates for every scenario and metric, and differences against ``sets[0]``."""
    reference = sets[0]
    pairing = [True] + [paired(reference, s) for s in sets[1:]]
    rows = []
    for metric in metrics:
        rows.append(describe(reference.summary, reference.label, metric))
        for result, is_paired in zip(sets[1:], pairing[1:], strict=True):
            row = describe(result.summary, result.label, metric)
            diff, method = difference(reference.summary, result.summary, metric, is_paired)
            rows.append(MetricRow(**{**asdict(row), "diff": diff.value, "diff_low": diff.low,
                                     "diff_high": diff.high, "diff_method": method,
                                     "excludes_zero": excludes_zero(diff)}))
    return Comparison(list(sets), rows, pairing, compatibility_warnings(sets))
