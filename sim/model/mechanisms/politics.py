"""Western politics: veto players, the coalition, NATO and unity (C2, C4, C8, C9).

Ideas: veto players (Tsebelis): a unanimity rule lets any member delay or
dilute a decision; coalitions of the willing act outside it. Alliance
cohesion as a state that actors' conduct pushes up or down and that drifts
back to its political anchor.
"""

from __future__ import annotations

import numpy as np


def vetoes(uniform: np.ndarray, resistance: float) -> np.ndarray:
    """Whether a member state blocks this EU package, per run. # C8"""
    return uniform < resistance


def package_share(holdouts: np.ndarray, dilution: float) -> np.ndarray:
    """Share of a package that survives its holdouts: (1 - dilution)^holdouts. # C8"""
    return (1.0 - dilution) ** holdouts


def coalition_effect(endorsed: bool, unendorsed_effect: float) -> float:
    """Share of the coalition's aid that turns into consequence. # C9

    Without US endorsement the coalition is 'more statement than strategy':
    only ``unendorsed_effect`` of its aid counts.
    """
    return 1.0 if endorsed else unendorsed_effect


def nato_coordination(coordination: float, balancing: float, block: float) -> float:
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
    if total == 0:
        return 0.0 * us_aid
    additive = us_weight * us_aid + european_weight * european_aid
    share = us_weight / total
    cobb_douglas = total * us_aid**share * european_aid ** (1.0 - share)
    return (1.0 - complementarity) * additive + complementarity * cobb_douglas


def unity_step(unity: np.ndarray, anchor: float, reversion: float,
               push: np.ndarray | float, noise_sd: float, normal: np.ndarray) -> np.ndarray:
    """Unity drifts back to its anchor while actors' conduct pushes it. # C2 C4 C8 C9"""
    new = unity + reversion * (anchor - unity) + push + noise_sd * normal
    return np.clip(new, 0.0, 1.0)
