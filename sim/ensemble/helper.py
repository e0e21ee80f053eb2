"""A helper process that imports a slow library while this process works, then runs the
tasks that need it.

Some analyses cost more to import than a small study takes to simulate: EMA Workbench's
PRIM takes about 2.5 s to import here, against 0.35 s to simulate 60 points x 100 runs.
On a machine with a second core, `sim explore` forks one helper process when it knows it
will find boxes; the helper imports PRIM while this process simulates and computes the
sensitivity indices, then finds the boxes (docs/performance.md).

Most of that import is not PRIM: ``import ema_workbench.analysis.prim`` first runs the
initializers of ``ema_workbench`` and ``ema_workbench.analysis``, which import the whole
workbench (evaluators, optimisers, CART, logistic regression, plots; its method logger
then inspects the stack and scans every loaded module for each class). A
:class:`Preload` can name such packages ``bare``: the helper imports the module beneath
them without running their initializers (0.9 s instead of 2.5 s here). That is sound
only where the initializers just import (as EMA Workbench 3's do) and the tasks reach
the module directly; it is done only in the helper, whose sole job is those tasks, so no
other code ever sees the bare packages; and if the bare import fails, the helper imports
the module the ordinary way.

The helper is a one-process :class:`concurrent.futures.ProcessPoolExecutor` started by
``fork`` (so it has sim already imported, and starts in milliseconds), only on Linux,
only with a second core and only from a process with no other Python threads (a fork
copies just the forking thread; another thread's locks would stay held in the child).
Native threads are not counted: OpenBLAS's and jemalloc's background threads may be
running, and Python then warns (a DeprecationWarning, hidden by default) that forking a
multi-threaded process may deadlock; both libraries reset their state in the child
through fork handlers, which is what makes forking beside them safe.
A task is a pure function of its arguments, so it gives the same result there as here.
The helper ignores Ctrl-C (this process decides, and stops it; Ctrl-C is blocked over
the fork so that it cannot reach the helper before it ignores it), dies with this
process (even on SIGKILL: ``PR_SET_PDEATHSIG``), and a helper that died, before or
during its tasks, is not fatal: the tasks run here instead. A preload that fails to
import is not fatal either: the tasks import what they need themselves.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.machinery
import importlib.util
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from sim.ensemble.tasks import Task

#: Linux's prctl option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Preload:
    """A module for the helper to import before its tasks: ``module``, and the packages
    above it (outermost first) to import ``bare``, without running their initializers."""

    module: str
    bare: tuple[str, ...] = ()


def can_fork_helper() -> bool:
    """Whether a helper would pay and is safe here: Linux (fork is the safe, fast start
    there), a second core for it, and no other Python thread in this process."""
    return (sys.platform == "linux" and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1)


class Helper:
    """One forked process, its libraries imported, running the tasks given to it."""

    def __init__(self, preloads: Sequence[Preload]) -> None:
        import multiprocessing

        self._pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"),
                                         initializer=_prepare,
                                         initargs=(tuple(preloads), os.getpid()))
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:  # the first task forks the helper now (in this thread): imports start
                self._pool.submit(os.getpid)
            finally:  # a Ctrl-C that came meanwhile is raised here, by the unblocking
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        except BaseException:
            self.close()
            raise

    def submit(self, task: Task) -> Future | None:
        """``task`` run in the helper (it waits for the helper's imports), or None if the
        helper is gone (then :meth:`results` runs it here)."""
        try:
            return self._pool.submit(task.fn, *task.args)
        except (BrokenProcessPool, RuntimeError):  # died (killed, out of memory), or closed
            return None

    def results(self, tasks: Sequence[Task], futures: Sequence[Future | None]) -> list[Any]:
        """The tasks' results, in order; a task the helper could not take or finish
        because it died (killed, out of memory) is run here instead. A task's own error
        is raised."""
        return [self._result(task, future)
                for task, future in zip(tasks, futures, strict=True)]

    @staticmethod
    def _result(task: Task, future: Future | None) -> Any:
        if future is not None:
            with suppress(BrokenProcessPool):
                return future.result()
        return task.fn(*task.args)

    def close(self) -> None:
        """Stop the helper at once, whatever it is doing (its results are in, or not
        wanted)."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        for process in processes:  # the executor has no public way to stop a busy worker
            with suppress(OSError, ValueError, AttributeError):
                process.kill()
                process.join(timeout=5)
        # Then wait for the executor's own thread, which sees the helper gone at once: left
        # running, it could close its wake-up pipe while Python's exit writes to it
        # ("Exception ignored on threading shutdown ... Bad file descriptor", 1 in 25).
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def helper_for(preloads: Sequence[Preload], wanted: bool) -> Iterator[Helper | None]:
    """A :class:`Helper` importing ``preloads`` when ``wanted`` and :func:`can_fork_helper`
    (else None: run the tasks here), stopped when the block ends."""
    if not (wanted and can_fork_helper()):
        yield None
        return
    helper = Helper(preloads)
    try:
        yield helper
    finally:
        helper.close()


def _prepare(preloads: tuple[Preload, ...], parent: int) -> None:
    """In the helper, first: ignore Ctrl-C, die with the ``parent``, import ``preloads``
    (one that fails is skipped: a task that needs it imports it, and says why not)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (a Ctrl-C pending since the fork is
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # dropped with it)
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench warns of optional extras missing
        for preload in preloads:
            with suppress(Exception):
                preload_module(preload)


def preload_module(preload: Preload) -> None:
    """Import ``preload.module``, its ``bare`` packages without their initializers if
    none of them is imported yet; should that fail, forget what it imported and import
    the module the ordinary way (which raises if the module cannot be imported at all)."""
    if preload.bare and not any(name in sys.modules for name in preload.bare):
        before = set(sys.modules)
        try:
            for name in preload.bare:
                _import_bare(name)
            importlib.import_module(preload.module)
            return
        except Exception:  # noqa: BLE001 - any failure: the ordinary import decides
            root = preload.bare[0]
            for name in set(sys.modules) - before:
                if name == root or name.startswith(root + "."):
                    del sys.modules[name]
    importlib.import_module(preload.module)


def _import_bare(name: str) -> None:
    """Package ``name`` in ``sys.modules`` as a module whose submodules can be imported,
    without running its ``__init__``."""
    parent, _, leaf = name.rpartition(".")
    spec = importlib.machinery.PathFinder.find_spec(
        name, sys.modules[parent].__path__ if parent else None)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"no package {name}")
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    if parent:
        setattr(sys.modules[parent], leaf, package)
