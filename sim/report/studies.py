"""Running a study: the analysis says what to run and how to decide it, the ensemble runs
it, and the analysis reads the results. ``evaluate`` decides claims (`sim claims`, the
page's claims panel); ``explore`` explores an assumption space (`sim explore`);
``calibrate`` matches the replay to the record (`sim calibrate`); ``robust`` runs every
strategy of a policies file in every plausible world (`sim robust`).

Everything here is glue between the two layers, so that neither reaches into the other:
:mod:`sim.analysis` never runs anything, :mod:`sim.ensemble` never knows what a claim is.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from sim.analysis.assumed import (
    ASSUMED_REPS,
    JUDGEMENT_SPACE,
    Flip,
    at_end,
    decisive,
    flips_at_end,
    judgement_ends,
)
from sim.analysis.calibrate import (
    Bounds,
    Calibration,
    around_survivors,
    check_space,
    cut_after,
    fit_targets,
    make_wave,
    prior_bounds,
    replay_check,
    run_seed,
    wave_points,
    wave_work,
)
from sim.analysis.claims import Claim, Verdict
from sim.analysis.discovery import Target
from sim.analysis.evaluate import (
    Assumptions,
    ClaimResult,
    Evaluation,
    claims_study,
    plan_variants,
)
from sim.analysis.explore import (
    RUN_TABLES,
    AnalysisWork,
    Exploration,
    Prepared,
    analysis_work,
    findings,
    inert_everywhere,
    joined,
    notes_after,
    notes_before,
    piece_work,
    prepare,
)
from sim.analysis.mixtures import mixtures_study, swaps_a_sub_model
from sim.analysis.robust import Robust, RobustStudy
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SEED, CLAIMS_SET_REPS
from sim.analysis.tipping import STRENGTHS, TIPPING_REPS, at_strength
from sim.analysis.validation import Prediction, predictions
from sim.analysis.world_fit import FIT_REPS, WorldFit
from sim.analysis.worlds import (
    MAX_REPS_FACTOR,
    one_calibration,
    restricted,
    worlds_available,
    worlds_study,
)
from sim.ensemble.checkpoints import Checkpoint
from sim.ensemble.executors import Executor, InProcess
from sim.ensemble.helper import Helper
from sim.ensemble.pieces import run_pieces
from sim.ensemble.plan import Plan
from sim.ensemble.progress import ProgressFactory, no_progress
from sim.ensemble.schedule import fan_in, run_tasks
from sim.scenarios.history import BASELINE_FILE, REPLAY_FILE, history_toml
from sim.scenarios.loading import load_scenario, load_scenario_text
from sim.scenarios.plausible import DEFAULTS
from sim.scenarios.policies import Critic, Policies
from sim.scenarios.record import Record, Role
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import Space


def evaluate(claims: Sequence[Claim], reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
             assumptions: Assumptions | None = None, progress: ProgressFactory = no_progress,
             executor: Executor | None = None, plan: Plan | None = None, sets: int = 0,
             set_reps: int = CLAIMS_SET_REPS, assumed: bool = False,
             tipping: bool = False) -> Evaluation:
    """Run each distinct arm once (as tasks of ``executor``, default this process) and
    decide every claim, each as soon as its arms are done; with ``sets``, also decide
    each claim in that many plausible worlds (``set_reps`` runs per arm in each), which
    then gives its verdict (:mod:`sim.analysis.worlds`); with ``assumed``, also move each
    judgement to the ends of its range (:func:`find_flips`); with ``tipping`` and an
    assumption set, find the strength of its mechanism that flips each claim
    (:func:`find_tipping`)."""
    executor = executor or InProcess()
    study = claims_study(claims, reps, seed, assumptions, plan)
    with progress(study.label, len(claims)) as tick:
        results = fan_in(executor, study.sources, study.sinks, lambda *_: tick(1))
    evaluation = study.evaluation(results)
    if sets:
        decide_over_worlds(evaluation, study.plan, sets, set_reps, progress, executor)
    if assumed:
        find_flips(evaluation, progress, executor)
    if tipping and assumptions is not None:
        find_tipping(evaluation, progress, executor)
    return evaluation


def find_tipping(evaluation: Evaluation, progress: ProgressFactory, executor: Executor,
                 reps: int = TIPPING_REPS) -> None:
    """Each claim decided at each strength of the assumption set's mechanism, on ``reps``
    pooled runs per arm (:mod:`sim.analysis.tipping`); for a set that swaps a sub-model,
    at each share of the runs in its world (:mod:`sim.analysis.mixtures`)."""
    critic, claims = evaluation.assumptions, [r.claim for r in evaluation.results]
    at = _at_shares_of_runs if swaps_a_sub_model(critic) else _at_strengths
    found = at(claims, critic, reps, evaluation.seed, progress, executor)
    for result, strengths in zip(evaluation.results, found, strict=True):
        result.strengths = strengths
    evaluation.tipped = True


def _at_strengths(claims: Sequence[Claim], critic: Assumptions, reps: int, seed: int,
                  progress: ProgressFactory, executor: Executor) -> list[tuple[Verdict, ...]]:
    """Each claim's pooled verdict with the set's values moved each strength of the way."""
    variants = [Assumptions(f"{critic.name} at {strength:g}", critic.description,
                            at_strength(critic.values, strength), critic.source)
                for strength in STRENGTHS]
    label = f"the mechanism of {critic.name} at {len(STRENGTHS)} strengths"
    found = _under_variants(claims, variants, reps, seed, label, progress, executor)
    return [tuple(found[number, claim.id].pooled_verdict for number in range(len(STRENGTHS)))
            for claim in claims]


def _at_shares_of_runs(claims: Sequence[Claim], critic: Assumptions, reps: int, seed: int,
                       progress: ProgressFactory, executor: Executor
                       ) -> list[tuple[Verdict, ...]]:
    """Each claim's pooled verdict with each share of its runs in the critic's world."""
    study = mixtures_study(claims, Assumptions("the defaults", "", {}, ""), critic, STRENGTHS,
                           reps, seed)
    label = f"{critic.name}'s world in {len(STRENGTHS)} shares of the runs"
    with progress(f"{label}: {len(study.plan.items)} arms x {reps} runs",
                  len(study.sinks)) as tick:
        return fan_in(executor, study.sources, study.sinks, lambda *_: tick(1))


def find_flips(evaluation: Evaluation, progress: ProgressFactory, executor: Executor,
               reps: int = ASSUMED_REPS) -> None:
    """Each decisive claim decided again at each end of each judgement range (one at a
    time, on ``reps`` pooled runs per arm); an end where its verdict is the opposite is a
    flip, and makes it *assumed* (:mod:`sim.analysis.assumed`)."""
    wanted = [r for r in evaluation.results if decisive(r.decided)]
    base = dict(evaluation.assumptions.values) if evaluation.assumptions else {}
    ends = judgement_ends(list(base))
    evaluation.ends = len(ends)
    if not wanted:
        return
    here = [evaluation.assumptions or Assumptions("the world", "", {}, "")]
    variants = here + [Assumptions(end.describe(), "", at_end(base, end), str(JUDGEMENT_SPACE))
                       for end in ends]
    label = f"moving {len(ends) // 2} judgements to each end of their ranges"
    found = _under_variants([r.claim for r in wanted], variants, reps, evaluation.seed, label,
                            progress, executor)
    for result in wanted:
        here = found[0, result.claim.id].pooled_verdict  # every judgement as the world has it
        result.flips += tuple(Flip(end, found[number, result.claim.id].pooled_verdict)
                              for number, end in enumerate(ends, start=1)
                              if flips_at_end(result.decided, here,
                                              found[number, result.claim.id].pooled_verdict,
                                              found[number, result.claim.id].same_runs))


def _under_variants(claims: Sequence[Claim], variants: Sequence[Assumptions], reps: int,
                    seed: int, label: str, progress: ProgressFactory, executor: Executor
                    ) -> dict[tuple[int, str], ClaimResult]:
    """Every claim decided on ``reps`` pooled runs under each variant, as one study (by
    variant number and claim id, in the variants' order)."""
    renamed, plan = plan_variants(claims, variants)
    study = claims_study(renamed, reps, seed, plan=plan)
    with progress(f"{label}: {len(plan.items)} arms x {reps} runs", len(renamed)) as tick:
        found = fan_in(executor, study.sources, study.sinks, lambda *_: tick(1))
    keyed = {}
    for claim, result in zip(renamed, found, strict=True):
        number, claim_id = claim.id.split("|", 1)
        keyed[int(number), claim_id] = result
    return keyed


def decide_over_worlds(evaluation: Evaluation, plan: Plan, sets: int, set_reps: int,
                       progress: ProgressFactory, executor: Executor) -> None:
    """Each claim of ``evaluation`` decided in ``sets`` plausible worlds, first with
    ``set_reps`` runs per arm in each, then again with more for the claims whose checks
    miss the run rule (:mod:`sim.analysis.worlds`)."""
    results = {result.claim.id: result for result in evaluation.results}
    most = set_reps * MAX_REPS_FACTOR
    sets = min(sets, worlds_available(plan))  # no more worlds than plausible sets
    # a claim whose arms run different sub-models has no common worlds: pooled only
    pending = {result.claim.id: set_reps for result in evaluation.results
               if one_calibration(result.claim, plan)}
    while pending:
        for reps in sorted(set(pending.values())):
            claims = [results[cid].claim for cid, wanted in pending.items() if wanted == reps]
            study = worlds_study(claims, restricted(plan, claims), sets, reps, evaluation.seed)
            with progress(study.label, len(claims)) as tick:
                decided = fan_in(executor, study.sources, study.sinks, lambda *_: tick(1))
            for claim, over_worlds in zip(claims, decided, strict=True):
                results[claim.id].worlds = over_worlds
        pending = {cid: results[cid].worlds.reps_wanted(most) for cid in pending}
        pending = {cid: reps for cid, reps in pending.items() if reps > results[cid].worlds.reps}
    evaluation.sets, evaluation.set_reps = sets, set_reps


def explore(space: Space, claims: Sequence[Claim] = (), targets: Sequence[Target] = (),
            boxes: bool = True, checkpoint: Checkpoint | None = None,
            prepared: Prepared | None = None, progress: ProgressFactory = no_progress,
            keep_runs: bool = False, executor: Executor | None = None,
            sensitivity: bool = True, helper: Helper | None = None) -> Exploration:
    """Simulate every point (resuming the pieces ``checkpoint`` holds), then analyse as
    asked (``boxes``: PRIM; ``sensitivity``: the indices).

    Pieces, sensitivity indices and PRIM boxes are tasks of ``executor`` (default: this
    process); each finished piece is kept at once, whatever order pieces finish in.
    ``prepared`` is :func:`sim.analysis.explore.prepare`'s result when the caller made it
    already. A KeyboardInterrupt passes through as it comes: finished pieces are already
    kept. ``keep_runs`` also keeps each run of the space's scenario (its summary, and its
    world week by week) as Parquet in the checkpoint, which must then be given.
    ``helper`` (:func:`sim.ensemble.helper.helper_for`), if given, finds the boxes while
    ``executor`` computes the indices.
    """
    if keep_runs and checkpoint is None:
        raise ValueError("keep_runs needs a checkpoint to keep the per-run tables in")
    executor = executor or InProcess()
    tables = RUN_TABLES if keep_runs else ()
    prepared = prepared or prepare(space, claims)
    drawn = prepared.sample
    inert = inert_everywhere(space, prepared.scenario, drawn)
    work = piece_work(space, prepared, claims, keep_runs)
    started = time.perf_counter()
    label = f"{drawn.points:,} points x {space.reps} runs x {len(prepared.jobs)} scenarios"
    with progress(label, sum(piece.runs for piece in work)) as tick:
        done = run_pieces(executor, work, checkpoint, tables, tick)
    seconds = time.perf_counter() - started
    columns, engaged = joined([done.columns[n] for n in range(len(work))])
    notes = notes_after(space, claims, notes_before(space, prepared, inert), done.damaged,
                        engaged)
    analysis = analysis_work(space, drawn, columns, claims, targets, boxes, sensitivity)
    exploration = findings(space, drawn, prepared.scenario, columns, claims, notes,
                           prepared.held, analysis, analysed(executor, analysis, helper))
    exploration.inert_keys = sorted(inert)
    exploration.sensitivity = sensitivity
    exploration.runs = sum(piece.runs for piece in work if piece.number not in done.resumed)
    exploration.seconds = seconds
    exploration.scenarios = len(prepared.jobs)
    exploration.resumed_points = sum(work[n].points for n in done.resumed)
    if keep_runs:
        exploration.run_tables = {kind: [checkpoint.table_path(n, kind)
                                         for n in range(len(work))] for kind in tables}
    return exploration


def analysed(executor: Executor, analysis: AnalysisWork, helper: Helper | None) -> list:
    """The analysis' results in its tasks' order: the boxes in ``helper`` (started first,
    so they overlap the indices computed by ``executor``), or everything on ``executor``."""
    if helper is None:
        return run_tasks(executor, analysis.tasks)
    boxes, rest = analysis.tasks[:analysis.boxes], analysis.tasks[analysis.boxes:]
    futures = [helper.submit(task) for task in boxes]
    indices = run_tasks(executor, rest)
    return helper.results(boxes, futures) + indices


def world_fit(world: Scenario, record: Record, reps: int = FIT_REPS,
              seed: int = CLAIMS_SEED) -> WorldFit:
    """Replay the record under ``world``'s assumptions and hold the runs against its fit
    targets (:mod:`sim.analysis.world_fit`)."""
    from sim.analysis.world_fit import fit_of, world_replay
    from sim.ensemble.runner import run

    replay = world_replay(world)
    return fit_of(replay, run(replay, reps=reps, seed=seed, actors=False).world, record)


def predict(record: Record, reps: int, seed: int) -> list[Prediction]:
    """The model's prediction of every 2025 target it produces: each run's replay of the
    record to the essay's date, joined to the same run of the baseline after it (the
    baseline's week 0 is the replay's week 140), to the last validate target's end."""
    from sim.analysis.replay import COLUMNS
    from sim.ensemble.runner import run
    from sim.scenarios.units import week_dates

    history = load_scenario(REPLAY_FILE)
    last = max(t.period.end for t in record.with_role(Role.VALIDATE))
    weeks = -(-(last - history.start).days // 7) - history.weeks + 1
    baseline = load_scenario(BASELINE_FILE).with_overrides([f"scenario.weeks={weeks}"])
    replayed, continued = (run(s, reps=reps, seed=seed, actors=False).world
                           for s in (history, baseline))
    weekly = {c: np.vstack([replayed[c][:-1], continued[c]]).astype(float) for c in COLUMNS}
    dates = [datetime.date.fromisoformat(d)
             for d in week_dates(history.weeks + weeks, history.start)]
    return predictions(record, weekly, dates)


def calibrate(space: Space, record: Record, waves: int, progress: ProgressFactory = no_progress,
              executor: Executor | None = None) -> Calibration:
    """History matching over ``space`` (its scenario: the record's replay) against the
    record's fit targets: up to ``waves`` waves of ``space.points`` points, the first a
    Latin hypercube over the priors, each later one drawn around the last's survivors;
    it stops early, and says why, when a wave leaves no plausible point."""
    check_space(space)
    executor = executor or InProcess()
    # a calibration starts from the stated defaults, never from an earlier calibration's sets
    defaults = {"world.parameter_sets": DEFAULTS} | dict(space.model)  # and its sub-models
    scenario = load_scenario(space.scenario).with_values(defaults)
    replay_check(space, scenario, load_scenario_text(history_toml(record), "history.toml",
                                                     ).with_values(defaults))
    dates = [scenario.start + datetime.timedelta(days=7 * w) for w in range(scenario.weeks + 1)]
    targets = fit_targets(record, dates)
    scenario = cut_after(scenario, max(t.period.end for t in targets))
    dates = dates[:scenario.weeks + 1]
    calibration = Calibration(space, targets, space.reps, waves_asked=waves)
    integers = [u.key for u in space.uncertain if u.param.kind is int]
    prior: Bounds = prior_bounds(space)
    started = time.perf_counter()
    for number in range(1, waves + 1):
        last = calibration.waves[-1] if calibration.waves else None
        if last is not None and not last.survivors.any():
            calibration.stopped = (f"wave {last.number} left no plausible point, so no wave "
                                   "could be drawn around its survivors: the model, with the "
                                   "targets' uncertainties, cannot reproduce the record "
                                   "anywhere it looked")
            break
        values = (wave_points(prior, space.points, space.seed, number, integers)
                  if last is None else
                  around_survivors(last, prior, space.points, space.seed, number, integers,
                                   space.source))
        bounds = {key: (float(column.min()), float(column.max()))
                  for key, column in values.items()}
        work = wave_work(scenario, values, space.reps, run_seed(space.seed, number), targets,
                         dates)
        label = f"wave {number} of {waves}: {space.points:,} points x {space.reps} runs"
        with progress(label, sum(piece.runs for piece in work)) as tick:
            done = run_pieces(executor, work, None, (), tick)
        columns = {key: np.concatenate([done.columns[n][key] for n in range(len(work))])
                   for key in done.columns[0]}
        wave = make_wave(number, bounds, values, columns, targets, space.reps)
        calibration.waves.append(wave)
        calibration.runs += wave.points * space.reps
    calibration.seconds = time.perf_counter() - started
    return calibration


def robust(study: RobustStudy, progress: ProgressFactory = no_progress,
           executor: Executor | None = None, checkpoint: Checkpoint | None = None) -> Robust:
    """Run every strategy of a robust-decision study in each of its futures (groups of
    strategies as tasks of ``executor``, default this process, resuming the tasks
    ``checkpoint`` holds) and compute the metrics (:mod:`sim.analysis.robust`). Each task
    is kept as it finishes, in whatever order; a KeyboardInterrupt passes through as it
    comes, the finished tasks already kept."""
    executor = executor or InProcess()
    work = study.pieces()
    started = time.perf_counter()
    with progress(study.label, study.runs) as tick:
        done = run_pieces(executor, work, checkpoint, (), tick)
    notes = tuple(f"task {n} of the interrupted study was damaged and has been computed again"
                  for n in done.damaged)
    result = study.result(done.columns, time.perf_counter() - started, len(done.resumed))
    return replace(result, notes=result.notes + notes)


def critic_fits(policies: Policies, record: Record, reps: int = FIT_REPS
                ) -> list[tuple[Critic, WorldFit]]:
    """Each critic the policies file names, with its world's fit to the record: the study's
    scenario under the critic's assumptions, replayed as `sim claims --assume` replays its
    world (:func:`world_fit`, at the study's seed)."""
    return [(critic, world_fit(policies.world_of(critic), record, reps, policies.seed))
            for critic in policies.critics]
