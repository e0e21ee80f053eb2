"""`sim compare` and `sim plot` end to end: tables, files, figures and bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from sim.analysis.compare import METRIC_KEYS
from tests.conftest import SCENARIOS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Three small results folders written by `sim run` (same seed: paired runs)."""
    root = tmp_path_factory.mktemp("results")
    for name in ("baseline", "us_commits", "aid_cut"):
        outcome = CliRunner().invoke(main, ["run", str(SCENARIOS / f"{name}.toml"), "-n", "40",
                                            "-q", "--out", str(root / name)])
        assert outcome.exit_code == 0, outcome.output
    return root


@pytest.fixture
def runner():
    return CliRunner()


def test_compare_prints_an_aligned_table(runner, results):
    out = runner.invoke(main, ["compare", str(results / "baseline"), str(results / "us_commits"),
                               str(results / "aid_cut" / "summary.csv")])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "Each scenario against baseline" in text and "Conditional projections, not forecasts" in text
    assert "paired runs (same seeds)" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    block = text.split("ground Russia gained, mean")[1].split("\n\n")[0].splitlines()[1:]
    assert [line.split()[0] for line in block] == ["baseline", "us_commits", "aid_cut"]
    assert block[0].endswith(" reference")
    assert block[1].rstrip().endswith("*")  # committing slows Russia's advance


def test_compare_writes_csv_json_and_plot(runner, results, tmp_path):
    csv, js, png = tmp_path / "diff.csv", tmp_path / "diff.json", tmp_path / "diff.png"
    out = runner.invoke(main, ["compare", str(results / "baseline"), str(results / "us_commits"),
                               "--csv", str(csv), "--json", str(js), "--plot", str(png)])
    assert out.exit_code == 0, out.output
    frame = pd.read_csv(csv)
    assert len(frame) == 2 * len(METRIC_KEYS)
    commits = frame[(frame.scenario == "us_commits")
                    & (frame.metric == "russia_gain_km2")].iloc[0]
    # committing: Russia gains less ground (km2) than at the baseline
    assert commits["diff"] < 0 and commits["diff_high"] < 0 and commits["excludes_zero"]
    data = json.loads(js.read_text())
    assert data["reference"] == "baseline" and len(data["rows"]) == len(frame)
    assert "not forecasts" in data["note"]
    assert png.read_bytes().startswith(PNG_SIGNATURE) and png.stat().st_size > 20_000


def test_compare_json_to_stdout_replaces_the_table(runner, results):
    out = runner.invoke(main, ["compare", str(results / "baseline"), str(results / "aid_cut"),
                               "--json", "-"])
    assert out.exit_code == 0
    assert json.loads(out.stdout)["scenarios"][1]["label"] == "aid_cut"


def test_the_same_png_from_the_same_results(runner, results, tmp_path):
    args = ["compare", str(results / "baseline"), str(results / "us_commits"), "--plot"]
    runner.invoke(main, [*args, str(tmp_path / "a.png")])
    runner.invoke(main, [*args, str(tmp_path / "b.png")])
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_plot_draws_fan_charts_into_the_results_folder(runner, results, tmp_path):
    out = runner.invoke(main, ["plot", str(results / "us_commits")])
    assert out.exit_code == 0, out.output
    default = results / "us_commits" / "plot.png"
    assert default.read_bytes().startswith(PNG_SIGNATURE) and default.stat().st_size > 40_000
    svg = tmp_path / "fan.svg"
    assert runner.invoke(main, ["plot", str(results / "aid_cut"), "-o", str(svg)]).exit_code == 0
    assert "Conditional projections, not forecasts" in svg.read_text()


def _copy_with_manifest(results, folder, **changes):
    """aid_cut's results in ``folder``, its manifest changed as ``changes`` say."""
    import shutil

    shutil.copytree(results / "aid_cut", folder)
    manifest = json.loads((results / "aid_cut" / "manifest.json").read_text())
    manifest.update(changes)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_horizon_mismatch_warns(runner, results, tmp_path):
    other = _copy_with_manifest(results, tmp_path / "other", weeks=52)
    out = runner.invoke(main, ["compare", str(results / "baseline"), str(other)])
    assert out.exit_code == 0, out.output
    assert "Warning: results cover different horizons in weeks" in out.stderr
    assert "model version" not in out.stderr


@pytest.mark.parametrize("command", ["compare", "plot"])
def test_results_of_an_older_model_version_are_refused(runner, results, tmp_path, command):
    old = _copy_with_manifest(results, tmp_path / "old", model_version="2")
    args = (["plot", str(old), "--out", str(tmp_path / "p.png")] if command == "plot"
            else ["compare", str(results / "baseline"), str(old)])
    for extra in ([], ["--force"]):
        out = runner.invoke(main, [*args, *extra])
        assert out.exit_code == 2 and "Traceback" not in out.output
        [line] = out.output.strip().splitlines()  # one line, naming the folder
        assert line.startswith(f"Error: {old}: made by model version 2")
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize("args, message", [
    (["compare", "{r}/baseline"], "compare needs at least two results"),
    (["compare", "{r}/baseline", "{r}/baseline/summary.csv"], "is the same results as"),
    (["compare", "{r}/baseline", "{t}"], "not a results folder (no summary.csv in it)"),
    (["compare", "{r}/baseline", "{t}/nope"], "no such results folder or file"),
    (["compare", "{r}/baseline", "{r}/aid_cut/manifest.json"], "not a results folder or a summary"),
    (["compare", "{r}/baseline", "{r}/aid_cut", "--csv", "{t}/out.txt"], "--csv must name a .csv"),
    (["compare", "{r}/baseline", "{r}/aid_cut", "--csv", "{r}/aid_cut/summary.csv"],
     "--csv would overwrite an input"),
    (["compare", "{r}/baseline", "{r}/aid_cut", "--plot", "{t}/no/such/dir/p.png"],
     "does not exist; create it first"),
    (["compare", "{r}/baseline", "{r}/aid_cut", "--plot", "{t}/p.jpg"],
     "--plot must name a .png, .svg, .pdf file"),
    (["compare", "{r}/baseline", "{r}/aid_cut", "--csv", "-", "--json", "-"],
     "cannot both write to standard output"),
    (["plot", "{t}"], "not a results folder"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(runner, results, tmp_path, args,
                                                            message):
    before = sorted(p.name for p in results.rglob("*"))
    out = runner.invoke(main, [a.format(r=results, t=tmp_path) for a in args])
    assert out.exit_code == 2, out.output
    assert message in out.output and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1
    assert sorted(p.name for p in results.rglob("*")) == before
    assert list(tmp_path.iterdir()) == []


def test_a_missing_timeseries_stops_the_plot_before_any_file_is_written(runner, results,
                                                                        tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "summary.csv").write_bytes((results / "aid_cut" / "summary.csv").read_bytes())
    csv = tmp_path / "diff.csv"
    out = runner.invoke(main, ["compare", str(results / "baseline"), str(bare),
                               "--csv", str(csv), "--plot", str(tmp_path / "p.png"), "--force"])
    assert out.exit_code == 2 and "no timeseries.csv beside it" in out.output
    assert not csv.exists() and not (tmp_path / "p.png").exists()


@pytest.mark.parametrize("manifest", [
    None, b"{not json", b'["a list"]', b'{"files": 3, "weeks": 104, "seed": 1, '
    b'"model_version": "2", "reproduce": {}}', b"[" * 100_000 + b"]" * 100_000,
    b'{"files": {}, "weeks": 104, "seed": 1, "model_version": "2", "reproduce": {}}',
    b'{"files": {"summary.csv": {"rows": 1, "bytes": "abc", "sha256": "x"}}, "weeks": 104, '
    b'"seed": 1, "model_version": "2", "reproduce": {}}',
    b'{"files": {"summary.csv": {"rows": 1, "bytes": 1, "sha256": "x"}}, "weeks": [1], '
    b'"seed": 1, "model_version": "2", "reproduce": "x"}'])
@pytest.mark.parametrize("command", ["plot", "compare"])
def test_results_without_a_readable_manifest_are_refused_unless_forced(
        runner, results, tmp_path, manifest, command):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(results / "aid_cut", damaged)
    if manifest is None:
        (damaged / "manifest.json").unlink()
    else:
        (damaged / "manifest.json").write_bytes(manifest)
    lines = (damaged / "timeseries.csv").read_text().splitlines(keepends=True)
    (damaged / "timeseries.csv").write_text("".join(lines[: len(lines) // 2]))  # truncated
    args = (["plot", str(damaged), "--out", str(tmp_path / "p.png")] if command == "plot"
            else ["compare", str(results / "baseline"), str(damaged)])
    refused = runner.invoke(main, args)
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    [line] = [x for x in refused.output.splitlines() if x.startswith("Error: ")]
    assert f"{damaged}: " in line and "manifest.json" in line and "--force" in line
    assert not (tmp_path / "p.png").exists()
    if manifest in (None, b"{not json"):  # --force reads them anyway (the same for all)
        forced = runner.invoke(main, [*args, "--force"])
        assert forced.exit_code == 0, forced.output
        assert f"Warning: {damaged}: USED UNCHECKED (--force)" in forced.output
