"""Benchmark: writing the weekly tables, pandas against the fast writer (same bytes).

    python bench/bench_write.py            # 10,000 runs of the baseline

Times, in one process and on the same runs, (1) pandas building the long table and
writing it with ``to_csv`` (how sim wrote until now), (2) :func:`sim.ensemble.writer.long_csv`,
checks the bytes are identical, (3) the same runs' weekly table as Parquet with Arrow's
default writer (every column dictionary-encoded) against sim's (no dictionary for the
float columns: :mod:`sim.ensemble.parquet_format`), the best of three each, checking they
read back as the same table, and (4) `sim run scenarios/baseline.toml --reps 10000`
end to end in a fresh process. Goals: writing at least 5x faster; the whole command
under 4 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sim
from sim.ensemble.parquet_format import parquet_writer
from sim.ensemble.writer import CSV_OPTIONS, PART_RUNS, long_arrow, long_csv

ROOT = Path(__file__).resolve().parent.parent
PART = 2000  # runs per part of the CSV, as the writer did


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
    parquet(results, args.reps)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("sim")), "run",
                        "scenarios/baseline.toml", "--reps", str(args.reps), "--format", "csv",
                        "-q", "--out", f"{out}/r"], cwd=ROOT, check=True)
        print(f"\nsim run scenarios/baseline.toml --reps {args.reps} --format csv end to end: "
              f"{time.perf_counter() - start:.2f} s")


def _write_parquet(tables: list, sims_encoding: bool) -> tuple[float, bytes]:
    import pyarrow.parquet as pq

    best, data = float("inf"), b""
    for _ in range(3):
        buffer = io.BytesIO()
        start = time.perf_counter()
        writer = (parquet_writer(buffer, tables[0].schema) if sims_encoding
                  else pq.ParquetWriter(buffer, tables[0].schema))
        for table in tables:
            writer.write_table(table)
        writer.close()
        best, data = min(best, time.perf_counter() - start), buffer.getvalue()
    return best, data


def parquet(results, reps: int) -> None:
    """The weekly table as Parquet: Arrow's default encoding against sim's."""
    import pyarrow.parquet as pq

    tables = [long_arrow(results, results.world, slice(s, s + PART_RUNS))
              for s in range(0, reps, PART_RUNS)]  # a row group per part, as the writer does
    default_seconds, default_bytes = _write_parquet(tables, sims_encoding=False)
    sims_seconds, sims_bytes = _write_parquet(tables, sims_encoding=True)
    same = pq.read_table(io.BytesIO(default_bytes)).equals(pq.read_table(io.BytesIO(sims_bytes)))
    assert same, "the two Parquet files read back differently"
    print(f"timeseries.parquet for {reps:,} runs (from the Arrow tables; the same table read "
          "back):")
    for label, seconds, data in (("Arrow's default encoding", default_seconds, default_bytes),
                                 ("sim's: no float dictionary", sims_seconds, sims_bytes)):
        print(f"  {label:27s} {seconds:6.2f} s   {len(data) / 2**20:6.1f} MiB")
    print(f"  ({default_seconds / sims_seconds:.1f}x faster, "
          f"{len(sims_bytes) / len(default_bytes):.0%} of the size)")


if __name__ == "__main__":
    main()
