"""Benchmark: deciding all fourteen claims, with arms shared across claims or not, and
with the record's replay shared across arms or not.

    python bench/bench_claims.py              # 1,000 runs per arm
    python bench/bench_claims.py --reps 200
    python bench/bench_claims.py --worlds     # also `sim claims` at its defaults (minutes)

Measured in one process:
- shared: `sim.analysis.evaluate.evaluate` on all claims at once, so an arm that several
  claims compare (the same scenario and changes) runs once;
- per claim (the baseline): each claim evaluated on its own, so shared arms
  run again for every claim that compares them.
Both exclude writing the report (charts); `sim claims` adds about 3 s for that.

Then the replay: every run first replays the record's 140 weeks, which the arms of a
claim (they differ only in policies) replay alike; the model replays each distinct run
once and widens at the branch (sim.model.shared_replay). The baseline is the same
evaluation with each arm replaying for itself (the sharing switched off), the same runs
to the same bytes. With ``--worlds`` that is timed on `sim claims` at its defaults too
(32 plausible worlds, 200 runs per arm in each, and the judgement ranges' ends).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from sim.analysis.claims import load_claims
from sim.analysis.settings import CLAIMS_SET_REPS, CLAIMS_SETS
from sim.report.studies import evaluate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--worlds", action="store_true",
                        help="also time `sim claims` at its defaults, replay shared or not")
    args = parser.parse_args()
    claims = load_claims([ROOT / "claims"])
    evaluate(claims[:1], reps=10)  # warm up imports and caches

    start = time.perf_counter()
    shared = evaluate(claims, reps=args.reps)
    shared_seconds = time.perf_counter() - start

    start = time.perf_counter()
    arms_per_claim = 0
    for claim in claims:
        arms_per_claim += len(evaluate([claim], reps=args.reps).scenarios)
    separate_seconds = time.perf_counter() - start

    print(f"{len(claims)} claims, {args.reps} runs per arm")
    print(f"  shared arms : {len(shared.scenarios):3d} arms run  {shared_seconds:6.2f} s")
    print(f"  per claim   : {arms_per_claim:3d} arms run  {separate_seconds:6.2f} s  (baseline)")
    print(f"  speed-up from sharing: {separate_seconds / shared_seconds:.2f}x")

    studies = {"pooled runs": lambda: evaluate(claims, reps=args.reps)}
    if args.worlds:
        studies["sim claims defaults"] = lambda: evaluate(
            claims, reps=args.reps, sets=CLAIMS_SETS, set_reps=CLAIMS_SET_REPS, assumed=True)
    print("the record's replay, shared by the runs that replay alike, or not:")
    for name, study in studies.items():
        shared_replay = timed(study)
        with mock.patch("sim.model.model.shared_replay", return_value=None):
            every_arm = timed(study)
        print(f"  {name:20s}: shared {shared_replay:6.2f} s, each arm its own {every_arm:6.2f} s "
              f"(baseline): {every_arm / shared_replay:.2f}x")


def timed(study: Callable[[], Any]) -> float:
    start = time.perf_counter()
    study()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
