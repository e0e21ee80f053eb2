"""sim: a scenario what-if simulator for the essay's claims about the war in Ukraine.

Results are illustrative, not forecasts.

    >>> import sim
    >>> scenario = sim.load_scenario("scenarios/us_commits.toml")
    >>> results = sim.run(scenario, reps=200, seed=1)
    >>> results.summary.outcome.value_counts()
"""

from sim.ensemble.results import ILLUSTRATIVE, Results
from sim.ensemble.runner import run
from sim.errors import ResultsError, ScenarioError, SimError
from sim.scenarios.loading import load_scenario
from sim.scenarios.scenario import Scenario

__version__ = "0.1.0"
__all__ = ["ILLUSTRATIVE", "Results", "ResultsError", "Scenario", "ScenarioError", "SimError",
           "__version__", "load_scenario", "run"]
