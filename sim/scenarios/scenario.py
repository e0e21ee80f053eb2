"""The resolved scenario: every parameter has a value, plus the events that change them.

:class:`Scenario` is what the model runs; it is frozen, and its changes
(``with_overrides``, ``with_values``) return new, revalidated scenarios.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any

from sim.errors import ScenarioError
from sim.scenarios.history import replay_digest
from sim.scenarios.plausible import DEFAULTS, model_choice, shipped
from sim.scenarios.units import START_DATE
from sim.scenarios.values import (
    OVERRIDES,
    Value,
    check_name,
    check_scenario_value,
    parse_assignment,
    parse_value,
    toml_value,
)


@dataclass(frozen=True)
class Event:
    """Parameter changes that take effect at the start of ``week``."""

    week: int
    changes: Mapping[str, Value]
    note: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "set": dict(self.changes), "note": self.note}

    def __reduce__(self) -> tuple:
        # Sent to worker processes: a read-only mapping does not pickle, a dict does.
        return (_event, (self.week, dict(self.changes), self.note, self.source))


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario: every parameter has a value."""

    name: str
    description: str
    weeks: int
    replications: int
    seed: int
    params: Mapping[str, Value]
    events: tuple[Event, ...] = ()
    source: str = "<python>"
    overrides: tuple[str, ...] = ()
    start: datetime.date = START_DATE  # the calendar date of week 0
    #: The parameters the scenario sets itself (its file, the files it extends, --set):
    #: a calibrated one keeps its value even where that is the default.
    pinned: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # The name may label a results folder or a zip entry: it must never be a path.
        check_name(self.name, self.source)
        if self.params.get("world.start") == "replay" and self.start != START_DATE:
            raise ScenarioError(self.source, f"got {self.start.isoformat()}, but world.start = "
                                '"replay" starts where the record\'s replay ends; allowed: '
                                f"{START_DATE.isoformat()}, or set world.start to "
                                '"status_quo" or "scenario_balance"', "scenario.start")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the manifest (JSON-serializable)."""
        return {
            "name": self.name,
            "description": self.description,
            "weeks": self.weeks,
            "start": self.start.isoformat(),
            "replications": self.replications,
            "seed": self.seed,
            "source": self.source,
            "overrides": list(self.overrides),
            "pinned": sorted(self.pinned),  # set by the scenario itself, never drawn
            "params": dict(self.params),
            "events": [e.to_dict() for e in self.events],
        }

    def __reduce__(self) -> tuple:
        # Sent to worker processes: a read-only mapping does not pickle, a dict does.
        return (_scenario, (self.name, self.description, self.weeks, self.replications,
                            self.seed, dict(self.params), self.events, self.source,
                            self.overrides, self.start, self.pinned))

    @cached_property
    def identity(self) -> str:
        """What this scenario's runs depend on (horizon, every parameter, every event), as a
        short digest: scenarios written differently that mean the same runs share it."""
        events = [(e.week, sorted(e.changes.items())) for e in self.events]
        key = [self.weeks, sorted(self.params.items()), events]
        if self.start != START_DATE:  # (so that identities from before dates stay put)
            key.append(self.start.isoformat())
        if self.params.get("world.start") == "replay":  # the replay its runs start from
            key.append(replay_digest())
        if self.params.get("world.parameter_sets", DEFAULTS) != DEFAULTS:  # what they draw
            calibration = shipped(model_choice(self.params))
            key.append(calibration.digest)
            kept = sorted(self.pinned & set(calibration.keys))  # kept, even at the default
            if kept:
                key.append(kept)
        return hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()[:16]

    def with_values(self, values: Mapping[str, Value]) -> Scenario:
        """Apply already-validated parameter values (recorded like ``--set``)."""
        return self.with_overrides(f"{key}={toml_value(value)}" for key, value in values.items())

    def with_overrides(self, assignments: Iterable[str]) -> Scenario:
        """Apply ``key=value`` strings (the CLI's ``--set``) and revalidate.

        Keys are parameters (``world.unity``) or ``[scenario]`` keys
        (``scenario.weeks``), exactly as a file can set them.
        """
        params = dict(self.params)
        table: dict[str, Any] = {}
        applied = list(self.overrides)
        assigned: list[str] = []
        for assignment in assignments:
            key, raw = assignment.partition("=")[::2]
            if key.strip().startswith("scenario."):
                name = key.strip().removeprefix("scenario.")
                table[name] = check_scenario_value(name, parse_value(raw.strip()), OVERRIDES,
                                                   settable=True)
            else:
                key, value = parse_assignment(assignment)
                params[key] = value
                assigned.append(key)
            applied.append(assignment)
        changed = replace(self, params=MappingProxyType(params), overrides=tuple(applied),
                          pinned=self.pinned | frozenset(assigned), **table)
        for event in changed.events:
            if event.week >= changed.weeks:
                raise ScenarioError(OVERRIDES, f"the horizon is now {changed.weeks} weeks but "
                                             f"an event is at week {event.week}; allowed: "
                                             f"weeks above {event.week}", "scenario.weeks")
        return changed



def _event(week: int, changes: dict[str, Value], note: str, source: str) -> Event:
    return Event(week, MappingProxyType(changes), note, source)


def _scenario(name: str, description: str, weeks: int, replications: int, seed: int,
              params: dict[str, Value], events: tuple[Event, ...], source: str,
              overrides: tuple[str, ...], start: datetime.date,
              pinned: frozenset[str]) -> Scenario:
    return Scenario(name, description, weeks, replications, seed, MappingProxyType(params),
                    events, source, overrides, start, pinned)
