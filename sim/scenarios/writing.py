"""A resolved scenario as a scenario file: every parameter and event, so that
`sim run FILE` reproduces exactly the runs it describes (used by `sim app`'s download).
The calibrated parameters its runs draw are written as comments: set, they would be
kept at their default instead of drawn."""

from __future__ import annotations

from sim.scenarios.params import PARAMS, table_name
from sim.scenarios.plausible import drawn_keys
from sim.scenarios.scenario import Scenario
from sim.scenarios.units import START_DATE
from sim.scenarios.values import toml_value


def scenario_toml(scenario: Scenario, header: str = "") -> str:
    """The scenario as TOML (standalone: no ``extends``), parameters in `sim params`
    order, grouped by section; ``header`` becomes leading comment lines."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += ["[scenario]", f"name = {toml_value(scenario.name)}",
              f"description = {toml_value(scenario.description)}",
              f"weeks = {scenario.weeks}", f"replications = {scenario.replications}",
              f"seed = {scenario.seed}"]
    if scenario.start != START_DATE:
        lines.append(f"start = {toml_value(scenario.start)}")
    section = None
    drawn = set(drawn_keys(scenario.params, scenario.pinned))
    for key, param in PARAMS.items():
        if param.section != section:
            section = param.section
            lines += ["", f"[{table_name(section)}]"]
        setting = f"{param.name} = {toml_value(scenario.params[key])}"
        # a drawn parameter written out would be pinned to its default: left as a comment
        lines.append(f"# {setting}  (drawn from the calibration)" if key in drawn else setting)
    for event in scenario.events:
        changes = ", ".join(f"{key} = {toml_value(value)}" for key, value in event.changes.items())
        lines += ["", "[[events]]", f"week = {event.week}", f"set = {{ {changes} }}"]
        if event.note:
            lines.append(f"note = {toml_value(event.note)}")
    return "\n".join(lines) + "\n"
