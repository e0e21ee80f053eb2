"""Run-level measures that claims compare, and filters that pick subgroups of runs.

Every measure is a ratio of sums over runs, ``sum(numerator) / sum(denominator)``:
a share has denominator 1 per run, a mean likewise, and a rate has the run's
exposure as its denominator. That one form lets a single bootstrap give the
interval of any measure, of a difference, or of an interaction.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.ensemble.results import DECISION_WINDOW_WEEKS
from sim.errors import SimError
from sim.scenarios.values import did_you_mean

Parts = tuple[np.ndarray, np.ndarray]  # numerators, denominators (one per run)


@dataclass(frozen=True)
class Measure:
    """A number computed from one scenario's runs (its summary)."""

    name: str
    meaning: str
    unit: str
    parts: Callable[[pd.DataFrame, int], Parts]  # (summary, horizon in weeks) -> parts


def _share(test: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame, int], Parts]:
    def parts(s: pd.DataFrame, weeks: int) -> Parts:
        return test(s).to_numpy(dtype=float), np.ones(len(s))
    return parts


def _mean(column: str) -> Callable[[pd.DataFrame, int], Parts]:
    def parts(s: pd.DataFrame, weeks: int) -> Parts:
        return s[column].to_numpy(dtype=float), np.ones(len(s))
    return parts


def _weeks_to(column: str) -> Callable[[pd.DataFrame, int], Parts]:
    # Restricted mean: a run in which the event never happened counts as the whole
    # horizon, so scenarios where it is common and where it is rare compare fairly.
    def parts(s: pd.DataFrame, weeks: int) -> Parts:
        reached = s[column].to_numpy(dtype=float, na_value=np.nan)
        return np.where(np.isnan(reached), weeks, reached), np.ones(len(s))
    return parts


def _relapse_rate(s: pd.DataFrame, weeks: int) -> Parts:
    # Relapses per year of cease-fire: exposure-corrected, so a cease-fire signed
    # late (with little time left to break) does not look more durable.
    relapsed = s["relapse_week"].notna().to_numpy(dtype=float)
    return 52.0 * relapsed, s["weeks_in_ceasefire"].to_numpy(dtype=float)


def _window_fits(s: pd.DataFrame, weeks: int) -> np.ndarray:
    """Which runs reached the President's decision with the whole window after it inside
    the horizon; the others do not count (a claim that needs the window is refused when it
    loads if its arms' horizons are too short: sim.analysis.claims)."""
    decided = s["us_decision_week"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return decided + DECISION_WINDOW_WEEKS <= weeks


def _after_decision(column: str) -> Callable[[pd.DataFrame, int], Parts]:
    def parts(s: pd.DataFrame, weeks: int) -> Parts:
        fits = _window_fits(s, weeks)
        values = s[column].to_numpy(dtype=float, na_value=np.nan)
        return np.where(fits, values, 0.0), fits.astype(float)
    return parts


def _agreement_after_decision(s: pd.DataFrame, weeks: int) -> Parts:
    fits = _window_fits(s, weeks)
    by = (s["us_decision_week"].to_numpy(dtype=float, na_value=np.nan)
          + DECISION_WINDOW_WEEKS)
    signed = s["ceasefire_week"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        in_time = _is_agreement(s).to_numpy(dtype=bool) & (signed <= by)
    return np.where(fits, in_time, 0.0), fits.astype(float)


#: Measures over the window after the President's decision (the arm's horizon must hold it).
AFTER_DECISION = ("agreement_after_decision", "russia_gain_km2_after_decision",
                  "time_belief_after_decision")


def _is_agreement(s: pd.DataFrame) -> pd.Series:
    """A negotiated agreement: agreed in serious talks, ceding no territory."""
    return (s["ceasefire_route"] == "negotiated") & (s["settlement"] != "territorial_concession")


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("serious_talks", "share of runs in which serious talks began", "share",
            _share(lambda s: s["serious_talks_week"].notna())),
    Measure("ceasefire_reached", "share of runs that reached a cease-fire of any kind, "
            "including one forced on Ukraine that cedes territory", "share",
            _share(lambda s: s["ceasefire_week"].notna())),
    Measure("agreement", "share of runs that reached a negotiated agreement: a cease-fire "
            "agreed in serious talks that does not cede territory (the agreement share)",
            "share", _share(_is_agreement)),
    Measure("agreement_after_decision", "share of runs that reached a negotiated agreement "
            f"by {DECISION_WINDOW_WEEKS} weeks after the President's decision fell due "
            "(runs where he reached none, or whose horizon ends sooner, do not count)", "share", _agreement_after_decision),
    Measure("lasting_agreement", "share of runs whose negotiated agreement (agreed in "
            "serious talks, ceding no territory) still holds at the horizon", "share",
            _share(lambda s: _is_agreement(s) & (s["outcome"] == "ceasefire"))),
    Measure("hollow_deal", "share of runs whose cease-fire was a hollow deal, signed in talks "
            "without serious intent", "share",
            _share(lambda s: s["ceasefire_route"] == "hollow")),
    Measure("ceasefire_holds", "share of runs with a cease-fire holding at the horizon "
            "(outcomes ceasefire or capitulation)", "share",
            _share(lambda s: s["outcome"].isin(["ceasefire", "capitulation"]))),
    Measure("no_agreement", "share of runs ending in stalemate or talks without agreement",
            "share", _share(lambda s: s["outcome"].isin(["stalemate",
                                                        "talks_without_agreement"]))),
    Measure("renewed_war", "share of runs in which a cease-fire was broken", "share",
            _share(lambda s: s["relapse_week"].notna())),
    Measure("russia_gain_km2_mean", "ground Russia has gained since the start, averaged over "
            "the weeks of each run, then over runs (below 0: Ukraine has gained)", "km2",
            _mean("russia_gain_km2_mean")),
    Measure("russia_gain_km2", "ground Russia has gained since the start, at the horizon "
            "(frozen by a cease-fire)", "km2", _mean("russia_gain_km2")),
    Measure("russia_gain_km2_min", "the least ground Russia held beyond its start in each "
            "run (Ukraine's best moment)", "km2", _mean("russia_gain_km2_min")),
    Measure("russia_gain_km2_after_decision", "ground Russia has gained since the start, "
            f"{DECISION_WINDOW_WEEKS} weeks after the President's decision fell due", "km2",
            _after_decision("russia_gain_km2_after_decision")),
    Measure("final_russia_capacity", "Russia's war-economy capacity at the horizon",
            "share of pre-war", _mean("final_russia_capacity")),
    Measure("mean_time_belief", "Russia's belief that time is on its side, averaged over "
            "the weeks", "belief 0..1", _mean("mean_time_belief")),
    Measure("time_belief_after_decision", "Russia's belief that time is on its side, "
            f"{DECISION_WINDOW_WEEKS} weeks after the President's decision fell due",
            "belief 0..1", _after_decision("time_belief_after_decision")),
    Measure("final_time_belief", "Russia's belief that time is on its side at the horizon",
            "belief 0..1", _mean("final_time_belief")),
    Measure("aid_effective_eur_bn_a_year", "military aid delivered to Ukraine as it counts on "
            "the battlefield (after the delivery lag, unity, complementarity and NATO's "
            "boost), averaged over the weeks", "EUR bn a year",
            _mean("aid_effective_eur_bn_a_year")),
    Measure("aid_us_eur_bn_a_year", "military aid the US allocates, averaged over the weeks",
            "EUR bn a year", _mean("aid_us_eur_bn_a_year")),
    Measure("aid_europe_eur_bn_a_year", "military aid the EU, France and the UK allocate, "
            "averaged over the weeks", "EUR bn a year", _mean("aid_europe_eur_bn_a_year")),
    Measure("russia_fossil_revenue_eur_bn_a_month", "Russia's fossil-fuel export revenue, "
            "averaged over the weeks", "EUR bn a month",
            _mean("russia_fossil_revenue_eur_bn_a_month")),
    Measure("russia_shells_produced_a_month", "artillery shells Russia's industry makes, "
            "averaged over the weeks", "shells a month",
            _mean("russia_shells_produced_a_month")),
    Measure("final_unity", "Western unity at the horizon", "unity 0..1", _mean("final_unity")),
    Measure("mean_force_balance", "Ukraine's battlefield position: the log ratio of its "
            "combat power to Russia's, minus its start, averaged over the weeks (a "
            "cease-fire does not freeze it)", "log ratio", _mean("mean_force_balance")),
    Measure("weeks_to_ceasefire", "mean weeks until a cease-fire, counting runs without one "
            "as the horizon (restricted mean)", "weeks", _weeks_to("ceasefire_week")),
    Measure("weeks_to_serious_talks", "mean weeks until serious talks, counting runs without "
            "them as the horizon (restricted mean)", "weeks", _weeks_to("serious_talks_week")),
    Measure("relapse_rate", "cease-fires broken per year of cease-fire", "per year",
            _relapse_rate),
)}

_OPERATORS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
              "<": operator.lt, ">": operator.gt}
_CONDITION = re.compile(r"^\s*([a-z_]+)\s*(<=|>=|==|!=|<|>)\s*(\"[^\"]*\"|'[^']*'|[-+0-9.eE]+)\s*$")


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    value: float | str


def parse_where(text: str, columns: tuple[str, ...]) -> tuple[Condition, ...]:
    """Parse ``column op value [and column op value ...]``; raise SimError (no source).

    Values are numbers or quoted strings; a run whose value is empty (the event
    never happened) fails every comparison.
    """
    conditions = []
    for part in re.split(r"\s+and\s+", text.strip()):
        match = _CONDITION.match(part)
        if not match:
            raise SimError(f'cannot read condition "{part}"; write e.g. '
                           '"russia_gain_km2_at_ceasefire > 1000" or '
                           '"settlement == \\"guaranteed\\"", '
                           'joined with "and"')
        column, op, raw = match.groups()
        if column not in columns:
            raise SimError(f'unknown column "{column}"{did_you_mean(column, columns)}; '
                           f"allowed: {', '.join(columns)}")
        value: float | str
        if raw[0] in "\"'":
            value = raw[1:-1]
        else:
            try:
                value = float(raw)
            except ValueError:
                raise SimError(f'"{raw}" is not a number (quote strings)') from None
        conditions.append(Condition(column, op, value))
    return tuple(conditions)


def select(summary: pd.DataFrame, conditions: tuple[Condition, ...]) -> np.ndarray:
    """Which runs meet every condition (empty values never do)."""
    keep = np.ones(len(summary), dtype=bool)
    for c in conditions:
        column = summary[c.column]
        if isinstance(c.value, str):
            values = column.astype(str).to_numpy()
            keep &= _OPERATORS[c.op](values, c.value) & column.notna().to_numpy()
        else:
            values = column.to_numpy(dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                keep &= _OPERATORS[c.op](values, c.value) & ~np.isnan(values)
    return keep


def measure_parts(measure: Measure, summary: pd.DataFrame, weeks: int,
                  conditions: tuple[Condition, ...] = ()) -> Parts:
    """Numerators and denominators per run, zeroed outside the selected runs."""
    numerators, denominators = measure.parts(summary, weeks)
    if conditions:
        keep = select(summary, conditions)
        numerators = np.where(keep, numerators, 0.0)
        denominators = np.where(keep, denominators, 0.0)
    return numerators, denominators
