"""Russia's belief that time is on its side (C1, C5, C6, C11, C13).

Idea: a bargaining model of war termination (Fearon; Reiter, "How Wars End"):
fighting reveals information, and a side negotiates seriously once the
battlefield and the economy show that waiting will not pay. Russia's belief is
a logistic reading of the evidence, updated gradually (adaptive expectations).
"""

from __future__ import annotations

import numpy as np


def western_resolve(unity: np.ndarray, us_signal: float,
                    europe_signal: np.ndarray | float) -> np.ndarray:
    """Resolve Russia reads from the West: unity times clear US and European signals. # C2 C5"""
    return unity * 0.5 * (us_signal + europe_signal)


def time_belief_target(bias: float, momentum_share: np.ndarray, capacity_lost: np.ndarray,
                       resolve: np.ndarray, axis_support: float,
                       weights: dict[str, float]) -> np.ndarray:
    """What the evidence says about 'time is on my side', in [0, 1]. # C1 C5 C6 C11 C13

    Log-odds: a bias, raised by axis support, lowered by a favourable
    battlefield trend for Ukraine (``momentum_share`` in [-1, 1]), by lost war
    capacity and by Western resolve.
    """
    log_odds = (bias + weights["axis"] * axis_support
                - weights["front"] * momentum_share
                - weights["economy"] * capacity_lost
                - weights["resolve"] * resolve)
    return 1.0 / (1.0 + np.exp(-log_odds))


def belief_step(belief: np.ndarray, target: np.ndarray, rate: float) -> np.ndarray:
    """Adaptive expectations: move a share ``rate`` of the way to the evidence. # C5 C6"""
    return belief + rate * (target - belief)
