"""Exploring an assumption space: every point's runs, measures and claims, then which
assumptions decide them (sensitivity), where outcomes happen (PRIM boxes) and how
robust each claim is.

The points are simulated in pieces of about :data:`PIECE_RUNS` runs: one vectorized
model steps all the runs of a piece's points at once (each run carries its point's
values), for the space's scenario and, with claims, for every distinct arm. A
finished piece is kept in a checkpoint, so an interrupted exploration resumes
without redoing it, and gives the same bytes as one never interrupted.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.claims import Claim
from sim.analysis.discovery import Box, Target, find_box, points_frame
from sim.analysis.measures import MEASURES
from sim.analysis.robustness import CODES, Robustness, arm_parts, claim_at_points, robustness
from sim.analysis.sampling import Sample, sample
from sim.analysis.sensitivity import Index, indices, no_indices, ranked
from sim.analysis.stats import cached_bootstrap_counts
from sim.ensemble.batch import run_points
from sim.ensemble.checkpoints import Checkpoint
from sim.ensemble.executors import Executor, InProcess
from sim.ensemble.results import Results
from sim.ensemble.writer import MODEL_VERSION
from sim.errors import SimError
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import idle_among, inert_parameters
from sim.scenarios.loading import load_scenario
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import Space
from sim.scenarios.values import Value

ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]

#: Runs one model steps at once: large enough that NumPy's per-call costs nearly vanish
#: (4% slower than 20,000 here), small enough that the shipped space with claims makes
#: seven pieces to share among workers, and light on memory (about 40 MB of state).
PIECE_RUNS = 8_000
#: Measures whose sensitivity is analysed (every measure is in points.csv).
SENSITIVITY_MEASURES = ("serious_talks", "ceasefire_reached", "agreement", "renewed_war",
                        "relapse_rate", "mean_front", "final_front", "mean_force_balance",
                        "weeks_to_serious_talks", "weeks_to_ceasefire")
#: PRIM's target when the user names none.
DEFAULT_TARGET = Target("ceasefire_reached", ">", "median")
#: Per-run tables `--keep-runs` keeps for the space's scenario (Parquet).
RUN_TABLES = ("runs", "timeseries")
#: Points tested for parameters the scenario's other settings switch off.
_INERT_PROBES = 64


@dataclass(frozen=True)
class Job:
    """One set of runs at every point: the space's scenario, or an arm of a claim."""

    name: str
    scenario: Scenario
    changes: Mapping[str, Value] = field(default_factory=dict)


@dataclass
class Exploration:
    """Everything an exploration found (the report writes it out)."""

    space: Space
    sample: Sample
    scenario: Scenario
    columns: dict[str, np.ndarray]  # per-point results: measures, claims' checks
    claims: list[Claim]
    indices: list[Index]
    boxes: list[Box]
    robustness: list[Robustness]
    top_parameters: dict[str, list[Index]]  # claim id -> its headline effect's top 3
    notes: list[str]
    runs: int  # simulated in this call (not resumed)
    seconds: float
    scenarios: int  # the space's scenario and each distinct arm
    resumed_points: int = 0
    run_tables: dict[str, list[Path]] = field(default_factory=dict)  # kind -> piece files
    #: Parameters of the space that cannot act at any point tested: what they score in the
    #: sensitivity indices is noise.
    inert_keys: list[str] = field(default_factory=list)

    @property
    def total_runs(self) -> int:
        return self.sample.points * self.space.reps * self.scenarios

    @property
    def measures(self) -> list[str]:
        return [f"share_{o}" for o in OUTCOMES] + list(MEASURES)


def measure_columns(summary: pd.DataFrame, weeks: int, points: int) -> dict[str, np.ndarray]:
    """Every measure (and each outcome's share) at each point: its runs' ratio of sums."""
    columns: dict[str, np.ndarray] = {}
    outcome = summary["outcome"].cat.codes.to_numpy().reshape(points, -1)
    for code, name in enumerate(OUTCOMES):
        columns[f"share_{name}"] = (outcome == code).mean(axis=1)
    for name, measure in MEASURES.items():
        numerators, denominators = measure.parts(summary, weeks)
        with np.errstate(invalid="ignore", divide="ignore"):
            columns[name] = (np.asarray(numerators, float).reshape(points, -1).sum(axis=1)
                             / np.asarray(denominators, float).reshape(points, -1).sum(axis=1))
    return columns


def plan_jobs(space: Space, scenario: Scenario, claims: Sequence[Claim]
              ) -> tuple[list[Job], dict[tuple[str, str], str], dict[str, list[str]]]:
    """The space's scenario and each distinct arm of the claims, which job each arm is,
    and the space's parameters each claim holds at its arms' own values.

    An arm is an experiment: what its scenario file and changes set away from the
    space's scenario (the US commits), and what differs between the claim's arms (how
    long the President delays), are its premises and keep the arm's values; the space
    varies everything else. Arms that resolve to the same runs are simulated once.
    """
    jobs = [Job("space", scenario)]
    by_key: dict[str, str] = {}
    arm_jobs: dict[tuple[str, str], str] = {}
    held: dict[str, list[str]] = {}
    for claim in claims:
        resolved = {name: load_scenario(arm.scenario).with_values(arm.changes)
                    for name, arm in claim.arms.items()}
        compared = [key for key in space.keys
                    if any(repr(r.params[key]) != repr(scenario.params[key])
                           or any(key in e.changes for e in r.events)
                           for r in resolved.values())]
        if compared:
            held[claim.id] = compared
        for name, arm in claim.arms.items():
            changes = {key: resolved[name].params[key] for key in compared} | dict(arm.changes)
            base = load_scenario(arm.scenario)
            key = _digest([_scenario_key(base.with_values(changes)),
                           sorted(set(space.keys) & set(changes))])
            if key not in by_key:
                by_key[key] = f"arm{len(by_key) + 1}"
                jobs.append(Job(by_key[key], base, changes))
            arm_jobs[claim.id, name] = by_key[key]
    return jobs, arm_jobs, held


def _scenario_key(scenario: Scenario) -> list:
    events = [(e.week, sorted(e.changes.items())) for e in scenario.events]
    return [scenario.weeks, sorted(scenario.params.items()), events]


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, default=str).encode()).hexdigest()[:16]


def fingerprint(space: Space, scenario: Scenario, jobs: Sequence[Job], claims: Sequence[Claim],
                points: int, keep_runs: bool = False) -> dict[str, object]:
    """What the pieces of an exploration depend on (a resumed one must match)."""
    return {"uncertain": space.to_dict()["uncertain"], "method": space.method,
            "points": points, "reps": space.reps, "seed": space.seed,
            "scenario": _digest(_scenario_key(scenario)),
            "claims": _digest([[c.id, [[j.name, _scenario_key(j.scenario), sorted(j.changes.items())]
                                       for j in jobs[1:]], [ch.describe() for ch in c.checks],
                                [[a.name, a.where_text] for a in c.arms.values()]]
                               for c in claims]),
            "model_version": MODEL_VERSION, "piece_points": piece_points(space.reps),
            "keep_runs": keep_runs}


def estimate_seconds(prepared: Prepared, space: Space, claims: int = 0) -> float:
    """About how long an exploration takes in one process: its runs (about 0.3 us a
    run-week, batched) and the analysis (about 1.4 ms a point for each measure's
    indices, 1 ms a point for each PRIM box)."""
    points = prepared.sample.points
    runs = points * space.reps * len(prepared.jobs)
    analysis = points * ((len(SENSITIVITY_MEASURES) + claims) * 1.4e-3 + (1 + claims) * 1e-3)
    return runs * prepared.scenario.weeks * 0.3e-6 + analysis


def piece_points(reps: int) -> int:
    """Points per piece: about PIECE_RUNS runs (fixed by reps, so resuming matches)."""
    return max(1, PIECE_RUNS // reps)


@dataclass(frozen=True)
class Prepared:
    """An exploration resolved before its first run: points, scenario, jobs."""

    sample: Sample
    scenario: Scenario
    jobs: list[Job]
    arm_jobs: dict[tuple[str, str], str]  # (claim id, arm name) -> job name
    held: dict[str, list[str]]  # claim id -> space parameters its arms set themselves

    def fingerprint(self, space: Space, claims: Sequence[Claim],
                    keep_runs: bool = False) -> dict[str, object]:
        return fingerprint(space, self.scenario, self.jobs, claims, self.sample.points,
                           keep_runs)


def prepare(space: Space, claims: Sequence[Claim] = ()) -> Prepared:
    """Everything resolved and checked before the first run (errors come before work)."""
    scenario = load_scenario(space.scenario)
    for event in scenario.events:
        if event.week == 0 and set(event.changes) & set(space.keys):
            raise SimError(f"{space.source}: the scenario {space.scenario} sets "
                           f"{', '.join(sorted(set(event.changes) & set(space.keys)))} at week 0, "
                           "which would override every sampled value; vary it in the scenario "
                           "or drop it from [uncertain]")
    jobs, arm_jobs, held = plan_jobs(space, scenario, claims)
    return Prepared(sample(space), scenario, jobs, arm_jobs, held)


@dataclass(frozen=True)
class Piece:
    """A piece of an exploration: what a worker needs to simulate its points."""

    number: int
    points: range
    space: Space
    sample: Sample
    prepared: Prepared
    claims: tuple[Claim, ...]
    keep_runs: bool


@dataclass
class JobRuns:
    """What one scenario's runs at a piece's points leave for deciding the piece: the
    claims' measure parts of its arms ((claim, arm, metric) -> per run) and, for the
    space's scenario, its per-point measures, which mechanisms acted and (with
    ``--keep-runs``) the tables to keep. Small, since it travels between workers."""

    name: str
    parts: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]
    measures: dict[str, np.ndarray] = field(default_factory=dict)
    engaged: dict[str, bool] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class PieceResult:
    """A finished piece: per-point columns, and the kept runs' tables (``--keep-runs``)."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict[str, pd.DataFrame]


def explore(space: Space, claims: Sequence[Claim] = (), targets: Sequence[Target] = (),
            boxes: bool = True, checkpoint: Checkpoint | None = None,
            prepared: Prepared | None = None,
            progress: ProgressFactory = lambda label, total: nullcontext(lambda n: None),
            keep_runs: bool = False, executor: Executor | None = None) -> Exploration:
    """Simulate every point (resuming the pieces ``checkpoint`` holds), then analyse.

    Pieces, sensitivity indices and PRIM boxes are tasks of ``executor`` (default: this
    process); each finished piece is kept at once, whatever order pieces finish in.
    ``prepared`` is :func:`prepare`'s result when the caller already made it. A
    KeyboardInterrupt passes through as it comes: finished pieces are already kept.
    ``keep_runs`` also keeps each run of the space's scenario (its summary, and its
    world week by week) as Parquet in the checkpoint, which must then be given.
    """
    if keep_runs and checkpoint is None:
        raise ValueError("keep_runs needs a checkpoint to keep the per-run tables in")
    executor = executor or InProcess()
    tables = RUN_TABLES if keep_runs else ()
    prepared = prepared or prepare(space, claims)
    drawn, scenario, jobs = prepared.sample, prepared.scenario, prepared.jobs
    notes = [drawn.note] if drawn.note else []
    notes += inert_notes(space, scenario, drawn)
    notes += [f"{claim_id}: its arms set {', '.join(keys)} themselves (what the claim compares "
              "or assumes), so these keep the arms' values and the space varies the rest"
              for claim_id, keys in prepared.held.items()]
    per_piece = piece_points(space.reps)
    pieces = [range(start, min(start + per_piece, drawn.points))
              for start in range(0, drawn.points, per_piece)]
    runs_per_point = space.reps * len(jobs)
    stored: dict[int, dict[str, np.ndarray]] = {}
    started = time.perf_counter()
    total = drawn.points * runs_per_point
    label = f"{drawn.points:,} points x {space.reps} runs x {len(jobs)} scenarios"
    with progress(label, total) as tick:
        todo = []
        for number, piece in enumerate(pieces):
            finished = checkpoint is not None and checkpoint.has(number, tables)
            kept = checkpoint.load(number, tables) if finished else None
            if kept is not None:
                stored[number] = kept
                tick(len(piece) * runs_per_point)
            else:
                if finished:
                    notes.append(f"piece {number} of the interrupted exploration was damaged "
                                 "and has been computed again")
                todo.append(Piece(number, piece, space, drawn, prepared, tuple(claims),
                                  keep_runs))
        resumed = sum(len(pieces[n]) for n in stored)
        # A task per piece and scenario (many small tasks share workers evenly), and one
        # per piece that decides the claims once its scenarios are done.
        handles = [executor.submit(decide_piece, piece,
                                   [executor.submit(simulate_job, piece, job.name)
                                    for job in jobs])
                   for piece in todo]
        for index, result in executor.completed(handles):
            if checkpoint is not None:
                for kind, frame in result.tables.items():
                    checkpoint.save_table(result.number, kind, frame)
                checkpoint.save(result.number, result.columns)
            stored[result.number] = result.columns
            tick(len(todo[index].points) * runs_per_point)
    seconds = time.perf_counter() - started
    ordered = [stored[n] for n in range(len(pieces))]
    columns = {name: np.concatenate([s[name] for s in ordered]) for name in ordered[0]
               if not name.startswith("engaged.")}
    engaged = {name.removeprefix("engaged."): bool(any(s[name].any() for s in ordered))
               for name in ordered[0] if name.startswith("engaged.")}
    already = {note.split(" ", 1)[0] for note in notes}
    notes += [f"{i.message()} (in every run of the space's scenario"
              + ("; a claim's arms may engage it)" if claims else ")")
              for i in idle_among(space.keys, engaged) if i.key not in already]
    exploration = analyse(space, drawn, scenario, columns, claims, targets, boxes, notes,
                          prepared.held, executor)
    exploration.inert_keys = sorted(inert_everywhere(space, scenario, drawn))
    exploration.runs = total - resumed * runs_per_point
    exploration.seconds = seconds
    exploration.scenarios = len(jobs)
    exploration.resumed_points = resumed
    if keep_runs:
        exploration.run_tables = {kind: [checkpoint.table_path(n, kind)
                                         for n in range(len(pieces))] for kind in tables}
    return exploration


def simulate_job(piece: Piece, job_name: str) -> JobRuns:
    """One scenario's runs at a piece's points. A pure function of its arguments: the
    same result in any process."""
    space, prepared = piece.space, piece.prepared
    job = jobs_by_name(prepared.jobs)[job_name]
    values = {key: column[piece.points.start:piece.points.stop]
              for key, column in piece.sample.values.items()}
    results = run_points(job.scenario, values, space.reps, space.seed, job.changes)
    summary = results.summary
    parts = {(claim.id, *key): value for claim in piece.claims for arm in claim.arms
             if prepared.arm_jobs[claim.id, arm] == job_name
             for key, value in arm_parts(claim, arm, summary, job.scenario.weeks).items()}
    if job_name != "space":
        return JobRuns(job_name, parts)
    return JobRuns(job_name, parts,
                   measure_columns(summary, prepared.scenario.weeks, len(piece.points)),
                   dict(results.engaged),
                   run_tables(results, piece.points.start, space.reps) if piece.keep_runs
                   else {})


def decide_piece(piece: Piece, runs: Sequence[JobRuns]) -> PieceResult:
    """A piece's per-point columns, from its scenarios' runs: the measures of the
    space's scenario, and every claim decided at each point."""
    points = len(piece.points)
    space_runs = next(job_runs for job_runs in runs if job_runs.name == "space")
    columns = dict(space_runs.measures)
    columns.update({f"engaged.{flag}": np.array([on])
                    for flag, on in space_runs.engaged.items()})
    counts = cached_bootstrap_counts(piece.space.reps) if piece.claims else None
    parts = {key: value for job_runs in runs for key, value in job_runs.parts.items()}
    for claim in piece.claims:
        mine = {key[1:]: value for key, value in parts.items() if key[0] == claim.id}
        decided = claim_at_points(claim, mine, points, counts)
        columns[f"{claim.id}.verdict"] = decided.verdicts
        columns[f"{claim.id}.reversed"] = decided.reversed
        for check, effect in enumerate(decided.effects, start=1):
            prefix = f"{claim.id}.check{check}"
            columns[f"{prefix}.value"] = effect.value
            columns[f"{prefix}.low"] = effect.low
            columns[f"{prefix}.high"] = effect.high
            columns[f"{prefix}.verdict"] = decided.check_verdicts[check - 1]
    return PieceResult(piece.number, columns, space_runs.tables)


def run_tables(results: Results, first_point: int, reps: int) -> dict[str, pd.DataFrame]:
    """A piece's runs of the space's scenario: one row per run, and one per run per week,
    each led by the point and the run's number within it (its seed is the same at every
    point)."""
    def led(frame: pd.DataFrame, run_column: np.ndarray) -> pd.DataFrame:
        frame = frame.drop(columns=["scenario", "run"])
        frame.insert(0, "run", (run_column % reps).astype(np.int64))
        frame.insert(0, "point", (first_point + run_column // reps).astype(np.int64))
        return frame

    runs = np.arange(results.reps)
    weeks = results.scenario.weeks + 1
    return {"runs": led(results.summary, runs),
            "timeseries": led(results.timeseries, np.repeat(runs, weeks))}


def jobs_by_name(jobs: Sequence[Job]) -> dict[str, Job]:
    return {job.name: job for job in jobs}


def inert_everywhere(space: Space, scenario: Scenario, drawn: Sample) -> dict[str, str]:
    """Parameters of the space the scenario's other settings switch off at every point
    tested (key -> why), so they cannot act anywhere in the space."""
    probes = np.unique(np.linspace(0, drawn.points - 1, min(_INERT_PROBES, drawn.points))
                       .astype(int))
    found_everywhere: dict[str, str] | None = None
    for point in probes:
        values = {key: column[point].item() for key, column in drawn.values.items()}
        found = {i.key: i.message() for i in inert_parameters(scenario.with_values(values))
                 if i.key in space.keys}
        found_everywhere = found if found_everywhere is None else {
            k: v for k, v in found_everywhere.items() if k in found}
    return found_everywhere or {}


def inert_notes(space: Space, scenario: Scenario, drawn: Sample) -> list[str]:
    """Parameters of the space that cannot act (no silent no-ops), and those an event of the
    scenario overrides."""
    notes = [f"{message} (in the space's scenario, at every point tested; a claim's arms "
             "may switch it on)" for message in inert_everywhere(space, scenario, drawn).values()]
    for event in scenario.events:
        overridden = sorted(set(event.changes) & set(space.keys))
        if overridden:
            notes.append(f"{', '.join(overridden)}: the scenario's event at week {event.week} "
                         "sets it, so the sampled value holds only until then")
    return notes


def analyse(space: Space, drawn: Sample, scenario: Scenario, columns: dict[str, np.ndarray],
            claims: Sequence[Claim], targets: Sequence[Target], boxes: bool,
            notes: list[str], prepared_held: Mapping[str, list[str]] | None = None,
            executor: Executor | None = None) -> Exploration:
    """Sensitivity indices, PRIM boxes and robustness, from the per-point columns.

    A parameter a claim's arms hold (``prepared_held``) cannot decide its effect and is
    left out of the claim's top three."""
    prepared_held = prepared_held or {}
    executor = executor or InProcess()
    # Every index and box is its own task: on a cluster they run side by side.
    measures = [(measure, columns[measure], space.seed + number)
                for number, measure in enumerate(SENSITIVITY_MEASURES)]
    measures += [(f"{claim.id} effect", columns[f"{claim.id}.check1.value"], space.seed)
                 for claim in claims]
    box_handles = []  # PRIM first: its tasks are the longest, so workers end together
    if boxes:
        x = points_frame(space, drawn.values)
        for target in targets or [DEFAULT_TARGET]:
            cases, threshold = target.cases(columns[target.measure])
            shown = (target.text if target.threshold != "median"
                     else f"{target.text} ({threshold:.3g})")
            box_handles.append(executor.submit(find_box, x, cases, shown))
        for claim in claims:
            box_handles.append(executor.submit(
                find_box, x, columns[f"{claim.id}.verdict"] == CODES["not supported"],
                f"{claim.id} not supported"))
    index_handles = [executor.submit(indices, drawn, space.method, measure, y, seed)
                     for measure, y, seed in measures]
    by_measure = dict(zip([m for m, _, _ in measures], gather(executor, index_handles),
                          strict=True))
    found: list[Index] = []
    for measure in SENSITIVITY_MEASURES:
        if not by_measure[measure]:
            notes.append(f"{measure}: no sensitivity indices ({no_indices(columns[measure])})")
        found += by_measure[measure]
    top: dict[str, list[Index]] = {}
    for claim in claims:
        rows = by_measure[f"{claim.id} effect"]
        found += rows
        held = set(prepared_held.get(claim.id, ()))
        top[claim.id] = [r for r in ranked(rows, f"{claim.id} effect", space.method)
                         if r.parameter not in held][:3]
    results = [robustness(c.id, columns[f"{c.id}.verdict"], columns[f"{c.id}.reversed"])
               for c in claims]
    found_boxes = gather(executor, box_handles)
    targets_count = len(found_boxes) - len(claims) if boxes else 0
    for offset, claim in enumerate(claims if boxes else ()):
        found_boxes[targets_count + offset] = replace(found_boxes[targets_count + offset],
                                                      claim=claim.id)
    return Exploration(space, drawn, scenario, columns, list(claims), found, found_boxes,
                       results, top, notes, runs=0, seconds=0.0, scenarios=1)


def gather(executor: Executor, handles: Sequence[object]) -> list:
    """The tasks' results, in task order."""
    results: list = [None] * len(handles)
    for index, result in executor.completed(handles):
        results[index] = result
    return results
