"""Combat power, attrition and the front (C1, C11, C13): two battle models.

Idea: Lanchester's square law (aimed fire) with reinforcement and wear. Each
side's combat power grows with its weekly inflow, wears out at a fixed rate and
is attrited in proportion to the enemy's power. With wear faster than the
geometric mean of the attrition rates (d > sqrt(a*b)) the war has a stable
balance that moves with the inflows: aid, sanctions and axis support shift the
balance, and the front moves with the shift of the force ratio from the one the
war stands at (the war as it stands is a stalemate on the current lines).
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms import bounded, in_dtype_of, is_scalar

_MIN_POWER = 1e-9


def lanchester_step(ukraine: np.ndarray, russia: np.ndarray,
                    ukraine_inflow: np.ndarray, russia_inflow: np.ndarray,
                    depreciation: float, attrition: float, exchange: float,
                    fighting: np.ndarray | bool = True) -> tuple[np.ndarray, np.ndarray]:
    """One week of reinforcement, wear and Lanchester square-law attrition.

    Ukraine loses ``attrition * russia``; Russia loses ``attrition * exchange *
    ukraine`` (the exchange ratio is the defender's advantage). Where
    ``fighting`` is false (a cease-fire), there is no attrition. # C1 C11 C13

    Returns:
        The new (ukraine, russia) combat power, never below a tiny positive floor.
    """
    return (power_step(ukraine, ukraine_inflow, russia, depreciation, attrition, fighting),
            power_step(russia, russia_inflow, ukraine, depreciation, attrition * exchange,
                       fighting))


def power_step(power: np.ndarray, inflow: np.ndarray | float, enemy: np.ndarray,
               depreciation: float, attrition: float,
               fighting: np.ndarray | bool = True) -> np.ndarray:
    """One side's week: reinforcement, wear, and losses to the enemy's power (before the
    week's fighting: both sides use the other's starting power). # C1 C11 C13"""
    losses = np.where(fighting, attrition, 0.0) * enemy
    return np.maximum(power + inflow - depreciation * power - losses, _MIN_POWER)


def balance_of_forces(ukraine_inflow: float | np.ndarray, russia_inflow: float | np.ndarray,
                      depreciation: float | np.ndarray, attrition: float | np.ndarray,
                      exchange: float | np.ndarray) -> tuple[float | np.ndarray, ...]:
    """The steady state of :func:`lanchester_step` for constant inflows.

    The war at week 0 starts here ("the war as it stands"), so only changes in
    policy move it. Where no positive stable balance exists (attrition too
    strong, or one side overwhelmed), both sides start at their no-combat level.
    """
    a, b, d = attrition, attrition * exchange, depreciation
    det = d * d - a * b
    safe = np.where(det > 0, det, 1.0)
    ukraine = (d * ukraine_inflow - a * russia_inflow) / safe
    russia = (d * russia_inflow - b * ukraine_inflow) / safe
    stable = (det > 0) & (ukraine > 0) & (russia > 0)
    ukraine = np.where(stable, ukraine, np.maximum(ukraine_inflow / d, _MIN_POWER))
    russia = np.where(stable, russia, np.maximum(russia_inflow / d, _MIN_POWER))
    if is_scalar(ukraine):
        return float(ukraine), float(russia)
    return ukraine, russia


def noisy_inflow(mean: np.ndarray | float, noise_sd: float, normal: np.ndarray) -> np.ndarray:
    """Weekly reinforcements with mean-preserving lognormal noise."""
    shock = in_dtype_of(noise_sd, normal) * normal - in_dtype_of(0.5 * noise_sd**2, normal)
    return mean * np.exp(shock)


def defence_dead_zone(shift: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """The part of a shift in the log force ratio beyond ``threshold`` either way (0
    within it). # C1 C11 C13

    Idea: a defence-dominant battlefield (Biddle 2004, the modern system of force
    employment; Mearsheimer 1989, the 3:1 rule and its critics): prepared defences,
    mines and drones hold the line against any attacker short of a large advantage, so
    changes in the balance within the threshold buy no ground, and only the advantage
    beyond it moves the front.
    """
    return np.sign(shift) * np.maximum(np.abs(shift) - threshold, 0.0)


def front_step(gain_km2: np.ndarray, ukraine: np.ndarray, russia: np.ndarray,
               speed_km2: float, sensitivity: float, noise_km2: float, normal: np.ndarray,
               fighting: np.ndarray | bool, bounds_km2: tuple[float, float],
               start_log_ratio: float = 0.0,
               dead_zone: float | np.ndarray | None = None,
               breach: float | np.ndarray = 0.0) -> np.ndarray:
    """Move the front with the shift of the force ratio; frozen during a cease-fire. # C1 C11

    ``gain_km2`` is the ground Ukraine has gained since the start (km2; negative when
    Russia has advanced). Its weekly drift is ``speed_km2 * tanh(sensitivity *
    (log(ukraine / russia) - start_log_ratio))``: zero at the balance the war started
    from (the lines hold), saturating at ``speed_km2`` a week when one side becomes
    overwhelming; ``noise_km2`` is the weekly noise's standard deviation. ``bounds_km2``
    are what the map allows: Russia cannot hold less than nothing of Ukraine, nor more
    than all of it. With a ``dead_zone`` (the defence-dominant battle model), only the
    shift beyond it moves the front (:func:`defence_dead_zone`); a ``breach`` (defences
    ceded by treaty) speeds Russia's advances (:func:`breached`).
    """
    drift = front_drift(ukraine, russia, speed_km2, sensitivity, start_log_ratio, dead_zone)
    if np.any(breach):
        drift = breached(drift, breach)
    moved = gain_km2 + drift + in_dtype_of(noise_km2, normal) * normal
    return bounded(np.where(fighting, moved, gain_km2), *bounds_km2)


def front_drift(ukraine: np.ndarray, russia: np.ndarray, speed_km2: float, sensitivity: float,
                start_log_ratio: float = 0.0,
                dead_zone: float | np.ndarray | None = None) -> np.ndarray:
    """The front's expected weekly move at this balance of forces (km2, Ukraine +):
    ``speed_km2 * tanh(sensitivity * shift)``, the shift of ``log(ukraine / russia)`` from
    the war's starting ratio (beyond the dead zone, if any). # C1 C11 C14"""
    shift = np.log(ukraine / russia) - start_log_ratio
    if dead_zone is not None:
        shift = defence_dead_zone(shift, dead_zone)
    return speed_km2 * np.tanh(sensitivity * shift)


def breached(drift: np.ndarray, breach: float | np.ndarray) -> np.ndarray:
    """The front's drift where the fortified belt was ceded: Russia's advances (drift
    below 0) are ``1 + breach`` times as fast, Ukraine's unchanged. # C14

    Idea: prepared defences hold an attacker back (the Sloviansk-Kramatorsk belt, ten
    years in the building); an attacker who is handed them advances faster the next time.
    """
    return np.where(drift < 0, drift * (1.0 + breach), drift)


def momentum_step(momentum: np.ndarray, front_change: np.ndarray, window_weeks: int) -> np.ndarray:
    """Exponential average of the front's weekly change (km2 a week, Ukraine +): the trend
    Russia reads. # C5 C6"""
    weight = 1.0 / window_weeks
    return (1.0 - weight) * momentum + weight * front_change


def absorbed_aid(aid_flow: np.ndarray | float, saturation: float) -> np.ndarray | float:
    """Aid Ukraine can turn into combat power: ``(1 - exp(-k a)) / k``, ``k = 5 * saturation``.

    Linear at ``saturation = 0``; with limited absorption (crews, training,
    maintenance) returns diminish, so US and European aid together add less
    than each alone would suggest (the critic's counter to C1). # C1 C11
    """
    k = 5.0 * saturation
    if is_scalar(k):
        return aid_flow if k == 0.0 else -np.expm1(-k * aid_flow) / k
    return np.where(k == 0.0, aid_flow, -np.expm1(-k * aid_flow) / np.where(k == 0.0, 1.0, k))
