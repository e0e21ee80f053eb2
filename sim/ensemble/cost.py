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
#: (Per week stepped, the replay's too: `sim explore`'s pieces ran at 20,700 runs/s of 244
#: weeks at 1,000 points x 100 runs, bench/bench_peers.py, 2026-12-03.)
SIMULATE_BATCHED = 0.2e-6
#: Encoding and writing one run-week of the weekly tables, CSV or Parquet (`sim run` of
#: the baseline at 10,000 runs: 10.3 s end to end with CSV, 4.5 s with Parquet; Parquet
#: without dictionaries for its floats then wrote in 0.49x the time, 2026-12-03:
#: sim/ensemble/parquet_format.py), and of the actors table on top.
WRITE_CSV = 6.3e-6
WRITE_PARQUET = 0.36e-6
WRITE_ACTORS = 3.6e-6
#: What of `sim run`'s writing stays in this process however many workers encode the
#: tables (the files are written in order here), per run-week written, and what the
#: encoded tables cost to travel back from a worker: fitted to `sim run` of the baseline
#: (Parquet) at 40,000 runs (9.9 s in one process, 11.4 s on two workers) and 100,000 runs
#: (20.5 s, 19.7 s) on a 2-core machine; with the quicker Parquet encoding, 100,000 runs
#: took 19.2 s against 21.6 s and 400,000 runs 95.1 s against 78.9 s, as these predict.
SERIAL_WRITE_PARQUET = 0.19e-6
SERIAL_WRITE_CSV = 0.58e-6
RETURN = 0.38e-6
#: Starting a local cluster of worker processes, importing sim in them and closing it.
START_WORKERS = 3.0
#: Analysis after an exploration: for each sensitivity measure's indices (SALib's RBD-FAST
#: with its bootstrap, and PAWN) and for each PRIM box, a fixed part and a part per point
#: (timed at 1,000 and 3,000 LHS points of 4 parameters: 0.083 s and 0.154 s a measure;
#: a box 0.19-0.26 s).
INDICES_SECONDS = 0.05
INDICES_PER_POINT = 0.035e-3
BOX_SECONDS = 0.2
BOX_PER_POINT = 0.02e-3
#: Importing the analysis' libraries, which every worker process does for itself (in this
#: process PRIM's import overlaps the simulation, in a helper: sim/ensemble/helper.py):
#: EMA Workbench for PRIM, and SALib's analysers, in a fresh process.
IMPORT_PRIM = 2.5
IMPORT_SALIB = 0.75


@dataclass(frozen=True)
class Work:
    """What a command will do, in run-weeks (and seconds of analysis)."""

    run_weeks: float = 0.0
    batched: bool = False
    written_weeks: float = 0.0
    actor_weeks: float = 0.0
    analysis_seconds: float = 0.0
    #: Seconds each worker process spends importing the libraries its tasks need (beyond
    #: sim's own), which workers do not share.
    worker_imports: float = 0.0
    #: Whether the written tables are Parquet (else CSV).
    parquet: bool = False

    @property
    def formats_csv(self) -> bool:
        """Whether it writes CSV tables: formatting them is NumPy that releases the GIL, so
        in threads of this process it overlaps the simulation (`sim run --reps 10000
        --format csv`: 0.83x the time; Parquet, whose encoding is already quick, gains
        nothing and loses to the threads' contention, 1.07x: docs/performance.md)."""
        return self.written_weeks > 0 and not self.parquet

    @property
    def seconds(self) -> float:
        """About how long it takes in this process."""
        simulate = SIMULATE_BATCHED if self.batched else SIMULATE
        write = WRITE_PARQUET if self.parquet else WRITE_CSV
        return (self.run_weeks * simulate + self.written_weeks * write
                + self.actor_weeks * WRITE_ACTORS + self.analysis_seconds)

    def seconds_on(self, workers: int) -> float:
        """About how long it takes on ``workers`` local processes: what they share, split;
        what stays here (writing the files in order), whole; the tables' way back, the
        workers' start and their own imports on top."""
        if workers <= 1:
            return self.seconds
        written = self.written_weeks + self.actor_weeks
        serial = written * (SERIAL_WRITE_PARQUET if self.parquet else SERIAL_WRITE_CSV)
        shared = max(0.0, self.seconds - serial)
        return (shared / workers + serial + written * RETURN + START_WORKERS
                + self.worker_imports)
