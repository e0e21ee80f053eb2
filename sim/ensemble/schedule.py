"""Running work as tasks: sources (sets of runs) feeding sinks (what is decided from
them), on any executor, gathered in order.

Every command's work has this shape: `sim claims` runs each distinct arm once (a
source) and decides each claim from its arms' runs (a sink); `sim explore` runs each
scenario at a piece of points (a source) and decides the piece (a sink). A sink starts
as soon as its sources are done, so on a cluster deciding overlaps simulating.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from sim.ensemble.executors import Executor
from sim.ensemble.tasks import Sink, Task


def fan_in(executor: Executor, sources: Mapping[Hashable, Task], sinks: Sequence[Sink],
           on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """Every sink's result, in the sinks' order; each source runs once, however many
    sinks need it. ``on_done(index, result)`` hears each sink as it finishes (in
    finishing order: keep a result there, say, before the next one comes).

    Sources are submitted as the first sink that needs them is, so on a cluster the
    first sinks finish first (and are kept first) rather than after every source.
    """
    started: dict[Hashable, Any] = {}
    handles = []
    for sink in sinks:
        for key in sink.needs.values():
            if key not in started:
                started[key] = executor.submit(sources[key].fn, *sources[key].args)
        handles.append(executor.submit(sink.fn, *sink.args,
                                       {name: started[key] for name, key in sink.needs.items()}))
    return gather(executor, handles, on_done)


def gather(executor: Executor, handles: Sequence[Any],
           on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """The tasks' results, in task order (``on_done`` hears each as it finishes)."""
    results: list[Any] = [None] * len(handles)
    for index, result in executor.completed(handles):
        results[index] = result
        if on_done is not None:
            on_done(index, result)
    return results


def run_tasks(executor: Executor, tasks: Sequence[Task]) -> list[Any]:
    """Independent tasks, submitted in order (put the longest first, so workers end
    together), their results in the same order."""
    return gather(executor, [executor.submit(task.fn, *task.args) for task in tasks])
