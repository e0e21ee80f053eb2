"""Weekly state of every run, kept in preallocated arrays (weeks x runs)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: Recorded floats are stored as float32: ample for conditional projections and
#: half the memory for large ensembles.
STORE_DTYPE = np.float32


class Recorder:
    """Buffers ``{column: array of shape (weeks + 1, runs)}`` filled week by week."""

    def __init__(self, weeks: int, runs: int) -> None:
        self.weeks, self.runs = weeks, runs
        self.columns: dict[str, np.ndarray] = {}

    def record(self, week: int, values: Mapping[str, np.ndarray | float]) -> None:
        """Store one week's values (arrays over runs, or scalars shared by all runs).

        Every week must give the same names in the same order as the first.
        """
        if not self.columns:
            for name, value in values.items():
                dtype = np.int8 if np.asarray(value).dtype == np.int8 else STORE_DTYPE
                self.columns[name] = np.zeros((self.weeks + 1, self.runs), dtype)
        for column, value in zip(self.columns.values(), values.values(), strict=True):
            column[week] = value
