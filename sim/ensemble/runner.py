"""Running a scenario's ensemble (or a chunk of its runs): seeds, the model loop, results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.ensemble.executors import Executor
from sim.ensemble.results import Results
from sim.errors import SimError
from sim.model.model import WarModel
from sim.model.outcomes import classify
from sim.model.recorder import Recorder
from sim.model.streams import run_keys
from sim.scenarios.scenario import Scenario
from sim.scenarios.values import SEED_RANGE

#: Bytes a run needs per week and recorded column (float32), and a fixed part per run
#: (model state, summary); measured with bench/bench_run.py's tracemalloc pass.
_BYTES_PER_VALUE = 4
_BYTES_PER_RUN = 4096
_WORLD_COLUMNS, _ACTOR_COLUMNS = 16, 31


#: Runs per task when an ensemble is split among workers (and per chunk of `sim run`).
CHUNK_RUNS = 5000


def run(scenario: Scenario, reps: int | None = None, seed: int | None = None,
        progress: Callable[[int], None] | None = None, *, actors: bool = True,
        runs: range | None = None, executor: Executor | None = None) -> Results:
    """Run ``reps`` replications of ``scenario`` as one vectorized ensemble.

    Args:
        scenario: a resolved scenario (see :func:`sim.load_scenario`).
        reps: replications; default the scenario's ``replications``.
        seed: master seed; default the scenario's ``seed``. Run ``i`` of a given
            seed is the same whatever ``reps`` is.
        progress: called with the number of weeks just simulated.
        actors: also record each actor's weekly state (actors.csv).
        runs: only these runs of the ensemble (a chunk), e.g. ``range(5000, 10000)``;
            run ``i`` is the same in a chunk as in the whole.
        executor: where to run (see :func:`sim.ensemble.executors.open_executor`):
            the runs are split into chunks of CHUNK_RUNS simulated there and joined
            in run order, with the same numbers as in one process.

    Returns:
        Results with ``.summary``, ``.timeseries``, ``.actors_table`` and ``.write()``.

    Raises:
        SimError: when the runs would not fit in memory (it says how many would).
    """
    reps = scenario.replications if reps is None else reps
    seed = scenario.seed if seed is None else seed
    _check_whole("reps", reps, 1, 1_000_000_000)
    _check_whole("seed", seed, *SEED_RANGE)
    runs = range(reps) if runs is None else runs
    if not 0 <= runs.start < runs.stop <= reps or runs.step != 1:
        raise ValueError(f"runs must be a range within 0..{reps}, got {runs}")
    check_memory(len(runs), scenario.weeks, actors)
    if executor is not None and len(runs) > CHUNK_RUNS:
        chunks = [(scenario, reps, seed, range(start, min(start + CHUNK_RUNS, runs.stop)),
                   actors) for start in range(runs.start, runs.stop, CHUNK_RUNS)]
        return Results.concat(list(executor.map(_run_chunk, chunks)))
    keys = run_keys(seed, runs.stop)[runs.start:]
    return simulate(scenario, keys, seed, progress, actors=actors, first_run=runs.start)


@dataclass(frozen=True)
class RunSummary:
    """What deciding something from a set of runs reads of them: one summary row per run,
    and the horizon. Small enough to travel between worker processes."""

    summary: pd.DataFrame
    weeks: int


def summarized(scenario: Scenario, reps: int, seed: int) -> RunSummary:
    """A scenario's runs, kept as their summary (a task a worker can do)."""
    return RunSummary(run(scenario, reps=reps, seed=seed, actors=False).summary, scenario.weeks)


def _check_whole(argument: str, value: object, low: int, high: int) -> None:
    """A whole-number argument of :func:`run` in range, or a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) \
            or not low <= value <= high:
        raise ValueError(f"run({argument}={value!r}): allowed: an integer from {low:,} to "
                         f"{high:,}")


def _run_chunk(chunk: tuple[Scenario, int, int, range, bool]) -> Results:
    scenario, reps, seed, runs, actors = chunk
    return run(scenario, reps=reps, seed=seed, actors=actors, runs=runs)


def simulate(scenario: Scenario, keys: np.ndarray, seed: int,
             progress: Callable[[int], None] | None = None, *, actors: bool = True,
             first_run: int = 0) -> Results:
    """Simulate one run per random key (the loop under :func:`run`).

    A parameter of ``scenario`` may hold one value per run (an array as long as
    ``keys``): an exploration runs many points' runs at once that way.
    """
    model = WarModel(scenario, keys)
    world = Recorder(scenario.weeks, len(keys))
    recorders = [(world, model.observe_world)]
    if actors:
        recorders.append((Recorder(scenario.weeks, len(keys)), model.observe_actors))
    for recorder, observe in recorders:
        recorder.record(0, observe())
    for _ in range(scenario.weeks):
        model.step()
        for recorder, observe in recorders:
            recorder.record(model.week - model.branch_week, observe())
        if progress is not None:
            progress(1)
    first = model.first_week
    return Results(
        scenario=scenario, seed=seed, keys=keys,
        world=world.columns, actors=recorders[1][0].columns if actors else {},
        outcome=classify(model.talks, model.settlement, first["talks"]),
        settlement=model.settlement, route=model.route, event_weeks=first,
        engaged=dict(model.engaged), first_run=first_run,
    )


def memory_needed(runs: int, weeks: int, actors: bool = True) -> int:
    """Bytes :func:`run` needs for ``runs`` runs of ``weeks`` weeks (an estimate)."""
    columns = _WORLD_COLUMNS + (_ACTOR_COLUMNS if actors else 0)
    return runs * ((weeks + 1) * columns * _BYTES_PER_VALUE + _BYTES_PER_RUN)


def memory_available() -> int | None:
    """Bytes the system can still give this process (Linux), or None when unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def check_memory(runs: int, weeks: int, actors: bool = True) -> None:
    """Refuse, with how many runs would fit, a run that would exhaust memory."""
    available = memory_available()
    needed = memory_needed(runs, weeks, actors)
    if available is None or needed <= 0.8 * available:
        return
    fits = int(0.8 * available // memory_needed(1, weeks, actors))
    raise SimError(f"{runs:,} runs of {weeks} weeks need about {needed / 2**30:.1f} GiB of "
                   f"memory and {available / 2**30:.1f} GiB are free: at most {fits:,} fit at "
                   "once; `sim run` simulates in chunks whatever the count, or pass fewer runs "
                   "(or a chunk: runs=range(...))")
