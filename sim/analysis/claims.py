"""The essay's claims as data: claim files in, validated :class:`Claim` objects out.

A claim file (``claims/C4.toml``) names the arms it compares (a scenario plus
``set`` overrides, optionally a subgroup of runs) and the checks that decide it.
A check is a measure's linear combination over arms (a level, a difference or
an interaction), the direction the essay asserts and the margin that counts.
See docs/claims.md, "Writing a claim", for the format.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.measures import AFTER_DECISION, MEASURES, Condition, parse_where
from sim.ensemble.results import DECISION_WINDOW_WEEKS
from sim.errors import ClaimError, ScenarioError, SimError, reported_as
from sim.scenarios.loading import find_scenario, load_scenario
from sim.scenarios.tomlfile import read_toml
from sim.scenarios.values import (
    Value,
    add_setting,
    check_scenario_value,
    did_you_mean,
    flatten_table,
    shown,
)


class Direction(StrEnum):
    """What a check asserts of its effect, against its margin."""

    ABOVE = "above"
    BELOW = "below"
    WITHIN = "within"


class Verdict(StrEnum):
    """Every verdict a check or claim can get, in the order reports count them."""

    SUPPORTED = "supported"
    CALIBRATED = "calibrated"
    NOT_SUPPORTED = "not supported"
    INCONCLUSIVE = "inconclusive"
    UNTESTABLE = "untestable"
    #: A claim's only (never a check's or a point's): its verdict flips within the plausible
    #: range of one judgement parameter (sim.analysis.assumed).
    ASSUMED = "assumed"

    @property
    def code(self) -> int:
        """The verdict as a small integer (its place in :data:`VERDICTS`), for arrays."""
        return VERDICTS.index(self)


DIRECTIONS = tuple(Direction)
VERDICTS = tuple(Verdict)
#: What a check, or a claim at one point of a space, can get.
POINT_VERDICTS = tuple(v for v in Verdict if v is not Verdict.ASSUMED)
#: Worst first: one check with one of these decides its claim (see :func:`combine`).
_WORST_FIRST = (Verdict.NOT_SUPPORTED, Verdict.INCONCLUSIVE, Verdict.UNTESTABLE)
#: A share this close to 0 (or 1) in every arm is at a floor (ceiling): see :func:`at_a_bound`.
BOUND_SHARE = 0.02
CLAIM_KEYS = ("id", "paragraph", "title", "essay", "claim", "compares", "base", "arms",
              "checks")
ARM_KEYS = ("scenario", "set", "weeks", "where", "label")
CHECK_KEYS = ("name", "metric", "effect", "direction", "margin")
#: The President's decision delay: where a window after his decision starts.
DELAY_KEY = "united_states.decision_delay_weeks"
#: Summary columns a ``where`` may test.
WHERE_COLUMNS = ("outcome", "talks_week", "serious_talks_week", "ceasefire_week",
                 "relapse_week", "settlement", "ceasefire_route", "russia_held_km2",
                 "russia_gain_km2", "russia_gain_km2_min", "russia_gain_km2_max",
                 "russia_gain_km2_mean", "russia_gain_km2_at_talks",
                 "russia_gain_km2_at_ceasefire", "russia_trend_at_serious_talks", "weeks_in_ceasefire",
                 "final_russia_capacity", "final_time_belief", "mean_time_belief",
                 "final_unity", "aid_us_eur_bn_a_year", "aid_europe_eur_bn_a_year",
                 "aid_effective_eur_bn_a_year", "russia_fossil_revenue_eur_bn_a_month",
                 "mean_force_balance", "us_decision_week", "russia_gain_km2_after_decision",
                 "time_belief_after_decision", "escalation_week")


@dataclass(frozen=True)
class Arm:
    """One condition a claim compares: a scenario file, overrides, and a subgroup."""

    name: str
    scenario: Path
    changes: Mapping[str, Value]
    where: tuple[Condition, ...] = ()
    where_text: str = ""
    label: str = ""
    #: The arm's horizon, when it must differ from its scenario file's (a measure over a
    #: window after a decision needs room for the window).
    weeks: int | None = None


@dataclass(frozen=True)
class Check:
    """``sum(weight * measure(arm))`` must be above/below/within ``margin``."""

    name: str
    metric: str
    effect: Mapping[str, float]
    direction: str
    margin: float

    @property
    def is_difference(self) -> bool:
        """A difference or interaction (weights sum to 0), as opposed to a level."""
        return abs(sum(self.effect.values())) < 1e-12

    def describe(self) -> str:
        terms = " ".join(f"{'-' if w < 0 else '+'} {'' if abs(w) == 1 else f'{abs(w):g} x '}{a}"
                         for a, w in self.effect.items()).removeprefix("+ ")
        return f"{self.metric}: {terms} {self.direction} {self.margin:g}"


@dataclass(frozen=True)
class Claim:
    """A conditional claim of the essay, as a comparison anyone can run."""

    id: str
    paragraph: str
    title: str
    essay: str
    claim: str
    compares: str
    arms: Mapping[str, Arm]
    checks: tuple[Check, ...]
    source: str


def verdict(direction: str, margin: float, low: float, high: float) -> Verdict:
    """Supported when the whole 95% interval clears the margin in the asserted
    direction, not supported when it wholly misses it, inconclusive otherwise.

    (A measure that cannot move is ``untestable``; the evaluation decides that
    before calling this.)"""
    if math.isnan(low) or math.isnan(high):
        return Verdict.INCONCLUSIVE
    if direction == Direction.ABOVE:
        clears, misses = low > margin, high <= margin
    elif direction == Direction.BELOW:
        clears, misses = high < margin, low >= margin
    elif direction == Direction.WITHIN:
        clears, misses = -margin <= low and high <= margin, low > margin or high < -margin
    else:
        raise ValueError(f"unknown direction {shown(direction)}")
    return (Verdict.SUPPORTED if clears else Verdict.NOT_SUPPORTED if misses
            else Verdict.INCONCLUSIVE)


def at_a_bound(check: Check, unit: str, lows: np.ndarray,
               highs: np.ndarray) -> np.ndarray:
    """Whether a difference of shares sits at a floor or a ceiling (one answer per point;
    ``lows``/``highs``: arms x points, each arm's 95% interval of the share).

    At a floor every arm's share lies below :data:`BOUND_SHARE` (the event happens in
    fewer than 2 runs in 100 whatever the arm), or below the margin if that is smaller;
    at a ceiling every arm's lies as close to 1. There the check can find neither the
    effect the essay asserts nor its absence (delay cannot lower agreements that never
    happen), so it is no evidence either way. A level is the claim itself, so only
    differences are tested; a measure that is not a share has no bound.
    """
    lows, highs = np.atleast_2d(lows), np.atleast_2d(highs)
    if unit != "share" or not check.is_difference:
        return np.zeros(lows.shape[1], dtype=bool)
    room = min(abs(check.margin), BOUND_SHARE)
    with np.errstate(invalid="ignore"):
        return (highs < room).all(axis=0) | (lows > 1 - room).all(axis=0)


def points_the_other_way(check: Check, low: np.ndarray | float,
                         high: np.ndarray | float) -> np.ndarray:
    """Whether an effect not supported points the other way from the essay, clearly
    (one answer per interval given).

    A difference does when its whole interval lies on the other side of zero (for
    "within", beyond twice the margin); a level always does (its whole interval lies on
    the wrong side of its margin, or it would not be "not supported").
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if not check.is_difference:
        return np.ones(low.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        if check.direction == Direction.ABOVE:
            return high < 0
        if check.direction == Direction.BELOW:
            return low > 0
        return (low > 2 * check.margin) | (high < -2 * check.margin)


def reversed_effect(check: Check, verdict_: str, low: float, high: float) -> bool:
    """Whether a check's verdict and interval say its effect is clearly the other way."""
    return verdict_ == Verdict.NOT_SUPPORTED and bool(points_the_other_way(check, low, high))


def combine_codes(check_codes: np.ndarray) -> np.ndarray:
    """A claim's verdict codes from its checks' (checks x points): a claim holds where all
    its checks do; one failed check fails it, one open check leaves it open, and one that
    cannot move leaves it untestable."""
    verdicts = np.full(check_codes.shape[1:], Verdict.SUPPORTED.code, dtype=np.int8)
    for worst in reversed(_WORST_FIRST):  # the worst is written last
        verdicts[(check_codes == worst.code).any(axis=0)] = worst.code
    return verdicts


def combine(verdicts: Sequence[str]) -> Verdict:
    """:func:`combine_codes` for one claim at one point."""
    codes = np.array([[Verdict(v).code] for v in verdicts], dtype=np.int8)
    return VERDICTS[int(combine_codes(codes)[0])]


def load_claims(paths: Sequence[str | Path]) -> list[Claim]:
    """Every claim in ``paths`` (claim files, or folders of ``*.toml``), ordered by id."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(path.glob("*.toml"))
        elif path.is_file():
            files.append(path)
        else:
            raise ClaimError(str(path), "no such claims file or folder; give a claim file "
                                        "or a folder of them, e.g. claims/")
    if not files:
        raise ClaimError(", ".join(map(str, paths)), "no claim files (*.toml) found")
    claims = [load_claim(f) for f in files]
    seen: dict[str, str] = {}
    for claim in claims:
        if claim.id in seen:
            raise ClaimError(claim.source, f'claim id "{claim.id}" is also used by '
                                           f"{seen[claim.id]}; ids must be unique", "id")
        seen[claim.id] = claim.source
    return sorted(claims, key=_id_order)


def _id_order(claim: Claim) -> tuple[Any, ...]:
    match = re.fullmatch(r"([A-Za-z]*)(\d+)(.*)", claim.id)
    return (match[1], int(match[2]), match[3]) if match else (claim.id, 0, "")


def load_claim(path: Path) -> Claim:
    """Read and check one claim file; every error names the file and key."""
    with reported_as(ClaimError):
        return _load_claim(path)


def _load_claim(path: Path) -> Claim:
    source = str(path)
    raw = read_toml(path, "give the path of a claim file (see claims/)", ClaimError)
    _only(raw, CLAIM_KEYS, source, "")
    text = {key: _string(raw, key, source, required=key in ("id", "claim"))
            for key in ("id", "paragraph", "title", "essay", "claim", "compares")}
    base = _resolve_scenario(raw.get("base", "baseline"), path, source, "base")
    arms_raw = raw.get("arms")
    if not isinstance(arms_raw, dict) or not arms_raw:
        raise ClaimError(source, "needs an [arms] table with at least one arm, e.g. "
                                 "[arms.committed] set = { united_states.stance = "
                                 '"commits" }', "arms")
    arms = {name: _arm(name, spec, base, path, source) for name, spec in arms_raw.items()}
    checks_raw = raw.get("checks")
    if not isinstance(checks_raw, list) or not checks_raw:
        raise ClaimError(source, "needs at least one [[checks]] table", "checks")
    checks = tuple(_check(i, spec, arms, source) for i, spec in enumerate(checks_raw))
    _check_windows(checks, arms, source)
    return Claim(text["id"], text["paragraph"], text["title"] or text["id"], text["essay"],
                 text["claim"], text["compares"], arms, checks, source)


def _check_windows(checks: Sequence[Check], arms: Mapping[str, Arm], source: str) -> None:
    """An arm a ``*_after_decision`` measure reads must run long enough for the window
    after its President's decision; else the claim is refused before any run."""
    for name in sorted({arm for check in checks if check.metric in AFTER_DECISION
                        for arm in check.effect}):
        arm = arms[name]
        scenario = load_scenario(arm.scenario)
        weeks = arm.weeks or scenario.weeks
        delay = arm.changes.get(DELAY_KEY, scenario.params[DELAY_KEY])
        if int(delay) + DECISION_WINDOW_WEEKS > weeks:
            raise ClaimError(source, f"runs {weeks} weeks, but its measure after the decision "
                                     f"needs {DECISION_WINDOW_WEEKS} weeks after week "
                                     f"{int(delay)}; allowed: weeks = "
                                     f"{int(delay) + DECISION_WINDOW_WEEKS} or more",
                             f"arms.{name}.weeks")


def _only(table: Mapping[str, Any], allowed: Sequence[str], source: str, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise ClaimError(source, f"unknown key{did_you_mean(key, allowed)}; allowed: "
                                        + ", ".join(allowed), prefix + key)


def _string(raw: Mapping[str, Any], key: str, source: str, required: bool = False) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ClaimError(source, f"got {shown(value)}; allowed: "
                                    f"{'a non-empty' if required else 'a'} string", key)
    return " ".join(value.split())


def _resolve_scenario(name: Any, claim_path: Path, source: str, key: str) -> Path:
    """A scenario named by file stem (``us_commits``: scenarios/us_commits.toml) or path."""
    folders = [claim_path.parent.parent / "scenarios", Path("scenarios")]
    return find_scenario(name, source, key, folders, claim_path.parent, ClaimError)


def _arm(name: str, spec: Any, base: Path, path: Path, source: str) -> Arm:
    prefix = f"arms.{name}."
    if not isinstance(spec, dict):
        raise ClaimError(source, "must be a table (scenario, set, where, label)",
                            prefix.rstrip("."))
    _only(spec, ARM_KEYS, source, prefix)
    scenario = (_resolve_scenario(spec["scenario"], path, source, prefix + "scenario")
                if "scenario" in spec else base)
    changes_raw = spec.get("set", {})
    if not isinstance(changes_raw, dict):
        raise ClaimError(source, "must be a table, e.g. set = { world.unity = 0.9 }",
                            prefix + "set")
    changes: dict[str, Value] = {}
    for key, value in flatten_table(changes_raw, source, prefix + "set").items():
        add_setting(changes, key, value, source, f"{prefix}set.", ClaimError)
    where_text = spec.get("where", "")
    if not isinstance(where_text, str):
        raise ClaimError(source, f"got {shown(where_text)}; allowed: a condition string",
                            prefix + "where")
    try:
        where = parse_where(where_text, WHERE_COLUMNS) if where_text.strip() else ()
    except SimError as exc:
        raise ClaimError(source, str(exc), prefix + "where") from None
    label = spec.get("label", name)
    weeks = _arm_weeks(spec.get("weeks"), source, prefix + "weeks")
    return Arm(name, scenario, changes, where, where_text.strip(), str(label), weeks)


def _arm_weeks(value: Any, source: str, key: str) -> int | None:
    """An arm's own horizon, checked as ``scenario.weeks`` is (None: its file's)."""
    if value is None:
        return None
    try:
        return check_scenario_value("weeks", value, source, settable=True)
    except ScenarioError as exc:
        raise ClaimError(source, exc.detail, key) from None


def _check(index: int, spec: Any, arms: Mapping[str, Arm], source: str) -> Check:
    prefix = f"checks[{index}]."
    if not isinstance(spec, dict):
        raise ClaimError(source, "must be a table", prefix.rstrip("."))
    _only(spec, CHECK_KEYS, source, prefix)
    metric = spec.get("metric")
    if not isinstance(metric, str) or metric not in MEASURES:
        raise ClaimError(source, f"got {shown(metric)}{did_you_mean(str(metric), MEASURES)}; "
                                    "allowed: " + ", ".join(MEASURES), prefix + "metric")
    effect = spec.get("effect")
    if not isinstance(effect, dict) or not effect:
        raise ClaimError(source, "must be a table of arm weights, e.g. effect = "
                                    "{ committed = 1, hesitant = -1 }", prefix + "effect")
    for arm, weight in effect.items():
        if arm not in arms:
            raise ClaimError(source, f'unknown arm "{arm}"{did_you_mean(arm, arms)}; '
                                        "arms: " + ", ".join(arms), prefix + "effect")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight == 0:
            raise ClaimError(source, f"got {shown(weight)} for {arm}; allowed: a non-zero "
                                        "number", prefix + "effect")
    direction = spec.get("direction")
    if direction not in DIRECTIONS:
        raise ClaimError(source, f"got {shown(direction)}"
                                    f"{did_you_mean(str(direction), DIRECTIONS)}; allowed: "
                                    + ", ".join(DIRECTIONS), prefix + "direction")
    margin = spec.get("margin")
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not math.isfinite(
            margin) or (direction == "within" and margin < 0):
        raise ClaimError(source, f"got {shown(margin)}; allowed: a number (not negative for "
                                    '"within")', prefix + "margin")
    name = spec.get("name", "")
    check = Check(str(name) if name else "", metric,
                  {a: float(w) for a, w in effect.items()}, direction, float(margin))
    if check.is_difference:
        _check_margin_side(check, source, prefix)
    return check


def _check_margin_side(check: Check, source: str, prefix: str) -> None:
    """A difference must clear a non-zero margin on the side the essay asserts.

    "Delay hurts" is below -0.05, not below +0.02: a margin on the other side of
    zero would count no effect at all as support.
    """
    wanted = {"above": (lambda m: m > 0, "a positive margin, e.g. 0.05"),
              "below": (lambda m: m < 0, "a negative margin, e.g. -0.05"),
              "within": (lambda m: m > 0, "a positive margin, e.g. 0.05")}
    ok, allowed = wanted[check.direction]
    if not ok(check.margin):
        raise ClaimError(source, f'got {check.margin:g} for a difference "{check.direction}"; '
                                    f"allowed: {allowed} (a margin of zero or on the other "
                                    "side would count no effect as support)",
                            prefix + "margin")
