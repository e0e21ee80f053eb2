"""Every core, or a Dask cluster: the same bytes wherever the work runs, even when a
worker dies mid-job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.analysis.claims import load_claims
from sim.analysis.evaluate import select_claims
from sim.ensemble import executors
from sim.ensemble import jobs as jobs_module
from sim.ensemble.executors import InProcess, check_versions, open_executor
from sim.ensemble.jobs import plan_jobs, run_jobs
from sim.errors import SimError
from sim.report.claims_report import write_claims
from sim.report.explore_report import write_exploration
from sim.report.studies import evaluate, explore
from sim.scenarios.space import load_space
from tests.conftest import ROOT, SCENARIOS
from tests.test_explore import write_space

# Local clusters take a few seconds to start: the module's tests share one, on one
# test worker (pytest-xdist's loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]

BASELINE = SCENARIOS / "baseline.toml"


@pytest.fixture(scope="module")
def cluster():
    """Two local worker processes for the module's tests."""
    with open_executor(workers=2) as executor:
        yield executor


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; the manifest without the line that names the folder itself."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "manifest.json":
                data = b"\n".join(line for line in data.splitlines()
                                  if str(folder).encode() not in line)
            found[str(path.relative_to(folder))] = data
    return found


def run_folder(tmp_path: Path, name: str, executor, fmt: str = "csv", progress=None) -> Path:
    jobs = plan_jobs([BASELINE], reps=450, seed=5, out=tmp_path / name, fmt=fmt)
    kwargs = {} if progress is None else {"progress": progress}
    run_jobs(jobs, command=["sim", "run"], executor=executor, **kwargs)
    return tmp_path / name


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_sim_run_gives_the_same_bytes_on_workers(tmp_path, monkeypatch, cluster, fmt):
    monkeypatch.setattr(jobs_module, "CHUNK_RUNS", 100)  # five chunks, out of order
    alone = run_folder(tmp_path, "alone", InProcess(), fmt)
    spread = run_folder(tmp_path, "spread", cluster, fmt)
    assert folder_bytes(alone) == folder_bytes(spread)
    assert (alone / f"timeseries.{fmt}").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_sim_run_gives_the_same_bytes_in_threads(tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(jobs_module, "CHUNK_RUNS", 100)  # five chunks, two at a time
    alone = run_folder(tmp_path, "alone", InProcess(), fmt)
    threaded = run_folder(tmp_path, "threaded", InProcess(threads=2), fmt)
    assert folder_bytes(alone) == folder_bytes(threaded)


def test_threads_overlap_and_keep_the_order_and_the_bound():
    import threading
    import time

    lock, running, most = threading.Lock(), [0], [0]

    def task(seconds: float) -> float:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(seconds)
        with lock:
            running[0] -= 1
        return seconds

    durations = [0.05, 0.01, 0.03, 0.0, 0.02]
    done = []
    found = list(InProcess(threads=2).map(task, durations, lambda: done.append(1)))
    assert found == durations and len(done) == len(durations)
    assert most[0] == 2  # two at once, never more


def test_the_default_keeps_its_cores_busy_and_workers_1_does_not():
    from sim.ensemble.cost import Work

    csv, parquet = Work(written_weeks=1.0), Work(written_weeks=1.0, parquet=True)
    with (open_executor(work=csv) as default, open_executor(workers=1, work=csv) as one,
          open_executor(work=parquet) as encoded):
        # small work: each stays in this process; only the default CSV formats in threads
        assert isinstance(default, InProcess) and default.threads == (os.cpu_count() or 1)
        assert isinstance(one, InProcess) and one.threads == 1
        assert isinstance(encoded, InProcess) and encoded.threads == 1


def test_a_worker_killed_mid_job_loses_and_repeats_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs_module, "CHUNK_RUNS", 50)
    alone = run_folder(tmp_path, "alone", InProcess())
    with open_executor(workers=2) as executor:
        pids = executor.client.run(os.getpid)
        killed = []

        @contextmanager
        def progress(label, total):
            def tick(n):
                if not killed:  # as the first chunk is written, kill a worker outright
                    victim = sorted(pids.values())[0]
                    os.kill(victim, signal.SIGKILL)
                    killed.append(victim)
            yield tick

        disturbed = run_folder(tmp_path, "disturbed", executor, progress=progress)
    assert killed
    assert folder_bytes(alone) == folder_bytes(disturbed)


def test_claims_are_decided_the_same_on_workers(tmp_path, cluster):
    claims = select_claims(load_claims([ROOT / "claims"]), ["C1", "C4", "C7"])
    alone = evaluate(claims, reps=60, seed=2)
    spread = evaluate(claims, reps=60, seed=2, executor=cluster)
    write_claims(alone, tmp_path / "alone", ["sim", "claims"])
    write_claims(spread, tmp_path / "spread", ["sim", "claims"])
    assert folder_bytes(tmp_path / "alone") == folder_bytes(tmp_path / "spread")


def test_explorations_are_the_same_on_workers(tmp_path, monkeypatch, cluster):
    from sim.ensemble import plan as plan_module

    monkeypatch.setattr(plan_module, "PIECE_RUNS", 60)  # pieces of 3 points
    space_file = tmp_path / "space.toml"
    space_file.write_text(f'[explore]\nscenario = "{BASELINE}"\n[uncertain]\n'
                          '"world.sanctions_bite" = [0.005, 0.04]\n'
                          '"russia.production" = [0.05, 0.075]\n')
    space = load_space(space_file, points=12, reps=20)
    claims = select_claims(load_claims([ROOT / "claims"]), ["C7"])
    for name, executor in (("alone", InProcess()), ("spread", cluster)):
        write_exploration(explore(space, claims, executor=executor), tmp_path / name,
                          ["sim", "explore"])
    assert folder_bytes(tmp_path / "alone") == folder_bytes(tmp_path / "spread")


def test_the_python_api_takes_an_executor(cluster, monkeypatch):
    from sim.ensemble import runner

    monkeypatch.setattr(runner, "CHUNK_RUNS", 40)
    scenario = sim.load_scenario(BASELINE)
    alone = sim.run(scenario, reps=130, seed=4)
    spread = sim.run(scenario, reps=130, seed=4, executor=cluster)
    assert alone.summary.equals(spread.summary)
    assert alone.timeseries.equals(spread.timeseries)
    assert alone.actors_table.equals(spread.actors_table)


def test_small_jobs_stay_in_this_process_and_large_ones_use_every_core():
    from sim.ensemble.cost import Work

    assert executors.resolve_workers(None, Work(analysis_seconds=0.5)) == 1
    assert executors.resolve_workers(None, Work(analysis_seconds=600)) == (os.cpu_count() or 1)
    assert executors.resolve_workers(0, Work()) == (os.cpu_count() or 1)
    assert executors.resolve_workers(3, Work()) == 3
    jobs = plan_jobs([BASELINE], reps=200, out="results/x")
    assert jobs_module.jobs_work(jobs).seconds < executors.AUTO_SECONDS


def test_sim_run_starts_workers_only_where_two_cores_were_measured_to_pay(monkeypatch):
    """On two cores, `sim run --reps 40000` took 9.9 s in one process and 11.4 s on two
    workers with Parquet, but 26.5 s and 20.8 s with CSV (whose formatting the workers
    share): the default must choose as those did."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def chosen(reps: int, fmt: str) -> int:
        jobs = plan_jobs([BASELINE], reps=reps, out="results/x", fmt=fmt)
        return executors.resolve_workers(None, jobs_module.jobs_work(jobs))
    assert chosen(40_000, "parquet") == 1
    assert chosen(40_000, "csv") == 2
    assert chosen(400_000, "parquet") == 2


def test_sim_explore_starts_workers_only_where_two_cores_were_measured_to_pay(
        tmp_path, monkeypatch):
    """On two cores (bench/bench_peers.py's study: 4 parameters, LHS, 100 runs a point,
    PRIM and the indices), `sim explore` took 7.7 s in one process and 9.9 s on two
    workers at 1,000 points, but 20.4 s and 16.5 s at 3,000 (farm-bench, paired): the
    default must choose as those did. Its work counts the replay's weeks, as `sim run`'s
    does, and the analysis' imports that each worker pays for itself."""
    from sim.analysis.explore import prepare
    from sim.ensemble.cost import IMPORT_PRIM, IMPORT_SALIB
    from sim.scenarios.history import BRANCH_WEEK

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    space_file = write_space(tmp_path, '"world.aid_to_power" = [0.04, 0.08]\n'
                             '"russia.production" = [0.05, 0.075]\n'
                             '"world.loss_exchange_ratio" = [1.0, 2.0]\n'
                             '"world.sanctions_bite" = [0.005, 0.04]\n',
                             'method = "lhs"\nreps = 100\nseed = 1\n')

    def work(points: int):
        space = load_space(space_file, points=points)
        return space, prepare(space), prepare(space).work(space)
    space, prepared, at_1000 = work(1000)
    assert at_1000.run_weeks == 1000 * 100 * (prepared.scenario.weeks + BRANCH_WEEK)
    assert at_1000.worker_imports == IMPORT_PRIM + IMPORT_SALIB
    assert prepared.work(space, boxes=False, sensitivity=False).worker_imports == 0
    assert executors.resolve_workers(None, at_1000) == 1
    assert executors.resolve_workers(None, work(3000)[2]) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_a_quick_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_SECONDS", 1)
    result = CliRunner().invoke(main, ["claims", "--only", "C4", "-n", "10",
                                       "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "cannot connect within 1 s" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


class FakeClient:
    def __init__(self, versions):
        self.versions = versions

    def run(self, fn):
        return self.versions


def test_workers_with_another_sim_version_are_refused():
    mine = executors.versions()
    check_versions(FakeClient({"tcp://w1": mine}), "tcp://s")
    with pytest.raises(SimError, match=r"worker tcp://w2 runs sim 0\.0\.9 .* but this is sim"):
        check_versions(FakeClient({"tcp://w1": mine, "tcp://w2": ("0.0.9", mine[1])}),
                       "tcp://s")
    with pytest.raises(SimError, match="has no workers"):
        check_versions(FakeClient({}), "tcp://s")


def test_a_real_cluster_with_the_same_version_is_accepted(cluster):
    address = cluster.client.scheduler.address
    connected = executors.connect(address)
    try:
        assert connected.workers == 2
    finally:
        connected.client.close()


def test_bad_worker_counts_are_refused(tmp_path):
    for bad in ("-1", "two"):
        result = CliRunner().invoke(main, ["run", str(BASELINE), "--workers", bad,
                                           "--out", str(tmp_path / "o")])
        assert result.exit_code == 2 and "--workers" in result.output
    assert not (tmp_path / "o").exists()


# ---- Ctrl-C with workers ------------------------------------------------------------------
def _sim_program() -> list[str]:
    exe = Path(sys.executable).with_name("sim")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]


@pytest.mark.parametrize("command, said, status", [
    (["run", str(BASELINE), "-n", "60000", "--no-actors", "-q"], "Aborted!", 1),
    (["explore", str(ROOT / "scenarios/spaces/open_assumptions.toml"), "--claims",
      "--points", "64", "--reps", "100", "-q"],
     "Interrupted: the finished points are kept; continue with the same command and "
     "--resume.", 130),
])
def test_ctrl_c_with_workers_says_one_line_and_leaves_no_process(command, said, status,
                                                                 tmp_path):
    """As a terminal does: SIGINT to the whole process group, once both workers are at work
    (each reports importing Mesa as it takes its first task: Python reports imports as
    they finish, PYTHONPROFILEIMPORTTIME)."""
    with subprocess.Popen([*_sim_program(), *command, "--workers", "2", "--out",
                           str(tmp_path / "out")], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
                          env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}) as process:
        seen = 0
        for line in process.stderr:
            if line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == "mesa":
                seen += 1
                if seen == 3:  # the command itself, then each worker
                    os.killpg(process.pid, signal.SIGINT)
                    break
        err = "".join(line for line in process.stderr if not line.startswith("import time:"))
        process.wait(timeout=60)
    assert seen == 3, err
    assert process.returncode == status and err.strip() == said, err
    assert not (tmp_path / "out").exists()
    for _ in range(50):  # the workers are shut down, not left behind
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("worker processes outlived the command")
