"""What `sim check` reports: a scenario validated, what it changes, and what cannot act."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.model.relevance import inert_parameters
from sim.scenarios.loading import load_scenario
from sim.scenarios.params import defaults
from sim.scenarios.plausible import departures
from sim.scenarios.values import toml_value


@dataclass(frozen=True)
class CheckReport:
    """One scenario checked: what it is and changes (``lines`` for people; ``changes``
    and ``events`` for scripts), warnings, or the error that made it invalid."""

    path: str
    lines: list[str]
    warnings: list[str]
    error: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def check_scenarios(paths: Sequence[str | Path], assignments: tuple[str, ...] = (),
                    named: Callable[[str], str] = str) -> list[CheckReport]:
    """Every file checked, the invalid ones too (each says what is wrong, its arguments
    named by ``named``: a command's flags, say)."""
    reports = []
    for path in paths:
        try:
            reports.append(check_scenario(path, assignments))
        except SimError as exc:
            reports.append(CheckReport(str(path), [], [], named(exc.template)))
    return reports


def check_scenario(path: str | Path, assignments: tuple[str, ...] = ()) -> CheckReport:
    """Load and validate ``path`` (with ``--set`` assignments); values are shown as TOML."""
    scenario = load_scenario(path, assignments)
    base = defaults()
    runs = "run" if scenario.replications == 1 else "runs"
    changes = [{"key": key, "value": value, "default": base[key]}
               for key, value in scenario.params.items() if base[key] != value]
    events = [{"week": e.week, "set": dict(e.changes), "note": e.note} for e in scenario.events]
    lines = [f"{path}: ok - {scenario.name}, {scenario.weeks} weeks, "
             f"{scenario.replications} {runs}, seed {scenario.seed}"]
    lines += [f"  {c['key']} = {toml_value(c['value'])}  (default {toml_value(c['default'])})"
              for c in changes]
    for event in scenario.events:
        set_ = ", ".join(f"{k} = {toml_value(v)}" for k, v in event.changes.items())
        note = f"  # {event.note}" if event.note else ""
        lines.append(f"  week {event.week}: {set_}{note}")
    warnings = [f"{path}: {line}" for line in [i.message() for i in inert_parameters(scenario)]
                + departures(scenario.params, scenario.pinned)]
    return CheckReport(str(path), lines, warnings, changes=changes, events=events)
