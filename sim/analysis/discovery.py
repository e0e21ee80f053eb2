"""Scenario discovery with PRIM (EMA Workbench): where in the space an outcome happens.

PRIM (Friedman and Fisher 1999; Bryant and Lempert 2010) peels the space one thin
slice at a time, keeping the part where the outcome of interest is densest. Each
step of the peeling trajectory is a box with

- **coverage**: the share of all the points where the outcome happens that lie in
  the box (how much of the story the box tells);
- **density**: the share of the points in the box where it happens (how pure the
  box is);
- **mass**: the share of all points in the box.

Peeling trades coverage for density; we report the densest box that still covers at
least half of the cases (:data:`MIN_COVERAGE`), without the restrictions that are not
significant (quasi-p above :data:`MAX_QUASI_P`), and the whole trajectory for a reader
who prefers another trade-off.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis.measures import MEASURES
from sim.ensemble.helper import Preload
from sim.errors import SimError, argument
from sim.scenarios.space import Space
from sim.scenarios.values import did_you_mean

#: The box reported is the densest whose coverage is at least this...
MIN_COVERAGE = 0.5
#: ...without the restrictions whose quasi-p value (Bryant and Lempert 2010: could the
#: restriction's gain in density be chance?) is above this.
MAX_QUASI_P = 0.05
_TARGET = re.compile(r"^\s*([a-z_]+)\s*(>|<)\s*(median|[-+0-9.eE]+)\s*$")


@dataclass(frozen=True)
class Target:
    """An outcome of interest at each point: a measure above or below a threshold."""

    measure: str
    op: str  # ">" or "<"
    threshold: str  # "median" or a number, as written

    @property
    def text(self) -> str:
        return f"{self.measure} {self.op} {self.threshold}"

    def cases(self, y: np.ndarray) -> tuple[np.ndarray, float]:
        """Which points are cases of interest, and the threshold used."""
        y = np.asarray(y, dtype=float)
        threshold = float(np.nanmedian(y)) if self.threshold == "median" else float(self.threshold)
        with np.errstate(invalid="ignore"):
            return (y > threshold if self.op == ">" else y < threshold), threshold


def parse_target(text: str) -> Target:
    """``measure > median``, ``agreement < 0.2``, ... (``--find``); a SimError if not."""
    match = _TARGET.match(text)
    if not match:
        raise SimError(f'{argument("find")} "{text}": write a measure, > or <, and a number or '
                       '"median", e.g. "ceasefire_reached > median" or "agreement < 0.2"')
    measure, op, threshold = match.groups()
    if measure not in MEASURES:
        raise SimError(f'{argument("find")} "{text}": unknown measure "{measure}"'
                       f"{did_you_mean(measure, MEASURES)}; measures: {', '.join(MEASURES)}")
    return Target(measure, op, threshold)


@dataclass(frozen=True)
class Box:
    """Where an outcome happens: the restricted parameters' limits and the box's quality."""

    target: str
    cases: int
    points: int
    coverage: float = float("nan")
    density: float = float("nan")
    mass: float = float("nan")
    limits: dict[str, tuple] = field(default_factory=dict)  # key -> (low, high) or choices
    trajectory: pd.DataFrame | None = None  # coverage, density, mass, res_dim per step
    chosen: int = -1  # the step of the trajectory chosen before weak limits were dropped
    note: str = ""  # why there is no box
    dropped: tuple[str, ...] = ()  # restrictions dropped as not significant
    quasi_p: dict[str, float] = field(default_factory=dict)  # per restricted parameter
    claim: str | None = None  # the claim whose "not supported" this box describes

    @property
    def base_rate(self) -> float:
        return self.cases / self.points if self.points else float("nan")


def points_frame(space: Space, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """The sampled values as PRIM's input: numbers as floats, choices as categories."""
    frame = {}
    for u in space.uncertain:
        column = values[u.key]
        if u.is_choice:
            frame[u.key] = pd.Categorical([str(v).lower() if isinstance(v, bool | np.bool_)
                                           else str(v) for v in column])
        else:  # integers too: EMA Workbench's pasting cannot widen an int64 box limit
            frame[u.key] = np.asarray(column, dtype=np.float64)
    return pd.DataFrame(frame)


#: PRIM's module, for a helper to import while the points are simulated (imported only
#: when a box is wanted). Its packages' initializers only import the rest of EMA
#: Workbench, which :func:`find_box` does not use: the helper skips them (2.5 s -> 0.9 s).
PRIM_PRELOAD = Preload("ema_workbench.analysis.prim",
                       bare=("ema_workbench", "ema_workbench.analysis",
                             "ema_workbench.em_framework"))


def find_box(x: pd.DataFrame, cases: np.ndarray, target: str) -> Box:
    """PRIM's first box for ``cases`` (bool per point), or a Box with a note when the
    outcome never or always happens (nothing to discover)."""
    cases = np.asarray(cases, dtype=bool)
    n, k = len(cases), int(cases.sum())
    if k == 0:
        return Box(target, k, n, note="never happens in the space")
    if k == n:
        return Box(target, k, n, note="happens everywhere in the space")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas notices inside the library
        finder = prim.Prim(x, cases.astype(int))
        box = finder.find_box()
        trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
        eligible = trajectory[trajectory["coverage"] >= MIN_COVERAGE]
        chosen = int(eligible.sort_values(["density", "res_dim"], ascending=[False, True],
                                          kind="stable").index[0])
        box.select(chosen)
        weak = [dim for dim, sides in box.p_values[chosen].items()
                if min((p for p in sides if p >= 0), default=1.0) > MAX_QUASI_P]
        for dim in weak:  # each drop re-evaluates the box without that restriction
            box.drop_restriction(dim)
        final = box.peeling_trajectory.iloc[-1]
        quasi_p = {dim: min((p for p in sides if p >= 0), default=float("nan"))
                   for dim, sides in box.p_values[-1].items()}
    limits = _restricted(box.box_lims[-1], finder.box_init, x)
    if not limits:
        return Box(target, k, n, trajectory=trajectory.reset_index(drop=True), dropped=tuple(weak),
                   note="no box restricts a parameter significantly (quasi-p <= "
                        f"{MAX_QUASI_P}); more points may find one")
    return Box(target, k, n, float(final["coverage"]), float(final["density"]),
               float(final["mass"]), limits, trajectory.reset_index(drop=True), chosen,
               dropped=tuple(weak), quasi_p={d: float(quasi_p[d]) for d in limits})


def _restricted(limits: pd.DataFrame, initial: pd.DataFrame, x: pd.DataFrame) -> dict[str, tuple]:
    """The parameters a box restricts, with their limits (in the space's column order)."""
    found: dict[str, tuple] = {}
    for column in x.columns:
        low, high = limits[column].iloc[0], limits[column].iloc[1]
        if isinstance(low, set):
            if low != initial[column].iloc[0]:
                found[column] = tuple(sorted(low))
        elif (low, high) != (initial[column].iloc[0], initial[column].iloc[1]):
            found[column] = (float(low), float(high))
    return found
