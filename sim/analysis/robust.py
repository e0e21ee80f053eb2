"""Robust Decision Making over the plausible worlds (`sim robust`): which strategy holds up
whatever the record of 2023-24 leaves open.

Every strategy of a policies file (:mod:`sim.scenarios.policies`: the levers) runs ``reps``
runs in each of ``worlds`` plausible worlds (parameter sets of the shipped calibration, as
:func:`sim.analysis.worlds.world_values` gives them: the uncertainties). The worlds, and
run i's seed, are the same for every strategy, so two strategies differ by their levers
alone (paired: common random numbers). In each world each measure is its mean over the
world's runs. Over the worlds, the robustness metrics of the literature (McPhail et al.
2018, Robustness metrics, Earth's Future 6; Herman et al. 2015, How should robustness be
defined for water systems planning under change?, J. Water Resour. Plann. Manage. 141):

- **satisficing** (:func:`satisficing`): Starr's domain criterion (Starr 1963, Product
  Design and Decision Theory), the share of worlds where a strategy meets every threshold,
  with a Wilson 95% interval;
- **regret** (:func:`regret`): in each world, how far a strategy falls short of the best
  strategy in that world on a measure, in the measure's unit (Savage 1951, The theory of
  statistical decision, JASA 46); its maximum over the worlds is the minimax regret, and
  its 90th percentile a regret less at the mercy of one extreme world (Herman et al. 2015);
- each measure's **mean over the worlds** and its 5th-95th percentile spread
  (:func:`over_worlds`);
- **scenario discovery** (:func:`box_tasks`): for each strategy, PRIM's box (Friedman and
  Fisher 1999; Bryant and Lempert 2010, via :func:`sim.analysis.discovery.find_box`) of the
  worlds where it fails satisficing, in the worlds' calibrated parameters: the conditions,
  in terms of the uncertainties, under which the strategy fails.

The worlds share their run seeds, so they are not independent draws: the satisficing
interval is somewhat optimistic about the simulation noise between worlds, and each world's
mean carries the noise of its ``reps`` runs (common to every strategy, so regrets, which
are differences, carry less of it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from sim.analysis.discovery import Box, find_box
from sim.analysis.stats import Estimate, wilson
from sim.analysis.worlds import world_values
from sim.ensemble.batch import BATCH_RUNS, Stack, batches, reduced_stack
from sim.ensemble.cost import Work
from sim.ensemble.runner import RunSummary
from sim.ensemble.tasks import Sink, Task
from sim.model.relevance import inert_parameters
from sim.scenarios.branch import branches
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.plausible import CENTRAL, drawn_keys, model_choice, plausible_rows, shipped
from sim.scenarios.policies import CEASEFIRE_HELD_WEEKS, MEASURES, SHIPPED_WEEKS, Policies
from sim.scenarios.scenario import Scenario
from sim.scenarios.units import WEEKS_A_YEAR
from sim.scenarios.values import toml_value

#: The percentile of regret over the worlds reported beside its maximum.
REGRET_PERCENTILE = 90
#: The spread of a measure over the worlds: these percentiles.
SPREAD = (5, 95)


def _gain(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    return summary["russia_gain_km2"].to_numpy(float)


def _held(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    return summary["russia_held_km2"].to_numpy(float)


def _ceasefire(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    """A cease-fire ceding nothing that holds at the horizon and has held
    :data:`CEASEFIRE_HELD_WEEKS` weeks by then (one reached in the last weeks is not yet
    known to hold: right-censored)."""
    held = summary["weeks_in_ceasefire"].to_numpy(float) >= CEASEFIRE_HELD_WEEKS
    return ((summary["outcome"] == "ceasefire").to_numpy(bool) & held).astype(float)


def _renewed(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    return (summary["outcome"] == "renewed_war").to_numpy(float)


def _capitulation(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    return (summary["outcome"] == "capitulation").to_numpy(float)


def _aid(summary: pd.DataFrame, weeks: int) -> np.ndarray:
    a_year = summary["aid_us_eur_bn_a_year"] + summary["aid_europe_eur_bn_a_year"]
    return a_year.to_numpy(float) * (weeks / WEEKS_A_YEAR)


#: Each measure of :data:`sim.scenarios.policies.MEASURES` in each run, from its summary
#: row and the horizon (weeks).
RUN_MEASURES = {"russia_gain_km2": _gain, "russia_held_km2": _held,
                "ceasefire_holds": _ceasefire, "renewed_war": _renewed,
                "capitulation": _capitulation, "western_aid_eur_bn": _aid}
if set(RUN_MEASURES) != set(MEASURES):  # pragma: no cover - a measure declared, not computed
    raise RuntimeError(f"measures without a computation: {set(MEASURES) ^ set(RUN_MEASURES)}")


def world_means(measures: Sequence[str], worlds: int, reps: int,
                runs: Sequence[RunSummary]) -> list[np.ndarray]:
    """Each measure's mean over each world's runs (measures x worlds), per block of runs
    (a strategy's: its worlds one after the other, ``reps`` runs each). Small, so this is
    what a worker sends back."""
    found = []
    for block in runs:
        found.append(np.array([RUN_MEASURES[name](block.summary, block.weeks)
                               .reshape(worlds, reps).mean(axis=1) for name in measures]))
    return found


def picked(positions: Sequence[int], groups: Mapping[str, Sequence[np.ndarray]]) -> np.ndarray:
    """One strategy's measures (measures x worlds) from its tasks' results, a task per slice
    of the worlds in order (a sink): slice j is ``groups[str(j)][positions[j]]``."""
    return np.concatenate([groups[str(j)][position] for j, position in enumerate(positions)],
                          axis=1)


# ---- the metrics: pure functions of strategies x measures x worlds tables ----------------

def meets(table: np.ndarray, thresholds: Sequence[float],
          lower_is_better: Sequence[bool]) -> np.ndarray:
    """Whether each strategy meets each measure's threshold in each world (the shape of
    ``table``: strategies x measures x worlds): at most the threshold for a measure better
    lower, at least it for one better higher."""
    limit = np.asarray(thresholds, dtype=float)[None, :, None]
    lower = np.asarray(lower_is_better, dtype=bool)[None, :, None]
    return np.where(lower, table <= limit, table >= limit)


def satisficing(met: np.ndarray) -> list[Estimate]:
    """Starr's domain criterion, per strategy: the share of worlds where it meets every
    threshold at once (``met``: strategies x measures x worlds), with its Wilson 95%
    interval. A world where one threshold fails does not count, however well the others
    do."""
    every = met.all(axis=1)
    return [wilson(int(row.sum()), row.size) for row in every]


def regret(table: np.ndarray, lower_is_better: Sequence[bool]) -> np.ndarray:
    """Each strategy's regret on each measure in each world (strategies x measures x
    worlds): how far it is from the best strategy in that world, in the measure's unit
    (0 for the best; never negative)."""
    lower = np.asarray(lower_is_better, dtype=bool)[None, :, None]
    best = np.where(lower, table.min(axis=0, keepdims=True), table.max(axis=0, keepdims=True))
    return np.where(lower, table - best, best - table)


def over_worlds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mean over the worlds (the last axis) and its :data:`SPREAD` percentiles."""
    low, high = np.percentile(values, SPREAD, axis=-1)
    return values.mean(axis=-1), low, high


@dataclass(frozen=True)
class Score:
    """One strategy over the worlds; per measure, in the policies file's order."""

    strategy: str
    satisficing: Estimate
    meets: tuple[float, ...]  # the share of worlds meeting that threshold alone (NaN: none)
    mean: tuple[float, ...]
    low: tuple[float, ...]  # the 5th percentile over the worlds
    high: tuple[float, ...]  # the 95th
    regret_max: tuple[float, ...]  # minimax regret
    regret_p90: tuple[float, ...]


@dataclass(frozen=True)
class Robust:
    """A robust-decision study's numbers: every strategy's measures in every world
    (``table``, strategies x measures x worlds), whether they meet their thresholds, their
    regrets, and each strategy's :class:`Score`."""

    policies: Policies
    values: Mapping[str, np.ndarray]  # the worlds' parameter values, one per world
    table: np.ndarray
    met: np.ndarray
    regrets: np.ndarray
    scores: tuple[Score, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    #: Each world's row of the calibration's plausible sets (calibration/sets.csv, 0 for
    #: its first set; -1 when the scenario draws none), so a world can be traced and rerun.
    rows: np.ndarray | None = None
    #: Per strategy, PRIM's box of the worlds where it fails satisficing (None: not asked).
    boxes: tuple[Box, ...] | None = None

    @property
    def worlds(self) -> int:
        return self.table.shape[2]

    @property
    def failing(self) -> np.ndarray:
        """Whether each strategy fails satisficing in each world (strategies x worlds)."""
        return failing(self.met)

    @property
    def runs(self) -> int:
        return self.table.shape[0] * self.worlds * self.policies.reps


def failing(met: np.ndarray) -> np.ndarray:
    """Whether each strategy fails satisficing in each world (``met``: strategies x measures
    x worlds): some threshold unmet there."""
    return ~np.asarray(met, dtype=bool).all(axis=1)


def box_tasks(result: Robust) -> list[Task]:
    """A PRIM box per strategy, as a task: the cases are the worlds where it fails
    satisficing, the inputs the worlds' calibrated parameter values (one column each)."""
    x = pd.DataFrame({key: np.asarray(column, dtype=np.float64)
                      for key, column in result.values.items()})
    return [Task(find_box, (x, cases, f"{strategy.name} fails"))
            for strategy, cases in zip(result.policies.strategies, result.failing,
                                       strict=True)]


def world_rows(scenario: Scenario, sets: int, seed: int) -> np.ndarray:
    """Which row of its calibration's plausible sets each world of ``scenario`` is (as
    :func:`sim.analysis.worlds.world_values` draws them); -1 for every world when the
    scenario draws no calibrated parameter or runs the central set."""
    if (not drawn_keys(scenario.params, scenario.pinned)
            or scenario.params["world.parameter_sets"] == CENTRAL):
        return np.full(sets, -1, dtype=np.int64)
    available = len(shipped(model_choice(scenario.params)).sets)
    return plausible_rows(available, sets, seed).astype(np.int64)


def robustness(policies: Policies, values: Mapping[str, np.ndarray], table: np.ndarray,
               warnings: Sequence[str] = (), notes: Sequence[str] = (),
               seconds: float = 0.0, rows: np.ndarray | None = None) -> Robust:
    """The metrics of a table of measures (strategies x measures x worlds, in the policies
    file's orders)."""
    lower = [m.lower_is_better for m in policies.measures]
    judged = np.array([m.threshold is not None for m in policies.measures], dtype=bool)
    met = meets(table, [m.threshold if m.threshold is not None else np.nan
                        for m in policies.measures], lower)
    met[:, ~judged, :] = True  # a report-only measure is no threshold of satisficing
    regrets = regret(table, lower)
    mean, low, high = over_worlds(table)
    worst = regrets.max(axis=-1)
    p90 = np.percentile(regrets, REGRET_PERCENTILE, axis=-1)
    shares = np.where(judged[None, :], met.mean(axis=-1), np.nan)

    def row(i: int, array: np.ndarray) -> tuple[float, ...]:
        return tuple(float(v) for v in array[i])

    scores = tuple(Score(s.name, estimate, row(i, shares), row(i, mean), row(i, low),
                         row(i, high), row(i, worst), row(i, p90))
                   for i, (s, estimate) in enumerate(zip(policies.strategies, satisficing(met),
                                                         strict=True)))
    return Robust(policies, values, table, met, regrets, scores, tuple(warnings), tuple(notes),
                  seconds, rows)


# ---- the study: what to run ---------------------------------------------------------------

@dataclass(frozen=True)
class RobustStudy:
    """Every strategy in every world, as work for :mod:`sim.ensemble`: a task per group of
    strategies run together as blocks of one model (each at every world), a sink per
    strategy (in the file's order)."""

    policies: Policies
    values: Mapping[str, np.ndarray]
    sources: dict[int, Task]
    sinks: list[Sink]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rows: np.ndarray | None = None  # each world's row of the calibration's plausible sets

    @property
    def worlds(self) -> int:
        return len(next(iter(self.values.values())))

    @property
    def runs(self) -> int:
        return len(self.policies.strategies) * self.worlds * self.policies.reps

    @property
    def label(self) -> str:
        return (f"{len(self.policies.strategies)} strategies x {self.worlds} worlds x "
                f"{self.policies.reps} runs")

    @property
    def weeks(self) -> int:
        """The weeks each run simulates (the replay's too)."""
        base = self.policies.base
        return base.weeks + (BRANCH_WEEK if branches(base) else 0)

    def work(self) -> Work:
        """What the study simulates, to decide whether workers pay."""
        return Work(run_weeks=self.runs * self.weeks, batched=True)

    def result(self, found: Sequence[np.ndarray], seconds: float = 0.0) -> Robust:
        """The metrics of the sinks' results (one measures x worlds array per strategy)."""
        return robustness(self.policies, self.values, np.stack(list(found)), self.warnings,
                          self.notes, seconds, self.rows)


def robust_study(policies: Policies) -> RobustStudy:
    """The work of running every strategy of ``policies`` in its plausible worlds: the
    worlds of the study's scenario (a lever never changes what the worlds draw: levers are
    neither world, model nor calibrated parameters), the same for every strategy. The
    worlds are cut into slices of at most :data:`BATCH_RUNS` runs each, and the strategies
    of a slice grouped into tasks of at most that many runs (memory stays bounded, and
    ``--workers`` has tasks to share)."""
    scenarios = {str(i): policies.scenario_of(s) for i, s in enumerate(policies.strategies)}
    values = world_values(policies.base, policies.worlds, policies.seed)
    worlds, reps = len(next(iter(values.values()))), policies.reps
    measures = tuple(m.name for m in policies.measures)
    size = max(1, BATCH_RUNS // reps)
    sources: dict[int, Task] = {}
    place: dict[str, list[tuple[int, int]]] = {key: [] for key in scenarios}
    for start in range(0, worlds, size):
        chunk = {k: np.asarray(v)[start:start + size] for k, v in values.items()}
        count = len(next(iter(chunk.values())))
        for keys in batches(scenarios, count * reps):
            number = len(sources)
            stacks = [Stack(scenarios[key], chunk) for key in keys]
            sources[number] = Task(reduced_stack, (stacks, reps, policies.seed,
                                                   partial(world_means, measures, count, reps)))
            for position, key in enumerate(keys):
                place[key].append((number, position))
    sinks = [Sink(picked, ([p for _, p in place[key]],),
                  {str(j): n for j, (n, _) in enumerate(place[key])}) for key in scenarios]
    return RobustStudy(policies, values, sources, sinks,
                       policies.warnings + horizon_warnings(policies) + inert_levers(policies)
                       + lever_warnings(policies), study_notes(policies, values),
                       world_rows(policies.base, worlds, policies.seed))


def largest_task(study: RobustStudy) -> int:
    """The most runs one task of ``study`` simulates at once (for the memory check)."""
    return max(len(task.args[0]) * task.args[0][0].points * task.args[1]
               for task in study.sources.values())


def horizon_warnings(policies: Policies) -> tuple[str, ...]:
    """A warning when the scenario's horizon is not the one the shipped thresholds assume."""
    weeks = policies.base.weeks
    if weeks == SHIPPED_WEEKS:
        return ()
    return ((f"{policies.base.name} runs {weeks} weeks, not the {SHIPPED_WEEKS} the shipped "
             "thresholds assume (scenarios/policies/essay.toml: two years from the essay's "
             f"date): every measure is read at week {weeks}, so check that each threshold "
             "fits that horizon"),)


def lever_warnings(policies: Policies) -> tuple[str, ...]:
    """A warning per lever that changes nothing: one equal to the scenario's own value, and
    one a scenario event sets later (the lever holds only until that week)."""
    found = []
    base = policies.base
    for strategy in policies.strategies:
        for key, value in strategy.levers:
            own = base.params.get(key)
            if own is not None and _same(own, value):
                found.append(f'strategy "{strategy.name}": {key} = {toml_value(value)} is '
                             f"{base.name}'s own value: the lever changes nothing")
            for event in base.events:
                if key in event.changes:
                    found.append(f'strategy "{strategy.name}": {key} is set by '
                                 f"{base.name}'s event at week {event.week} (to "
                                 f"{toml_value(event.changes[key])}): the lever holds only "
                                 "until then")
    return tuple(found)


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        return bool(np.ndim(a) == 0 and np.isclose(float(a), float(b), rtol=1e-9, atol=0.0))
    except (TypeError, ValueError):
        return False


def inert_levers(policies: Policies) -> tuple[str, ...]:
    """A warning per lever the strategy's other settings switch off (no silent no-ops)."""
    found = []
    for strategy in policies.strategies:
        scenario = policies.scenario_of(strategy)
        for inert in inert_parameters(scenario, [key for key, _ in strategy.levers]):
            found.append(f'strategy "{strategy.name}": {inert.message()}')
    return tuple(found)


def study_notes(policies: Policies, values: Mapping[str, np.ndarray]) -> tuple[str, ...]:
    """What the reader should know before the numbers: fewer worlds than asked for, worlds
    that are all the same, strategies that run the same scenario."""
    notes = []
    worlds = len(next(iter(values.values())))
    if worlds < policies.worlds:
        notes.append(f"the calibration has {worlds} plausible parameter sets, so the study "
                     f"runs in {worlds} worlds, not {policies.worlds}")
    if all(np.all(column == column[0]) for column in values.values()):
        notes.append(f"{policies.base.name} draws no calibrated parameter (it sets them, or "
                     "world.parameter_sets is not \"plausible\"): every world is the same "
                     "world, so each share over the worlds is 0% or 100%")
    seen: dict[str, str] = {}
    for strategy in policies.strategies:
        identity = policies.scenario_of(strategy).identity
        if identity in seen:
            notes.append(f'strategies "{seen[identity]}" and "{strategy.name}" run the same '
                         "scenario (their levers come to the same parameters): their numbers "
                         "are the same in every world")
        seen.setdefault(identity, strategy.name)
    return tuple(notes)
