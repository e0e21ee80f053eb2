"""Where the work runs: in this process, on local worker processes, or on a Dask cluster.

Every command splits its work into tasks that depend only on their arguments (a chunk
of runs is identified by its run keys), so the results are the same bytes wherever
the tasks run and in whatever order they finish; they are always gathered in task
order. The executor is chosen once per command:

- ``workers=1``: in this process, no Dask at all;
- ``workers=N`` (N > 1): a local Dask cluster of N processes, one thread each;
  ``workers=0``: one process per core;
- ``scheduler="tcp://host:8786"``: an existing Dask cluster (its workers must run the
  same sim and model version: checked before any work is sent);
- neither: in this process when the work is small (a local cluster costs about 2 s to
  start: :data:`AUTO_SECONDS`), else every core.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from typing import Any, Protocol

from sim.ensemble.cost import Work
from sim.errors import SimError, argument, first_line

_SCHEDULER = argument("scheduler")

#: Work (estimated seconds in one process) below which starting local worker processes
#: costs more than it saves: a local cluster takes about 1.8 s to start, import sim in
#: its workers and close (bench/bench_scaling.py).
AUTO_SECONDS = 6.0
#: Seconds to wait for a scheduler before giving up.
CONNECT_SECONDS = 5


class Executor(Protocol):
    """What the commands need of an executor."""

    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def completed(self, handles: Sequence[Any]) -> Iterator[tuple[int, Any]]: ...

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any],
            on_done: Callable[[], None] | None = None) -> Iterator[Any]: ...


class _Later:
    """An in-process task, computed when its result is first wanted (so results stream:
    a command that keeps each result as it comes holds and risks one at a time)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._task: tuple[Callable[..., Any], tuple[Any, ...]] | None = (fn, args)
        self._value: Any = None

    @property
    def value(self) -> Any:
        if self._task is not None:
            fn, args = self._task
            self._value = fn(*(_value(a) for a in args))
            self._task = None
        return self._value


def _value(arg: Any) -> Any:
    """An argument with its tasks replaced by their results (also inside lists and
    dicts, as Dask does)."""
    if isinstance(arg, _Later):
        return arg.value
    if isinstance(arg, dict):
        return {key: _value(value) for key, value in arg.items()}
    if isinstance(arg, list | tuple):
        return type(arg)(_value(value) for value in arg)
    return arg


class InProcess:
    """Runs every task here, in order, when its result is wanted.

    ``threads`` > 1 lets :meth:`map` (`sim run`'s chunks: simulating and formatting a
    chunk is mostly NumPy, which releases the GIL) keep that many tasks going at once in
    threads of this process, still yielding the results in order.
    """

    workers = 1
    description = "in this process"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Later:
        return _Later(fn, args)

    def completed(self, handles: Sequence[_Later]) -> Iterator[tuple[int, Any]]:
        for index, handle in enumerate(handles):
            yield index, handle.value

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any],
            on_done: Callable[[], None] | None = None) -> Iterator[Any]:
        items = list(items)
        if self.threads > 1 and len(items) > 1:
            yield from _threaded_map(fn, items, self.threads, on_done)
            return
        for item in items:
            result = fn(item)
            if on_done is not None:
                on_done()
            yield result


def _threaded_map(fn: Callable[[Any], Any], items: Sequence[Any], threads: int,
                  on_done: Callable[[], None] | None) -> Iterator[Any]:
    """``fn`` over ``items`` in ``threads`` threads, yielded in order, with at most
    ``threads`` tasks started and not yet yielded (memory stays bounded). Leaving early
    (Ctrl-C, an error) cancels the tasks not started; running ones finish first."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(threads, thread_name_prefix="sim-task")
    pending: deque[Any] = deque()
    try:
        source = iter(items)
        for item in source:
            pending.append(pool.submit(fn, item))
            if len(pending) == threads:
                break
        while pending:
            result = pending.popleft().result()
            for item in source:
                pending.append(pool.submit(fn, item))
                break
            if on_done is not None:
                on_done()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks as Dask futures on a cluster's workers; results gathered in task order.

    A worker that dies mid-task is replaced and its tasks are rerun by Dask (a task is
    a pure function of its arguments, so nothing is lost or counted twice). Leaving
    early (Ctrl-C, an error) cancels every task still queued.
    """

    def __init__(self, client: Any, cluster: Any = None, description: str = "") -> None:
        self.client, self.cluster = client, cluster
        self.workers = max(1, len(client.scheduler_info()["workers"]))
        self.description = description
        self._futures: list[Any] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        future = self.client.submit(fn, *args, pure=False)
        self._futures.append(future)
        return future

    def completed(self, handles: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        """(index, result) as each task finishes, in finishing order."""
        from dask.distributed import as_completed

        index = {future.key: i for i, future in enumerate(handles)}
        try:
            for future in as_completed(list(handles)):
                yield index[future.key], future.result()
        finally:
            self._cancel(handles)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any],
            on_done: Callable[[], None] | None = None) -> Iterator[Any]:
        """``fn`` over ``items`` on the workers, yielded in order; at most twice as many
        tasks in flight as there are workers, so memory stays flat on long streams."""
        from dask.distributed import as_completed

        window = 2 * self.workers
        source = iter(items)
        pending: deque[Any] = deque()
        ready: dict[str, Any] = {}
        tracker = as_completed()

        def submit_next() -> None:
            for item in source:
                future = self.client.submit(fn, item, pure=False)
                self._futures.append(future)  # close() cancels it too
                pending.append(future)
                tracker.add(future)
                return

        try:
            for _ in range(window):
                submit_next()
            while pending:
                future = next(tracker)
                ready[future.key] = future.result()
                if on_done is not None:
                    on_done()
                while pending and pending[0].key in ready:
                    value = ready.pop(pending.popleft().key)
                    submit_next()
                    yield value
        finally:
            self._cancel(pending)

    def _cancel(self, futures: Iterable[Any]) -> None:
        """Cancel the tasks not done. A generator left by a Ctrl-C may be finalized only
        after the command closed the client (which cancelled everything already): then
        there is nothing left to do, and no "Exception ignored" traceback to print."""
        if self.client.status == "running":
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        self.client.cancel(self._futures)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


#: How much faster every core must be expected to be before the default starts them.
AUTO_GAIN = 0.05


def resolve_workers(workers: int | None, work: Work) -> int:
    """How many local processes to use (1 = in this process): by default, every core when
    the work is large enough and expected to finish at least :data:`AUTO_GAIN` sooner on
    them (`sim run` writes its files here, in order, so its workers gain less)."""
    cores = os.cpu_count() or 1
    if workers is None:
        pays = work.seconds_on(cores) < (1.0 - AUTO_GAIN) * work.seconds
        return cores if work.seconds >= AUTO_SECONDS and pays else 1
    return cores if workers == 0 else workers


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None,
                  work: Work = Work()) -> Iterator[Executor]:
    """The executor for one command (closed when the command ends).

    ``work`` (what the command will do: its expected duration in this process) decides
    when neither ``workers`` nor ``scheduler`` is given.
    """
    if workers is not None and workers < 0:
        raise SimError(f"{argument('workers')} {workers}: allowed: 0 (every core), 1 (this "
                       "process) "
                       "or more")
    with ExitStack() as stack:
        if scheduler is not None:
            executor: Executor = connect(scheduler)
        else:
            count = resolve_workers(workers, work)
            # by default, CSV formatting kept in this process overlaps the simulation
            threads = (os.cpu_count() or 1) if workers is None and work.formats_csv else 1
            executor = InProcess(threads) if count <= 1 else start_local(count)
        if isinstance(executor, DaskExecutor):
            stack.callback(executor.close)
        yield executor


#: Housekeeping that Dask's workers and nannies do many times a second (memory and
#: system monitors, event-loop ticks). On a machine with as many workers as cores it
#: takes CPU from the tasks; once a second is plenty for jobs of seconds to hours.
_QUIET_WORKERS = {"distributed.worker.memory.monitor-interval": "1s",
                  "distributed.admin.system-monitor.interval": "2s",
                  "distributed.admin.tick.interval": "1s"}


def start_local(count: int) -> DaskExecutor:
    """A local cluster of ``count`` worker processes with one thread each."""
    import dask
    from dask.distributed import Client, LocalCluster

    # Dask starts workers with MALLOC_TRIM_THRESHOLD_ set; setting it at all turns off
    # glibc's dynamic mmap threshold, so every large NumPy temporary becomes a fresh
    # mmap and page faults: the model ran 2.4x slower in workers than here.
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    # The workers' statistical profiler samples every thread's stack every 10 ms: in a
    # model that spends its time in short NumPy calls from Python that costs about 10%.
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                          "distributed.worker.profile.enabled": False,
                          **_QUIET_WORKERS}):
        # No dashboard; the scheduler's small HTTP server on any free port (two
        # commands at once must not fight over the usual 8787). Workers log only what is
        # critical: a task's error reaches the command as its exception, and the rest
        # (a heartbeat missing a scheduler that is shutting down) would only alarm.
        with closed_if_interrupted():
            cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL,
                                   scheduler_kwargs={"dashboard": False,
                                                     "dashboard_address": "127.0.0.1:0"})
            return DaskExecutor(Client(cluster), cluster, f"{count} local worker processes")


@contextmanager
def closed_if_interrupted() -> Iterator[None]:
    """Close, quietly, a local cluster that a Ctrl-C (or an error) left half started.

    Dask's exit hook would otherwise try to close it and fail on its half-made workers
    with a traceback after the command's "Aborted!".
    """
    from distributed.deploy.spec import SpecCluster

    before = set(SpecCluster._instances)
    try:
        yield
    except BaseException:
        for cluster in set(SpecCluster._instances) - before:
            cluster.shutdown_on_close = False  # the exit hook leaves it alone
            with suppress(Exception):
                cluster.close(timeout=5)
        raise


def connect(address: str) -> DaskExecutor:
    """An existing cluster, after checking its workers run this sim and model version."""
    from dask.distributed import Client

    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s")
    except Exception as exc:  # noqa: BLE001 - Dask raises many kinds; each is one line
        raise SimError(f"{_SCHEDULER} {address}: cannot connect within {CONNECT_SECONDS} s "
                       f"({first_line(exc)}); start one with `dask scheduler` and "
                       f"`dask worker ADDRESS`, or drop {_SCHEDULER}") from None
    try:
        check_versions(client, address)
    except BaseException:
        client.close()
        raise
    return DaskExecutor(client, None, f"the Dask cluster at {address}")


def versions() -> tuple[str, str]:
    """This process's sim version (as installed) and model version (the numbers depend
    on both)."""
    from importlib import metadata

    from sim.model import MODEL_VERSION

    try:
        installed = metadata.version("sim")
    except metadata.PackageNotFoundError:
        installed = "not installed"
    return installed, MODEL_VERSION


def check_versions(client: Any, address: str) -> None:
    """Refuse a cluster whose workers run another sim or model version (or none)."""
    found = client.run(versions)
    if not found:
        raise SimError(f"{_SCHEDULER} {address}: the cluster has no workers; start some with "
                       f"`dask worker {address}`")
    mine = versions()
    for worker, theirs in sorted(found.items()):
        if tuple(theirs) != mine:
            raise SimError(f"{_SCHEDULER} {address}: worker {worker} runs sim {theirs[0]} "
                           f"(model {theirs[1]}) but this is sim {mine[0]} (model {mine[1]}); "
                           "install the same sim on the workers")

