"""Checking claims: the work (every arm's runs once, then each claim decided), and each
check's effect with its interval (the running is :mod:`sim.ensemble`'s).

All arms run with the same seed and number of runs, so run i of every arm shares its
random stream (common random numbers) and one set of bootstrap resamples of runs
serves every check. Arms that resolve to the same parameters and events (however they
are written, in however many claims) are one set of runs (:mod:`sim.ensemble.plan`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from sim.analysis.assumed import Flip, decisive
from sim.analysis.claims import (
    Arm,
    Check,
    Claim,
    Verdict,
    at_a_bound,
    combine,
    reversed_effect,
    verdict,
)
from sim.analysis.measures import MEASURES, measure_parts
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SEED
from sim.analysis.stats import (
    Estimate,
    cached_bootstrap_counts,
    combination_of_ratios,
    zero_width,
)
from sim.analysis.tipping import tipping_strength
from sim.analysis.world_fit import WorldFit
from sim.analysis.worlds import WorldsResult
from sim.ensemble.batch import batches, summarized_together
from sim.ensemble.cost import Work
from sim.ensemble.plan import Plan, distinct
from sim.ensemble.runner import RunSummary
from sim.ensemble.tasks import Sink, Task
from sim.errors import SimError, argument
from sim.model.calibration import calibrated_claims
from sim.scenarios.history import BASELINE_FILE
from sim.scenarios.loading import load_assumptions, load_scenario
from sim.scenarios.scenario import Scenario
from sim.scenarios.values import Value, did_you_mean

#: Which arm of which claim: (claim id, arm name).
ArmLabel = tuple[str, str]


@dataclass(frozen=True)
class Assumptions:
    """A critic's partial scenario applied under every arm (see ``--assume``)."""

    name: str
    description: str
    values: Mapping[str, Value]
    source: str


@dataclass
class CheckResult:
    check: Check
    effect: Estimate
    verdict: Verdict
    levels: dict[str, Estimate]  # the measure in each arm the check combines
    reason: str = ""  # why a check is untestable

    @property
    def reversed(self) -> bool:
        """Not supported, with the effect clearly the other way from the essay."""
        return reversed_effect(self.check, self.verdict, self.effect.low, self.effect.high)


@dataclass
class ClaimResult:
    """A claim decided: its checks on the pooled runs (every run drawing a plausible set)
    and, when asked for, its verdict in each plausible world and over them (``worlds``),
    which is then its verdict."""

    claim: Claim
    checks: list[CheckResult]
    worlds: WorldsResult | None = None
    #: Ends of judgement ranges where the pooled verdict is the opposite (sim.analysis.assumed).
    flips: tuple[Flip, ...] = ()
    #: The pooled verdict at each strength of the critic's mechanism (sim.analysis.tipping).
    strengths: tuple[Verdict, ...] = ()
    #: Whether every arm's pooled runs are the same, run by run (every summary column): the
    #: claim's treatment did nothing at all here, which a floor alone does not show.
    same_runs: bool = False

    @property
    def tipping(self) -> float | None:
        """The weakest strength of the assumption set's mechanism that flips the claim."""
        return tipping_strength(self.strengths) if self.strengths else None

    @property
    def pooled_verdict(self) -> Verdict:
        """The verdict of the checks on the pooled runs."""
        pooled = combine([c.verdict for c in self.checks])
        own_id = self.claim.id.rsplit("|", 1)[-1]  # under a variant (plan_variants): k|C6
        if pooled == Verdict.SUPPORTED and own_id in calibrated_claims():
            return Verdict.CALIBRATED
        return pooled


    @property
    def pooled_reversed(self) -> bool:
        """Some check on the pooled runs came out clearly the other way from the essay."""
        return any(c.reversed for c in self.checks)

    @property
    def decided(self) -> Verdict:
        """The verdict over the worlds (the pooled one without them), before any flip."""
        return self.worlds.verdict if self.worlds else self.pooled_verdict

    @property
    def verdict(self) -> Verdict:
        """:attr:`decided`, or *assumed* when a judgement range flips a decisive one."""
        return Verdict.ASSUMED if self.flips and decisive(self.decided) else self.decided

    @property
    def reversed(self) -> bool:
        return self.worlds.reversed if self.worlds else self.pooled_reversed

    @property
    def deciding(self) -> CheckResult:
        """The check that decides the verdict: over the worlds, the one with the claim's
        verdict in the most worlds; pooled, the first failing, else the first open one,
        else the first untestable one; else the first (the headline)."""
        over_worlds = self.worlds.deciding_check() if self.worlds else None
        if over_worlds is not None:
            return self.checks[over_worlds]
        for wanted in (Verdict.NOT_SUPPORTED, Verdict.INCONCLUSIVE, Verdict.UNTESTABLE):
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
    scenarios: dict[str, Scenario]  # each distinct arm's scenario, by its identity
    world_fit: WorldFit | None = None  # the claims' world against the record, if checked
    sets: int = 0  # plausible worlds each claim was decided in (0: pooled verdicts only)
    set_reps: int = 0  # runs per arm in each of them
    ends: int = 0  # ends of judgement ranges each decisive claim was decided at (0: none)
    tipped: bool = False  # each claim decided at strengths of the assumption set's mechanism


#: Where the claims' arms start: where every scenario run starts, the replay of 2023-2025
#: with each run drawing one of the calibration's plausible parameter sets (run i the same
#: set in every arm, so the arms stay paired). Every claims report says so.
CLAIMS_WORLD_NOTE = ("Claims are evaluated in the worlds that fit the record: every arm "
                     "starts from the replay of 2023-2025 and each run draws one of the "
                     "calibration's plausible parameter sets, as `sim run` does (run i the "
                     "same set in every arm); an arm or assumption set may set either "
                     "itself.")


def claims_world(assumptions: Assumptions | None) -> Scenario:
    """The world the claims' arms run in: the baseline under the assumptions (what
    `sim claims` holds against the record)."""
    world = load_scenario(BASELINE_FILE)
    return world if assumptions is None else world.with_values(assumptions.values)


def arm_base(arm: Arm) -> Scenario:
    """The arm's scenario file (before any change but its own horizon)."""
    scenario = load_scenario(arm.scenario)
    return scenario if arm.weeks is None else scenario.with_overrides([f"scenario.weeks={arm.weeks}"])


def arm_scenario(arm: Arm, assumptions: Assumptions | None) -> Scenario:
    """The arm's scenario file under the assumptions, with the arm's own changes on top.

    The arm's changes are the experiment, so they win over an assumption set
    that sets the same key.
    """
    scenario = arm_base(arm)
    if assumptions is not None:
        scenario = scenario.with_values(assumptions.values)
    return scenario.with_values(arm.changes)


def plan_arms(claims: Sequence[Claim],
              assumptions: Assumptions | None = None) -> Plan[ArmLabel, Scenario]:
    """Each distinct arm's scenario, and which one each claim's arm is."""
    return distinct(((claim.id, arm.name), arm_scenario(arm, assumptions))
                    for claim in claims for arm in claim.arms.values())


def plan_variants(claims: Sequence[Claim], variants: Sequence[Assumptions]
                  ) -> tuple[list[Claim], Plan[ArmLabel, Scenario]]:
    """Every claim under every variant (one assumption set each) as claims of one study:
    claim ``C4`` under variant 3 is ``3|C4``, its arms planned under that variant."""
    renamed, labelled = [], []
    for number, variant in enumerate(variants):
        for claim in claims:
            copy = replace(claim, id=f"{number}|{claim.id}")
            renamed.append(copy)
            labelled += [((copy.id, arm.name), arm_scenario(arm, variant))
                         for arm in claim.arms.values()]
    return renamed, distinct(labelled)


def claims_work(plan: Plan[ArmLabel, Scenario], reps: int, world_runs: int = 0) -> Work:
    """What deciding the claims of ``plan`` runs (``world_runs``: each arm's runs over the
    plausible worlds, at least)."""
    return Work(run_weeks=sum((reps + world_runs) * s.weeks for s in plan.items.values()))


@dataclass(frozen=True)
class ClaimsStudy:
    """Deciding claims, as work for :mod:`sim.ensemble` to run: a task per group of arms
    that run together as blocks of one model, and a sink per claim that decides it from
    its arms' runs (in the claims' order)."""

    claims: tuple[Claim, ...]
    plan: Plan[ArmLabel, Scenario]
    reps: int
    seed: int
    assumptions: Assumptions | None
    sources: dict[int, Task]
    sinks: list[Sink]

    @property
    def label(self) -> str:
        return (f"simulating {len(self.plan.items)} arms x {self.reps} runs, deciding "
                f"{len(self.claims)} claims")

    def evaluation(self, results: list[ClaimResult]) -> Evaluation:
        """The evaluation made of the sinks' results."""
        return Evaluation(results, self.reps, self.seed, self.assumptions, self.plan.items)


def claims_study(claims: Sequence[Claim], reps: int = CLAIMS_REPS, seed: int = CLAIMS_SEED,
                 assumptions: Assumptions | None = None,
                 plan: Plan[ArmLabel, Scenario] | None = None) -> ClaimsStudy:
    """The work of deciding ``claims``: each distinct arm run once, arms that can run
    together as blocks of one model, each claim decided as soon as its arms are done
    (``plan``: :func:`plan_arms`' result, when the caller made it already)."""
    plan = plan or plan_arms(claims, assumptions)
    sources, where = arm_sources(plan, reps, seed)
    sinks = []
    for claim in claims:
        arms = {a: where[plan.key_of[claim.id, a]] for a in claim.arms}
        sinks.append(Sink(decide_claim_in, (claim, {a: p for a, (_, p) in arms.items()}),
                          {a: number for a, (number, _) in arms.items()}))
    return ClaimsStudy(tuple(claims), plan, reps, seed, assumptions, sources, sinks)


def arm_sources(plan: Plan[ArmLabel, Scenario], reps: int, seed: int
                ) -> tuple[dict[int, Task], dict[str, tuple[int, int]]]:
    """A task per group of arms that run together as blocks of one model, and where each
    distinct arm is (its group's number, its place in the group)."""
    groups = batches(plan.items, reps)  # arms that can run together, as points of one model
    where = {key: (number, place) for number, keys in enumerate(groups)
             for place, key in enumerate(keys)}
    sources = {number: Task(summarized_together, ([plan.items[k] for k in keys], reps, seed))
               for number, keys in enumerate(groups)}
    return sources, where


def decide_claim_in(claim: Claim, places: Mapping[str, int],
                    batches_of: Mapping[str, list[RunSummary]]) -> ClaimResult:
    """:func:`decide_claim`, each arm's runs picked from the batch it ran in."""
    return decide_claim(claim, {arm: batches_of[arm][place] for arm, place in places.items()})


def decide_claim(claim: Claim, runs: Mapping[str, RunSummary]) -> ClaimResult:
    """A claim's checks and verdict from its arms' runs (by arm name)."""
    reps = len(next(iter(runs.values())).summary)
    counts = cached_bootstrap_counts(reps)
    return ClaimResult(claim, [_check(check, claim, runs, counts) for check in claim.checks],
                       same_runs=_same_runs(list(runs.values())))


def _same_runs(runs: Sequence[RunSummary]) -> bool:
    """Whether every arm's runs are the same, run by run, in every summary column (but the
    scenario's name); a level on one arm compares nothing, so never."""
    if len(runs) < 2:
        return False
    first = runs[0].summary.drop(columns="scenario")
    return all(r.summary.drop(columns="scenario").equals(first) for r in runs[1:])


def _check(check: Check, claim: Claim, runs: Mapping[str, RunSummary],
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
    if all(zero_width(level.value, level.low, level.high) for level in levels.values()):
        shown = ", ".join(f"{arm} {level.value:.3g}" for arm, level in levels.items())
        return CheckResult(check, effect, Verdict.UNTESTABLE, levels,
                           f"{check.metric} is the same in every run of each arm ({shown}): "
                           "a measure that cannot move is no evidence")
    if at_a_bound(check, measure.unit, np.array([[lv.low] for lv in levels.values()]),
                  np.array([[lv.high] for lv in levels.values()]))[0]:
        shown = ", ".join(f"{arm} {level.value:.3f}" for arm, level in levels.items())
        return CheckResult(check, effect, Verdict.UNTESTABLE, levels,
                           f"{check.metric} sits at a floor or ceiling in every arm ({shown}):"
                           " the event almost never (or almost always) happens whatever the "
                           "arm, so the check is no evidence either way")
    if zero_width(effect.value, effect.low, effect.high):
        return CheckResult(check, effect, Verdict.UNTESTABLE, levels,
                           f"the effect on {check.metric} is {effect.value:+.3g} in every "
                           "resample: the arms differ identically (or not at all) in every run, "
                           "so the interval has no width and is no evidence")
    return CheckResult(check, effect, verdict(check.direction, check.margin, effect.low,
                                              effect.high), levels)


def select_claims(claims: Sequence[Claim], only: Sequence[str]) -> list[Claim]:
    """The claims named by ``only`` (case-insensitive), in file order."""
    if not only:
        return list(claims)
    ids = {c.id.lower(): c for c in claims}
    for wanted in only:
        if wanted.lower() not in ids:
            hint = did_you_mean(wanted, [c.id for c in claims])
            raise SimError(f'{argument("only")}: no claim "{wanted}"{hint}; claims: '
                           + ", ".join(c.id for c in claims))
    wanted_ids = {w.lower() for w in only}
    return [c for c in claims if c.id.lower() in wanted_ids]


def load_assumption_set(path: str | Path) -> Assumptions:
    """Read a partial scenario of assumptions (see
    :func:`sim.scenarios.loading.load_assumptions`)."""
    name, description, values = load_assumptions(path)
    return Assumptions(name, description, values, str(path))
