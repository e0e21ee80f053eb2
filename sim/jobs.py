"""What `sim run` does: validate every scenario first, then run and write each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.errors import SimError
from sim.results import Results
from sim.runner import run
from sim.scenario import Scenario, load_scenario


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
    stems = [job.out for job in jobs]
    if len(set(stems)) != len(stems):
        raise SimError("two scenarios would write to the same results folder; "
                       "give files with different names")
    return jobs


def run_jobs(jobs: Sequence[Job], command: list[str] | None = None,
             progress: Callable[[int], None] | None = None,
             on_done: Callable[[Results, Path], None] | None = None) -> list[Results]:
    """Run each job and write its results folder (atomically)."""
    done = []
    for job in jobs:
        results = run(job.scenario, reps=job.reps, seed=job.seed, progress=progress)
        results.command = list(command or [])
        results.write(job.out)
        if on_done is not None:
            on_done(results, job.out)
        done.append(results)
    return done
