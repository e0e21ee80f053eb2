"""What `sim calibrate` writes: waves.csv, points.csv, plausible.csv, sets.csv (what
`sim run` draws from), targets.png, report.md and manifest.json (with each parameter's
status and central value), into one folder (atomically); and its console table."""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.calibrate import (
    Calibration,
    constrained,
    draw_sets,
    parameter_fits,
    prior_bounds,
    run_seed,
)
from sim.analysis.replay import CUTOFF
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.ensemble.writer import CSV_OPTIONS, PROJECTION_NOTE, package_versions
from sim.model import MODEL_VERSION
from sim.scenarios.record import Record


def waves_frame(calibration: Calibration) -> pd.DataFrame:
    """One row per wave: its points, survivors, the share ruled out, and the range its
    points span."""
    rows = []
    for wave in calibration.waves:
        row: dict[str, Any] = {"wave": wave.number, "points": wave.points,
                               "plausible": int(wave.survivors.sum()),
                               "ruled_out": wave.ruled_out}
        for key, (low, high) in wave.bounds.items():
            row[f"{key}.low"], row[f"{key}.high"] = low, high
        rows.append(row)
    return pd.DataFrame(rows)


def points_frame(calibration: Calibration) -> pd.DataFrame:
    """Every point of every wave: its values, each target's mean and implausibility, the
    largest, and whether it survived."""
    frames = []
    for wave in calibration.waves:
        frame = pd.DataFrame({"wave": wave.number, "point": np.arange(wave.points),
                              **wave.values})
        for i, target in enumerate(calibration.targets):
            frame[f"{target.id}.mean"] = wave.means[:, i]
            frame[f"{target.id}.I"] = wave.implausibility[:, i]
        frame["max_I"] = wave.implausibility.max(axis=1)
        frame["plausible"] = wave.survivors
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def plausible_frame(calibration: Calibration) -> pd.DataFrame:
    """Every wave's plausible points: the wave and point, the parameters, the largest I."""
    frame = pd.DataFrame(calibration.plausible)
    frame.insert(0, "wave", calibration.plausible_wave)
    frame.insert(1, "point", np.concatenate([np.flatnonzero(w.survivors)
                                             for w in calibration.waves]))
    frame["max_I"] = np.concatenate([w.implausibility.max(axis=1)[w.survivors]
                                     for w in calibration.waves])
    return frame


def sets_frame(calibration: Calibration) -> pd.DataFrame:
    """The parameter sets `sim run` draws from (sets.csv): the first wave's plausible
    points, one row each (sim.analysis.calibrate.draw_sets says why that wave)."""
    return pd.DataFrame(draw_sets(calibration))


def parameters_manifest(calibration: Calibration) -> list[dict[str, Any]]:
    """Each free parameter's prior, plausible span, status, central value and the targets
    that constrain it (what `sim params` and `sim run --point` read)."""
    return [{"key": f.key, "prior": list(f.prior), "plausible_5_95": list(f.span),
             "share_of_prior": round(f.share, 4), "status": f.status, "central": f.central,
             "constrained_by": list(f.constrained_by)} for f in parameter_fits(calibration)]


def _share(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


#: What "ruled out" means after the first wave.
NEAR = ("from wave 2 on, the share of points drawn near the last wave's survivors, not of "
        "the whole space")


def targets_figure(calibration: Calibration) -> Any:
    """Per target: each wave's point means (box plots) against the record's value and its
    3-sigma band (observation and discrepancy)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    targets = calibration.targets
    columns = 4
    rows = math.ceil(len(targets) / columns)
    fig = Figure(figsize=(3.4 * columns, 2.6 * rows + 0.8), layout="constrained")
    FigureCanvasAgg(fig)
    axes = np.atleast_1d(fig.subplots(rows, columns)).ravel()
    for ax, (i, target) in zip(axes, enumerate(targets), strict=False):
        data = [wave.means[:, i] for wave in calibration.waves]
        ax.boxplot(data, whis=(5, 95), showfliers=False)
        band = CUTOFF * math.hypot(target.uncertainty or 0.0, target.discrepancy or 0.0)
        ax.axhspan(target.value - band, target.value + band, color="#2e7d32", alpha=0.15)
        ax.axhline(target.value, color="#2e7d32", linewidth=1.2)
        ax.set_title(f"{target.id} ({target.unit})", fontsize=9)
        ax.set_xlabel("wave", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes[len(targets):]:
        ax.set_visible(False)
    fig.suptitle("Each wave's points (5-95%) against the record (line) and its 3-sigma band\n"
                 + PROJECTION_NOTE, fontsize=9)
    return fig


def markdown(calibration: Calibration, record: Record) -> str:
    space = calibration.space
    shares = constrained(calibration)
    prior = prior_bounds(space)
    plausible = calibration.plausible
    lines = ["# Calibration: history matching against the record", "", f"> {PROJECTION_NOTE}",
             "", f"Space `{space.source}`, scenario `{space.scenario}` (the replay), "
             f"{space.reps} runs per point, seed {space.seed}; record {record.version} "
             f"(sha256 {record.sha256[:12]}). {calibration.runs:,} runs of the replay.", "",
             "## Targets (fit: periods ending by 2024-12-31; 2025 is held out)", "",
             "| target | observed | observation sd | discrepancy sd |", "|---|---:|---:|---:|"]
    lines += [f"| `{t.id}` | {t.value:,.6g} {t.unit} | {t.uncertainty:,.6g} | "
              f"{t.discrepancy:,.6g} |" for t in calibration.targets]
    lines += ["", "## Waves", "", "| wave | points | plausible | ruled out |",
              "|---:|---:|---:|---:|"]
    lines += [f"| {w.number} | {w.points:,} | {int(w.survivors.sum()):,} | "
              f"{100 * w.ruled_out:.1f}% |" for w in calibration.waves]
    lines += ["", f"Ruled out: {NEAR}."]
    if calibration.stopped:
        lines += ["", f"Stopped after {len(calibration.waves)} of {calibration.waves_asked} "
                      f"waves: {calibration.stopped}."]
    lines += ["", "## Parameters: prior and plausible", "",
              "| parameter | prior | plausible (every wave) | 5-95% span / prior (wave 1) |",
              "|---|---|---|---:|"]
    for key, (low, high) in prior.items():
        column = plausible.get(key, np.zeros(0))
        span = f"{column.min():.4g}..{column.max():.4g}" if len(column) else "none plausible"
        lines.append(f"| `{key}` | {low:g}..{high:g} | {span} | {_share(shares[key])} |")
    lines += ["", "The last column is the 5-95% span of the first wave's plausible points (a "
              "Latin hypercube over the priors, so they sample the plausible region evenly) "
              "as a share of the prior range: 1 means the record does not narrow the "
              "parameter on its own, at most 0.5 that it constrains it. Combinations of "
              "parameters may be constrained more than each alone.", "",
              "![each target across the waves](targets.png)", ""]
    fits = parameter_fits(calibration)
    if fits:
        lines += ["## What runs draw", "",
                  f"`sim run` draws each run's free parameters from `sets.csv`: the first "
                  f"wave's {len(next(iter(draw_sets(calibration).values()))):,} plausible "
                  "points (the prior restricted to the plausible region); `--point` runs "
                  "the central set. A parameter is `calibrated` when its span is at most "
                  "half its prior, else `unconstrained`.", "",
                  "| parameter | status | central | constrained by |", "|---|---|---:|---|"]
        lines += [f"| `{f.key}` | {f.status} | {f.central:.4g} | "
                  f"{', '.join(f.constrained_by) or '-'} |" for f in fits]
        lines.append("")
    return "\n".join(lines)


def calibration_table(calibration: Calibration, folder: Path) -> str:
    lines = [f"{calibration.runs:,} runs of the replay in {calibration.seconds:.1f} s, "
             f"{calibration.reps} per point, against {len(calibration.targets)} fit targets", "",
             f"  {'wave':>4}  {'points':>8}  {'plausible':>9}  ruled out"]
    lines += [f"  {w.number:>4}  {w.points:>8,}  {int(w.survivors.sum()):>9,}  "
              f"{100 * w.ruled_out:8.1f}%" for w in calibration.waves]
    lines += textwrap.wrap(f"(ruled out: {NEAR})", width=78, initial_indent="  ",
                           subsequent_indent="  ")
    if calibration.stopped:
        lines += [""] + textwrap.wrap(f"Stopped after {len(calibration.waves)} of "
                                      f"{calibration.waves_asked} waves: {calibration.stopped}.",
                                      width=78, initial_indent="  ", subsequent_indent="  ")
    shares = constrained(calibration)
    lines += ["", "  plausible 5-95% span in wave 1 as a share of the prior (<= 0.5: "
                  "constrained):"]
    lines += [f"    {key:<52}{_share(share):>5}" for key, share in shares.items()]
    lines += ["", f"  report: {folder}/report.md", ""]
    lines += textwrap.wrap(PROJECTION_NOTE, width=78, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def write_calibration(calibration: Calibration, record: Record, folder: str | Path,
                      command: list[str]) -> Path:
    """Write the calibration's folder atomically (the figure from the numbers, no re-runs)."""
    from sim.report.figures import render

    target = Path(folder)
    tables = {"waves.csv": waves_frame(calibration), "points.csv": points_frame(calibration),
              "plausible.csv": plausible_frame(calibration), "sets.csv": sets_frame(calibration)}
    figure = targets_figure(calibration)

    def fill(tmp: Path) -> None:
        files: dict[str, dict[str, Any]] = {}
        for name, frame in tables.items():
            frame.to_csv(tmp / name, **CSV_OPTIONS)
            files[name] = {"rows": len(frame)}
        (tmp / "targets.png").write_bytes(render(figure, "png"))
        (tmp / "report.md").write_text(markdown(calibration, record))
        files |= {"targets.png": {}, "report.md": {}}
        for name, info in files.items():
            info |= {"bytes": (tmp / name).stat().st_size, "sha256": file_digest(tmp / name)}
        manifest = {"note": PROJECTION_NOTE, "model_version": MODEL_VERSION,
                    "space": calibration.space.to_dict(), "waves": len(calibration.waves),
                    "waves_asked": calibration.waves_asked, "stopped": calibration.stopped,
                    "run_seeds": [run_seed(calibration.space.seed, w.number)
                                  for w in calibration.waves],
                    "record": {"version": record.version, "sha256": record.sha256},
                    "targets": [{"id": t.id, "value": t.value, "uncertainty": t.uncertainty,
                                 "discrepancy": t.discrepancy} for t in calibration.targets],
                    "cutoff": CUTOFF, "parameters": parameters_manifest(calibration),
                    "runs": calibration.runs,
                    "seconds": round(calibration.seconds, 2), "command_line": command or None,
                    "versions": package_versions(), "files": files}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    write_folder_atomically(target, fill)
    return target
