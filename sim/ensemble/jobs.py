"""What `sim run` does: validate every scenario first, then run and write each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sim.ensemble.folders import check_writable_folder
from sim.ensemble.runner import run
from sim.ensemble.writer import Written, write_results
from sim.errors import SimError
from sim.model.relevance import inert_parameters
from sim.scenarios.loading import load_scenario
from sim.scenarios.scenario import Scenario

#: Makes a progress context for (label, total steps); see :func:`run_jobs`.
ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


#: Larger ensembles are simulated and written in chunks of this many runs, so memory
#: stays flat whatever the run count (the files are the same bytes as in one go).
CHUNK_RUNS = 5000
#: Above this many runs actors.csv (about 20 KB a run) is left out unless asked for.
ACTORS_UP_TO = 1000


@dataclass(frozen=True)
class Job:
    """One scenario to run and where its results go."""

    scenario: Scenario
    out: Path
    reps: int
    seed: int
    actors: bool = True


def plan_jobs(paths: Sequence[str | Path], reps: int | None = None, seed: int | None = None,
              out: str | Path | None = None, overrides: Sequence[str] = (),
              results_root: str | Path = "results", actors: bool | None = None) -> list[Job]:
    """Load and validate every scenario, and check every output folder can be written,
    before anything runs.

    Results go to ``out`` (one scenario only) or ``results_root/<file stem>``.
    ``actors`` (None: only up to :data:`ACTORS_UP_TO` runs) writes actors.csv.
    """
    if out is not None and len(paths) > 1:
        raise SimError(f"--out names one folder but {len(paths)} scenarios were given; "
                       "drop --out to write each to results/<scenario file stem>/")
    jobs = []
    for path in paths:
        scenario = load_scenario(path, overrides)
        folder = Path(out) if out is not None else Path(results_root) / Path(path).stem
        runs = scenario.replications if reps is None else reps
        jobs.append(Job(scenario, folder, runs, scenario.seed if seed is None else seed,
                        runs <= ACTORS_UP_TO if actors is None else actors))
    folders = [job.out for job in jobs]
    if len(set(folders)) != len(folders):
        raise SimError("two scenarios would write to the same results folder; "
                       "give files with different names")
    for folder in folders:
        check_writable_folder(folder)
    return jobs


def static_warnings(jobs: Sequence[Job]) -> list[str]:
    """Changed parameters that the scenarios' other settings switch off, one line each."""
    return [f"{job.scenario.source}: {inert.message()}"
            for job in jobs for inert in inert_parameters(job.scenario)]


def _no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda n: None)


def run_jobs(jobs: Sequence[Job], command: Sequence[str] = (),
             progress: ProgressFactory = _no_progress,
             on_done: Callable[[Written], None] | None = None) -> list[Written]:
    """Run each job and write its results folder (atomically).

    ``progress(label, total)`` gives a context manager yielding a callback that is
    told how many steps were done: weeks while simulating and runs while writing, or,
    for an ensemble simulated in chunks, runs simulated and written.
    """
    done = []
    for job in jobs:
        scenario = job.scenario
        if job.reps <= CHUNK_RUNS:
            with progress(f"simulating {scenario.name}", scenario.weeks) as tick:
                results = run(scenario, reps=job.reps, seed=job.seed, progress=tick,
                              actors=job.actors)
            with progress(f"writing {job.out}", job.reps) as tick:
                written = write_results(job.out, scenario, job.seed, job.reps, [results],
                                        actors=job.actors, command=command, progress=tick)
        else:
            chunks = (run(scenario, reps=job.reps, seed=job.seed, actors=job.actors,
                          runs=range(start, min(start + CHUNK_RUNS, job.reps)))
                      for start in range(0, job.reps, CHUNK_RUNS))
            with progress(f"simulating and writing {scenario.name}", job.reps) as tick:
                written = write_results(job.out, scenario, job.seed, job.reps, chunks,
                                        actors=job.actors, command=command, progress=tick)
        if on_done is not None:
            on_done(written)
        done.append(written)
    return done
