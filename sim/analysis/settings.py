"""Defaults of `sim claims`, kept apart so the CLI can show them without loading the
analysis (and its numerical libraries) at start-up."""

#: Master seed shared by every arm of every claim (common random numbers).
CLAIMS_SEED = 20250904
#: Runs per arm.
CLAIMS_REPS = 1000
