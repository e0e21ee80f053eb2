"""The short table `sim run` prints for people."""

from __future__ import annotations

import math
import textwrap

import numpy as np

from sim.outcomes import OUTCOMES
from sim.results import ILLUSTRATIVE, Results
from sim.stats import mean_interval, wilson


def _pct(x: float) -> str:
    return "   -" if math.isnan(x) else f"{100 * x:5.1f}%"


def _weeks(column) -> str:
    happened = column.dropna().to_numpy(dtype=float)
    if len(happened) == 0:
        return "never"
    q1, median, q3 = np.percentile(happened, [25, 50, 75])
    return f"{median:5.0f}   (IQR {q1:.0f}-{q3:.0f}; in {len(happened)} runs)"


def summary_table(results: Results) -> str:
    """Outcome shares with 95% intervals, weeks to talks and cease-fire, the final front."""
    s = results.summary
    n = len(s)
    lines = [f"{results.scenario.name}: {n} runs x {results.scenario.weeks} weeks, "
             f"seed {results.seed}",
             "",
             f"  {'outcome':<26}{'share':>7}   95% interval"]
    counts = s["outcome"].value_counts()
    for outcome in OUTCOMES:
        est = wilson(int(counts.get(outcome, 0)), n)
        lines.append(f"  {outcome:<26}{_pct(est.value):>7}   [{_pct(est.low)}, {_pct(est.high)}]")
    lines += ["",
              f"  {'median weeks to talks':<30}{_weeks(s['talks_week'])}",
              f"  {'median weeks to serious talks':<30}{_weeks(s['serious_talks_week'])}",
              f"  {'median weeks to cease-fire':<30}{_weeks(s['ceasefire_week'])}"]
    front = mean_interval(s["final_front"].to_numpy())
    interval = ("" if math.isnan(front.low)
                else f"  (95% interval {front.low:+.3f} to {front.high:+.3f})")
    lines += [f"  {'final front, mean':<30}{front.value:+.3f}{interval}",
              f"  {'':<30}(-1..+1; above 0 = Ukraine has gained)",
              ""]
    lines += textwrap.wrap(ILLUSTRATIVE, width=78, initial_indent="  ",
                           subsequent_indent="  ")
    return "\n".join(lines)
