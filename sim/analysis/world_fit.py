"""Does a world fit the record? A world (a scenario's assumptions about how the war
works, and the parameter sets its runs take) is held against the record's 2023-24 fit
targets by replaying the record under it: the same replay its runs would start from
(:func:`sim.scenarios.branch.prelude`), read as `sim record --against` reads a replay.

A verdict reached in a world that cannot reproduce 2023-24 speaks of a war that did not
happen: `sim claims` says, beside its verdicts, whether theirs does. A world fits when
every fit target's implausibility is at most 3 (the calibration's cutoff,
:data:`sim.analysis.replay.CUTOFF`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.analysis.replay import COLUMNS, CUTOFF, Status, TargetCheck, check_targets
from sim.scenarios.branch import prelude
from sim.scenarios.record import Record
from sim.scenarios.scenario import Scenario

#: Runs of the replay a world's fit is read from (the targets' means are then within
#: about a tenth of their runs' spread).
FIT_REPS = 200


@dataclass(frozen=True)
class WorldFit:
    """One world's replay against the record's fit targets."""

    runs: int
    checks: tuple[TargetCheck, ...]
    parameter_sets: str  # what the world's runs took: plausible, central or defaults

    @property
    def compared(self) -> list[TargetCheck]:
        return [c for c in self.checks if c.status is Status.COMPARED]

    @property
    def fits(self) -> bool:
        """Whether every fit target is within the implausibility cutoff."""
        return all(c.implausibility <= CUTOFF for c in self.compared)

    @property
    def worst(self) -> TargetCheck:
        return max(self.compared, key=lambda c: c.implausibility)

    def summary(self) -> str:
        """One line: whether it fits, and its largest implausibility."""
        compared, worst = self.compared, self.worst
        within = sum(c.implausibility <= CUTOFF for c in compared)
        verdict = "fits" if self.fits else "does not fit"
        taken = {"plausible": "on the calibration's plausible sets",
                 "central": "at the calibration's central set"}.get(
                     self.parameter_sets, "at the stated defaults")
        return (f"{verdict} 2023-24 ({within} of {len(compared)} fit targets with I <= "
                f"{CUTOFF:g}; the largest I {worst.implausibility:.2f}, {worst.target.id}; "
                f"{self.runs:,} replays {taken})")

    def to_dict(self) -> dict:
        return {"fits": self.fits, "runs": self.runs, "parameter_sets": self.parameter_sets,
                "largest_implausibility": self.worst.implausibility,
                "largest_at": self.worst.target.id,
                "implausibility": {c.target.id: c.implausibility for c in self.compared}}


def world_replay(world: Scenario) -> Scenario:
    """The record's replay under ``world``'s assumptions and parameter sets: what its runs
    start from (or would, from the replayed start)."""
    return prelude(world)


def fit_of(replay: Scenario, world: Mapping[str, np.ndarray], record: Record) -> WorldFit:
    """The fit of a world from its replay's runs (``world``: the weekly columns)."""
    dates = [replay.start + datetime.timedelta(days=7 * w) for w in range(replay.weeks + 1)]
    weekly = {name: world[name].astype(np.float64) for name in COLUMNS}
    checks = check_targets(record, weekly, dates)
    runs = next(iter(weekly.values())).shape[1]
    return WorldFit(runs, tuple(checks), str(replay.params["world.parameter_sets"]))
