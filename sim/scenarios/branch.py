"""Where the essay's scenarios start: each run's own replay of the record, to 4 September
2025 (``world.start = "replay"``, the default).

A scenario that starts from the replay is run in two parts. The *prelude* is the record's
replay, ``scenarios/history.toml`` (January 2023 to the essay's date), under the
scenario's own assumptions about how the world works but with every policy as the record
has it: the policies a scenario chooses are the record's until the essay's date, and
policies the record does not set stay at their defaults (the war as it stands). At the
branch (week 140 of the replay, the essay's date) the scenario's own parameters and its
week-0 events take over, and its later events follow, counted from the branch. Nothing is
reset to the record: the territory, forces, sanctions, aid in the pipeline, unity,
Russia's belief and any talks are where each run's replay left them. Calibrating the
replay (``sim calibrate``) therefore calibrates the start of every essay scenario.

The prelude is read from the checkout the package runs from, never from the working
folder, so a run is the same wherever it is started.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

from sim.scenarios.history import REPLAY_FILE
from sim.scenarios.loading import file_settings, load_scenario
from sim.scenarios.params import PARAMS, status_quo
from sim.scenarios.scenario import Scenario

#: The choice of ``world.start`` that branches from the replay.
REPLAY = "replay"


@cache
def _replay(path: Path = REPLAY_FILE) -> tuple[Scenario, dict]:
    """The replay scenario and the parameters its file sets itself (read once)."""
    return load_scenario(path), file_settings(path)


def branches(scenario: Scenario) -> bool:
    """Whether ``scenario`` starts from the replay's state on the essay's date."""
    return scenario.params["world.start"] == REPLAY


def not_replayed(keys: Iterable[str]) -> list[str]:
    """The parameters among ``keys`` a scenario cannot carry into its replay: policies
    (the record's, or the war as it stands) and what the replay's file sets itself. A
    world's fit to the record says nothing of them: they act only after the branch."""
    _, settings = _replay()
    return [key for key in keys if key in settings or (key in PARAMS and PARAMS[key].policy)]


def prelude(scenario: Scenario) -> Scenario:
    """The replay that precedes ``scenario``'s branch: the record's policies and the
    replay's own settings, on the scenario's assumptions about the world.

    (The scenario's start is the essay's date: :class:`Scenario` checks it.)
    """
    history, settings = _replay()
    # the scenario's assumptions include what its week-0 events set (a parameter read
    # only at the start acts in the replay, where the run starts)
    week0 = {key: value for event in scenario.events if event.week == 0
             for key, value in event.changes.items()}
    params = status_quo(dict(scenario.params) | week0) | settings
    return replace(history, params=MappingProxyType(params), replications=scenario.replications,
                   seed=scenario.seed, overrides=(), pinned=history.pinned | scenario.pinned)
