"""What `sim run` does: validate every scenario first, then run and write each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sim.ensemble.results import Results
from sim.ensemble.runner import run
from sim.errors import SimError
from sim.model.relevance import inert_parameters
from sim.scenarios.loading import load_scenario
from sim.scenarios.scenario import Scenario

#: Makes a progress context for (label, total steps); see :func:`run_jobs`.
ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


@dataclass(frozen=True)
class Job:
    """One scenario to run and where its results go."""

    scenario: Scenario
    out: Path
    reps: int
    seed: int


def plan_jobs(paths: Sequence[str | Path], reps: int | None = None, seed: int | None = None,
              out: str | Path | None = None, overrides: Sequence[str] = (),
              results_root: str | Path = "results") -> list[Job]:
    """Load and validate every scenario before anything runs or is written.

    Results go to ``out`` (one scenario only) or ``results_root/<file stem>``.
    """
    if out is not None and len(paths) > 1:
        raise SimError(f"--out names one folder but {len(paths)} scenarios were given; "
                       "drop --out to write each to results/<scenario file stem>/")
    jobs = []
    for path in paths:
        scenario = load_scenario(path, overrides)
        folder = Path(out) if out is not None else Path(results_root) / Path(path).stem
        jobs.append(Job(scenario, folder,
                        scenario.replications if reps is None else reps,
                        scenario.seed if seed is None else seed))
    folders = [job.out for job in jobs]
    if len(set(folders)) != len(folders):
        raise SimError("two scenarios would write to the same results folder; "
                       "give files with different names")
    return jobs


def static_warnings(jobs: Sequence[Job]) -> list[str]:
    """Changed parameters that the scenarios' other settings switch off, one line each."""
    return [f"{job.scenario.source}: {inert.message()}"
            for job in jobs for inert in inert_parameters(job.scenario)]


def _no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda n: None)


def run_jobs(jobs: Sequence[Job], command: list[str] | None = None,
             progress: ProgressFactory = _no_progress,
             on_done: Callable[[Results, Path], None] | None = None) -> list[Results]:
    """Run each job and write its results folder (atomically).

    ``progress(label, total)`` gives a context manager yielding a callback that
    is told how many steps were done: weeks while simulating, runs while writing.
    """
    done = []
    for job in jobs:
        with progress(f"simulating {job.scenario.name}", job.scenario.weeks) as tick:
            results = run(job.scenario, reps=job.reps, seed=job.seed, progress=tick)
        results.command = list(command or [])
        with progress(f"writing {job.out}", 2 * job.reps) as tick:
            results.write(job.out, progress=tick)
        if on_done is not None:
            on_done(results, job.out)
        done.append(results)
    return done
