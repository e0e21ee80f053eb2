"""What an exploration computes at each point of a piece, from the piece's runs: every
measure of the space's scenario, and every claim decided as `sim claims` decides it.

A piece's runs are reduced where they ran (:func:`reduce_space`, :func:`reduce_arms`: a
few numbers per run travel, not the runs), then decided together (:func:`decide_piece`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis.claims import Claim
from sim.analysis.measures import MEASURES
from sim.analysis.robustness import arm_parts, claim_at_points
from sim.analysis.stats import cached_bootstrap_counts
from sim.ensemble.results import Results
from sim.ensemble.runner import RunSummary
from sim.model.model import ENGAGEMENT
from sim.model.outcomes import OUTCOMES

#: The job of an exploration that runs the space's own scenario (the others are arms).
SPACE_JOB = "space"


@dataclass(frozen=True)
class PieceContext:
    """What reducing and deciding a piece's runs needs to know (it travels to workers)."""

    first_point: int
    points: int
    reps: int
    weeks: int  # the space's scenario's horizon
    claims: tuple[Claim, ...]
    arm_jobs: Mapping[tuple[str, str], str]  # (claim id, arm name) -> job name
    keep_runs: bool


@dataclass
class JobRuns:
    """What one job's runs at a piece's points leave: the claims' measure parts of its
    arms ((claim, arm, metric) -> per run) and, for the space's scenario, its per-point
    measures, which mechanisms acted and (when runs are kept) the tables to keep."""

    name: str
    parts: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]
    measures: dict[str, np.ndarray] = field(default_factory=dict)
    engaged: dict[str, bool] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class PieceResult:
    """A decided piece: per-point columns, and the kept runs' tables."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict[str, pd.DataFrame]


def expected_columns(context: PieceContext) -> dict[str, int]:
    """Every column a decided piece holds, with its length (one value per point, or one
    for the whole piece: whether a mechanism acted)."""
    names = [f"share_{o}" for o in OUTCOMES] + list(MEASURES)
    expected = dict.fromkeys(names, context.points)
    expected |= {f"engaged.{flag}": 1 for flag in ENGAGEMENT}
    for claim in context.claims:
        expected |= dict.fromkeys([f"{claim.id}.verdict", f"{claim.id}.reversed"],
                                  context.points)
        for check in range(1, len(claim.checks) + 1):
            expected |= dict.fromkeys([f"{claim.id}.check{check}.{part}" for part in
                                       ("value", "low", "high", "verdict")], context.points)
    return expected


def is_whole(context: PieceContext, columns: Mapping[str, np.ndarray]) -> bool:
    """Whether a kept piece's columns are what deciding it gives (names, shapes, numbers):
    a piece damaged in a checkpoint is computed again rather than trusted."""
    expected = expected_columns(context)
    return set(columns) == set(expected) and all(
        columns[name].shape == (length,) and columns[name].dtype.kind in "biuf"
        for name, length in expected.items())


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


def _parts(context: PieceContext, job_name: str, summary: pd.DataFrame,
           weeks: int) -> dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]:
    """The measure parts the claims' arms run as ``job_name`` read of its runs."""
    return {(claim.id, *key): value for claim in context.claims for arm in claim.arms
            if context.arm_jobs[claim.id, arm] == job_name
            for key, value in arm_parts(claim, arm, summary, weeks).items()}


def reduce_space(context: PieceContext, results: Results) -> JobRuns:
    """The space's own scenario at a piece's points, reduced to what deciding the piece
    reads: the claims' parts, every measure, which mechanisms acted, the kept tables."""
    summary = results.summary
    return JobRuns(SPACE_JOB, _parts(context, SPACE_JOB, summary, results.scenario.weeks),
                   measure_columns(summary, context.weeks, context.points),
                   dict(results.engaged),
                   run_tables(results, context.first_point, context.reps)
                   if context.keep_runs else {})


def reduce_arms(context: PieceContext, job_names: Sequence[str],
                runs: Sequence[RunSummary]) -> JobRuns:
    """Arms' jobs run together at a piece's points (one block each), reduced to the
    claims' parts."""
    parts = {}
    for name, job_runs in zip(job_names, runs, strict=True):
        parts |= _parts(context, name, job_runs.summary, job_runs.weeks)
    return JobRuns("+".join(job_names), parts)


def decide_piece(number: int, context: PieceContext,
                 runs: Mapping[str, JobRuns]) -> PieceResult:
    """A piece's per-point columns: the measures of the space's scenario, which mechanisms
    acted, and every claim decided at each point."""
    space_runs = runs[SPACE_JOB]
    columns = dict(space_runs.measures)
    columns.update({f"engaged.{flag}": np.array([on])
                    for flag, on in space_runs.engaged.items()})
    counts = cached_bootstrap_counts(context.reps) if context.claims else None
    parts = {key: value for job_runs in runs.values() for key, value in job_runs.parts.items()}
    for claim in context.claims:
        mine = {key[1:]: value for key, value in parts.items() if key[0] == claim.id}
        columns.update(claim_columns(claim, mine, context.points, counts))
    return PieceResult(number, columns, space_runs.tables)


def claim_columns(claim: Claim, parts: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]],
                  points: int, counts: np.ndarray) -> dict[str, np.ndarray]:
    """A claim decided at each point: its verdict, whether it points the other way, and
    each check's effect, interval and verdict (``C4.check1.value``, ...)."""
    decided = claim_at_points(claim, parts, points, counts)
    columns = {f"{claim.id}.verdict": decided.verdicts,
               f"{claim.id}.reversed": decided.reversed}
    for check, effect in enumerate(decided.effects, start=1):
        prefix = f"{claim.id}.check{check}"
        columns[f"{prefix}.value"] = effect.value
        columns[f"{prefix}.low"] = effect.low
        columns[f"{prefix}.high"] = effect.high
        columns[f"{prefix}.verdict"] = decided.check_verdicts[check - 1]
    return columns


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
