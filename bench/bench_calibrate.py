"""Benchmark: `sim calibrate` on the shipped space, against the same replays run one
`sim.run` per point.

    python bench/bench_calibrate.py                # 3 waves x 10,000 points x 30 runs
    python bench/bench_calibrate.py --points 2000  # a quicker look

Measured in the same process:

1. the baseline: the first wave's replays for 40 points, each point's runs as its own
   `sim.run` (a loop over points), reduced to the targets as the calibration reduces them;
2. `sim calibrate` end to end (loading, every wave, writing every file), in this process
   (``--workers 1``) and on every core (``--workers 0``).

Goal (issue "The war in its own units"): at least 3 waves of 10,000 points in under 10
minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime
import os
import tempfile
import time
from pathlib import Path

import sim
from sim.analysis.calibrate import (
    cut_after,
    fit_targets,
    prior_bounds,
    reduce_targets,
    wave_points,
)
from sim.report.commands import calibrate_command
from sim.scenarios.record import load_record
from sim.scenarios.space import load_space

ROOT = Path(__file__).resolve().parent.parent
SPACE = ROOT / "scenarios/spaces/calibration.toml"


def separate_runs(points: int) -> tuple[int, float]:
    """Each point's replays as its own `sim.run` call, reduced to the targets."""
    space = load_space(SPACE)
    # the same work as a calibration's: the replay at the stated defaults, cut after the
    # last fit target
    scenario = sim.load_scenario(space.scenario).with_values({"world.parameter_sets": "defaults"})
    dates = [scenario.start + datetime.timedelta(days=7 * w) for w in range(scenario.weeks + 1)]
    targets = fit_targets(load_record(ROOT / "record"), dates)
    scenario = cut_after(scenario, max(t.period.end for t in targets))
    dates = dates[:scenario.weeks + 1]
    values = wave_points(prior_bounds(space), points, space.seed, 1)
    start = time.perf_counter()
    for point in range(points):
        chosen = {key: float(column[point]) for key, column in values.items()}
        results = sim.run(scenario.with_values(chosen), reps=space.reps, seed=space.seed,
                          actors=False)
        reduce_targets(targets, dates, space.reps, results)
    return points * space.reps, time.perf_counter() - start


def end_to_end(points: int | None, waves: int, workers: int) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        calibrate_command(SPACE, waves=waves, points=points, out=Path(tmp) / "calibration",
                          workers=workers)
        seconds = time.perf_counter() - start
    space = load_space(SPACE, points=points)
    return waves * space.points * space.reps, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=None,
                        help="points per wave [default: the space's, 10,000]")
    parser.add_argument("--waves", type=int, default=3)
    args = parser.parse_args()
    os.chdir(ROOT)
    print("Illustrative model; these numbers measure speed.\n")
    print(f"{'what':<52} {'runs':>10} {'seconds':>8} {'runs/s':>9} {'ratio':>6}")
    runs, seconds = separate_runs(40)
    base = runs / seconds
    print(f"{'baseline: one sim.run per point (40 points)':<52} {runs:>10,} {seconds:>8.1f} "
          f"{base:>9,.0f} {1.0:>6.1f}")
    for workers, label in ((1, "this process"), (0, "every core")):
        runs, seconds = end_to_end(args.points, args.waves, workers)
        rate = runs / seconds
        print(f"{f'sim calibrate, {args.waves} waves, {label}':<52} {runs:>10,} "
              f"{seconds:>8.1f} {rate:>9,.0f} {rate / base:>6.1f}")


if __name__ == "__main__":
    main()
