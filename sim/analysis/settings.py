"""Defaults of `sim claims`, kept apart so the CLI can show them without loading the
analysis (and its numerical libraries) at start-up."""

from sim.scenarios.values import DEFAULT_SEED

#: Master seed shared by every arm of every claim (common random numbers): the shipped
#: scenarios' seed, so a claim's arms pair with `sim run` of the same files.
CLAIMS_SEED = DEFAULT_SEED
#: Runs per arm.
CLAIMS_REPS = 1000
#: Plausible worlds (parameter sets of the shipped calibration) each claim is decided in,
#: and runs per arm in each: the claim's verdict over the worlds (sim.analysis.worlds).
CLAIMS_SETS = 32
CLAIMS_SET_REPS = 200

#: Where the essay's claims are, when no claim files are given.
CLAIMS_FOLDER = "claims"
