"""What `sim compare`, `sim plot`, `sim claims` and `sim explore` do, each as one library
call.

Everything is read, checked and computed before the first file is written, so
bad input leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.analysis.claims import load_claims
from sim.analysis.compare import Comparison, compare
from sim.analysis.evaluate import (
    CLAIMS_REPS,
    CLAIMS_SEED,
    Evaluation,
    ProgressFactory,
    evaluate,
    load_assumption_set,
    plan_arms,
    select_claims,
)
from sim.analysis.evaluate import estimate_seconds as estimate_claims
from sim.analysis.explore import Exploration
from sim.ensemble.executors import open_executor
from sim.ensemble.folders import check_writable_folder
from sim.ensemble.results import FLOAT_FORMAT
from sim.ensemble.resultsets import (
    compatibility_warnings,
    load_result_set,
    load_result_sets,
    read_timeseries,
)
from sim.errors import ResultsError, SimError
from sim.report.claims_report import write_claims
from sim.report.outputs import (
    PLOT_FORMATS,
    STDOUT,
    check_output,
    plot_format,
    write_output,
    write_outputs,
)

DEFAULT_PLOT_NAME = "plot.png"


def compare_results(paths: Sequence[str | Path], csv: str | Path | None = None,
                    json_path: str | Path | None = None,
                    plot: str | Path | None = None, force: bool = False) -> Comparison:
    """Compare results folders (or summary.csv files) against the first one.

    Writes the tidy table to ``csv``, the same numbers to ``json_path`` and the
    figure to ``plot`` when given ("-" writes CSV or JSON to standard output).
    ``force`` uses results without a readable manifest, unchecked (the comparison's
    warnings say so).
    """
    if len(paths) < 2:
        raise ResultsError("compare needs at least two results (the first is the reference), "
                           "e.g. sim compare results/baseline results/us_commits")
    if str(csv) == STDOUT and str(json_path) == STDOUT:
        raise ResultsError("--csv and --json cannot both write to standard output ('-')")
    sets = load_result_sets(paths, force)
    inputs = [s.summary_path for s in sets]
    check_output(csv, "--csv", ("csv",), inputs)
    check_output(json_path, "--json", ("json",), inputs)
    check_output(plot, "--plot", PLOT_FORMATS, inputs)
    fronts = [read_timeseries(s, ["front"]) for s in sets] if plot is not None else []

    comparison = compare(sets)
    outputs: dict[str | Path, str | bytes] = {}
    if csv is not None:
        outputs[csv] = comparison.frame().to_csv(index=False, float_format=FLOAT_FORMAT,
                                                 lineterminator="\n")
    if json_path is not None:
        outputs[json_path] = json.dumps(comparison.to_json(), indent=2) + "\n"
    if plot is not None:
        from sim.report import figures as plots  # matplotlib loads only when a plot is asked for

        figure = plots.comparison_figure(comparison, [plots.fan(f, "front") for f in fronts])
        outputs[plot] = plots.render(figure, plot_format(plot))
    write_outputs(outputs)
    return comparison


@dataclass(frozen=True)
class Plotted:
    """Where a figure went, and what could not be checked on the way."""

    path: Path
    warnings: list[str]


def plot_results(path: str | Path, out: str | Path | None = None,
                 force: bool = False) -> Plotted:
    """Draw the fan charts of one results folder (by default to ``plot.png`` in it).

    ``force`` draws results without a readable manifest, unchecked (the warnings say so).
    """
    result = load_result_set(path, force)
    target = Path(out) if out is not None else result.folder / DEFAULT_PLOT_NAME
    check_output(target, "--out", PLOT_FORMATS, [result.summary_path])
    from sim.report import figures as plots

    variables = [variable for variable, *_ in plots.FAN_PANELS]
    timeseries = read_timeseries(result, variables)
    figure = plots.results_figure(result, [plots.fan(timeseries, v) for v in variables])
    write_output(target, plots.render(figure, plot_format(target)))
    return Plotted(target, compatibility_warnings([result]))


def check_claims(claim_paths: Sequence[str | Path] = ("claims",), only: Sequence[str] = (),
                 reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
                 assume: str | Path | None = None, out: str | Path | None = None,
                 command: Sequence[str] = (), progress: ProgressFactory | None = None,
                 workers: int | None = None, scheduler: str | None = None,
                 ) -> tuple[Evaluation, Path]:
    """Decide the claims (all, or ``only`` these ids) and write the claims folder.

    The folder defaults to results/claims, or results/claims-<assumption file stem>.
    Everything is loaded and validated (every arm's scenario resolved) before any
    worker starts or anything runs or is written; ``workers`` and ``scheduler`` choose
    where the arms run (:func:`sim.ensemble.executors.open_executor`).
    """
    claims = select_claims(load_claims(claim_paths), only)
    assumptions = load_assumption_set(assume) if assume is not None else None
    plan_arms(claims, assumptions)
    if out is None:
        out = Path("results") / ("claims" if assume is None else f"claims-{Path(assume).stem}")
    check_writable_folder(out)
    kwargs = {} if progress is None else {"progress": progress}
    with open_executor(workers, scheduler, estimate_claims(claims, reps)) as executor:
        evaluation = evaluate(claims, reps=reps, seed=seed, assumptions=assumptions,
                              executor=executor, **kwargs)
    return evaluation, write_claims(evaluation, out, list(command))


def explore_space(space_path: str | Path, method: str | None = None, points: int | None = None,
                  reps: int | None = None, seed: int | None = None, claims: bool = False,
                  claim_paths: Sequence[str | Path] = ("claims",), find: Sequence[str] = (),
                  boxes: bool = True, out: str | Path | None = None, resume: bool = False,
                  restart: bool = False, command: Sequence[str] = (),
                  progress: ProgressFactory | None = None, keep_runs: bool = False,
                  warn: Callable[[str], None] | None = None, workers: int | None = None,
                  scheduler: str | None = None) -> tuple[Exploration, Path]:
    """Explore an assumption space and write its folder (default results/explore-<stem>).

    Every input is read and checked, the output folder probed, and an interrupted
    exploration found (to resume, or to refuse to overwrite) before the first run.
    Finished pieces of work are kept in a hidden sibling folder until the outputs are
    written, so Ctrl-C loses at most the pieces under way. ``warn`` hears, before the
    first run, what was adjusted (a Sobol size rounded to a power of two); ``workers``
    and ``scheduler`` choose where pieces run (see :func:`open_executor`).
    """
    from sim.analysis.discovery import parse_target
    from sim.analysis.explore import estimate_seconds as estimate_explore
    from sim.analysis.explore import explore, prepare
    from sim.ensemble.checkpoints import Checkpoint
    from sim.report.explore_report import write_exploration
    from sim.scenarios.space import load_space

    space = load_space(space_path, method=method, points=points, reps=reps, seed=seed)
    targets = [parse_target(text) for text in find]
    if boxes and len(space.uncertain) < 2:
        raise SimError(f"{space.source}: uncertain: PRIM needs at least two parameters to "
                       "find boxes in, and this space has one; add another or pass --no-boxes")
    chosen = load_claims(claim_paths) if claims else []
    out = Path(out) if out is not None else Path("results") / f"explore-{Path(space_path).stem}"
    check_writable_folder(out)
    prepared = prepare(space, chosen)
    kept = Checkpoint.open(out.parent / f".{out.name}.partial",
                           prepared.fingerprint(space, chosen, keep_runs),
                           resume=resume, restart=restart, hint="exploration")
    if warn is not None and prepared.sample.note:
        warn(prepared.sample.note)
    kwargs = {} if progress is None else {"progress": progress}
    with open_executor(workers, scheduler, estimate_explore(prepared, space, len(chosen))) as executor:
        exploration = explore(space, chosen, targets, boxes, kept, prepared,
                              keep_runs=keep_runs, executor=executor, **kwargs)
    folder = write_exploration(exploration, out, list(command))
    kept.remove()
    return exploration, folder
