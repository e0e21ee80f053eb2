"""Escalation as a risk process (``model.escalation = "risk"``): a Moscow that stops
believing time is on its side may escalate rather than negotiate (C4 C10).

The essay's pathway runs from a shift on the battlefield to Russia's belief and on to
talks. The critic's runs from the same fall in belief back to the battlefield: a nuclear
power facing defeat raises the stakes (Schelling 1966), as Russia did in September 2022,
when it mobilized 300,000 men two weeks after Ukraine's Kharkiv offensive. What an
escalation adds is combat power (:func:`mobilized`), so whether it pays is settled on the
front, by the same battle model as everything else.
"""

from __future__ import annotations

import numpy as np


def escalation_chance(belief: np.ndarray, threshold: np.ndarray | float,
                      rate: np.ndarray | float) -> np.ndarray:
    """This week's chance Moscow escalates. # C4 C10

    0 while its belief that time is on its side is at or above ``threshold``; below it,
    rising linearly to ``rate`` at a belief of 0 (certain defeat). The belief reads every
    channel (the front, its economy, Western resolve, its backers), so Moscow answers a
    losing war, not any one Western measure.
    """
    shortfall = np.maximum(0.0, threshold - belief) / np.maximum(threshold, 1e-9)
    return rate * shortfall


def mobilized(power: np.ndarray, escalates: np.ndarray, mobilization: np.ndarray | float,
              start_power: np.ndarray | float) -> np.ndarray:
    """Russia's combat power after this week's escalations: ``mobilization`` times its
    power at the start added at once where it escalates; it then wears away like the
    rest. # C4 C10"""
    return power + mobilization * start_power * escalates
