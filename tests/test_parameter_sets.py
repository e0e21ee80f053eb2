"""The plausible ensemble: each run draws one of the shipped calibration's plausible
parameter sets by its run key (world.parameter_sets), `--point` runs the central set,
and a scenario that sets a calibrated parameter keeps it and is told."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.errors import SimError
from sim.model import MODEL_VERSION
from sim.model.parameter_sets import with_parameter_sets
from sim.model.streams import run_keys
from sim.scenarios import plausible
from sim.scenarios.params import PARAMS
from sim.scenarios.plausible import departures, shipped
from sim.scenarios.record import load_record
from sim.scenarios.reference import status
from sim.scenarios.writing import scenario_toml
from tests.conftest import ROOT, SCENARIOS

BASELINE = sim.load_scenario(SCENARIOS / "baseline.toml")
COMMITS = sim.load_scenario(SCENARIOS / "us_commits.toml")
CALIBRATION = shipped()


def drawn(scenario: sim.Scenario, keys: np.ndarray) -> np.ndarray:
    """Each run's calibrated parameters (runs x keys)."""
    params = with_parameter_sets(scenario, keys).params
    return np.column_stack([np.broadcast_to(params[k], len(keys)) for k in CALIBRATION.keys])


def test_each_run_draws_a_plausible_set_the_same_in_every_scenario():
    keys = run_keys(BASELINE.seed, 500)
    sets = np.array(CALIBRATION.sets)
    base, commits = drawn(BASELINE, keys), drawn(COMMITS, keys)
    np.testing.assert_array_equal(base, commits)  # paired: run i, the same set
    assert all((sets == row).all(axis=1).any() for row in base[:50])  # rows of sets.csv
    assert len(np.unique(base, axis=0)) > 300  # many sets, not one
    np.testing.assert_array_equal(drawn(BASELINE, keys[100:200]), base[100:200])  # alone


def test_the_central_set_and_the_defaults():
    keys = run_keys(1, 20)
    central = drawn(BASELINE.with_values({"world.parameter_sets": "central"}), keys)
    np.testing.assert_array_equal(central, np.tile(list(CALIBRATION.central.values()), (20, 1)))
    assert with_parameter_sets(BASELINE.with_values({"world.parameter_sets": "defaults"}),
                               keys).params == BASELINE.with_values(
        {"world.parameter_sets": "defaults"}).params
    identities = {BASELINE.with_values({"world.parameter_sets": v}).identity
                  for v in ("plausible", "central", "defaults")}
    assert len(identities) == 3


def test_the_draws_carry_parameter_uncertainty_into_the_runs():
    """The same seeds' runs spread wider over the plausible sets than at the central set
    (noise alone): the intervals carry parameter uncertainty."""
    spread = {}
    for choice in ("plausible", "central"):
        summary = sim.run(BASELINE.with_values({"world.parameter_sets": choice}), reps=300,
                          actors=False).summary
        spread[choice] = summary["russia_gain_km2"].std()
    assert spread["plausible"] > 1.2 * spread["central"]


def test_a_scenario_that_sets_a_calibrated_parameter_keeps_it_and_is_told(tmp_path):
    key = "world.front_speed_km2_per_week"
    mine = BASELINE.with_values({key: 300.0})
    params = with_parameter_sets(mine, run_keys(1, 5)).params
    assert params[key] == 300.0
    assert np.ndim(params["world.front_sensitivity"]) == 1  # the others are still drawn
    [line] = departures(mine.params)
    assert line.startswith(f"{key} = 300.0 is set by the scenario") and "plausible" in line
    assert departures(mine.with_values({"world.parameter_sets": "defaults"}).params) == []
    run = CliRunner().invoke(main, ["run", str(SCENARIOS / "baseline.toml"), "-n", "5", "-q",
                                    "--out", str(tmp_path / "r"), "--set", f"{key}=300"])
    assert run.exit_code == 0 and "leave the calibration's plausible sets" in run.output
    check = CliRunner().invoke(main, ["check", str(SCENARIOS / "baseline.toml"),
                                      "--set", f"{key}=300"])
    assert "leave the calibration's plausible sets" in check.output


def test_a_calibrated_parameter_set_to_its_default_is_kept_not_drawn(write_toml):
    """Setting a calibrated parameter to exactly its default pins it, in a file as with
    --set: the runs take that value, are told, and are not the drawn runs."""
    key = "world.front_speed_km2_per_week"
    default = PARAMS[key].default
    path = write_toml("pinned.toml", f'[scenario]\nextends = "{SCENARIOS / "baseline.toml"}"\n'
                                     f"[world]\nfront_speed_km2_per_week = {default}\n")
    for mine in (sim.load_scenario(path), BASELINE.with_values({key: default})):
        assert key in mine.pinned and mine.params == BASELINE.params
        params = with_parameter_sets(mine, run_keys(1, 5)).params
        assert params[key] == default and np.ndim(params["world.front_sensitivity"]) == 1
        [line] = departures(mine.params, mine.pinned)
        assert line.startswith(f"{key} = {default!r} is set by the scenario")
        assert mine.identity != BASELINE.identity  # different runs, different identity
    assert departures(BASELINE.params, BASELINE.pinned) == []


def test_a_written_scenario_leaves_its_drawn_parameters_drawn():
    text = scenario_toml(BASELINE)
    assert "# front_speed_km2_per_week = 240.0  (drawn from the calibration)" in text
    again = sim.load_scenario_text(text.encode(), "written.toml")
    assert again.identity == BASELINE.identity


def test_sim_run_point_runs_the_central_set(tmp_path):
    for name, extra in (("p", ["--point"]), ("d", [])):
        ran = CliRunner().invoke(main, ["run", str(SCENARIOS / "baseline.toml"), "-n", "30",
                                        "-q", "--out", str(tmp_path / name), *extra])
        assert ran.exit_code == 0, ran.output
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text())
    assert manifest["scenario"]["params"]["world.parameter_sets"] == "central"
    point = (tmp_path / "p" / "summary.csv").read_text()
    assert point != (tmp_path / "d" / "summary.csv").read_text()
    central = sim.run(BASELINE.with_values({"world.parameter_sets": "central"}), reps=30)
    written = pd.read_csv(tmp_path / "p" / "summary.csv")["russia_held_km2"]
    np.testing.assert_allclose(written, central.summary["russia_held_km2"], rtol=1e-5)


#: Every shipped calibration: the default sub-models' and each other choice's, with the
#: space file that makes it.
SHIPPED = {(): "calibration.toml",
           (("model.battle", "defence_dominant"),): "calibration_defence_dominant.toml",
           (("model.china", "stakes"),): "calibration_stakes.toml"}


@pytest.mark.parametrize("choice", list(SHIPPED), ids=lambda c: "+".join(v for _, v in c)
                         or "default")
def test_the_shipped_calibration_is_this_models_and_this_records(choice):
    """A change to the model version, the record or the space makes a shipped
    calibration stale: rerun the documented command."""
    folder, command = plausible.folder_of(choice), plausible.command_for(choice)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["model_version"] == MODEL_VERSION, f"stale: rerun `{command}`"
    assert manifest["record"]["sha256"] == load_record(ROOT / "record").sha256, command
    space = sim.scenarios.space.load_space(ROOT / "scenarios/spaces" / SHIPPED[choice])
    assert dict(space.model) == dict(choice)
    shipped_space = {k: v for k, v in manifest["space"].items() if k not in ("source", "scenario")}
    assert shipped_space == {k: v for k, v in space.to_dict().items()
                             if k not in ("source", "scenario")}, command
    assert command.removeprefix("sim ") in " ".join(manifest["command_line"])
    first_wave = sum(1 for line in (folder / "plausible.csv").read_text()
                     .splitlines()[1:] if line.startswith("1,"))
    calibration = shipped(choice)
    assert len(calibration.sets) == first_wave > 100
    assert set(calibration.keys) == {u.key for u in space.uncertain}


def test_a_sub_model_draws_from_its_own_calibration():
    """Runs of the defence-dominant battle model draw its calibration's sets (with its
    threshold), not the default model's; a sub-model without a shipped calibration is one
    line naming the command that writes it."""
    choice = (("model.battle", "defence_dominant"),)
    mine = BASELINE.with_values(dict(choice))
    params = with_parameter_sets(mine, run_keys(1, 50)).params
    own = np.array(shipped(choice).sets)
    speeds = own[:, shipped(choice).keys.index("world.front_speed_km2_per_week")]
    assert set(np.asarray(params["world.front_speed_km2_per_week"])) <= set(speeds)
    assert np.ndim(params["world.defence_threshold"]) == 1
    assert "world.defence_threshold" not in CALIBRATION.keys
    assert mine.identity != BASELINE.identity


def test_a_sub_model_without_a_calibration_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(plausible, "CALIBRATION_FOLDER", tmp_path / "calibration")
    plausible.shipped.cache_clear()
    try:
        with pytest.raises(SimError, match="no calibration is shipped for the sub-models") as err:
            plausible.shipped((("model.battle", "defence_dominant"),))
        assert "sim calibrate scenarios/spaces/calibration_defence_dominant.toml" in str(err.value)
    finally:
        plausible.shipped.cache_clear()


def test_sim_params_says_what_each_parameter_rests_on():
    kinds = {key: status(p).kind for key, p in PARAMS.items()}
    assert set(kinds.values()) <= {"policy", "calibrated", "unconstrained", "sourced",
                                   "judgement"}
    for key in CALIBRATION.keys:
        assert kinds[key] == CALIBRATION.fits[key].status
        assert (CALIBRATION.fits[key].status == "calibrated") == (
            (CALIBRATION.fits[key].span[1] - CALIBRATION.fits[key].span[0])
            <= 0.5 * (CALIBRATION.fits[key].prior[1] - CALIBRATION.fits[key].prior[0]))
    assert kinds["world.russia_held_km2"] == "sourced" and kinds["world.unity"] == "policy"
    shown = CliRunner().invoke(main, ["params", "world"]).output
    assert "front_speed_km2_per_week = 240.0" in shown and "draw it from the calibration" in shown


def test_a_damaged_calibration_is_one_line_naming_the_file(tmp_path, monkeypatch):
    (tmp_path / "manifest.json").write_text((ROOT / "calibration/manifest.json").read_text())
    (tmp_path / "sets.csv").write_text("world.front_speed_km2_per_week\n5000\n")
    monkeypatch.setattr(plausible, "CALIBRATION_FOLDER", tmp_path)
    shipped.cache_clear()
    try:
        with pytest.raises(SimError, match=r"sets\.csv: .*sim calibrate"):
            shipped()
    finally:
        monkeypatch.undo()
        shipped.cache_clear()
    assert shipped().keys == CALIBRATION.keys


def test_a_sub_models_own_free_parameter_says_which_calibration_fits_it():
    # world.defence_threshold is drawn only by the defence-dominant calibration
    where = status(PARAMS["world.defence_threshold"])
    assert where.kind in ("calibrated", "unconstrained")
    assert 'model.battle = "defence_dominant"' in where.detail
