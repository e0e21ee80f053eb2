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


def test_the_claims_world_at_the_defaults_does_not_fit_the_plausible_sets_do():
    """At the stated defaults the replay takes about twice 2024's ground (I above 3);
    on the calibration's plausible sets every fit target is within the cutoff."""
    defaults = world_fit(claims_world(None), RECORD, reps=100)
    assert not defaults.fits and defaults.worst.target.id == "gain-2024"
    assert defaults.worst.implausibility > CUTOFF and defaults.parameter_sets == "defaults"
    plausible = world_fit(claims_world(None).with_values(
        {"world.parameter_sets": "plausible"}), RECORD, reps=100)
    assert plausible.fits and plausible.worst.implausibility < 2.0
    assert len(plausible.compared) == 13
    assert "fits 2023-24 (13 of 13 fit targets" in plausible.summary()


def test_an_assumption_set_changes_the_world_that_is_replayed():
    absorption = load_assumption_set(ROOT / "scenarios/assumptions/absorption_limits.toml")
    world = claims_world(absorption)
    replay = world_replay(world)
    assert replay.weeks == BRANCH_WEEK
    for key, value in absorption.values.items():
        assert replay.params[key] == value, key
    fit = world_fit(world, RECORD, reps=100)
    base = world_fit(claims_world(None), RECORD, reps=100)
    assert fit.worst.implausibility != pytest.approx(base.worst.implausibility, abs=0.05)
