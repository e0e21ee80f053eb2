"""No silent no-ops: every lever moves the outcomes or says why it cannot."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import inert_parameters
from sim.scenarios.params import PARAMS, Param
from sim.scenarios.scenario import Event
from tests.conftest import ROOT, SCENARIOS, scenario

BASELINE = sim.load_scenario(SCENARIOS / "baseline.toml")


def outcome_counts(spec: sim.Scenario) -> tuple[np.ndarray, sim.Results]:
    results = sim.run(spec, reps=1000)
    return np.bincount(results.outcome, minlength=len(OUTCOMES)), results


def test_a_lever_the_scenario_switches_off_is_named_with_the_fix():
    spec = scenario(united_states__responsiveness=0.0, united_states__military_aid=0.9)
    [inert] = inert_parameters(spec)
    assert inert.message() == (
        'united_states.military_aid has no effect: the President never commits (stance = '
        '"hesitates" and responsiveness = 0); set united_states.stance = "commits", or a '
        "responsiveness above 0")


def test_an_event_that_switches_the_mechanism_on_silences_the_warning():
    spec = scenario(united_states__responsiveness=0.0, united_states__military_aid=0.9,
                    events=[Event(20, {"united_states.stance": "commits"})])
    assert inert_parameters(spec) == []


def test_levers_left_at_their_defaults_are_not_flagged():
    assert inert_parameters(BASELINE) == []


def test_sim_run_and_check_warn(tmp_path):
    args = ["--set", "united_states.responsiveness=0", "--set", "united_states.military_aid=0.9"]
    run = CliRunner().invoke(main, ["run", str(SCENARIOS / "baseline.toml"), "-n", "20", "-q",
                                    "--out", str(tmp_path / "r"), *args])
    assert run.exit_code == 0
    assert "Warning: " in run.output and "military_aid has no effect" in run.output
    manifest = (tmp_path / "r" / "manifest.json").read_text()
    assert "military_aid has no effect" in manifest
    check = CliRunner().invoke(main, ["check", str(SCENARIOS / "baseline.toml"), *args])
    assert check.exit_code == 0 and "military_aid has no effect" in check.output


def test_a_mechanism_that_never_acted_is_reported_after_the_run():
    results = sim.run(BASELINE.with_values({"ukraine.capitulation_rate": 0.5}), reps=50)
    [idle] = results.idle()
    assert idle.key == "ukraine.capitulation_rate"
    assert "the front never fell below ukraine.capitulation_front" in idle.message()
    reached = sim.run(BASELINE.with_values({"ukraine.capitulation_rate": 0.5,
                                            "ukraine.capitulation_front": -0.01}), reps=50)
    assert reached.idle() == []


def _other_ends(param: Param) -> list:
    if param.kind is bool:
        return [not param.default]
    if param.kind is str:
        return [c for c in param.choices if c != param.default]
    ends = [param.low, param.high]
    return [param.kind(v) for v in ends if v != param.default]


@pytest.mark.slow
def test_every_single_lever_on_baseline_moves_an_outcome_or_warns():
    """Set each parameter alone to each end of its range: some outcome share moves (in at
    least one of 1,000 paired runs) or the run says why the lever could not act."""
    reference, _ = outcome_counts(BASELINE)
    silent = []
    for key, param in PARAMS.items():
        verdicts = []
        for value in _other_ends(param):
            counts, results = outcome_counts(BASELINE.with_values({key: value}))
            warned = any(inert.key == key for inert in results.inert())
            verdicts.append(bool(np.any(counts != reference)) or warned)
        if not any(verdicts):
            silent.append(key)
    assert silent == []


@pytest.mark.slow
def test_every_shipped_scenario_differs_from_baseline_by_two_points():
    reference, _ = outcome_counts(BASELINE)
    for path in sorted(SCENARIOS.glob("*.toml")):
        if path.stem == "baseline":
            continue
        counts, _ = outcome_counts(sim.load_scenario(path))
        assert np.abs(counts - reference).max() >= 20, path.stem  # 2 points of 1,000 runs


def test_the_readme_example_lever_moves_the_war():
    """The README's --set example changes the run (the President commits in it)."""
    readme = (ROOT / "README.md").read_text()
    assert "--set united_states.stance=commits --set united_states.military_aid=0.9" in readme
    base = sim.run(BASELINE.with_overrides(["united_states.stance=commits"]), reps=200)
    more = sim.run(BASELINE.with_overrides(["united_states.stance=commits",
                                            "united_states.military_aid=0.9"]), reps=200)
    assert more.summary["mean_front"].mean() > base.summary["mean_front"].mean() + 0.01
