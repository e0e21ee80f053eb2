"""What each `sim` command does, as one library call (the CLI parses its options and
calls one of these): ``run_command`` (and ``continue_command``, `sim run --from`),
``compare_command``, ``plot_command``,
``claims_command``, ``explore_command``, ``robust_command``, ``check_command`` and
``params_command``.

Everything is read, checked and computed before the first file is written, so bad
input leaves nothing behind. What a command prints goes to its
:class:`~sim.report.console.Console`: tables (or ``--json``), warnings and notes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.analysis.settings import (
    CLAIMS_FOLDER,
    CLAIMS_REPS,
    CLAIMS_SEED,
    CLAIMS_SET_REPS,
    CLAIMS_SETS,
)
from sim.ensemble.options import RESULTS_ROOT, Format
from sim.ensemble.progress import ProgressFactory, no_progress
from sim.errors import Interrupted, InvalidInputs, ResultsError, SimError, SpaceError, argument
from sim.report.console import QUIET, Console

if TYPE_CHECKING:  # pragma: no cover - the commands import what they need when they run
    from sim.analysis.compare import Comparison
    from sim.analysis.evaluate import Evaluation
    from sim.analysis.explore import Exploration, Prepared
    from sim.analysis.robust import Robust, RobustStudy
    from sim.ensemble.checkpoints import Checkpoint
    from sim.ensemble.writer import Written
    from sim.scenarios.space import Space

DEFAULT_PLOT_NAME = "plot.png"


# ---- sim run -------------------------------------------------------------------------------
def run_command(paths: Sequence[str | Path], *, reps: int | None = None, seed: int | None = None,
                out: str | Path | None = None, overrides: Sequence[str] = (),
                point: bool = False,
                actors: bool | None = None, fmt: Format | str | None = None,
                workers: int | None = None, scheduler: str | None = None,
                command: Sequence[str] = (), progress: ProgressFactory = no_progress,
                console: Console = QUIET) -> list[Written]:
    """Run scenario files and write their results folders (`sim run`); ``point``: every
    run takes the calibration's central set (``world.parameter_sets = "central"``).

    Every scenario is validated and every folder probed before anything runs. Each
    scenario's summary table (or, at the end, the JSON of all) goes to ``console``, with
    warnings for changed parameters that cannot act (before) or did not (after).
    """
    from sim.ensemble.executors import open_executor
    from sim.ensemble.jobs import format_notes, jobs_work, plan_jobs, run_jobs, static_warnings
    from sim.report.json_views import run_json
    from sim.report.tables import files_table, summary_table

    _one_place(workers, scheduler)
    if point:
        overrides = (*overrides, 'world.parameter_sets="central"')
    jobs = plan_jobs(paths, reps=reps, seed=seed, out=out, overrides=overrides,
                     actors=actors, fmt=fmt)
    for warning in static_warnings(jobs):
        console.warn(warning)
    for note in format_notes(jobs):
        console.note(note)

    def show(written: Written) -> None:
        for idle in written.idle:
            console.warn(f"{written.scenario.source}: {idle.message()}")
        console.table(summary_table(written))
        console.table(files_table(written) + "\n")

    with open_executor(workers, scheduler, jobs_work(jobs)) as executor:
        written = run_jobs(jobs, command=command, progress=progress, on_done=show,
                           executor=executor)
    console.document(run_json(written))
    return written


def continue_command(from_folder: str | Path, at: str, paths: Sequence[str | Path] = (),
                     overrides: Sequence[str] = (), out: str | Path | None = None,
                     workers: int | None = None, scheduler: str | None = None,
                     command: Sequence[str] = (), progress: ProgressFactory = no_progress,
                     console: Console = QUIET) -> Written:
    """Continue the saved runs in ``from_folder`` from the date ``at`` under new levers
    (`sim run --from FOLDER --at DATE`): those a move file in ``paths`` (at most one)
    sets itself, then ``overrides`` (``key=value``), each a lever
    (:mod:`sim.scenarios.moves`). The same runs and seed as the saved ones, so they pair
    one to one; the folder defaults to ``results/<saved folder>_from_<date>``. Everything
    is checked before anything runs or is written."""
    from sim.ensemble.continuing import plan_continuation
    from sim.ensemble.executors import open_executor
    from sim.ensemble.jobs import jobs_work, run_jobs, static_warnings
    from sim.report.json_views import run_json
    from sim.report.tables import files_table, summary_table

    _one_place(workers, scheduler)
    if len(paths) > 1:
        raise SimError(f"{argument('from_folder')} continues saved runs under one move: give "
                       f"at most one scenario file of levers, not {len(paths)}")
    plan = plan_continuation(from_folder, at, overrides, paths[0] if paths else None, out)
    for warning in (*plan.warnings, *static_warnings([plan.job])):
        console.warn(warning)
    console.said(f"continues {plan.saved.folder} ({plan.saved.reps:,} runs, seed "
                 f"{plan.saved.seed}, paired one to one): {plan.move.describe()}")
    with open_executor(workers, scheduler, jobs_work([plan.job])) as executor:
        written = run_jobs([plan.job], command=command, progress=progress, executor=executor)
    for idle in written[0].idle:
        console.warn(f"{written[0].scenario.source}: {idle.message()}")
    console.table(summary_table(written[0]))
    console.table(files_table(written[0]) + "\n")
    console.document(run_json(written) | {"continues": plan.job.continues})
    return written[0]


# ---- sim compare and sim plot --------------------------------------------------------------
def compare_results(paths: Sequence[str | Path], csv: str | Path | None = None,
                    json_path: str | Path | None = None,
                    plot: str | Path | None = None, force: bool = False) -> Comparison:
    """Compare results folders (or summary.csv files) against the first one.

    Writes the tidy table to ``csv``, the same numbers to ``json_path`` and the
    figure to ``plot`` when given ("-" writes CSV or JSON to standard output).
    ``force`` uses results without a readable manifest, unchecked (the comparison's
    warnings say so).
    """
    from sim.analysis.compare import compare
    from sim.ensemble.results import FLOAT_FORMAT
    from sim.ensemble.resultsets import load_result_sets, read_timeseries
    from sim.report.outputs import PLOT_FORMATS, STDOUT, check_output, plot_format, write_outputs

    if len(paths) < 2:
        raise ResultsError("compare needs at least two results (the first is the reference), "
                           "e.g. sim compare results/baseline results/us_commits")
    if str(csv) == STDOUT and str(json_path) == STDOUT:
        raise ResultsError(f"{argument('csv')} and {argument('json_path')} cannot both write to "
                           "standard output ('-')")
    sets = load_result_sets(paths, force)
    inputs = [s.summary_path for s in sets]
    check_output(csv, "csv", ("csv",), inputs)
    check_output(json_path, "json_path", ("json",), inputs)
    check_output(plot, "plot", PLOT_FORMATS, inputs)
    fronts = ([read_timeseries(s, ["russia_held_km2"]) for s in sets] if plot is not None
              else [])

    comparison = compare(sets)
    outputs: dict[str | Path, str | bytes] = {}
    if csv is not None:
        outputs[csv] = comparison.frame().to_csv(index=False, float_format=FLOAT_FORMAT,
                                                 lineterminator="\n")
    if json_path is not None:
        outputs[json_path] = json.dumps(comparison.to_json(), indent=2) + "\n"
    if plot is not None:
        from sim.report import figures as plots  # matplotlib loads only when a plot is asked for

        held = [plots.fan(f, "russia_held_km2") for f in fronts]
        figure = plots.comparison_figure(comparison, held)
        outputs[plot] = plots.render(figure, plot_format(plot))
    write_outputs(outputs)
    return comparison


def compare_command(paths: Sequence[str | Path], csv: str | Path | None = None,
                    json_path: str | Path | None = None, plot: str | Path | None = None,
                    force: bool = False, console: Console = QUIET) -> Comparison:
    """`sim compare`: the comparison's table (unless a file goes to standard output), and
    where each file went."""
    from sim.report.outputs import STDOUT
    from sim.report.tables import comparison_table

    comparison = compare_results(paths, csv=csv, json_path=json_path, plot=plot, force=force)
    for warning in comparison.warnings:
        console.warn(warning)
    if STDOUT not in (str(csv), str(json_path)):
        console.table(comparison_table(comparison))
    for label, path in (("table", csv), ("JSON", json_path), ("plot", plot)):
        if path is not None and str(path) != STDOUT:
            console.said(f"  {label}: {path}")
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
    from sim.ensemble.resultsets import compatibility_warnings, load_result_set, read_timeseries
    from sim.report.outputs import PLOT_FORMATS, check_output, plot_format, write_output

    result = load_result_set(path, force)
    target = Path(out) if out is not None else result.folder / DEFAULT_PLOT_NAME
    check_output(target, "out", PLOT_FORMATS, [result.summary_path])
    from sim.report import figures as plots

    variables = [variable for variable, *_ in plots.FAN_PANELS]
    timeseries = read_timeseries(result, variables)
    figure = plots.results_figure(result, [plots.fan(timeseries, v) for v in variables])
    write_output(target, plots.render(figure, plot_format(target)))
    return Plotted(target, compatibility_warnings([result]))


def plot_command(path: str | Path, out: str | Path | None = None, force: bool = False,
                 console: Console = QUIET) -> Plotted:
    """`sim plot`: the figure, and where it went."""
    plotted = plot_results(path, out, force)
    for warning in plotted.warnings:
        console.warn(warning)
    console.out(f"plot: {plotted.path}")
    return plotted


# ---- sim claims ----------------------------------------------------------------------------
def check_claims(claim_paths: Sequence[str | Path] = (CLAIMS_FOLDER,), only: Sequence[str] = (),
                 reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
                 assume: str | Path | None = None, out: str | Path | None = None,
                 command: Sequence[str] = (), progress: ProgressFactory = no_progress,
                 workers: int | None = None, scheduler: str | None = None,
                 sets: int = CLAIMS_SETS, set_reps: int = CLAIMS_SET_REPS,
                 assumed: bool = True) -> tuple[Evaluation, Path]:
    """Decide the claims (all, or ``only`` these ids) and write the claims folder: pooled,
    then in each of ``sets`` plausible worlds (``set_reps`` runs per arm to start with).

    The folder defaults to results/claims, or results/claims-<assumption file stem>.
    Everything is loaded and validated (every arm's scenario resolved) before any
    worker starts or anything runs or is written; ``workers`` and ``scheduler`` choose
    where the arms run (:func:`sim.ensemble.executors.open_executor`).
    """
    from sim.analysis.assumed import ASSUMED_REPS, judgement_ends
    from sim.analysis.claims import load_claims
    from sim.analysis.evaluate import (
        claims_work,
        claims_world,
        load_assumption_set,
        plan_arms,
        select_claims,
    )
    from sim.analysis.tipping import STRENGTHS, TIPPING_REPS
    from sim.ensemble.executors import open_executor
    from sim.ensemble.folders import check_writable_folder
    from sim.report.claims_report import write_claims
    from sim.report.studies import evaluate, world_fit
    from sim.scenarios.record import load_record

    _one_place(workers, scheduler)
    claims = select_claims(load_claims(claim_paths), only)
    assumptions = load_assumption_set(assume) if assume is not None else None
    plan = plan_arms(claims, assumptions)
    if out is None:
        out = Path(RESULTS_ROOT) / ("claims" if assume is None
                                    else f"claims-{Path(assume).stem}")
    check_writable_folder(out)
    extra = sets * set_reps + ((len(judgement_ends()) + 1) * ASSUMED_REPS if assumed else 0)
    extra += len(STRENGTHS) * TIPPING_REPS if assumptions is not None else 0
    with open_executor(workers, scheduler, claims_work(plan, reps, extra)) as executor:
        evaluation = evaluate(claims, reps=reps, seed=seed, assumptions=assumptions,
                              executor=executor, progress=progress, plan=plan, sets=sets,
                              set_reps=set_reps, assumed=assumed, tipping=True)
    fit = world_fit(claims_world(assumptions), load_record(), seed=seed)  # does it fit?
    evaluation = replace(evaluation, world_fit=fit)
    return evaluation, write_claims(evaluation, out, list(command))


def claims_command(claim_paths: Sequence[str | Path] = (CLAIMS_FOLDER,),
                   only: Sequence[str] = (),
                   reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
                   assume: str | Path | None = None, out: str | Path | None = None,
                   command: Sequence[str] = (), progress: ProgressFactory = no_progress,
                   workers: int | None = None, scheduler: str | None = None,
                   console: Console = QUIET, sets: int = CLAIMS_SETS,
                   set_reps: int = CLAIMS_SET_REPS,
                   assumed: bool = True) -> tuple[Evaluation, Path]:
    """`sim claims`: the claims decided and written, their table (or JSON)."""
    from sim.report.json_views import claims_json
    from sim.report.tables import claims_table

    evaluation, folder = check_claims(claim_paths, only, reps, seed, assume, out, command,
                                      progress, workers, scheduler, sets, set_reps,
                                      assumed)
    console.table(claims_table(evaluation))
    console.table(f"  report: {folder}/claims.md\n")
    console.document(claims_json(evaluation, folder))
    return evaluation, folder


# ---- sim explore ---------------------------------------------------------------------------
def explore_space(space_path: str | Path, method: str | None = None, points: int | None = None,
                  reps: int | None = None, seed: int | None = None, claims: bool = False,
                  claim_paths: Sequence[str | Path] | None = None, find: Sequence[str] = (),
                  boxes: bool = True, out: str | Path | None = None, resume: bool = False,
                  restart: bool = False, command: Sequence[str] = (),
                  progress: ProgressFactory = no_progress, keep_runs: bool = False,
                  console: Console = QUIET, workers: int | None = None,
                  scheduler: str | None = None, sensitivity: bool = True,
                  figures: bool = True) -> tuple[Exploration, Path]:
    """Explore an assumption space and write its folder (default results/explore-<stem>).

    Only the analyses asked for are computed, and their libraries imported only then:
    ``boxes`` (PRIM, EMA Workbench), ``sensitivity`` (SALib's indices), ``figures``
    (matplotlib).

    Every input is read and checked, the output folder probed, and an interrupted
    exploration found (to resume, or to refuse to overwrite) before the first run.
    Finished pieces of work are kept in a hidden sibling folder until the outputs are
    written, so Ctrl-C loses at most the pieces under way. ``console`` hears, before
    the first run, what was adjusted (a Sobol size rounded to a power of two);
    ``workers`` and ``scheduler`` choose where pieces run (see :func:`open_executor`).
    """
    from sim.analysis.claims import load_claims
    from sim.analysis.discovery import PRIM_PRELOAD, parse_target
    from sim.analysis.explore import prepare
    from sim.ensemble.checkpoints import Checkpoint
    from sim.ensemble.executors import InProcess, open_executor
    from sim.ensemble.folders import check_writable_folder
    from sim.ensemble.helper import helper_for
    from sim.report.explore_report import write_exploration
    from sim.report.studies import explore
    from sim.scenarios.space import load_space

    _explore_options_agree(resume, restart, claims, claim_paths, find, boxes)
    _one_place(workers, scheduler)
    space = load_space(space_path, method=method, points=points, reps=reps, seed=seed)
    targets = [parse_target(text) for text in find]
    if boxes and len(space.uncertain) < 2:
        raise SpaceError(space.source, "PRIM needs at least two parameters to find boxes in, "
                                       "and this space has one; add another or pass "
                                       f"{argument('no_boxes')}", "uncertain")
    chosen = load_claims(claim_paths or (CLAIMS_FOLDER,)) if claims else []
    out = (Path(out) if out is not None
           else Path(RESULTS_ROOT) / f"explore-{Path(space_path).stem}")
    check_writable_folder(out)
    prepared = prepare(space, chosen)
    kept = Checkpoint.open(out.parent / f".{out.name}.partial",
                           prepared.fingerprint(space, chosen, keep_runs),
                           resume=resume, restart=restart, hint="exploration")
    _warn_before_exploring(space, prepared, sensitivity, console)
    work = prepared.work(space, len(chosen), boxes, sensitivity, len(targets))
    with (open_executor(workers, scheduler, work) as executor,
          helper_for([PRIM_PRELOAD], boxes and isinstance(executor, InProcess)) as helper):
        exploration = explore(space, chosen, targets, boxes, kept, prepared,
                              keep_runs=keep_runs, executor=executor, progress=progress,
                              sensitivity=sensitivity, helper=helper)
    folder = write_exploration(exploration, out, list(command), console.named, figures)
    kept.remove()
    return exploration, folder


def _warn_before_exploring(space: Space, prepared: Prepared, sensitivity: bool,
                           console: Console) -> None:
    """What was adjusted in the sample, and a design laid out for indices not asked for."""
    if prepared.sample.note:
        console.warn(prepared.sample.note)
    if not sensitivity and space.method in ("sobol", "morris"):
        console.warn(f"{argument('no_sensitivity')}: the {space.method} design's points are "
                     "laid out for its indices, which are not computed; an lhs sample "
                     "covers the space as well for the measures alone")


def _explore_options_agree(resume: bool, restart: bool, claims: bool,
                           claim_paths: Sequence[str | Path] | None, find: Sequence[str],
                           boxes: bool) -> None:
    """Refuse options that contradict each other, or would do nothing (no silent no-ops)."""
    if resume and restart:
        raise SimError(f"{argument('resume')} and {argument('restart')} contradict each "
                       "other; pass one")
    if claim_paths and not claims:
        raise SimError(f"{argument('claim_paths')} names claim files for "
                       f"{argument('claims')}, which is not given; add it, or drop "
                       f"{argument('claim_paths')}")
    if find and not boxes:
        raise SimError(f"{argument('find')} names outcomes to find PRIM boxes for, and "
                       f"{argument('no_boxes')} finds none; drop one of them")


def _one_place(workers: int | None, scheduler: str | None) -> None:
    """Work runs on local workers or on a cluster, not both."""
    if workers is not None and scheduler is not None:
        raise SimError(f"{argument('workers')} starts local workers and "
                       f"{argument('scheduler')} uses a cluster's; give one")


def explore_command(space_path: str | Path, console: Console = QUIET,
                    **options) -> tuple[Exploration, Path]:
    """`sim explore`: the exploration written, its summary (or JSON) and its notes; Ctrl-C
    keeps the finished points (:class:`~sim.errors.Interrupted` says how to go on)."""
    from sim.report.json_views import exploration_json
    from sim.report.tables import exploration_table

    try:
        exploration, folder = explore_space(space_path, console=console, **options)
    except KeyboardInterrupt:
        raise Interrupted("Interrupted: the finished points are kept; continue with the same "
                          f"command and {argument('resume')}.") from None
    for note in exploration.notes:
        if note != exploration.sample.note:  # already said before the runs
            console.note(note)
    console.table(exploration_table(exploration))
    console.table(f"  report: {folder}/report.md\n")
    console.document(exploration_json(exploration, folder, console.named))
    return exploration, folder


def _check_calibration_folder(space: Space, out: Path) -> None:
    """Refuse, before any run, to write one choice of sub-models' calibration over the
    shipped folder of another (runs would then draw sets made for other sub-models)."""
    from sim.scenarios.params import PARAMS
    from sim.scenarios.plausible import CALIBRATION_FOLDER, folder_of, model_choice

    choice = model_choice({key: space.model.get(key, PARAMS[key].default)
                           for key in PARAMS if key.startswith("model.")})
    shipped_folders = {CALIBRATION_FOLDER.resolve()} | {
        folder.resolve() for folder in CALIBRATION_FOLDER.parent.glob("calibration-*")}
    if out.resolve() in shipped_folders and out.resolve() != folder_of(choice).resolve():
        right = folder_of(choice).relative_to(CALIBRATION_FOLDER.parent)
        raise SimError(f"{argument('out')}: {out} is the shipped calibration of other "
                       f"sub-models; this space calibrates {dict(choice) or 'the defaults'}, "
                       f"whose folder is {right}/")


def calibrate_command(space_path: str | Path, waves: int = 3, points: int | None = None,
                      reps: int | None = None, seed: int | None = None,
                      record_folder: str | Path = "record",
                      out: str | Path = "results/calibration", command: Sequence[str] = (),
                      progress: ProgressFactory = no_progress, console: Console = QUIET,
                      workers: int | None = None, scheduler: str | None = None) -> Path:
    """`sim calibrate`: history matching of the replay against the record, written."""
    from sim.analysis.calibrate import MIN_REPS
    from sim.ensemble.cost import Work
    from sim.ensemble.executors import open_executor
    from sim.ensemble.folders import check_writable_folder
    from sim.report.calibrate_report import calibration_table, write_calibration
    from sim.report.studies import calibrate
    from sim.scenarios.loading import load_scenario
    from sim.scenarios.record import load_record
    from sim.scenarios.space import load_space

    _one_place(workers, scheduler)
    if reps is not None and reps < MIN_REPS:  # the flag's fault, not the space file's
        raise SimError(f"{argument('reps')}: got {reps}; allowed: at least {MIN_REPS} runs "
                       "per point (each target's mean and spread need them)")
    space = load_space(space_path, points=points, reps=reps, seed=seed)
    record = load_record(record_folder)
    _check_calibration_folder(space, Path(out))
    check_writable_folder(Path(out))
    runs = waves * space.points * space.reps
    work = Work(run_weeks=runs * (load_scenario(space.scenario).weeks + 1), batched=True)
    try:
        with open_executor(workers, scheduler, work) as executor:
            calibration = calibrate(space, record, waves, progress, executor)
    except KeyboardInterrupt:
        raise Interrupted(f"Interrupted: nothing was written to {out} (a calibration is not "
                          "resumable: run the command again).") from None
    folder = write_calibration(calibration, record, out, list(command))
    console.table(calibration_table(calibration, folder))
    console.document({"folder": str(folder), "runs": calibration.runs,
                      "seconds": calibration.seconds,
                      "waves": [{"wave": w.number, "points": w.points,
                                 "plausible": int(w.survivors.sum()),
                                 "ruled_out": w.ruled_out} for w in calibration.waves]})
    return folder


# ---- sim robust ----------------------------------------------------------------------------
def robust_command(policies_path: str | Path = "scenarios/policies/essay.toml", *,
                   worlds: int | None = None, reps: int | None = None,
                   seed: int | None = None, out: str | Path | None = None,
                   boxes: bool = True, workers: int | None = None,
                   scheduler: str | None = None, resume: bool = False,
                   restart: bool = False, command: Sequence[str] = (),
                   progress: ProgressFactory = no_progress,
                   console: Console = QUIET) -> tuple[Robust, Path]:
    """`sim robust`: every strategy of a policies file in each future (the essay's world
    and each named critic's world that fits the record, crossed with the plausible sets),
    its robustness (satisficing, regret, pooled and per world) written to its folder
    (default results/robust-<file stem>) and shown as a table (or JSON); with ``boxes``,
    each strategy's PRIM box of the futures where it fails, as tasks after the simulation.

    The file, its scenario, every lever and every critic are checked, each critic's world
    held against the record, the folder probed and an interrupted study found (to resume
    with ``resume``, to discard with ``restart``, or to refuse to overwrite) before any run.
    Each finished task is kept in a hidden sibling folder until the outputs are written, so
    Ctrl-C loses at most the tasks under way; the folder is written whole at the end or not
    at all (a previous one stays as it was).
    """
    from sim.analysis.robust import box_tasks
    from sim.ensemble.executors import open_executor
    from sim.ensemble.schedule import run_tasks
    from sim.report.robust_report import robust_json, robust_table, write_robust
    from sim.report.studies import robust

    _one_place(workers, scheduler)
    if resume and restart:
        raise SimError(f"{argument('resume')} and {argument('restart')} contradict each "
                       "other; pass one")
    study, out, kept = _robust_study(policies_path, worlds, reps, seed, out, resume, restart,
                                     console)
    try:
        with open_executor(workers, scheduler, study.work()) as executor:
            result = robust(study, progress, executor, kept)
            if boxes:
                result = replace(result, boxes=tuple(run_tasks(executor, box_tasks(result))))
        folder = write_robust(result, out, list(command))
    except KeyboardInterrupt:
        raise Interrupted(f"Interrupted: nothing was written to {out} (any earlier results "
                          "there are unchanged); the finished tasks are kept: continue with "
                          f"the same command and {argument('resume')}.") from None
    kept.remove()
    for note in result.notes[len(study.notes):]:  # found while running (damaged tasks)
        console.note(note)
    console.table(robust_table(result) + f"\n\n  report: {folder}/report.md\n")
    console.document(robust_json(result, folder))
    return result, folder


def _robust_study(policies_path: str | Path, worlds: int | None, reps: int | None,
                  seed: int | None, out: str | Path | None, resume: bool, restart: bool,
                  console: Console) -> tuple[RobustStudy, Path, Checkpoint]:
    """Everything `sim robust` checks before its first run: the policies file, each named
    critic's world against the record (one that does not fit is excluded, and said so),
    the memory the largest task needs, the output folder and the checkpoint (an interrupted
    study of the same inputs resumed with ``resume``, discarded with ``restart``, else
    refused): the study, its folder and its checkpoint."""
    from sim.analysis.robust import largest_task, robust_study
    from sim.ensemble.checkpoints import Checkpoint
    from sim.ensemble.folders import check_writable_folder
    from sim.ensemble.runner import check_memory
    from sim.report.studies import critic_fits
    from sim.scenarios.policies import load_policies
    from sim.scenarios.record import load_record

    policies = load_policies(policies_path, worlds=worlds, reps=reps, seed=seed)
    out = (Path(out) if out is not None
           else Path(RESULTS_ROOT) / f"robust-{Path(policies_path).stem}")
    check_writable_folder(out)
    study = robust_study(policies, critic_fits(policies, load_record())
                         if policies.critics else ())
    check_memory(largest_task(study), study.weeks, actors=False)
    kept = Checkpoint.open(out.parent / f".{out.name}.partial", study.fingerprint(),
                           resume=resume, restart=restart, hint="robust study")
    for excluded in study.excluded:
        console.warn(f"the critic {excluded.name} ({excluded.source}) is not crossed: "
                     f"{excluded.reason}")
    for warning in study.warnings:
        console.warn(warning)
    for note in study.notes:
        console.note(note)
    return study, out, kept


# ---- sim check and sim params --------------------------------------------------------------
def check_command(paths: Sequence[str | Path], overrides: Sequence[str] = (),
                  console: Console = QUIET) -> None:
    """`sim check`: every file validated, each invalid one named with its error (then
    :class:`~sim.errors.InvalidInputs`), what each valid one changes and its warnings."""
    from sim.report.check import check_scenarios
    from sim.report.json_views import check_json

    reports = check_scenarios(paths, tuple(overrides), console.named)
    for report in reports:
        if report.error:
            console.err(f"Error: {report.error}")
            continue
        console.table("\n".join(report.lines))
        for warning in report.warnings:
            console.warn(warning)
    console.document(check_json(reports))
    if any(report.error for report in reports):
        raise InvalidInputs(f"{sum(bool(r.error) for r in reports)} of {len(reports)} files "
                            "are invalid")


def predict_command(reps: int = 1000, seed: int = 20250904,
                    record_folder: str | Path = "record",
                    out: str | Path = "validation/predictions", command: Sequence[str] = (),
                    console: Console = QUIET) -> Path:
    """`sim predict`: the model's 2025 predictions, written with their digest."""
    from sim.ensemble.folders import check_writable_folder
    from sim.report.studies import predict
    from sim.report.validation_report import (
        predictions_frame,
        predictions_table,
        write_predictions,
    )
    from sim.scenarios.record import load_record

    record = load_record(record_folder)
    check_writable_folder(Path(out))
    found = predict(record, reps, seed)
    folder = write_predictions(found, record, reps, seed, out, command)
    console.table(predictions_table(found)
                  + f"\n\n  predictions: {folder}/ (commit them before `sim validate`)")
    console.document({"folder": str(folder),
                      "predictions": predictions_frame(found).to_dict("records")})
    return folder


def validate_command(predictions: str | Path = "validation/predictions",
                     record_folder: str | Path = "record",
                     out: str | Path = "validation/scores", command: Sequence[str] = (),
                     console: Console = QUIET) -> Path:
    """`sim validate`: committed predictions against the record's held-out targets."""
    from sim.analysis.validation import score
    from sim.ensemble.folders import check_writable_folder
    from sim.report.validation_report import (
        read_predictions,
        scores_frame,
        scores_table,
        write_scores,
    )
    from sim.scenarios.record import load_record

    record = load_record(record_folder)
    found, manifest = read_predictions(predictions)
    check_writable_folder(Path(out))
    scored = score(record, found)
    folder = write_scores(scored, manifest, out, command)
    console.table(scores_table(scored, manifest) + f"\n  report: {folder}/report.md")
    console.document({"folder": str(folder), "scores": scores_frame(scored).to_dict("records")})
    return folder


def record_command(folder: str | Path = "record", inputs: bool = False,
                   role: str | None = None, history: bool = False,
                   against: str | Path | None = None, console: Console = QUIET) -> None:
    """`sim record`: the record's targets (or inputs), checked, as a table or JSON; the
    replay scenario it makes (``history``); or a replay's runs against its targets."""
    from sim.report.record_report import record_json, record_table
    from sim.scenarios.history import history_toml
    from sim.scenarios.record import Role, load_record

    chosen = [argument(name) for name, on in (("history", history), ("against", against),
                                              ("inputs", inputs), ("role", role)) if on]
    if len(chosen) > 1:
        raise SimError(f"{' and '.join(chosen)} cannot be combined: each asks for a different "
                       "listing")
    if history and console.as_json:
        raise SimError(f"{argument('history')} prints a scenario file (TOML), not JSON; leave "
                       f"out {argument('as_json')}")
    record = load_record(folder)
    if history:
        console.out(history_toml(record).rstrip("\n"))
    elif against is not None:
        _replay_check(record, against, console)
    else:
        console.table(record_table(record, inputs, Role(role) if role else None))
        console.document(record_json(record))


def _replay_check(record: Any, results: str | Path, console: Console) -> None:
    """A results folder's runs against the record's fit targets."""
    from sim.analysis.replay import COLUMNS, Status, check_targets
    from sim.ensemble.resultsets import load_result_set, read_timeseries, run_dates
    from sim.report.record_report import replay_json, replay_table

    result = load_result_set(results)
    frame = read_timeseries(result, list(COLUMNS)).sort_values(["run", "week"])
    runs, weeks = frame["run"].nunique(), frame["week"].max() + 1
    weekly = {c: frame[c].to_numpy().reshape(runs, weeks).T for c in COLUMNS}
    dates = run_dates(result)
    checks = check_targets(record, weekly, dates)
    if not any(c.status is Status.COMPARED for c in checks):
        raise ResultsError(f"{result.folder}: its runs cover {dates[0]} to {dates[-1]}, which "
                           "holds no fit target's whole period; run the replay, "
                           "`sim run scenarios/history.toml`, and pass its folder")
    console.table(replay_table(checks, runs, result.label))
    console.document({"results": str(result.folder), "record_sha256": record.sha256,
                      "targets": replay_json(checks)})


def params_command(section: str | None = None, markdown: bool = False,
                   console: Console = QUIET) -> None:
    """`sim params`: every parameter (of one section), as text, Markdown or JSON."""
    from sim.report.json_views import params_json
    from sim.scenarios.reference import render_markdown, render_text

    console.table((render_markdown() if markdown else render_text(section)).rstrip("\n"))
    console.document(params_json(section))


# ---- sim report ----------------------------------------------------------------------------
def report_command(paths: Sequence[str | Path], out: str | Path = "report.html",
                   pdf: str | Path | None = None, title: str = "", command: Sequence[str] = (),
                   console: Console = QUIET) -> Path:
    """`sim report`: one self-contained HTML document of any mix of results folders (and,
    with ``pdf``, the same document as a PDF). Every folder is read and checked, and both
    files probed, before anything is drawn; both are written, or neither."""
    from sim.ensemble.results import PROJECTION_NOTE
    from sim.report.outputs import check_output, write_outputs
    from sim.report.report_html import render_html
    from sim.report.report_sections import build_document
    from sim.report.study_folders import read_studies

    studies = read_studies(list(paths))
    inputs = [s.path for s in studies]
    check_output(out, "out", ("html",), inputs)
    check_output(pdf, "pdf", ("pdf",), inputs)
    if pdf is not None and Path(pdf).resolve() == Path(out).resolve():
        raise ResultsError(f"{pdf}: {argument('pdf')} and {argument('out')} name one file")
    try:
        typed = " ".join(word for word in command if word not in ("-q", "--quiet"))
        document = build_document(studies, PROJECTION_NOTE, typed, title)
        outputs: dict[str | Path, str | bytes] = {out: render_html(document)}
        if pdf is not None:
            from sim.report.report_pdf import render_pdf  # fpdf2 loads only for a PDF

            outputs[pdf] = render_pdf(document)
        for warning in document.warnings:
            console.warn(warning)
        write_outputs(outputs)
    except KeyboardInterrupt:
        raise Interrupted(f"Interrupted: {out} was not written (a previous one is as it "
                          "was).") from None
    console.said(f"report: {out}" + (f"\n  PDF: {pdf}" if pdf is not None else ""))
    console.note(PROJECTION_NOTE)
    return Path(out)
