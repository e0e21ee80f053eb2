"""Benchmark: writing the weekly tables, pandas against the fast writer (same bytes).

    python bench/bench_write.py            # 10,000 runs of the baseline

Times, in one process and on the same runs, (1) pandas building the long table and
writing it with ``to_csv`` (how sim wrote until now), (2) :func:`sim.ensemble.writer.long_csv`,
checks the bytes are identical, and (3) `sim run scenarios/baseline.toml --reps 10000`
end to end in a fresh process. Goals: writing at least 5x faster; the whole command
under 4 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sim
from sim.ensemble.writer import CSV_OPTIONS, long_csv

ROOT = Path(__file__).resolve().parent.parent
PART = 2000  # runs per part, as the writer does


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=10_000)
    args = parser.parse_args()
    results = sim.run(sim.load_scenario(ROOT / "scenarios/baseline.toml"), reps=args.reps,
                      seed=1, actors=False)
    print("Illustrative model; these numbers measure speed.\n")
    start = time.perf_counter()
    slow = [results.long_table(results.world, slice(s, s + PART)).to_csv(
        header=s == 0, **CSV_OPTIONS).encode() for s in range(0, args.reps, PART)]
    pandas_seconds = time.perf_counter() - start
    start = time.perf_counter()
    fast = [long_csv(results, results.world, slice(s, s + PART), s == 0)
            for s in range(0, args.reps, PART)]
    fast_seconds = time.perf_counter() - start
    assert slow == fast, "the fast writer's bytes differ from pandas'"
    size = sum(len(b) for b in fast) / 2**20
    print(f"timeseries.csv for {args.reps:,} runs ({size:.0f} MiB), identical bytes:")
    print(f"  pandas long_table + to_csv  {pandas_seconds:6.2f} s")
    print(f"  sim's long_csv              {fast_seconds:6.2f} s   "
          f"({pandas_seconds / fast_seconds:.1f}x faster)")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("sim")), "run",
                        "scenarios/baseline.toml", "--reps", str(args.reps), "--format", "csv",
                        "-q", "--out", f"{out}/r"], cwd=ROOT, check=True)
        print(f"\nsim run scenarios/baseline.toml --reps {args.reps} --format csv end to end: "
              f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
