"""Results of an ensemble (or of a chunk of its runs): tables for people and notebooks.

``Results.write(folder)`` writes the results folder (see :mod:`sim.ensemble.writer`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.ensemble.options import Format
from sim.ensemble.writer import FLOAT_FORMAT, PROJECTION_NOTE, write_results
from sim.model.mechanisms.diplomacy import CEASEFIRE, ROUTE_LABELS, SETTLEMENT_LABELS, TALKS_LABELS
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import Inert, idle_parameters, inert_parameters
from sim.scenarios.scenario import Scenario
from sim.scenarios.units import WEEKS_A_MONTH, WEEKS_A_YEAR, week_dates

__all__ = ["DECISION_WINDOW_WEEKS", "FLOAT_FORMAT", "PROJECTION_NOTE", "Results"]

#: The fixed time after the President's decision over which its effect is measured (the
#: ``*_after_decision`` columns): two years, so a late decision is judged on as long a
#: stretch of policy as an early one (C4), not on what is left of a fixed horizon.
DECISION_WINDOW_WEEKS = 104


@dataclass
class Results:
    """What one scenario's ensemble produced (arrays are weeks+1 x runs).

    ``first_run`` is the index of the first run held (a chunk of a larger ensemble
    holds runs ``first_run`` to ``first_run + reps - 1``); ``actors`` is empty when
    the per-actor table was not recorded.
    """

    scenario: Scenario
    seed: int
    keys: np.ndarray
    world: dict[str, np.ndarray]
    actors: dict[str, np.ndarray]
    outcome: np.ndarray
    settlement: np.ndarray
    route: np.ndarray
    event_weeks: dict[str, np.ndarray]
    engaged: dict[str, bool] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)
    first_run: int = 0

    @property
    def reps(self) -> int:
        return len(self.keys)

    @classmethod
    def concat(cls, parts: list[Results]) -> Results:
        """Consecutive chunks of one ensemble as one Results (in run order)."""
        first = parts[0]

        def joined(name: str) -> dict[str, np.ndarray]:
            return {key: np.concatenate([getattr(p, name)[key] for p in parts], axis=-1)
                    for key in getattr(first, name)}

        engaged = {flag: any(p.engaged.get(flag, False) for p in parts)
                   for flag in first.engaged}
        return cls(scenario=first.scenario, seed=first.seed,
                   keys=np.concatenate([p.keys for p in parts]),
                   world=joined("world"), actors=joined("actors"),
                   outcome=np.concatenate([p.outcome for p in parts]),
                   settlement=np.concatenate([p.settlement for p in parts]),
                   route=np.concatenate([p.route for p in parts]),
                   event_weeks=joined("event_weeks"), engaged=engaged,
                   command=first.command, first_run=first.first_run)

    def inert(self) -> list[Inert]:
        """Changed parameters that could not, or did not, affect these runs (and why)."""
        static = inert_parameters(self.scenario)
        return static + self.idle(static)

    def idle(self, static: list[Inert] | None = None) -> list[Inert]:
        """Changed parameters whose mechanism never acted in any of these runs."""
        static = inert_parameters(self.scenario) if static is None else static
        return idle_parameters(self.scenario, self.engaged, static)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per run: outcome, event weeks, settlement and end state."""
        n = self.reps

        def weeks(name: str) -> pd.arrays.IntegerArray:
            w = self.event_weeks[name]
            return pd.arrays.IntegerArray(np.where(w >= 0, w, 0), mask=w < 0)

        held = self.world["russia_held_km2"].astype(np.float64)
        gain = held - held[0]  # ground Russia has gained since the start, km2
        runs = np.arange(n)

        def gain_at(event: str) -> np.ndarray:
            week = self.event_weeks[event]
            return np.where(week >= 0, gain[np.maximum(week, 0), runs], np.nan)

        return pd.DataFrame({
            "scenario": pd.Categorical([self.scenario.name] * n),
            "run": np.arange(self.first_run, self.first_run + n),
            "seed": self.keys,
            "outcome": pd.Categorical.from_codes(self.outcome, categories=list(OUTCOMES)),
            "talks_week": weeks("talks"),
            "serious_talks_week": weeks("serious_talks"),
            "ceasefire_week": weeks("ceasefire"),
            "relapse_week": weeks("relapse"),
            "settlement": pd.Categorical.from_codes(self.settlement,
                                                    categories=list(SETTLEMENT_LABELS)),
            "ceasefire_route": pd.Categorical.from_codes(self.route,
                                                         categories=list(ROUTE_LABELS)),
            "russia_held_km2": held[-1],
            "russia_gain_km2": gain[-1],
            "russia_gain_km2_min": gain.min(axis=0),
            "russia_gain_km2_max": gain.max(axis=0),
            "russia_gain_km2_mean": gain.mean(axis=0),
            "russia_gain_km2_at_talks": gain_at("talks"),
            "russia_gain_km2_at_ceasefire": gain_at("ceasefire"),
            "russia_trend_at_serious_talks": self._at_event("serious_talks",
                                                            "russia_trend_km2_per_week"),
            "weeks_in_ceasefire": (self.world["talks"][1:] == CEASEFIRE).sum(axis=0),
            "final_russia_capacity": self.world["russia_capacity"][-1].astype(np.float64),
            "final_time_belief": self.world["russia_time_belief"][-1].astype(np.float64),
            "mean_time_belief": self.world["russia_time_belief"].mean(axis=0, dtype=np.float64),
            "final_unity": self.world["unity"][-1].astype(np.float64),
            **self._yearly_amounts(),
            "mean_force_balance": self._force_balance().mean(axis=0),
            "us_decision_week": weeks("us_decision"),
            **self._after_decision(gain),
            "escalation_week": weeks("escalation"),
        })

    def _at_event(self, event: str, column: str) -> np.ndarray:
        """A weekly world column at the week an event first happened in each run (empty
        where it never did)."""
        week = self.event_weeks[event]
        values = self.world[column].astype(np.float64)
        return np.where(week >= 0, values[np.maximum(week, 0), np.arange(self.reps)], np.nan)

    def _after_decision(self, gain: np.ndarray) -> dict[str, np.ndarray]:
        """Ground Russia has gained since the start and its time belief,
        :data:`DECISION_WINDOW_WEEKS` after the week the President's decision fell due
        (empty where he reached none, or the horizon ends first). # C4"""
        decided = self.event_weeks["us_decision"]
        end = decided + DECISION_WINDOW_WEEKS
        covered = (decided >= 0) & (end < len(gain))
        at = np.where(covered, end, 0)
        runs = np.arange(self.reps)
        belief = self.world["russia_time_belief"].astype(np.float64)
        return {"russia_gain_km2_after_decision": np.where(covered, gain[at, runs], np.nan),
                "time_belief_after_decision": np.where(covered, belief[at, runs], np.nan)}

    def _yearly_amounts(self) -> dict[str, np.ndarray]:
        """Aid (EUR bn a year), fossil revenue (EUR bn a month) and Russia's shell output
        (shells a month), averaged over the weeks
        after the start (each week's amount times weeks a year or a month)."""
        def mean(column: str) -> np.ndarray:
            return self.world[column][1:].astype(np.float64).mean(axis=0)
        return {
            "aid_us_eur_bn_a_year": mean("aid_us_eur_bn") * WEEKS_A_YEAR,
            "aid_europe_eur_bn_a_year": (mean("aid_eu_eur_bn")
                                         + mean("aid_coalition_eur_bn")) * WEEKS_A_YEAR,
            "aid_effective_eur_bn_a_year": mean("aid_effective_eur_bn") * WEEKS_A_YEAR,
            "russia_fossil_revenue_eur_bn_a_month": mean("russia_fossil_revenue_eur_bn")
            * WEEKS_A_MONTH,
            "russia_shells_produced_a_month": mean("russia_shells_produced") * WEEKS_A_MONTH,
        }

    def _force_balance(self) -> np.ndarray:
        """log(Ukraine's power / Russia's) each week, minus its value at the start."""
        ratio = np.log(self.world["ukraine_power"].astype(np.float64)
                       / self.world["russia_power"].astype(np.float64))
        return ratio - ratio[0]

    def long_table(self, columns: dict[str, np.ndarray],
                   runs: slice = slice(None)) -> pd.DataFrame:
        """Weeks x runs arrays as one row per run per week, for ``runs`` (of this chunk)."""
        first = next(iter(columns.values()))[:, runs]
        weeks_plus_one, n = first.shape
        run_ids = np.arange(self.first_run, self.first_run + self.reps)[runs]
        frame: dict[str, Any] = {
            "scenario": pd.Categorical([self.scenario.name] * (n * weeks_plus_one)),
            "run": np.repeat(run_ids, weeks_plus_one),
            "week": np.tile(np.arange(weeks_plus_one), n),
            "date": pd.Categorical.from_codes(np.tile(np.arange(weeks_plus_one), n),
                                              categories=week_dates(weeks_plus_one - 1,
                                                                    self.scenario.start)),
        }
        for name, values in columns.items():
            flat = values[:, runs].T.ravel()
            if name == "talks":
                frame[name] = pd.Categorical.from_codes(flat, categories=list(TALKS_LABELS))
            else:
                frame[name] = flat
        return pd.DataFrame(frame)

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """One row per run per week (week 0 is the start): the world's state."""
        return self.long_table(self.world)

    @cached_property
    def actors_table(self) -> pd.DataFrame:
        """One row per run per week: each actor's key state (``actor.variable``)."""
        if not self.actors:
            raise ValueError("the per-actor table was not recorded (run with actors=True)")
        return self.long_table(self.actors)

    def write(self, folder: str | Path, progress: Callable[[int], None] | None = None,
              actors: bool = True, fmt: Format | str = Format.CSV) -> Path:
        """Write the results folder atomically, replacing any previous one.

        ``actors=False`` leaves out the actors table; ``fmt="parquet"`` writes Parquet
        files instead of CSV; ``progress`` is told the runs written.
        """
        return write_results(folder, self.scenario, self.seed, self.reps, [self],
                             actors=actors and bool(self.actors), command=self.command,
                             fmt=Format(fmt), progress=progress).folder
