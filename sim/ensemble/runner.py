"""Running a scenario's ensemble: seeds, the model loop, and the results."""

from __future__ import annotations

from collections.abc import Callable

from sim.ensemble.results import Results
from sim.model.model import WarModel
from sim.model.outcomes import classify
from sim.model.recorder import Recorder
from sim.model.streams import run_keys
from sim.scenarios.scenario import Scenario


def run(scenario: Scenario, reps: int | None = None, seed: int | None = None,
        progress: Callable[[int], None] | None = None) -> Results:
    """Run ``reps`` replications of ``scenario`` as one vectorized ensemble.

    Args:
        scenario: a resolved scenario (see :func:`sim.load_scenario`).
        reps: replications; default the scenario's ``replications``.
        seed: master seed; default the scenario's ``seed``. Run ``i`` of a given
            seed is the same whatever ``reps`` is.
        progress: called with the number of weeks just simulated.

    Returns:
        Results with ``.summary``, ``.timeseries``, ``.actors`` and ``.write()``.
    """
    reps = scenario.replications if reps is None else reps
    seed = scenario.seed if seed is None else seed
    if reps < 1:
        raise ValueError("reps must be at least 1")
    keys = run_keys(seed, reps)
    model = WarModel(scenario, keys)
    world = Recorder(scenario.weeks, reps)
    actors = Recorder(scenario.weeks, reps)
    world.record(0, model.observe_world())
    actors.record(0, model.observe_actors())
    for _ in range(scenario.weeks):
        model.step()
        world.record(model.steps, model.observe_world())
        actors.record(model.steps, model.observe_actors())
        if progress is not None:
            progress(1)
    first = model.first_week
    return Results(
        scenario=scenario, seed=seed, keys=keys,
        world=world.columns, actors=actors.columns,
        outcome=classify(model.talks, model.settlement, first["talks"]),
        settlement=model.settlement, route=model.route, event_weeks=first,
        engaged=dict(model.engaged),
    )
