"""Benchmark: what a compiled week would gain, measured on one of the week's steps.

    pip install numba && python bench/bench_compiled.py

numba is not one of sim's dependencies. This measures whether it would earn a place.
It takes the battlefield step of the week (``WarModel.fight``), the step with the most
transcendental functions:
- two noisy inflows (lognormal noise, aid absorbed with ``expm1``);
- two Lanchester power steps;
- the front's move (``log`` of the force ratio and ``tanh``, the dead zone and breach);
- the trend.

It writes that step once as a numba kernel: one fused loop over runs, with the
parameters resolved per run (each is an array over runs, or one number). The kernel is
then timed against sim's own ``fight`` on the same model state, after the record's
replay, at 1 to 100,000 runs. It also checks that both compute the same numbers.

What it prints:
- the time to import numba and to compile the kernel;
- by ensemble size: the week and the step as sim runs them, the kernel's time for the
  same step (its arguments gathered and its parameters resolved once, as a compiled week
  would hold them), the ratio, and the share of values that come out bit for bit the same.

The agreement is to the last bits only where libm and NumPy's SIMD functions agree, so a
compiled week would need a model version bump. These numbers measure speed only; the
model's results are conditional projections, not forecasts.
"""

from __future__ import annotations

import argparse
import copy
import gc
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import sim
from sim.model.mechanisms.diplomacy import CEASEFIRE
from sim.model.model import WarModel
from sim.model.streams import run_keys
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.units import UKRAINE_AREA_KM2

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "baseline.toml"
WEEKS_BEFORE = BRANCH_WEEK + 10  # the state a week of the scenario starts from
MIN_POWER = 1e-9  # battlefield._MIN_POWER


def compile_kernel() -> Callable[..., None]:
    """``WarModel.fight`` as one numba loop over runs, updating the state in place."""
    from numba import njit

    @njit(cache=False)
    def fight(ukraine, russia, aid_flow, talks, gain, momentum, normal_ukraine,
              normal_russia, normal_front, saturation, aid_to_power, domestic, power_noise,
              depreciation, attrition, exchange, production, industry, capacity,
              north_korea, held, speed, sensitivity, front_noise, start_log_ratio,
              window, dead_zone, has_dead_zone, breach):  # pragma: no cover (compiled)
        k = 5.0 * saturation
        sd = np.float32(power_noise)  # sim scales the float32 normals in float32
        half_variance = np.float32(0.5 * power_noise**2)
        weight = 1.0 / window
        for i in range(ukraine.shape[0]):
            fighting = talks[i] != CEASEFIRE
            absorbed = aid_flow[i] if k == 0.0 else -np.expm1(-k * aid_flow[i]) / k
            ukraine_in = ((domestic + aid_to_power[i] * absorbed)
                          * np.float64(np.exp(sd * normal_ukraine[i] - half_variance)))
            russia_in = ((production * industry[i] * capacity[i] + north_korea[i])
                         * np.float64(np.exp(sd * normal_russia[i] - half_variance)))
            u, r = ukraine[i], russia[i]
            u_loss = attrition * r if fighting else 0.0
            r_loss = attrition * exchange * u if fighting else 0.0
            u = max(u + ukraine_in - depreciation * u - u_loss, MIN_POWER)
            r = max(r + russia_in - depreciation * r - r_loss, MIN_POWER)
            ukraine[i], russia[i] = u, r
            before = gain[i]
            shift = np.log(u / r) - start_log_ratio[i]
            if has_dead_zone:
                shift = np.sign(shift) * max(abs(shift) - dead_zone[i], 0.0)
            drift = speed[i] * np.tanh(sensitivity[i] * shift)
            if drift < 0:
                drift = drift * (1.0 + breach[i])
            moved = before + drift + np.float64(np.float32(front_noise[i]) * normal_front[i])
            after = moved if fighting else before
            after = min(max(after, held[i] - UKRAINE_AREA_KM2), held[i])
            gain[i] = after
            momentum[i] = (1.0 - weight) * momentum[i] + weight * (after - before)

    return fight


def per_run(value: object, runs: int) -> np.ndarray:
    """A parameter as an array over runs (resolved once: one value or one per run)."""
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (runs,)).copy()


def kernel_arguments(model: WarModel) -> tuple:
    """The kernel's arguments from the model's state and parameters this week."""
    w, runs = model._w, model.runs
    dead_zone = model._dead_zone()
    return (model.ukraine.power, model.russia.power, model.aid_flow, model.talks,
            model.ukraine_gain_km2, model.momentum, model.draws.normal["ukraine_power"],
            model.draws.normal["russia_power"], model.draws.normal["front"],
            float(w("aid_saturation")), per_run(w("aid_to_power"), runs),
            float(model.ukraine.p("domestic_production")), float(w("power_noise")),
            float(w("depreciation_rate")), float(w("attrition_rate")),
            float(w("loss_exchange_ratio")), float(model.russia.p("production")),
            model.russia.industry, model.russia.capacity,
            per_run(model.north_korea.power, runs), per_run(w("russia_held_km2"), runs),
            per_run(w("front_speed_km2_per_week"), runs), per_run(w("front_sensitivity"), runs),
            per_run(w("front_noise_km2_per_week"), runs),
            per_run(model.start.log_force_ratio, runs), float(w("trend_window_weeks")),
            per_run(0.0 if dead_zone is None else dead_zone, runs), dead_zone is not None,
            per_run(model.breach, runs))


def model_after_replay(runs: int) -> WarModel:
    model = WarModel(sim.load_scenario(SCENARIO), run_keys(1, runs))
    for _ in range(WEEKS_BEFORE):
        model.step()
    return model


def agreement(model: WarModel, kernel: Callable[..., None]) -> tuple[float, float]:
    """One step from the same state both ways: the share of the state's values (powers,
    the front, the trend) that are the same bits, and the largest difference in the front
    (km2)."""
    reference = copy.deepcopy(model)
    reference.fight()
    arguments = [a.copy() if isinstance(a, np.ndarray) else a for a in kernel_arguments(model)]
    kernel(*arguments)
    pairs = [(arguments[0], reference.ukraine.power), (arguments[1], reference.russia.power),
             (arguments[4], reference.ukraine_gain_km2), (arguments[5], reference.momentum)]
    same = np.mean([np.mean(mine == theirs) for mine, theirs in pairs])
    return float(same), float(np.max(np.abs(arguments[4] - reference.ukraine_gain_km2)))


def best_seconds(step: Callable[[], None], repeats: int) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        for _ in range(repeats):
            step()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1_000, 10_000, 100_000],
                        help="ensemble sizes [default: 1 100 1000 10000 100000]")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        import numba
    except ImportError:
        raise SystemExit("bench_compiled.py needs numba (not one of sim's dependencies): "
                         "pip install numba") from None
    imported = time.perf_counter() - start
    kernel = compile_kernel()
    start = time.perf_counter()
    kernel(*kernel_arguments(model_after_replay(2)))
    compiled = time.perf_counter() - start
    print(f"sim {sim.__version__}, numba {numba.__version__}: importing numba {imported:.2f} s, "
          f"compiling the kernel {compiled:.2f} s (every fresh process, unless cached).")
    print("WarModel.fight (the battlefield step) from the same state, sim's NumPy against "
          "one fused numba loop:\n")
    print(f"{'runs':>8} {'week ms':>9} {'fight ms':>9} {'of week':>8} {'kernel ms':>10} "
          f"{'kernel x':>9} {'same bits':>10} {'front diff km2':>15}")
    for runs in args.sizes:
        model = model_after_replay(runs)
        same, front_difference = agreement(model, kernel)
        repeats = max(3, min(300, 300_000 // runs))
        ours = copy.deepcopy(model)
        fight = best_seconds(ours.fight, repeats)
        arguments = kernel_arguments(copy.deepcopy(model))  # resolved once; updated in place
        compiled = best_seconds(lambda a=arguments: kernel(*a), repeats)
        week = best_seconds(copy.deepcopy(model).step, max(3, repeats // 10))
        print(f"{runs:>8,} {week * 1e3:9.3f} {fight * 1e3:9.4f} {fight / week:8.1%} "
              f"{compiled * 1e3:10.4f} {fight / compiled:8.2f}x {same:10.1%} "
              f"{front_difference:15.1e}")
    print("\nkernel x above 1: the compiled step is faster. Speed only: the model's results are "
          "conditional projections, not forecasts.")


if __name__ == "__main__":
    main()
