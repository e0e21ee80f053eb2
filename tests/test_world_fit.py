"""Whether a world fits the record (sim.analysis.world_fit): the record's replay under a
world's assumptions and parameter sets, held against the 2023-24 fit targets."""

from __future__ import annotations

import pytest

from sim.analysis.evaluate import claims_world, load_assumption_set
from sim.analysis.replay import CUTOFF
from sim.analysis.world_fit import world_replay
from sim.report.studies import world_fit
from sim.scenarios.history import BRANCH_WEEK
from sim.scenarios.record import load_record
from tests.conftest import ROOT

RECORD = load_record()


def test_the_claims_world_fits_and_the_stated_defaults_do_not():
    """The claims' arms draw the calibration's plausible sets, so every fit target is within
    the cutoff; at the stated defaults the replay takes about twice 2024's ground."""
    plausible = world_fit(claims_world(None), RECORD, reps=100)
    assert plausible.fits and plausible.worst.implausibility < 2.0
    assert len(plausible.compared) == 13 and plausible.parameter_sets == "plausible"
    assert "fits 2023-24 (13 of 13 fit targets" in plausible.summary()
    defaults = world_fit(claims_world(None).with_values(
        {"world.parameter_sets": "defaults"}), RECORD, reps=100)
    assert not defaults.fits and defaults.worst.target.id == "gain-2024"
    assert defaults.worst.implausibility > CUTOFF and defaults.parameter_sets == "defaults"


def test_an_assumption_set_changes_the_world_that_is_replayed():
    absorption = load_assumption_set(ROOT / "scenarios/assumptions/absorption_limits.toml")
    world = claims_world(absorption)
    replay = world_replay(world)
    assert replay.weeks == BRANCH_WEEK
    for key, value in absorption.values.items():
        assert replay.params[key] == value, key
    # the same runs (seed, parameter sets), so any difference is the assumption set's
    fit = {c.target.id: c.mean for c in world_fit(world, RECORD, reps=100).compared}
    base = {c.target.id: c.mean for c in world_fit(claims_world(None), RECORD,
                                                    reps=100).compared}
    assert fit["gain-2024"] != pytest.approx(base["gain-2024"], abs=5.0)
