"""A critic's swapped sub-model at a share of the runs: its tipping strength as a share.

A critic whose assumption set swaps a sub-model whole (``[model] bargaining =
"expected_value"``) has no halfway value to move a parameter to. Its strength *s* is
instead the share of runs that live in the critic's world: of each arm's pooled runs, the
first ``round(s * runs)`` are the critic's (its whole set, sub-model and values), the
rest the defaults', the same runs in every arm so the arms stay paired. Both worlds'
runs are simulated once; each strength only mixes them, so the strengths cost nothing
more. The tipping strength is then the weakest share of runs in the critic's world at
which the claim's pooled verdict is the opposite of the defaults' (see
:mod:`sim.analysis.tipping`). A measure that is a ratio of sums over runs (a rate per year
of cease-fire) weighs each run by its exposure, so runs of a world with more cease-fire
weeks count for more in the mix than their share: the share is of runs, not of the
measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sim.analysis.claims import Claim, Verdict
from sim.analysis.evaluate import (
    Assumptions,
    ClaimsStudy,
    arm_sources,
    decide_claim,
    plan_variants,
)
from sim.ensemble.runner import RunSummary
from sim.ensemble.tasks import Sink
from sim.scenarios.params import PARAMS


def swaps_a_sub_model(assumptions: Assumptions) -> bool:
    """Whether the set chooses a sub-model away from the defaults (``[model]``)."""
    return any(key.startswith("model.") and value != PARAMS[key].default
               for key, value in assumptions.values.items())


def mixed_runs(defaults: RunSummary, critic: RunSummary, share: float) -> RunSummary:
    """One arm's pooled runs with the first ``round(share * runs)`` taken from the
    critic's world and the rest from the defaults' (run numbers kept)."""
    taken = round(share * len(critic.summary))
    summary = pd.concat([critic.summary.iloc[:taken], defaults.summary.iloc[taken:]],
                        ignore_index=True)
    return RunSummary(summary, defaults.weeks)


def mixtures_study(claims: Sequence[Claim], defaults: Assumptions, critic: Assumptions,
                   shares: Sequence[float], reps: int, seed: int) -> ClaimsStudy:
    """Each claim decided on ``reps`` pooled runs per arm at each share of runs in the
    critic's world: one simulation of each world, a sink per claim that mixes them."""
    _, plan = plan_variants(claims, [defaults, critic])
    sources, where = arm_sources(plan, reps, seed)
    sinks = []
    for claim in claims:
        places, needs = {}, {}
        for number in (0, 1):
            for arm in claim.arms:
                batch, place = where[plan.key_of[f"{number}|{claim.id}", arm]]
                places[f"{number}|{arm}"], needs[f"{number}|{arm}"] = place, batch
        sinks.append(Sink(decide_at_shares, (claim, places, tuple(shares)), needs))
    return ClaimsStudy(tuple(claims), plan, reps, seed, critic, sources, sinks)


def decide_at_shares(claim: Claim, places: Mapping[str, int], shares: Sequence[float],
                     batches_of: Mapping[str, list[RunSummary]]) -> tuple[Verdict, ...]:
    """The claim's pooled verdict at each share of runs in the critic's world."""
    runs = {name: batches_of[name][place] for name, place in places.items()}
    return tuple(decide_claim(claim, {arm: mixed_runs(runs[f"0|{arm}"], runs[f"1|{arm}"], share)
                                      for arm in claim.arms}).pooled_verdict
                 for share in shares)
