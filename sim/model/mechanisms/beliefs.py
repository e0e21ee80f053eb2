"""Russia's belief that time is on its side (C1, C2, C4, C5, C6, C10, C11, C13).

Idea: a bargaining model of war termination (Fearon 1995; Slantchev 2003, "The
principle of convergence in wartime negotiations"): fighting reveals
information, and a side negotiates seriously once the battlefield, its economy
and its opponents' resolve show that waiting will not pay. Russia's belief is a
logistic reading of that evidence, updated gradually (adaptive expectations);
an update rate of 0 is the critic's view that beliefs barely converge
(Langlois & Langlois 2012).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.model.mechanisms.politics import mean_of


def western_resolve(unity: np.ndarray, us_signal: np.ndarray | float,
                    europe_signal: np.ndarray | float) -> np.ndarray:
    """Resolve Russia reads from the West: unity times clear US and European signals. # C2 C5"""
    return unity * mean_of((us_signal, europe_signal))


def time_belief_target(bias: float, evidence: Mapping[str, np.ndarray | float],
                       weights: Mapping[str, float]) -> np.ndarray:
    """What the evidence says about 'time is on my side', in (0, 1). # C1 C5 C6 C11 C13

    Log-odds: ``bias + sum(weights[k] * evidence[k])``. Evidence is signed so
    that a positive value raises the belief: axis support, US escalation read
    as a threat, sanctions that rally; a favourable trend for Ukraine, lost
    war capacity, Western resolve and unity enter negated.
    """
    log_odds = bias + sum(weights[name] * value for name, value in evidence.items())
    return 1.0 / (1.0 + np.exp(-log_odds))


def belief_step(belief: np.ndarray, target: np.ndarray, rate: float) -> np.ndarray:
    """Adaptive expectations: move a share ``rate`` of the way to the evidence. # C5 C6"""
    return belief + rate * (target - belief)
