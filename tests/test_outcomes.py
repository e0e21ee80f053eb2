"""Classifying runs into outcomes."""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms import diplomacy as d
from sim.model.outcomes import OUTCOMES, classify


def test_each_outcome():
    state = np.array([d.NO_TALKS, d.TALKS, d.CEASEFIRE, d.RENEWED_WAR, d.CEASEFIRE, d.RENEWED_WAR,
                      d.SERIOUS])
    settlement = np.array([0, 0, d.GUARANTEED, d.GUARANTEED, d.CONCESSION, d.CONCESSION, 0])
    talks_week = np.array([-1, 5, 5, 5, -1, -1, 3])
    got = [OUTCOMES[i] for i in classify(state, settlement, talks_week)]
    assert got == ["stalemate", "talks_without_agreement", "ceasefire", "renewed_war",
                   "capitulation", "renewed_war", "talks_without_agreement"]
