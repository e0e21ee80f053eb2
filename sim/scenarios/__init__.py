"""Scenario input: TOML files in, a validated, frozen :class:`Scenario` out.

Modules: ``param`` (one parameter's declaration: ``declare``), ``params_world`` and
``params_actors`` (every parameter, declared once), ``params`` (the registry and the
actors, policies and coalition), ``values`` (checking one value; the ``[scenario]``
keys; defaults such as the shared seed), ``scenario`` (the ``Scenario`` and ``Event``
dataclasses and their identity), ``tomlfile`` (reading TOML a user wrote, files or
text), ``loading`` (scenario files and uploads with ``extends``, assumption sets),
``space`` (assumption spaces for `sim explore`), ``policies`` (policies files for
`sim robust`: strategies of levers, measures and their thresholds), ``units`` (the record's units in
the model: the calendar, km2, aid levers in EUR bn a year), ``quantities`` (the war's record in
its units: inputs, outputs, base rates), ``record`` (the record dataset in record/:
inputs and targets, checked), ``history`` (the record's inputs as the replay scenario,
scenarios/history.toml), ``branch`` (the essay's scenarios start from each run's
replay, to the essay's date), ``moves`` (a wargame's move: saved runs continued from a
date under new levers), ``plausible`` (the shipped calibration in calibration/: the
parameter sets runs draw, each parameter's status), ``writing`` (a scenario as a file) and
``reference`` (the parameter reference of `sim params` and docs/parameters.md).

May import: :mod:`sim.errors` and the standard library. Nothing here knows about
the model, runs or results.
"""
