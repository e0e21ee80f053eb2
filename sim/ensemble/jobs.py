"""What `sim run` does: validate every scenario first, then run and write each."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.ensemble.cost import Work
from sim.ensemble.executors import Executor, InProcess
from sim.ensemble.folders import check_writable_folder
from sim.ensemble.options import (
    ACTORS_UP_TO,
    CSV_UP_TO,
    RESULTS_ROOT,
    Format,
    default_format,
)
from sim.ensemble.progress import ProgressFactory, no_progress
from sim.ensemble.runner import CHUNK_RUNS, run
from sim.ensemble.writer import EncodedChunk, Written, encode_chunk, write_results
from sim.errors import SimError, argument
from sim.model.relevance import inert_parameters
from sim.scenarios.branch import branches
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.loading import load_scenario
from sim.scenarios.plausible import departures
from sim.scenarios.scenario import Scenario


@dataclass(frozen=True)
class Job:
    """One scenario of `sim run` to run, and where its results go."""

    scenario: Scenario
    out: Path
    reps: int
    seed: int
    actors: bool = True
    fmt: Format = Format.CSV
    #: Whether the format was chosen by the run count (no format was asked for).
    fmt_by_size: bool = False
    #: For a continuation of saved runs (sim.ensemble.continuing): what its manifest
    #: records of them, and how to reproduce it.
    continues: Mapping[str, Any] | None = None


def plan_jobs(paths: Sequence[str | Path], reps: int | None = None, seed: int | None = None,
              out: str | Path | None = None, overrides: Sequence[str] = (),
              results_root: str | Path = RESULTS_ROOT, actors: bool | None = None,
              fmt: Format | str | None = None) -> list[Job]:
    """Load and validate every scenario, and check every output folder can be written,
    before anything runs.

    Results go to ``out`` (one scenario only) or ``results_root/<file stem>``.
    ``actors`` (None: only up to :data:`ACTORS_UP_TO` runs) writes actors.csv; ``fmt``
    (None: CSV up to :data:`~sim.ensemble.options.CSV_UP_TO` runs, Parquet above) the
    tables' format.
    """
    if out is not None and len(paths) > 1:
        out_ = argument("out")
        raise SimError(f"{out_} names one folder but {len(paths)} scenarios were given; "
                       f"drop {out_} to write each to {results_root}/<scenario file stem>/")
    jobs = []
    for path in paths:
        scenario = load_scenario(path, overrides)
        folder = Path(out) if out is not None else Path(results_root) / Path(path).stem
        runs = scenario.replications if reps is None else reps
        jobs.append(Job(scenario, folder, runs, scenario.seed if seed is None else seed,
                        runs <= ACTORS_UP_TO if actors is None else actors,
                        default_format(runs) if fmt is None else Format(fmt), fmt is None))
    folders = [job.out for job in jobs]
    if len(set(folders)) != len(folders):
        raise SimError("two scenarios would write to the same results folder; "
                       "give files with different names")
    for folder in folders:
        check_writable_folder(folder)
    return jobs


def format_notes(jobs: Sequence[Job]) -> list[str]:
    """One line for each scenario whose tables are Parquet because of its size."""
    return [f"{job.scenario.source}: {job.reps:,} runs, so its tables are Parquet "
            f"(above {CSV_UP_TO:,} runs); pass {argument('fmt')} csv for CSV"
            for job in jobs if job.fmt_by_size and job.fmt is Format.PARQUET]


def static_warnings(jobs: Sequence[Job]) -> list[str]:
    """Changed parameters that the scenarios' other settings switch off, and calibrated
    parameters a scenario sets itself (its runs leave the plausible sets), one line each."""
    return [f"{job.scenario.source}: {line}" for job in jobs
            for line in [i.message() for i in inert_parameters(job.scenario)]
            + departures(job.scenario.params, job.scenario.pinned)]


def jobs_work(jobs: Sequence[Job]) -> Work:
    """What the jobs simulate (the replay's weeks too) and write, to decide whether workers
    pay."""
    written = [job.reps * job.scenario.weeks for job in jobs]
    replayed = [job.reps * BRANCH_WEEK * branches(job.scenario) for job in jobs]
    return Work(run_weeks=sum(written) + sum(replayed), written_weeks=sum(written),
                actor_weeks=sum(w for w, job in zip(written, jobs, strict=True) if job.actors),
                parquet=all(job.fmt is Format.PARQUET for job in jobs))


@dataclass(frozen=True)
class ChunkSpec:
    """A chunk of an ensemble: what a worker needs to simulate and format it (the
    resolved scenario travels, not its file)."""

    scenario: Scenario
    seed: int
    reps: int
    start: int
    stop: int
    actors: bool
    fmt: Format


def simulate_chunk(spec: ChunkSpec) -> EncodedChunk:
    """Runs ``start`` to ``stop`` of an ensemble, simulated and formatted for writing."""
    results = run(spec.scenario, reps=spec.reps, seed=spec.seed, actors=spec.actors,
                  runs=range(spec.start, spec.stop))
    return encode_chunk(results, spec.actors, spec.fmt)


def chunk_specs(job: Job) -> list[ChunkSpec]:
    """A job's chunks of at most CHUNK_RUNS runs (the same whatever runs them)."""
    return [ChunkSpec(job.scenario, job.seed, job.reps, start,
                      min(start + CHUNK_RUNS, job.reps), job.actors, job.fmt)
            for start in range(0, job.reps, CHUNK_RUNS)]


def run_jobs(jobs: Sequence[Job], command: Sequence[str] = (),
             progress: ProgressFactory = no_progress,
             on_done: Callable[[Written], None] | None = None,
             executor: Executor | None = None) -> list[Written]:
    """Run each job and write its results folder (atomically).

    Chunks are simulated and formatted by ``executor`` (default: this process) and
    written in run order as they arrive, so the files are the same bytes wherever they
    ran. ``progress(label, total)`` gives a context manager yielding a callback that is
    told how many runs were simulated and written.
    """
    executor = executor or InProcess()
    done = []
    for job in jobs:
        with progress(f"simulating and writing {job.scenario.name}", job.reps) as tick:
            chunks = executor.map(simulate_chunk, chunk_specs(job))
            written = write_results(job.out, job.scenario, job.seed, job.reps, chunks,
                                    actors=job.actors, command=command, fmt=job.fmt,
                                    progress=tick, continues=job.continues)
        if on_done is not None:
            on_done(written)
        done.append(written)
    return done
