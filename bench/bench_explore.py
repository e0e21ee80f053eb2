"""Benchmark: `sim explore` end to end, against the same runs as separate `sim.run` calls.

    python bench/bench_explore.py                 # the shipped space, 256 points x 200 runs
    python bench/bench_explore.py --claims        # also the claims at default size

Three numbers, measured in the same process:

1. the exploration's runs done as one `sim.run` per point (each point a small ensemble,
   what a loop over points would do): the baseline;
2. `explore()` (the batched model plus per-point measures and the analysis);
3. `sim explore` end to end: loading, simulating, analysing, writing every file.

Goals on a 2-core machine: at least 30,000 runs/s end to end, and the shipped space
with --claims at its default size in under 5 minutes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sim
from sim.analysis.claims import load_claims
from sim.analysis.explore import prepare
from sim.report.commands import explore_space
from sim.report.studies import explore
from sim.scenarios.space import load_space

ROOT = Path(__file__).resolve().parent.parent
SPACE = ROOT / "scenarios/spaces/open_assumptions.toml"


def separate_runs(space_path: Path, points: int, reps: int) -> tuple[int, float]:
    """Each point's runs as its own `sim.run` call (only the first ``points`` points)."""
    space = load_space(space_path, reps=reps)
    prepared = prepare(space)
    scenario = prepared.scenario
    start = time.perf_counter()
    for point in range(points):
        values = {key: column[point].item() for key, column in prepared.sample.values.items()}
        sim.run(scenario.with_values(values), reps=reps, seed=space.seed, actors=False).summary
    return points * reps, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", action="store_true", help="also time --claims")
    parser.add_argument("--reps", type=int, default=None,
                        help="runs per point [default: the space's]")
    args = parser.parse_args()
    import os

    os.chdir(ROOT)
    print("Illustrative model; these numbers measure speed.\n")
    print(f"{'what':<58} {'runs':>10} {'seconds':>8} {'runs/s':>9}")
    reps = load_space(SPACE, reps=args.reps).reps
    runs, seconds = separate_runs(SPACE, 32, reps)
    base_rate = runs / seconds
    print(f"{'one sim.run per point (32 points, the baseline)':<58} {runs:>10,} "
          f"{seconds:>8.2f} {base_rate:>9,.0f}")
    space = load_space(SPACE, reps=reps)
    start = time.perf_counter()
    exploration = explore(space)
    seconds = time.perf_counter() - start
    label = f"explore(): {exploration.sample.points} points, batched, with analysis"
    print(f"{label:<58} {exploration.runs:>10,} {seconds:>8.2f} "
          f"{exploration.runs / seconds:>9,.0f}   ({exploration.runs / seconds / base_rate:.1f}x)")
    print(f"{'  of which simulating the points':<58} {exploration.runs:>10,} "
          f"{exploration.seconds:>8.2f} {exploration.runs / exploration.seconds:>9,.0f}")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        exploration, _ = explore_space(SPACE, reps=reps, out=Path(out) / "e")
        seconds = time.perf_counter() - start
        rate = exploration.runs / seconds
        print(f"{'sim explore end to end (writes every file)':<58} {exploration.runs:>10,} "
              f"{seconds:>8.2f} {rate:>9,.0f}   ({rate / base_rate:.1f}x)")
        if args.claims:
            claims = load_claims([ROOT / "claims"])
            start = time.perf_counter()
            exploration, _ = explore_space(SPACE, reps=reps, claims=True, out=Path(out) / "c")
            seconds = time.perf_counter() - start
            label = (f"sim explore --claims, default size ({len(claims)} claims, "
                     f"{exploration.scenarios} scenarios)")
            print(f"{label:<58} {exploration.runs:>10,} {seconds:>8.2f} "
                  f"{exploration.runs / seconds:>9,.0f}")


if __name__ == "__main__":
    main()
