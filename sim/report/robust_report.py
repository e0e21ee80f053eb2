"""What `sim robust` prints and writes: strategies.csv, critics.csv, worlds.csv, boxes.csv
(unless ``--no-boxes``), robust.png, report.md and manifest.json, into one folder
(atomically); its console table and its JSON view."""

from __future__ import annotations

import datetime
import json
import math
import shlex
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.discovery import MAX_QUASI_P, MIN_COVERAGE, Box
from sim.analysis.robust import REGRET_PERCENTILE, SPREAD, Robust, Score
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.ensemble.writer import CSV_OPTIONS, PROJECTION_NOTE, package_versions, scenario_inputs
from sim.model import MODEL_VERSION
from sim.scenarios.policies import Measure, Policies

#: What the numbers are here, beside PROJECTION_NOTE (every output says it).
CONDITIONAL = ("Here: what follows if the model and each strategy's levers hold, in the "
               "worlds the record does not rule out.")
#: What later steps of `sim robust` may add (docs/robust.md).
NOT_BUILT = ("Not built yet: weighing the futures (every future counts the same), and a "
             "critic's world tested for fit on anything but the record of 2023-24.")
#: The width of each measure's column in the console table.
_COLUMN = 13
#: The data files a study writes again byte for byte from the same inputs (report.md and
#: manifest.json also record the command line, which may differ).
DATA_FILES = ("strategies.csv", "critics.csv", "worlds.csv", "boxes.csv", "robust.png")
#: boxes.csv's columns: one row per restricted parameter of each strategy's box (one row,
#: with its note, when there is none), as `sim explore`'s boxes.csv.
BOX_COLUMNS = ["strategy", "target", "cases", "points", "base_rate", "coverage", "density",
               "mass", "parameter", "low", "high", "quasi_p", "note", "choices"]


def horizon(policies: Policies) -> str:
    """The horizon every measure is read at: its weeks and its dates."""
    base = policies.base
    end = base.start + datetime.timedelta(weeks=base.weeks)
    return f"{base.weeks} weeks, {base.start.isoformat()} to {end.isoformat()}"


def binding(policies: Policies, score: Score) -> list[Measure]:
    """The thresholds a strategy fails in the most worlds (ties: each), none when it meets
    every threshold in every world."""
    shares = [(m, share) for m, share in zip(policies.measures, score.meets, strict=True)
              if m.judged]
    worst = min(share for _, share in shares)
    return [] if worst >= 1.0 else [m for m, share in shares if share == worst]


def binding_note(policies: Policies, score: Score) -> str:
    """What binds a strategy's satisficing, and whether a judgement does."""
    binds = binding(policies, score)
    if not binds:
        return f"{score.strategy}: meets every threshold in every world"
    worlds = round((1 - score.meets[policies.measures.index(binds[0])]) * 100)
    text = (f"{score.strategy}: binds most: " + " and ".join(
        f"{m.kind.label} {m.describe()} ({m.basis})" for m in binds)
        + f", failed in {worlds}% of the worlds")
    if any(m.basis == "judgement" for m in binds):
        text += "; its satisficing share rests on a judgement threshold"
    return text


def strategies_frame(result: Robust) -> pd.DataFrame:
    """One row per strategy: satisficing with its interval, and per measure its mean and
    spread over the worlds, the share of worlds meeting its threshold and its regrets."""
    rows = []
    for strategy, score in zip(result.policies.strategies, result.scores, strict=True):
        row: dict[str, Any] = {"strategy": score.strategy, "levers": strategy.levers_text(),
                               "worlds": result.worlds, "reps": result.policies.reps,
                               "satisficing": score.satisficing.value,
                               "satisficing_low": score.satisficing.low,
                               "satisficing_high": score.satisficing.high}
        for i, measure in enumerate(result.policies.measures):
            name = measure.name
            row |= {f"{name}_mean": score.mean[i], f"{name}_p{SPREAD[0]}": score.low[i],
                    f"{name}_p{SPREAD[1]}": score.high[i], f"{name}_meets": score.meets[i],
                    f"{name}_regret_max": score.regret_max[i],
                    f"{name}_regret_p{REGRET_PERCENTILE}": score.regret_p90[i],
                    f"{name}_regret_p{REGRET_PERCENTILE}_low": score.regret_p90_low[i],
                    f"{name}_regret_p{REGRET_PERCENTILE}_high": score.regret_p90_high[i]}
        rows.append(row)
    for world, scores in zip(result.crossed, result.by_world, strict=True):
        for row, score in zip(rows, scores, strict=True):  # satisficing in each world alone
            s = score.satisficing
            row |= {f"satisficing_in_{world.name}": s.value,
                    f"satisficing_in_{world.name}_low": s.low,
                    f"satisficing_in_{world.name}_high": s.high}
    return pd.DataFrame(rows)


def critics_frame(result: Robust) -> pd.DataFrame:
    """One row per strategy and world crossed (the essay's own, then each critic's): over
    that world's futures, satisficing with its interval and, per measure, its mean, the
    share meeting its threshold and its regrets (against the best strategy in each future,
    over every strategy)."""
    rows = []
    for world, scores in zip(result.crossed, result.by_world, strict=True):
        for score in scores:
            s = score.satisficing
            row: dict[str, Any] = {"strategy": score.strategy, "critic": world.name,
                                   "calibration": world.calibration,
                                   "worlds": world.futures, "reps": result.policies.reps,
                                   "satisficing": s.value, "satisficing_low": s.low,
                                   "satisficing_high": s.high}
            for i, measure in enumerate(result.policies.measures):
                name = measure.name
                row |= {f"{name}_mean": score.mean[i], f"{name}_meets": score.meets[i],
                        f"{name}_regret_max": score.regret_max[i],
                        f"{name}_regret_p{REGRET_PERCENTILE}": score.regret_p90[i]}
            rows.append(row)
    return pd.DataFrame(rows)


def worlds_frame(result: Robust) -> pd.DataFrame:
    """One row per strategy and world: each measure's mean over the world's runs, whether
    it meets its threshold, its regret; whether every threshold holds; the world's values."""
    strategies, worlds = result.table.shape[0], result.worlds
    frame: dict[str, Any] = {
        "strategy": np.repeat([s.name for s in result.policies.strategies], worlds),
        "world": np.tile(np.arange(worlds), strategies)}
    if result.rows is not None:  # which plausible set of calibration/sets.csv (0: its first)
        frame["calibration_set"] = np.tile(np.asarray(result.rows, dtype=np.int64), strategies)
    frame["critic"] = np.tile(result.world_names.astype(str), strategies)
    if result.crossed:  # the calibration folder calibration_set is a row of
        folders = np.asarray([w.calibration for w in result.crossed], dtype=object)
        frame["calibration"] = np.tile(folders[result.world_of].astype(str), strategies)
    for i, measure in enumerate(result.policies.measures):
        frame[measure.name] = result.table[:, i, :].ravel()
        frame[f"{measure.name}_meets"] = result.met[:, i, :].ravel()
        frame[f"{measure.name}_regret"] = result.regrets[:, i, :].ravel()
    frame["meets_all"] = result.met.all(axis=1).ravel()
    for key, column in result.values.items():
        frame[key] = np.tile(np.asarray(column), strategies)
    return pd.DataFrame(frame)


def box_note(box: Box) -> str:
    """Why a strategy has no box, in the study's terms (empty when it has one)."""
    if box.cases == 0:
        return "meets every threshold in every world: no failure to discover"
    if box.cases == box.points:
        return "fails in every world: no condition to discover"
    return box.note


def boxes_frame(result: Robust) -> pd.DataFrame:
    """One row per restricted parameter of each strategy's box (one row, with its note,
    when there is none)."""
    rows = []
    for strategy, box in zip(result.policies.strategies, result.boxes or (), strict=True):
        common = {"strategy": strategy.name, "target": box.target, "cases": box.cases,
                  "points": box.points, "base_rate": box.base_rate,
                  "coverage": box.coverage, "density": box.density, "mass": box.mass,
                  "note": box_note(box)}
        if not box.limits:
            rows.append(common | {"parameter": "", "low": math.nan, "high": math.nan,
                                  "quasi_p": math.nan, "choices": ""})
        for key, limit in box.limits.items():
            choice = isinstance(limit[0], str)  # which critics' worlds: a choice
            rows.append(common | {"parameter": key,
                                  "low": math.nan if choice else limit[0],
                                  "high": math.nan if choice else limit[1],
                                  "choices": " | ".join(limit) if choice else "",
                                  "quasi_p": box.quasi_p.get(key, math.nan)})
    return pd.DataFrame(rows, columns=BOX_COLUMNS)


def limits_text(box: Box, choices: Sequence[str] = ()) -> str:
    """A box's restrictions in brief: each parameter's range (or, for the critic's world,
    the worlds it keeps; those it leaves out when it keeps most of ``choices``)."""
    def one(key: str, limit: tuple) -> str:
        if not isinstance(limit[0], str):
            return f"{key} {limit[0]:.3g}..{limit[1]:.3g}"
        left_out = [c for c in choices if c not in limit]
        if choices and len(left_out) < len(limit):
            return f"{key} not in {{{', '.join(left_out)}}}"
        return f"{key} in {{{', '.join(limit)}}}"
    return "; ".join(one(key, limit) for key, limit in box.limits.items())


def box_brief(name: str, box: Box, choices: Sequence[str] = ()) -> str:
    """One strategy's box in one sentence."""
    head = f"{name}: fails in {box.cases} of {box.points} worlds"
    if not box.limits:
        return f"{head}; {box_note(box)}"
    return (f"{head}; box: {limits_text(box, choices)} (coverage {box.coverage:.0%}, density "
            f"{box.density:.0%}, against {box.base_rate:.0%} of the worlds)")


def _amount(measure: Measure, value: float, difference: bool = False) -> str:
    """A value in the measure's unit, as a table shows it (a share as %, or pp when it is
    a difference of shares)."""
    if math.isnan(value):
        return "-"
    if measure.kind.is_share:
        return f"{100 * value:.1f}" + ("" if difference else "%")
    return f"{value:,.0f}" if measure.kind.unit == "km2" else f"{value:,.1f}"


def distinct_sets(result: Robust) -> int | None:
    """How many distinct parameter sets (calibration, row) the futures draw on."""
    if result.rows is None or result.world_of is None or not result.crossed:
        return None
    return len({(result.crossed[int(w)].calibration, int(r))
                for w, r in zip(result.world_of, result.rows, strict=True)})


def _shared_sets_note(result: Robust) -> list[str]:
    """Futures that reuse one parameter set are not independent: say so, and how the pooled
    intervals count them."""
    distinct = distinct_sets(result)
    if distinct is None or distinct >= result.worlds:
        return []
    return [(f"- The {result.worlds} futures draw on {distinct} distinct parameter sets (the "
             "critics' worlds on the default calibration reuse the essay's sets), so they are "
             "not independent draws: the pooled satisficing intervals count each set once "
             f"(Wilson over {distinct}, Kish's design effect at its bound), which is "
             "conservative. Each world's own interval counts its futures, all distinct.")]


def _bracket(measure: Measure, score: Score, i: int) -> str:
    """The 90th-percentile regret's interval, or nothing where the futures are too few."""
    low, high = score.regret_p90_low[i], score.regret_p90_high[i]
    if math.isnan(low):
        return ""
    return f" [{_amount(measure, low, True)}, {_amount(measure, high, True)}]"


def _unit(measure: Measure, difference: bool = False) -> str:
    if measure.kind.is_share:
        return "pp of runs" if difference else "% of runs"
    return measure.kind.unit


def _cell(text: str) -> str:
    """Text as one cell of a Markdown table (no line breaks, its bars escaped)."""
    return " ".join(text.split()).replace("|", "\\|")


def _short(name: str, width: int) -> str:
    return name if len(name) <= width else name[:width - 3] + "..."


def robust_table(result: Robust) -> str:
    """The console's table: each strategy's satisficing with its interval, then each
    measure's 90th-percentile regret."""
    policies = result.policies
    # the names' column: as wide as the longest name, within 80 columns
    judged = len(policies.judged)
    widest = max(judged, len(policies.measures) - judged)
    width = max(16, min(max(len(s.strategy) for s in result.scores), 78 - _COLUMN * widest))
    rate = result.runs / result.seconds if result.seconds > 0 else 0.0
    resumed = (f", {result.resumed} of {result.tasks} tasks resumed" if result.resumed
               else "")
    head = (f"robust: {len(policies.strategies)} strategies x {result.worlds} worlds"
            f"{_crossed_text(result)} x {policies.reps} runs ({result.runs:,} runs) in "
            f"{result.seconds:.1f} s ({rate:,.0f} runs/s){resumed}, from "
            f"{policies.base.name} over {horizon(policies)}; "
            "thresholds: " + ", ".join(f"{m.kind.label} {m.describe()} ({m.basis})"
                                       for m in policies.judged)
            + "".join(f"; {m.kind.label}: reported only" for m in policies.measures
                      if not m.judged))
    lines = [*textwrap.wrap(head, width=80), "",
             f"  {'strategy':<{width}}  meets every threshold, in a share of the worlds",
             f"  {'':<{width}}  {'share':>7}   95% interval"]
    for score in result.scores:
        s = score.satisficing
        lines.append(f"  {_short(score.strategy, width):<{width}}  {s.value:>7.0%}   "
                     f"[{s.low:>4.0%}, {s.high:>4.0%}]")
    lines += _per_world_block(result)
    lines.append("")
    for score in result.scores:
        lines += textwrap.wrap(binding_note(policies, score), width=78, initial_indent="  ",
                               subsequent_indent="    ")
    lines += ["", *textwrap.wrap(f"{REGRET_PERCENTILE}th-percentile regret over the worlds: "
                                 "how far from the best strategy in the same world (0: the "
                                 f"best in at least {REGRET_PERCENTILE}% of the worlds)",
                                 width=78, initial_indent="  ", subsequent_indent="  ")]
    judged = [i for i, m in enumerate(policies.measures) if m.judged]
    shown_only = [i for i, m in enumerate(policies.measures) if not m.judged]
    for group in (judged, shown_only):
        if group:
            lines += _regret_block(result, group, width, group is shown_only)
    if result.boxes is not None:
        lines += ["", "  where each strategy fails (PRIM box in the worlds' parameters):"]
        for strategy, box in zip(policies.strategies, result.boxes, strict=True):
            lines += textwrap.wrap(box_brief(strategy.name, box,
                                             [w.name for w in result.crossed]), width=78,
                                   initial_indent="  ", subsequent_indent="    ")
    return "\n".join(lines + [""] + textwrap.wrap(f"{PROJECTION_NOTE} {CONDITIONAL}", width=78,
                                                  initial_indent="  ",
                                                  subsequent_indent="  "))


def _crossed_text(result: Robust) -> str:
    """How the futures are made, in brief: " (3 worlds x 16 plausible sets)"."""
    if len(result.crossed) < 2:
        return ""
    sets = sorted({w.futures for w in result.crossed})
    each = f"{sets[0]}" if len(sets) == 1 else f"{sets[0]} to {sets[-1]}"
    return (f" (the essay's world and {len(result.crossed) - 1} critics' x {each} plausible "
            "sets)")


def _per_world_block(result: Robust) -> list[str]:
    """The console's satisficing per world crossed: a row per world, a column per
    strategy (numbered, with a key), and the critics excluded."""
    lines = []
    if len(result.crossed) > 1:
        strategies = len(result.scores)
        lines += ["", "  meets every threshold, in each world's plausible sets (strategies: "
                      + "; ".join(f"{i + 1} {s.strategy}" for i, s in enumerate(result.scores))
                      + ")"]
        lines = lines[:1] + textwrap.wrap(lines[1].strip(), width=78, initial_indent="  ",
                                          subsequent_indent="    ")
        lines.append(f"  {'world':<24}" + "".join(f"{i + 1:>7}" for i in range(strategies)))
        for world, scores in zip(result.crossed, result.by_world, strict=True):
            lines.append(f"  {_short(world.name, 24):<24}" + "".join(
                f"{s.satisficing.value:>7.0%}" for s in scores))
    for excluded in result.excluded:
        lines += textwrap.wrap(f"not crossed: {excluded.name}: {excluded.reason}", width=78,
                               initial_indent="  ", subsequent_indent="    ")
    return lines


def _regret_block(result: Robust, group: list[int], width: int, shown_only: bool) -> list[str]:
    """The console's regrets on some of the measures (their positions in the file)."""
    measures = [result.policies.measures[i] for i in group]
    labels = "".join(f"{_short(m.kind.label, _COLUMN - 1):>{_COLUMN}}" for m in measures)
    units = "".join(f"{_unit(m, True):>{_COLUMN}}" for m in measures)
    if shown_only:
        lines = ["", f"  {'reported only:':<{width}}{labels}", f"  {'':<{width}}{units}"]
    else:
        lines = [f"  {'strategy':<{width}}{labels}", f"  {'':<{width}}{units}"]
    for score in result.scores:
        lines.append(f"  {_short(score.strategy, width):<{width}}" + "".join(
            f"{_amount(m, score.regret_p90[i], True):>{_COLUMN}}"
            for i, m in zip(group, measures, strict=True)))
    return lines


def robust_json(result: Robust, folder: Path) -> dict[str, Any]:
    """The same numbers as JSON (``--json``)."""
    policies = result.policies
    strategies = []
    for score in result.scores:
        measures = {m.name: {"mean": score.mean[i], f"p{SPREAD[0]}": score.low[i],
                             f"p{SPREAD[1]}": score.high[i], "meets": score.meets[i],
                             "regret_max": score.regret_max[i],
                             f"regret_p{REGRET_PERCENTILE}": score.regret_p90[i],
                             f"regret_p{REGRET_PERCENTILE}_interval": [
                                 score.regret_p90_low[i], score.regret_p90_high[i]]}
                    for i, m in enumerate(policies.measures)}
        s = score.satisficing
        strategies.append({"strategy": score.strategy,
                           "satisficing": {"value": s.value, "low": s.low, "high": s.high},
                           "measures": measures})
    return {"folder": str(folder), "policies": policies.source,
            "scenario": str(policies.scenario_path), "worlds": result.worlds,
            "reps": policies.reps, "seed": policies.seed, "runs": result.runs,
            "seconds": result.seconds,
            "horizon": {"weeks": policies.base.weeks, "text": horizon(policies)},
            "thresholds": {m.name: {m.bound: m.threshold, "unit": m.kind.unit,
                                    "basis": m.basis} for m in policies.judged},
            "report_only": [m.name for m in policies.measures if not m.judged],
            "binding": {score.strategy: [m.name for m in binding(policies, score)]
                        for score in result.scores},
            "strategies": strategies, "boxes": boxes_json(result),
            "critics": critics_json(result),
            "warnings": list(result.warnings),
            "notes": list(result.notes), "note": f"{PROJECTION_NOTE} {CONDITIONAL}"}


def critics_json(result: Robust) -> dict[str, Any]:
    """The worlds crossed (each with, per strategy, its satisficing over that world's
    futures) and the critics excluded, with the reason."""
    return {"asked": result.policies.critics_asked or None,
            "crossed": [{"name": w.name, "source": w.source, "calibration": w.calibration,
                         "worlds": w.futures, "fit": w.fit or None,
                         "satisficing": {s.strategy: {"value": s.satisficing.value,
                                                      "low": s.satisficing.low,
                                                      "high": s.satisficing.high}
                                         for s in scores}}
                        for w, scores in zip(result.crossed, result.by_world, strict=True)],
            "excluded": [{"name": e.name, "source": e.source, "reason": e.reason}
                         for e in result.excluded]}


def boxes_json(result: Robust) -> list[dict[str, Any]] | None:
    """Each strategy's box as JSON (None when not asked for: ``--no-boxes``)."""
    if result.boxes is None:
        return None
    return [{"strategy": s.name, "cases": box.cases, "worlds": box.points,
             "base_rate": box.base_rate,
             **({"coverage": box.coverage, "density": box.density, "mass": box.mass}
                if box.limits else {}),
             "limits": {key: ({"choices": list(limit)} if isinstance(limit[0], str)
                              else {"low": limit[0], "high": limit[1]})
                        | {"quasi_p": box.quasi_p.get(key)}
                        for key, limit in box.limits.items()},
             "note": box_note(box)}
            for s, box in zip(result.policies.strategies, result.boxes, strict=True)]


def data_files(result: Robust) -> list[str]:
    """The data files this study wrote (:data:`DATA_FILES`, boxes.csv only if asked)."""
    return [name for name in DATA_FILES if name != "boxes.csv" or result.boxes is not None]


def reproduce_command(result: Robust, folder: Path) -> list[str]:
    """The command that writes the data files again (:data:`DATA_FILES`, byte for byte)."""
    policies = result.policies
    return ["sim", "robust", policies.source, "--worlds", str(policies.worlds), "--reps",
            str(policies.reps), "--seed", str(policies.seed),
            *(() if result.boxes is not None else ("--no-boxes",)), "--out", str(folder)]


def markdown(result: Robust, command: list[str], folder: Path) -> str:
    """A readable report of the study, with its figure."""
    return "\n".join(_about(result, command, folder) + _results(result) + _failing(result)
                      + _reading(result)) + "\n"


def _about(result: Robust, command: list[str], folder: Path) -> list[str]:
    policies, base = result.policies, result.policies.base
    lines = ["# Robust decision over the plausible worlds", "", f"> {PROJECTION_NOTE}",
             f"> {CONDITIONAL}", ""]
    if policies.description:
        lines += [policies.description, ""]
    lines += [(f"- Policies: `{policies.source}` (sha256 {policies.sha256[:12]}), every "
              f"strategy starting from the scenario `{base.name}` (`{policies.scenario_path}`):"
              f" every measure is read at the horizon, {horizon(policies)}."),
              _futures_line(result),
              (f"- Runs: {result.runs:,} ({len(policies.strategies)} strategies x "
              f"{result.worlds} worlds x {policies.reps} runs)."),
              f"- Command: `{shlex.join(command) if command else 'sim robust (from Python)'}`",
              f"- Reproduce: `{shlex.join(reproduce_command(result, folder))}`", "",
              "## Measures and thresholds", "",
              f"Every measure over {horizon(policies)}.", "",
              "| measure | unit | better | threshold | basis | why this threshold |",
              "|---|---|---|---|---|---|"]
    for m in policies.measures:
        lines.append(f"| `{m.name}`: {m.kind.meaning} | {m.kind.unit} | "
                     f"{'lower' if m.lower_is_better else 'higher'} | {m.describe()} | "
                     f"{m.basis if m.judged else '-'} | {_cell(m.reason) or 'not given'} |")
    lines += _worlds_section(result)
    lines += ["", "## Strategies", "", "| strategy | levers | what it is |", "|---|---|---|"]
    for s in policies.strategies:
        lines.append(f"| {_cell(s.name)} | {_cell(s.levers_text())} | "
                     f"{_cell(s.description)} |")
    if result.warnings or result.notes:
        lines += ["", "## Warnings and notes", ""]
        lines += [f"- Warning: {w}" for w in result.warnings]
        lines += [f"- Note: {n}" for n in result.notes]
    return lines


def _futures_line(result: Robust) -> str:
    """What the futures are, in one bullet."""
    seed = result.policies.seed
    if len(result.crossed) < 2:
        return (f"- Worlds: {result.worlds} plausible parameter sets of the shipped calibration "
                f"(drawn by seed {seed}: the uncertainties) in the essay's own world; every "
                f"strategy runs in the same worlds with the same {result.policies.reps} run "
                "seeds in each (paired).")
    return (f"- Futures (\"worlds\" in the files): {result.worlds}, each world below (the "
            f"essay's own and {len(result.crossed) - 1} critics') crossed with plausible "
            f"parameter sets of its calibration (drawn by seed {seed}: the uncertainties); "
            f"every strategy runs in the same futures with the same {result.policies.reps} run "
            "seeds in each (paired).")


def _worlds_section(result: Robust) -> list[str]:
    """The worlds crossed (with how each critic's met the record) and the critics
    excluded."""
    if len(result.crossed) < 2 and not result.excluded:
        return []
    lines = ["", "## The worlds crossed", "",
             ("A critic's world is the scenario under the critic's assumption set (a causal "
              "pathway the essay's critics hold, with its source in the file). It is crossed "
              "only when it fits the record: its replay of 2023-24, as `sim claims --assume` "
              "replays it, keeps every fit target's implausibility at most 3."), "",
             "| world | assumption set | calibration | plausible sets | against the record |",
             "|---|---|---|---:|---|"]
    for world in result.crossed:
        lines.append(f"| {world.name} | {_cell(world.source) or 'none (the defaults)'} | "
                     f"{world.calibration or '-'} | {world.futures} | "
                     f"{_cell(world.fit) or 'its calibration is fitted to it'} |")
    if result.excluded:
        lines += ["", "Excluded (named in the policies file, not crossed):", ""]
        lines += [f"- {e.name} (`{e.source}`): {_cell(e.reason)}" for e in result.excluded]
    return lines


def _per_world_results(result: Robust) -> list[str]:
    """Satisficing and regret per world crossed: a row per world, a column per strategy."""
    if len(result.crossed) < 2:
        return []
    names = [_cell(s.strategy) for s in result.scores]
    lines = ["", ("**Per world**: each strategy's satisficing over each world's plausible sets "
                  "alone (95% Wilson interval); critics.csv has every measure per world."), "",
             "| world | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for world, scores in zip(result.crossed, result.by_world, strict=True):
        lines.append(f"| {world.name} | " + " | ".join(
            f"{s.satisficing.value:.0%} [{s.satisficing.low:.0%}, {s.satisficing.high:.0%}]"
            for s in scores) + " |")
    for i, measure in enumerate(result.policies.measures):
        if not measure.judged:
            continue
        lines += ["", (f"{REGRET_PERCENTILE}th-percentile regret on {measure.kind.label} "
                       f"({_unit(measure, True)}) over each world's plausible sets:"), "",
                  "| world | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        for world, scores in zip(result.crossed, result.by_world, strict=True):
            lines.append(f"| {world.name} | " + " | ".join(
                _amount(measure, s.regret_p90[i], True) for s in scores) + " |")
    return lines


def _results(result: Robust) -> list[str]:
    policies = result.policies
    measures, judged = policies.measures, policies.judged
    lines = ["", "## Results", "",
             ("**Satisficing**: the share of the worlds where a strategy meets every "
             "threshold (95% Wilson interval), and each threshold alone"
             + ("; a measure without a threshold is only reported (regret and spread "
                "below)" if len(judged) < len(measures) else "") + "."), "",
             "| strategy | meets every threshold | " + " | ".join(
                 f"{m.kind.label} {m.describe()} ({m.basis})" for m in judged) + " |",
             "|---|---:|" + "---:|" * len(judged)]
    for score in result.scores:
        s = score.satisficing
        lines.append(f"| {_cell(score.strategy)} | {s.value:.0%} [{s.low:.0%}, {s.high:.0%}] | "
                     + " | ".join(f"{share:.0%}" for m, share in zip(measures, score.meets,
                                                                    strict=True) if m.judged)
                     + " |")
    lines += _per_world_results(result)
    lines += ["", ("**What binds**: for each strategy, the threshold it fails in the most "
                   "worlds, with what the threshold rests on (sourced, constructed from "
                   "sourced numbers, or a judgement)."), ""]
    lines += [f"- {_cell(binding_note(policies, score))}" for score in result.scores]
    lines += ["", (f"**Regret**: how far a strategy is from the best strategy in the same "
                  f"world, in the measure's unit: its {REGRET_PERCENTILE}th percentile over the "
                  "worlds [its distribution-free 95% interval] / its maximum (minimax "
                  "regret)."), "",
              "| strategy | " + " | ".join(f"{m.kind.label} ({_unit(m, True)})"
                                          for m in measures) + " |",
              "|---|" + "---:|" * len(measures)]
    for score in result.scores:
        lines.append(f"| {_cell(score.strategy)} | " + " | ".join(
            f"{_amount(m, score.regret_p90[i], True)}{_bracket(m, score, i)} / "
            f"{_amount(m, score.regret_max[i], True)}"
            for i, m in enumerate(measures)) + " |")
    if any(math.isnan(v) for s in result.scores for v in s.regret_p90_low):
        lines += ["", (f"No interval is shown for the {REGRET_PERCENTILE}th percentile: "
                       f"{result.worlds} futures are too few for a distribution-free 95% one "
                       "(it needs 36).")]
    lines += ["", (f"**Each measure over the worlds**: its mean, and in brackets its "
                  f"{SPREAD[0]}th to {SPREAD[1]}th percentile over the worlds (each world: the "
                  "mean of its runs)."), "",
              "| strategy | " + " | ".join(f"{m.kind.label} ({_unit(m)})" for m in measures)
              + " |", "|---|" + "---:|" * len(measures)]
    for score in result.scores:
        lines.append(f"| {_cell(score.strategy)} | " + " | ".join(
            f"{_amount(m, score.mean[i])} [{_amount(m, score.low[i])} to "
            f"{_amount(m, score.high[i])}]" for i, m in enumerate(measures)) + " |")
    return lines + ["", "![satisficing and regret](robust.png)"]


def _failing(result: Robust) -> list[str]:
    """Where each strategy fails: its PRIM box, and how to read one."""
    lines = ["", "## Where each strategy fails", ""]
    if result.boxes is None:
        return lines + ["Not computed: the study was run with `--no-boxes`."]
    lines += [("Scenario discovery (PRIM: Friedman and Fisher 1999; Bryant and Lempert 2010): "
               "for each strategy, the **cases** are the worlds where it fails satisficing "
               "(some threshold unmet), and PRIM looks, in the worlds' calibrated parameters "
               "(the uncertainties: worlds.csv) and, with critics' worlds crossed, in which "
               "world a future is (`critic`, a choice), for a box of ranges where those worlds "
               "gather. A box is the conditions under which the strategy fails, in terms of "
               "what the record leaves open; it describes the model's worlds, not a cause in "
               "the world."), "",
              ("- **Base rate**: the share of all the worlds where the strategy fails. "
               "**Coverage**: the share of its failing worlds that lie in the box (how much "
               "of the failure the box explains). **Density**: the share of the worlds in the "
               "box where it fails; compare it with the base rate (a box no denser than the "
               "base rate says nothing). **Mass**: the share of all the worlds in the box."),
              (f"- Reported: the densest box covering at least {MIN_COVERAGE:.0%} of the "
               f"failing worlds, without restrictions whose quasi-p value is above "
               f"{MAX_QUASI_P} (they could be chance); boxes.csv gives each restriction's "
               "quasi-p."),
              (f"- With {result.worlds} worlds a box is weak evidence: a few worlds more or "
               "less in it move its limits, and its quasi-p values (boxes.csv) test each "
               "restriction on these worlds only. A strategy failing in every world or in none "
               "has no box, only a note."), "",
              "| strategy | fails in | box | coverage | density |", "|---|---:|---|---:|---:|"]
    for strategy, box in zip(result.policies.strategies, result.boxes, strict=True):
        share = f"{box.base_rate:.0%} ({box.cases} of {box.points})"
        if box.limits:
            text = limits_text(box, [w.name for w in result.crossed])
            lines.append(f"| {_cell(strategy.name)} | {share} | {_cell(text)} | "
                         f"{box.coverage:.0%} | {box.density:.0%} |")
        else:
            lines.append(f"| {_cell(strategy.name)} | {share} | {_cell(box_note(box))} | | |")
    return lines


def _reading(result: Robust) -> list[str]:
    return ["", "## How to read it", "",
            ("- A **world** (a future) is one plausible parameter set, in the essay's own "
            "world or in a critic's: a way the war could work that the record of 2023-24 does "
            "not rule out. Robust means good across them, not best in one; every future counts "
            "the same, so the pooled shares weigh each world crossed by its plausible sets."),
            ("- **Satisficing** (Starr's domain criterion) asks whether a strategy is good "
            "enough by every threshold at once; the thresholds are the policies file's, and "
            "the per-threshold shares show which one binds."),
            ("- **Regret** (Savage) is 0 for the best strategy in a world; a low "
            f"{REGRET_PERCENTILE}th-percentile regret means rarely far from the best, "
            "whatever the world. A strategy that is best in every world has a minimax regret "
            "of 0."),
            *_shared_sets_note(result),
            (f"- The worlds share their run seeds, so the intervals are somewhat optimistic; "
            f"each world's numbers carry the noise of {result.policies.reps} runs. The Wilson "
            "interval treats the worlds as a sample of the plausible sets: with every "
            "plausible set used it means nothing (the share is then exact for this "
            "calibration)."),
            ("- Regret is per measure and not cost-normalised: the best on the outcomes is "
            "largely the strategy that spends most, so no single minimax-regret choice comes "
            "out; read the regrets side by side."),
            f"- {NOT_BUILT}",
            ("- worlds.csv has every strategy in every world (with the world's parameter "
            "values, its `critic` and `calibration`, and `calibration_set`, its row of that "
            "calibration's sets.csv, to trace and rerun it), strategies.csv the table above, "
            "critics.csv each strategy per world crossed, boxes.csv each strategy's box; "
            "docs/robust.md explains the method.")]


def write_robust(result: Robust, folder: str | Path, command: list[str]) -> Path:
    """Write the study's folder atomically (the figure from the numbers, no re-runs)."""
    from sim.report.figures import render
    from sim.report.robust_figures import robust_figure

    target = Path(folder)
    tables = {"strategies.csv": strategies_frame(result), "critics.csv": critics_frame(result),
              "worlds.csv": worlds_frame(result)}
    if result.boxes is not None:
        tables["boxes.csv"] = boxes_frame(result)
    png = render(robust_figure(result), "png")

    def fill(tmp: Path) -> None:
        files: dict[str, dict[str, Any]] = {}
        for name, frame in tables.items():
            frame.to_csv(tmp / name, **CSV_OPTIONS)
            files[name] = {"rows": len(frame)}
        (tmp / "robust.png").write_bytes(png)
        files["robust.png"] = {}
        (tmp / "report.md").write_text(markdown(result, command, target))
        files["report.md"] = {}
        for name, info in files.items():
            info |= {"bytes": (tmp / name).stat().st_size, "sha256": file_digest(tmp / name)}
        manifest = _manifest(result, command, files, target)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    write_folder_atomically(target, fill)
    return target


def _manifest(result: Robust, command: list[str], files: dict[str, dict[str, Any]],
              folder: Path) -> dict[str, Any]:
    policies, base = result.policies, result.policies.base
    inputs = scenario_inputs(base)
    reproduce = reproduce_command(result, folder)
    return {
        "note": f"{PROJECTION_NOTE} {CONDITIONAL}",
        "model_version": MODEL_VERSION,
        "policies": policies.to_dict(),
        "scenario": {"name": base.name, "source": base.source, "identity": base.identity,
                     "weeks": base.weeks, "start": base.start.isoformat(),
                     "horizon": horizon(policies)},
        "strategies": [{"name": s.name, "identity": policies.scenario_of(s).identity}
                       for s in policies.strategies],
        "worlds": result.worlds,
        "reps": policies.reps,
        "seed": policies.seed,
        "boxes": result.boxes is not None,
        "critics": critics_json(result),
        "futures": ("each world (the essay's own, and each critic's that fits the record of "
                    "2023-24) crossed with the plausible sets of its calibration; worlds.csv "
                    "names each future's critic, calibration and calibration_set"),
        "run_seeds": (f"run i of every strategy in every world has the stream key run i has "
                      f"in `sim run --seed {policies.seed}`; the worlds are the calibration's "
                      f"plausible sets drawn without replacement by seed {policies.seed} "
                      "from each world's calibration (their values: worlds.csv)"),
        "inputs": inputs,
        "warnings": list(result.warnings),
        "notes": list(result.notes),
        "command_line": command or None,
        "reproduce": {"command": shlex.join(reproduce), "arguments": reproduce[:-2],
                      "requires": "the same sim and package versions (below), replay and "
                                  "calibration (inputs); the data files are then "
                                  "byte-identical: " + ", ".join(data_files(result))
                                  + " (report.md "
                                  "and this manifest record the command line, so they may "
                                  "differ in it)"},
        "not_built_yet": NOT_BUILT,
        "versions": package_versions(),
        "files": files,
    }
