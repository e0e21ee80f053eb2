"""The `sim` command line, through click's CliRunner."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import ROOT, SCENARIOS

US_COMMITS = str(SCENARIOS / "us_commits.toml")


@pytest.fixture
def runner():
    return CliRunner()


def test_run_writes_results_and_prints_summary(runner, tmp_path):
    out = tmp_path / "res"
    result = runner.invoke(main, ["run", US_COMMITS, "--reps", "20", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "us_commits: 20 runs x 104 weeks, seed 3" in result.output
    assert "cease-fire" in result.output and "Conditional projections, not forecasts" in result.output
    assert "median weeks to cease-fire" in result.output
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 20 and summary["seed"].nunique() == 20


def test_default_folder_is_results_slash_stem(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", US_COMMITS, "-n", "5", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "results" / "us_commits" / "summary.csv").exists()


def test_several_scenarios_run_each(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", US_COMMITS, str(SCENARIOS / "baseline.toml"), "-n", "5"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "results" / "baseline" / "timeseries.csv").exists()
    assert (tmp_path / "results" / "us_commits" / "timeseries.csv").exists()


def test_set_changes_the_run(runner, tmp_path):
    args = ["run", US_COMMITS, "-n", "10", "-q", "--out"]
    runner.invoke(main, [*args, str(tmp_path / "a")])
    runner.invoke(main, [*args, str(tmp_path / "b"), "--set", "united_states.military_aid=0.0"])
    a = pd.read_csv(tmp_path / "a" / "summary.csv")
    b = pd.read_csv(tmp_path / "b" / "summary.csv")
    assert b["russia_gain_km2"].mean() > a["russia_gain_km2"].mean()
    assert b["aid_us_eur_bn_a_year"].mean() < a["aid_us_eur_bn_a_year"].mean()


@pytest.mark.parametrize("args, message", [
    (["run", "nope.toml"], "Error: nope.toml: no such file"),
    (["run", US_COMMITS, "--set", "united_states.militray_aid=0.9"],
     'did you mean "united_states.military_aid"?'),
    (["run", US_COMMITS, "--set", "world.unity=3"], "world.unity: got 3, out of range"),
    (["run", US_COMMITS, US_COMMITS, "--out", "x"], "--out names one folder but 2 scenarios"),
    (["run", US_COMMITS, "--reps", "0"], "Invalid value for '--reps'"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(runner, tmp_path, monkeypatch,
                                                            args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "results").exists() and not (tmp_path / "x").exists()


def test_a_bad_second_scenario_stops_everything_before_running(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[world]\nunity = 2\n")
    result = runner.invoke(main, ["run", US_COMMITS, str(bad)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: {bad}: world.unity: got 2, out of range; "
                                     "allowed: a number from 0 to 1")
    assert not (tmp_path / "results").exists()


def test_params_lists_every_key(runner):
    result = runner.invoke(main, ["params"])
    assert result.exit_code == 0
    assert "[actors.united_states]" in result.output and "decision_delay_weeks = 3" in result.output
    one = runner.invoke(main, ["params", "hungary"])
    assert "resistance = 0.4" in one.output and "[world]" not in one.output
    wrong = runner.invoke(main, ["params", "hungry"])
    assert wrong.exit_code == 2


def test_check_shows_changes(runner):
    result = runner.invoke(main, ["check", str(SCENARIOS / "aid_cut.toml")])
    assert result.exit_code == 0
    assert "week 13: european_union.military_aid = 0.5" in result.output


def test_check_checks_every_file_and_reports_each_bad_one(runner, write_toml):
    first = write_toml("first.toml", "[world]\nunity = 2\n")
    second = write_toml("second.toml", "[world\n")
    result = runner.invoke(main, ["check", str(first), str(SCENARIOS / "aid_cut.toml"),
                                  str(second)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert [e.split(":")[1].strip() for e in errors] == [str(first), str(second)]
    assert f"{SCENARIOS / 'aid_cut.toml'}: ok" in result.output


def test_the_files_table_lines_up_for_parquet(runner, tmp_path):
    result = runner.invoke(main, ["run", US_COMMITS, "-n", "3", "--format", "parquet",
                                  "--out", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if " rows " in line]
    assert len(rows) == 3 and len({line.index(" rows ") for line in rows}) == 1
    assert len({line.index("rows") for line in rows}) == 1


def test_run_names_a_bad_argument():
    import sim

    scenario = sim.load_scenario(US_COMMITS)
    with pytest.raises(ValueError, match=r"run\(seed=-1\): allowed: an integer from 0"):
        sim.run(scenario, seed=-1)
    with pytest.raises(ValueError, match=r"run\(reps=0\): allowed"):
        sim.run(scenario, reps=0)


def test_help_and_version(runner):
    top = runner.invoke(main, ["-h"]).output
    flowing = " ".join(top.split())
    assert "conditional projections of a model fitted to 2023-24, not forecasts" in flowing
    assert "run" in top and "params" in top
    help_text = runner.invoke(main, ["run", "--help"]).output
    for option in ("--reps", "--seed", "--out", "--set", "--quiet"):
        assert option in help_text
    assert "sim run scenarios/us_commits.toml" in help_text
    assert runner.invoke(main, ["--version"]).output.startswith("sim, version ")


def test_progress_counts_the_runs_simulated_and_written(tmp_path):
    from contextlib import contextmanager

    from sim.ensemble.jobs import plan_jobs, run_jobs
    seen: dict[str, int] = {}

    @contextmanager
    def progress(label, total):
        seen[label] = 0

        def tick(n):
            seen[label] += n
        yield tick
        assert seen[label] == total, label
    jobs = plan_jobs([US_COMMITS], reps=7, out=tmp_path / "p")
    run_jobs(jobs, progress=progress)
    assert seen == {"simulating and writing us_commits": 7}


def test_summary_fits_80_columns(runner, tmp_path):
    result = runner.invoke(main, ["run", US_COMMITS, "-n", "20", "--out", str(tmp_path / "o")])
    table = [line for line in result.output.splitlines() if not line.startswith("  results:")]
    assert max(len(line) for line in table) <= 80


def test_check_prints_toml_values(runner):
    out = runner.invoke(main, ["check", US_COMMITS]).output
    assert 'united_states.stance = "commits"  (default "hesitates")' in out
    assert "united_states.backs_guarantees = true  (default false)" in out
    assert "True" not in out and "'" not in out


def test_the_project_documents_itself():
    """A clone has no ../shared folder: nothing may point there."""
    for path in [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("claims/*.toml"),
                 *ROOT.glob("sim/**/*.py")]:
        assert "../shared" not in path.read_text(), path


def test_json_wherever_a_table_is_printed(runner, tmp_path):
    import json

    ran = runner.invoke(main, ["run", US_COMMITS, "-n", "20", "--json", "--out",
                               str(tmp_path / "r")])
    assert ran.exit_code == 0, ran.output
    [scenario] = json.loads(ran.output)["scenarios"]
    shares = {m["metric"]: m["value"] for m in scenario["metrics"]}
    summary = pd.read_csv(tmp_path / "r" / "summary.csv")
    assert shares["share.ceasefire"] == (summary.outcome == "ceasefire").mean()
    claims = runner.invoke(main, ["claims", "--only", "C7", "-n", "20", "--sets", "2",
                                  "--set-reps", "10", "--json", "--out",
                                  str(tmp_path / "c")])
    assert claims.exit_code == 0, claims.output
    [c7] = json.loads(claims.output)["claims"]
    assert c7["id"] == "C7" and c7["verdict"] in ("supported", "inconclusive", "not supported")
    checked = runner.invoke(main, ["check", US_COMMITS, "--json"])
    assert json.loads(checked.output)["files"][0]["ok"] is True
    listed = json.loads(runner.invoke(main, ["params", "china", "--json"]).output)
    assert {p["key"] for p in listed["parameters"]} >= {"china.economic_support"}
