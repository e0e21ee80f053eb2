"""Classifying each run's end state into the outcome the summary reports."""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms import diplomacy

OUTCOMES: tuple[str, ...] = (
    "stalemate", "talks_without_agreement", "ceasefire", "renewed_war", "capitulation",
)
#: How outcomes read in tables and figures.
OUTCOME_LABELS: dict[str, str] = {
    "stalemate": "stalemate", "talks_without_agreement": "talks without agreement",
    "ceasefire": "cease-fire", "renewed_war": "renewed war", "capitulation": "capitulation",
}
OUTCOME_MEANINGS: dict[str, str] = {
    "stalemate": "the war goes on; no talks were held",
    "talks_without_agreement": "talks were held but no cease-fire (the essay's 'choreography')",
    "ceasefire": "a cease-fire was reached and holds at the end",
    "renewed_war": "a cease-fire was reached, then Russia broke it",
    "capitulation": "a cease-fire that cedes territory holds at the end",
}


def classify(talks_state: np.ndarray, settlement: np.ndarray,
             talks_week: np.ndarray) -> np.ndarray:
    """Outcome index (into :data:`OUTCOMES`) per run.

    A broken cease-fire is ``renewed_war`` whatever it settled; a holding one is
    ``capitulation`` if it ceded territory, else ``ceasefire``; a run still at
    war is ``talks_without_agreement`` if it ever held talks, else ``stalemate``.
    """
    outcome = np.where(talks_week >= 0, 1, 0)
    holding = talks_state == diplomacy.CEASEFIRE
    outcome = np.where(holding, 2, outcome)
    outcome = np.where(holding & (settlement == diplomacy.CONCESSION), 4, outcome)
    outcome = np.where(talks_state == diplomacy.RENEWED_WAR, 3, outcome)
    return outcome.astype(np.int8)
