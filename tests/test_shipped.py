"""The shipped scenarios, the parameter registry and its documentation."""

from __future__ import annotations

import re

import pytest

import sim
from sim.scenarios.params import ACTORS, PARAMS, SECTIONS
from sim.scenarios.reference import render_markdown
from tests.conftest import ROOT, SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.toml"))
REQUIRED = {"baseline", "us_commits", "us_hesitates", "europe_alone", "congress_acts",
            "axis_surge", "eu_vetoed", "aid_cut"}


def test_the_required_scenarios_ship():
    assert REQUIRED <= {p.stem for p in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_and_names_its_claims(path):
    scenario = sim.load_scenario(path)
    if path.stem == "history":  # the record replayed: it names the record, not a claim
        assert "record/inputs.toml" in scenario.description
    else:
        assert re.search(r"C\d+", scenario.description), "description should name the claims"
    results = sim.run(scenario, reps=10, seed=1)
    assert len(results.summary) == 10


def test_registry_is_consistent():
    for key, p in PARAMS.items():
        assert p.section in SECTIONS, key
        assert p.meaning and p.reason and p.unit, key
        assert all(re.fullmatch(r"C(1[0-4]|[1-9])", c) for c in p.claims), key
        if p.kind in (int, float):
            assert p.low <= p.default <= p.high, key
        if p.kind is str:
            assert p.default in p.choices, key
    for actor in ACTORS:
        assert any(p.section == actor for p in PARAMS.values()), actor


def test_the_issue_named_parameters_exist():
    for key in ("world.unity", "united_states.sanctions", "united_states.military_aid",
                "united_states.decision_delay_weeks", "united_states.ambiguity",
                "united_states.backs_guarantees", "us_congress.acts_if_president_declines",
                "us_congress.legislative_lag_weeks", "european_union.resolve",
                "european_union.sanctions", "european_union.military_aid", "hungary.resistance",
                "slovakia.resistance", "turkey.balancing", "china.economic_support",
                "north_korea.munitions_support", "france.military_aid",
                "united_kingdom.military_aid"):
        assert key in PARAMS, key


def test_every_claim_has_parameters():
    covered = {c for p in PARAMS.values() for c in p.claims}
    assert covered == {f"C{i}" for i in range(1, 15)}


def test_parameter_docs_are_in_sync():
    assert (ROOT / "docs" / "parameters.md").read_text() == render_markdown(), (
        "regenerate with: sim params --markdown > docs/parameters.md")
