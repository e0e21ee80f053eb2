"""Exploring an assumption space: every point's runs, measures and claims, then which
assumptions decide them (sensitivity), where outcomes happen (PRIM boxes) and how
robust each claim is.

What to run is planned here (the space's scenario and each distinct arm of the claims,
at every point, in pieces: :func:`piece_work`); :mod:`sim.ensemble.pieces` runs the
pieces (keeping each in a checkpoint as it finishes); each piece is reduced and decided
by :mod:`sim.analysis.points`; the analysis of the whole space is described by
:func:`analysis_work` and read by :func:`findings`. The runs themselves are started by
:mod:`sim.report.studies`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np

from sim.analysis.claims import Arm, Claim, Verdict
from sim.analysis.discovery import Box, Target, find_box, points_frame
from sim.analysis.evaluate import arm_base
from sim.analysis.measures import MEASURES
from sim.analysis.points import (
    SPACE_JOB,
    PieceContext,
    decide_piece,
    is_whole,
    reduce_arms,
    reduce_space,
)
from sim.analysis.robustness import Robustness, robustness
from sim.analysis.sampling import Sample, sample
from sim.analysis.sensitivity import Index, indices, no_indices, ranked
from sim.ensemble.batch import Stack, batches, reduced_points, reduced_stack
from sim.ensemble.cost import (
    BOX_PER_POINT,
    BOX_SECONDS,
    IMPORT_PRIM,
    IMPORT_SALIB,
    INDICES_PER_POINT,
    INDICES_SECONDS,
    Work,
)
from sim.ensemble.plan import distinct, piece_points, pieces_of
from sim.ensemble.tasks import PieceWork, Task
from sim.errors import SpaceError
from sim.model import MODEL_VERSION
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import idle_among, inert_parameters
from sim.scenarios.branch import branches
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.loading import load_scenario
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import Space
from sim.scenarios.values import Value

#: Measures whose sensitivity is analysed (every measure is in points.csv).
SENSITIVITY_MEASURES = ("serious_talks", "ceasefire_reached", "agreement", "renewed_war",
                        "relapse_rate", "russia_gain_km2_mean", "russia_gain_km2",
                        "mean_force_balance",
                        "weeks_to_serious_talks", "weeks_to_ceasefire")
#: PRIM's target when the user names none.
DEFAULT_TARGET = Target("ceasefire_reached", ">", "median")
#: Per-run tables `--keep-runs` keeps for the space's scenario (Parquet).
RUN_TABLES = ("runs", "timeseries")
#: Points tested for parameters the scenario's other settings switch off.
_INERT_PROBES = 64


@dataclass(frozen=True)
class SpaceJob:
    """One set of runs at every point: the space's scenario, or an arm of a claim (its
    scenario, with the values it holds whatever the point)."""

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
    #: Whether the sensitivity indices were asked for (``--no-sensitivity``: not computed).
    sensitivity: bool = True

    @property
    def total_runs(self) -> int:
        return self.sample.points * self.space.reps * self.scenarios

    @property
    def measures(self) -> list[str]:
        return [f"share_{o}" for o in OUTCOMES] + list(MEASURES)


@dataclass(frozen=True)
class Prepared:
    """An exploration resolved before its first run: points, scenario, jobs."""

    sample: Sample
    scenario: Scenario
    jobs: list[SpaceJob]
    arm_jobs: dict[tuple[str, str], str]  # (claim id, arm name) -> job name
    held: dict[str, list[str]]  # claim id -> space parameters its arms set themselves

    def fingerprint(self, space: Space, claims: Sequence[Claim],
                    keep_runs: bool = False) -> dict[str, object]:
        return fingerprint(space, self, claims, keep_runs)

    def work(self, space: Space, claims: int = 0, boxes: bool = True,
             sensitivity: bool = True, targets: int = 0) -> Work:
        """What the exploration runs (every week stepped, the replay's too) and analyses,
        as asked (to choose where it runs): the indices of each measure and claim if
        ``sensitivity``, a box for each target (the default's if none) and claim if
        ``boxes``, and the libraries each worker would import for them."""
        points = self.sample.points
        indices = (len(SENSITIVITY_MEASURES) + claims) if sensitivity else 0
        found = (max(1, targets) + claims) if boxes else 0
        analysis = (indices * (INDICES_SECONDS + points * INDICES_PER_POINT)
                    + found * (BOX_SECONDS + points * BOX_PER_POINT))
        weeks = self.scenario.weeks + (BRANCH_WEEK if branches(self.scenario) else 0)
        return Work(run_weeks=points * space.reps * len(self.jobs) * weeks, batched=True,
                    analysis_seconds=analysis,
                    worker_imports=(IMPORT_PRIM if found else 0.0)
                    + (IMPORT_SALIB if indices else 0.0))


def space_jobs(space: Space, scenario: Scenario, claims: Sequence[Claim]
              ) -> tuple[list[SpaceJob], dict[tuple[str, str], str], dict[str, list[str]]]:
    """The space's scenario and each distinct arm of the claims, which job each arm is,
    and the space's parameters each claim holds at its arms' own values.

    An arm is an experiment: what its scenario file and changes set away from the
    space's scenario (the US commits), and what differs between the claim's arms (how
    long the President delays), are its premises and keep the arm's values; the space
    varies everything else. Arms that resolve to the same runs are simulated once.
    """
    held: dict[str, list[str]] = {}
    arms: list[tuple[tuple[str, str], SpaceJob]] = []

    def base(arm: Arm) -> Scenario:  # every arm runs the space's sub-models too
        return arm_base(arm).with_values(space.model) if space.model else arm_base(arm)

    for claim in claims:
        resolved = {name: base(arm).with_values(arm.changes) for name, arm in claim.arms.items()}
        compared = [key for key in space.keys
                    if any(repr(r.params[key]) != repr(scenario.params[key])
                           or any(key in e.changes for e in r.events)
                           for r in resolved.values())]
        if compared:
            held[claim.id] = compared
        for name, arm in claim.arms.items():
            changes = {key: resolved[name].params[key] for key in compared} | dict(arm.changes)
            arms.append(((claim.id, name), SpaceJob("", base(arm), changes)))
    plan = distinct(arms, key=partial(_arm_key, space.keys))
    names = {key: f"arm{number}" for number, key in enumerate(plan.items, start=1)}
    jobs = [SpaceJob(SPACE_JOB, scenario)] + [replace(job, name=names[key])
                                              for key, job in plan.items.items()]
    return jobs, {label: names[key] for label, key in plan.key_of.items()}, held


def _arm_key(space_keys: Sequence[str], job: SpaceJob) -> str:
    """Arms are the same runs at every point when they resolve to the same scenario and
    hold the same parameters of the space."""
    held = sorted(set(space_keys) & set(job.changes))
    return job.scenario.with_values(job.changes).identity + json.dumps(held)


def fingerprint(space: Space, prepared: Prepared, claims: Sequence[Claim],
                keep_runs: bool = False) -> dict[str, object]:
    """What the pieces of an exploration depend on (a resumed one must match)."""
    arms = [[j.name, j.scenario.identity, sorted(j.changes.items())] for j in prepared.jobs[1:]]
    claims_key = [[c.id, arms, [ch.describe() for ch in c.checks],
                   [[a.name, a.where_text] for a in c.arms.values()]] for c in claims]
    return {"uncertain": space.to_dict()["uncertain"], "method": space.method,
            "points": prepared.sample.points, "reps": space.reps, "seed": space.seed,
            "scenario": prepared.scenario.identity,
            "claims": hashlib.sha256(json.dumps(claims_key, default=str).encode()).hexdigest()[:16],
            "model_version": MODEL_VERSION, "piece_points": piece_points(space.reps),
            "keep_runs": keep_runs}


def prepare(space: Space, claims: Sequence[Claim] = ()) -> Prepared:
    """Everything resolved and checked before the first run (errors come before work)."""
    scenario = load_scenario(space.scenario)
    if space.model:  # the sub-models the space chooses
        scenario = scenario.with_values(space.model)
    for event in scenario.events:
        overridden = sorted(set(event.changes) & set(space.keys)) if event.week == 0 else []
        if overridden:
            raise SpaceError(space.source, f"the scenario {space.scenario} sets "
                             f"{', '.join(overridden)} at week 0, which would override every "
                             "sampled value; vary it in the scenario or drop it from "
                             "[uncertain]", "uncertain")
    jobs, arm_jobs, held = space_jobs(space, scenario, claims)
    return Prepared(sample(space), scenario, jobs, arm_jobs, held)


def piece_work(space: Space, prepared: Prepared, claims: Sequence[Claim],
               keep_runs: bool) -> list[PieceWork]:
    """Each piece's runs and its decision: a task for the space's scenario, and one per
    group of arms that can run together as blocks of one model (:mod:`sim.ensemble.batch`)."""
    work = []
    for number, points in enumerate(pieces_of(prepared.sample.points, space.reps)):
        context = PieceContext(points.start, len(points), space.reps, prepared.scenario.weeks,
                               tuple(claims), prepared.arm_jobs, keep_runs)
        values = {key: column[points.start:points.stop]
                  for key, column in prepared.sample.values.items()}
        space_job, arms = prepared.jobs[0], prepared.jobs[1:]
        simulate = {SPACE_JOB: Task(reduced_points, (space_job.scenario, values, space.reps,
                                                     space.seed, space_job.changes,
                                                     partial(reduce_space, context)))}
        for group in _arm_groups(arms, len(points) * space.reps):
            names = [job.name for job in group]
            stacks = [Stack(job.scenario, values, job.changes) for job in group]
            simulate["+".join(names)] = Task(reduced_stack, (stacks, space.reps, space.seed,
                                                             partial(reduce_arms, context, names)))
        work.append(PieceWork(number, len(points) * space.reps * len(prepared.jobs), simulate,
                              Task(decide_piece, (number, context)),
                              partial(is_whole, context), len(points)))
    return work


def _arm_groups(arms: Sequence[SpaceJob], runs_each: int) -> list[list[SpaceJob]]:
    """The arms' jobs in groups that can run as blocks of one model."""
    by_name = {job.name: job for job in arms}
    resolved = {job.name: job.scenario.with_values(job.changes) for job in arms}
    return [[by_name[name] for name in group] for group in batches(resolved, runs_each)]


def notes_after(space: Space, claims: Sequence[Claim], notes: list[str],
                damaged: Sequence[int], engaged: Mapping[str, bool]) -> list[str]:
    """The notes once the points are done: pieces found damaged (computed again), and
    parameters whose mechanism never acted in any run of the space's scenario."""
    notes = [*notes, *(f"piece {n} of the interrupted exploration was damaged and has been "
                       "computed again" for n in damaged)]
    already = {note.split(" ", 1)[0] for note in notes}
    return notes + [f"{i.message()} (in every run of the space's scenario"
                    + ("; a claim's arms may engage it)" if claims else ")")
                    for i in idle_among(space.keys, engaged) if i.key not in already]


def notes_before(space: Space, prepared: Prepared, inert: Mapping[str, str]) -> list[str]:
    """What is known before the runs: the sample's adjustment, parameters that cannot
    act, and what the claims' arms hold themselves."""
    notes = [prepared.sample.note] if prepared.sample.note else []
    notes += inert_notes(space, prepared.scenario, inert)
    return notes + [f"{claim_id}: its arms set {', '.join(keys)} themselves (what the claim "
                    "compares or assumes), so these keep the arms' values and the space varies "
                    "the rest" for claim_id, keys in prepared.held.items()]


def joined(pieces: list[dict[str, np.ndarray]]) -> tuple[dict[str, np.ndarray],
                                                        dict[str, bool]]:
    """The pieces' per-point columns end to end, and which mechanisms acted anywhere."""
    columns = {name: np.concatenate([p[name] for p in pieces]) for name in pieces[0]
               if not name.startswith("engaged.")}
    engaged = {name.removeprefix("engaged."): bool(any(p[name].any() for p in pieces))
               for name in pieces[0] if name.startswith("engaged.")}
    return columns, engaged


def inert_everywhere(space: Space, scenario: Scenario, drawn: Sample) -> dict[str, str]:
    """Parameters of the space the scenario's other settings switch off at every point
    tested (key -> why), so they cannot act anywhere in the space."""
    probes = np.unique(np.linspace(0, drawn.points - 1, min(_INERT_PROBES, drawn.points))
                       .astype(int))
    found_everywhere: dict[str, str] | None = None
    for point in probes:
        values = {key: column[point].item() for key, column in drawn.values.items()}
        found = {i.key: i.message()
                 for i in inert_parameters(scenario.with_values(values), space.keys)}
        found_everywhere = found if found_everywhere is None else {
            k: v for k, v in found_everywhere.items() if k in found}
        if not found_everywhere:
            break  # one point where each can act settles it
    return found_everywhere or {}


def inert_notes(space: Space, scenario: Scenario, inert: Mapping[str, str]) -> list[str]:
    """Parameters of the space that cannot act (``inert``, from :func:`inert_everywhere`:
    no silent no-ops), and those an event of the scenario overrides."""
    notes = [f"{message} (in the space's scenario, at every point tested; a claim's arms "
             "may switch it on)" for message in inert.values()]
    for event in scenario.events:
        overridden = sorted(set(event.changes) & set(space.keys))
        if overridden:
            notes.append(f"{', '.join(overridden)}: the scenario's event at week {event.week} "
                         "sets it, so the sampled value holds only until then")
    return notes


@dataclass(frozen=True)
class AnalysisWork:
    """The analysis of a space as tasks (PRIM boxes first, the longest, so workers end
    together; then each measure's indices), for :mod:`sim.ensemble` to run."""

    tasks: list[Task]
    boxes: int
    measures: list[str]


def analysis_work(space: Space, drawn: Sample, columns: dict[str, np.ndarray],
                  claims: Sequence[Claim], targets: Sequence[Target],
                  boxes: bool, sensitivity: bool = True) -> AnalysisWork:
    """Every index and box asked for, to compute from the per-point columns (each its own
    task): no indices when ``sensitivity`` is off, no boxes when ``boxes`` is."""
    measures = [(measure, columns[measure], space.seed + number)
                for number, measure in enumerate(SENSITIVITY_MEASURES)] if sensitivity else []
    measures += [(f"{claim.id} effect", columns[f"{claim.id}.check1.value"], space.seed)
                 for claim in claims if sensitivity]
    box_tasks = _box_tasks(space, drawn, columns, claims, targets) if boxes else []
    index_tasks = [Task(indices, (drawn, space.method, measure, y, seed))
                   for measure, y, seed in measures]
    return AnalysisWork(box_tasks + index_tasks, len(box_tasks), [m for m, _, _ in measures])


def findings(space: Space, drawn: Sample, scenario: Scenario, columns: dict[str, np.ndarray],
             claims: Sequence[Claim], notes: list[str], held: Mapping[str, list[str]],
             work: AnalysisWork, results: list) -> Exploration:
    """The exploration's findings from its analysis' results (in ``work``'s order): the
    indices, boxes and robustness. A parameter a claim's arms hold (``held``) cannot decide
    its effect and is left out of the claim's top three."""
    found_boxes, index_rows = results[:work.boxes], results[work.boxes:]
    by_measure = dict(zip(work.measures, index_rows, strict=True))
    found: list[Index] = []
    for measure in SENSITIVITY_MEASURES if by_measure else ():
        if not by_measure[measure]:
            notes.append(f"{measure}: no sensitivity indices ({no_indices(columns[measure])})")
        found += by_measure[measure]
    top: dict[str, list[Index]] = {}
    for claim in claims:
        rows = by_measure.get(f"{claim.id} effect", [])
        found += rows
        top[claim.id] = [r for r in ranked(rows, f"{claim.id} effect", space.method)
                         if r.parameter not in set(held.get(claim.id, ()))][:3]
    shares = [robustness(c.id, columns[f"{c.id}.verdict"], columns[f"{c.id}.reversed"])
              for c in claims]
    targets_count = len(found_boxes) - len(claims)
    for offset, claim in enumerate(claims if found_boxes else ()):
        found_boxes[targets_count + offset] = replace(found_boxes[targets_count + offset],
                                                      claim=claim.id)
    return Exploration(space, drawn, scenario, columns, list(claims), found, found_boxes,
                       shares, top, notes, runs=0, seconds=0.0, scenarios=1)


def _box_tasks(space: Space, drawn: Sample, columns: dict[str, np.ndarray],
               claims: Sequence[Claim], targets: Sequence[Target]) -> list[Task]:
    """A PRIM box for each target (the default's if none), then one per claim: where it
    is not supported."""
    x = points_frame(space, drawn.values)
    tasks = []
    for target in targets or [DEFAULT_TARGET]:
        cases, threshold = target.cases(columns[target.measure])
        shown = (target.text if target.threshold != "median"
                 else f"{target.text} ({threshold:.3g})")
        tasks.append(Task(find_box, (x, cases, shown)))
    for claim in claims:
        cases = columns[f"{claim.id}.verdict"] == Verdict.NOT_SUPPORTED.code
        tasks.append(Task(find_box, (x, cases, f"{claim.id} not supported")))
    return tasks
