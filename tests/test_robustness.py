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

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.ensemble import jobs as jobs_module
from sim.ensemble.jobs import plan_jobs, run_jobs
from tests.conftest import ROOT, SCENARIOS, one_line_error

US_COMMITS = str(SCENARIOS / "us_commits.toml")
UNWRITABLE = "/proc/sim-cannot-write-here"  # not writable, even for root


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
    fields = first.split(",")
    at = header.split(",").index("outcome")
    fields[at] = "capitulation" if fields[at] != "capitulation" else "stalemate"
    edited = ",".join(fields)
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


def test_large_runs_write_parquet_unless_csv_is_asked_for(tmp_path):
    from sim.ensemble.jobs import format_notes
    from sim.ensemble.options import CSV_UP_TO, Format
    at, above = (plan_jobs([US_COMMITS], reps=n, out=tmp_path / str(n))
                 for n in (CSV_UP_TO, CSV_UP_TO + 1))
    assert at[0].fmt is Format.CSV and above[0].fmt is Format.PARQUET
    assert not format_notes(at) and "tables are Parquet" in format_notes(above)[0]
    asked = plan_jobs([US_COMMITS], reps=CSV_UP_TO + 1, out=tmp_path / "c", fmt="csv")
    assert asked[0].fmt is Format.CSV and not format_notes(asked)


def test_the_format_chosen_by_size_is_said_and_reproduced(tmp_path, monkeypatch):
    from sim.ensemble import jobs, options
    monkeypatch.setattr(options, "CSV_UP_TO", 10)  # the same rule, on a small run
    monkeypatch.setattr(jobs, "CSV_UP_TO", 10)

    def run(*extra: str) -> tuple[str, dict]:
        out = tmp_path / str(len(list(tmp_path.iterdir())))
        result = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "11", "-q", *extra,
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
        return result.output, json.loads((out / "manifest.json").read_text())

    said, manifest = run()
    assert "tables are Parquet (above 10 runs); pass --format csv for CSV" in said
    assert "summary.parquet" in manifest["files"]
    assert "--format parquet" in manifest["reproduce"]["command"]
    said, manifest = run("--format", "csv")
    assert "Parquet" not in said and "summary.csv" in manifest["files"]
    assert "--format csv" in manifest["reproduce"]["command"]  # reproduced as CSV, too


def test_parquet_dictionary_encodes_only_what_repeats_and_reads_back_the_runs(tmp_path):
    """Arrow's default would dictionary-encode the float columns too (a dictionary built
    and given up on, 2x the writing time): sim's files encode the run, week, date and
    category columns with a dictionary and the floats without, with the same data as
    the runs in memory and the same bytes each time."""
    import pyarrow.parquet as pq
    from sim.ensemble.options import Format

    scenario = sim.load_scenario(US_COMMITS)
    results = sim.run(scenario, reps=40, seed=3)
    folders = [results.write(tmp_path / name, fmt=Format.PARQUET) for name in ("a", "b")]
    table = pq.ParquetFile(folders[0] / "timeseries.parquet")
    encodings = {table.schema_arrow.field(i).name:
                 table.metadata.row_group(0).column(i).encodings
                 for i in range(table.metadata.num_columns)}
    dictionary = {name for name, used in encodings.items()
                  if any("DICTIONARY" in encoding for encoding in used)}
    assert {"scenario", "run", "week", "date", "talks"} <= dictionary
    assert not dictionary & {"unity", "russia_held_km2", "ukraine_power"}
    back = pd.read_parquet(folders[0] / "timeseries.parquet")
    assert back.drop(columns="date").equals(results.timeseries.drop(columns="date"))
    for name in ("summary.parquet", "timeseries.parquet", "actors.parquet"):
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes()


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


@pytest.mark.parametrize("command", [["params"], ["params", "--json"],
                                     ["check", US_COMMITS], ["check", US_COMMITS, "--json"]])
def test_reading_commands_load_neither_the_model_nor_pandas(command):
    """`sim params` and `sim check` answer from the declarations and the TOML: no Mesa,
    no pandas (each costs a user about half a second before anything shows)."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom cli import main\n"
            f"result = CliRunner().invoke(main, {command!r})\n"
            "assert result.exit_code == 0, result.output\n"
            "print(sorted(m for m in ('mesa', 'pandas', 'sim.model.model') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_program_writes_what_the_command_writes_in_process(tmp_path):
    """The program skips the collector at its exit (cli.py); every file it wrote is whole
    and the same as the same command's run in this process (which exits normally)."""
    done = subprocess.run([*_sim(), "run", US_COMMITS, "-n", "300", "-q", "--format", "csv",
                           "--out", str(tmp_path / "program")], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    here = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "300", "-q", "--format", "csv",
                                     "--out", str(tmp_path / "here")])
    assert here.exit_code == 0, here.output
    written = sorted(p.name for p in (tmp_path / "program").iterdir())
    assert written == sorted(p.name for p in (tmp_path / "here").iterdir())
    assert "timeseries.csv" in written
    for name in written:
        if name != "manifest.json":  # (it names the output folder)
            assert ((tmp_path / "program" / name).read_bytes()
                    == (tmp_path / "here" / name).read_bytes()), name


#: Moments of start-up, each named by an import that has just finished: the Ctrl-C lands
#: after it, while what follows loads (the command's own modules, then numpy, pandas and
#: Mesa as `sim run` begins, then the simulation).
START_UP_MOMENTS = ("click", "sim", "cli", "numpy", "pandas", "mesa")


@pytest.mark.parametrize("after", START_UP_MOMENTS)
def test_ctrl_c_at_any_moment_of_start_up_prints_aborted(after, tmp_path):
    """Deterministic, not timed: Python reports each import as it finishes
    (PYTHONPROFILEIMPORTTIME), and the signal is sent right after the one named."""
    with subprocess.Popen([*_sim(), "run", US_COMMITS, "-n", "2000", "-q", "--out",
                           str(tmp_path / "x")], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}) as process:
        for line in process.stderr:
            if line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == after:
                process.send_signal(signal.SIGINT)
                break
        else:
            pytest.fail(f"the import of {after} was never reported")
        err = "".join(line for line in process.stderr if not line.startswith("import time:"))
        process.wait(timeout=60)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert process.returncode == 1 and err.strip() == "Aborted!", err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("out", [".", "..", "/", "", "link", "broken", "foreign"])
def test_an_out_that_cannot_or_must_not_be_replaced_is_refused_before_work(out, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    start = time.perf_counter()
    line = one_line_error(CliRunner().invoke(main, ["run", US_COMMITS, "-n", "20000", "-q",
                                                    "--out", out]))
    assert time.perf_counter() - start < 5 and "--out" in line
    assert (tmp_path / "link").is_symlink() and (tmp_path / "foreign" / "notes.txt").exists()


def test_importing_the_cli_after_multiprocessing_leaves_ctrl_c_alone():
    """Only a worker process of the command ignores Ctrl-C: a process that imported
    multiprocessing's spawn (as a test run or a notebook does) and then the CLI keeps its
    handler, so the commands it starts can still be interrupted."""
    code = ("import multiprocessing.spawn, signal, sys; import cli; "
            "sys.exit(0 if signal.getsignal(signal.SIGINT) is signal.default_int_handler "
            "else 3)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_a_ctrl_c_the_shell_said_to_ignore_stays_ignored(tmp_path):
    def ignore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    with subprocess.Popen([*_sim(), "run", US_COMMITS, "-n", "400", "-q", "--out",
                           str(tmp_path / "x")], stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          preexec_fn=ignore,
                          env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}) as process:
        for line in process.stderr:
            if line.rsplit("|", 1)[-1].strip() == "mesa":
                process.send_signal(signal.SIGINT)
                break
        err = "".join(line for line in process.stderr if not line.startswith("import time:"))
        process.wait(timeout=120)
    assert process.returncode == 0 and "Aborted" not in err, err
    assert (tmp_path / "x" / "summary.csv").exists()


# ---- killed writers -----------------------------------------------------------------------
def test_a_killed_runs_staging_folder_is_removed_by_the_next_run_and_nothing_else(tmp_path):
    import fcntl

    parent = tmp_path / "results"
    # 6,000 runs: two chunks, simulated and formatted in threads (the default for CSV)
    with subprocess.Popen([*_sim(), "run", US_COMMITS, "-n", "6000", "--format", "csv", "-q",
                           "--out", str(parent / "a")], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL) as killed:
        for _ in range(600):  # until it is writing its staging folder
            staged = [p for p in parent.glob(".a.tmp-*/new/timeseries.csv")
                      if p.stat().st_size > 0] if parent.exists() else []
            if staged:
                break
            time.sleep(0.05)
        killed.kill()
    assert staged, "the run never started writing"
    [leftover] = parent.glob(".a.tmp-*")
    # a live writer's staging folder (its lock held), and things that are not staging folders
    live = parent / ".b.tmp-abcdefgh"
    live.mkdir()
    (live / ".sim-staging").write_text("")
    lock = os.open(live, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    others = [parent / ".c.tmp-short", parent / "d.tmp-abcdefgh", parent / "e"]
    for other in others:
        other.mkdir()
    # a swap cut short: the old results moved aside, the new ones not yet in place
    cut = parent / ".f.tmp-zyxwvuts"
    (cut / "old").mkdir(parents=True)
    (cut / ".sim-staging").write_text("")
    (cut / "old" / "summary.csv").write_text("old results\n")
    # one that looks like a staging folder but was not made by sim (no marker)
    foreign = parent / ".h.tmp-abcdefgh"
    (foreign / "old").mkdir(parents=True)
    others.append(foreign)
    try:
        done = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "3", "-q", "--out",
                                         str(parent / "g")])
        assert done.exit_code == 0, done.output
        assert not leftover.exists() and not cut.exists()
        assert live.exists() and all(other.exists() for other in others)
        assert (parent / "f" / "summary.csv").read_text() == "old results\n"
        assert not (parent / "h").exists()
    finally:
        os.close(lock)


def test_the_rerun_command_is_shell_quoted_and_names_the_folder_read(tmp_path):
    import shlex
    import shutil

    odd = tmp_path / "my results (draft)"
    scenario = tmp_path / "a scenario's copy.toml"
    scenario.write_text(f'[scenario]\nextends = "{US_COMMITS}"\n')
    done = CliRunner().invoke(main, ["run", str(scenario), "-n", "3", "-q", "--out",
                                     str(odd / "first")])
    assert done.exit_code == 0, done.output
    command = json.loads((odd / "first" / "manifest.json").read_text())["reproduce"]["command"]
    checked = subprocess.run(["bash", "-n", "-c", command], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr  # bash can parse it
    assert shlex.split(command)[2] == str(scenario)
    moved = odd / "moved here"
    shutil.move(odd / "first", moved)
    (moved / "summary.csv").write_bytes((moved / "summary.csv").read_bytes()[:-10])
    line = one_line_error(CliRunner().invoke(main, ["plot", str(moved)]))
    assert line.endswith("rerun: " + shlex.join(["sim", "run", str(scenario), "--reps", "3",
                                                  "--seed", "20250904", "--format", "csv",
                                                  "--out", str(moved)]))


# ---- a full disk --------------------------------------------------------------------------
def _with_a_full_disk(args: list[str], limit: int = 4096) -> subprocess.CompletedProcess:
    """`sim ARGS` where no file can grow past ``limit`` bytes: writes beyond it fail as on a
    full disk (RLIMIT_FSIZE, with SIGXFSZ ignored so the write returns an error)."""
    import resource

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([*_sim(), *args], capture_output=True, text=True, cwd=ROOT,
                          preexec_fn=limited)


def _left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_full_disk_names_the_file_and_leaves_nothing(results_folder, tmp_path):
    other = tmp_path / "other"
    sim.run(sim.load_scenario(SCENARIOS / "baseline.toml"), reps=20).write(other)
    for args, named in [
        (["compare", str(results_folder), str(other), "--csv", str(tmp_path / "d.csv"),
          "--plot", str(tmp_path / "d.png")], tmp_path / "d.png"),
        (["plot", str(results_folder), "--out", str(tmp_path / "p.png")], tmp_path / "p.png"),
    ]:
        done = _with_a_full_disk(args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == f"Error: {named}: cannot write (File too large); " \
                                      "nothing was written"
        assert not named.exists() and not (tmp_path / "d.csv").exists()
        assert _left_behind(tmp_path) == []


# Parquet: the default of large runs; 6,000 CSV runs: two chunks, in threads
@pytest.mark.parametrize(("fmt", "reps"), [("csv", "50"), ("parquet", "50"), ("csv", "6000")])
def test_a_full_disk_keeps_the_previous_results(tmp_path, fmt, reps):
    out = tmp_path / "r"
    sim.run(sim.load_scenario(US_COMMITS), reps=3).write(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    done = _with_a_full_disk(["run", US_COMMITS, "-n", reps, "--format", fmt, "-q", "--out",
                              str(out)])
    assert done.returncode == 2 and done.stderr.startswith(f"Error: {out}: writing failed")
    assert len(done.stderr.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _left_behind(tmp_path) == []


@pytest.mark.parametrize("reps", ["8000", "15000"])  # two chunks in threads; two workers
def test_ctrl_c_while_chunks_run_keeps_the_previous_results(tmp_path, reps):
    """Ctrl-C while chunks run in threads or on worker processes (the default by size):
    "Aborted!", the previous results as they were, nothing left behind."""
    out = tmp_path / "r"
    sim.run(sim.load_scenario(US_COMMITS), reps=3).write(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with subprocess.Popen([*_sim(), "run", US_COMMITS, "-n", reps, "--format", "csv", "-q",
                           "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as process:
        for _ in range(600):  # until it is writing its staging folder
            if [p for p in tmp_path.glob(".r.tmp-*/new/timeseries.csv") if p.stat().st_size]:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        err = process.communicate(timeout=60)[1]
    assert process.returncode == 1 and err.strip().splitlines()[-1] == "Aborted!", err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _left_behind(tmp_path) == []
