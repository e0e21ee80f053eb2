"""The resolved scenario: every parameter has a value, plus the events that change them.

:class:`Scenario` is what the model runs; it is frozen, and its changes
(``with_overrides``, ``with_values``) return new, revalidated scenarios.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from sim.scenarios.values import Value, parse_assignment, toml_value

#: Keys of the ``[scenario]`` table: (type, low, high, default, meaning).
SCENARIO_KEYS: dict[str, tuple[type, int | None, int | None, Any, str]] = {
    "name": (str, None, None, None, "scenario name (default: the file's stem)"),
    "description": (str, None, None, "", "what the scenario explores and which claims"),
    "weeks": (int, 1, 1040, 104, "horizon in weeks (one step is one week)"),
    "replications": (int, 1, 1_000_000, 200, "runs in the ensemble (--reps overrides)"),
    "seed": (int, 0, 2**63 - 1, 0, "master seed (--seed overrides)"),
    "extends": (str, None, None, None, "a scenario file this one builds on, relative "
                                       "to this file"),
}


@dataclass(frozen=True)
class Event:
    """Parameter changes that take effect at the start of ``week``."""

    week: int
    changes: Mapping[str, Value]
    note: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "set": dict(self.changes), "note": self.note}


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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the manifest (JSON-serializable)."""
        return {
            "name": self.name,
            "description": self.description,
            "weeks": self.weeks,
            "replications": self.replications,
            "seed": self.seed,
            "source": self.source,
            "overrides": list(self.overrides),
            "params": dict(self.params),
            "events": [e.to_dict() for e in self.events],
        }

    def with_values(self, values: Mapping[str, Value]) -> Scenario:
        """Apply already-validated parameter values (recorded like ``--set``)."""
        return self.with_overrides(f"{key}={toml_value(value)}" for key, value in values.items())

    def with_overrides(self, assignments: Iterable[str]) -> Scenario:
        """Apply ``key=value`` strings (the CLI's ``--set``) and revalidate."""
        params = dict(self.params)
        applied = list(self.overrides)
        for assignment in assignments:
            key, value = parse_assignment(assignment)
            params[key] = value
            applied.append(assignment)
        return replace(self, params=MappingProxyType(params), overrides=tuple(applied))

