"""The figure of a robust-decision study: satisficing per strategy with its interval (and,
with critics' worlds crossed, its share in each world alone), and each measure's regret per
strategy."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.analysis.robust import REGRET_PERCENTILE, Robust
from sim.ensemble.writer import PROJECTION_LABEL

_SATISFICING, _REGRET, _WORST, _WORLD = "#1f77b4", "#ff7f0e", "#333333", "#9467bd"


def robust_figure(result: Robust) -> Figure:
    """Left: the share of the worlds where each strategy meets every threshold (95% Wilson
    interval; with critics' worlds crossed, a dot per world: the share in its plausible sets
    alone). Right, a panel per measure: its 90th-percentile regret (bar, with its
    distribution-free 95% interval) and its maximum (tick), in the measure's unit."""
    measures = result.policies.measures
    strategies = len(result.scores)
    fig = Figure(figsize=(3.6 + 2.5 * len(measures), 1.3 + 0.42 * strategies),
                 layout="constrained")
    FigureCanvasAgg(fig)
    axes = np.atleast_1d(fig.subplots(1, 1 + len(measures), sharey=True))
    y = np.arange(strategies)[::-1]
    share = np.array([s.satisficing.value for s in result.scores])
    low = np.array([s.satisficing.low for s in result.scores])
    high = np.array([s.satisficing.high for s in result.scores])
    ax = axes[0]
    ax.barh(y, share, color=_SATISFICING, height=0.6)
    ax.errorbar(share, y, xerr=[share - low, high - share], fmt="none", ecolor=_WORST,
                elinewidth=0.8, capsize=2)
    _per_world(ax, result, y)
    ax.set_xlim(0, 1)
    ax.set_yticks(y, [s.strategy for s in result.scores], fontsize=8)
    ax.set_xlabel("share of the worlds", fontsize=8)
    ax.set_title("meets every threshold", fontsize=9, loc="left")
    for i, (measure, ax) in enumerate(zip(measures, axes[1:], strict=True)):
        scale = 100.0 if measure.kind.is_share else 1.0
        p90 = scale * np.array([s.regret_p90[i] for s in result.scores])
        p90_low = scale * np.array([s.regret_p90_low[i] for s in result.scores])
        p90_high = scale * np.array([s.regret_p90_high[i] for s in result.scores])
        worst = scale * np.array([s.regret_max[i] for s in result.scores])
        ax.barh(y, p90, color=_REGRET, height=0.6, label=f"{REGRET_PERCENTILE}th percentile")
        ax.errorbar(p90, y, xerr=[p90 - p90_low, p90_high - p90], fmt="none", ecolor=_WORST,
                    elinewidth=0.8, capsize=2)
        ax.plot(worst, y, "|", color=_WORST, markersize=10, label="maximum")
        ax.set_xlim(0, max(float(worst.max()), 1e-9) * 1.08)
        unit = "pp of runs" if measure.kind.is_share else measure.kind.unit
        ax.set_xlabel(f"regret, {unit}", fontsize=8)
        ax.set_title(f"{measure.kind.label} ({'lower' if measure.lower_is_better else 'higher'}"
                     " is better)", fontsize=9, loc="left")
    for ax in axes:
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    handles, labels = axes[-1].get_legend_handles_labels()
    world_handles, world_labels = axes[0].get_legend_handles_labels()
    handles, labels = world_handles + handles, world_labels + labels
    fig.legend(handles, labels, fontsize=7, ncols=len(labels), loc="outside lower right")
    fig.suptitle(f"Robustness over {result.worlds} plausible worlds x {result.policies.reps} "
                 f"runs - {PROJECTION_LABEL}", fontsize=10)
    return fig


def _per_world(ax, result: Robust, y: np.ndarray) -> None:
    """Each strategy's satisficing in each world crossed alone, as dots on its row (none
    when only the essay's own world is)."""
    if len(result.crossed) < 2:
        return
    for k, scores in enumerate(result.by_world):
        shares = np.array([s.satisficing.value for s in scores])
        ax.plot(shares, y, "o", color=_WORLD, markersize=3, alpha=0.6,
                label="in one world alone" if k == 0 else None)
