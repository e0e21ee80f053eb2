"""History matching (`sim calibrate`): implausibility, waves, refocusing, the folder."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from sim.analysis.calibrate import (
    Wave,
    around_survivors,
    check_space,
    implausibility,
    wave_points,
)
from sim.analysis.replay import Status, TargetCheck
from sim.errors import SpaceError
from sim.scenarios.record import load_record
from sim.scenarios.space import load_space
from tests.conftest import ROOT

RECORD = load_record(ROOT / "record")
SPACE = ROOT / "scenarios" / "spaces" / "calibration.toml"


def test_a_points_implausibility_is_the_replay_checks():
    target = next(t for t in RECORD.targets if t.id == "gain-2024")
    means, sds = np.array([[5000.0], [3985.0]]), np.array([[900.0], [10.0]])
    found = implausibility([target], means, sds, reps=30)
    check = TargetCheck(target, Status.COMPARED, 30, 5000.0, sd=900.0)
    assert found[0, 0] == pytest.approx(check.implausibility)
    assert found[1, 0] == 0.0


def test_waves_sample_inside_their_box_the_same_way_each_time():
    bounds = {"a": (0.0, 1.0), "b": (10.0, 20.0), "n": (1.0, 9.0)}
    first = wave_points(bounds, 50, seed=7, wave=1, integers=["n"])
    assert all(np.array_equal(first[k], wave_points(bounds, 50, 7, 1, ["n"])[k]) for k in bounds)
    assert not np.array_equal(first["a"], wave_points(bounds, 50, 7, 2, ["n"])["a"])
    for key, (low, high) in bounds.items():
        assert low <= first[key].min() and first[key].max() <= high
    assert first["n"].dtype.kind == "i"
    # a Latin hypercube: one point in each of the 50 strata of every parameter
    assert sorted(np.floor(first["a"] * 50).astype(int)) == list(range(50))


def test_the_next_wave_is_drawn_around_the_survivors():
    rng = np.random.default_rng(0)
    values = {"a": rng.uniform(0, 1, 400), "b": rng.uniform(0, 1, 400)}
    near_diagonal = np.abs(values["a"] - values["b"]) < 0.05  # a thin plausible ridge
    wave = Wave(1, {}, values, np.zeros((400, 1)), np.zeros((400, 1)), np.zeros((400, 1)),
                near_diagonal)
    prior = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    drawn = around_survivors(wave, prior, 500, seed=3, number=2)
    again = around_survivors(wave, prior, 500, seed=3, number=2)
    assert all(np.array_equal(drawn[k], again[k]) for k in prior)
    assert all(0.0 <= drawn[k].min() and drawn[k].max() <= 1.0 for k in prior)
    off_ridge = np.abs(drawn["a"] - drawn["b"])
    # around the ridge, not over the whole square (the box of the survivors is the square)
    assert np.median(off_ridge) < 0.06 < np.median(np.abs(values["a"] - values["b"]))
    assert wave.ruled_out == pytest.approx(1 - near_diagonal.mean())


def test_a_space_history_matching_cannot_sample_is_refused(tmp_path):
    path = tmp_path / "space.toml"
    path.write_text('[explore]\nscenario = "history"\nreps = 10\n[uncertain]\n'
                    '"world.front_sensitivity" = [0.5, 5.0]\n')
    with pytest.raises(SpaceError, match="explore.reps: got 10; allowed: at least 30"):
        check_space(load_space(path))
    path.write_text('[explore]\nscenario = "history"\nreps = 30\n[uncertain]\n'
                    '"united_states.stance" = ["commits", "hesitates"]\n')
    with pytest.raises(SpaceError, match="calibrating samples numbers only"):
        check_space(load_space(path))


def test_the_shipped_space_calibrates_the_replay():
    space = load_space(SPACE)
    check_space(space)
    assert space.scenario.stem == "history" and space.points >= 10_000 and space.reps >= 30


def calibrate(tmp_path, name: str, *extra: str):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["calibrate", str(SPACE), "--points", "40", "--waves",
                                       "2", "--workers", "1", "-q", "--out", str(out), *extra])
    return result, out


def test_sim_calibrate_writes_its_folder_and_the_same_bytes_twice(tmp_path):
    result, out = calibrate(tmp_path, "one")
    assert result.exit_code == 0, result.output
    names = {"waves.csv", "points.csv", "plausible.csv", "sets.csv", "targets.png", "report.md",
             "manifest.json"}
    assert {p.name for p in out.iterdir()} == names
    waves = pd.read_csv(out / "waves.csv")
    points = pd.read_csv(out / "points.csv")
    assert list(waves["points"]) == [40, 40] and len(points) == 80
    # the plausible set is every wave's survivors
    assert len(pd.read_csv(out / "plausible.csv")) == int(points["plausible"].sum())
    assert ((points["max_I"] <= 3.0) == points["plausible"]).all()
    second = points[points["wave"] == 2]
    low, high = load_space(SPACE).uncertain[3].low, load_space(SPACE).uncertain[3].high
    assert second["world.aid_to_power"].between(low, high).all()  # within the prior
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["record"]["sha256"] == RECORD.sha256
    assert all(t["id"] != "gain-2025" for t in manifest["targets"])  # 2025 is held out
    again, out2 = calibrate(tmp_path, "two")
    assert again.exit_code == 0
    for name in names - {"manifest.json"}:
        assert (out / name).read_bytes() == (out2 / name).read_bytes(), name


def test_sim_calibrate_refuses_a_scenario_that_is_not_the_replay(tmp_path):
    space = tmp_path / "space.toml"
    space.write_text('[explore]\nscenario = "baseline"\nreps = 30\npoints = 8\n[uncertain]\n'
                     '"world.front_sensitivity" = [0.5, 5.0]\n')
    result = CliRunner().invoke(main, ["calibrate", str(space), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "is not the record's replay" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_a_sub_models_calibration_is_never_written_over_the_defaults():
    from sim.scenarios.plausible import CALIBRATION_FOLDER
    before = sorted((p.name, p.stat().st_mtime_ns) for p in CALIBRATION_FOLDER.iterdir())
    space = CALIBRATION_FOLDER.parent / "scenarios/spaces/calibration_defence_dominant.toml"
    result = CliRunner().invoke(main, ["calibrate", str(space), "--out",
                                       str(CALIBRATION_FOLDER)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "whose folder is calibration-battle-defence_dominant/" in result.output
    assert sorted((p.name, p.stat().st_mtime_ns) for p in CALIBRATION_FOLDER.iterdir()) == before


def test_a_parameter_the_replay_takes_from_the_record_is_not_free(tmp_path):
    space = tmp_path / "space.toml"
    space.write_text(f'[explore]\nscenario = "{ROOT / "scenarios" / "history.toml"}"\nreps = 30\n'
                     'points = 8\n[uncertain]\n"united_states.status_quo_military_aid" = '
                     '[0.0, 1.0]\n')
    result = CliRunner().invoke(main, ["calibrate", str(space), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "uncertain.united_states.status_quo_military_aid: is set by the replay" in result.output
    assert not (tmp_path / "o").exists()


def test_a_calibration_that_finds_nothing_says_why_and_stops(tmp_path):
    space = tmp_path / "space.toml"
    history = ROOT / "scenarios" / "history.toml"
    space.write_text(SPACE.read_text().replace('"history"', f'"{history}"')
                     .replace('"world.front_speed_km2_per_week" = [50.0, 600.0]',
                              '"world.front_speed_km2_per_week" = [1900.0, 2000.0]')
                     .replace('"world.front_noise_km2_per_week" = [20.0, 200.0]',
                              '"world.front_noise_km2_per_week" = [1.0, 2.0]'))
    result = CliRunner().invoke(main, ["calibrate", str(space), "--points", "10", "--waves", "3",
                                       "--workers", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Stopped after 1 of 3 waves" in result.output
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["waves"] == 1 and manifest["waves_asked"] == 3 and manifest["stopped"]


def test_ctrl_c_in_a_calibration_writes_nothing_and_exits_130(tmp_path, monkeypatch):
    import sim.report.studies as studies
    from sim.errors import Interrupted
    from sim.report.commands import calibrate_command

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(studies, "calibrate", interrupted)
    with pytest.raises(Interrupted, match="nothing was written") as caught:
        calibrate_command(ROOT / "scenarios/spaces/calibration.toml", out=tmp_path / "c")
    assert caught.value.exit_status == 130 and not (tmp_path / "c").exists()


def test_too_few_runs_from_the_flag_blame_the_flag(tmp_path):
    from click.testing import CliRunner

    from cli import main

    refused = CliRunner().invoke(main, ["calibrate", "--reps", "10", "--out", str(tmp_path / "c")])
    assert refused.exit_code == 2
    assert refused.output.strip() == ("Error: --reps: got 10; allowed: at least 30 runs per "
                                      "point (each target's mean and spread need them)")


def test_the_replay_cut_after_the_last_fit_target_reads_the_same_targets():
    import datetime

    import numpy as np

    import sim
    from sim.analysis.calibrate import cut_after, fit_targets
    from sim.analysis.replay import COLUMNS, simulated
    from sim.scenarios.record import load_record

    replay = sim.load_scenario(ROOT / "scenarios" / "history.toml")
    dates = [replay.start + datetime.timedelta(days=7 * w) for w in range(replay.weeks + 1)]
    targets = fit_targets(load_record(ROOT / "record"), dates)
    cut = cut_after(replay, max(t.period.end for t in targets))
    assert cut.weeks < replay.weeks and all(e.week < cut.weeks for e in cut.events)
    runs = {s.weeks: sim.run(s, reps=8, seed=3, actors=False).world for s in (replay, cut)}
    for target in targets:
        whole, short = (simulated(target, {c: w[c].astype(float) for c in COLUMNS},
                                  dates[:weeks + 1]) for weeks, w in runs.items())
        np.testing.assert_array_equal(whole, short, err_msg=target.id)
