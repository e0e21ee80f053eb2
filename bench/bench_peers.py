"""Benchmark: sim against a peer and against its ceilings, in one run.

    python bench/bench_peers.py                  # 60 points; the ceiling at 10,000 runs
    python bench/bench_peers.py --points 1000    # also the 1,000-point study (minutes)

Three comparisons, each a ratio against a baseline measured in the same run:

1. **EMA Workbench as a client.** The same study (4 uncertainties, LHS points x 100
   runs per point, the baseline scenario) driven by EMA Workbench 3's
   SequentialEvaluator, which calls ``sim.run`` once per point and keeps three summary
   means; against ``sim explore`` on the same space end to end in a fresh process
   (loading, simulating, analysing, writing every file and figure). The client is timed
   in a fresh process too, from ``import ema_workbench`` to its results.
2. **The numpy ceiling.** How many array operations one week of the model makes on its
   state (counted by an ndarray subclass that sees every ufunc call, reduction and
   array function, np.where say, on the model's and the agents' arrays of any dtype,
   re-wrapped before each week; the hashing of the week's random numbers and operations
   on arrays the week makes afresh from parameters alone are not counted, so the count is
   a lower bound), each timed as a plain float64 ufunc writing into a preallocated array
   of the ensemble's size: the runs a numpy doing only that arithmetic could reach,
   against ``sim.run``'s own.
3. **The same model, one run per model instance.** One Mesa model, one agent per actor
   and Mesa's own event scheduling per run: the same rules and the same code, so run *i*
   gives the same numbers alone (a test checks it). Not a hand-written scalar port: its
   arithmetic runs on one-element arrays, which costs more per operation than Python
   floats would, so the ratio against it is an upper bound on what vectorizing gains.

Results are conditional projections of a model fitted to 2023-24, not forecasts; these
numbers measure speed only.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

import sim
from sim.model.model import WarModel
from sim.model.streams import run_keys
from sim.scenarios.history import BRANCH_WEEK

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "baseline.toml"
#: The study: four of the open assumptions, over the ranges of open_assumptions.toml.
UNCERTAIN = {"world.aid_to_power": (0.04, 0.08), "russia.production": (0.05, 0.075),
             "world.loss_exchange_ratio": (1.0, 2.0), "world.sanctions_bite": (0.005, 0.04)}
REPS = 100
WEEKS = 104 + BRANCH_WEEK  # every run replays the record first


# ---- 1. EMA Workbench as a client -----------------------------------------------------
EMA_CLIENT = '''
import time, warnings
start = time.perf_counter()
warnings.simplefilter("ignore")
from ema_workbench import (Model, RealParameter, ScalarOutcome, SequentialEvaluator,
                           perform_experiments)
import sim
scenario = sim.load_scenario({scenario!r})
keys = {keys!r}

def point(**values):
    changes = {{key: values[key.replace(".", "__")] for key in keys}}
    summary = sim.run(scenario.with_values(changes), reps={reps}, seed=1,
                      actors=False).summary
    return {{"gain": summary["russia_gain_km2"].mean(),
             "belief": summary["mean_time_belief"].mean(),
             "talks": summary["serious_talks_week"].notna().mean()}}

model = Model("sim", function=point)
model.uncertainties = [RealParameter(key.replace(".", "__"), low, high)
                       for key, (low, high) in {uncertain!r}.items()]
model.outcomes = [ScalarOutcome(name) for name in ("gain", "belief", "talks")]
with SequentialEvaluator(model) as evaluator:
    experiments, outcomes = perform_experiments(model, scenarios={points}, evaluator=evaluator)
assert len(experiments) == {points}
if {analyse}:  # a PRIM box, and RBD-FAST and PAWN for each outcome (SALib's defaults)
    import numpy as np
    from ema_workbench.analysis import prim
    from SALib.analyze import pawn, rbd_fast
    names = [u.name for u in model.uncertainties]
    x = experiments[names]
    talks = outcomes["talks"]
    prim.Prim(x, (talks > np.median(talks)).astype(int)).find_box()
    problem = {{"num_vars": len(names), "names": names,
               "bounds": [[u.lower_bound, u.upper_bound] for u in model.uncertainties]}}
    for y in outcomes.values():
        rbd_fast.analyze(problem, x.to_numpy(), y, seed=1)
        pawn.analyze(problem, x.to_numpy(), y, seed=1)
print(time.perf_counter() - start)
'''

#: What ``sim explore`` is asked to do for each comparison: the per-point measures alone
#: (the client's work), and those with the analysis (PRIM and the sensitivity indices).
MEASURES_ONLY = ("--no-boxes", "--no-sensitivity", "--no-figures")
WITH_ANALYSIS = ("--no-figures",)


def ema_client(points: int, analyse: bool = False) -> float:
    """Seconds for EMA Workbench to run the study through ``sim.run``, in a fresh process
    (and, if ``analyse``, to find a PRIM box and the sensitivity indices of its outcomes)."""
    code = EMA_CLIENT.format(scenario=str(SCENARIO), keys=list(UNCERTAIN), reps=REPS,
                             uncertain=UNCERTAIN, points=points, analyse=analyse)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    wall = time.perf_counter() - start
    assert float(done.stdout.split()[-1]) <= wall
    return wall


def space_file(folder: Path, points: int) -> Path:
    lines = "\n".join(f'"{key}" = [{low}, {high}]' for key, (low, high) in UNCERTAIN.items())
    path = folder / f"peers_{points}.toml"
    path.write_text(textwrap.dedent(f"""\
        [explore]
        scenario = "baseline"
        method = "lhs"
        points = {points}
        reps = {REPS}
        seed = 1

        [uncertain]
        """) + lines + "\n")
    return path


def sim_explore(points: int, flags: tuple[str, ...] = ()) -> float:
    """Seconds for ``sim explore`` on the same study, end to end, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        space = space_file(Path(tmp), points)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "explore", str(space), "--out",
                        str(Path(tmp) / "out"), "--quiet", *flags], check=True,
                       capture_output=True)
        return time.perf_counter() - start


def explore_runs_a_second(points: int) -> tuple[float, float]:
    """Runs/s of an exploration's simulation (its pieces, as ``sim explore`` runs them, in
    this process) and of one ``sim.run`` of as many runs."""
    from sim.analysis.explore import prepare
    from sim.report.studies import explore
    from sim.scenarios.space import load_space

    with tempfile.TemporaryDirectory() as tmp:
        space = load_space(space_file(Path(tmp), points))
        exploration = explore(space, boxes=False, sensitivity=False, prepared=prepare(space))
    runs = points * REPS
    gc.collect()
    start = time.perf_counter()
    sim.run(sim.load_scenario(SCENARIO), reps=runs, seed=1, actors=False)
    return exploration.runs / exploration.seconds, runs / (time.perf_counter() - start)


# ---- 2. the numpy ceiling -------------------------------------------------------------
def _plain(value):
    return value.view(np.ndarray) if isinstance(value, _Counted) else value


class _Counted(np.ndarray):
    """An array that counts the ufunc calls, reductions and array functions made on it."""

    calls = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        _Counted.calls += 1
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(x) for x in kwargs["out"])
        result = getattr(ufunc, method)(*(_plain(x) for x in inputs), **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) and result.ndim else result

    def __array_function__(self, func, types, args, kwargs):
        _Counted.calls += 1
        args = tuple(_plain(x) for x in args)
        kwargs = {key: _plain(value) for key, value in kwargs.items()}
        result = func(*args, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) and result.ndim else result


def _wrap_state(model: WarModel, runs: int) -> None:
    """Every array over runs the model and its agents hold, as a counting array."""
    for owner in (model, *model.agents):
        for name, value in list(vars(owner).items()):
            if (isinstance(value, np.ndarray) and not isinstance(value, _Counted)
                    and value.ndim and value.shape[-1] == runs):
                setattr(owner, name, value.view(_Counted))


def operations_a_week(runs: int, weeks: int = 20) -> float:
    """Array operations one week makes on the model's state (after the replay)."""
    model = WarModel(sim.load_scenario(SCENARIO), run_keys(1, runs))
    for _ in range(3):
        _wrap_state(model, runs)
        model.step()
    _Counted.calls = 0
    for _ in range(weeks):
        _wrap_state(model, runs)
        model.step()
    return _Counted.calls / weeks


def seconds_an_operation(runs: int, repeats: int = 2000) -> float:
    """One float64 ufunc on arrays of ``runs`` elements, into a preallocated array."""
    rng = np.random.default_rng(0)
    a, b, out = rng.random(runs), rng.random(runs), np.empty(runs)
    operations = (np.add, np.multiply, np.subtract, np.maximum)
    start = time.perf_counter()
    for i in range(repeats):
        operations[i % 4](a, b, out=out)
    return (time.perf_counter() - start) / repeats


def simulated_runs_a_second(runs: int) -> float:
    scenario = sim.load_scenario(SCENARIO)
    sim.run(scenario, reps=min(runs, 100), seed=2, actors=False)  # warm
    gc.collect()
    start = time.perf_counter()
    sim.run(scenario, reps=runs, seed=1, actors=False)
    return runs / (time.perf_counter() - start)


# ---- 3. the same model, one run per model -------------------------------------------
def one_run_per_model_a_second(runs: int) -> float:
    scenario = sim.load_scenario(SCENARIO)
    start = time.perf_counter()
    for run in range(runs):
        sim.run(scenario, reps=1, seed=run, actors=False)
    return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, action="append",
                        help="study sizes for the peer comparison [default: 60]")
    parser.add_argument("--runs", type=int, default=10_000,
                        help="ensemble size for the ceiling [default: 10,000]")
    args = parser.parse_args()
    print(f"sim {sim.__version__}; baseline scenario, {WEEKS} weeks a run (the replay first)")
    print("Conditional projections, not forecasts; these numbers measure speed only.\n")

    print(f"1. EMA Workbench as a client (4 uncertainties, LHS, {REPS} runs a point), end "
          "to end in fresh processes:")
    for points in args.points or [60]:
        client, ours = ema_client(points), sim_explore(points, MEASURES_ONLY)
        print(f"   {points:>5} points, the measures:   EMA Workbench + sim.run {client:7.1f} s"
              f" | sim explore {' '.join(MEASURES_ONLY)} {ours:7.1f} s | {client / ours:5.2f}x")
        client, ours = ema_client(points, analyse=True), sim_explore(points, WITH_ANALYSIS)
        print(f"   {points:>5} points, with analysis: EMA Workbench + sim.run + PRIM + SALib "
              f"{client:7.1f} s | sim explore {' '.join(WITH_ANALYSIS)} {ours:7.1f} s | "
              f"{client / ours:5.2f}x")
        batched, single = explore_runs_a_second(points)
        print(f"   {points:>5} points, simulation: sim explore's pieces {batched:9,.0f} runs/s"
              f" | one sim.run of {points * REPS:,} runs {single:9,.0f} runs/s | "
              f"{batched / single:5.0%} of it")

    runs = args.runs
    operations, per_operation = operations_a_week(runs), seconds_an_operation(runs)
    ceiling = runs / (operations * per_operation * WEEKS)
    achieved = simulated_runs_a_second(runs)
    print(f"\n2. The numpy ceiling at {runs:,} runs: {operations:.0f} array operations a week "
          f"on the model's state, {1e6 * per_operation:.1f} us each")
    print(f"   ceiling {ceiling:9,.0f} runs/s | sim.run {achieved:9,.0f} runs/s | "
          f"{achieved / ceiling:5.1%} of it")

    single = one_run_per_model_a_second(100)
    print(f"\n3. The same model one run per model instance: {single:7.1f} runs/s | sim.run at "
          f"{runs:,}: {achieved:9,.0f} runs/s | {achieved / single:6.0f}x")


if __name__ == "__main__":
    main()
