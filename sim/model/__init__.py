"""The model: a Mesa ``WarModel`` that steps every run of an ensemble at once.

Holds the model and its weekly schedule (``model``), one agent class per actor
kind (``agents``), the mechanisms as small pure functions (``mechanisms/``),
per-run random streams (``streams``), outcome classification (``outcomes``)
and the weekly recorder (``recorder``).

May import: :mod:`sim.scenarios`, :mod:`sim.errors`, mesa and numpy. The model
never reads files, writes results or knows about the CLI.
"""

#: Bumped whenever a change makes the same scenario and seed give different numbers;
#: manifests record it, and results of another version are not compared as if alike.
MODEL_VERSION = "2"
