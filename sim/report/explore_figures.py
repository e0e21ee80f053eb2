"""Figures of an exploration: ranked sensitivity indices, PRIM boxes, claims' robustness."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.analysis.discovery import Box
from sim.analysis.explore import SENSITIVITY_MEASURES, Exploration
from sim.analysis.robustness import Robustness
from sim.analysis.sensitivity import RANKING_INDEX, ranked
from sim.ensemble.writer import PROJECTION_LABEL
from sim.report.figures import VERDICT_COLORS

#: Parameters shown per measure in the ranked bars.
TOP = 8


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def sensitivity_figure(exploration: Exploration) -> Figure | None:
    """Per measure, the parameters ranked by the method's ranking index, with intervals."""
    method = exploration.space.method
    index = RANKING_INDEX[method]
    measures = [m for m in SENSITIVITY_MEASURES
                if ranked(exploration.indices, m, method)]
    if not measures:
        return None
    columns = 2
    rows = (len(measures) + 1) // columns
    shown = min(TOP, len(exploration.space.keys))
    fig = _figure(11, 0.6 + rows * (0.35 * shown + 0.9))
    axes = np.atleast_1d(fig.subplots(rows, columns)).ravel()
    for ax, measure in zip(axes, measures, strict=False):
        rows_ = ranked(exploration.indices, measure, method)[:shown][::-1]
        values = np.array([r.value for r in rows_])
        low = np.array([r.ci_low for r in rows_])
        high = np.array([r.ci_high for r in rows_])
        y = np.arange(len(rows_))
        ax.barh(y, values, color="#1f77b4", height=0.65)
        has = ~np.isnan(low)
        if has.any():
            ax.errorbar(values[has], y[has], xerr=[values[has] - low[has], high[has] - values[has]],
                        fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        ax.set_yticks(y, [r.parameter for r in rows_], fontsize=7)
        ax.set_title(measure, fontsize=9, loc="left")
        ax.tick_params(axis="x", labelsize=7)
        ax.axvline(0, color="#999999", linewidth=0.6)
    for ax in axes[len(measures):]:
        ax.set_visible(False)
    fig.suptitle(f"Which assumptions decide each measure: {method} {index} (95% interval), "
                 f"top {shown} - {PROJECTION_LABEL}", fontsize=10)
    return fig


def box_figure(box: Box, ranges: dict[str, tuple[float, float] | tuple]) -> Figure:
    """PRIM for one target: the peeling trade-off, and the chosen box's limits."""
    fig = _figure(11, 4.2)
    trade, limits = fig.subplots(1, 2, width_ratios=[1, 1.2])
    path = box.trajectory
    points = trade.scatter(path["coverage"], path["density"], c=path["res_dim"], cmap="viridis",
                           s=18)
    trade.plot(path["coverage"], path["density"], color="#bbbbbb", linewidth=0.8, zorder=0)
    trade.plot([box.coverage], [box.density], "o", markersize=12, markerfacecolor="none",
               markeredgecolor="#c62828", markeredgewidth=1.5, label="reported box")
    trade.axhline(box.base_rate, color="#999999", linestyle="--", linewidth=0.8,
                  label=f"whole space ({box.base_rate:.0%})")
    trade.set_xlabel("coverage: share of the cases inside the box", fontsize=8)
    trade.set_ylabel("density: share of the box that are cases", fontsize=8)
    trade.set_xlim(0, 1.02)
    trade.set_ylim(0, 1.02)
    trade.tick_params(labelsize=7)
    trade.legend(fontsize=7, loc="lower left")
    fig.colorbar(points, ax=trade, label="parameters restricted").ax.tick_params(labelsize=7)
    trade.set_title("Peeling trade-off", fontsize=9, loc="left")
    keys = list(box.limits)
    for i, key in enumerate(keys):
        restricted, full = box.limits[key], ranges[key]
        if isinstance(full[0], str):  # choices: which are kept
            kept = [c for c in full if c in restricted]
            text = "{" + ", ".join(kept) + "}"
            limits.barh(i, 1.0, left=0.0, color="#dddddd", height=0.6)
            limits.text(0.5, i, text, ha="center", va="center", fontsize=7)
        else:
            span = full[1] - full[0]
            left = (restricted[0] - full[0]) / span
            right = (restricted[1] - full[0]) / span
            limits.barh(i, 1.0, color="#eeeeee", height=0.6)
            limits.barh(i, right - left, left=left, color="#1f77b4", height=0.6)
            limits.text(left, i + 0.38, f"{restricted[0]:.3g}", fontsize=6, ha="left")
            limits.text(right, i + 0.38, f"{restricted[1]:.3g}", fontsize=6, ha="right")
    limits.set_yticks(range(len(keys)), keys, fontsize=7)
    limits.set_xlim(0, 1)
    limits.set_xlabel("share of the parameter's range in the space", fontsize=8)
    limits.tick_params(labelsize=7)
    limits.set_ylim(-0.6, max(len(keys), 1) - 0.2)
    limits.set_title(f"Box: coverage {box.coverage:.0%}, density {box.density:.0%}",
                     fontsize=9, loc="left")
    title = textwrap.shorten(f"Where {box.target}", 90)
    fig.suptitle(f"{title} - {PROJECTION_LABEL}", fontsize=10)
    return fig


def robustness_figure(results: Sequence[Robustness]) -> Figure:
    """Per claim, the share of the space giving each verdict (stacked)."""
    fig = _figure(9, 0.8 + 0.38 * len(results))
    ax = fig.subplots()
    order = ["supported", "calibrated", "inconclusive", "untestable", "not supported"]
    y = np.arange(len(results))[::-1]
    left = np.zeros(len(results))
    for verdict in order:
        shares = np.array([r.shares[verdict].value for r in results])
        if not shares.any():
            continue
        ax.barh(y, shares, left=left, color=VERDICT_COLORS[verdict], label=verdict, height=0.7)
        left += shares
    ax.set_yticks(y, [r.claim for r in results], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the explored space", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    fig.suptitle(f"How robust each claim is across the space - {PROJECTION_LABEL}", fontsize=10)
    return fig
