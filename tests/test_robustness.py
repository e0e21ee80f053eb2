"""What a demanding user does wrong or big: unwritable places, half-written outputs,
damaged result folders, huge runs, and Ctrl-C. Each gets one line, exit status 2 (or
Click's "Aborted!"), and nothing written or lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.ensemble import jobs as jobs_module
from sim.ensemble.jobs import plan_jobs, run_jobs
from tests.conftest import ROOT, SCENARIOS

US_COMMITS = str(SCENARIOS / "us_commits.toml")
UNWRITABLE = "/proc/sim-cannot-write-here"  # not writable, even for root


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture(scope="module")
def results_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("r") / "us_commits"
    sim.run(sim.load_scenario(US_COMMITS), reps=20).write(folder)
    return folder


# ---- unwritable output ------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["run", US_COMMITS, "-n", "5", "--out", UNWRITABLE],
    ["claims", "--claims", str(ROOT / "claims"), "--only", "C7", "-n", "5", "--out", UNWRITABLE],
])
def test_an_unwritable_folder_is_refused_before_any_work(args):
    start = time.perf_counter()
    line = one_line_error(CliRunner().invoke(main, args))
    assert UNWRITABLE in line and "cannot write" in line
    assert time.perf_counter() - start < 5  # refused before simulating


def test_an_unwritable_plot_is_refused(results_folder):
    line = one_line_error(CliRunner().invoke(main, ["plot", str(results_folder), "--out",
                                                    f"{UNWRITABLE}.png"]))
    assert "cannot be written" in line


def test_compare_writes_all_its_outputs_or_none(results_folder, tmp_path):
    csv = tmp_path / "diff.csv"
    result = CliRunner().invoke(main, ["compare", str(results_folder), str(results_folder.parent
                                       / "other"), "--csv", str(csv)])
    assert result.exit_code == 2 and not csv.exists()  # a missing input: nothing written
    other = results_folder.parent / "b"
    sim.run(sim.load_scenario(SCENARIOS / "baseline.toml"), reps=20).write(other)
    result = CliRunner().invoke(main, ["compare", str(results_folder), str(other), "--csv",
                                       str(csv), "--plot", f"{UNWRITABLE}.png"])
    one_line_error(result)
    assert not csv.exists()
    assert not list(tmp_path.glob(".diff.csv*"))  # no staged file left behind


def test_result_folders_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        folder = sim.run(sim.load_scenario(US_COMMITS), reps=3).write(tmp_path / "r")
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o755


# ---- damaged results --------------------------------------------------------------------
def test_a_truncated_time_series_is_refused(results_folder, tmp_path):
    import shutil
    damaged = tmp_path / "damaged"
    shutil.copytree(results_folder, damaged)
    lines = (damaged / "timeseries.csv").read_text().splitlines(keepends=True)
    (damaged / "timeseries.csv").write_text("".join(lines[: 1 + 9 * 105]))  # 9 of 20 runs
    line = one_line_error(CliRunner().invoke(main, ["plot", str(damaged), "--out",
                                                    str(tmp_path / "p.png")]))
    assert "timeseries.csv" in line and "damaged" in line
    assert not (tmp_path / "p.png").exists()


def test_an_edited_summary_is_refused(results_folder, tmp_path):
    import shutil
    damaged = tmp_path / "edited"
    shutil.copytree(results_folder, damaged)
    header, first, *rest = (damaged / "summary.csv").read_text().splitlines(keepends=True)
    edited = first.replace("ceasefire", "stalemate") if "ceasefire" in first else \
        first.replace("talks_without_agreement", "stalemate")
    assert edited != first
    (damaged / "summary.csv").write_text("".join([header, edited, *rest]))
    line = one_line_error(CliRunner().invoke(main, ["compare", str(results_folder),
                                                    str(damaged)]))
    assert "summary.csv" in line and "damaged" in line


def test_the_manifest_records_rows_and_digests(results_folder):
    manifest = json.loads((results_folder / "manifest.json").read_text())
    files = manifest["files"]
    assert files["summary.csv"]["rows"] == 20 and files["timeseries.csv"]["rows"] == 20 * 105
    assert len(files["timeseries.csv"]["sha256"]) == 64
    assert f"--out {results_folder}" in manifest["reproduce"]["command"]


# ---- big runs ---------------------------------------------------------------------------
def test_chunked_runs_write_the_same_bytes(tmp_path, monkeypatch):
    scenario = sim.load_scenario(US_COMMITS)
    whole = sim.run(scenario, reps=23).write(tmp_path / "whole")
    monkeypatch.setattr(jobs_module, "CHUNK_RUNS", 5)
    [written] = run_jobs(plan_jobs([US_COMMITS], reps=23, out=tmp_path / "chunked",
                                   actors=True))
    for name in ("summary.csv", "timeseries.csv", "actors.csv"):
        assert (whole / name).read_bytes() == (written.folder / name).read_bytes(), name
    assert len(written.summary) == 23 and list(written.summary["run"]) == list(range(23))


def test_a_run_too_big_for_memory_says_how_many_fit(monkeypatch):
    from sim.ensemble import runner
    monkeypatch.setattr(runner, "memory_available", lambda: 2 * 2**30)
    with pytest.raises(sim.SimError, match=r"1,000,000 runs of 104 weeks need about .* GiB "
                                           r"of memory and 2.0 GiB are free: at most [\d,]+ fit"):
        sim.run(sim.load_scenario(US_COMMITS), reps=1_000_000)


def test_sim_run_of_many_runs_stays_within_memory(tmp_path, monkeypatch):
    """`sim run` simulates in chunks: a run count that would not fit at once works."""
    from sim.ensemble import runner
    monkeypatch.setattr(jobs_module, "CHUNK_RUNS", 50)
    monkeypatch.setattr(runner, "memory_available", lambda: runner.memory_needed(100, 104))
    result = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "120", "-q", "--out",
                                       str(tmp_path / "big")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "big" / "summary.csv").read_text().splitlines()) == 121


def test_actors_table_is_opt_in_for_large_runs(tmp_path):
    small = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "10", "--out", str(tmp_path / "s")])
    assert small.exit_code == 0 and (tmp_path / "s" / "actors.csv").exists()
    assert "actors.csv" in small.output and "rows" in small.output
    big = plan_jobs([US_COMMITS], reps=1001, out=tmp_path / "b")
    assert not big[0].actors
    none = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "10", "--no-actors",
                                     "--out", str(tmp_path / "n")])
    assert none.exit_code == 0 and not (tmp_path / "n" / "actors.csv").exists()
    assert "actors.csv      not written" in none.output
    assert "--no-actors" in json.loads((tmp_path / "n" / "manifest.json").read_text())[
        "reproduce"]["command"]


def test_one_run_is_one_run(tmp_path):
    result = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "1", "--out", str(tmp_path / "o")])
    assert "1 run x 104 weeks" in result.output and "1 runs" not in result.output


# ---- start-up and Ctrl-C ----------------------------------------------------------------
def _sim() -> list[str]:
    exe = Path(sys.executable).with_name("sim")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]


def test_help_is_quick():
    start = time.perf_counter()
    done = subprocess.run([*_sim(), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "Usage" in done.stdout
    assert time.perf_counter() - start < 0.6  # 0.05 s here (1.1 s before); room for slow CI


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6])
def test_ctrl_c_at_any_moment_of_start_up_prints_aborted(delay, tmp_path):
    process = subprocess.Popen([*_sim(), "run", US_COMMITS, "-n", "2000", "-q", "--out",
                                str(tmp_path / "x")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    if process.returncode != 0:
        assert "Aborted!" in err
    assert not (tmp_path / "x").exists() or process.returncode == 0
