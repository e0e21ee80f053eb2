"""Policies files for `sim robust`: the strategies a robust decision compares, the measures
it judges them by and the threshold each measure must meet.

Robust Decision Making's XLRM frame (Lempert, Popper & Bankes 2003): the **levers** (L)
are what the West chooses, one set of them per strategy; the **uncertainties** (X) are
the plausible worlds of the shipped calibration (how the world works, which the record
does not pin down); the **relationships** (R) are the model; the **measures** (M) are
read from each run's summary. A policies file is TOML::

    [robust]
    scenario = "baseline"   # every strategy starts from it (a stem in scenarios/ or a path)
    worlds = 64             # plausible worlds (parameter sets of the shipped calibration)
    reps = 100              # runs per strategy in each world, the same seeds everywhere
    seed = 1

    [[measure]]             # a measure (its name: MEASURES) and its threshold
    name = "russia_gain_km2"
    at_most = 5600          # at_most for a measure better lower, at_least for one better higher
    basis = "sourced"       # optional: sourced, judgement (the default) or constructed
    reason = "..."          # optional: where the threshold comes from

    [[measure]]             # no at_most/at_least: reported, not a threshold of satisficing
    name = "renewed_war"

    [[strategy]]            # two or more
    name = "US commits now"
    description = "..."     # optional
    [strategy.levers]       # parameters of the West's actors that are policies
    "united_states.stance" = "commits"

    [futures]               # optional: the critics' worlds crossed with the plausible sets
    critics = ["ripe_stalemate", "sanctions_barely_bite"]   # or "all that fit"

A **future** is a world (the essay's own, the defaults, or a critic's: an assumption set of
``scenarios/assumptions/``, :class:`Critic`) crossed with a plausible parameter set of that
world's calibration. Which critics' worlds fit the record is the study's to decide (they are
replayed against it: :mod:`sim.analysis.world_fit`); here they are only named and read.

A lever is a policy parameter (what an actor chooses: ``sim params`` says "policy") of one
of the West's actors (:data:`LEVER_ACTORS`). ``world.*`` and ``model.*`` keys, the
calibrated parameters the worlds draw and the assumptions about how actors decide are the
futures' uncertainties, and other actors' choices (Russia's, China's, Hungary's...) are
uncertainties to the West: each is refused with the reason. Validated as strictly as
scenarios: every error names the file, the key, what is allowed and a did-you-mean.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import PoliciesError, ScenarioError, reported_as
from sim.scenarios.loading import find_scenario, load_assumptions, load_scenario
from sim.scenarios.params import ACTOR_NAMES, ACTORS, Param
from sim.scenarios.reference import status
from sim.scenarios.scenario import Scenario
from sim.scenarios.space import SPACE_REPS_RANGE
from sim.scenarios.tomlfile import parse_toml, unreadable
from sim.scenarios.units import AID_EUR_BN_A_YEAR, UKRAINE_AREA_KM2, lever_setting
from sim.scenarios.values import (
    SEED_RANGE,
    Value,
    add_setting,
    did_you_mean,
    flatten_table,
    lookup_param,
    shown,
    toml_value,
)

#: The shipped policies file (`sim robust`'s default), relative to the working folder.
POLICIES_FILE = "scenarios/policies/essay.toml"
#: What a policies file leaves unset (and the command line does not set).
ROBUST_DEFAULTS: dict[str, Any] = {"scenario": "baseline", "worlds": 64, "reps": 100, "seed": 1}
#: The worlds and the runs per strategy in each a study may ask for (two worlds at least:
#: with one there is nothing to be robust over).
WORLDS_RANGE = (2, 10_000)
REPS_RANGE = SPACE_REPS_RANGE
TABLES = ("robust", "measure", "strategy", "futures")
FUTURES_KEYS = ("critics",)
#: ``[futures] critics = "all that fit"``: every assumption set in the critics' folder.
ALL_THAT_FIT = "all that fit"
#: The name of the essay's own world (the defaults) among the futures' worlds.
ESSAY_WORLD = "essay"
#: Where a critic's name is looked up (relative to the policies file's parent folder, then
#: the working folder): the critics' assumption sets.
CRITICS_FOLDER = "assumptions"
ROBUST_KEYS = ("scenario", "worlds", "reps", "seed", "description")
MEASURE_KEYS = ("name", "at_most", "at_least", "basis", "reason")
#: What a threshold rests on: a sourced number, a judgement, or one constructed from
#: sourced numbers (report.md says which, so a share resting on a judgement reads as one).
BASES = ("sourced", "judgement", "constructed")
#: The horizon, in weeks, the shipped thresholds assume (two years from the essay's date).
SHIPPED_WEEKS = 104
#: The weeks a holding cease-fire must have held by the horizon to count as holding.
CEASEFIRE_HELD_WEEKS = 26
STRATEGY_KEYS = ("name", "description", "levers")
#: The actors whose policies are levers: the West the essay addresses.
LEVER_ACTORS = ("united_states", "us_congress", "european_union", "france", "united_kingdom",
                "nato")
_LEVER_OWNERS = ", ".join(ACTOR_NAMES[a] for a in LEVER_ACTORS)
#: The longest strategy name (it heads rows of tables and a figure).
NAME_LENGTH = 60


@dataclass(frozen=True)
class MeasureKind:
    """A measure a policies file can name: its unit, which way is better, the largest
    threshold it can have (every measure is at least 0) and what it is."""

    name: str
    label: str  # a short heading for tables and figures
    unit: str
    lower_is_better: bool
    high: float
    meaning: str

    @property
    def is_share(self) -> bool:
        return self.unit == "share of runs"

    def allowed(self) -> str:
        if self.is_share:
            return "a share of runs from 0 to 1"
        if math.isinf(self.high):
            return f"a number of {self.unit}, at least 0"
        return f"a number of {self.unit} from 0 to {self.high:,.0f}"


#: Every measure, computed from each run's summary row (sim.analysis.robust) over the
#: scenario's horizon, then averaged over a world's runs.
MEASURES: dict[str, MeasureKind] = {m.name: m for m in (
    MeasureKind("russia_gain_km2", "Russia gains", "km2", True, UKRAINE_AREA_KM2,
                "ground Russia takes from the essay's date (the branch) to the horizon "
                "(summary.csv russia_gain_km2): the policy's effect, not the replay's "
                "starting line"),
    MeasureKind("russia_held_km2", "Russia holds", "km2", True, UKRAINE_AREA_KM2,
                "Ukrainian territory Russia holds at the horizon (summary.csv "
                "russia_held_km2; Ukraine's area is 603,550 km2): mostly each world's "
                "replay of 2023-25, which the policy does not choose"),
    MeasureKind("ceasefire_holds", "cease-fire", "share of runs", False, 1.0,
                "a cease-fire reached within the horizon that cedes no territory, still "
                f"holds at its end and has held at least {CEASEFIRE_HELD_WEEKS} weeks by then "
                "(outcome ceasefire and summary.csv weeks_in_ceasefire >= "
                f"{CEASEFIRE_HELD_WEEKS}; a capitulation does not count)"),
    MeasureKind("renewed_war", "renewed war", "share of runs", True, 1.0,
                "a cease-fire reached within the horizon, then broken (outcome "
                "renewed_war)"),
    MeasureKind("capitulation", "capitulation", "share of runs", True, 1.0,
                "a cease-fire that cedes territory and holds at the horizon: Ukraine forced "
                "to terms (outcome capitulation)"),
    MeasureKind("western_aid_eur_bn", "Western aid", "EUR bn", True, math.inf,
                "military aid the US and Europe allocate over the horizon (summary.csv "
                "aid_us_eur_bn_a_year + aid_europe_eur_bn_a_year, times the horizon in "
                "years)"),
)}


@dataclass(frozen=True)
class Measure:
    """A measure of the file with its threshold (``at_most`` when lower is better, else
    ``at_least``) and where the threshold comes from."""

    kind: MeasureKind
    threshold: float | None  # None: reported, not a threshold of satisficing
    reason: str = ""
    basis: str = "judgement"

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def judged(self) -> bool:
        """Whether the measure is a threshold of satisficing (else report-only)."""
        return self.threshold is not None

    @property
    def lower_is_better(self) -> bool:
        return self.kind.lower_is_better

    @property
    def bound(self) -> str:
        return "at_most" if self.lower_is_better else "at_least"

    def describe(self) -> str:
        """The threshold in words: "at most 120,000 km2", "at least 5% of runs"."""
        words = "at most" if self.lower_is_better else "at least"
        if self.threshold is None:
            return "report only (no threshold)"
        if self.kind.is_share:
            return f"{words} {self.threshold:.0%} of runs"
        if self.kind.unit == "EUR bn":
            return f"{words} EUR {self.threshold:,.6g} bn"
        return f"{words} {self.threshold:,.6g} {self.kind.unit}"


@dataclass(frozen=True)
class Strategy:
    """A named set of levers, applied on top of the study's scenario."""

    name: str
    levers: tuple[tuple[str, Value], ...] = ()
    description: str = ""

    def levers_text(self) -> str:
        """The levers as ``key = value; ...`` (TOML values; an aid lever with its amount in
        EUR bn a year), or what no lever means."""
        def shown(key: str, value: Value) -> str:
            if isinstance(value, float):
                text = f"{value:.6g}"
                scale = AID_EUR_BN_A_YEAR.get(key)
                return text if scale is None else f"{text} (EUR {value * scale:.4g} bn a year)"
            return toml_value(value)
        return ("; ".join(f"{key} = {shown(key, value)}" for key, value in self.levers)
                or "none (the scenario as it stands)")


@dataclass(frozen=True)
class Critic:
    """A critic's world: an assumption set (``[world]``, ``[actors.*]``, ``[model]`` keys)
    applied under every strategy, named by its file's stem."""

    name: str
    description: str
    values: tuple[tuple[str, Value], ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "description": self.description,
                "values": dict(self.values)}


@dataclass(frozen=True)
class Policies:
    """A checked policies file: the scenario every strategy starts from, the study's size,
    the measures with their thresholds and the strategies."""

    source: str
    scenario_path: Path
    base: Scenario
    worlds: int
    reps: int
    seed: int
    measures: tuple[Measure, ...]
    strategies: tuple[Strategy, ...]
    description: str = ""
    sha256: str = ""
    warnings: tuple[str, ...] = ()  # vacuous thresholds, found while reading
    #: The critics' worlds the file names ([futures] critics), before any is held against
    #: the record; ``critics_asked`` is how: "" (none), "listed" or :data:`ALL_THAT_FIT`.
    critics: tuple[Critic, ...] = ()
    critics_asked: str = ""

    @property
    def judged(self) -> tuple[Measure, ...]:
        """The measures that are thresholds of satisficing."""
        return tuple(m for m in self.measures if m.judged)

    def world_of(self, critic: Critic | None = None) -> Scenario:
        """The world a critic holds: the study's scenario under its assumptions (None: the
        essay's own world, the scenario as it stands)."""
        return self.base if critic is None else self.base.with_values(dict(critic.values))

    def scenario_of(self, strategy: Strategy, critic: Critic | None = None) -> Scenario:
        """The scenario a strategy runs in a world: the study's (under the critic's
        assumptions, if any), with its levers set; a lever wins over a critic's value of
        the same key (the levers are the experiment, as a claim's arms are)."""
        return self.world_of(critic).with_values(dict(strategy.levers))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "sha256": self.sha256,
                "scenario": str(self.scenario_path), "worlds": self.worlds, "reps": self.reps,
                "seed": self.seed, "description": self.description,
                "measures": [{"name": m.name, "unit": m.kind.unit,
                              **({m.bound: m.threshold} if m.judged else {"report_only": True}),
                              "basis": m.basis, "reason": m.reason} for m in self.measures],
                "strategies": [{"name": s.name, "description": s.description,
                                "levers": dict(s.levers)} for s in self.strategies],
                "critics": {"asked": self.critics_asked or None,
                            "named": [c.to_dict() for c in self.critics]}}


def load_policies(path: str | Path, worlds: int | None = None, reps: int | None = None,
                  seed: int | None = None) -> Policies:
    """Read and check a policies file; the arguments (from the command line) win."""
    with reported_as(PoliciesError):
        return _load(Path(path), worlds, reps, seed)


def _load(path: Path, worlds: int | None, reps: int | None, seed: int | None) -> Policies:
    source = str(path)
    problem = unreadable(path)
    if problem is not None:
        raise PoliciesError(source, f"{problem}; give the path of a policies file (see "
                                    "scenarios/policies/)")
    try:
        data = path.read_bytes()  # read once: the bytes parsed are the bytes hashed
    except OSError as exc:
        raise PoliciesError(source, f"cannot read ({exc.strerror})") from None
    raw = parse_toml(data, source, PoliciesError)
    _only(raw, TABLES, source, "", "table")
    table = raw.get("robust", {})
    if not isinstance(table, dict):
        raise PoliciesError(source, "must be a table ([robust])", "robust")
    _only(table, ROBUST_KEYS, source, "robust.", "key")
    scenario_path = find_scenario(table.get("scenario", ROBUST_DEFAULTS["scenario"]), source,
                                  "robust.scenario", [path.parent.parent, Path("scenarios")],
                                  path.parent, PoliciesError)

    def count(given: int | None, key: str, low: int, high: int) -> int:
        value = given if given is not None else table.get(key, ROBUST_DEFAULTS[key])
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PoliciesError(source, f"got {shown(value)}; allowed: an integer from {low:,} "
                                        f"to {high:,}", f"robust.{key}")
        return value

    base = load_scenario(scenario_path)
    vacuous: list[str] = []
    measures = _measures(raw.get("measure"), source, vacuous)
    strategies = _strategies(raw.get("strategy"), source)
    asked, critics = _critics(raw.get("futures", {}), path, source)
    return Policies(source, scenario_path, base, count(worlds, "worlds", *WORLDS_RANGE),
                    count(reps, "reps", *REPS_RANGE), count(seed, "seed", *SEED_RANGE),
                    measures, strategies,
                    _text(table.get("description", ""), source, "robust.description"),
                    hashlib.sha256(data).hexdigest(), tuple(vacuous), critics, asked)


def _only(table: Mapping[str, Any], allowed: tuple[str, ...], source: str, where: str,
          what: str) -> None:
    for key in table:
        if key not in allowed:
            raise PoliciesError(source, f"unknown {what}{did_you_mean(key, allowed)}; allowed: "
                                        + ", ".join(allowed), where + key)


def _text(value: Any, source: str, key: str) -> str:
    if not isinstance(value, str):
        raise PoliciesError(source, f"got {shown(value)}; allowed: a string", key)
    return value


def _tables(raw: Any, name: str, source: str, example: str) -> list[dict[str, Any]]:
    """The ``[[name]]`` tables of the file (one error when there are none or they are not
    an array of tables)."""
    if raw is None:
        raise PoliciesError(source, f"needs [[{name}]] tables, e.g. {example}", name)
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise PoliciesError(source, f"must be an array of tables: write [[{name}]], once per "
                                    f"{name}", name)
    return raw


def _measures(raw: Any, source: str, vacuous: list[str]) -> tuple[Measure, ...]:
    measures: list[Measure] = []
    for number, entry in enumerate(_tables(raw, "measure", source, 'name = "russia_gain_km2" '
                                           "with at_most = 5600"), start=1):
        where = f"measure[{number}]."
        _only(entry, MEASURE_KEYS, source, where, "key")
        name = entry.get("name")
        if name not in MEASURES:
            hint = did_you_mean(str(name), MEASURES) if name is not None else ""
            raise PoliciesError(source, f"got {shown(name) if name is not None else 'none'}"
                                        f"{hint}; allowed: " + ", ".join(MEASURES),
                                where + "name")
        if any(m.name == name for m in measures):
            raise PoliciesError(source, f'"{name}" is given twice; give each measure once',
                                where + "name")
        basis = entry.get("basis", "judgement")
        if basis not in BASES:
            hint = did_you_mean(str(basis), BASES) if isinstance(basis, str) else ""
            raise PoliciesError(source, f"got {shown(basis)}{hint}; allowed: "
                                        + ", ".join(f'"{b}"' for b in BASES), where + "basis")
        measures.append(Measure(MEASURES[name], _threshold(entry, MEASURES[name], source,
                                                           where, vacuous),
                                _text(entry.get("reason", ""), source, where + "reason"),
                                basis))
    if not any(m.judged for m in measures):
        raise PoliciesError(source, "has no threshold: give at least one measure an at_most or "
                                    "at_least (a measure without one is only reported)",
                            "measure")
    return tuple(measures)


def _threshold(entry: Mapping[str, Any], kind: MeasureKind, source: str, where: str,
               vacuous: list[str]) -> float | None:
    """A measure's threshold (None when it has none: reported, not judged); a threshold
    every world meets whatever happens is noted in ``vacuous``."""
    name = kind.name
    wanted, other = ("at_most", "at_least") if kind.lower_is_better else ("at_least", "at_most")
    better = "lower" if kind.lower_is_better else "higher"
    if other in entry:
        raise PoliciesError(source, f"{name} is better {better}, so its threshold is "
                                    f"{wanted}, not {other}", where + other)
    if wanted not in entry:
        return None
    value = entry[wanted]
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not math.isfinite(value) or not 0 <= value <= kind.high):
        raise PoliciesError(source, f"got {shown(value)}; allowed: {kind.allowed()}",
                            where + wanted)
    if (wanted == "at_least" and value == 0) or (wanted == "at_most" and value >= kind.high):
        vacuous.append(f"{source}: {where}{wanted}: {name} {wanted} = {value:g} is met in "
                       "every run whatever the strategy: it is no threshold (drop it, or "
                       "leave the bound out to only report the measure)")
    return float(value)


def _strategies(raw: Any, source: str) -> tuple[Strategy, ...]:
    entries = _tables(raw, "strategy", source, 'name = "US commits now" with its '
                                               "[strategy.levers]")
    if len(entries) < 2:
        raise PoliciesError(source, f"got {len(entries)} strategy; allowed: two or more to "
                                    "compare (the scenario as it stands is one: a strategy "
                                    "with no levers)", "strategy")
    strategies: list[Strategy] = []
    for number, entry in enumerate(entries, start=1):
        where = f"strategy[{number}]."
        _only(entry, STRATEGY_KEYS, source, where, "key")
        name = _name(entry.get("name"), source, where + "name")
        for other, earlier in enumerate(strategies, start=1):
            if " ".join(earlier.name.split()).casefold() == " ".join(name.split()).casefold():
                raise PoliciesError(source, f'"{name}" also names strategy[{other}]; give each '
                                            "strategy its own name", where + "name")
        levers_raw = entry.get("levers", {})
        if not isinstance(levers_raw, dict):
            raise PoliciesError(source, "must be a table ([strategy.levers]) of parameter = "
                                        'value, e.g. "united_states.stance" = "commits"',
                                where + "levers")
        levers: dict[str, Value] = {}
        for key, value in flatten_table(levers_raw, source, where + "levers").items():
            _check_lever(key, source, where + "levers.")
            add_setting(levers, key, value, source, where + "levers.")
        strategies.append(Strategy(name, tuple(levers.items()),
                                   _text(entry.get("description", ""), source,
                                         where + "description")))
    return tuple(strategies)


def _name(name: Any, source: str, key: str) -> str:
    if (isinstance(name, str) and name.strip() and len(name) <= NAME_LENGTH
            and name.isprintable()):
        return name
    raise PoliciesError(source, f"got {shown(name) if name is not None else 'none'}; allowed: "
                                f"a name of 1 to {NAME_LENGTH} characters on one line, e.g. "
                                '"US commits now"', key)


def _check_lever(key: str, source: str, where: str) -> Param:
    """The parameter ``key`` sets, if it is a lever; else why not, in one line."""
    lever = str(lever_setting(key, 0.0)[0])
    section = lever.split(".", 1)[0]
    if section == "scenario":
        raise PoliciesError(source, "the horizon, runs and seeds are the study's ([robust] and "
                                    "its scenario), not a lever; levers are policies of "
                                    f"{_LEVER_OWNERS}", where + key)
    if section in ("world", "model"):
        what = "how the world works" if section == "world" else "which sub-model runs"
        raise PoliciesError(source, f"{section}.* keys say {what}: in a robust decision that "
                                    "is one of the futures' uncertainties (the plausible worlds "
                                    "vary them), not a lever; levers are policies of "
                                    f"{_LEVER_OWNERS}", where + key)
    if section not in ACTORS:
        hint = did_you_mean(section, (*ACTORS, "world", "model"))
        raise PoliciesError(source, f'unknown actor "{section}"{hint}; levers are policies of '
                                    f"{_LEVER_OWNERS}, e.g. \"united_states.stance\" (see `sim "
                                    "params`)", where + key)
    try:
        param = lookup_param(lever, source)
    except ScenarioError as exc:
        raise PoliciesError(source, exc.detail, where + key) from None
    kind = status(param).kind
    if kind in ("calibrated", "unconstrained"):
        raise PoliciesError(source, f"fitted to the record (`sim params`: {kind}): each "
                                    "plausible world draws its own value, so it is one of the "
                                    "futures' uncertainties, not a lever", where + key)
    if not param.policy:
        raise PoliciesError(source, f"says how {ACTOR_NAMES[section]} decides (`sim params`: "
                                    f"{kind}), an assumption about the future, not a lever; "
                                    "levers are what an actor chooses (status policy)",
                            where + key)
    if section not in LEVER_ACTORS:
        raise PoliciesError(source, f"{ACTOR_NAMES[section]}'s choice, not the West's: to the "
                                    "West it is an uncertainty, not a lever; levers are "
                                    f"policies of {_LEVER_OWNERS}", where + key)
    return param


def critic_folders(path: Path) -> list[Path]:
    """Where a critic's name is looked up: the assumption sets beside the policies file's
    folder (``scenarios/assumptions/`` for ``scenarios/policies/*.toml``), then the working
    folder's ``scenarios/assumptions/``."""
    return list(dict.fromkeys([path.parent.parent / CRITICS_FOLDER,
                               Path("scenarios") / CRITICS_FOLDER]))


def _critics(raw: Any, path: Path, source: str) -> tuple[str, tuple[Critic, ...]]:
    """The critics ``[futures]`` names: how they were asked for ("" when none, "listed" or
    :data:`ALL_THAT_FIT`) and each one read and checked, in the file's order (every set of
    the folder, by name, for "all that fit")."""
    if not isinstance(raw, dict):
        raise PoliciesError(source, "must be a table ([futures])", "futures")
    _only(raw, FUTURES_KEYS, source, "futures.", "key")
    given = raw.get("critics", [])
    folders = critic_folders(path)
    known = sorted({p.stem for folder in folders for p in folder.glob("*.toml")})
    if given == ALL_THAT_FIT:
        folder = next((f for f in folders if f.is_dir()), folders[0])
        files = sorted(folder.glob("*.toml"))
        asked = ALL_THAT_FIT
    elif isinstance(given, list) and all(isinstance(name, str) for name in given):
        files = [_critic_file(name, number, folders, known, path, source)
                 for number, name in enumerate(given, start=1)]
        asked = "listed" if given else ""
    else:
        hint = _critics_hint(given, known)
        raise PoliciesError(source, f"got {shown(given)}{hint}; allowed: a list of critics' "
                                    'assumption sets, e.g. ["ripe_stalemate"], or '
                                    f'"{ALL_THAT_FIT}"', "futures.critics")
    critics: list[Critic] = []
    for number, file in enumerate(files, start=1):
        _, description, values = load_assumptions(file)
        critic = Critic(file.stem, description, tuple(values.items()), str(file))
        if critic.name == ESSAY_WORLD or any(c.name == critic.name for c in critics):
            why = ("names the essay's own world" if critic.name == ESSAY_WORLD
                   else "is named twice")
            raise PoliciesError(source, f'"{critic.name}" {why}; name each critic once, by its '
                                        "assumption set", f"futures.critics[{number}]")
        critics.append(critic)
    return asked, tuple(critics)


def _critics_hint(given: Any, known: list[str]) -> str:
    """A did-you-mean for a string given where a list or "all that fit" goes."""
    if not isinstance(given, str):
        return ""
    if given.strip().casefold().startswith("all"):
        return f' (did you mean "{ALL_THAT_FIT}"?)'
    if given in known:
        return f' (did you mean ["{given}"]?)'
    return did_you_mean(given, (ALL_THAT_FIT,))


def _critic_file(name: str, number: int, folders: list[Path], known: list[str], path: Path,
                 source: str) -> Path:
    """The assumption set a critic's name stands for: a stem in the critics' folder, or a
    path (relative to the policies file's folder, or to the working folder)."""
    key = f"futures.critics[{number}]"
    candidates = [path.parent / name, Path(name)]
    if not name.endswith(".toml"):
        candidates = [folder / f"{name}.toml" for folder in folders] + candidates
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise PoliciesError(source, f'unknown critic "{name}"{did_you_mean(name, known)}; allowed: '
                                f"an assumption set of scenarios/{CRITICS_FOLDER}/ ("
                                + ", ".join(known) + f'), a path to one, or "{ALL_THAT_FIT}"',
                        key)
