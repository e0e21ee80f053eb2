"""Talks, cease-fire, settlement and relapse (C1, C3, C6, C7, C9, C14).

Ideas: bargaining over a war's end (talks become serious only when the losing
side's expectations change); extended deterrence (a cease-fire holds when the
guarantee behind it is credible); and the precedent of rewarded aggression.
"""

from __future__ import annotations

import numpy as np

# Talks states, in the order a run can pass through them.
NO_TALKS, TALKS, SERIOUS, CEASEFIRE, RENEWED_WAR = 0, 1, 2, 3, 4
TALKS_LABELS = ("none", "talks", "serious_talks", "ceasefire", "renewed_war")

# Settlement kinds.
NO_SETTLEMENT, GUARANTEED, UNGUARANTEED, CONCESSION = 0, 1, 2, 3
SETTLEMENT_LABELS = ("none", "guaranteed", "unguaranteed", "territorial_concession")


def position_eroding(momentum: np.ndarray, capacity: np.ndarray, start_capacity: float,
                     margin: float) -> np.ndarray:
    """Russia's position erodes: the front trends Ukraine's way or capacity falls. # C1 C6"""
    return (momentum > 0) | (capacity < start_capacity - margin)


def willingness(belief: np.ndarray, eroding: np.ndarray, threshold: float,
                spread: float) -> np.ndarray:
    """Russia's willingness (0..1) to negotiate seriously. # C1 C3 C6

    Zero unless its position erodes; then it rises linearly from 0 with its
    belief that time is on its side at ``threshold + spread`` to 1 at
    ``threshold - spread`` (1/2 at the threshold). Above ``threshold + spread``
    Russia never turns serious: a soft threshold with no tail.
    """
    ramp = np.clip((threshold + spread - belief) / (2.0 * spread), 0.0, 1.0)
    return eroding * ramp


def talks_transition(state: np.ndarray, uniform: np.ndarray, willing: np.ndarray,
                     walks_out: np.ndarray, rates: dict[str, float]) -> np.ndarray:
    """One week of the talks state machine, with one uniform draw per run. # C1 C3 C6

    - no talks -> serious talks (chance ``serious`` times Russia's ``willing``-ness,
      0..1), else -> talks;
    - talks -> serious talks (likewise), else rarely -> a hollow cease-fire;
    - serious talks -> talks when Russia ``walks_out``, else -> cease-fire.
    Competing transitions share the draw: [0, p1) is the first, [p1, p1+p2) the next.
    """
    serious = rates["serious"] * willing
    new = state.copy()
    idle = state == NO_TALKS
    new[idle & (uniform < serious)] = SERIOUS
    new[idle & (uniform >= serious) & (uniform < serious + rates["start"])] = TALKS
    talking = state == TALKS
    new[talking & (uniform < serious)] = SERIOUS
    new[talking & (uniform >= serious) & (uniform < serious + rates["hollow"])] = CEASEFIRE
    bargaining = state == SERIOUS
    new[bargaining & walks_out] = TALKS
    new[bargaining & ~walks_out & (uniform < rates["agree"])] = CEASEFIRE
    return new


def guarantee_credibility(coalition_share: float, us_backs: bool, european: float,
                          american: float) -> float:
    """Credibility of post-war guarantees: Europe frames, America anchors. # C7 C9"""
    return min(1.0, coalition_share * european + (american if us_backs else 0.0))


def settlement_kind(front: np.ndarray, credibility: float, concession_front: float,
                    threshold: float, forced: np.ndarray) -> np.ndarray:
    """What a cease-fire signed now settles. # C7 C14

    A forced cease-fire, or one signed with the front below ``concession_front``,
    cedes territory; otherwise it is guaranteed when credibility reaches
    ``threshold`` and unguaranteed when not.
    """
    kind = np.full(front.shape, GUARANTEED if credibility >= threshold else UNGUARANTEED,
                   dtype=np.int8)
    kind[forced | (front < concession_front)] = CONCESSION
    return kind


def relapse_hazard(credibility: float, settlement: np.ndarray, belief_at_signing: np.ndarray,
                   rates: dict[str, float]) -> np.ndarray:
    """Weekly chance Russia breaks a cease-fire. # C3 C7 C14

    ``base * (1 - deterrence * credibility) * concession multiplier
    * (1 + hollow weight * belief at signing)``, capped at 1.
    """
    hazard = rates["base"] * (1.0 - rates["deterrence"] * credibility)
    hazard = hazard * np.where(settlement == CONCESSION, rates["concession"], 1.0)
    hazard = hazard * (1.0 + rates["hollow"] * belief_at_signing)
    return np.minimum(hazard, 1.0)
