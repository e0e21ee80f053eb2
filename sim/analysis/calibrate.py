"""History matching: which parameter sets reproduce the record's fit targets.

Bower, Goldstein & Vernon (2010); Andrianakis et al. (2015) on a large epidemic model.
Waves of space-filling samples (scipy's Latin hypercube) over the free parameters of a
space file; at each point, ``reps`` runs of the replay (the same seeds at every point)
give each fit target's mean and spread, and the point's implausibility for the target
(:mod:`sim.analysis.replay`). A point survives a wave when it is plausible (I <= 3) on
every target; the next wave samples around the survivors (refocusing: a mixture of
normal kernels centred on them, in the spirit of hmer's importance sampling, Iskauskas
et al. 2024, without its emulators, its PCA scaling or its tuned kernel width), and every
wave's survivors together are the plausible set. No emulator: every point is run. Each
wave's runs have their own seeds (derived from the space's seed and the wave), so one
set of 30 noise paths does not decide every wave.

What to run is described here (pieces of points, as tasks); :mod:`sim.report.studies`
runs them and :mod:`sim.report.calibrate_report` writes what was found.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from sim.analysis.replay import COLUMNS, CUTOFF, PRODUCED, simulated
from sim.ensemble.batch import reduced_points
from sim.ensemble.results import Results
from sim.ensemble.tasks import PieceWork, Task
from sim.errors import SpaceError
from sim.scenarios.params import PARAMS
from sim.scenarios.record import Observation, Record, Role
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import Space

#: Runs at each point at least (Andrianakis et al.: enough to estimate a mean and spread).
MIN_REPS = 30
#: Points per piece of a wave (a task: its runs fit in memory, it is worth sending).
PIECE_POINTS = 100

Bounds = dict[str, tuple[float, float]]


@dataclass
class Wave:
    """One wave: the box its points lie in, its points, each target's mean and standard
    deviation at every point (points x targets), and which points survived."""

    number: int
    bounds: Bounds
    values: dict[str, np.ndarray]
    means: np.ndarray
    sds: np.ndarray
    implausibility: np.ndarray
    survivors: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def points(self) -> int:
        return len(self.means)

    @property
    def ruled_out(self) -> float:
        """The share of the wave's points ruled out."""
        return 1.0 - float(self.survivors.mean()) if self.points else 0.0


@dataclass
class Calibration:
    """Every wave of a calibration, the targets it matched, and its plausible set."""

    space: Space
    targets: tuple[Observation, ...]
    reps: int
    waves: list[Wave] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0

    waves_asked: int = 0
    stopped: str = ""  # why the calibration stopped before the waves asked for, if it did

    @property
    def plausible(self) -> dict[str, np.ndarray]:
        """Every wave's survivors: one value per plausible point, per parameter (each wave
        tests its points alike, so a point found plausible in an early wave stays so)."""
        return {key: np.concatenate([w.values[key][w.survivors] for w in self.waves])
                for key in self.waves[0].values} if self.waves else {}

    @property
    def plausible_wave(self) -> np.ndarray:
        """The wave each plausible point comes from (as :attr:`plausible`)."""
        return np.concatenate([np.full(int(w.survivors.sum()), w.number) for w in self.waves])


def fit_targets(record: Record, dates: Sequence[datetime.date]) -> tuple[Observation, ...]:
    """The fit targets the replay produces whose period its runs cover."""
    return tuple(t for t in record.targets
                 if t.role is Role.FIT and t.quantity.name in PRODUCED
                 and t.period.start - datetime.timedelta(days=1) >= dates[0]
                 and t.period.end <= dates[-1])


def cut_after(scenario: Scenario, last: datetime.date) -> Scenario:
    """The replay run only up to the first row on or after ``last`` (the last fit
    target's end): runs are causal and their draws counter-based, so the targets read the
    same values, and the 2025 weeks, which no fit target reads, are not run."""
    weeks = min(scenario.weeks, -(-(last - scenario.start).days // 7))
    return replace(scenario, weeks=weeks,
                   events=tuple(e for e in scenario.events if e.week < weeks))


def check_space(space: Space) -> None:
    """Refuse what history matching cannot sample: choices, too few runs per point."""
    choices = [u.key for u in space.uncertain if u.is_choice]
    if choices:
        raise SpaceError(space.source, "calibrating samples numbers only; give a [low, high] "
                                       "range", f"uncertain.{choices[0]}")
    if space.reps < MIN_REPS:
        raise SpaceError(space.source, f"got {space.reps}; allowed: at least {MIN_REPS} runs "
                                       "per point (each target's mean and spread need them)",
                         "explore.reps")


def run_seed(seed: int, wave: int) -> int:
    """The seed of a wave's runs: its own, derived from the space's seed and the wave, so
    each wave's points meet fresh noise paths (the points of one wave share theirs)."""
    state = np.random.SeedSequence([seed, wave, 0x52554E53]).generate_state(2, np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1]))


def wave_points(bounds: Bounds, points: int, seed: int, wave: int,
                integers: Sequence[str] = ()) -> dict[str, np.ndarray]:
    """``points`` Latin-hypercube points in ``bounds`` (scipy.stats.qmc), from the seed and
    the wave's number: the same seed, the same waves."""
    from scipy.stats import qmc

    keys = list(bounds)
    unit = qmc.LatinHypercube(d=len(keys), seed=np.random.default_rng([seed, wave])).random(
        points)
    low, high = (np.array([bounds[k][i] for k in keys]) for i in (0, 1))
    scaled = qmc.scale(unit, low, high)  # a space's ranges have low < high
    return {key: (np.rint(scaled[:, i]).astype(int) if key in integers else scaled[:, i])
            for i, key in enumerate(keys)}


def reduce_targets(targets: Sequence[Observation], dates: Sequence[datetime.date], reps: int,
                   results: Results) -> dict[str, np.ndarray]:
    """Each target's mean and standard deviation over each point's runs (where the runs
    ran: a few numbers per point travel back, not the runs)."""
    weekly = {name: results.world[name].astype(np.float64) for name in COLUMNS}
    columns = {}
    for target in targets:
        per_point = simulated(target, weekly, dates).reshape(-1, reps)
        columns[f"{target.id}.mean"] = per_point.mean(axis=1)
        columns[f"{target.id}.sd"] = per_point.std(axis=1, ddof=1)
    return columns


@dataclass
class PieceColumns:
    """A decided piece of a wave: its points' columns (no per-run tables)."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict = field(default_factory=dict)


def decided(number: int, parts: Mapping[str, dict[str, np.ndarray]]) -> PieceColumns:
    (columns,) = parts.values()
    return PieceColumns(number, columns)


def wave_work(scenario: Scenario, values: Mapping[str, np.ndarray], reps: int, seed: int,
              targets: Sequence[Observation], dates: Sequence[datetime.date]
              ) -> list[PieceWork]:
    """A wave's points in pieces, each a task that runs its points' replays and reduces them
    to the targets' means and spreads."""
    points = len(next(iter(values.values())))
    reduce = partial(reduce_targets, tuple(targets), tuple(dates), reps)
    work = []
    for number, first in enumerate(range(0, points, PIECE_POINTS)):
        chunk = {key: column[first:first + PIECE_POINTS] for key, column in values.items()}
        size = len(next(iter(chunk.values())))
        task = Task(reduced_points, (scenario, chunk, reps, seed, None, reduce))
        work.append(PieceWork(number, size * reps, {"replay": task},
                              Task(decided, (number,)), points=size))
    return work


def implausibility(targets: Sequence[Observation], means: np.ndarray, sds: np.ndarray,
                   reps: int) -> np.ndarray:
    """Each point's implausibility for each target (points x targets): the distance of its
    runs' mean from the observation over the observation's, the model's and the runs'
    combined standard deviation (as :class:`sim.analysis.replay.TargetCheck`)."""
    observed = np.array([t.value for t in targets])
    fixed = np.array([(t.uncertainty or 0.0) ** 2 + (t.discrepancy or 0.0) ** 2
                      for t in targets])
    variance = fixed + sds ** 2 * (1.0 + 1.0 / reps)
    return np.abs(means - observed) / np.sqrt(np.maximum(variance, 1e-300))


def make_wave(number: int, bounds: Bounds, values: dict[str, np.ndarray],
              columns: Mapping[str, np.ndarray], targets: Sequence[Observation],
              reps: int) -> Wave:
    """A wave from its pieces' joined columns: implausibilities and survivors."""
    means = np.column_stack([columns[f"{t.id}.mean"] for t in targets])
    sds = np.column_stack([columns[f"{t.id}.sd"] for t in targets])
    implaus = implausibility(targets, means, sds, reps)
    return Wave(number, bounds, values, means, sds, implaus,
                np.all(implaus <= CUTOFF, axis=1))


#: Draws of a refocused wave tried before giving up (each draw keeps the points inside
#: the priors: with many parameters few are).
MAX_DRAWS = 200


def around_survivors(wave: Wave, prior: Bounds, points: int, seed: int, number: int,
                     integers: Sequence[str] = (), source: str = "calibration"
                     ) -> dict[str, np.ndarray]:
    """The next wave's points, drawn around the survivors: each a survivor (chosen at
    random) moved by a normal kernel with the survivors' covariance times Scott's factor
    squared, redrawn until it lies within the prior. Seeded by the seed and the wave.
    With fewer survivors than parameters plus one (no covariance to speak of) the next
    wave is a Latin hypercube over the prior again."""
    keys = list(wave.values)
    survivors = np.column_stack([wave.values[k][wave.survivors] for k in keys]).astype(float)
    n, d = survivors.shape
    if n <= d:
        return wave_points(prior, points, seed, number, integers)
    low, high = (np.array([prior[k][i] for k in keys]) for i in (0, 1))
    scale = n ** (-1.0 / (d + 4))  # Scott's rule
    spread = np.atleast_2d(np.cov(survivors, rowvar=False)) if n > 1 else np.zeros((d, d))
    spread = spread * scale ** 2 + np.diag(((high - low) * 1e-3) ** 2)  # never degenerate
    rng = np.random.default_rng([seed, number])
    chosen = np.empty((0, d))
    for _ in range(MAX_DRAWS):
        if len(chosen) >= points:
            break
        centres = survivors[rng.integers(0, n, size=points)]
        drawn = centres + rng.multivariate_normal(np.zeros(d), spread, size=points)
        inside = np.all((drawn >= low) & (drawn <= high), axis=1)
        chosen = np.vstack([chosen, drawn[inside]])
    else:
        if len(chosen) < points:
            raise SpaceError(source, f"refocusing wave {number}: fewer than {points} of "
                             f"{MAX_DRAWS * points:,} draws around the survivors fell within "
                             "the priors; use fewer parameters or wider priors", "uncertain")
    chosen = chosen[:points]
    return {key: (np.rint(chosen[:, i]).astype(int) if key in integers else chosen[:, i])
            for i, key in enumerate(keys)}


def prior_bounds(space: Space) -> Bounds:
    return {u.key: (float(u.low), float(u.high)) for u in space.uncertain}


#: The spread of the plausible points a constraint is read from: their 5-95% range.
SPAN = (5.0, 95.0)
#: Fewest first-wave survivors a constraint is read from.
MIN_SURVIVORS = 20


def constrained(calibration: Calibration) -> dict[str, float]:
    """Each parameter's plausible 5-95% span as a share of its prior range (1: the record
    does not narrow it), from the first wave's survivors: that wave is a Latin hypercube
    over the priors, so its survivors sample the plausible region without the later
    waves' bias toward its centre (and a span, unlike a range, does not grow with the
    number of points). NaN when the first wave left fewer than :data:`MIN_SURVIVORS`."""
    first = calibration.waves[0]
    shares = {}
    for key, (low, high) in prior_bounds(calibration.space).items():
        column = first.values[key][first.survivors]
        if len(column) < MIN_SURVIVORS:
            shares[key] = float("nan")
        else:
            span = np.percentile(column, SPAN)
            shares[key] = float(span[1] - span[0]) / (high - low)
    return shares


#: A plausible span at most this share of its prior range: the parameter is calibrated.
CONSTRAINED_SHARE = 0.5
#: A target constrains a parameter when, over the first wave's points, the parameter's
#: rank correlation with the target's implausibility is at least this large.
CONSTRAINING_CORRELATION = 0.2


@dataclass(frozen=True)
class ParameterFit:
    """What the calibration says of one free parameter: its prior, the 5-95% span of the
    first wave's plausible points, that span's share of the prior, the central plausible
    value, and the targets that constrain it."""

    key: str
    prior: tuple[float, float]
    span: tuple[float, float]
    share: float
    central: float
    constrained_by: tuple[str, ...]

    @property
    def status(self) -> str:
        """``calibrated`` if the record narrows it to at most half its prior, else
        ``unconstrained`` (calibrated against the record, barely constrained by it)."""
        return "calibrated" if self.share <= CONSTRAINED_SHARE else "unconstrained"


def draw_sets(calibration: Calibration) -> dict[str, np.ndarray]:
    """The parameter sets runs draw from: the first wave's plausible points. That wave is
    a Latin hypercube over the priors, so its survivors sample the prior restricted to the
    plausible region; later waves are drawn around survivors, so their density is not the
    prior's (they map the region, they do not weigh it)."""
    first = calibration.waves[0]
    return {key: first.values[key][first.survivors] for key in first.values}


def central_set(sets: Mapping[str, np.ndarray]) -> dict[str, float]:
    """The plausible set nearest the sets' per-parameter medians, each parameter in rank
    units (its quantile among the sets, so a skewed spread does not stretch or shrink
    it): central, and itself plausible (the medians together need not be)."""
    from scipy.stats import rankdata

    table = np.column_stack(list(sets.values()))
    quantiles = np.column_stack([rankdata(column) / len(column) for column in table.T])
    nearest = int(np.argmin(((quantiles - 0.5) ** 2).sum(axis=1)))
    return {key: float(column[nearest]) for key, column in sets.items()}


def constraining_targets(calibration: Calibration) -> dict[str, tuple[str, ...]]:
    """Per parameter, the fit targets whose implausibility moves with it over the first
    wave's points (Spearman |rho| >= :data:`CONSTRAINING_CORRELATION`)."""
    from scipy.stats import spearmanr

    first = calibration.waves[0]
    found = {}
    for key, column in first.values.items():
        ids = []
        for i, target in enumerate(calibration.targets):
            rho = spearmanr(column, first.implausibility[:, i]).statistic
            if np.isfinite(rho) and abs(rho) >= CONSTRAINING_CORRELATION:
                ids.append(target.id)
        found[key] = tuple(ids)
    return found


def parameter_fits(calibration: Calibration) -> list[ParameterFit]:
    """Each free parameter's :class:`ParameterFit` (none if the first wave left fewer than
    :data:`MIN_SURVIVORS` plausible points)."""
    sets, prior = draw_sets(calibration), prior_bounds(calibration.space)
    if len(next(iter(sets.values()))) < MIN_SURVIVORS:
        return []
    shares, central = constrained(calibration), central_set(sets)
    by = constraining_targets(calibration)
    return [ParameterFit(key, prior[key], tuple(float(v) for v in np.percentile(sets[key], SPAN)),
                         shares[key], central[key], by[key]) for key in prior]


def replay_check(space: Space, scenario: Scenario, replay: Scenario) -> None:
    """Refuse a space that does not calibrate the record's replay: another scenario, a
    method other than a Latin hypercube, or a parameter the replay takes from the record
    (an input is not a free parameter)."""
    if scenario.identity != replay.identity:
        raise SpaceError(space.source, "is not the record's replay (scenarios/history.toml as "
                                       "`sim record --history` writes it); calibrate that",
                         "explore.scenario")
    if space.method != "lhs":
        raise SpaceError(space.source, f"got {space.method!r}; allowed: \"lhs\" (the first "
                                       "wave is a Latin hypercube)", "explore.method")
    fed = set(scenario.params) - {k for k, v in scenario.params.items()
                                  if v == PARAMS[k].default}
    fed |= {key for event in scenario.events for key in event.changes}
    fed_in = [u.key for u in space.uncertain if u.key in fed]
    if fed_in:
        raise SpaceError(space.source, "is set by the replay (the record's input, or a rule "
                                       "the replay holds fixed), so it is not free to "
                                       "calibrate", f"uncertain.{fed_in[0]}")
