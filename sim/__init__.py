"""sim: a scenario what-if simulator for the essay's claims about the war in Ukraine.

Results are conditional projections, not forecasts.

    >>> import sim
    >>> scenario = sim.load_scenario("scenarios/us_commits.toml")
    >>> results = sim.run(scenario, reps=200, seed=1)
    >>> results.summary.outcome.value_counts()
    >>> with sim.open_executor(workers=2) as executor:   # every core, or a Dask cluster
    ...     big = sim.run(scenario, reps=100_000, seed=1, actors=False, executor=executor)

The public names load on first use (PEP 562), so ``import sim`` and ``sim --help`` do
not pay for Mesa, pandas and numpy until something runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sim.errors import (
    ClaimError,
    RecordError,
    ResultsError,
    ScenarioError,
    SimError,
    SpaceError,
)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from sim.ensemble.executors import open_executor
    from sim.ensemble.results import PROJECTION_NOTE, Results
    from sim.ensemble.runner import run
    from sim.scenarios.loading import load_scenario, load_scenario_text
    from sim.scenarios.scenario import Scenario

__version__ = "0.1.0"
__all__ = ["PROJECTION_NOTE", "ClaimError", "RecordError", "Results", "ResultsError", "Scenario",
           "ScenarioError", "SimError", "SpaceError", "__version__", "load_scenario",
           "load_scenario_text", "open_executor", "run"]

_LAZY = {
    "PROJECTION_NOTE": "sim.ensemble.results",
    "Results": "sim.ensemble.results",
    "run": "sim.ensemble.runner",
    "open_executor": "sim.ensemble.executors",
    "load_scenario": "sim.scenarios.loading",
    "load_scenario_text": "sim.scenarios.loading",
    "Scenario": "sim.scenarios.scenario",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
