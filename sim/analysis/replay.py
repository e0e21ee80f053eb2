"""How runs of the replay compare with the record's targets: each target's simulated
spread, whether it covers the observation, and its implausibility.

A target names a quantity over a period (docs/record.md). From the weekly table of a
run that covers the period, the model's value is read on the calendar: the territory
Russia holds is interpolated between weekly rows (a period's gain is the difference
between its last day and the day before its first), and a weekly amount (fossil revenue)
accrues evenly over the seven days up to its row. Quantities the model does not produce
yet (losses, recruits, shells, the days a package took) are listed as such, never
guessed.

The implausibility of a target (Bower, Goldstein & Vernon 2010; Andrianakis et al. 2015)
is ``|mean of the runs - observed| / sqrt(observation sd^2 + discrepancy sd^2 + the runs'
variance x (1 + 1/runs))``: the runs' variance is the model's own stochasticity (the record
is one realisation), and its share over the number of runs is the uncertainty of their
mean. Above 3 (Pukelsheim's three-sigma rule) the model at these parameters is
implausible for that target.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from sim.scenarios.record import Observation, Record, Role

#: Pukelsheim's three-sigma rule: a cutoff for implausibility.
CUTOFF = 3.0
#: The observation interval's half-width, in observation standard deviations (about 95%).
INTERVAL_SDS = 2.0
#: The weekly columns the replayable quantities are read from.
COLUMNS = ("russia_held_km2", "russia_fossil_revenue_eur_bn", "russia_shells_produced")
#: The weekly amounts a period's total accrues (each row: the seven days up to its date).
ACCRUED = ("russia_fossil_revenue_eur_bn", "russia_shells_produced")
#: The record's quantities the model produces (the rest it does not, yet).
PRODUCED = ("russia_held_km2", "russia_gain_km2", "russia_gain_km2_monthly_sd", *ACCRUED)


class Status(StrEnum):
    """What a target's check could say."""

    COMPARED = "compared"
    NOT_PRODUCED = "not produced by the model yet"
    OUTSIDE = "outside the runs' dates"
    HELD_OUT = "held out (2025)"


@dataclass(frozen=True)
class TargetCheck:
    """One target against the runs."""

    target: Observation
    status: Status
    runs: int = 0
    mean: float = math.nan
    low: float = math.nan     # 5th percentile of the runs
    median: float = math.nan
    high: float = math.nan    # 95th percentile
    sd: float = math.nan      # the runs' standard deviation
    inside: float = math.nan  # share of runs inside the observation interval

    @property
    def covered(self) -> bool:
        """Whether the observation lies within the runs' 90% interval."""
        return self.low <= self.target.value <= self.high

    @property
    def implausibility(self) -> float:
        t = self.target
        variance = ((t.uncertainty or 0.0) ** 2 + (t.discrepancy or 0.0) ** 2
                    + self.sd ** 2 * (1.0 + 1.0 / max(self.runs, 1)))
        return abs(self.mean - t.value) / math.sqrt(variance) if variance > 0 else math.inf


def _days(dates: Sequence[datetime.date]) -> np.ndarray:
    return np.array([d.toordinal() for d in dates], dtype=float)


def _level(values: np.ndarray, days: np.ndarray, day: datetime.date) -> np.ndarray:
    """Each run's value on ``day``, interpolated between weekly rows (weeks+1 x runs)."""
    x = float(day.toordinal())
    i = int(np.clip(np.searchsorted(days, x) - 1, 0, len(days) - 2))
    share = (x - days[i]) / (days[i + 1] - days[i])
    return values[i] + share * (values[i + 1] - values[i])


def _accrued(weekly: np.ndarray, days: np.ndarray, first: datetime.date,
             last: datetime.date) -> np.ndarray:
    """Each run's total of a weekly amount over the days ``first``..``last`` (row *w*
    accrues over the seven days up to its date)."""
    cumulative = np.vstack([np.zeros(weekly.shape[1]), np.cumsum(weekly[1:], axis=0)])
    end = _level(cumulative, days, last)
    start = _level(cumulative, days, first - datetime.timedelta(days=1))
    return end - start


def _gain(held: np.ndarray, days: np.ndarray, first: datetime.date,
          last: datetime.date) -> np.ndarray:
    """Each run's gain over the days ``first``..``last`` (held at the end less the day
    before)."""
    return _level(held, days, last) - _level(held, days, first - datetime.timedelta(days=1))


def calendar_months(first: datetime.date, last: datetime.date
                    ) -> list[tuple[datetime.date, datetime.date]]:
    """The calendar months from ``first``'s to ``last``'s, each as its first and last day
    (clipped to the period)."""
    months, start = [], first
    while start <= last:
        following = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        months.append((start, min(following - datetime.timedelta(days=1), last)))
        start = following
    return months


def _monthly_sd(held: np.ndarray, days: np.ndarray, first: datetime.date,
                last: datetime.date) -> np.ndarray:
    """Each run's standard deviation (n - 1) of its gains over the period's calendar
    months: the front's month-to-month variability, read as the record reads it."""
    gains = np.array([_gain(held, days, a, b) for a, b in calendar_months(first, last)])
    return gains.std(axis=0, ddof=1)


def simulated(target: Observation, weekly: Mapping[str, np.ndarray],
              dates: Sequence[datetime.date]) -> np.ndarray:
    """The target's quantity (one of :data:`PRODUCED`) in each run."""
    period, days, name = target.period, _days(dates), target.quantity.name
    assert period is not None and name in PRODUCED
    if name == "russia_held_km2":
        return _level(weekly["russia_held_km2"], days, period.end)
    if name == "russia_gain_km2":
        return _gain(weekly["russia_held_km2"], days, period.start, period.end)
    if name == "russia_gain_km2_monthly_sd":
        return _monthly_sd(weekly["russia_held_km2"], days, period.start, period.end)
    return _accrued(weekly[name], days, period.start, period.end)


def check_target(target: Observation, weekly: Mapping[str, np.ndarray],
                 dates: Sequence[datetime.date]) -> TargetCheck:
    """One target against the runs (weekly arrays: weeks+1 x runs, rows on ``dates``)."""
    if target.role is Role.VALIDATE:
        return TargetCheck(target, Status.HELD_OUT)
    if target.quantity.name not in PRODUCED:
        return TargetCheck(target, Status.NOT_PRODUCED)
    period = target.period
    assert period is not None
    if period.start - datetime.timedelta(days=1) < dates[0] or period.end > dates[-1]:
        return TargetCheck(target, Status.OUTSIDE)
    values = simulated(target, weekly, dates)
    low, median, high = np.percentile(values, [5, 50, 95])
    half = INTERVAL_SDS * (target.uncertainty or 0.0)
    inside = float(np.mean(np.abs(values - target.value) <= half))
    return TargetCheck(target, Status.COMPARED, len(values), float(values.mean()), float(low),
                       float(median), float(high), float(values.std(ddof=1)) if len(values) > 1
                       else 0.0, inside)


def check_targets(record: Record, weekly: Mapping[str, np.ndarray],
                  dates: Sequence[datetime.date]) -> list[TargetCheck]:
    """Every fit and validate target against the runs (base rates are checked by their own
    runs, not the replay)."""
    return [check_target(t, weekly, dates) for t in record.targets if t.role is not Role.PATTERN]
