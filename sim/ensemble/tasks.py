"""Work described as data: what a task computes, what a sink decides from its sources, a
piece of a long job. The analysis describes its work with these; :mod:`sim.ensemble.schedule`
and :mod:`sim.ensemble.pieces` run it (anywhere: functions and arguments must pickle)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Task:
    """``fn(*args)``: a pure function of its arguments, so it gives the same result in any
    process."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Sink(Task):
    """``fn(*args, {name: source's result})``, once the sources it needs are done."""

    needs: Mapping[str, Hashable] = field(default_factory=dict)


@dataclass(frozen=True)
class PieceWork:
    """One piece of a long job: its runs' tasks (by name), the decision made from their
    results (called as ``decide.fn(*decide.args, {name: result})``), and what a kept piece
    must look like to be trusted (``whole``)."""

    number: int
    runs: int
    simulate: Mapping[str, Task]
    decide: Task
    whole: Callable[[dict[str, np.ndarray]], bool] | None = None
    points: int = 1  # the points of the job it covers
