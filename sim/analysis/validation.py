"""The held-out year: the model's 2025 predictions, and how they meet the record.

A prediction is made before the comparison and committed (``sim predict`` writes
validation/predictions.csv and a manifest with its sha256); ``sim validate`` refuses a
predictions file whose digest is not its manifest's, then scores each prediction against
the record's ``validate`` target:

- **coverage**: whether the observation lies in the runs' 90% interval (5th-95th
  percentile), and the interval's **width**;
- the **interval score** of that interval (Gneiting & Raftery 2007, eq. 43, alpha = 0.1):
  ``(high - low) + 20 (low - y)+ + 20 (y - high)+``; lower is better. It rewards a narrow
  interval and punishes one that misses;
- the same score for two **naive forecasts** made from the record's fit targets alone (a
  point forecast scores ``20 |y - forecast|``): *2024 repeated* (the last fit year's
  change continues) and *2023-24 trend* (it changes again by as much as it did from 2023
  to 2024). :func:`naive_forecasts` says how each quantity's are made. A point forecast
  pays for its miss alone, so a wide interval that covers can beat it: the point errors
  of the runs' median and of the naive forecasts are reported beside the scores.

The prediction of a 2025 quantity joins each run's replay up to the essay's date (what
actors did, as the record has it) to its baseline scenario after it (the model's own
actors, under the record's 2025 policies): run *i* of both is the same run (the
baseline's week 0 is the replay's week 140).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sim.analysis.replay import PRODUCED, simulated
from sim.scenarios.record import FIT_UNTIL, Observation, Record, Role

#: The intervals scored: 90% (the 5th to the 95th percentile of the runs).
ALPHA = 0.1
#: Percentiles of the runs a prediction keeps.
PERCENTILES = (5.0, 50.0, 95.0)
#: A period length counts as the same as another's within this many days.
_SAME_LENGTH_DAYS = 5


@dataclass(frozen=True)
class Prediction:
    """The runs' prediction of one validate target."""

    target: str
    runs: int
    mean: float
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class Scored:
    """One prediction against the record, with the naive forecasts' scores."""

    prediction: Prediction
    observed: float
    unit: str
    naive: Mapping[str, float]  # forecast name -> value

    @property
    def covered(self) -> bool:
        return self.prediction.low <= self.observed <= self.prediction.high

    @property
    def width(self) -> float:
        return self.prediction.high - self.prediction.low

    @property
    def score(self) -> float:
        return interval_score(self.prediction.low, self.prediction.high, self.observed)

    def naive_score(self, name: str) -> float:
        value = self.naive[name]
        return interval_score(value, value, self.observed)

    @property
    def error(self) -> float:
        """The point error of the runs' median (the score of a point forecast, unscaled)."""
        return abs(self.prediction.median - self.observed)

    def naive_error(self, name: str) -> float:
        return abs(self.naive[name] - self.observed)


def predictable(record: Record, dates: Sequence[datetime.date]) -> list[Observation]:
    """The validate targets the model produces whose period the dates cover."""
    return [t for t in record.with_role(Role.VALIDATE) if t.quantity.name in PRODUCED
            and t.period.start - datetime.timedelta(days=1) >= dates[0]
            and t.period.end <= dates[-1]]


def predictions(record: Record, weekly: Mapping[str, np.ndarray],
                dates: Sequence[datetime.date]) -> list[Prediction]:
    """Each predictable target's runs: mean and 5/50/95th percentiles."""
    found = []
    for target in predictable(record, dates):
        values = simulated(target, weekly, dates)
        low, median, high = (float(v) for v in np.percentile(values, PERCENTILES))
        found.append(Prediction(target.id, len(values), float(values.mean()), low, median,
                                high))
    return found


def interval_score(low: float, high: float, observed: float, alpha: float = ALPHA) -> float:
    """Gneiting & Raftery's (2007) interval score of a central (1 - alpha) interval."""
    below = max(0.0, low - observed)
    above = max(0.0, observed - high)
    return (high - low) + (2.0 / alpha) * (below + above)


def _days(target: Observation) -> int:
    return (target.period.end - target.period.start).days + 1


def _fit_series(record: Record, target: Observation) -> list[Observation]:
    """The fit targets of the same quantity over periods as long, oldest first."""
    return sorted((t for t in record.with_role(Role.FIT)
                   if t.quantity.name == target.quantity.name
                   and abs(_days(t) - _days(target)) <= _SAME_LENGTH_DAYS),
                  key=lambda t: t.period.end)


def _months(day: datetime.date) -> int:
    return day.year * 12 + day.month


def _change_forecasts(series: Sequence[Observation], target: Observation) -> dict[str, float]:
    """A total over a period (ground, revenue): the last fit value again, and the last
    plus its change from the one before, per as many months again (a straight line
    through both, by the months their periods end in)."""
    last, before = series[-1], series[-2]
    spacing = _months(last.period.end) - _months(before.period.end)
    ahead = (_months(target.period.end) - _months(last.period.end)) / spacing
    return {"2024 repeated": last.value,
            "2023-24 trend": last.value + (last.value - before.value) * ahead}


def _level_forecasts(record: Record, target: Observation) -> dict[str, float]:
    """A level at a date (the territory held): the last recorded level (the replay's
    start) plus the fit years' gains to the end of 2024, then 2024's gain a year
    (repeated) or 2024's gain grown by its change from 2023 (trend)."""
    start = max((o for o in record.inputs if o.quantity.name == f"{target.quantity.name}_initial"),
                key=lambda o: o.period.end)
    years = sorted((t for t in record.with_role(Role.FIT) if t.quantity.name == "russia_gain_km2"
                    and _days(t) >= 365 and t.period.start > start.period.end
                    - datetime.timedelta(days=60)), key=lambda t: t.period.end)
    at_fit_end = start.value + sum(t.value for t in years)
    ahead = (target.period.end - FIT_UNTIL).days / 365.25
    last, before = years[-1].value, years[-2].value
    return {"2024 repeated": at_fit_end + last * ahead,
            "2023-24 trend": at_fit_end + (2 * last - before) * ahead}


def naive_forecasts(record: Record, target: Observation) -> dict[str, float]:
    """The two naive forecasts of a validate target, from the record's fit targets only:
    for a total over a period, the fit values of the same quantity and period length; for
    the territory held, the replay's starting level and the fit years' gains."""
    if target.quantity.name == "russia_held_km2":
        return _level_forecasts(record, target)
    return _change_forecasts(_fit_series(record, target), target)


def score(record: Record, found: Sequence[Prediction]) -> list[Scored]:
    """Each prediction against its target's observation, with the naive forecasts."""
    targets = {t.id: t for t in record.targets}
    return [Scored(p, targets[p.target].value, targets[p.target].unit,
                   naive_forecasts(record, targets[p.target])) for p in found]
