"""Benchmark: sim against a peer and against its ceilings, in one run.

    python bench/bench_peers.py                   # 60 points; 1 to 100,000 runs
    python bench/bench_peers.py --points 60 --points 1000   # also 1,000 points (minutes)
    python bench/bench_peers.py --table-only      # only the table by ensemble size

Each comparison is a ratio against a baseline measured in the same run:

1. **EMA Workbench as a client.** The same study (4 uncertainties, LHS points x 100
   runs per point, the baseline scenario) driven by EMA Workbench 3's
   SequentialEvaluator, which calls ``sim.run`` once per point and keeps three summary
   means; against ``sim explore`` on the same space end to end in a fresh process, asked
   for the same work (the per-point measures: ``--no-boxes --no-sensitivity
   --no-figures``), and then both with the analysis (the client adds a PRIM box with EMA
   Workbench and RBD-FAST and PAWN indices of its three outcomes with SALib; ``sim
   explore --no-figures`` finds its box and the indices of ten measures). The client is
   timed in a fresh process too, from ``import ema_workbench`` to its results. Then the
   exploration's own simulation (its batched pieces) against one ``sim.run`` of as many
   runs.
2. **By ensemble size (1 to 100,000 runs), against the scalar Mesa port and the numpy
   ceiling.** The port (bench/scalar_mesa.py) is the model hand-written the usual Mesa
   way: one Mesa model per run, one agent per actor, Python floats, Mesa's events,
   AgentSet and DataCollector, Mesa's own random numbers; tests/test_scalar_mesa.py
   checks it reproduces sim's runs exactly on sim's random numbers and gives the same
   outcome shares on its own. The ceiling counts how many array operations one week of
   the model makes on its state (an ndarray subclass that sees every ufunc call,
   reduction and array function, np.where say, on the model's and the agents' arrays of
   any dtype, re-wrapped before each week; the hashing of the week's random numbers and
   operations on arrays the week makes afresh from parameters alone are not counted, so
   the count is a lower bound), each timed as a plain float64 ufunc writing into a
   preallocated array of the ensemble's size: the runs a numpy doing only that arithmetic
   could reach. A second ceiling replays the same operations of one week, recorded with
   copies of their arguments, each timed on its own (the quickest of 20): the week's own
   arithmetic with nothing around it, each operation at its own cost (an exp or a tanh
   costs several adds; the first ceiling counts it as one).
3. **The same model, one run per model instance** (sim's own code on one-element
   arrays): slower than the port, so not the baseline; shown for comparison.

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


def _copied(value):
    return value.copy() if isinstance(value, np.ndarray) else value


class _Counted(np.ndarray):
    """An array that counts the ufunc calls, reductions and array functions made on it,
    and, while ``recorded`` is a list, records each call with copies of its arguments."""

    calls = 0
    recorded: list | None = None

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        _Counted.calls += 1
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(x) for x in kwargs["out"])
        inputs = tuple(_plain(x) for x in inputs)
        if _Counted.recorded is not None:
            _Counted.recorded.append(_ufunc_replay(ufunc, method, inputs, kwargs))
        result = getattr(ufunc, method)(*inputs, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) and result.ndim else result

    def __array_function__(self, func, types, args, kwargs):
        _Counted.calls += 1
        args = tuple(_plain(x) for x in args)
        kwargs = {key: _plain(value) for key, value in kwargs.items()}
        if _Counted.recorded is not None:
            copies = tuple(_copied(x) for x in args)
            options = {key: _copied(value) for key, value in kwargs.items()}
            _Counted.recorded.append(lambda: func(*copies, **options))
        result = func(*args, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) and result.ndim else result


def _ufunc_replay(ufunc, method, inputs, kwargs):
    """The call again on copies of its inputs; an elementwise call with no ``out`` writes
    into a preallocated array, as the bare-ufunc ceiling does."""
    inputs = tuple(_copied(x) for x in inputs)
    kwargs = {key: tuple(_copied(x) for x in value) if key == "out" else value
              for key, value in kwargs.items()}
    call = getattr(ufunc, method)
    if method == "__call__" and "out" not in kwargs and ufunc.nout == 1:
        result = call(*inputs, **kwargs)
        if isinstance(result, np.ndarray) and result.ndim:
            kwargs["out"] = (np.empty_like(result),)
    return lambda: call(*inputs, **kwargs)


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


def replayed_week_seconds(runs: int, repeats: int = 20) -> float:
    """One week's own array operations on the model's state (those
    :func:`operations_a_week` counts), recorded with copies of their arguments, each
    replayed ``repeats`` times on its own and its quickest time summed: what NumPy needs
    for this week's arithmetic as the model does it, with nothing around it, each
    operation costing what it costs (a ``tanh`` is not an add)."""
    model = WarModel(sim.load_scenario(SCENARIO), run_keys(1, runs))
    for _ in range(3):
        _wrap_state(model, runs)
        model.step()
    _wrap_state(model, runs)
    _Counted.recorded = []
    try:
        model.step()
        calls = _Counted.recorded
    finally:
        _Counted.recorded = None
    return sum(_best_of(call, repeats) for call in calls)


def _best_of(call, repeats: int) -> float:
    """The quickest of ``repeats`` calls (its arrays warm in the cache, as in a fused
    week that reuses its buffers)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


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
    """``sim.run``'s runs/s at ``runs`` runs, its summary table included (the port makes
    one too): the best of three below 10,000 runs, where one call is short."""
    scenario = sim.load_scenario(SCENARIO)
    sim.run(scenario, reps=min(runs, 100), seed=2, actors=False)  # warm
    best = float("inf")
    for _ in range(3 if runs < 10_000 else 1):
        gc.collect()
        start = time.perf_counter()
        _ = sim.run(scenario, reps=runs, seed=1, actors=False).summary  # built, as the port does
        best = min(best, time.perf_counter() - start)
    return runs / best


def port_runs_a_second(runs: int) -> float:
    """The scalar Mesa port's runs/s (its cost per run does not depend on how many): the
    best of three, as ``sim.run`` is timed below 10,000 runs."""
    sys.path.insert(0, str(ROOT))
    from bench.scalar_mesa import run_port

    scenario = sim.load_scenario(SCENARIO)
    run_port(scenario, 5, 2)  # warm
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        run_port(scenario, runs, 1)
        best = min(best, time.perf_counter() - start)
    return runs / best


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
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[1, 100, 1_000, 10_000, 100_000],
                        help="ensemble sizes of the table [default: 1 100 1000 10000 100000]")
    parser.add_argument("--port-runs", type=int, default=200,
                        help="runs of the scalar Mesa port to time [default: 200]")
    parser.add_argument("--peer-only", action="store_true",
                        help="only the comparison with EMA Workbench (section 1)")
    parser.add_argument("--table-only", action="store_true",
                        help="only the table by ensemble size (sections 2 and 3)")
    args = parser.parse_args()
    print(f"sim {sim.__version__}; baseline scenario, {WEEKS} weeks a run (the replay first)")
    print("Conditional projections, not forecasts; these numbers measure speed only.\n")

    if not args.table_only:
        peer_section(args.points or [60])
    if args.peer_only:
        return
    table_section(args.sizes, args.port_runs)


def peer_section(studies: list[int]) -> None:
    """Section 1: EMA Workbench as a client, against sim explore, at each study size."""
    print(f"1. EMA Workbench as a client (4 uncertainties, LHS, {REPS} runs a point), end "
          "to end in fresh processes:")
    for points in studies:
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


def table_section(sizes: list[int], port_runs: int) -> None:
    """Sections 2 and 3: by ensemble size, against the port and the ceilings."""
    port = port_runs_a_second(port_runs)
    single = one_run_per_model_a_second(100)
    operations = operations_a_week(10_000)
    print(f"\n2. By ensemble size: sim.run (with its summary) against the hand-written "
          f"scalar Mesa port\n   (bench/scalar_mesa.py: {port:,.1f} runs/s, one Mesa model "
          f"per run, measured at {port_runs} runs) and against the numpy ceiling\n"
          f"   ({operations:.0f} array operations a week, each timed as a bare float64 "
          "ufunc on arrays of that size):")
    print("   The last two columns: the week's own operations replayed with nothing around "
          "them,\n   each costing what it costs (a tanh is not an add).")
    print(f"   {'runs':>8} {'sim.run runs/s':>15} {'x the port':>11} {'ceiling runs/s':>15} "
          f"{'of the ceiling':>15} {'own ops runs/s':>15} {'of them':>8}")
    for runs in sizes:
        achieved = simulated_runs_a_second(runs)
        ceiling = runs / (operations * seconds_an_operation(runs) * WEEKS)
        own = runs / (replayed_week_seconds(runs) * WEEKS)
        print(f"   {runs:>8,} {achieved:>15,.0f} {achieved / port:>10,.1f}x {ceiling:>15,.0f} "
              f"{achieved / ceiling:>14.0%} {own:>15,.0f} {achieved / own:>7.0%}")

    print(f"\n3. The same model one run per model instance (sim's own code on one-element "
          f"arrays): {single:7.1f} runs/s; the port is {port / single:.1f}x faster than it, so "
          "the port is the honest baseline.")

if __name__ == "__main__":
    main()
