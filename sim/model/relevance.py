"""No silent no-ops: which changed parameters cannot affect a run, and why (each actor's
rules, in :mod:`sim.model.agents.rules`, applied to a scenario).

A parameter a scenario (or ``--set``, or an event) changes from its default must
either be able to move the run or draw a warning saying why not and what would
make it count. Two kinds of reason:

- **static**: the scenario's other settings switch the mechanism off (US
  commitment levels while the President only hesitates and cannot be moved;
  veto rules while nobody vetoes). Known before running: ``sim check`` and
  ``sim run`` print them first.
- **idle**: the mechanism could act but never did in any run (no run reached a
  cease-fire, so relapse rules never applied). Known after running: ``sim run``
  prints them with the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.model.agents.rules import IDLE_RULES, INERT_RULES
from sim.scenarios.params import PARAMS
from sim.scenarios.plausible import drawn_keys, model_choice, shipped
from sim.scenarios.scenario import Scenario


@dataclass(frozen=True)
class Inert:
    """A changed parameter that cannot (or did not) affect the run."""

    key: str
    why: str
    fix: str

    def message(self) -> str:
        return f"{self.key} has no effect: {self.why}; {self.fix}"


def changed_keys(scenario: Scenario) -> list[str]:
    """Parameters the scenario sets away from their defaults, or changes in an event."""
    keys = [k for k, v in scenario.params.items() if v != PARAMS[k].default]
    for event in scenario.events:
        keys += [k for k in event.changes if k not in keys]
    return keys


def _states(scenario: Scenario) -> list[dict[str, Any]]:
    """The parameters at the start and after each event (events accumulate), under each
    plausible set the runs may draw (a rule that reads a drawn parameter holds only if it
    holds for every set)."""
    params = dict(scenario.params)
    states, evented = [dict(params)], [set()]  # and the keys events have set by then
    for event in scenario.events:
        params.update(event.changes)
        states.append(dict(params))
        evented.append(evented[-1] | set(event.changes))
    drawn = drawn_keys(scenario.params, scenario.pinned)
    if not drawn:
        return states
    calibration = shipped(model_choice(scenario.params))
    columns = [calibration.keys.index(key) for key in drawn]
    rows = {tuple(row[i] for i in columns) for row in calibration.sets}
    return [state | {key: value for key, value in zip(drawn, row, strict=True)
                     if key not in keys}  # an event's value outlasts the draw
            for state, keys in zip(states, evented, strict=True) for row in rows]


def inert_parameters(scenario: Scenario, among: Iterable[str] | None = None) -> list[Inert]:
    """Changed parameters the scenario's other settings switch off (known before running),
    of those ``among`` (default: any).

    A rule counts only if it holds at the start and after every event, since an
    event may switch the mechanism on later in the run, and under every plausible set
    the runs may draw (where a drawn parameter switches it on, it can act).
    """
    changed = changed_keys(scenario)
    if among is not None:
        wanted = set(among)
        changed = [key for key in changed if key in wanted]
    rules = [rule for rule in INERT_RULES if any(key in changed for key in rule.keys)]
    if not rules:
        return []
    states = _states(scenario)
    found: list[Inert] = []
    for rule in rules:
        if not all(rule.applies(state) for state in states):
            continue
        for key in rule.keys:
            if key in changed and all(i.key != key for i in found):
                found.append(Inert(key, rule.why(scenario.params), rule.fix))
    return found


def idle_parameters(scenario: Scenario, engaged: Mapping[str, bool],
                    already: list[Inert] = ()) -> list[Inert]:
    """Changed parameters whose mechanism never engaged in any run (known after running)."""
    known = {i.key for i in already}
    return [i for i in idle_among(changed_keys(scenario), engaged) if i.key not in known]


def idle_among(keys: Iterable[str], engaged: Mapping[str, bool]) -> list[Inert]:
    """Which of ``keys`` act only through a mechanism that never engaged in any run."""
    keys = list(keys)
    found: dict[str, Inert] = {}
    for rule in IDLE_RULES:
        if engaged.get(rule.flag, True):
            continue
        for key in rule.keys:
            if key in keys and key not in found:
                found[key] = Inert(key, f"{rule.why} (a mechanism it acts through)", rule.fix)
    return list(found.values())

