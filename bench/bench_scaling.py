"""Benchmark: how the work scales over worker processes (Dask), on this machine.

    python bench/bench_scaling.py             # about six minutes on 2 cores
    python bench/bench_scaling.py --run-only  # the sim run table alone

Prints, all measured in this run:

1. the speed-up of `sim explore` (the shipped space with claims) and `sim claims`
   (1,000 and 5,000 runs per arm) with 2 local workers against 1 (in this process),
   end to end and for the work alone (without starting the cluster);
2. the per-chunk overhead of the Dask path against in-process for chunks of `sim run`
   (whose formatted files travel back) and for an exploration's tasks (whose results
   are a few numbers per point), by size, and the smallest size where it is under 5%;
3. an estimate (on paper, from the measured costs) of a 100-worker cluster;
4. `sim run` end to end at 1 to 100,000 runs on 1 and 2 workers and with the default
   choice (no --workers), and on 100 workers on paper (the default's own cost model).

Goal on this 2-core machine: at least 1.7x with 2 workers.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sim.analysis.claims import load_claims
from sim.analysis.explore import prepare
from sim.ensemble.executors import open_executor
from sim.ensemble.jobs import ChunkSpec, simulate_chunk
from sim.report.studies import evaluate, explore
from sim.scenarios.loading import load_scenario
from sim.scenarios.space import load_space

ROOT = Path(__file__).resolve().parent.parent
SPACE = ROOT / "scenarios/spaces/open_assumptions.toml"
CHUNK_SIZES = (50, 100, 250, 500, 1000, 2500, 5000)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def speedups() -> None:
    claims = load_claims([ROOT / "claims"])
    space = load_space(SPACE)
    prepared = prepare(space, claims)
    jobs = {
        "sim explore (shipped space, --claims)":
            lambda ex: explore(space, claims, prepared=prepared, executor=ex),
        "sim claims (1,000 runs per arm)": lambda ex: evaluate(claims, 1000, executor=ex),
        "sim claims (5,000 runs per arm)": lambda ex: evaluate(claims, 5000, executor=ex),
    }
    print(f"{'work':<40} {'1 worker':>9} {'2 workers':>10} {'speed-up':>9} "
          f"{'with start-up':>14}")
    for label, job in jobs.items():
        with open_executor(1) as executor:
            alone = timed(lambda: job(executor))  # noqa: B023
        start = time.perf_counter()
        with open_executor(2) as executor:
            started = time.perf_counter() - start
            spread = timed(lambda: job(executor))  # noqa: B023
        total = time.perf_counter() - start
        print(f"{label:<40} {alone:>8.1f}s {spread:>9.1f}s {alone / spread:>8.2f}x "
              f"{alone / total:>13.2f}x   (cluster start and close {total - spread:.1f} s"
              f", of which start {started:.1f} s)")


def chunk_overhead() -> tuple[float, float]:
    """Per-chunk cost in-process and through one Dask worker; returns the per-task
    overhead (s) and the in-process cost per run (s) at the largest size."""
    scenario = load_scenario(ROOT / "scenarios/baseline.toml")
    print(f"\n{'chunk (runs)':>12} {'in-process':>11} {'via Dask':>9} {'overhead':>9}")
    overheads, per_run = [], 0.0
    with open_executor(workers=1) as _, open_executor(workers=2) as executor:
        client = executor.client
        for size in CHUNK_SIZES:
            spec = ChunkSpec(scenario, 1, size, 0, size, False, "csv")
            simulate_chunk(spec)
            local = statistics.median(timed(lambda: simulate_chunk(spec))  # noqa: B023
                                      for _ in range(5))
            client.submit(simulate_chunk, spec, pure=False).result()
            remote = statistics.median(
                timed(lambda: client.submit(simulate_chunk, spec,  # noqa: B023
                                            pure=False).result())
                for _ in range(5))
            overheads.append((size, remote - local, (remote - local) / local))
            per_run = local / size
            print(f"{size:>12,} {local:>10.3f}s {remote:>8.3f}s {100 * (remote / local - 1):>8.1f}%")
    under = next((size for size, _, share in overheads if share < 0.05), None)
    print(f"overhead under 5% from chunks of {under:,} runs" if under else
          "overhead never under 5% at these sizes")
    small = [extra for size, extra, _ in overheads if size <= 250]
    return statistics.median(small), per_run


def task_overhead() -> float:
    """Per-task overhead of an exploration's tasks (a scenario's runs at a piece's points,
    whose result is a few per-point numbers), by task size; returns the smallest task
    (runs) where it is under 5%."""
    from sim.analysis.explore import piece_work
    from sim.analysis.points import SPACE_JOB
    from sim.ensemble import plan

    space = load_space(SPACE, reps=100)
    prepared = prepare(space)
    print(f"\n{'task (runs)':>12} {'in-process':>11} {'via Dask':>9} {'overhead':>9}   "
          "(exploration tasks: small results)")
    under = None
    with open_executor(workers=2) as executor:
        client = executor.client
        for points in (1, 2, 5, 10, 20, 40, 80, 160):
            plan.PIECE_RUNS = points * space.reps  # the first piece has `points` points
            task = piece_work(space, prepared, (), False)[0].simulate[SPACE_JOB]
            task.fn(*task.args)
            local = statistics.median(timed(lambda: task.fn(*task.args))  # noqa: B023
                                      for _ in range(5))
            client.submit(task.fn, *task.args, pure=False).result()
            remote = statistics.median(
                timed(lambda: client.submit(task.fn, *task.args,  # noqa: B023
                                            pure=False).result())
                for _ in range(5))
            share = remote / local - 1
            if under is None and share < 0.05:
                under = points * space.reps
            print(f"{points * space.reps:>12,} {local:>10.3f}s {remote:>8.3f}s "
                  f"{100 * share:>8.1f}%")
    print(f"overhead under 5% from tasks of {under:,} runs" if under else
          "overhead never under 5% at these sizes")
    return under or 0


def estimate(overhead: float, per_run: float) -> None:
    """Amdahl on paper: a 10-million-run exploration on 100 workers."""
    runs, chunk, workers = 10_000_000, 5000, 100
    tasks = runs / chunk
    one = runs * per_run
    spread = tasks / workers * (chunk * per_run + overhead)
    serial = tasks * 0.011  # the client gathers and writes about 11 ms per chunk (summary)
    print(f"\nEstimate (not measured): {runs:,} runs in chunks of {chunk:,} take "
          f"{one / 3600:.1f} h in one process; on {workers} workers about "
          f"{(spread + serial) / 60:.1f} min ({one / (spread + serial):.0f}x), of which "
          f"{serial / 60:.1f} min is the client gathering results in order. Per-task "
          f"overhead measured here: {overhead * 1000:.0f} ms; network transfer on a real "
          "cluster adds to it.")


#: Ensemble sizes of the `sim run` scaling table.
RUN_SIZES = (1, 100, 1_000, 10_000, 100_000)


def run_end_to_end(reps: int, flags: tuple[str, ...]) -> float:
    """Seconds for `sim run` of the baseline at ``reps`` runs, in a fresh process, writing
    every file (its default format: CSV up to 2,000 runs, Parquet above): the median of
    three, or one run at 100,000 runs."""
    import subprocess
    import sys
    import tempfile

    def once() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "cli.py"), "run",
                            str(ROOT / "scenarios/baseline.toml"), "--reps", str(reps),
                            "--out", tmp, "--quiet", *flags], check=True, capture_output=True)
            return time.perf_counter() - start

    return statistics.median(once() for _ in range(1 if reps >= 100_000 else 3))


def run_scaling(sizes: tuple[int, ...] = RUN_SIZES) -> None:
    """`sim run` end to end on 1 and 2 local workers and with the default choice, and on
    100 workers on paper (the cost model of sim.ensemble.cost, which the default uses)."""
    from sim.ensemble.jobs import Job, jobs_work
    from sim.ensemble.options import ACTORS_UP_TO, default_format

    scenario = load_scenario(ROOT / "scenarios/baseline.toml")
    print(f"\n{'sim run (runs)':>14} {'1 worker':>9} {'2 workers':>10} {'default':>8} "
          f"{'2 vs 1':>7} {'default vs 1':>13} {'100 workers (paper)':>20}")
    for reps in sizes:
        one = run_end_to_end(reps, ("--workers", "1"))
        two = run_end_to_end(reps, ("--workers", "2"))
        default = run_end_to_end(reps, ())
        job = Job(scenario, Path("unused"), reps, 1, reps <= ACTORS_UP_TO, default_format(reps))
        work = jobs_work([job])  # as sim run plans it: actors.csv only up to ACTORS_UP_TO
        print(f"{reps:>14,} {one:>8.1f}s {two:>9.1f}s {default:>7.1f}s {one / two:>6.2f}x "
              f"{default / one - 1:>+12.0%} {work.seconds_on(100):>19.1f}s")


def main() -> None:
    print("Illustrative model; these numbers measure speed.\n")
    if "--run-only" in __import__("sys").argv:
        run_scaling()
        return
    speedups()
    run_scaling()
    overhead, per_run = chunk_overhead()
    task_overhead()
    estimate(overhead, per_run)


if __name__ == "__main__":
    main()
