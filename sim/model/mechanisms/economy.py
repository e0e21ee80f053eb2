"""Sanctions, evasion and Russia's war economy (C2, C11, C13).

Idea: sanctions as a slowly building pressure on a war economy that recovers
toward full capacity; third countries (China, Turkey) offset part of the
pressure; Western unity scales how much of the announced pressure is enforced.
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms import bounded, is_scalar


def unity_multiplier(unity: np.ndarray | float, floor: float) -> np.ndarray | float:
    """Share of sanctions' and aid's effect that acts at a given unity. # C2

    Unity multiplies what sanctions and aid do; it adds nothing by itself:
    with no sanctions and no aid, unity changes nothing.
    """
    return floor + (1.0 - floor) * unity


def combined_sanctions(levels: dict[str, np.ndarray | float],
                       weights: dict[str, float]) -> np.ndarray | float:
    """Weighted sum of each sanctioning actor's intensity in force. # C8 C11"""
    return sum(weights[actor] * levels[actor] for actor in weights)


def sanctions_target(combined: np.ndarray | float, unity_share: np.ndarray | float,
                     china_offset: float, turkey_leakage: float) -> np.ndarray | float:
    """Pressure the sanctions in force would reach once they bite. # C11 C13

    Unity scales enforcement; China's support offsets and Turkey's balancing
    leaks a share of what is left.
    """
    return combined * unity_share * (1.0 - china_offset) * (1.0 - turkey_leakage)


def pressure_step(pressure: np.ndarray, target: np.ndarray | float,
                  lag_weeks: float) -> np.ndarray:
    """Sanctions pressure follows its target with a first-order lag. # C4 C11"""
    return pressure + (target - pressure) / lag_weeks


def capacity_step(capacity: np.ndarray, pressure: np.ndarray, bite: float,
                  recovery: float) -> np.ndarray:
    """Russia's war-economy capacity: eroded by pressure, recovering toward 1. # C11 C13"""
    new = capacity - bite * pressure * capacity + recovery * (1.0 - capacity)
    return bounded(new, 0.0, 1.0)


def steady_capacity(pressure: float | np.ndarray, bite: float | np.ndarray,
                    recovery: float | np.ndarray) -> float | np.ndarray:
    """The capacity at which erosion and recovery balance (Russia at week 0)."""
    total = recovery + bite * pressure
    if is_scalar(total):
        return 1.0 if total == 0 else recovery / total
    return np.where(total == 0, 1.0, recovery / np.where(total == 0, 1.0, total))


def fossil_revenue(unsanctioned: np.ndarray | float, take: np.ndarray | float,
                   pressure: np.ndarray) -> np.ndarray:
    """Russia's fossil-fuel export revenue under sanctions pressure (the unit of
    ``unsanctioned``). # C11

    Idea: price caps, embargoes, buyers' discounts and the shadow fleet's costs take a
    share of what Russia would earn unsanctioned, in proportion to the pressure in
    force (CREA's monthly tracker measures the result). A measure of the record: the
    war economy's capacity answers the same pressure (:func:`capacity_step`).
    """
    return unsanctioned * (1.0 - take * pressure)


def industry_step(industry: np.ndarray, growth_per_year: float | np.ndarray,
                  ceiling: float | np.ndarray, weeks_a_year: float) -> np.ndarray:
    """Russia's war industry a week on: logistic growth toward its ceiling. # C11 C13

    Idea: a war economy expands output (new shifts, lines and plants, refurbished stock)
    at a rate that slows as it nears what its machine tools, labour and inputs allow
    (RUSI, Watling & Reynolds 2024, on Russia's shell output growing in 2023-24 and the
    limits ahead; the growth rate and the ceiling are free parameters, calibrated on the
    record's shell estimates). ``industry`` is output in units of January 2023's; at
    growth 0 it never moves, and it never passes the ceiling from below.
    """
    rate = growth_per_year / weeks_a_year
    return industry + rate * industry * (1.0 - industry / ceiling)


def shells_produced(shells_a_week: float | np.ndarray, industry: np.ndarray,
                    capacity: np.ndarray) -> np.ndarray:
    """Artillery shells Russia's industry makes in a week: its output at January 2023's
    industry and full capacity, scaled by both (the unit of the record's shell estimates).
    A measure of the same production that feeds Russia's combat power. # C11 C13"""
    return shells_a_week * industry * capacity
