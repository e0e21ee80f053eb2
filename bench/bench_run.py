"""Benchmark: seconds per run of `sim.run` against plain one-model-per-run Mesa.

    python bench/bench_run.py            # full: 1, 100, 1,000, 10,000 runs
    python bench/bench_run.py --quick    # 1, 100, 1,000 runs

Measured in one process, on the baseline scenario, 104 weeks after the essay's date; each
run first replays the record's 140 weeks from January 2023 (world.start = "replay"), so
every run steps 244 weeks and records 104:
- sim.run: one Mesa model steps the whole ensemble (agents hold arrays over runs).
- the same sim model one run per model instance (reps=1 in a loop).
- a plain Mesa model per run: one scalar agent per actor (13), each doing a few
  arithmetic updates and random draws a week, and a DataCollector recording 11
  model variables a week: the usual way to write such a model; it too steps the
  replay's 140 weeks unrecorded and then 104 recorded, the same work.
Peak memory (tracemalloc, which sees numpy's buffers) is measured in a second pass.
"""

from __future__ import annotations

import argparse
import gc
import math
import time
import tracemalloc
from pathlib import Path

import mesa

import sim
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.params import ACTORS

ROOT = Path(__file__).resolve().parent.parent
WEEKS = 104


class ScalarActor(mesa.Agent):
    """One actor with scalar state: a handful of float updates and draws a week."""

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.level, self.power, self.belief = 0.5, 1.0, 0.75

    def step(self) -> None:
        rng = self.model.random
        self.level += 0.05 * (0.6 - self.level) + 0.005 * rng.gauss(0, 1)
        self.power = max(1e-9, self.power + 0.05 - 0.03 * self.power
                         - 0.01 * self.model.enemy_power)
        self.belief += 0.1 * (1 / (1 + math.exp(-(2 - 3 * self.level))) - self.belief)
        if rng.random() < 0.01:
            self.model.events += 1


class PlainModel(mesa.Model):
    """The baseline: one model per run, scalar agents, a DataCollector."""

    def __init__(self, seed: int) -> None:
        super().__init__(rng=seed)
        self.enemy_power, self.events, self.front = 1.0, 0, 0.0
        self.recording = True
        self.actors = [ScalarActor(self) for _ in ACTORS]
        reporters = {f"var{i}": (lambda m, i=i: m.actors[i].level) for i in range(10)}
        reporters["front"] = "front"
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    def step(self) -> None:
        self.agents.do("step")
        self.front = max(-1.0, min(1.0, self.front + 0.01 * math.tanh(
            self.actors[0].power - self.actors[1].power) + 0.006 * self.random.gauss(0, 1)))
        if self.recording:
            self.datacollector.collect(self)


def plain_mesa(reps: int) -> None:
    for run in range(reps):
        model = PlainModel(seed=run)
        model.recording = False
        for _ in range(BRANCH_WEEK):  # the replay, unrecorded
            model.step()
        model.recording = True
        for _ in range(WEEKS):
            model.step()
        model.datacollector.get_model_vars_dataframe()


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def peak_memory(fn, *args) -> int:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 10,000 runs")
    args = parser.parse_args()
    sizes = [1, 100, 1000] if args.quick else [1, 100, 1000, 10000]
    scenario = sim.load_scenario(ROOT / "scenarios" / "baseline.toml")

    def vectorized(reps: int) -> None:
        _ = sim.run(scenario, reps=reps, seed=1).summary  # builds the summary table

    def one_per_model(reps: int) -> None:
        for run in range(reps):
            _ = sim.run(scenario, reps=1, seed=run).summary

    def with_tables(reps: int) -> None:
        results = sim.run(scenario, reps=reps, seed=1)
        _ = results.summary, results.timeseries, results.actors_table

    vectorized(10)  # warm-up: imports, caches
    plain_mesa(2)
    print(f"sim {sim.__version__}, mesa {mesa.__version__}; baseline scenario, {WEEKS} weeks "
          f"after a replay of {BRANCH_WEEK}")
    print("Illustrative model; these numbers measure speed, not the world.\n")
    print(f"{'runs':>7} | {'sim.run s':>10} {'ms/run':>8} | {'+tables s':>9} | "
          f"{'sim 1/model ms/run':>18} | {'plain Mesa ms/run':>17} | {'speed-up':>8}")
    for reps in sizes:
        t_vec = timed(vectorized, reps)
        t_tables = timed(with_tables, reps)
        base_reps = min(reps, 1000)
        t_plain = timed(plain_mesa, base_reps) / base_reps
        t_single = timed(one_per_model, min(reps, 200)) / min(reps, 200)
        ratio = t_plain / (t_vec / reps)
        print(f"{reps:>7} | {t_vec:>10.3f} {1e3 * t_vec / reps:>8.4f} | {t_tables:>9.3f} | "
              f"{1e3 * t_single:>18.3f} | {1e3 * t_plain:>17.3f} | {ratio:>7.1f}x")
    print("\n(+tables: also building the timeseries and actors DataFrames. "
          "Per-run baselines are measured on min(runs, 1000) and min(runs, 200) runs.)")
    print("\nPeak memory of sim.run incl. tables (tracemalloc):")
    for reps in sizes[1:]:
        peak = peak_memory(with_tables, reps)
        print(f"{reps:>7} runs: {peak / 2**20:8.1f} MiB  ({peak / reps / 1024:6.1f} KiB per run)")


if __name__ == "__main__":
    main()
