"""Figures drawn from results on disk (never by re-running the model).

Uses matplotlib's object API with the Agg canvas, so no window or display is
needed and no global pyplot state is touched. Each scenario keeps its colour in
every figure: shipped scenarios have fixed colours, others get one from a hash
of their name (moved to a free colour if two would clash in one figure).
"""

from __future__ import annotations

import io
import textwrap
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.analysis.compare import Comparison
from sim.analysis.evaluate import ClaimResult
from sim.ensemble.results import PROJECTION_NOTE
from sim.ensemble.resultsets import ResultSet
from sim.ensemble.writer import PROJECTION_LABEL
from sim.model.outcomes import OUTCOME_LABELS, OUTCOMES

#: Scenario colours: distinct from each other and from every outcome colour below (no
#: scenario in the green of a cease-fire or the red of renewed war; a test checks it).
PALETTE = ("#4c4c4c", "#1f77b4", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2",
           "#a6761d", "#bcbd22", "#1b9e77", "#6b6ecf", "#e7298a", "#843c39", "#636363")
SCENARIO_COLORS = {name: PALETTE[i] for i, name in enumerate(
    ("baseline", "us_commits", "us_hesitates", "europe_alone", "congress_acts", "axis_surge",
     "eu_vetoed", "aid_cut"))}
OUTCOME_COLORS = {"stalemate": "#9e9e9e", "talks_without_agreement": "#f2c14e",
                  "ceasefire": "#2e7d32", "renewed_war": "#c62828", "capitulation": "#4a148c"}

#: The fan-chart panels of `sim plot`: timeseries column, title, y-axis label, and the
#: variable's full scale (the axis shows it, or says how far it is zoomed in; None for
#: an amount in the record's units, whose axis fits the runs and names the unit).
FAN_PANELS: tuple[tuple[str, str, str, tuple[float, float] | None], ...] = (
    ("russia_held_km2", "Territory Russia holds", "km2 (of Ukraine's 603,550)", None),
    ("russia_capacity", "Russia's war-economy capacity", "0..1 of pre-war", (0.0, 1.0)),
    ("sanctions_pressure", "Sanctions pressure on Russia", "0..1", (0.0, 1.0)),
    ("aid_effective_eur_bn", "Military aid delivered to Ukraine, as it counts",
     "EUR bn a week (after lags and unity)", None),
    ("unity", "Western unity", "0..1", (0.0, 1.0)),
    ("russia_time_belief", "Russia's belief that time is on its side", "0..1", (0.0, 1.0)),
)
#: Zoom in only when the data would fill less than this share of the full scale.
ZOOM_BELOW = 0.25
#: Draw the 10-90% bands of at most this many scenarios in one panel (more is mud).
MAX_BANDS = 3
PERCENTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class Fan:
    """Percentiles of one variable across runs, week by week (rows follow PERCENTILES)."""

    weeks: np.ndarray
    bands: np.ndarray

    def band(self, percentile: int) -> np.ndarray:
        return self.bands[PERCENTILES.index(percentile)]


def fan(timeseries: pd.DataFrame, variable: str) -> Fan:
    """Week-by-week percentiles of ``variable`` over runs."""
    table = timeseries.pivot(index="week", columns="run", values=variable)
    return Fan(table.index.to_numpy(), np.nanpercentile(table.to_numpy(), PERCENTILES, axis=1))


def scenario_colors(names: Sequence[str]) -> list[str]:
    """A colour per scenario name: fixed for shipped ones, hashed for others, no clashes."""
    colors: list[str] = []
    for name in names:
        color = SCENARIO_COLORS.get(name, PALETTE[zlib.crc32(name.encode()) % len(PALETTE)])
        start = PALETTE.index(color)
        for step in range(len(PALETTE)):
            candidate = PALETTE[(start + step) % len(PALETTE)]
            if candidate not in colors:
                color = candidate
                break
        colors.append(color)
    return colors


def _scenario_name(result: ResultSet) -> str:
    return str(result.summary["scenario"].iloc[0])


def honest_scale(ax: Axes, fans: Sequence[Fan], full: tuple[float, float] | None) -> str:
    """Show the variable's full scale, or zoom in and say so on the axes.

    Returns the note written on the panel ('' when the full scale is shown, or the
    variable is an amount with no full scale, ``full`` None): a change of 0.02 must
    not look like a collapse.
    """
    if full is None:
        return ""
    low = min(float(np.nanmin(f.band(10))) for f in fans)
    high = max(float(np.nanmax(f.band(90))) for f in fans)
    span = full[1] - full[0]
    if high - low >= ZOOM_BELOW * span or low < full[0] or high > full[1]:
        ax.set_ylim(min(full[0], low), max(full[1], high))
        return ""
    pad = max(0.1 * (high - low), 0.002 * span)
    ax.set_ylim(low - pad, high + pad)
    note = (f"axis zoomed to {low:.3g}..{high:.3g} "
            f"({100 * (high - low) / span:.0f}% of the {full[0]:g}..{full[1]:g} scale)")
    ax.text(0.02, 0.03, note, transform=ax.transAxes, fontsize=7.5, color="#555555",
            bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "boxstyle": "round,pad=0.2"})
    return note


def _draw_fan(ax: Axes, data: Fan, color: str, label: str, quartiles: bool = False,
              band: bool = True) -> None:
    if band:
        ax.fill_between(data.weeks, data.band(10), data.band(90), color=color, alpha=0.15,
                        linewidth=0)
    if quartiles:
        ax.fill_between(data.weeks, data.band(25), data.band(75), color=color, alpha=0.3,
                        linewidth=0)
    ax.plot(data.weeks, data.band(50), color=color, linewidth=1.8, label=label)


def _titles(fig: Figure, title: str) -> None:
    """The title, with the note on what the numbers are under it, wrapped to the figure
    (the layout keeps both clear)."""
    note = "\n".join(textwrap.wrap(PROJECTION_NOTE, width=130))
    fig.suptitle(f"{title}\n{note}", fontsize=11, linespacing=1.6)


def comparison_figure(comparison: Comparison, fronts: Sequence[Fan]) -> Figure:
    """Territory Russia holds over time (median, 10-90% band) and stacked outcome shares per
    scenario."""
    sets = comparison.sets
    colors = scenario_colors([_scenario_name(s) for s in sets])
    fig = Figure(figsize=(12, 5.2), layout="constrained")
    FigureCanvasAgg(fig)
    front_ax, share_ax = fig.subplots(1, 2, width_ratios=(1.35, 1))
    bands = len(sets) <= MAX_BANDS
    for result, data, color in zip(sets, fronts, colors, strict=True):
        _draw_fan(front_ax, data, color, result.label, band=bands)
    front_ax.axhline(float(fronts[0].band(50)[0]), color="black", linewidth=0.6)
    what = ("median; band: 10-90% of runs" if bands
            else f"medians; bands drawn for up to {MAX_BANDS} scenarios")
    front_ax.set(title=f"Territory Russia holds ({what})", xlabel="week",
                 ylabel="km2 (of Ukraine's 603,550; line: the start)")
    honest_scale(front_ax, fronts, FAN_PANELS[0][3])
    front_ax.legend(loc="best", fontsize=8, frameon=False, ncol=1 if len(sets) <= 4 else 2)

    positions = np.arange(len(sets))[::-1]
    left = np.zeros(len(sets))
    for outcome in OUTCOMES:
        shares = np.array([comparison.row(s.label, f"share.{outcome}").value for s in sets])
        share_ax.barh(positions, shares * 100, left=left, color=OUTCOME_COLORS[outcome],
                      label=OUTCOME_LABELS[outcome], height=0.6)
        for y, x, share in zip(positions, left, shares, strict=True):
            if share >= 0.08:
                share_ax.text(x + share * 50, y, f"{share * 100:.0f}%", ha="center",
                              va="center", fontsize=8, color="white")
        left += shares * 100
    share_ax.set_yticks(positions, [s.label for s in sets])
    for tick, color in zip(share_ax.get_yticklabels(), colors, strict=True):
        tick.set_color(color)
        tick.set_fontweight("bold")
    share_ax.set(title="Outcome at the horizon (share of runs)", xlabel="% of runs",
                 xlim=(0, 100))
    share_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8,
                    frameon=False)
    counts = {s.reps for s in sets}
    runs = (f"{counts.pop():,} runs each" if len(counts) == 1
            else "runs: " + ", ".join(f"{s.label} {s.reps:,}" for s in sets))
    _titles(fig, "\n".join(textwrap.wrap(f"{len(sets)} scenarios compared ({runs})", 110)))
    return fig


def results_figure(result: ResultSet, fans: Sequence[Fan]) -> Figure:
    """Fan charts of one result, with the median weeks talks and cease-fires began."""
    color = scenario_colors([_scenario_name(result)])[0]
    fig = Figure(figsize=(13, 7.5), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 3, sharex=True).ravel()
    markers = _event_markers(result.summary)
    for ax, data, (_, title, unit, full) in zip(axes, fans, FAN_PANELS, strict=True):
        _draw_fan(ax, data, color, "median", quartiles=True)
        honest_scale(ax, [data], full)
        for week, label, style in markers:
            ax.axvline(week, color="black", linestyle=style, linewidth=1, label=label)
        ax.set(title=title, ylabel=unit)
        ax.grid(alpha=0.25)
    for ax in axes[3:]:
        ax.set_xlabel("week")
    handles, labels = axes[0].get_legend_handles_labels()
    labels[0] = "median (bands: 25-75% and 10-90% of runs)"
    fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=9, frameon=False)
    horizon = "" if result.weeks is None else f" x {result.weeks} weeks"
    _titles(fig, f"{result.label}: {result.reps} runs{horizon}")
    return fig


def _event_markers(summary: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(median week, legend label, line style) for talks and cease-fires that happened."""
    markers = []
    for column, what, style in (("talks_week", "talks begin", "--"),
                                ("ceasefire_week", "cease-fire", ":")):
        weeks = summary[column].dropna()
        if len(weeks):
            markers.append((float(weeks.median()),
                            f"{what}: median week {weeks.median():.0f} "
                            f"({len(weeks)} of {len(summary)} runs)", style))
    return markers


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as bytes in ``fmt`` (png, svg or pdf)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=110, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No software version or date inside the file: the same results, the same PNG bytes.
    return {"png": {"Software": None}, "svg": {"Date": None},
            "pdf": {"CreationDate": None}}[fmt]


VERDICT_COLORS = {"supported": "#2e7d32", "calibrated": "#81a784", "not supported": "#c62828",
                  "inconclusive": "#757575", "untestable": "#bdbdbd"}


def claim_figure(result: ClaimResult) -> Figure:
    """Each check of a claim: its effect and 95% interval against the margin it needs."""
    checks = result.checks
    fig = Figure(figsize=(7.5, 0.6 + 1.05 * len(checks)), layout="constrained")
    FigureCanvasAgg(fig)
    axes = np.atleast_1d(fig.subplots(len(checks), 1))
    for ax, check in zip(axes, checks, strict=True):
        spec, effect = check.check, check.effect
        color = VERDICT_COLORS[check.verdict]
        if spec.direction == "within":
            ax.axvspan(-spec.margin, spec.margin, color="#2e7d32", alpha=0.12, linewidth=0)
        else:
            ax.axvline(spec.margin, color="black", linestyle="--", linewidth=1)
        ax.axvline(0, color="#999999", linewidth=0.6)
        if not np.isnan(effect.low):
            ax.plot([effect.low, effect.high], [0, 0], color=color, linewidth=3,
                    solid_capstyle="butt")
        ax.plot([effect.value], [0], "o", color=color, markersize=7)
        needs = f"{spec.direction} {spec.margin:g}"
        ax.set_title(f"{spec.name or spec.metric}: {check.verdict} (needs {needs})",
                     fontsize=9, loc="left", color=color)
        ax.set_yticks([])
        ax.set_xlabel(f"effect on {spec.metric}", fontsize=8)
        ax.tick_params(labelsize=8)
        values = [v for v in (effect.value, effect.low, effect.high, spec.margin, 0.0,
                              -spec.margin if spec.direction == "within" else 0.0)
                  if not np.isnan(v)]
        span = max(values) - min(values) or 1.0
        ax.set_xlim(min(values) - 0.15 * span, max(values) + 0.15 * span)
    claim = result.claim
    fig.suptitle(f"{claim.id} ({claim.paragraph}): {result.verdict} - {PROJECTION_LABEL}",
                 fontsize=10)
    return fig
