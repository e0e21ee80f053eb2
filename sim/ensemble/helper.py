"""A helper process that imports a slow library while this process works, then runs the
tasks that need it.

Some analyses cost more to import than a small study takes to simulate: EMA Workbench's
PRIM takes about 1.8 s to import here (its method logger inspects the whole stack, and
scans every loaded module, for each class it defines), against 0.55 s to simulate 60
points x 100 runs. On a machine with a second core, `sim explore` forks one helper
process when it knows it will find boxes; the helper imports EMA Workbench while this
process simulates and computes the sensitivity indices, then finds the boxes
(docs/performance.md: 60 points end to end in 0.75x the time).

The helper is a one-process :class:`concurrent.futures.ProcessPoolExecutor` started by
``fork`` (so it has sim already imported, and starts in milliseconds), only on Linux,
only with a second core and only from a process with no other Python threads (a fork
copies just the forking thread; another thread's locks would stay held in the child).
A task is a pure function of its arguments, so it gives the same result there as here.
The helper ignores Ctrl-C (this process decides, and stops it), dies with this process
(even on SIGKILL: ``PR_SET_PDEATHSIG``), and a helper that dies mid-task is not fatal:
its tasks are run here instead.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Any

from sim.ensemble.tasks import Task

#: Linux's prctl option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def can_fork_helper() -> bool:
    """Whether a helper would pay and is safe here: Linux (fork is the safe, fast start
    there), a second core for it, and no other Python thread in this process."""
    return (sys.platform == "linux" and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1)


class Helper:
    """One forked process, its libraries imported, running the tasks given to it."""

    def __init__(self, modules: Sequence[str]) -> None:
        import multiprocessing

        self._pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"),
                                         initializer=_prepare,
                                         initargs=(tuple(modules), os.getpid()))
        self._pool.submit(os.getpid)  # the first task forks the helper now: imports start

    def submit(self, task: Task) -> Future:
        """``task`` run in the helper (it waits for the helper's imports)."""
        return self._pool.submit(task.fn, *task.args)

    def results(self, tasks: Sequence[Task], futures: Sequence[Future]) -> list[Any]:
        """The tasks' results, in order; a task the helper could not finish because it
        died (killed, out of memory) is run here instead. A task's own error is raised."""
        results = []
        for task, future in zip(tasks, futures, strict=True):
            try:
                results.append(future.result())
            except BrokenProcessPool:
                results.append(task.fn(*task.args))
        return results

    def close(self) -> None:
        """Stop the helper at once, whatever it is doing (its results are in, or not
        wanted)."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # the executor has no public way to stop a busy worker
            with suppress(OSError, ValueError, AttributeError):
                process.kill()
                process.join(timeout=5)


@contextmanager
def helper_for(modules: Sequence[str], wanted: bool) -> Iterator[Helper | None]:
    """A :class:`Helper` importing ``modules`` when ``wanted`` and :func:`can_fork_helper`
    (else None: run the tasks here), stopped when the block ends."""
    if not (wanted and can_fork_helper()):
        yield None
        return
    helper = Helper(modules)
    try:
        yield helper
    finally:
        helper.close()


def _prepare(modules: tuple[str, ...], parent: int) -> None:
    """In the helper, first: ignore Ctrl-C, die with the ``parent``, import ``modules``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench warns of optional extras missing
        for module in modules:
            importlib.import_module(module)
