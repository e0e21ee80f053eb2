"""Each claim in each world consistent with the record, and how robust it is over them.

The pooled verdict of `sim claims` averages over the calibration's plausible parameter
sets (each run draws one). Here every arm runs ``reps`` runs at each of ``sets`` plausible
sets (the same sets, and run i the same seed, in every arm), each claim is decided in
each set exactly as the pooled verdict is decided, and the claim's *robustness* is the
share of sets where it holds, with its Wilson 95% interval. The claim's verdict over the
worlds (:func:`verdict_over_worlds`): supported when that interval's lower bound is at
least :data:`ROBUST_SHARE`, not supported when its upper bound is at most one minus it
(untestable instead, when the check cannot tell in most sets), inconclusive otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from sim.analysis.claims import Claim, Verdict
from sim.analysis.robustness import Parts, Robustness, arm_parts, claim_at_points, robustness
from sim.analysis.stats import Estimate, cached_bootstrap_counts, wilson
from sim.ensemble.batch import Stack, batches, reduced_stack
from sim.ensemble.plan import Plan
from sim.ensemble.runner import RunSummary
from sim.ensemble.tasks import Sink, Task
from sim.scenarios.plausible import CENTRAL, drawn_keys, model_choice, plausible_rows, shipped
from sim.scenarios.scenario import Scenario

#: Which arm of which claim: (claim id, arm name).
ArmLabel = tuple[str, str]
#: A claim holds over the worlds when it holds in at least this share of them (the lower
#: bound of the share's 95% interval), and fails when it holds in at most 1 minus it.
ROBUST_SHARE = 0.8
#: A parameter every run has, given one value per world to a scenario that draws nothing.
_SAME_EVERYWHERE = "world.front_speed_km2_per_week"


#: The run rule: in each world, each check's 95% interval is to be at most half its margin
#: wide on either side. A claim whose runs miss it is run again with the runs per world it
#: needs, when that is at most :data:`MAX_REPS_FACTOR` times the first number; beyond that
#: it keeps the runs of its last pass and says the rule is out of reach.
MAX_REPS_FACTOR = 8


@dataclass(frozen=True)
class WorldsResult:
    """One claim over the plausible worlds: the share of worlds per verdict, its verdict
    over them, the runs per arm in each world and each check's median half-width."""

    robustness: Robustness
    verdict: Verdict
    reps: int
    half_widths: tuple[float, ...]  # per check: the median over worlds of its half-width
    margins: tuple[float, ...]  # per check: its margin
    #: Each check's verdict in each world (checks x worlds, codes into VERDICTS).
    check_codes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8),
                                    compare=False)

    def deciding_check(self) -> int | None:
        """The check that decides the verdict over the worlds: the one with that verdict
        in the most worlds (the first such, on a tie); None when it is supported."""
        wanted = {Verdict.NOT_SUPPORTED: Verdict.NOT_SUPPORTED,
                  Verdict.INCONCLUSIVE: Verdict.INCONCLUSIVE,
                  Verdict.UNTESTABLE: Verdict.UNTESTABLE}.get(self.verdict)
        if wanted is None or not self.check_codes.size:
            return None
        counts = (self.check_codes == wanted.code).sum(axis=1)
        return int(np.argmax(counts)) if counts.max() > 0 else None

    @property
    def meets_run_rule(self) -> bool:
        """Every check's median half-width is at most half its margin (a check that
        cannot move in most worlds, half-width 0, meets it; one undefined in most, as a
        rate with no cease-fire to break, does not)."""
        return all(width <= abs(margin) / 2
                   for width, margin in zip(self.half_widths, self.margins, strict=True))

    @property
    def holding(self) -> Estimate:
        """The share of worlds where the claim holds (supported or calibrated), with its
        Wilson 95% interval: the claim's robustness."""
        shares, worlds = self.robustness.shares, self.robustness.points
        held = round((shares[Verdict.SUPPORTED].value + shares[Verdict.CALIBRATED].value)
                     * worlds)
        return wilson(held, worlds)

    @property
    def reversed(self) -> bool:
        """Not supported over the worlds, and clearly the other way in nearly all of them
        (the 95% lower bound of that share at least :data:`ROBUST_SHARE`)."""
        return (self.verdict == Verdict.NOT_SUPPORTED
                and self.robustness.reversed.low >= ROBUST_SHARE)

    def reps_needed(self) -> int | None:
        """Runs per world the run rule asks for (half-widths shrink as 1 / sqrt(runs)):
        :attr:`reps` doubled until every check would be half its margin wide; None when
        more runs cannot get there (a check undefined in most worlds, or a level with a
        margin of 0 that is not exactly met)."""
        ratios = []
        for width, margin in zip(self.half_widths, self.margins, strict=True):
            if width <= abs(margin) / 2:
                continue
            if not np.isfinite(width) or margin == 0:
                return None
            ratios.append((width / (abs(margin) / 2)) ** 2)
        needed = self.reps
        while needed < self.reps * max(ratios, default=1.0):
            needed *= 2
        return needed

    def reps_wanted(self, most: int) -> int:
        """The runs per world to try next: :meth:`reps_needed` when it is within ``most``;
        else :attr:`reps` (more runs would still miss the rule, so none are spent)."""
        needed = self.reps_needed()
        return needed if needed is not None and needed <= most else self.reps


def verdict_over_worlds(codes: np.ndarray) -> Verdict:
    """A claim's verdict from its verdict in each world (codes into VERDICTS).

    Supported (or calibrated) when the share of worlds where it holds has a 95% lower
    bound of at least :data:`ROBUST_SHARE`. When its upper bound is at most 1 minus that,
    the claim holds almost nowhere, and what the other worlds say decides: not supported
    when the worlds where it fails outnumber those left open or untestable together,
    untestable when the untestable ones outnumber the rest (the check could not tell,
    which is no evidence against the claim), inconclusive otherwise. Inconclusive too when the
    claim holds in some plausible worlds and not in others.
    """
    worlds = len(codes)
    held = np.isin(codes, [Verdict.SUPPORTED.code, Verdict.CALIBRATED.code])
    share = wilson(int(held.sum()), worlds)
    if share.low >= ROBUST_SHARE:
        calibrated = int(np.sum(codes == Verdict.CALIBRATED.code))
        return Verdict.CALIBRATED if 2 * calibrated >= held.sum() else Verdict.SUPPORTED
    if share.high <= 1 - ROBUST_SHARE:
        fails = int(np.sum(codes == Verdict.NOT_SUPPORTED.code))
        untestable = int(np.sum(codes == Verdict.UNTESTABLE.code))
        open_ = worlds - int(held.sum()) - fails - untestable
        if fails > open_ + untestable:
            return Verdict.NOT_SUPPORTED
        if untestable > open_ + fails:
            return Verdict.UNTESTABLE
    return Verdict.INCONCLUSIVE


def worlds_available(plan: Plan[ArmLabel, Scenario]) -> int:
    """How many plausible worlds the arms of ``plan`` can be decided in: the plausible sets
    of their calibration (each arm's sub-models'), the fewest of them."""
    return min(len(shipped(model_choice(s.params)).sets) for s in plan.items.values())


def one_calibration(claim: Claim, plan: Plan[ArmLabel, Scenario]) -> bool:
    """Whether every arm of ``claim`` draws from the same calibration (the same sub-models),
    so that world k is the same world in each."""
    return len({model_choice(plan.item((claim.id, arm)).params) for arm in claim.arms}) == 1


def world_values(scenario: Scenario, sets: int, seed: int) -> dict[str, np.ndarray]:
    """The calibrated parameters ``scenario``'s runs would draw, at ``sets`` plausible sets
    of its sub-models' calibration (one value per set). A scenario that draws none (it
    sets them all, or runs at the defaults) gets its own values at every set, and one that
    runs the central set gets that at every set, so its runs are the same in each world."""
    keys = drawn_keys(scenario.params, scenario.pinned)
    if not keys:
        return {_SAME_EVERYWHERE: np.full(sets, scenario.params[_SAME_EVERYWHERE], dtype=float)}
    calibration = shipped(model_choice(scenario.params))
    if scenario.params["world.parameter_sets"] == CENTRAL:
        return {key: np.full(sets, calibration.central[key]) for key in keys}
    table = np.array(calibration.sets, dtype=float)[plausible_rows(len(calibration.sets),
                                                                   sets, seed)]
    return {key: table[:, calibration.keys.index(key)] for key in keys}


@dataclass(frozen=True)
class WorldsStudy:
    """Deciding claims in each plausible world, as work for :mod:`sim.ensemble`: a task
    per group of arms run together (every world of each), a sink per claim."""

    claims: tuple[Claim, ...]
    sets: int
    reps: int
    sources: dict[int, Task]
    sinks: list[Sink]

    @property
    def label(self) -> str:
        return (f"deciding {len(self.claims)} claims in each of {self.sets} plausible "
                f"worlds ({self.reps} runs per arm in each)")


def worlds_study(claims: Sequence[Claim], plan: Plan[ArmLabel, Scenario], sets: int,
                 reps: int, seed: int) -> WorldsStudy:
    """The work of deciding ``claims`` in ``sets`` plausible worlds (``plan``: each
    distinct arm's scenario, as the pooled verdicts run them)."""
    runs_each = sets * reps
    arms_of: dict[str, list[ArmLabel]] = {}
    for label, key in plan.key_of.items():
        arms_of.setdefault(key, []).append(label)
    claim_by_id = {claim.id: claim for claim in claims}
    sources, group_of = {}, {}
    for number, keys in enumerate(batches(plan.items, runs_each)):
        stacks = [Stack(plan.items[key], world_values(plan.items[key], sets, seed))
                  for key in keys]
        wanted = [[(claim_by_id[c], arm) for c, arm in arms_of[key]] for key in keys]
        sources[number] = Task(reduced_stack, (stacks, reps, seed,
                                               partial(claims_parts, wanted)))
        group_of.update(dict.fromkeys(keys, number))
    sinks = [Sink(decide_over_worlds, (claim, sets, reps),
                  {arm: group_of[plan.key_of[claim.id, arm]] for arm in claim.arms})
             for claim in claims]
    return WorldsStudy(tuple(claims), sets, reps, sources, sinks)


def claims_parts(wanted: Sequence[Sequence[tuple[Claim, str]]],
                 runs: Sequence[RunSummary]) -> dict[tuple[str, str, str], tuple]:
    """What each claim's checks read of the runs of each arm in a group (by claim id, arm
    and metric): far smaller than the runs, so this is what a worker sends back."""
    parts = {}
    for arms, arm_runs in zip(wanted, runs, strict=True):
        for claim, arm in arms:
            for (name, metric), value in arm_parts(claim, arm, arm_runs.summary,
                                                   arm_runs.weeks).items():
                parts[claim.id, name, metric] = value
    return parts


def decide_over_worlds(claim: Claim, sets: int, reps: int,
                       groups: Mapping[str, Mapping[tuple[str, str, str], tuple]]
                       ) -> WorldsResult:
    """The claim decided in each world, then over them (``groups``: each arm's group's
    parts, by arm name)."""
    parts: Parts = {(arm, metric): value for arm, group in groups.items()
                    for (claim_id, name, metric), value in group.items()
                    if claim_id == claim.id and name == arm}
    decided = claim_at_points(claim, parts, sets, cached_bootstrap_counts(reps))
    widths = tuple(_typical_half_width(effect.low, effect.high) for effect in decided.effects)
    return WorldsResult(robustness(claim.id, decided.verdicts, decided.reversed),
                        verdict_over_worlds(decided.verdicts), reps, widths,
                        tuple(check.margin for check in claim.checks), decided.check_verdicts)


def _typical_half_width(low: np.ndarray, high: np.ndarray) -> float:
    """The median over worlds of a check's half-width; NaN when it is undefined in half the
    worlds or more (a rate with no cease-fire to break)."""
    widths = (np.asarray(high, dtype=float) - np.asarray(low, dtype=float)) / 2
    defined = np.isfinite(widths)
    return float(np.median(widths[defined])) if 2 * defined.sum() > len(widths) else float("nan")


def restricted(plan: Plan[ArmLabel, Scenario], claims: Sequence[Claim]
               ) -> Plan[ArmLabel, Scenario]:
    """``plan`` with only the arms of ``claims``."""
    key_of = {label: key for label, key in plan.key_of.items()
              if label[0] in {claim.id for claim in claims}}
    return Plan({key: plan.items[key] for key in dict.fromkeys(key_of.values())}, key_of)
