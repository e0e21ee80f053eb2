"""Result files: columns, determinism, atomic replacement, manifest."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.outcomes import OUTCOMES
from sim.scenarios.units import WEEKS_A_MONTH, WEEKS_A_YEAR
from tests.conftest import SCENARIOS


def held_at_start(results) -> np.ndarray:
    """Territory Russia holds at week 0 in each run (its replay's, on the essay's date)."""
    return results.world["russia_held_km2"][0].astype(float)


@pytest.fixture(scope="module")
def results():
    return sim.run(sim.load_scenario(SCENARIOS / "us_commits.toml"), reps=30, seed=4)


def test_the_memory_estimate_counts_every_recorded_column(results):
    from sim.ensemble import runner
    assert len(results.world) == runner._WORLD_COLUMNS
    assert len(results.actors) == runner._ACTOR_COLUMNS


def test_summary_columns_and_values(results):
    s = results.summary
    for column in ("scenario", "run", "seed", "outcome", "talks_week", "ceasefire_week",
                   "relapse_week", "settlement", "russia_held_km2", "russia_gain_km2",
                   "aid_us_eur_bn_a_year", "aid_europe_eur_bn_a_year",
                   "aid_effective_eur_bn_a_year", "russia_fossil_revenue_eur_bn_a_month"):
        assert column in s.columns
    assert len(s) == 30 and list(s["run"]) == list(range(30))
    assert set(s["outcome"]) <= set(OUTCOMES)
    assert s["talks_week"].dtype == "Int64"
    never = s["ceasefire_week"].isna()
    assert (s.loc[never, "settlement"] == "none").all()
    assert (s.loc[~never, "settlement"] != "none").all()
    relapsed = s["relapse_week"].notna()
    assert (s.loc[relapsed, "relapse_week"] > s.loc[relapsed, "ceasefire_week"]).all()
    # exposure: weeks in cease-fire match the event weeks
    held = s["ceasefire_week"].notna() & ~relapsed
    expected = 104 - s.loc[held, "ceasefire_week"] + 1
    assert (s.loc[held, "weeks_in_ceasefire"] == expected).all()
    assert (s["russia_gain_km2_min"] <= s["russia_gain_km2_mean"]).all()
    assert (s["russia_gain_km2_mean"] <= s["russia_gain_km2_max"]).all()
    assert (s["russia_gain_km2_min"] <= s["russia_gain_km2"]).all()
    assert (s["russia_gain_km2"] <= s["russia_gain_km2_max"]).all()
    # the week-0 front is the start: the least and most Russia gained bracket 0
    assert (s["russia_gain_km2_min"] <= 0).all() and (s["russia_gain_km2_max"] >= 0).all()
    np.testing.assert_allclose(s["russia_held_km2"], held_at_start(results) + s["russia_gain_km2"],
                               rtol=1e-6)


def test_timeseries_has_one_row_per_run_per_week(results):
    ts = results.timeseries
    assert len(ts) == 30 * 105
    for column in ("scenario", "run", "week", "date", "russia_held_km2",
                   "russia_trend_km2_per_week", "russia_capacity", "sanctions_pressure",
                   "russia_fossil_revenue_eur_bn", "aid_us_eur_bn", "aid_eu_eur_bn",
                   "aid_coalition_eur_bn", "aid_effective_eur_bn", "unity",
                   "russia_time_belief", "talks"):
        assert column in ts.columns
    for gone in ("front", "aid_flow", "momentum"):
        assert gone not in ts.columns
    dates = ts[ts["run"] == 0]["date"].astype(str).to_list()
    assert dates[:2] == ["2025-09-04", "2025-09-11"] and dates[-1] == "2027-09-02"
    np.testing.assert_array_equal(ts.loc[ts["week"] == 0, "russia_held_km2"],
                                  held_at_start(results).astype(np.float32))
    assert set(ts["talks"].unique()) <= {"none", "talks", "serious_talks", "ceasefire",
                                         "renewed_war"}
    last = ts[ts["week"] == 104].set_index("run")["russia_held_km2"]
    np.testing.assert_allclose(last.to_numpy(), results.summary["russia_held_km2"], rtol=1e-6)
    np.testing.assert_allclose(last.to_numpy() - held_at_start(results),
                               results.summary["russia_gain_km2"], atol=1e-3)
    assert "united_states.sanctions_in_force" in results.actors_table.columns


def test_same_seed_gives_byte_identical_files(tmp_path):
    scenario = sim.load_scenario(SCENARIOS / "baseline.toml")
    a = sim.run(scenario, reps=25, seed=3).write(tmp_path / "a" / "r")
    b = sim.run(scenario, reps=25, seed=3).write(tmp_path / "b" / "r")
    for name in ("summary.csv", "timeseries.csv", "actors.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # the manifests differ only where they say which folder to reproduce into
    text_a = (a / "manifest.json").read_text().replace(str(tmp_path / "a"), "X")
    assert text_a == (b / "manifest.json").read_text().replace(str(tmp_path / "b"), "X")
    c = sim.run(scenario, reps=25, seed=4).write(tmp_path / "c")
    assert (a / "timeseries.csv").read_bytes() != (c / "timeseries.csv").read_bytes()


def test_a_run_is_the_same_alone_or_in_a_crowd():
    scenario = sim.load_scenario(SCENARIOS / "us_commits.toml")
    alone = sim.run(scenario, reps=3, seed=8)
    crowd = sim.run(scenario, reps=300, seed=8)
    np.testing.assert_array_equal(alone.world["russia_held_km2"],
                                  crowd.world["russia_held_km2"][:, :3])
    pd.testing.assert_frame_equal(alone.summary.iloc[:3].drop(columns=["outcome", "settlement"]),
                                  crowd.summary.iloc[:3].drop(columns=["outcome", "settlement"]))


def test_rewrite_replaces_atomically(tmp_path, results):
    target = tmp_path / "out"
    results.write(target)
    (target / "stale.txt").write_text("from an older run")
    results.write(target)
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["summary.csv", "timeseries.csv", "actors.csv", "manifest.json"])
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folders left


def test_interrupted_write_leaves_old_results_untouched(tmp_path, results, monkeypatch):
    target = tmp_path / "out"
    results.write(target)
    before = (target / "summary.csv").read_bytes()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(KeyboardInterrupt):
        results.write(target)
    assert (target / "summary.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_output_path_that_is_a_file_is_refused(tmp_path, results):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(sim.ResultsError, match="exists and is not a folder"):
        results.write(blocker)


def test_manifest_says_what_and_how_to_reproduce(tmp_path, results):
    manifest = json.loads((results.write(tmp_path / "m") / "manifest.json").read_text())
    assert manifest["note"].startswith("Conditional projections, not forecasts")
    assert manifest["seed"] == 4 and manifest["reps"] == 30
    assert manifest["scenario"]["params"]["united_states.stance"] == "commits"
    assert "--reps 30 --seed 4" in manifest["reproduce"]["command"]
    for package in ("python", "mesa", "numpy", "pandas"):
        assert manifest["versions"][package]


def test_chunked_files_equal_the_whole_tables(tmp_path):
    results = sim.run(sim.load_scenario(SCENARIOS / "baseline.toml"), reps=45, seed=2)
    folder = results.write(tmp_path / "r")  # 45 runs are written in chunks of 3
    whole = results.timeseries.to_csv(float_format="%.6g", index=False, lineterminator="\n")
    assert (folder / "timeseries.csv").read_text() == whole
    actors = results.actors_table.to_csv(float_format="%.6g", index=False, lineterminator="\n")
    assert (folder / "actors.csv").read_text() == actors


def test_ground_at_talks_and_the_means_read_the_time_series(results):
    s, ts = results.summary, results.timeseries
    talked = s[s["talks_week"].notna()]
    assert (len(talked) > 0
            and s.loc[s["talks_week"].isna(), "russia_gain_km2_at_talks"].isna().all())
    held = ts.set_index(["run", "week"])["russia_held_km2"].astype(float)
    for run, week, value in talked[["run", "talks_week",
                                    "russia_gain_km2_at_talks"]].itertuples(index=False):
        assert value == pytest.approx(held[(run, week)] - held[(run, 0)], abs=1e-3)
    belief = ts.groupby("run")["russia_time_belief"].mean().to_numpy()
    np.testing.assert_allclose(s["mean_time_belief"], belief, rtol=1e-6)
    # amounts a year (a month): the weekly amounts after the start, averaged, times weeks
    after = ts[ts["week"] >= 1].astype({c: float for c in ts.columns if "eur_bn" in c})
    weekly = after.groupby("run")[["aid_us_eur_bn", "aid_eu_eur_bn", "aid_coalition_eur_bn",
                                   "aid_effective_eur_bn",
                                   "russia_fossil_revenue_eur_bn"]].mean()
    np.testing.assert_allclose(s["aid_us_eur_bn_a_year"],
                               weekly["aid_us_eur_bn"] * WEEKS_A_YEAR, rtol=1e-5)
    np.testing.assert_allclose(s["aid_europe_eur_bn_a_year"],
                               (weekly["aid_eu_eur_bn"] + weekly["aid_coalition_eur_bn"])
                               * WEEKS_A_YEAR, rtol=1e-5)
    np.testing.assert_allclose(s["aid_effective_eur_bn_a_year"],
                               weekly["aid_effective_eur_bn"] * WEEKS_A_YEAR, rtol=1e-5)
    np.testing.assert_allclose(s["russia_fossil_revenue_eur_bn_a_month"],
                               weekly["russia_fossil_revenue_eur_bn"] * WEEKS_A_MONTH,
                               rtol=1e-5)
