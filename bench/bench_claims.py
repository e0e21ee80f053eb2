"""Benchmark: deciding all fourteen claims, with arms shared across claims or not.

    python bench/bench_claims.py              # 1,000 runs per arm
    python bench/bench_claims.py --reps 200

Measured in one process:
- shared: `sim.analysis.evaluate.evaluate` on all claims at once, so an arm that several
  claims compare (the same scenario and changes) runs once;
- per claim (the baseline): each claim evaluated on its own, so shared arms
  run again for every claim that compares them.
Both exclude writing the report (charts); `sim claims` adds about 3 s for that.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sim.analysis.claims import load_claims
from sim.report.studies import evaluate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
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


if __name__ == "__main__":
    main()
