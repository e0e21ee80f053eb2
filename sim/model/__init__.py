"""The model: a Mesa ``WarModel`` that steps every run of an ensemble at once.

Modules: ``model`` (the model and its weekly schedule), ``agents/`` (one agent class
per actor kind, and each actor's no-silent-no-op rules), ``mechanisms/`` (the
mechanisms as small pure functions), ``start`` (the constructed starts: the rest
point of the dynamics; a replayed start begins at January 2023's), ``parameter_sets``
(each run's calibrated parameters, drawn by its key), ``shared_replay`` (runs that replay
the record alike replay it once), ``streams`` (per-run random streams), ``recorder`` (the weekly
state, weeks x runs), ``outcomes`` (each run's end state as an outcome), ``relevance``
(no silent no-ops: the actors' rules applied to a scenario) and ``calibration`` (what
the defaults were tuned to reproduce).

May import: :mod:`sim.scenarios`, :mod:`sim.errors`, mesa and numpy. The model
never reads files, writes results or knows about the CLI.
"""

#: Bumped whenever a change makes the same scenario and seed give different numbers;
#: manifests record it, and `compare` and `plot` refuse results of another version
#: (docs/changes.md says what each version changed).
MODEL_VERSION = "7"
