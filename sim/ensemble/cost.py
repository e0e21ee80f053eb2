"""How long work takes in one process, estimated before it starts: it decides whether
starting local worker processes pays (:func:`sim.ensemble.executors.open_executor`).

Seconds per run per week, measured with bench/bench_write.py and bench/bench_explore.py
on the machine behind docs/performance.md; only their order of magnitude matters here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Simulating one run for one week: one scenario's ensemble (`sim run`, `sim claims`),
#: or many points' runs batched in one model (`sim explore`).
SIMULATE = 0.4e-6
SIMULATE_BATCHED = 0.3e-6
#: Writing one run-week of the weekly CSV, and of the actors table on top of it.
WRITE_CSV = 1.2e-6
WRITE_ACTORS = 3.6e-6
#: Analysis after an exploration: per point, for each sensitivity measure's indices and
#: for each PRIM box.
INDICES_PER_POINT = 1.4e-3
BOX_PER_POINT = 1e-3


@dataclass(frozen=True)
class Work:
    """What a command will do, in run-weeks (and seconds of analysis)."""

    run_weeks: float = 0.0
    batched: bool = False
    written_weeks: float = 0.0
    actor_weeks: float = 0.0
    analysis_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """About how long it takes in this process."""
        simulate = SIMULATE_BATCHED if self.batched else SIMULATE
        return (self.run_weeks * simulate + self.written_weeks * WRITE_CSV
                + self.actor_weeks * WRITE_ACTORS + self.analysis_seconds)
