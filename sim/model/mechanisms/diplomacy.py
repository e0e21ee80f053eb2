"""Talks, terms, cease-fire, settlement and relapse (C1, C3, C6, C7, C9, C14).

Ideas: bargaining over a war's end (Fearon 1995; Wagner 2000: bargaining goes
on during the war): each week Russia decides whether to negotiate seriously and
to accept terms, Ukraine whether to accept them, and talks can break down; all
are smooth (logistic) functions of beliefs, the balance and guarantees, never
knife-edges. Durable cease-fires (Fortna 2003, 2004; Werner & Yuen 2005): the
chance a cease-fire breaks follows the balance at the time, the guarantees
behind it and the terms signed. Commitment problems (Powell 2006): a deal signed
while Russia still expects to gain later is a pause.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.model.mechanisms import is_scalar

# Talks states, in the order a run can pass through them.
NO_TALKS, TALKS, SERIOUS, CEASEFIRE, RENEWED_WAR = 0, 1, 2, 3, 4
TALKS_LABELS = ("none", "talks", "serious_talks", "ceasefire", "renewed_war")

# Settlement kinds.
NO_SETTLEMENT, GUARANTEED, UNGUARANTEED, CONCESSION = 0, 1, 2, 3
SETTLEMENT_LABELS = ("none", "guaranteed", "unguaranteed", "territorial_concession")

# How a cease-fire came about: agreed in serious talks, a hollow deal signed in talks
# without serious intent, forced on Ukraine by collapse, or imposed on both at a week the
# scenario sets (world.imposed_ceasefire_week).
NO_ROUTE, NEGOTIATED, HOLLOW, FORCED, IMPOSED = 0, 1, 2, 3, 4
ROUTE_LABELS = ("none", "negotiated", "hollow", "forced", "imposed")


def ceasefire_route(before: np.ndarray, forced: np.ndarray,
                    imposed: np.ndarray | bool = False) -> np.ndarray:
    """How a cease-fire signed this week came about, from the talks state it left."""
    route = np.where(before == SERIOUS, NEGOTIATED, HOLLOW).astype(np.int8)
    route[imposed & ~forced] = IMPOSED
    route[forced] = FORCED
    return route


#: Where each talks state goes on its first and its second competing transition
#: (a cease-fire and renewed war have none: their chances are 0).
_FIRST_TO = np.array([SERIOUS, SERIOUS, TALKS, CEASEFIRE, RENEWED_WAR], dtype=np.int8)
_SECOND_TO = np.array([TALKS, CEASEFIRE, CEASEFIRE, CEASEFIRE, RENEWED_WAR], dtype=np.int8)


def logistic(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def willingness(belief: np.ndarray, threshold: float, spread: float,
                extra_log_odds: np.ndarray | float = 0.0) -> np.ndarray:
    """Russia's willingness (0..1) to negotiate seriously and accept terms. # C1 C3 C6

    ``logistic((threshold - belief) / spread + extra)``: 1/2 at the threshold,
    falling smoothly as Russia grows confident that time is on its side. The
    extra log-odds carry war weariness (ripeness) and China's restraint.
    """
    return logistic((threshold - belief) / spread + extra_log_odds)


def breakdown_chance(belief: np.ndarray, threshold: float, margin: float, spread: float,
                     rate: float) -> np.ndarray:
    """Weekly chance serious talks break down: Russia walks out as its belief rises. # C3 C5

    ``rate * logistic((belief - threshold - margin) / spread)``: half the rate
    at ``margin`` above the willingness threshold (hysteresis).
    """
    return rate * logistic((belief - threshold - margin) / spread)


def ukraine_acceptance(bias: float, expected_gain: np.ndarray, credibility: float,
                       extra_aid: np.ndarray, weights: Mapping[str, float]) -> np.ndarray:
    """Ukraine's readiness (0..1) to accept a cease-fire on the current lines. # C3 C7 C11

    ``logistic(bias + guarantee * credibility - gain * expected_gain - aid_optimism
    * extra_aid)``: credible guarantees make a cease-fire worth more; an
    improving battlefield, or (for a critic) more aid than at the start, makes
    fighting on look better.
    """
    return logistic(bias + weights["guarantee"] * credibility
                    - weights["gain"] * expected_gain - weights["aid_optimism"] * extra_aid)


def talks_transition(state: np.ndarray, uniform: np.ndarray,
                     chances: Mapping[str, np.ndarray | float]) -> np.ndarray:
    """One week of the talks state machine, with one uniform draw per run. # C1 C3 C6

    - no talks -> serious talks (chance ``serious``), else -> talks (``start``);
    - talks -> serious talks (``serious``), else -> a hollow cease-fire (``hollow``);
    - serious talks -> talks when they break down (``breakdown``), else -> a
      cease-fire (``agree``).
    Competing transitions share the draw: [0, p1) is the first, [p1, p1+p2) the
    next; their chances are scaled down together if they would sum above 1.
    """
    talks, serious = state == TALKS, state == SERIOUS
    waiting = talks | (state == NO_TALKS)
    p1 = np.where(waiting, chances["serious"], np.where(serious, chances["breakdown"], 0.0))
    p2 = np.where(talks, chances["hollow"],
                  np.where(serious, chances["agree"],
                           np.where(state == NO_TALKS, chances["start"], 0.0)))
    total = p1 + p2
    over = total > 1.0
    if over.any():
        p1, total = np.where(over, p1 / np.where(over, total, 1.0), p1), np.minimum(total, 1.0)
    first = np.where(uniform < p1, _FIRST_TO[state], state)
    return np.where((uniform >= p1) & (uniform < total), _SECOND_TO[state], first).astype(np.int8)


def guarantee_credibility(coalition_share: float | np.ndarray, us_backs: bool | np.ndarray,
                          european: float | np.ndarray,
                          american: float | np.ndarray) -> float | np.ndarray:
    """Credibility of post-war guarantees: Europe frames, America anchors. # C7 C9"""
    if all(is_scalar(x) for x in (coalition_share, us_backs, european, american)):
        return min(1.0, coalition_share * european + (american if us_backs else 0.0))
    return np.minimum(1.0, coalition_share * european + american * np.asarray(us_backs, float))


def settlement_kind(russia_gain_km2: np.ndarray, credibility: float, concession_km2: float,
                    threshold: float, forced: np.ndarray) -> np.ndarray:
    """What a cease-fire signed now settles. # C7 C14

    A forced cease-fire, or one signed after Russia has taken more than
    ``concession_km2`` since the start, cedes territory; otherwise it is guaranteed
    when credibility reaches ``threshold`` and unguaranteed when not.
    """
    guaranteed = credibility >= threshold
    if is_scalar(guaranteed):
        kind = np.full(russia_gain_km2.shape, GUARANTEED if guaranteed else UNGUARANTEED,
                       dtype=np.int8)
    else:
        kind = np.where(guaranteed, GUARANTEED, UNGUARANTEED).astype(np.int8)
    kind[forced | (russia_gain_km2 > concession_km2)] = CONCESSION
    return kind


def relapse_hazard(base: float, deterrence: float, credibility: float,
                   log_hazard: np.ndarray, hollow_weight: float,
                   belief_at_signing: np.ndarray) -> np.ndarray:
    """Weekly chance Russia breaks a cease-fire. # C3 C7 C14

    ``base * (1 - deterrence * credibility) * (1 + hollow_weight * belief at
    signing) * exp(log_hazard)``, capped at 1. ``log_hazard`` sums Russia's
    reasons at the time: the shift of the balance of forces, the terms signed
    (precedent or satiation), provocation, revanchism and weariness.
    """
    hazard = base * (1.0 - deterrence * credibility) * (1.0 + hollow_weight * belief_at_signing)
    return np.minimum(hazard * np.exp(log_hazard), 1.0)


# ---- expected-value bargaining (model.bargaining = "expected_value") -------------------
def ground_worth(held_km2: np.ndarray, aims_km2: float, spread_km2: float) -> np.ndarray:
    """What one more km2 is worth to Russia (0..1), given what it holds. # C14

    ``logistic((aims - held) / spread)``: nearly 1 far short of its aims, 1/2 at them,
    little beyond. Idea: a state's war aims bound what further conquest is worth to it
    (Goemans 2000, War and Punishment; Reiter 2009): with aims met, war pays less.
    """
    return logistic((aims_km2 - held_km2) / spread_km2)


def fighting_gain(horizon_weeks: float, worth: np.ndarray, advance_km2: np.ndarray,
                  cost_km2: np.ndarray | float) -> np.ndarray:
    """What fighting on for the horizon is worth to a side, in km2. # C3 C6 C14

    ``horizon * (worth * advance - cost)``: the ground it expects to take each week,
    valued by what a km2 is worth to it, minus the week's cost of war (Fearon 1995: war
    is costly, so a bargain both prefer to fighting exists).
    """
    return horizon_weeks * (worth * advance_km2 - cost_km2)


def settles(deal_km2: np.ndarray | float, fighting_km2: np.ndarray, spread_km2: float,
            extra_log_odds: np.ndarray | float = 0.0) -> np.ndarray:
    """A side's readiness (0..1) to settle: the terms' surplus over fighting on. # C1 C6 C7

    ``logistic((deal - fighting) / spread + extra)``: 1/2 when the terms are worth what
    fighting on is; the spread is each side's uncertainty about both (Fearon 1995:
    private information is why bargains fail).
    """
    return logistic((deal_km2 - fighting_km2) / spread_km2 + extra_log_odds)


def renewed_war_chance(base: float, gain_km2: np.ndarray, spread_km2: float,
                       extra_log_hazard: np.ndarray | float = 0.0) -> np.ndarray:
    """Weekly chance Russia breaks a cease-fire when renewed war would gain it
    ``gain_km2`` (net of its cost and of the guarantors' deterrence). # C3 C7 C14

    ``base * exp(gain / spread + extra)``, capped at 1: the base rate when renewed war
    is worth nothing either way, rising as the balance of the time makes it pay (Powell
    2006: a shift of power makes a deal unenforceable), falling as deterrence raises its
    cost (Fortna 2004).
    """
    return np.minimum(base * np.exp(np.minimum(gain_km2 / spread_km2 + extra_log_hazard,
                                               50.0)), 1.0)
