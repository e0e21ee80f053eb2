"""What `sim check` prints: a scenario validated, what it changes, and what cannot act."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.errors import SimError
from sim.model.relevance import inert_parameters
from sim.scenarios.loading import load_scenario
from sim.scenarios.params import defaults
from sim.scenarios.values import toml_value


@dataclass(frozen=True)
class CheckReport:
    """One scenario checked: lines for standard output, warnings for standard error, and
    the error that made it invalid (then nothing else)."""

    path: str
    lines: list[str]
    warnings: list[str]
    error: str = ""


def check_scenarios(paths: Sequence[str | Path],
                    assignments: tuple[str, ...] = ()) -> list[CheckReport]:
    """Every file checked, the invalid ones too (each says what is wrong)."""
    reports = []
    for path in paths:
        try:
            reports.append(check_scenario(path, assignments))
        except SimError as exc:
            reports.append(CheckReport(str(path), [], [], exc.template))
    return reports


def check_scenario(path: str | Path, assignments: tuple[str, ...] = ()) -> CheckReport:
    """Load and validate ``path`` (with ``--set`` assignments); values are shown as TOML."""
    scenario = load_scenario(path, assignments)
    base = defaults()
    runs = "run" if scenario.replications == 1 else "runs"
    lines = [f"{path}: ok - {scenario.name}, {scenario.weeks} weeks, "
             f"{scenario.replications} {runs}, seed {scenario.seed}"]
    for key, value in scenario.params.items():
        if base[key] != value:
            lines.append(f"  {key} = {toml_value(value)}  (default {toml_value(base[key])})")
    for event in scenario.events:
        changes = ", ".join(f"{k} = {toml_value(v)}" for k, v in event.changes.items())
        note = f"  # {event.note}" if event.note else ""
        lines.append(f"  week {event.week}: {changes}{note}")
    warnings = [f"{path}: {inert.message()}" for inert in inert_parameters(scenario)]
    return CheckReport(str(path), lines, warnings)
