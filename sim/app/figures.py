"""The page's figure: the territory Russia holds and its belief over time (reference against this
setting), and the outcome shares of both."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.ensemble.writer import PROJECTION_LABEL
from sim.model.outcomes import OUTCOME_LABELS, OUTCOMES
from sim.report.figures import OUTCOME_COLORS, PERCENTILES, Fan

_PANELS = (("russia_held_km2", "Territory Russia holds (km2, of 603,550)", None),
           ("russia_time_belief", "Russia's belief that time is on its side (0..1)",
            (0.0, 1.0)))
_COLORS = ("#4c4c4c", "#1f77b4")


def page_figure(view, outcomes: bool = True) -> Figure:
    """Two fan charts (median and 10-90% of runs, week by week) and, with ``outcomes``, the
    outcome shares at the horizon (a pause leaves them out: they are still to come)."""
    fig = Figure(figsize=(11, 3.6), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 3 if outcomes else 2,
                        width_ratios=[1, 1, 0.8] if outcomes else [1, 1])
    labels = [s.label for s in view.comparison.sets]
    for ax, (variable, title, limits) in zip(axes[:2], _PANELS, strict=True):
        for data, color, label in zip(view.fans[variable], _COLORS, labels, strict=True):
            _fan(ax, data, color, label)
        ax.set_title(title, fontsize=9, loc="left")
        ax.set_xlabel("week", fontsize=8)
        if limits is not None:
            ax.set_ylim(*limits)
        ax.tick_params(labelsize=8)
    axes[0].legend(fontsize=7, loc="lower left")
    fig.suptitle(f"What the model gives under these assumptions: {PROJECTION_LABEL}",
                 fontsize=9)
    if outcomes:
        _outcome_shares(axes[2], view, labels)
    return fig


def _outcome_shares(ax, view, labels: list[str]) -> None:
    """Each side's outcome shares at the horizon, as stacked bars."""
    y = np.arange(len(labels))[::-1]
    left = np.zeros(len(labels))
    for outcome in OUTCOMES:
        key = f"share.{outcome}"
        shares = np.array([view.comparison.row(label, key).value for label in labels])
        ax.barh(y, shares, left=left, color=OUTCOME_COLORS[outcome], height=0.6,
                label=OUTCOME_LABELS[outcome])
        left += shares
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_title("Outcomes at the horizon (share of runs)", fontsize=9, loc="left")
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)


def _fan(ax, data: Fan, color: str, label: str) -> None:
    ax.fill_between(data.weeks, data.band(PERCENTILES[0]), data.band(PERCENTILES[-1]),
                    color=color, alpha=0.15, linewidth=0)
    ax.plot(data.weeks, data.band(50), color=color, linewidth=1.6, label=label)
