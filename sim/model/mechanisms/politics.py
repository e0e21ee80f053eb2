"""Western and third-party politics: decisions that respond to the war (C2, C4, C8-C13).

Ideas: veto players (Tsebelis 2002): a unanimity rule lets any member delay or
dilute a decision, and holdouts weigh the cost of isolation; coalitions of the
willing act outside it. Alliance cohesion as a state that actors' conduct pushes
up or down and that drifts back to its political anchor. Threat balancing (Walt
1987): Russian advances stiffen the West. Audience costs (Fearon 1994): a leader's
stance moves with the cost of inaction. Conditional sanctions busting (Early
2015): third parties trade with the target while the secondary costs stay low.

Every responsive rule is written so that at the starting state (no ground lost,
unity at its start, US sanctions at the status quo) it returns the declared
parameter: the war as it stands is at rest, and a responsiveness of 0 turns the
response off.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.model.mechanisms import bounded, in_dtype_of, is_scalar


def mean_of(values: Sequence[np.ndarray | float]) -> np.ndarray | float:
    """The mean of a few values (arrays over runs, or numbers): a package of sanctions and
    military aid as one level, the coalition's members as one, China and North Korea as
    Russia's backing."""
    return sum(values) / len(values)


def vetoes(uniform: np.ndarray, odds: np.ndarray | float) -> np.ndarray:
    """Whether a member state blocks this EU package, per run. # C8"""
    return uniform < odds


def veto_odds(resistance: float, unity: np.ndarray, start_unity: float,
              response: float) -> np.ndarray:
    """Chance a holdout blocks a package: lower as unity isolates it. # C8

    ``logit(odds) = logit(resistance) - response * (unity - start_unity)``; a
    resistance of 0 or 1 is a fixed decision whatever unity does.
    """
    if is_scalar(resistance) and (resistance <= 0.0 or resistance >= 1.0):
        return np.full(np.shape(unity), float(resistance))
    inner = np.clip(resistance, 1e-12, 1.0 - 1e-12)  # per-run values may be 0 or 1 too
    log_odds = np.log(inner / (1.0 - inner)) - response * (unity - start_unity)
    odds = 1.0 / (1.0 + np.exp(-log_odds))
    return np.where((resistance <= 0.0) | (resistance >= 1.0), resistance, odds)


def ground_lost(shift: np.ndarray) -> np.ndarray:
    """Ground Russia has taken since the start, the West's threat, from the ground
    Ukraine has gained (``shift``, in units of ``world.ground_scale_km2``). # C4"""
    return np.maximum(0.0, -shift)


def commit_chance(responsiveness: float, lost: np.ndarray) -> np.ndarray:
    """Weekly chance a President who has not committed commits after all. # C4 C10 C12

    Audience costs: ``responsiveness`` per tenth of a unit of ground Russia has
    taken (units of ``world.ground_scale_km2``), capped at 1. Zero while the lines hold.
    """
    return np.minimum(1.0, responsiveness * lost / 0.1)


def congress_pass_chance(lag_weeks: float, responsiveness: float, unity: np.ndarray,
                         start_unity: float, lost: np.ndarray) -> np.ndarray:
    """Weekly chance Congress passes its measures after a refusal. # C12

    ``1/lag`` (a mean lag of ``lag_weeks``), faster when unity stands above its
    start or Russia advances, slower when unity falls.
    """
    push = responsiveness * ((unity - start_unity) + lost)
    with np.errstate(divide="ignore"):
        chance = np.exp(push) / np.asarray(lag_weeks, dtype=float)
    return np.where(np.asarray(lag_weeks) <= 0, 1.0, np.minimum(1.0, chance))


def eu_resolve(resolve: float, threat_response: float, lost: np.ndarray,
               follows_us_lead: float, us_committed: np.ndarray) -> np.ndarray:
    """EU resolve this week: its declared resolve, stiffened by threat and a US lead. # C1 C2"""
    return bounded(resolve + threat_response * lost + follows_us_lead * us_committed, 0.0, 1.0)


def china_support(support: float, sensitivity: float,
                  us_sanctions_rise: np.ndarray) -> np.ndarray:
    """Chinese support after the cost of US secondary sanctions. # C11 C13

    ``support * exp(-sensitivity * rise)`` where ``rise`` is US sanctions in force
    above the status quo (only the US enforces secondary sanctions).
    """
    return support * np.exp(-sensitivity * np.maximum(0.0, us_sanctions_rise))


def china_wanted_support(disposition: float | np.ndarray, survival_stake: float | np.ndarray,
                         russia_losing: np.ndarray) -> np.ndarray:
    """The support Beijing wants to give when it weighs Russia's survival (before the cost
    of secondary sanctions): its disposition, plus ``survival_stake`` times how far the
    balance of forces has moved against Russia, up to full support. # C11 C13

    Wang Yi, July 2025: China cannot accept a Russian defeat.
    """
    return np.minimum(1.0, disposition + survival_stake * russia_losing)


def turkey_balancing(balancing: float, bandwagoning: float, shift: np.ndarray) -> np.ndarray:
    """Turkey leans toward whoever is gaining: less balancing as Ukraine gains (``shift``:
    ground Ukraine gained since the start, in units of ``world.ground_scale_km2``). # C8"""
    return bounded(balancing - bandwagoning * shift, 0.0, 1.0)


def nk_supply(power: float, capacity: np.ndarray, start_capacity: float,
              sensitivity: float) -> np.ndarray:
    """North Korean combat power supplied, following Russia's ability to pay. # C13"""
    return power * (np.maximum(capacity, 1e-9) / np.maximum(start_capacity, 1e-9)) ** sensitivity


def package_share(holdouts: np.ndarray, dilution: float) -> np.ndarray:
    """Share of a package that survives its holdouts: (1 - dilution)^holdouts. # C8"""
    return (1.0 - dilution) ** holdouts


def coalition_effect(endorsed: bool | np.ndarray,
                     unendorsed_effect: float | np.ndarray) -> float | np.ndarray:
    """Share of the coalition's aid that turns into consequence. # C9

    Without US endorsement the coalition is 'more statement than strategy':
    only ``unendorsed_effect`` of its aid counts.
    """
    return np.where(endorsed, 1.0, unendorsed_effect) if not is_scalar(endorsed) else (
        1.0 if endorsed else unendorsed_effect)


def coalition_effort(aid: float | np.ndarray, endorsed: bool | np.ndarray,
                     crowding_out: float | np.ndarray) -> float | np.ndarray:
    """Aid a coalition member sends: less once the US endorses, if allies free-ride. # C9"""
    if is_scalar(endorsed):
        return aid * (1.0 - crowding_out) if endorsed else aid
    return aid * (1.0 - crowding_out * np.asarray(endorsed, dtype=float))


def nato_coordination(coordination: float, balancing: np.ndarray | float,
                      block: float) -> np.ndarray | float:
    """NATO-level coordination that survives Turkey's balancing (consensus). # C8"""
    return coordination * (1.0 - balancing * block)


def combined_aid(us_aid: np.ndarray | float, european_aid: np.ndarray | float,
                 us_weight: float, european_weight: float,
                 complementarity: float) -> np.ndarray | float:
    """Effective Western aid from US and European aid levels (each 0..1). # C1

    A blend of the weighted sum (substitutes) and a Cobb-Douglas combination
    with the same weights (complements: neither works fully without the
    other); ``complementarity`` is the blend's weight on the latter. Both
    agree when US and European aid are equal.
    """
    total = us_weight + european_weight
    if is_scalar(total) and total == 0:
        return 0.0 * us_aid
    additive = us_weight * us_aid + european_weight * european_aid
    if is_scalar(complementarity) and complementarity == 0:
        return additive
    if is_scalar(total):
        share = us_weight / total
    else:
        share = np.where(total > 0, us_weight / np.where(total > 0, total, 1.0), 0.5)
    cobb_douglas = total * us_aid**share * european_aid ** (1.0 - share)
    return (1.0 - complementarity) * additive + complementarity * cobb_douglas


def unity_step(unity: np.ndarray, anchor: float, reversion: float,
               push: np.ndarray | float, noise_sd: float, normal: np.ndarray) -> np.ndarray:
    """Unity drifts back to its anchor while actors' conduct pushes it. # C2 C4 C8 C9"""
    new = unity + reversion * (anchor - unity) + push + in_dtype_of(noise_sd, normal) * normal
    return bounded(new, 0.0, 1.0)
