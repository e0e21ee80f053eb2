"""Robust Decision Making over the plausible worlds (`sim robust`): which strategy holds up
whatever the record of 2023-24 leaves open.

Every strategy of a policies file (:mod:`sim.scenarios.policies`: the levers) runs ``reps``
runs in each **future**: a world (the essay's own, or a critic's: the scenario under one of
the critics' assumption sets whose replay fits the record, :mod:`sim.analysis.world_fit`)
crossed with one of ``worlds`` plausible parameter sets of that world's calibration (as
:func:`sim.analysis.worlds.world_values` gives them: the uncertainties). The futures, and
run i's seed, are the same for every strategy, so two strategies differ by their levers
alone (paired: common random numbers). In each future each measure is its mean over the
future's runs (the files call a future a world: worlds.csv has one row per strategy and
future, naming its critic and its calibration set). Over the futures, pooled and per
critic's world, the robustness metrics of the literature (McPhail et al.
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

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
import pandas as pd

from sim.analysis.discovery import Box, find_box
from sim.analysis.stats import Estimate, wilson
from sim.analysis.world_fit import WorldFit
from sim.analysis.worlds import world_values
from sim.ensemble.batch import BATCH_RUNS, Stack, batches, reduced_stack
from sim.ensemble.cost import Work
from sim.ensemble.runner import RunSummary
from sim.ensemble.tasks import PieceWork, Task
from sim.model import MODEL_VERSION
from sim.model.relevance import inert_parameters
from sim.scenarios.branch import branches, not_replayed
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.plausible import (
    CENTRAL,
    departures,
    drawn_keys,
    folder_of,
    model_choice,
    plausible_rows,
    shipped,
)
from sim.scenarios.policies import (
    CEASEFIRE_HELD_WEEKS,
    ESSAY_WORLD,
    MEASURES,
    SHIPPED_WEEKS,
    Critic,
    Policies,
)
from sim.scenarios.scenario import Scenario
from sim.scenarios.units import WEEKS_A_YEAR
from sim.scenarios.values import toml_value

#: The percentile of regret over the worlds reported beside its maximum.
REGRET_PERCENTILE = 90
#: The spread of a measure over the worlds: these percentiles.
SPREAD = (5, 95)
#: PRIM's input column naming each future's world, when critics' worlds are crossed.
CRITIC_COLUMN = "critic"


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


def clustered_satisficing(met: np.ndarray, clusters: np.ndarray) -> list[Estimate]:
    """Satisficing over futures that share parameter sets (the critics' worlds on one
    calibration cross the same sets): the share of futures meeting every threshold, with
    the Wilson interval counted over the distinct sets, not the futures. Futures on one set
    are not independent draws; counting each set once is Kish's design effect at its bound
    (Kish 1965, Survey Sampling, sec. 5.4): conservative, and sound at 0% and 100%."""
    every = met.all(axis=1)
    distinct = len(np.unique(clusters))
    return [wilson(float(row.mean()) * distinct, distinct) for row in every]


def future_clusters(rows: np.ndarray | None, world_of: np.ndarray | None,
                    crossed: Sequence[World]) -> np.ndarray | None:
    """Each future's parameter set as one label (its calibration and row), or None when
    the futures do not say."""
    if rows is None or world_of is None or not crossed:
        return None
    names = {world.calibration: i for i, world in enumerate(crossed)}
    calibration = np.array([names[crossed[int(w)].calibration] for w in world_of])
    return calibration * (int(np.max(rows)) + 2) + np.asarray(rows, dtype=np.int64) + 1


def regret(table: np.ndarray, lower_is_better: Sequence[bool]) -> np.ndarray:
    """Each strategy's regret on each measure in each world (strategies x measures x
    worlds): how far it is from the best strategy in that world, in the measure's unit
    (0 for the best; never negative)."""
    lower = np.asarray(lower_is_better, dtype=bool)[None, :, None]
    best = np.where(lower, table.min(axis=0, keepdims=True), table.max(axis=0, keepdims=True))
    return np.where(lower, table - best, best - table)


def percentile_interval(values: np.ndarray, percent: float,
                        confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """A distribution-free interval for a percentile over the last axis: the order
    statistics x_(l) and x_(u) whose ranks bracket the percentile's with at least
    ``confidence`` under the binomial law of how many worlds fall below it (Conover 1999,
    Practical Nonparametric Statistics, sec. 3.2; Hahn and Meeker 1991). Too few worlds
    for such ranks (fewer than 36 for the 90th percentile at 95%) give NaN: an interval
    clipped to the largest value would cover less than it says."""
    from scipy.stats import binom

    n = values.shape[-1]
    ordered = np.sort(values, axis=-1)
    tail = (1 - confidence) / 2
    lower = int(binom.ppf(tail, n, percent / 100))  # 1-based ranks
    upper = int(binom.ppf(1 - tail, n, percent / 100)) + 1
    if lower < 1 or upper > n:
        missing = np.full(values.shape[:-1], np.nan)
        return missing, missing.copy()
    return ordered[..., lower - 1], ordered[..., upper - 1]


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
    #: The 95% interval of the 90th-percentile regret (distribution-free, over the worlds).
    regret_p90_low: tuple[float, ...] = ()
    regret_p90_high: tuple[float, ...] = ()


@dataclass(frozen=True)
class World:
    """One world the futures cross with the plausible parameter sets: the essay's own (the
    study's scenario as it stands) or a critic's (the scenario under its assumption set),
    with the calibration its sets come from and, for a critic, how its replay met the
    record (:mod:`sim.analysis.world_fit`)."""

    name: str
    source: str = ""  # the critic's assumption set; "" for the essay's own world
    description: str = ""
    calibration: str = "calibration"  # the folder of the calibration its sets come from
    futures: int = 0  # its plausible parameter sets in the study
    fit: str = ""  # the fit's summary line (critics only)


@dataclass(frozen=True)
class Excluded:
    """A critic named in the policies file whose world does not fit the record, so it is
    not crossed (the reason: its fit's summary line)."""

    name: str
    source: str
    reason: str


@dataclass(frozen=True)
class Robust:
    """A robust-decision study's numbers: every strategy's measures in every future
    (``table``, strategies x measures x futures; a future is one world crossed with one
    plausible parameter set, still called a world in the files' columns), whether they meet
    their thresholds, their regrets, and each strategy's :class:`Score`, pooled and per
    world (``by_world``, in the order of ``crossed``)."""

    policies: Policies
    values: Mapping[str, np.ndarray]  # the futures' parameter values, one per future
    table: np.ndarray
    met: np.ndarray
    regrets: np.ndarray
    scores: tuple[Score, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    #: Each future's row of its calibration's plausible sets (sets.csv, 0 for its first
    #: set; -1 when the scenario draws none), so a future can be traced and rerun.
    rows: np.ndarray | None = None
    #: Per strategy, PRIM's box of the futures where it fails satisficing (None: not asked).
    boxes: tuple[Box, ...] | None = None
    #: The worlds crossed (the essay's first), and which of them each future is in.
    crossed: tuple[World, ...] = ()
    world_of: np.ndarray | None = None
    #: Per world of ``crossed``, each strategy's Score over that world's futures.
    by_world: tuple[tuple[Score, ...], ...] = ()
    excluded: tuple[Excluded, ...] = ()
    resumed: int = 0  # tasks taken from an interrupted study's checkpoint
    tasks: int = 0

    @property
    def worlds(self) -> int:
        return self.table.shape[2]

    @property
    def failing(self) -> np.ndarray:
        """Whether each strategy fails satisficing in each future (strategies x futures)."""
        return failing(self.met)

    @property
    def runs(self) -> int:
        return self.table.shape[0] * self.worlds * self.policies.reps

    @property
    def world_names(self) -> np.ndarray:
        """The name of each future's world (the essay's when no critic is crossed)."""
        names = [w.name for w in self.crossed] or [ESSAY_WORLD]
        index = (self.world_of if self.world_of is not None
                 else np.zeros(self.worlds, dtype=np.int64))
        return np.asarray(names, dtype=object)[index]


def failing(met: np.ndarray) -> np.ndarray:
    """Whether each strategy fails satisficing in each world (``met``: strategies x measures
    x worlds): some threshold unmet there."""
    return ~np.asarray(met, dtype=bool).all(axis=1)


def box_tasks(result: Robust) -> list[Task]:
    """A PRIM box per strategy, as a task: the cases are the futures where it fails
    satisficing, the inputs the futures' calibrated parameter values (one column each) and,
    when critics' worlds are crossed, which world a future is in (:data:`CRITIC_COLUMN`, a
    choice)."""
    x = pd.DataFrame({key: np.asarray(column, dtype=np.float64)
                      for key, column in result.values.items()})
    if len(result.crossed) > 1:  # which world, as a choice PRIM can restrict
        x[CRITIC_COLUMN] = pd.Categorical(result.world_names.astype(str),
                                          categories=[w.name for w in result.crossed])
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


def scores(policies: Policies, table: np.ndarray, met: np.ndarray,
           regrets: np.ndarray, clusters: np.ndarray | None = None) -> tuple[Score, ...]:
    """Each strategy's :class:`Score` over the futures of these tables (strategies x
    measures x futures: all of them, or one world's); ``clusters`` labels each future's
    parameter set, and where futures share sets satisficing's interval counts the sets
    (:func:`clustered_satisficing`)."""
    shared = clusters is not None and len(np.unique(clusters)) < met.shape[-1]
    estimates = clustered_satisficing(met, clusters) if shared else satisficing(met)
    judged = np.array([m.threshold is not None for m in policies.measures], dtype=bool)
    mean, low, high = over_worlds(table)
    worst = regrets.max(axis=-1)
    p90 = np.percentile(regrets, REGRET_PERCENTILE, axis=-1)
    p90_low, p90_high = percentile_interval(regrets, REGRET_PERCENTILE)
    shares = np.where(judged[None, :], met.mean(axis=-1), np.nan)

    def row(i: int, array: np.ndarray) -> tuple[float, ...]:
        return tuple(float(v) for v in array[i])

    return tuple(Score(s.name, estimate, row(i, shares), row(i, mean), row(i, low),
                       row(i, high), row(i, worst), row(i, p90), row(i, p90_low),
                       row(i, p90_high))
                 for i, (s, estimate) in enumerate(zip(policies.strategies, estimates,
                                                       strict=True)))


def robustness(policies: Policies, values: Mapping[str, np.ndarray], table: np.ndarray,
               warnings: Sequence[str] = (), notes: Sequence[str] = (),
               seconds: float = 0.0, rows: np.ndarray | None = None,
               crossed: Sequence[World] = (), world_of: np.ndarray | None = None) -> Robust:
    """The metrics of a table of measures (strategies x measures x futures, in the policies
    file's orders): pooled over every future and, with ``crossed`` worlds (``world_of``:
    each future's), over each world's futures. Regret is always against the best strategy
    in the same future."""
    lower = [m.lower_is_better for m in policies.measures]
    judged = np.array([m.threshold is not None for m in policies.measures], dtype=bool)
    met = meets(table, [m.threshold if m.threshold is not None else np.nan
                        for m in policies.measures], lower)
    met[:, ~judged, :] = True  # a report-only measure is no threshold of satisficing
    regrets = regret(table, lower)
    by_world = tuple(scores(policies, table[:, :, world_of == k], met[:, :, world_of == k],
                            regrets[:, :, world_of == k])
                     for k in range(len(crossed))) if world_of is not None else ()
    clusters = future_clusters(rows, world_of, crossed)
    return Robust(policies, values, table, met, regrets,
                  scores(policies, table, met, regrets, clusters), tuple(warnings), tuple(notes),
                  seconds, rows, crossed=tuple(crossed), world_of=world_of,
                  by_world=by_world)


# ---- the study: what to run ---------------------------------------------------------------

@dataclass(frozen=True)
class RobustStudy:
    """Every strategy in every future, as work for :mod:`sim.ensemble`: a task per group of
    strategies run together as blocks of one model (each at every plausible set of one
    slice of one world's), kept as one piece of a checkpoint (:meth:`pieces`); ``place``
    says, per strategy (in the file's order), which task and block holds each slice of its
    futures, in the futures' order."""

    policies: Policies
    values: Mapping[str, np.ndarray]
    sources: dict[int, Task]
    place: tuple[tuple[tuple[int, int], ...], ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rows: np.ndarray | None = None  # each future's row of its calibration's plausible sets
    crossed: tuple[World, ...] = ()
    world_of: np.ndarray | None = None  # each future's world (an index into crossed)
    excluded: tuple[Excluded, ...] = ()
    identities: tuple[str, ...] = ()  # every (world, strategy) scenario's, for resuming

    @property
    def worlds(self) -> int:
        """The futures: every world's plausible sets, one after the other."""
        return len(next(iter(self.values.values())))

    @property
    def runs(self) -> int:
        return len(self.policies.strategies) * self.worlds * self.policies.reps

    @property
    def label(self) -> str:
        crossed = (f" ({len(self.crossed)} worlds x their plausible sets)"
                   if len(self.crossed) > 1 else "")
        return (f"{len(self.policies.strategies)} strategies x {self.worlds} worlds{crossed} x "
                f"{self.policies.reps} runs")

    @property
    def weeks(self) -> int:
        """The weeks each run simulates (the replay's too)."""
        base = self.policies.base
        return base.weeks + (BRANCH_WEEK if branches(base) else 0)

    def work(self) -> Work:
        """What the study simulates, to decide whether workers pay."""
        return Work(run_weeks=self.runs * self.weeks, batched=True)

    def pieces(self) -> list[PieceWork]:
        """Each task as a piece of work a checkpoint keeps (its blocks' measures x
        plausible-sets arrays, by block), so an interrupted study resumes task by task."""
        work = []
        for number, task in self.sources.items():
            stacks, reps = task.args[0], task.args[1]
            shape = (len(self.policies.measures), stacks[0].points)
            work.append(PieceWork(number, sum(s.points for s in stacks) * reps,
                                  {TASK_RUNS: task}, Task(task_means, (number,)),
                                  partial(whole_task, len(stacks), shape), len(stacks)))
        return work

    def fingerprint(self) -> dict[str, object]:
        """What the study's pieces depend on (an interrupted study resumes only from the
        same): the runs' scenarios, the futures' values, the measures and the sizes."""
        def digest(value: object) -> str:
            text = json.dumps(value, default=str, sort_keys=True)
            return hashlib.sha256(text.encode()).hexdigest()[:16]

        return {"strategies": digest(self.identities),
                "critics": [w.name for w in self.crossed[1:]],
                "futures": digest({key: np.asarray(v).tolist() for key, v in self.values.items()}
                                  | {"rows": np.asarray(self.rows).tolist()}),
                "measures": [m.name for m in self.policies.measures],
                "worlds": self.policies.worlds, "reps": self.policies.reps,
                "seed": self.policies.seed, "model_version": MODEL_VERSION,
                "task_runs": BATCH_RUNS, "task_layout": 2}  # 2: a slice's strategies together

    def result(self, found: Mapping[int, Mapping[str, np.ndarray]], seconds: float = 0.0,
               resumed: int = 0) -> Robust:
        """The metrics of the tasks' results (by task number: each block's measures x
        plausible-sets array, by block number)."""
        table = np.stack([np.concatenate([found[task][str(block)] for task, block in where],
                                         axis=1) for where in self.place])
        result = robustness(self.policies, self.values, table, self.warnings, self.notes,
                            seconds, self.rows, self.crossed, self.world_of)
        return replace(result, excluded=self.excluded, resumed=resumed,
                       tasks=len(self.sources))


#: The name of a piece's one task (its runs) in :meth:`RobustStudy.pieces`.
TASK_RUNS = "runs"


@dataclass(frozen=True)
class TaskMeans:
    """A finished task as a checkpoint keeps it: each block's measures x plausible-sets
    array, by block number (``columns``); no per-run tables."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def task_means(number: int, results: Mapping[str, Sequence[np.ndarray]]) -> TaskMeans:
    """A task's blocks (:func:`world_means`' arrays) as a piece to keep."""
    return TaskMeans(number, {str(block): np.asarray(array, dtype=np.float64)
                              for block, array in enumerate(results[TASK_RUNS])})


def whole_task(blocks: int, shape: tuple[int, int], arrays: Mapping[str, np.ndarray]) -> bool:
    """Whether a kept piece is what its task gives: one float array of ``shape`` (measures
    x plausible sets) per block, nothing else (a damaged one is computed again)."""
    return (set(arrays) == {str(block) for block in range(blocks)}
            and all(a.shape == shape and a.dtype == np.float64 for a in arrays.values()))


def untested_by_the_fit(worlds: Sequence[tuple[World, Critic | None]]) -> tuple[str, ...]:
    """A critic's values its world's fit cannot test: policies and what the replay sets
    itself act only after the branch, so "fits the record" says nothing of them."""
    warnings = []
    for world, critic in worlds:
        if critic is None:
            continue
        keys = not_replayed(key for key, _ in critic.values)
        if keys:
            one = len(keys) == 1
            warnings.append(f"the critic {world.name}: {', '.join(keys)} "
                            f"{'acts' if one else 'act'} only after the essay's date (the "
                            f"replay of the record sets {'it' if one else 'them'}), so its "
                            f"fit to 2023-24 does not test {'it' if one else 'them'}")
    return tuple(warnings)


def robust_study(policies: Policies, fits: Sequence[tuple[Critic, WorldFit]] = ()
                 ) -> RobustStudy:
    """The work of running every strategy of ``policies`` in every future: the essay's own
    world and each critic's world that fits the record (``fits``: each named critic with its
    world's fit, :func:`sim.report.studies.critic_fits`; one that does not fit is excluded,
    with the reason), each crossed with ``policies.worlds`` plausible sets of its
    calibration. In every future every strategy runs the same run seeds (paired). A
    world's sets are cut into slices small enough that every strategy of a slice fits one
    task of at most :data:`BATCH_RUNS` runs: the strategies differ only in policies, so
    in one model they replay the record once (sim.model.shared_replay); memory stays
    bounded, ``--workers`` has tasks to share, and a checkpoint keeps each task."""
    worlds = [(World(ESSAY_WORLD, description="the essay's own world: the scenario as it "
                     "stands, every assumption at its default"), None)]
    worlds += [(World(c.name, c.source, c.description, fit=f.summary()), c)
               for c, f in fits if f.fits]
    excluded = tuple(Excluded(c.name, c.source, f"its world {f.summary()}")
                     for c, f in fits if not f.fits)
    sources: dict[int, Task] = {}
    place: list[list[tuple[int, int]]] = [[] for _ in policies.strategies]
    drawn, crossed, identities = [], [], []
    for world, critic in worlds:
        scenario = policies.world_of(critic)
        values = world_values(scenario, policies.worlds, policies.seed)
        count = len(next(iter(values.values())))
        drawn.append((scenario, values, world_rows(scenario, count, policies.seed)))
        crossed.append(replace(world, futures=count, calibration=calibration_name(scenario)))
        scenarios = {str(i): policies.scenario_of(s, critic)
                     for i, s in enumerate(policies.strategies)}
        identities += [s.identity for s in scenarios.values()]
        _world_tasks(policies, scenarios, values, sources, place)
    values, rows, world_of = _futures(drawn)
    return RobustStudy(policies, values, sources, tuple(tuple(p) for p in place),
                       policies.warnings + horizon_warnings(policies) + inert_levers(policies)
                       + lever_warnings(policies) + overridden(policies, worlds)
                       + untested_by_the_fit(worlds),
                       study_notes(policies, values, crossed, drawn), rows, tuple(crossed),
                       world_of, excluded, tuple(identities))


def _world_tasks(policies: Policies, scenarios: Mapping[str, Scenario],
                 values: Mapping[str, np.ndarray], sources: dict[int, Task],
                 place: list[list[tuple[int, int]]]) -> None:
    """One world's tasks (added to ``sources``) and where each strategy's slices are
    (appended to ``place``)."""
    reps = policies.reps
    measures = tuple(m.name for m in policies.measures)
    worlds = len(next(iter(values.values())))
    size = max(1, BATCH_RUNS // (reps * len(scenarios)))  # every strategy in one model
    for start in range(0, worlds, size):
        chunk = {k: np.asarray(v)[start:start + size] for k, v in values.items()}
        count = len(next(iter(chunk.values())))
        for keys in batches(scenarios, count * reps):
            number = len(sources)
            stacks = [Stack(scenarios[key], chunk) for key in keys]
            sources[number] = Task(reduced_stack, (stacks, reps, policies.seed,
                                                   partial(world_means, measures, count, reps)))
            for position, key in enumerate(keys):
                place[int(key)].append((number, position))


def _futures(drawn: Sequence[tuple[Scenario, Mapping[str, np.ndarray], np.ndarray]]
             ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Every world's futures, one world after the other: the parameter values (every key
    any world draws; a world that does not draw one has the value its runs take, its
    scenario's), each future's row of its calibration's sets and its world's index."""
    keys = list(dict.fromkeys(key for _, values, _ in drawn for key in values))
    columns: dict[str, np.ndarray] = {}
    for key in keys:
        columns[key] = np.concatenate([
            np.asarray(values[key], dtype=np.float64) if key in values
            else np.full(len(rows), float(scenario.params[key])) for scenario, values, rows
            in drawn])
    rows = np.concatenate([rows for _, _, rows in drawn]).astype(np.int64)
    world_of = np.concatenate([np.full(len(rows), k, dtype=np.int64)
                               for k, (_, _, rows) in enumerate(drawn)])
    return columns, rows, world_of


def calibration_name(scenario: Scenario) -> str:
    """The folder of the calibration ``scenario``'s runs draw from (its sub-models'), by
    name; "" when they draw nothing from one."""
    if not drawn_keys(scenario.params, scenario.pinned):
        return ""
    return folder_of(model_choice(scenario.params)).name


def overridden(policies: Policies, worlds: Sequence[tuple[World, Critic | None]]
               ) -> tuple[str, ...]:
    """A warning per lever that sets a key a crossed critic's world sets too: the lever
    wins in that world (the levers are the experiment)."""
    found = []
    for world, critic in worlds:
        if critic is None:
            continue
        assumed = dict(critic.values)
        for strategy in policies.strategies:
            for key, _ in strategy.levers:
                if key in assumed:
                    found.append(f'strategy "{strategy.name}": {key} is also set by the critic '
                                 f"{critic.name} ({critic.source}) to "
                                 f"{toml_value(assumed[key])}; in that world the lever wins")
    return tuple(found)


def largest_task(study: RobustStudy) -> int:
    """The most runs one task of ``study`` simulates at once (for the memory check)."""
    return max(sum(s.points for s in task.args[0]) * task.args[1]
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


def study_notes(policies: Policies, values: Mapping[str, np.ndarray],
                crossed: Sequence[World] = (),
                drawn: Sequence[tuple[Scenario, Mapping[str, np.ndarray], np.ndarray]] = ()
                ) -> tuple[str, ...]:
    """What the reader should know before the numbers: fewer plausible sets than asked for,
    worlds that are all the same, strategies that run the same scenario, a critic's world
    that sets calibrated parameters itself."""
    notes = []
    for world in crossed or (World(ESSAY_WORLD, futures=len(next(iter(values.values())))),):
        if world.futures < policies.worlds:
            where = "" if world.name == ESSAY_WORLD else f" of the critic {world.name}'s world"
            notes.append(f"the calibration{where} has {world.futures} plausible parameter sets, "
                         f"so the study runs in {world.futures} worlds, not {policies.worlds}")
    if all(np.all(column == column[0]) for column in values.values()):
        notes.append(f"{policies.base.name} draws no calibrated parameter (it sets them, or "
                     "world.parameter_sets is not \"plausible\"): every world is the same "
                     "world, so each share over the worlds is 0% or 100%")
    for world, (scenario, _, _) in zip(crossed[1:], drawn[1:], strict=True):
        notes += [f"the critic {world.name}: {line}"
                  for line in departures(scenario.params, scenario.pinned)]
    seen: dict[str, str] = {}
    for strategy in policies.strategies:
        identity = policies.scenario_of(strategy).identity
        if identity in seen:
            notes.append(f'strategies "{seen[identity]}" and "{strategy.name}" run the same '
                         "scenario (their levers come to the same parameters): their numbers "
                         "are the same in every world")
        seen.setdefault(identity, strategy.name)
    return tuple(notes)
