"""The helper process that imports PRIM while `sim explore` simulates (sim/ensemble/helper.py):
the same boxes, and it never outlives, blocks or breaks the command."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from sim.analysis.discovery import PRIM_PRELOAD
from sim.ensemble import helper as helper_module
from sim.ensemble.helper import Helper, Preload, can_fork_helper, helper_for, preload_module
from sim.ensemble.tasks import Task
from sim.report.studies import explore
from sim.scenarios.space import load_space
from tests.conftest import ROOT
from tests.test_explore import SMALL, write_space

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the helper forks: Linux only")


def in_which_process(parent: int) -> str:
    return "here" if os.getpid() == parent else "helper"


def dies_in_the_helper(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(1)  # as if killed, out of memory, mid-task
    return "here"


def fails(message: str) -> None:
    raise ValueError(message)


def gone(pid: int, seconds: float = 10.0) -> bool:
    """Whether process ``pid`` has ended (or is a zombie) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def test_the_boxes_found_in_the_helper_are_those_found_here(tmp_path):
    space = load_space(write_space(tmp_path, SMALL), points=24, reps=10)
    here = explore(space, boxes=True, sensitivity=False)
    with helper_for([PRIM_PRELOAD], wanted=True) as forked:
        if forked is None:  # a test worker with other threads: fork one anyway, for the test
            forked = Helper([PRIM_PRELOAD])
        try:
            there = explore(space, boxes=True, sensitivity=False, helper=forked)
        finally:
            forked.close()
    assert here.boxes and [comparable(box) for box in here.boxes] == [
        comparable(box) for box in there.boxes]


def comparable(box) -> dict[str, str]:
    """A box's fields as text (NaN equal to NaN, tables by their values)."""
    return {f.name: (value.to_csv() if hasattr(value := getattr(box, f.name), "to_csv")
                     else repr(value)) for f in dataclasses.fields(box)}


def test_the_helper_imports_prim_without_the_rest_of_ema_workbench():
    """In a fresh process (as `sim explore` starts): the helper has PRIM, but not the
    workbench its packages' initializers would import, and PRIM works there."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from sim.analysis.discovery import PRIM_PRELOAD
        from sim.ensemble.helper import Helper
        from sim.ensemble.tasks import Task
        def loaded():
            return sorted(name for name in sys.modules if name.startswith("ema_workbench"))
        helper = Helper([PRIM_PRELOAD])
        print(" ".join(helper.submit(Task(loaded)).result()))
        print("parent", " ".join(loaded()))
        helper.close()
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    there, here = done.stdout.splitlines()
    assert "ema_workbench.analysis.prim" in there.split()
    assert "ema_workbench.em_framework.evaluators" not in there.split()
    assert "ema_workbench.analysis.cart" not in there.split()
    assert here.split() == ["parent"]  # nothing imported here: nothing bare leaks back


def test_a_bare_import_that_fails_falls_back_to_the_ordinary_one(tmp_path, monkeypatch):
    """A package whose module needs what its initializer defines: the bare import fails,
    is forgotten, and the ordinary import gives the whole package."""
    package = tmp_path / "needs_its_init"
    package.mkdir()
    (package / "__init__.py").write_text("READY = 'from the initializer'\n")
    (package / "part.py").write_text("from needs_its_init import READY\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        preload_module(Preload("needs_its_init.part", bare=("needs_its_init",)))
        assert sys.modules["needs_its_init"].READY == "from the initializer"
        assert sys.modules["needs_its_init.part"].READY == "from the initializer"
        with pytest.raises(ModuleNotFoundError):
            preload_module(Preload("needs_its_init.absent", bare=("no_such_package",)))
    finally:
        for name in ("needs_its_init", "needs_its_init.part"):
            sys.modules.pop(name, None)


def test_tasks_run_in_the_helper_and_their_errors_reach_the_caller():
    forked = Helper([])
    try:
        parent = os.getpid()
        task = Task(in_which_process, (parent,))
        assert forked.results([task], [forked.submit(task)]) == ["helper"]
        failing = Task(fails, ("the task's own error",))
        with pytest.raises(ValueError, match="the task's own error"):
            forked.results([failing], [forked.submit(failing)])
        ignored = forked.submit(Task(signal.getsignal, (signal.SIGINT,))).result()
        assert ignored == signal.SIG_IGN  # Ctrl-C is for the command, which stops it
    finally:
        forked.close()


def test_a_helper_that_dies_mid_task_is_not_fatal_its_tasks_run_here():
    forked = Helper([])
    try:
        task = Task(dies_in_the_helper, (os.getpid(),))
        assert forked.results([task], [forked.submit(task)]) == ["here"]
    finally:
        forked.close()


def test_a_helper_that_died_before_its_tasks_came_is_not_fatal_they_run_here():
    forked = Helper([])
    try:
        pid = forked.submit(Task(os.getpid)).result()
        os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would, mid-simulation
        assert gone(pid)
        task = Task(in_which_process, (os.getpid(),))
        futures, deadline = [forked.submit(task)], time.monotonic() + 20
        while futures[0] is not None and time.monotonic() < deadline:
            assert forked.results([task], futures) == ["here"]  # taken, then failed
            time.sleep(0.05)
            futures = [forked.submit(task)]
        assert futures == [None]  # the executor knows: not taken at all
        assert forked.results([task], futures) == ["here"]
    finally:
        forked.close()


def test_a_preload_that_cannot_be_imported_leaves_the_helper_working(capfd):
    forked = Helper([Preload("no_such_module_for_the_helper")])
    try:
        task = Task(in_which_process, (os.getpid(),))
        assert forked.results([task], [forked.submit(task)]) == ["helper"]
    finally:
        forked.close()
    assert "Traceback" not in capfd.readouterr().err


def test_a_ctrl_c_just_after_the_fork_does_not_reach_the_helper():
    """Ctrl-C reaches the whole process group; one that lands before the helper has set
    it aside must not end the helper with a traceback (the command alone answers it)."""
    code = textwrap.dedent(f"""
        import os, signal, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from sim.ensemble.helper import Helper
        from sim.ensemble.tasks import Task
        for _ in range(10):
            helper = Helper([])
            (pid,) = helper._pool._processes  # at once: before it can have set Ctrl-C aside
            os.kill(pid, signal.SIGINT)
            print(helper.submit(Task(os.getpid)).result() == pid, flush=True)
            helper.close()
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"] * 10 and done.stderr == ""


def test_closing_stops_a_busy_helper_at_once_and_ctrl_c_closes_it():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), helper_for([], wanted=True) as forked:
        forked = forked or Helper([])
        pid = forked.submit(Task(os.getpid)).result()
        forked.submit(Task(time.sleep, (60,)))
        raise KeyboardInterrupt
    forked.close()  # (a second close does nothing)
    assert gone(pid) and time.monotonic() - started < 20


def test_the_helper_dies_with_the_command_even_on_sigkill(tmp_path):
    code = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from sim.ensemble.helper import Helper
        from sim.ensemble.tasks import Task
        helper = Helper([])
        print(helper.submit(Task(os.getpid)).result(), flush=True)
        helper.submit(Task(time.sleep, (60,)))
        time.sleep(60)
    """)
    command = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(command.stdout.readline())
        assert not gone(pid, seconds=0.2)
        command.send_signal(signal.SIGKILL)
        command.wait(timeout=10)
        assert gone(pid)
    finally:
        command.kill()
        command.wait()
        command.stdout.close()


def test_no_helper_without_a_second_core_off_linux_or_beside_another_thread(monkeypatch):
    monkeypatch.setattr(helper_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(helper_module.os, "cpu_count", lambda: 2)
    assert can_fork_helper()
    monkeypatch.setattr(helper_module.os, "cpu_count", lambda: 1)
    assert not can_fork_helper()
    monkeypatch.setattr(helper_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(helper_module.sys, "platform", "darwin")
    assert not can_fork_helper()
    monkeypatch.undo()
    blocker = threading.Event()
    thread = threading.Thread(target=blocker.wait)
    thread.start()
    try:
        assert not can_fork_helper()
        with helper_for([], wanted=True) as forked:
            assert forked is None
    finally:
        blocker.set()
        thread.join()
    with helper_for([], wanted=False) as forked:
        assert forked is None


def test_sim_explore_writes_the_same_boxes_with_the_helper_as_without(tmp_path):
    """End to end, in fresh processes (single-threaded, so the helper is used unless
    switched off): the same boxes.csv, and nothing more said."""
    space = write_space(tmp_path, SMALL)
    args = ["explore", str(space), "--points", "24", "--reps", "10", "--no-sensitivity",
            "--no-figures", "--quiet"]
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from sim.ensemble import helper
        if sys.argv[1] == "off":
            helper.can_fork_helper = lambda: False
        from cli import main
        main(sys.argv[2:])
    """)
    for use in ("on", "off"):
        done = subprocess.run([sys.executable, "-c", code, use, *args, "--out",
                               str(tmp_path / use)], capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    assert ((tmp_path / "on" / "boxes.csv").read_bytes()
            == (tmp_path / "off" / "boxes.csv").read_bytes())
