"""A move in a wargame: saved runs continued from a date under new levers.

A *move* sets levers (policy parameters of the West's actors, the levers of `sim robust`:
:data:`MOVE_LEVERS`) from a date on. The continued scenario is the saved one with one
more event, at the week of that date, setting the levers that change: the same runs (the
same seeds, one to one) are then identical up to that week and go on under the new
levers from it, as a scenario event at that week would have them. A move that changes
no lever adds no event, so its runs are the saved runs, byte for byte.

The date is snapped to the first week that starts on or after it (weeks count from the
scenario's start, the essay's date 2025-09-04 for the shipped scenarios), so nothing
before the date changes; week 0 is the start itself, which a move cannot change (a
week-0 setting reaches the replay before it: :mod:`sim.scenarios.branch`).

:func:`continued` is the one continuation function: `sim run --from FOLDER --at DATE`
and the page's "Go on" both call it.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.errors import ScenarioError, argument
from sim.scenarios.loading import file_settings, load_scenario
from sim.scenarios.params import ACTOR_NAMES, PARAMS
from sim.scenarios.policies import LEVER_ACTORS
from sim.scenarios.scenario import Event, Scenario
from sim.scenarios.values import (
    OVERRIDES,
    Value,
    check_value,
    did_you_mean,
    parse_assignment,
    toml_value,
)

#: The parameters a move may set: each a policy of one of the West's actors (the
#: levers of `sim robust`, :data:`sim.scenarios.policies.LEVER_ACTORS`).
MOVE_LEVERS: tuple[str, ...] = tuple(key for key, param in PARAMS.items()
                                     if param.policy and param.section in LEVER_ACTORS)
#: How an error names the move's date.
AT = argument("at")


@dataclass(frozen=True)
class Move:
    """A move: the date asked for, the week it takes effect in, the levers it changes and
    those it was given that are already in force at that week (no change)."""

    asked: datetime.date
    week: int
    start: datetime.date
    changes: Mapping[str, Value] = field(default_factory=dict)
    unchanged: tuple[str, ...] = ()

    @property
    def date(self) -> datetime.date:
        """The first day of the move's week (the date snapped to the week)."""
        return self.start + datetime.timedelta(days=7 * self.week)

    def describe(self) -> str:
        """One line: when the move takes effect and what it changes."""
        when = (f"{self.asked.isoformat()} is week {self.week}" if self.asked == self.date
                else f"{self.asked.isoformat()} is in week {self.week}, which starts "
                     f"{self.date.isoformat()}")
        if not self.changes:
            return f"{when}: the move changes no lever, so these are the saved runs"
        moved = ", ".join(f"{key} = {toml_value(value)}" for key, value in self.changes.items())
        return f"{when}: from it, {moved}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a manifest."""
        return {"at": self.asked.isoformat(), "week": self.week,
                "week_starts": self.date.isoformat(), "levers": dict(self.changes),
                "already_in_force": list(self.unchanged)}


def check_lever(key: str, source: str = OVERRIDES) -> str:
    """``key`` if a move may set it; else a one-line error naming it and the levers."""
    if key in MOVE_LEVERS:
        return key
    raise ScenarioError(source, f"{_not_a_lever(key)}, so not a lever a move can set"
                                f"{did_you_mean(key, MOVE_LEVERS)}; levers (the policies of "
                                f"the West's actors): {', '.join(MOVE_LEVERS)}", key)


def _not_a_lever(key: str) -> str:
    """Why ``key`` is no lever, in a few words."""
    param = PARAMS.get(key)
    if param is None:
        return "not a parameter"
    if not param.policy:
        return "an assumption (how the world works or how an actor decides), not a policy"
    if param.section in ACTOR_NAMES:
        return f"{ACTOR_NAMES[param.section]}'s choice, not the West's"
    return "a setting of the world, not one actor's choice"


def parse_date(text: str | datetime.date) -> datetime.date:
    """An ISO date (YYYY-MM-DD), or a one-line error."""
    if isinstance(text, datetime.date):
        return text
    try:
        if len(text.strip()) == 10:
            return datetime.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise ScenarioError(AT, f'got "{text}"; allowed: a date as YYYY-MM-DD, e.g. 2026-03-05')


def move_week(scenario: Scenario, at: str | datetime.date) -> tuple[datetime.date, int]:
    """The date ``at`` and the first week that starts on or after it; refused unless it is
    after the scenario's start and within its horizon (weeks 1 to ``weeks`` - 1)."""
    asked = parse_date(at)
    days = (asked - scenario.start).days
    week = -(-days // 7)
    last = scenario.start + datetime.timedelta(days=7 * (scenario.weeks - 1))
    if days <= 0 or week >= scenario.weeks:
        raise ScenarioError(AT, f"got {asked.isoformat()}; allowed: a date after the runs' "
                                f"start {scenario.start.isoformat()} and by "
                                f"{last.isoformat()} (week {scenario.weeks - 1}, the last "
                                f"of their {scenario.weeks} weeks that can change)")
    return asked, week


def in_force(scenario: Scenario, week: int) -> dict[str, Value]:
    """The parameters in force in ``week`` after the scenario's own events of that week."""
    params = dict(scenario.params)
    for event in scenario.events:
        if event.week <= week:
            params.update(event.changes)
    return params


def continued(scenario: Scenario, at: str | datetime.date,
              levers: Mapping[str, Value]) -> tuple[Scenario, Move]:
    """``scenario``'s runs continued from the date ``at`` under ``levers`` (lever key ->
    value): the same scenario with one more event, at the week of ``at``, setting the
    levers that change. Levers already at their value in force add nothing; with none
    changing, the scenario is returned as it is (its runs are the saved runs)."""
    asked, week = move_week(scenario, at)
    now = in_force(scenario, week)
    changes: dict[str, Value] = {}
    for key, value in levers.items():
        checked = check_value(PARAMS[check_lever(key)], value, OVERRIDES)
        if checked != now[key]:
            changes[key] = checked
    unchanged = tuple(key for key in levers if key not in changes)
    move = Move(asked, week, scenario.start, MappingProxyType(changes), unchanged)
    if not changes:
        return scenario, move
    event = Event(week, MappingProxyType(changes), note=f"a move at {asked.isoformat()}")
    return replace(scenario, events=(*scenario.events, event)), move


def move_levers(assignments: Sequence[str] = (),
                move_file: str | Path | None = None) -> dict[str, Value]:
    """The levers a move sets: those a scenario file sets itself (``move_file``; not what
    it extends; it may hold no events), then ``key=value`` assignments (``--set``) on
    top, each a lever (:func:`check_lever`)."""
    levers: dict[str, Value] = {}
    if move_file is not None:
        source = str(move_file)
        if load_scenario(move_file).events:
            raise ScenarioError(source, "a move's file sets levers from the move's date on; "
                                        "it may hold no events (make each its own move)",
                                "events")
        _no_run_settings(Path(move_file))
        for key, value in file_settings(move_file).items():
            levers[check_lever(key, source)] = value
    for assignment in assignments:
        key, value = parse_assignment(assignment)
        levers[check_lever(key)] = value
    return levers


#: What a move file may not set: the saved runs' own, which a continuation keeps.
RUN_SETTINGS = ("weeks", "replications", "seed", "start")


def _no_run_settings(path: Path) -> None:
    """A move changes levers from a date; the runs, their seed, length and start stay the
    saved ones (so that they pair), so a move file that sets them is refused, not ignored."""
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("scenario", {})
    for key in RUN_SETTINGS:
        if isinstance(table, dict) and key in table:
            raise ScenarioError(str(path), "a move keeps the saved runs' own runs, seed, "
                                           "length and start, so that they pair one to one; "
                                           "drop it from the move's file", f"scenario.{key}")


def recorded_scenario(data: Any, source: str) -> Scenario:
    """The scenario a manifest recorded (:meth:`Scenario.to_dict`), rebuilt and checked:
    every parameter of this model, each of its type and range. ``source`` names the
    manifest in errors."""
    if not isinstance(data, Mapping):
        raise ScenarioError(source, "no scenario recorded", "scenario")
    try:
        params = dict(data["params"])
        unknown = sorted(set(params) ^ set(PARAMS))
        if unknown:
            raise ScenarioError(source, f"records other parameters than this model's "
                                        f"({unknown[0]}...)", "scenario.params")
        checked = {key: check_value(PARAMS[key], value, source, f"scenario.params.{key}")
                   for key, value in params.items()}
        events = tuple(_recorded_event(e, source) for e in data["events"])
        return Scenario(str(data["name"]), str(data["description"]), int(data["weeks"]),
                        int(data["replications"]), int(data["seed"]),
                        MappingProxyType(checked), events, str(data["source"]),
                        tuple(map(str, data["overrides"])),
                        datetime.date.fromisoformat(data["start"]),
                        frozenset(map(str, data["pinned"])))
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError(source, f"its scenario is not as `sim run` records one ({exc})",
                            "scenario") from None


def _recorded_event(data: Mapping[str, Any], source: str) -> Event:
    changes = {key: check_value(PARAMS[key], value, source, f"scenario.events.{key}")
               for key, value in dict(data["set"]).items()}
    return Event(int(data["week"]), MappingProxyType(changes), str(data.get("note", "")))


def lever_assignments(levers: Mapping[str, Value]) -> list[str]:
    """``--set`` arguments that set ``levers`` again (for a reproduce command)."""
    return [arg for key, value in levers.items() for arg in ("--set", f"{key}={toml_value(value)}")]


def levers_in(keys: Iterable[str]) -> list[str]:
    """Those of ``keys`` that are levers a move can set (for the page's controls)."""
    return [key for key in keys if key in MOVE_LEVERS]
