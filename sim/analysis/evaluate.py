"""Checking claims: run every arm once, then measure each check with its interval.

All arms run with the same seed and number of runs, so run i of every arm
shares its random stream (common random numbers) and one set of bootstrap
resamples of runs serves every check. Arms that resolve to the same
parameters and events (however they are written, in however many claims)
run once per invocation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.claims import Arm, Check, Claim, combine, reversed_effect, verdict
from sim.analysis.measures import MEASURES, measure_parts
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SEED
from sim.analysis.stats import Estimate, cached_bootstrap_counts, combination_of_ratios
from sim.ensemble.executors import Executor, InProcess
from sim.ensemble.runner import run
from sim.errors import SimError
from sim.model.calibration import calibrated_claims
from sim.scenarios.loading import load_assumptions, load_scenario
from sim.scenarios.scenario import Scenario
from sim.scenarios.values import Value, did_you_mean

ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]
RunKey = tuple[object, ...]  # what a run's numbers depend on: horizon, parameters, events


@dataclass(frozen=True)
class Assumptions:
    """A critic's partial scenario applied under every arm (see ``--assume``)."""

    name: str
    description: str
    values: Mapping[str, Value]
    source: str


@dataclass(frozen=True)
class ArmRuns:
    """What the checks read of an arm's runs: one summary row per run, and the horizon."""

    summary: pd.DataFrame
    weeks: int


@dataclass
class CheckResult:
    check: Check
    effect: Estimate
    verdict: str
    levels: dict[str, Estimate]  # the measure in each arm the check combines
    reason: str = ""  # why a check is untestable

    @property
    def reversed(self) -> bool:
        """Not supported, with the effect clearly the other way from the essay."""
        return reversed_effect(self.check, self.verdict, self.effect.low, self.effect.high)


@dataclass
class ClaimResult:
    claim: Claim
    checks: list[CheckResult]
    verdict: str = field(init=False)

    def __post_init__(self) -> None:
        self.verdict = combine([c.verdict for c in self.checks])
        if self.verdict == "supported" and self.claim.id in calibrated_claims():
            self.verdict = "calibrated"

    @property
    def reversed(self) -> bool:
        """Some check of the claim came out clearly the other way from the essay."""
        return any(c.reversed for c in self.checks)

    @property
    def deciding(self) -> CheckResult:
        """The check that decides the verdict: the first failing, else the first open one,
        else the first untestable one, else the first (the headline)."""
        for wanted in ("not supported", "inconclusive", "untestable"):
            for result in self.checks:
                if result.verdict == wanted:
                    return result
        return self.checks[0]


@dataclass
class Evaluation:
    results: list[ClaimResult]
    reps: int
    seed: int
    assumptions: Assumptions | None
    scenarios: dict[RunKey, Scenario]


def arm_scenario(arm: Arm, assumptions: Assumptions | None) -> Scenario:
    """The arm's scenario file, under the assumptions, with the arm's own changes on top.

    The arm's changes are the experiment, so they win over an assumption set
    that sets the same key.
    """
    scenario = load_scenario(arm.scenario)
    if assumptions is not None:
        scenario = scenario.with_values(assumptions.values)
    return scenario.with_values(arm.changes)


def _run_key(scenario: Scenario) -> RunKey:
    """Arms whose scenarios resolve to the same parameters and events are one run,
    whatever files and changes they were written with."""
    events = tuple((e.week, tuple(sorted(e.changes.items()))) for e in scenario.events)
    return scenario.weeks, tuple(sorted(scenario.params.items())), events


def arm_runs(scenario: Scenario, reps: int, seed: int) -> ArmRuns:
    """One arm's runs, as the checks need them (a task a worker can do)."""
    return ArmRuns(run(scenario, reps=reps, seed=seed, actors=False).summary, scenario.weeks)


def plan_arms(claims: Sequence[Claim], assumptions: Assumptions | None = None,
              ) -> tuple[dict[RunKey, Scenario], dict[tuple[str, str], RunKey]]:
    """Each distinct arm's scenario, and which one each claim's arm is."""
    scenarios: dict[RunKey, Scenario] = {}
    arm_keys: dict[tuple[str, str], RunKey] = {}
    for claim in claims:
        for arm in claim.arms.values():
            scenario = arm_scenario(arm, assumptions)
            key = _run_key(scenario)
            scenarios.setdefault(key, scenario)
            arm_keys[claim.id, arm.name] = key
    return scenarios, arm_keys


def estimate_seconds(claims: Sequence[Claim], reps: int) -> float:
    """About how long deciding ``claims`` takes in one process (about 0.4 us a run-week,
    and a distinct arm per 1.2 claim arms)."""
    arms = sum(len(c.arms) for c in claims) / 1.2
    return arms * reps * 104 * 0.4e-6


def evaluate(claims: Sequence[Claim], reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
             assumptions: Assumptions | None = None,
             progress: ProgressFactory = lambda label, total: nullcontext(lambda n: None),
             executor: Executor | None = None) -> Evaluation:
    """Run each distinct arm once (as tasks of ``executor``, default this process) and
    decide every claim."""
    scenarios, arm_keys = plan_arms(claims, assumptions)
    executor = executor or InProcess()
    label = f"simulating {len(scenarios)} arms x {reps} runs, deciding {len(claims)} claims"
    with progress(label, len(claims)) as tick:
        # Each arm's runs, then each claim from its arms' runs: on a cluster the claims'
        # bootstraps run on the workers too, each as soon as its arms are done.
        arms = {key: executor.submit(arm_runs, scenario, reps, seed)
                for key, scenario in scenarios.items()}
        handles = [executor.submit(decide_claim, claim,
                                   {a: arms[arm_keys[claim.id, a]] for a in claim.arms})
                   for claim in claims]
        results: list[ClaimResult | None] = [None] * len(claims)
        for index, result in executor.completed(handles):
            results[index] = result
            tick(1)
    return Evaluation(results, reps, seed, assumptions, scenarios)


def decide_claim(claim: Claim, runs: Mapping[str, ArmRuns]) -> ClaimResult:
    """A claim's checks and verdict from its arms' runs (by arm name)."""
    reps = len(next(iter(runs.values())).summary)
    counts = cached_bootstrap_counts(reps)
    return ClaimResult(claim, [_check(check, claim, runs, counts) for check in claim.checks])


def _check(check: Check, claim: Claim, runs: Mapping[str, ArmRuns],
           counts: np.ndarray) -> CheckResult:
    """One check's effect, from the runs of each arm (by arm name)."""
    measure = MEASURES[check.metric]
    parts = []
    levels = {}
    for arm_name, weight in check.effect.items():
        arm = claim.arms[arm_name]
        results = runs[arm_name]
        numerators, denominators = measure_parts(measure, results.summary,
                                                 results.weeks, arm.where)
        parts.append((weight, numerators, denominators))
        levels[arm_name] = combination_of_ratios([(1.0, numerators, denominators)], counts)
    effect = combination_of_ratios(parts, counts)
    if all(_cannot_move(level) for level in levels.values()):
        shown = ", ".join(f"{arm} {level.value:.3g}" for arm, level in levels.items())
        return CheckResult(check, effect, "untestable", levels,
                           f"{check.metric} is the same in every run of each arm ({shown}): "
                           "a measure that cannot move is no evidence")
    if _cannot_move(effect):
        return CheckResult(check, effect, "untestable", levels,
                           f"the effect on {check.metric} is {effect.value:+.3g} in every "
                           "resample: the arms differ identically (or not at all) in every run, "
                           "so the interval has no width and is no evidence")
    return CheckResult(check, effect, verdict(check.direction, check.margin, effect.low,
                                              effect.high), levels)


def _cannot_move(estimate: Estimate) -> bool:
    """A zero-width interval (up to rounding): the estimate is the same in every resample."""
    if np.isnan(estimate.low) or np.isnan(estimate.high):
        return False
    return estimate.high - estimate.low <= 1e-9 * max(1.0, abs(estimate.value))


def select_claims(claims: Sequence[Claim], only: Sequence[str]) -> list[Claim]:
    """The claims named by ``--only`` (case-insensitive), in file order."""
    if not only:
        return list(claims)
    ids = {c.id.lower(): c for c in claims}
    for wanted in only:
        if wanted.lower() not in ids:
            hint = did_you_mean(wanted, [c.id for c in claims])
            raise SimError(f'--only: no claim "{wanted}"{hint}; claims: '
                           + ", ".join(c.id for c in claims))
    wanted_ids = {w.lower() for w in only}
    return [c for c in claims if c.id.lower() in wanted_ids]


def load_assumption_set(path: str | Path) -> Assumptions:
    """Read a partial scenario of assumptions (see :func:`sim.scenarios.loading.load_assumptions`)."""
    name, description, values = load_assumptions(path)
    return Assumptions(name, description, values, str(path))
