"""What `sim explore` writes: points.csv, sensitivity.csv, boxes.csv, robustness.csv (with
--claims), report.md with its figures, and manifest.json, into one folder (atomically)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.claims import POINT_VERDICTS, VERDICTS
from sim.analysis.discovery import MIN_COVERAGE, Box
from sim.analysis.explore import SENSITIVITY_MEASURES, Exploration
from sim.analysis.sensitivity import RANKING_INDEX, ranked
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.ensemble.parquet_format import parquet_writer
from sim.ensemble.writer import CSV_OPTIONS, PROJECTION_NOTE, package_versions
from sim.model import MODEL_VERSION

MEANING = {
    "sobol": "Sobol indices: **S1** is the share of the measure's variance across the space "
             "that a parameter explains alone; **ST** the share it explains alone and together "
             "with others. ST much above S1 means interactions. Near 0: the parameter hardly "
             "matters over its range.",
    "morris": "Morris elementary effects: **mu_star** is the mean size of the change in the "
              "measure when the parameter moves one step of its range (its importance); "
              "**sigma** how much that change varies from place to place (interactions or "
              "curvature). Large mu_star and small sigma: a steady, one-way effect.",
    "lhs": "From a Latin hypercube: **S1** (RBD-FAST) estimates the share of the measure's "
           "variance a parameter explains alone, as Sobol's S1 does; **pawn_median** (PAWN) "
           "how far the measure's whole distribution moves when the parameter is fixed "
           "(0 = not at all), which also catches effects a variance misses.",
    "plausible": "Over the calibration's plausible sets (the worlds consistent with the "
                 "record, not a design over the priors): **S1** (RBD-FAST) estimates the "
                 "share of the measure's variance across those worlds a parameter explains "
                 "alone; **pawn_median** (PAWN) how far the measure's distribution moves "
                 "when the parameter is fixed. A parameter the record pins down varies "
                 "little across them, so it cannot score high here whatever it does.",
}
VERDICT_COLUMNS = {v: v.replace(" ", "_") for v in POINT_VERDICTS}


def points_table(exploration: Exploration) -> pd.DataFrame:
    """One row per point: the sampled values, then every measure, then claims' verdicts."""
    frame: dict[str, Any] = {"point": np.arange(exploration.sample.points)}
    for u in exploration.space.uncertain:
        values = exploration.sample.values[u.key]
        frame[u.key] = ([str(v).lower() for v in values] if values.dtype == bool else values)
    for name in exploration.measures:
        frame[name] = exploration.columns[name]
    for claim in exploration.claims:
        codes = exploration.columns[f"{claim.id}.verdict"]
        frame[claim.id] = pd.Categorical.from_codes(codes, categories=list(VERDICTS))
        frame[f"{claim.id}_reversed"] = exploration.columns[f"{claim.id}.reversed"]
        frame[f"{claim.id}_effect"] = exploration.columns[f"{claim.id}.check1.value"]
    return pd.DataFrame(frame)


def sensitivity_frame(exploration: Exploration) -> pd.DataFrame:
    columns = ["parameter", "measure", "method", "index", "value", "ci_low", "ci_high"]
    return pd.DataFrame([[getattr(r, c) for c in columns] for r in exploration.indices],
                        columns=columns)


def boxes_frame(exploration: Exploration) -> pd.DataFrame:
    """One row per restricted parameter of each target's box (one row if none)."""
    rows = []
    for number, box in enumerate(exploration.boxes, start=1):
        common = {"box": number, "target": box.target, "cases": box.cases,
                  "points": box.points, "base_rate": box.base_rate,
                  "coverage": box.coverage, "density": box.density, "mass": box.mass,
                  "note": box.note}
        if not box.limits:
            rows.append(common | {"parameter": "", "low": math.nan, "high": math.nan,
                                  "choices": "", "quasi_p": math.nan})
        for key, limit in box.limits.items():
            choice = isinstance(limit[0], str)
            rows.append(common | {"parameter": key,
                                  "low": math.nan if choice else limit[0],
                                  "high": math.nan if choice else limit[1],
                                  "choices": " | ".join(limit) if choice else "",
                                  "quasi_p": box.quasi_p.get(key, math.nan)})
    return pd.DataFrame(rows, columns=["box", "target", "cases", "points", "base_rate",
                                       "coverage", "density", "mass", "parameter", "low",
                                       "high", "choices", "quasi_p", "note"])


def robustness_frame(exploration: Exploration) -> pd.DataFrame:
    rows = []
    for claim, result in zip(exploration.claims, exploration.robustness, strict=True):
        row: dict[str, Any] = {"claim": claim.id, "title": claim.title, "points": result.points}
        for verdict, estimate in result.shares.items():
            name = VERDICT_COLUMNS[verdict]
            row |= {name: estimate.value, f"{name}_low": estimate.low,
                    f"{name}_high": estimate.high}
        row |= {"reversed": result.reversed.value, "reversed_low": result.reversed.low,
                "reversed_high": result.reversed.high,
                "effect_of": claim.checks[0].name or claim.checks[0].metric}
        top = exploration.top_parameters.get(claim.id, [])
        for rank in range(3 if exploration.sensitivity else 0):  # none ranked: no columns
            row[f"decided_by_{rank + 1}"] = top[rank].parameter if rank < len(top) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def _limits_text(box: Box) -> str:
    parts = []
    for key, limit in box.limits.items():
        if isinstance(limit[0], str):
            parts.append(f"`{key}` in {{{', '.join(limit)}}}")
        else:
            parts.append(f"`{key}` {limit[0]:.3g}..{limit[1]:.3g}")
    return "; ".join(parts) or "no restriction"


def markdown(exploration: Exploration, figures: dict[str, str]) -> str:
    """A readable report of the exploration, with its figures."""
    lines = _about(exploration) + _deciding(exploration, figures)
    if exploration.boxes:
        lines += _boxes(exploration, figures)
    if exploration.claims:
        lines += _robustness(exploration, figures)
    return "\n".join(lines) + "\n"


def _about(exploration: Exploration) -> list[str]:
    """What was explored: the space, the sample, the runs, the notes."""
    space, method = exploration.space, exploration.space.method
    lines = ["# Exploring the assumption space", "", f"> {PROJECTION_NOTE}", "",
             f"- Space: `{space.source}`, starting from the scenario `{space.scenario}`.",
             f"- Sample: {method}, {exploration.sample.points:,} points "
             f"(base size {exploration.sample.base}), {space.reps} runs per point sharing "
             f"their seeds (seed {space.seed}).",
             f"- Runs: {exploration.total_runs:,} ({exploration.sample.points:,} points x "
             f"{space.reps} runs x {exploration.scenarios} scenario"
             f"{'s' if exploration.scenarios > 1 else ''}: the space's and each distinct arm "
             "of the claims).", "",
             "| parameter | varies over |", "|---|---|"]
    lines += [f"| `{u.key}` | {u.describe()} |" for u in space.uncertain]
    if exploration.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in exploration.notes]
    return lines


def _deciding(exploration: Exploration, figures: dict[str, str]) -> list[str]:
    """Which assumptions decide each measure (the top three of the ranking index)."""
    method = exploration.space.method
    index = RANKING_INDEX[method]
    if not exploration.sensitivity:
        return ["", "## Which assumptions decide each measure", "",
                "Not computed: the exploration was run with `--no-sensitivity`."]
    lines = ["", "## Which assumptions decide each measure", "", MEANING[method], "",
             "| measure | first | second | third |", "|---|---|---|---|"]
    for measure in SENSITIVITY_MEASURES:
        top = ranked(exploration.indices, measure, method)[:3]
        if top:
            lines.append(f"| {measure} | " + " | ".join(
                f"`{r.parameter}` ({index} {r.value:.2f})" for r in top) + " |")
    if "sensitivity" in figures:
        lines += ["", f"![sensitivity]({figures['sensitivity']})"]
    return lines


def _boxes(exploration: Exploration, figures: dict[str, str]) -> list[str]:
    """Where outcomes happen: each PRIM box, with what coverage and density mean."""
    lines = ["", "## Where outcomes happen (PRIM boxes)", "",
             "A box is a set of parameter ranges. **Coverage** is the share of all the "
             "points where the outcome happens that lie in the box; **density** the share "
             "of the points in the box where it happens; compare density with the whole "
             f"space's rate. Reported: the densest box covering at least "
             f"{MIN_COVERAGE:.0%} of the cases, without restrictions whose quasi-p value "
             "is above 0.05 (they could be chance); boxes.csv has each restriction's "
             "quasi-p, and the figures the whole peeling trade-off.", "",
             "| outcome | in the space | box | coverage | density |", "|---|---:|---|---:|---:|"]
    for box in exploration.boxes:
        if box.note:
            lines.append(f"| {box.target} | {box.base_rate:.0%} | {box.note} | | |")
        else:
            lines.append(f"| {box.target} | {box.base_rate:.0%} | {_limits_text(box)} | "
                         f"{box.coverage:.0%} | {box.density:.0%} |")
    return lines + [f"![{name}]({path})" for name, path in figures.items()
                    if name.startswith("box")]


def _robustness(exploration: Exploration, figures: dict[str, str]) -> list[str]:
    """How robust each claim is over the space, and what decides its effect."""
    index = RANKING_INDEX[exploration.space.method]
    lines = ["", "## How robust each claim is", "",
             "At each point every claim is decided as `sim claims --assume` decides it "
             "with the point's values as the assumptions. Shares are of the points "
             "explored, with 95% Wilson intervals; "
             + (f"*decided by* ranks the parameters by {index} of the claim's headline "
                "effect." if exploration.sensitivity else
                "*decided by* is not computed (the exploration ran with "
                "`--no-sensitivity`)."), "",
             "| claim | supported | not supported | inconclusive | untestable | "
             "reversed | decided by |", "|---|---:|---:|---:|---:|---:|---|"]
    for claim, result in zip(exploration.claims, exploration.robustness, strict=True):
        s = result.shares
        supported = s["supported"].value + s["calibrated"].value
        mark = " (calibrated)" if s["calibrated"].value > 0 else ""
        top = ", ".join(f"`{r.parameter}`" for r in exploration.top_parameters[claim.id])
        lines.append(f"| {claim.id} | {supported:.0%}{mark} | "
                     f"{s['not supported'].value:.0%} | {s['inconclusive'].value:.0%} | "
                     f"{s['untestable'].value:.0%} | {result.reversed.value:.0%} | "
                     f"{top or ('n/a' if exploration.sensitivity else 'not computed')} |")
    if "robustness" in figures:
        lines += ["", f"![robustness]({figures['robustness']})"]
    return lines


def write_exploration(exploration: Exploration, folder: str | Path, command: list[str],
                      named: Callable[[str], str] = str, draw: bool = True) -> Path:
    """Write the exploration's folder atomically (figures from the results, no re-runs,
    and none unless ``draw``); ``named`` names the arguments its notes mention (a
    command's flags, say)."""
    exploration = replace(exploration, notes=[named(note) for note in exploration.notes])
    target = Path(folder)
    tables = {"points.csv": points_table(exploration)}
    if exploration.sensitivity:
        tables["sensitivity.csv"] = sensitivity_frame(exploration)
    if exploration.boxes:  # a box (or a note why none) per target asked for
        tables["boxes.csv"] = boxes_frame(exploration)
    if exploration.claims:
        tables["robustness.csv"] = robustness_frame(exploration)
    images = exploration_figures(exploration) if draw else {}
    figures = {name: f"{name}.png" for name, fig in images.items() if fig is not None}
    if figures:
        from sim.report.figures import render

        pngs = {path: render(images[name], "png") for name, path in figures.items()}

    def fill(tmp: Path) -> None:
        files: dict[str, dict[str, Any]] = {}
        for name, frame in tables.items():
            frame.to_csv(tmp / name, **CSV_OPTIONS)
            files[name] = {"rows": len(frame)}
        for path in figures.values():
            (tmp / path).write_bytes(pngs[path])
            files[path] = {}
        for kind, pieces in exploration.run_tables.items():
            files[f"{kind}.parquet"] = {"rows": join_parquet(pieces, tmp / f"{kind}.parquet")}
        (tmp / "report.md").write_text(markdown(exploration, figures))
        files["report.md"] = {}
        for name, info in files.items():
            info |= {"bytes": (tmp / name).stat().st_size, "sha256": file_digest(tmp / name)}
        manifest = _manifest(exploration, command, files)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    write_folder_atomically(target, fill)
    return target


def exploration_figures(exploration: Exploration) -> dict[str, Any]:
    """The report's figures by name (None where a figure has nothing to show): the
    sensitivity indices (if computed), each box's peeling trade-off, the claims'
    robustness."""
    from sim.report.explore_figures import box_figure, robustness_figure, sensitivity_figure

    images: dict[str, Any] = {}
    if exploration.sensitivity:
        images["sensitivity"] = sensitivity_figure(exploration)
    ranges = {u.key: ((u.low, u.high) if not u.is_choice else
                      tuple(str(c).lower() if isinstance(c, bool) else str(c)
                            for c in u.choices))
              for u in exploration.space.uncertain}
    for number, box in enumerate(exploration.boxes, start=1):
        if not box.note:
            images[f"box{number}-{box.claim or box.target.split()[0]}"] = box_figure(box, ranges)
    if exploration.claims:
        images["robustness"] = robustness_figure(exploration.robustness)
    return images


def join_parquet(pieces: list[Path], target: Path) -> int:
    """The pieces' Parquet tables as one file, a row group per piece, read one at a time
    (so memory holds one piece); returns the rows written."""
    import pyarrow.parquet as pq

    rows = 0
    writer = None
    try:
        for piece in pieces:
            table = pq.read_table(piece)
            if writer is None:
                writer = parquet_writer(target, table.schema)
            writer.write_table(table)
            rows += table.num_rows
    finally:
        if writer is not None:
            writer.close()
    return rows


def _manifest(exploration: Exploration, command: list[str],
              files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    space = exploration.space
    return {
        "note": PROJECTION_NOTE,
        "model_version": MODEL_VERSION,
        "space": space.to_dict(),
        "points": exploration.sample.points,
        "base_sample_size": exploration.sample.base,
        "claims": [c.id for c in exploration.claims],
        "runs_kept": ("runs.parquet (one row per run of the space's scenario) and "
                      "timeseries.parquet (one row per run per week)"
                      if exploration.run_tables else None),
        "notes": exploration.notes,
        "command_line": command or None,
        "reproduce": "the same command with the same sim and package versions gives "
                     "byte-identical files (an interrupted run resumed with --resume too)",
        "versions": package_versions() | _analysis_versions(),
        "files": files,
    }


def _analysis_versions() -> dict[str, str]:
    from importlib import metadata

    found = {}
    for package in ("SALib", "ema_workbench"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found
