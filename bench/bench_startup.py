"""Benchmark: how long a user waits. Start-up and the default run, end to end.

    python bench/bench_startup.py

Each command is run 5 times in a fresh process; the median wall-clock time is
printed, with the time of an empty Python start-up in the same run as the floor.
Goals: `sim --help` under 0.3 s, `sim run scenarios/us_commits.toml` (200 runs,
writing every file) under 1.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIM = Path(sys.executable).with_name("sim")


def wall(command: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
            ("python -c 'import cli'", [sys.executable, "-c", "import cli"]),
            ("sim --help", [str(SIM), "--help"]),
            ("sim params", [str(SIM), "params"]),
            ("sim check scenarios/us_commits.toml", [str(SIM), "check",
                                                     "scenarios/us_commits.toml"]),
            ("sim run scenarios/us_commits.toml (200 runs)",
             [str(SIM), "run", "scenarios/us_commits.toml", "-q", "--out", f"{out}/r"]),
        ]
        floor = None
        print("Median of 5 fresh processes; illustrative model, these numbers measure speed.\n")
        print(f"{'command':<48} {'seconds':>8} {'x floor':>8}")
        for label, command in rows:
            seconds = wall(command)
            floor = floor or seconds
            print(f"{label:<48} {seconds:>8.3f} {seconds / floor:>7.1f}x")


if __name__ == "__main__":
    main()
